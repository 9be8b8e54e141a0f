#!/usr/bin/env bash
# The API fuzzer: schemathesis from PyPI, in its own venv (target/fuzz/venv), for the
# test that runs it against a server of the sample corpus (tests/it/api_fuzz.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/fuzz/venv
version=4.32.5
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

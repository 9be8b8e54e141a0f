#!/usr/bin/env bash
# Installs the Debian packages the insight bank needs, when their command is missing:
#   bash scripts/packages.sh pdftotext:poppler-utils chromium:chromium
# Each argument is COMMAND:PACKAGE. As root it runs apt-get; otherwise it says what to
# install and fails, so nothing is half set up.
set -euo pipefail
missing=()
for pair in "$@"; do
  command="${pair%%:*}"
  package="${pair#*:}"
  command -v "$command" >/dev/null 2>&1 || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "missing Debian packages: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

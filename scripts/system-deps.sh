#!/usr/bin/env bash
# Debian packages the test suite needs: chromium for the browser tests, PostgreSQL for the second
# database. Installs only what is missing; needs root (CI runs as root).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && { echo "System packages present: chromium, postgresql"; exit 0; }
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

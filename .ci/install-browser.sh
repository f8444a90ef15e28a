#!/usr/bin/env bash
# Debian's Chromium for the report test (playwright-core drives it via executablePath; nothing is downloaded by
# playwright itself). Skipped when a chromium binary is already there.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then echo "install-browser: not root, skipping chromium install" >&2; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
chromium --version

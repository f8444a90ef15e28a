#!/usr/bin/env bash
# Debian packages the tests use when present and CI must have: Chromium for the report and playground tests
# (playwright-core drives it via executablePath; nothing is downloaded by playwright itself) and Prometheus' promtool
# (package prometheus) for the OpenMetrics import and the rule-test cross-checks. Each is skipped when already there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
if [ "${#need[@]}" -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then echo "install-tools: not root, skipping ${need[*]}" >&2; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
chromium --version
promtool --version | head -1

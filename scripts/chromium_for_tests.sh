#!/usr/bin/env bash
# Print the path of a headless-capable Chromium for the browser tests (tests_py/test_browser.py),
# installing Debian's `chromium` package when it is missing (needs root, as in CI; the same way
# scripts/pg_test_cluster.sh installs PostgreSQL). Playwright drives this binary through its
# executable_path: no browser is ever downloaded (`playwright install` is not used).
# LEADWH_CHROMIUM may name another binary.
set -euo pipefail

log() { echo "chromium_for_tests: $*" >&2; }

if [ -n "${LEADWH_CHROMIUM:-}" ]; then
    command -v "$LEADWH_CHROMIUM"
    exit 0
fi

if ! command -v chromium >/dev/null 2>&1; then
    log "chromium not installed: installing from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi

# Debian's /usr/bin/chromium is a wrapper script; the browser binary sits beside it.
for candidate in /usr/lib/chromium/chromium "$(command -v chromium)"; do
    if [ -x "$candidate" ]; then
        log "using $candidate ($("$candidate" --version 2>/dev/null || true))"
        echo "$candidate"
        exit 0
    fi
done
log "no chromium binary found after install"
exit 1

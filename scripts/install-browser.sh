#!/usr/bin/env bash
# Install Debian's chromium for the browser test of the interactive HTML pictures.
# Does nothing when a chromium is already there. Exits non-zero, saying why, when
# it cannot install one (not root, no apt-get, no package source).
# Usage: scripts/install-browser.sh        (prints the browser's path on success)
set -euo pipefail

for candidate in "${ALIGNKG_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
        echo "$candidate"
        exit 0
    fi
done

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no chromium and no apt-get to install it" >&2
    exit 1
fi
if [ "$(id -u)" != "0" ]; then
    echo "install-browser: no chromium, and installing it needs root (apt-get install chromium)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium fonts-dejavu-core >&2
echo /usr/bin/chromium

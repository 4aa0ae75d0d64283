#!/usr/bin/env bash
# Install Debian's Virtuoso (virtuoso-t and isql-vt only, no system service) for the
# tests that use it as an external SPARQL store. Does nothing when it is already there.
# Exits non-zero, saying why, when it cannot install it (not root, no apt-get).
# Usage: scripts/install-virtuoso.sh        (prints the virtuoso-t path on success)
set -euo pipefail

if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    command -v virtuoso-t
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-virtuoso: no virtuoso-t and no apt-get to install it" >&2
    exit 1
fi
if [ "$(id -u)" != "0" ]; then
    echo "install-virtuoso: no virtuoso-t, and installing it needs root (apt-get install virtuoso-opensource-7-bin)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq virtuoso-opensource-7-bin >&2 || { apt-get update -qq >&2 && apt-get install -y -qq virtuoso-opensource-7-bin >&2; }
command -v virtuoso-t

#!/usr/bin/env bash
# Prepares the browser test in a work directory: Debian's chromium and playwright-core (npm ci).
# Usage: setup.sh <work-dir>   (package.json, package-lock.json and overview.mjs are copied there first)
# Exit codes: 0 ready; 2 node/npm missing; 3 chromium missing and not installable; 4 npm ci failed.
set -euo pipefail
work="$1"
chromium=/usr/bin/chromium

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "BROWSER TEST SETUP: node and npm are required (Debian: apt-get install -y nodejs npm)" >&2
  exit 2
fi

if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "BROWSER TEST SETUP: $chromium missing; installing Debian's chromium with apt-get…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || true
    apt-get install -y -qq chromium >&2 || true
  fi
  if [ ! -x "$chromium" ]; then
    echo "BROWSER TEST SETUP: $chromium is missing and could not be installed: run 'apt-get install -y chromium' as root" >&2
    exit 3
  fi
fi

cd "$work"
# playwright-core ships no browser and downloads none; the lock pins its version and integrity
if ! npm ci --no-audit --no-fund --ignore-scripts >&2; then
  echo "BROWSER TEST SETUP: npm ci failed in $work" >&2
  exit 4
fi
echo "BROWSER TEST SETUP: ready ($("$chromium" --version 2>/dev/null || echo chromium), playwright-core $(node -p "require('./node_modules/playwright-core/package.json').version"))" >&2

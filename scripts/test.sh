#!/usr/bin/env bash
# Installs, builds and runs every test that needs no GPU. Usage: scripts/test.sh [BUILD_DIR [CMAKE_ARGS...]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-$root/build}"
"$root/scripts/build.sh" "$@"
ctest --test-dir "$build_dir" -LE gpu --output-on-failure -j "$(nproc)"

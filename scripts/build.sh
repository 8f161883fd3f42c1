#!/usr/bin/env bash
# Configures and builds bpgen in build/ (or $BPGEN_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
build="${BPGEN_BUILD_DIR:-build}"
cmake -S . -B "$build" -G Ninja ${BPGEN_CMAKE_ARGS:-} >/dev/null
cmake --build "$build"

#!/usr/bin/env bash
# The whole test suite: install what is missing, build, and run every lit
# suite through ctest.  The last line is ctest's summary.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! bash scripts/build.sh; then
  echo "0% tests passed, 1 tests failed out of 1 (the build failed)"
  exit 1
fi
build="${BPGEN_BUILD_DIR:-build}"
ctest --test-dir "$build" --output-on-failure 2>&1 | tee "$build/ctest.log"
status=${PIPESTATUS[0]}
summary=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$build/ctest.log" | tail -n 1)
echo "${summary:-0% tests passed, 1 tests failed out of 1 (ctest did not run)}"
exit "$status"

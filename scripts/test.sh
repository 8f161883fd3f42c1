#!/usr/bin/env bash
# The whole test suite: install what is missing, build, and run every lit
# suite through ctest; then build again with AddressSanitizer and UBSan
# (bpgen, libbpgen and every generated gradient the tests compile) and run
# the suites again, but for the random programs, which compile with the
# sanitizers already.  BPGEN_TEST_SANITIZE=0 skips the second pass.
# The last line is ctest's summary, over both passes.
set -uo pipefail
cd "$(dirname "$0")/.."

build="${BPGEN_BUILD_DIR:-build}"
asan="${BPGEN_ASAN_BUILD_DIR:-$build-asan}"
passed=0 total=0 status=0

# run_pass DIR CMAKE_ARGS CTEST_ARGS...: build in DIR, run ctest, count.
run_pass() {
  local dir=$1 args=$2
  shift 2
  if ! BPGEN_BUILD_DIR="$dir" BPGEN_CMAKE_ARGS="$args" bash scripts/build.sh; then
    echo "the build in $dir failed"
    total=$((total + 1)) status=1
    return
  fi
  ctest --test-dir "$dir" --output-on-failure "$@" 2>&1 | tee "$dir/ctest.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$dir/ctest.log" | tail -n 1)
  if [ -z "$line" ]; then
    total=$((total + 1)) status=1
    return
  fi
  local failed all
  failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
  all=$(sed -E 's/.* tests failed out of ([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + all - failed)) total=$((total + all))
}

run_pass "$build" "${BPGEN_CMAKE_ARGS:-}"
if [ "${BPGEN_TEST_SANITIZE:-1}" != 0 ]; then
  echo
  echo "== again under AddressSanitizer and UBSan ($asan)"
  run_pass "$asan" "-DBPGEN_SANITIZE=ON" -E lit-fuzz
fi

[ "$total" -gt 0 ] || total=1
echo "$((100 * passed / total))% tests passed, $((total - passed)) tests failed out of $total"
exit "$status"

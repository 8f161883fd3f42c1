#!/usr/bin/env bash
# The front-door fuzzer (tests/fuzz/frontdoor/fuzz_bpgen.c): libFuzzer feeds
# arbitrary bytes to bpgen as model.c, in process, under ASan and UBSan,
# for SECONDS (default 3600), one job.
#
#   scripts/fuzz-frontdoor.sh [SECONDS] [libFuzzer options...]
#
# It installs clang-19 and libFuzzer's runtime if missing, builds only the
# harness in build-fuzz/ ($BPGEN_FUZZ_BUILD_DIR) with clang-19 and
# -DBPGEN_FUZZ=ON, and fuzzes in fork mode, so that a finding is saved and
# the run goes on.  The corpus grows in build-fuzz/frontdoor/corpus, kept
# from run to run, from seeds: every .c of tests/ and examples/ (their //
# lines taken out) and the corner cases of tests/fuzz/frontdoor/corners.py.
# Findings (crash-*, timeout-*: over 5 s, oom-*: over 2 GB, leak-*) land in
# build-fuzz/frontdoor/findings/.  $BPGEN_FUZZ_ARGS adds bpgen options:
# --emit=ssa, --emit=dot or --line-directives (not --at, with which a
# model can cause a usage error).  Then:
#
#   build-fuzz/bin/fuzz_bpgen FILE                  # replay, with the report
#   build-fuzz/bin/fuzz_bpgen -minimize_crash=1 -runs=20000 -exact_artifact_path=min.c FILE
#
# and a finding kept goes to tests/fuzz/frontdoor/findings/, which
# tests/fuzz/frontdoor/frontdoor.test replays in a -DBPGEN_FUZZ=ON build.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-3600}"
[ $# -gt 0 ] && shift
build="${BPGEN_FUZZ_BUILD_DIR:-build-fuzz}"
here=tests/fuzz/frontdoor

BPGEN_DEPS_EXTRA="clang-19 libclang-rt-19-dev" bash scripts/deps.sh
cmake -S . -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang-19 -DBPGEN_FUZZ=ON >/dev/null
cmake --build "$build" --target fuzz_bpgen

work="$build/frontdoor"
mkdir -p "$work/corpus" "$work/seeds" "$work/findings"
find tests examples -name '*.c' -exec cp --parents {} "$work/seeds" \;
# Without their RUN and CHECK lines, so that mutations fall on the code.
find "$work/seeds" -name '*.c' -exec sed -i '/^[[:space:]]*\/\//d' {} +
python3 "$here/corners.py" "$work/seeds/corners"

"$build/bin/fuzz_bpgen" "$work/corpus" "$work/seeds" \
  -dict="$here/bpgen.dict" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$work/findings/" "$@"

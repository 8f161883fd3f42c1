#!/usr/bin/env bash
# Builds bpgen and its benchmarks (optimised) and runs them: gradient time
# over primal time, measured in one run.  Single-threaded BLAS.
set -euo pipefail
cd "$(dirname "$0")/.."
export BPGEN_BUILD_DIR="${BPGEN_BUILD_DIR:-build-bench}"
export BPGEN_CMAKE_ARGS="-DCMAKE_BUILD_TYPE=Release"
bash scripts/build.sh >/dev/null
export OPENBLAS_NUM_THREADS=1
echo "== loops (bench/loops), $(nproc) cores"
"$BPGEN_BUILD_DIR/bench/loops/bench_loops"
echo
echo "== ADBench models (bench/real), $(nproc) cores"
"$BPGEN_BUILD_DIR/bench/real/bench_real"
echo
echo "== two-layer classifier at MNIST size (bench/mlp), $(nproc) cores"
"$BPGEN_BUILD_DIR/bench/mlp/bench_mlp"

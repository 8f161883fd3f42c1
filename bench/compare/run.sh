#!/usr/bin/env bash
# bench/compare/run.sh: bpgen against what a user would pick instead, in
# one run (issue 7).  Installs what it needs (as root, with apt-get),
# builds bpgen (Release, in build-bench), installs it into
# build-bench/compare/prefix and builds the comparison (CMakeLists.txt)
# against that, as a user's project would, then times each problem of
# problems.c with every tool:
#
#   compare_c        the C primal of examples/, bpgen's gradient, the
#                    hand-written gradient, central finite differences
#   compare_adolc    the same objective on ADOL-C's adouble, retaped every
#                    call and with its tape reused (one process a problem)
#   torch_bench.py   the same objective in torch ops, loss.backward()
#   callgrind        the instructions of one primal and one gradient call,
#                    and where the gradient's go (profile.py)
#
# Each driver times the C primal and bpgen's gradient in the same rounds as
# its own tool, so every ratio compares calls made moments apart.  Then
# report.py prints the table, the gradients' agreement, the goals met and
# missed, and writes results.csv, table.md and bench.png in
# build-bench/compare/out, and the plot again to doc/bench.png, the
# README's.  One BLAS thread and one torch thread: the ratios do not
# depend on free cores.  A tool that cannot be installed or imported is
# skipped with the reason, and the rest runs.  Two to three minutes on 2
# cores from a fresh clone, apt-get aside.
#
#   bash bench/compare/run.sh [ID ...]     (IDs as in problems.c; default all)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build="${BPGEN_BUILD_DIR:-build-bench}"
out="$build/compare/out"
ids=("$@")
[ ${#ids[@]} -eq 0 ] && ids=(gmm_d10 gmm_d64 ba lstm_small lstm_large mlp neuron logistic)
start=$SECONDS

# Debian packages: each one installed on its own, so that one missing from
# the archive costs only its tool.
install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "not root: install them with: sudo apt-get install ${missing[*]}" >&2
    return 0
  fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  for p in "${missing[@]}"; do
    apt-get install -y -qq --no-install-recommends "$p" >/dev/null ||
      echo "cannot install $p: its part of the comparison is skipped" >&2
  done
}

echo "== building (bpgen in $build, the comparison in $build/compare)"
BPGEN_BUILD_DIR="$build" BPGEN_CMAKE_ARGS="-DCMAKE_BUILD_TYPE=Release" \
  bash scripts/build.sh >/dev/null
install_missing g++ libadolc-dev python3-torch python3-numpy python3-matplotlib valgrind
cmake --install "$build" --prefix "$build/compare/prefix" >/dev/null
cmake -S bench/compare -B "$build/compare" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -Dbpgen_DIR="$root/$build/compare/prefix/lib/cmake/bpgen" >/dev/null
cmake --build "$build/compare" >/dev/null
rm -rf "$out"
mkdir -p "$out"
cores=$(getconf _NPROCESSORS_ONLN)     # before OMP_NUM_THREADS, which nproc obeys
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

{
  echo "machine: $cores cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GB;" \
       "BLAS: OpenBLAS, OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS; torch: 1 thread"
  echo "compilers: $(gcc --version | head -1), -O2; bpgen $(git describe --always --dirty 2>/dev/null || echo '?')"
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (timings drift with load; instruction counts do not)"
} >"$out/machine.txt"
cat "$out/machine.txt"

echo
echo "== C: primal, bpgen, hand-written, finite differences (compare_c)"
"$build/compare/compare_c" "$out" "${ids[@]}" || echo "compare_c: a gradient disagrees" >&2

echo
if [ -x "$build/compare/compare_adolc" ]; then
  echo "== ADOL-C $(dpkg-query -W -f='${Version}' libadolc-dev) (compare_adolc)"
  # One process per problem: ADOL-C's global state (its store of
  # locations) keeps the size of the largest tape, and every later sweep
  # pays for it.  The first, untuned taping of a large problem spills to
  # files in adolc-tapes.
  mkdir -p "$out/adolc-tapes"
  for id in "${ids[@]}"; do
    (cd "$out/adolc-tapes" && "$root/$build/compare/compare_adolc" ../adolc.csv "$id") ||
      echo "compare_adolc $id failed: no ADOL-C numbers for it" >&2
  done
  rm -rf "$out/adolc-tapes"
else
  echo "== ADOL-C: skipped, compare_adolc not built (Debian package libadolc-dev missing)"
fi

echo
if why=$(/usr/bin/python3 -c 'import torch, numpy' 2>&1); then
  echo "== PyTorch (torch_bench.py)"
  /usr/bin/python3 bench/compare/torch_bench.py "$build/compare/libcompare_problems.so" \
    "$out/data" "$out/torch.csv" "${ids[@]}" ||
    echo "torch_bench.py failed: no PyTorch numbers" >&2
else
  echo "== PyTorch: skipped, /usr/bin/python3 cannot import torch: ${why##*$'\n'}"
fi

echo
if command -v valgrind >/dev/null; then
  echo "== instructions (valgrind --tool=callgrind), two at a time"
  mkdir -p "$out/callgrind"
  for id in "${ids[@]}"; do printf '%s primal\n%s bpgen\n' "$id" "$id"; done |
    xargs -P 2 -n 2 sh -c 'valgrind --tool=callgrind --collect-atstart=no --compress-strings=no \
      --compress-pos=no --callgrind-out-file="$0/callgrind/$2.$3" "$1" --once "$2" "$3" \
      2>"$0/callgrind/$2.$3.log"' "$out" "$root/$build/compare/compare_c"
  specs=()
  for id in "${ids[@]}"; do specs+=("$id:$out/callgrind/$id.primal:$out/callgrind/$id.bpgen"); done
  /usr/bin/python3 bench/compare/profile.py "$out/profile.csv" "${specs[@]}"
else
  echo "== instructions: skipped, no valgrind"
fi

echo
echo "== report"
/usr/bin/python3 bench/compare/report.py "$out" doc/bench.png
echo "(the whole run: $((SECONDS - start)) s)"

#!/usr/bin/env bash
# The main job, end to end: install what is missing, build bpgen, run it on
# the sigmoid-neuron example of the lecture notes, and run the program that
# uses the generated gradient.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build="${BPGEN_BUILD_DIR:-build}"
echo
echo "== bpgen examples/neuron/neuron.c -o $build/examples/neuron/neuron_grad.c"
sed -n '/^double neuron_grad/,/^}/p' "$build/examples/neuron/neuron_grad.c"
echo
echo "== $build/examples/neuron/neuron"
"$build/examples/neuron/neuron"

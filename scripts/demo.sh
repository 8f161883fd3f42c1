#!/usr/bin/env bash
# The main job, end to end: install what is missing, build bpgen, and show
# what it does to the two-layer classifier of examples/mlp (written with
# libbpgen's matrix primitives): the gradient it generated in the build,
# then the program that trains the network with it on the spiral data.
# The sigmoid neuron of the lecture notes (examples/neuron) runs last.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build="${BPGEN_BUILD_DIR:-build}"
echo
echo "== bpgen examples/mlp/model.c -o $build/examples/mlp/model_grad.c"
sed -n '/^double mlp_loss_grad/,/^}/p' "$build/examples/mlp/model_grad.c"
echo
echo "== $build/examples/mlp/mlp"
"$build/examples/mlp/mlp"
echo
echo "== $build/examples/neuron/neuron"
"$build/examples/neuron/neuron"

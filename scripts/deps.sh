#!/usr/bin/env bash
# Installs the Debian packages bpgen needs, if any are missing.
# As root it runs apt-get; otherwise it says what to install and fails.
set -euo pipefail

packages=(
  cmake ninja-build gcc make python3
  libclang-19-dev     # the front end: libclang's C API
  llvm-19-tools       # FileCheck and lit for the tests
  libopenblas-dev     # BLAS behind the runtime, through CBLAS
  pkg-config          # bpgen.pc, for the Makefile example and its test
  graphviz            # dot, which reads what --emit=dot writes (tests/cli/dot.test)
  valgrind            # memcheck under the test programs (ctest lit-valgrind)
)
[ "${BPGEN_DEPS_EXTRA:-}" ] && read -r -a extra <<<"$BPGEN_DEPS_EXTRA" && packages+=("${extra[@]}")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "bpgen needs these Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# lit configuration for bpgen.
#
# Folders by feature: ssa/ (the --emit=ssa dataflow graph), codegen/ (the
# emitted adjoint C), exec/ (generated gradients compiled, run and compared
# with finite differences), errors/ (diagnostics on bad input), cli/,
# runtime/ (libbpgen against finite differences), install/.
#
# Substitutions:
#   %bpgen    the bpgen under test
#   %cc       the C compiler with the flags generated code must pass cleanly
#             (-std=c11 -Wall -Wextra -Werror) and the include dir of bpgen.h
#   %libs     libbpgen, BLAS and libm, to link a test program
#   %libdir   where libbpgen.a and libbpgen.so are
#   %fdcheck  -I for tests/lib, whose fdcheck.h compares gradients with
#             central finite differences
#   FileCheck and not come from LLVM 19 (first on PATH)
import os
import lit.formats

config.name = "bpgen"
# bash runs the RUN lines, so that tests can check exit statuses with $?.
# No test may run away: lit's own time limit needs psutil, which Debian's
# LLVM does not bring, so every test's shell gets a CPU-time limit instead.
config.test_format = lit.formats.ShTest(execute_external=True,
                                        preamble_commands=["ulimit -t 300"])
config.suffixes = [".c", ".test"]
config.excludes = ["lib", "Inputs", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)

cflags = "-std=c11 -O2 -Wall -Wextra -Werror"
if config.sanitize:
    config.available_features.add("sanitize")
    cflags += " -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# %run runs a test's program: as it is, or, with `--param valgrind=1`,
# under valgrind's memcheck, which fails the test on a read of unset memory,
# an invalid access, or a leak (lost memory; what OpenBLAS keeps reachable
# for its threads is not a leak).  ctest's lit-valgrind runs exec/, runtime/
# and examples/ that way.
valgrind = lit_config.params.get("valgrind")
run = ""
if valgrind:
    config.available_features.add("valgrind")
    run = ("valgrind -q --error-exitcode=97 --leak-check=full "
           "--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect ")
config.substitutions.append(("%run ", run))
config.substitutions.append(("%bpgen", config.bpgen))
config.substitutions.append(("%cc", "%s %s -I%s" % (config.cc, cflags, config.bpgen_include)))
config.substitutions.append(("%libs", "%s/libbpgen.a %s -lm" % (config.bpgen_lib_dir, config.blas_library)))
config.substitutions.append(("%libdir", config.bpgen_lib_dir))
config.substitutions.append(("%fdcheck", "-I%s" % os.path.join(config.test_source_root, "lib")))
config.substitutions.append(("%srcdir", config.source_dir))
config.substitutions.append(("%builddir", config.build_dir))
config.substitutions.append(("%cmake", config.cmake))

# FileCheck and not come from LLVM 19's bin directory, ahead of the system's.
config.environment["PATH"] = os.pathsep.join(
    [os.path.dirname(config.filecheck), os.environ.get("PATH", "/usr/bin:/bin")])

# Generated gradients run single-threaded BLAS, so timings and results are
# reproducible on shared machines.
config.environment["OPENBLAS_NUM_THREADS"] = "1"
for var in ("HOME", "TMPDIR", "LANG"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

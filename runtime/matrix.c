/*
 * matrix.c: libbpgen in double, plus bp_version.
 *
 * In: nothing but bpgen.h and CBLAS.  Out: bp_matmul, bp_add_bias, bp_relu,
 * bp_sigmoid, bp_tanh, bp_softmax_xent, bp_mse, bp_sumsq and their `_vjp`
 * adjoints on double, and the library's version string.
 *
 * Key idea: the primitives are written once, over a type `real`, in
 * matrix_real.inc; this file only binds real = double and the double names.
 * matrixf.c does the same for float.  Including bpgen.h first makes the
 * compiler check every definition against its public declaration.
 */
#include <bpgen.h>

typedef double real;
#define OP(name)  bp_##name
#define VJP(name) bp_##name##_vjp
#define GEMM      cblas_dgemm
#include "matrix_real.inc"

/* The header's BPGEN_VERSION as compiled into the library, so a program
 * can tell whether the header it was built with matches the library. */
const char *bp_version(void)
{
    return BPGEN_VERSION;
}

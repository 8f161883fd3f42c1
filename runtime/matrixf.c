/*
 * matrixf.c: libbpgen in float.
 *
 * In: nothing but bpgen.h and CBLAS.  Out: bp_matmulf, bp_add_biasf,
 * bp_reluf, bp_sigmoidf, bp_tanhf, bp_softmax_xentf, bp_msef, bp_sumsqf and
 * their `_vjp` adjoints.
 *
 * Key idea: the same matrix_real.inc as matrix.c, bound to real = float, the
 * `f` names (suffix before `_vjp`: bp_matmulf_vjp) and cblas_sgemm.  A
 * separate translation unit, so each precision keeps its own static helpers.
 */
#include <bpgen.h>

typedef float real;
#define OP(name)  bp_##name##f
#define VJP(name) bp_##name##f_vjp
#define GEMM      cblas_sgemm
#include "matrix_real.inc"

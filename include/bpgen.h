/*
 * bpgen.h: the public header of bpgen, the reverse-mode automatic
 * differentiation compiler for C.
 *
 * Two things live here.  BP_GRAD marks a forward function for bpgen:
 *
 *     #include <bpgen.h>
 *
 *     BP_GRAD(x, w)
 *     double f(double x, const double *w, int n) { ... }
 *
 * and `bpgen model.c -o model_grad.c` then writes
 *
 *     double f_grad(double x, double *d_x, const double *w, double *d_w, int n);
 *
 * which returns f(x, w, n) and ADDS df/dx into *d_x and df/dw[i] into d_w[i]
 * (the caller zeroes the adjoints).  BP_GRAD() with no names asks for every
 * parameter of floating type.  Under compilers other than clang the macro
 * expands to nothing, so model.c compiles anywhere.
 *
 * The rest is libbpgen, the runtime the generated code calls: dense
 * row-major matrix primitives on BLAS, each with its vector-Jacobian product
 * (`_vjp`), in double and (suffix f) float.  Sizes are int, outputs come last,
 * and the runtime never prints, exits or keeps memory it does not hand back.
 */
#ifndef BPGEN_H
#define BPGEN_H

#define BPGEN_VERSION "0.1.0"

#if defined(__clang__)
#define BP_GRAD(...) __attribute__((annotate("bpgen.grad:" #__VA_ARGS__)))
#else
#define BP_GRAD(...)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Dense matrix primitives: C[m×n] = A[m×k]·B[k×n] and friends. */
void   bp_matmul(int m, int k, int n, const double *A, const double *B, double *C);
void   bp_add_bias(int m, int n, const double *X, const double *b, double *Y);
void   bp_relu(int len, const double *X, double *Y);
void   bp_sigmoid(int len, const double *X, double *Y);
void   bp_tanh(int len, const double *X, double *Y);
double bp_softmax_xent(int m, int n, const double *logits, const int *labels);
double bp_mse(int len, const double *Y, const double *T);
double bp_sumsq(int len, const double *X);

void  bp_matmulf(int m, int k, int n, const float *A, const float *B, float *C);
void  bp_add_biasf(int m, int n, const float *X, const float *b, float *Y);
void  bp_reluf(int len, const float *X, float *Y);
void  bp_sigmoidf(int len, const float *X, float *Y);
void  bp_tanhf(int len, const float *X, float *Y);
float bp_softmax_xentf(int m, int n, const float *logits, const int *labels);
float bp_msef(int len, const float *Y, const float *T);
float bp_sumsqf(int len, const float *X);

/*
 * Vector-Jacobian products.  Each takes the primal inputs (and, where it is
 * cheaper, the primal output), the adjoint of the output, and ADDS the
 * adjoints of the inputs: for C = A·B, dA += dC·Bᵀ and dB += Aᵀ·dC, two GEMMs.
 * A null adjoint pointer means "not needed" and skips that work.
 */
void bp_matmul_vjp(int m, int k, int n, const double *A, const double *B,
                   const double *dC, double *dA, double *dB);
void bp_add_bias_vjp(int m, int n, const double *dY, double *dX, double *db);
void bp_relu_vjp(int len, const double *Y, const double *dY, double *dX);
void bp_sigmoid_vjp(int len, const double *Y, const double *dY, double *dX);
void bp_tanh_vjp(int len, const double *Y, const double *dY, double *dX);
void bp_softmax_xent_vjp(int m, int n, const double *logits, const int *labels,
                         double dL, double *dlogits);
void bp_mse_vjp(int len, const double *Y, const double *T, double dL,
                double *dY, double *dT);
void bp_sumsq_vjp(int len, const double *X, double dL, double *dX);

void bp_matmulf_vjp(int m, int k, int n, const float *A, const float *B,
                    const float *dC, float *dA, float *dB);
void bp_add_biasf_vjp(int m, int n, const float *dY, float *dX, float *db);
void bp_reluf_vjp(int len, const float *Y, const float *dY, float *dX);
void bp_sigmoidf_vjp(int len, const float *Y, const float *dY, float *dX);
void bp_tanhf_vjp(int len, const float *Y, const float *dY, float *dX);
void bp_softmax_xentf_vjp(int m, int n, const float *logits, const int *labels,
                          float dL, float *dlogits);
void bp_msef_vjp(int len, const float *Y, const float *T, float dL,
                 float *dY, float *dT);
void bp_sumsqf_vjp(int len, const float *X, float dL, float *dX);

/* The library's version string, BPGEN_VERSION when header and library match. */
const char *bp_version(void);

#ifdef __cplusplus
}
#endif

#endif /* BPGEN_H */

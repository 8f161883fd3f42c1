// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Exponentials, logarithms, roots, powers and the error function of math.h,
// one model each, in double (exp) and float (expf): exp exp2 expm1 log log2
// log10 log1p sqrt cbrt pow hypot erf erfc.  Each is sampled where it is
// smooth: logarithms and sqrt on positive arguments, cbrt away from 0 on
// both sides, pow in both arguments with a positive base, pow(x, 3) with
// bases of both signs, pow(2.5, x), and hypot on a box around the origin
// (random points never land on it).  Each is checked against finite
// differences; each float model against
// the differences of its double twin.
//
// CHECK:      exp: ok
// CHECK-NEXT: expf: ok
// CHECK-NEXT: exp2: ok
// CHECK-NEXT: exp2f: ok
// CHECK-NEXT: expm1: ok
// CHECK-NEXT: expm1f: ok
// CHECK-NEXT: log: ok
// CHECK-NEXT: logf: ok
// CHECK-NEXT: log2: ok
// CHECK-NEXT: log2f: ok
// CHECK-NEXT: log10: ok
// CHECK-NEXT: log10f: ok
// CHECK-NEXT: log1p: ok
// CHECK-NEXT: log1pf: ok
// CHECK-NEXT: sqrt: ok
// CHECK-NEXT: sqrtf: ok
// CHECK-NEXT: cbrt (x > 0): ok
// CHECK-NEXT: cbrtf (x > 0): ok
// CHECK-NEXT: cbrt (x < 0): ok
// CHECK-NEXT: cbrtf (x < 0): ok
// CHECK-NEXT: erf: ok
// CHECK-NEXT: erff: ok
// CHECK-NEXT: erfc: ok
// CHECK-NEXT: erfcf: ok
// CHECK-NEXT: pow: ok
// CHECK-NEXT: powf: ok
// CHECK-NEXT: pow(x, 3): ok
// CHECK-NEXT: powf(x, 3): ok
// CHECK-NEXT: pow(2.5, x): ok
// CHECK-NEXT: powf(2.5, x): ok
// CHECK-NEXT: hypot: ok
// CHECK-NEXT: hypotf: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x) double m_exp(double x) { return exp(x); }
BP_GRAD(x) double m_exp2(double x) { return exp2(x); }
BP_GRAD(x) double m_expm1(double x) { return expm1(x); }
BP_GRAD(x) double m_log(double x) { return log(x); }
BP_GRAD(x) double m_log2(double x) { return log2(x); }
BP_GRAD(x) double m_log10(double x) { return log10(x); }
BP_GRAD(x) double m_log1p(double x) { return log1p(x); }
BP_GRAD(x) double m_sqrt(double x) { return sqrt(x); }
BP_GRAD(x) double m_cbrt(double x) { return cbrt(x); }
BP_GRAD(x) double m_erf(double x) { return erf(x); }
BP_GRAD(x) double m_erfc(double x) { return erfc(x); }
BP_GRAD(x) double m_cube(double x) { return pow(x, 3); }
BP_GRAD(x) double m_expo(double x) { return pow(2.5, x); }
BP_GRAD(a, b) double m_pow(double a, double b) { return pow(a, b); }
BP_GRAD(a, b) double m_hypot(double a, double b) { return hypot(a, b); }

BP_GRAD(x) float mf_exp(float x) { return expf(x); }
BP_GRAD(x) float mf_exp2(float x) { return exp2f(x); }
BP_GRAD(x) float mf_expm1(float x) { return expm1f(x); }
BP_GRAD(x) float mf_log(float x) { return logf(x); }
BP_GRAD(x) float mf_log2(float x) { return log2f(x); }
BP_GRAD(x) float mf_log10(float x) { return log10f(x); }
BP_GRAD(x) float mf_log1p(float x) { return log1pf(x); }
BP_GRAD(x) float mf_sqrt(float x) { return sqrtf(x); }
BP_GRAD(x) float mf_cbrt(float x) { return cbrtf(x); }
BP_GRAD(x) float mf_erf(float x) { return erff(x); }
BP_GRAD(x) float mf_erfc(float x) { return erfcf(x); }
BP_GRAD(x) float mf_cube(float x) { return powf(x, 3); }
BP_GRAD(x) float mf_expo(float x) { return powf(2.5f, x); }
BP_GRAD(a, b) float mf_pow(float a, float b) { return powf(a, b); }
BP_GRAD(a, b) float mf_hypot(float a, float b) { return hypotf(a, b); }

/* The generated gradients, and the fd_check wrappers of each model, with
 * p = (x) or p = (a, b). */
#define UNARY(f)                                                              \
    double m_##f##_grad(double x, double *d_x);                               \
    float mf_##f##_grad(float x, float *d_x);                                 \
    static double eval_##f(const double *p) { return m_##f(p[0]); }          \
    static double grad_##f(const double *p, double *g)                        \
    {                                                                         \
        return m_##f##_grad(p[0], &g[0]);                                     \
    }                                                                         \
    static float evalf_##f(const float *p) { return mf_##f(p[0]); }           \
    static float gradf_##f(const float *p, float *g)                          \
    {                                                                         \
        return mf_##f##_grad(p[0], &g[0]);                                    \
    }
#define BINARY(f)                                                             \
    double m_##f##_grad(double a, double *d_a, double b, double *d_b);        \
    float mf_##f##_grad(float a, float *d_a, float b, float *d_b);            \
    static double eval_##f(const double *p) { return m_##f(p[0], p[1]); }    \
    static double grad_##f(const double *p, double *g)                        \
    {                                                                         \
        return m_##f##_grad(p[0], &g[0], p[1], &g[1]);                        \
    }                                                                         \
    static float evalf_##f(const float *p) { return mf_##f(p[0], p[1]); }     \
    static float gradf_##f(const float *p, float *g)                          \
    {                                                                         \
        return mf_##f##_grad(p[0], &g[0], p[1], &g[1]);                       \
    }
UNARY(exp)
UNARY(exp2)
UNARY(expm1)
UNARY(log)
UNARY(log2)
UNARY(log10)
UNARY(log1p)
UNARY(sqrt)
UNARY(cbrt)
UNARY(erf)
UNARY(erfc)
UNARY(cube)
UNARY(expo)
BINARY(pow)
BINARY(hypot)

/* One model in both precisions, and a box where it is smooth. */
typedef struct {
    const char *name, *namef;
    int n;
    fd_eval_fn eval;
    fd_grad_fn grad;
    fd_evalf_fn evalf;
    fd_gradf_fn gradf;
    double lo[2], hi[2];
} Case;

#define CASE1(f, lo, hi) {#f, #f "f", 1, eval_##f, grad_##f, evalf_##f, gradf_##f, {lo}, {hi}}

static const Case cases[] = {
    CASE1(exp, -3, 3),
    CASE1(exp2, -3, 3),
    CASE1(expm1, -3, 3),
    CASE1(log, 0.1, 10),
    CASE1(log2, 0.1, 10),
    CASE1(log10, 0.1, 10),
    CASE1(log1p, -0.9, 10),
    CASE1(sqrt, 0.05, 10),
    {"cbrt (x > 0)", "cbrtf (x > 0)", 1, eval_cbrt, grad_cbrt, evalf_cbrt, gradf_cbrt,
     {0.1}, {5}},
    {"cbrt (x < 0)", "cbrtf (x < 0)", 1, eval_cbrt, grad_cbrt, evalf_cbrt, gradf_cbrt,
     {-5}, {-0.1}},
    CASE1(erf, -3, 3),
    CASE1(erfc, -3, 3),
    {"pow", "powf", 2, eval_pow, grad_pow, evalf_pow, gradf_pow, {0.2, -2}, {3, 2}},
    {"pow(x, 3)", "powf(x, 3)", 1, eval_cube, grad_cube, evalf_cube, gradf_cube, {-2}, {2}},
    {"pow(2.5, x)", "powf(2.5, x)", 1, eval_expo, grad_expo, evalf_expo, gradf_expo,
     {-3}, {3}},
    {"hypot", "hypotf", 2, eval_hypot, grad_hypot, evalf_hypot, gradf_hypot, {-2, -2}, {2, 2}},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *c = &cases[i];
        fd_check(c->name, c->n, c->eval, c->grad, c->lo, c->hi, 20, (unsigned)i);
        fd_check_float(c->namef, c->n, c->evalf, c->gradf, c->eval, c->lo, c->hi, 20,
                       (unsigned)i);
    }
    return fd_failures != 0;
}

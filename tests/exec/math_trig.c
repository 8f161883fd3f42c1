// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The trigonometric and hyperbolic functions of math.h, one model each, in
// double (sin) and float (sinf): sin cos tan asin acos atan atan2 sinh cosh
// tanh.  Each is sampled where it is smooth (tan inside (-π/2, π/2), asin
// and acos inside (-1, 1), atan2 off its branch cut on the negative x axis)
// and checked against finite differences; each float model against the
// differences of its double twin.
//
// CHECK:      sin: ok
// CHECK-NEXT: sinf: ok
// CHECK-NEXT: cos: ok
// CHECK-NEXT: cosf: ok
// CHECK-NEXT: tan: ok
// CHECK-NEXT: tanf: ok
// CHECK-NEXT: asin: ok
// CHECK-NEXT: asinf: ok
// CHECK-NEXT: acos: ok
// CHECK-NEXT: acosf: ok
// CHECK-NEXT: atan: ok
// CHECK-NEXT: atanf: ok
// CHECK-NEXT: sinh: ok
// CHECK-NEXT: sinhf: ok
// CHECK-NEXT: cosh: ok
// CHECK-NEXT: coshf: ok
// CHECK-NEXT: tanh: ok
// CHECK-NEXT: tanhf: ok
// CHECK-NEXT: atan2 (x > 0): ok
// CHECK-NEXT: atan2f (x > 0): ok
// CHECK-NEXT: atan2 (y > 0): ok
// CHECK-NEXT: atan2f (y > 0): ok
// CHECK-NEXT: atan2 (y < 0): ok
// CHECK-NEXT: atan2f (y < 0): ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x) double m_sin(double x) { return sin(x); }
BP_GRAD(x) double m_cos(double x) { return cos(x); }
BP_GRAD(x) double m_tan(double x) { return tan(x); }
BP_GRAD(x) double m_asin(double x) { return asin(x); }
BP_GRAD(x) double m_acos(double x) { return acos(x); }
BP_GRAD(x) double m_atan(double x) { return atan(x); }
BP_GRAD(x) double m_sinh(double x) { return sinh(x); }
BP_GRAD(x) double m_cosh(double x) { return cosh(x); }
BP_GRAD(x) double m_tanh(double x) { return tanh(x); }
BP_GRAD(y, x) double m_atan2(double y, double x) { return atan2(y, x); }

BP_GRAD(x) float mf_sin(float x) { return sinf(x); }
BP_GRAD(x) float mf_cos(float x) { return cosf(x); }
BP_GRAD(x) float mf_tan(float x) { return tanf(x); }
BP_GRAD(x) float mf_asin(float x) { return asinf(x); }
BP_GRAD(x) float mf_acos(float x) { return acosf(x); }
BP_GRAD(x) float mf_atan(float x) { return atanf(x); }
BP_GRAD(x) float mf_sinh(float x) { return sinhf(x); }
BP_GRAD(x) float mf_cosh(float x) { return coshf(x); }
BP_GRAD(x) float mf_tanh(float x) { return tanhf(x); }
BP_GRAD(y, x) float mf_atan2(float y, float x) { return atan2f(y, x); }

/* The generated gradients, and the fd_check wrappers of each model, with
 * p = (x) or p = (y, x). */
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
UNARY(sin)
UNARY(cos)
UNARY(tan)
UNARY(asin)
UNARY(acos)
UNARY(atan)
UNARY(sinh)
UNARY(cosh)
UNARY(tanh)

double m_atan2_grad(double y, double *d_y, double x, double *d_x);
float mf_atan2_grad(float y, float *d_y, float x, float *d_x);
static double eval_atan2(const double *p) { return m_atan2(p[0], p[1]); }
static double grad_atan2(const double *p, double *g)
{
    return m_atan2_grad(p[0], &g[0], p[1], &g[1]);
}
static float evalf_atan2(const float *p) { return mf_atan2(p[0], p[1]); }
static float gradf_atan2(const float *p, float *g)
{
    return mf_atan2_grad(p[0], &g[0], p[1], &g[1]);
}

/* One model in both precisions, and the box where it is smooth. */
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
    CASE1(sin, -3, 3),
    CASE1(cos, -3, 3),
    CASE1(tan, -1.4, 1.4),
    CASE1(asin, -0.95, 0.95),
    CASE1(acos, -0.95, 0.95),
    CASE1(atan, -5, 5),
    CASE1(sinh, -3, 3),
    CASE1(cosh, -3, 3),
    CASE1(tanh, -3, 3),
    {"atan2 (x > 0)", "atan2f (x > 0)", 2, eval_atan2, grad_atan2, evalf_atan2, gradf_atan2,
     {-2, 0.2}, {2, 2}},
    {"atan2 (y > 0)", "atan2f (y > 0)", 2, eval_atan2, grad_atan2, evalf_atan2, gradf_atan2,
     {0.2, -2}, {2, 2}},
    {"atan2 (y < 0)", "atan2f (y < 0)", 2, eval_atan2, grad_atan2, evalf_atan2, gradf_atan2,
     {-2, -2}, {-0.2, 2}},
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

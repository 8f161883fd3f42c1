// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The piecewise functions of math.h, in double (fabs) and float (fabsf):
// fabs fmin fmax fmod fma floor ceil trunc round, each checked against
// finite differences on boxes inside one smooth piece (fabs on each side of
// 0, fmin and fmax with a > b and with a < b, fmod where trunc(a/b) is 2 or
// -2).  floor, ceil, trunc and round are piecewise constant, so their models
// are x·floor(x): the derivative floor(x) comes from the product alone and
// shows any nonzero adjoint the rounding function wrongly passes on.  The
// kinks themselves are in math_subgradient.c.
//
// CHECK:      fabs (x > 0): ok
// CHECK-NEXT: fabsf (x > 0): ok
// CHECK-NEXT: fabs (x < 0): ok
// CHECK-NEXT: fabsf (x < 0): ok
// CHECK-NEXT: fmin (a < b): ok
// CHECK-NEXT: fminf (a < b): ok
// CHECK-NEXT: fmin (a > b): ok
// CHECK-NEXT: fminf (a > b): ok
// CHECK-NEXT: fmax (a < b): ok
// CHECK-NEXT: fmaxf (a < b): ok
// CHECK-NEXT: fmax (a > b): ok
// CHECK-NEXT: fmaxf (a > b): ok
// CHECK-NEXT: fmod (a/b > 2): ok
// CHECK-NEXT: fmodf (a/b > 2): ok
// CHECK-NEXT: fmod (a < 0): ok
// CHECK-NEXT: fmodf (a < 0): ok
// CHECK-NEXT: fmod (b < 0): ok
// CHECK-NEXT: fmodf (b < 0): ok
// CHECK-NEXT: fma: ok
// CHECK-NEXT: fmaf: ok
// CHECK-NEXT: x floor(x) (1, 2): ok
// CHECK-NEXT: x floorf(x) (1, 2): ok
// CHECK-NEXT: x floor(x) (-3, -2): ok
// CHECK-NEXT: x floorf(x) (-3, -2): ok
// CHECK-NEXT: x ceil(x) (1, 2): ok
// CHECK-NEXT: x ceilf(x) (1, 2): ok
// CHECK-NEXT: x ceil(x) (-2, -1): ok
// CHECK-NEXT: x ceilf(x) (-2, -1): ok
// CHECK-NEXT: x trunc(x) (1, 2): ok
// CHECK-NEXT: x truncf(x) (1, 2): ok
// CHECK-NEXT: x trunc(x) (-2, -1): ok
// CHECK-NEXT: x truncf(x) (-2, -1): ok
// CHECK-NEXT: x round(x) (1.5, 2.5): ok
// CHECK-NEXT: x roundf(x) (1.5, 2.5): ok
// CHECK-NEXT: x round(x) (-2.5, -1.5): ok
// CHECK-NEXT: x roundf(x) (-2.5, -1.5): ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x) double m_fabs(double x) { return fabs(x); }
BP_GRAD(a, b) double m_fmin(double a, double b) { return fmin(a, b); }
BP_GRAD(a, b) double m_fmax(double a, double b) { return fmax(a, b); }
BP_GRAD(a, b) double m_fmod(double a, double b) { return fmod(a, b); }
BP_GRAD(a, b, c) double m_fma(double a, double b, double c) { return fma(a, b, c); }
BP_GRAD(x) double m_floor(double x) { return x * floor(x); }
BP_GRAD(x) double m_ceil(double x) { return x * ceil(x); }
BP_GRAD(x) double m_trunc(double x) { return x * trunc(x); }
BP_GRAD(x) double m_round(double x) { return x * round(x); }

BP_GRAD(x) float mf_fabs(float x) { return fabsf(x); }
BP_GRAD(a, b) float mf_fmin(float a, float b) { return fminf(a, b); }
BP_GRAD(a, b) float mf_fmax(float a, float b) { return fmaxf(a, b); }
BP_GRAD(a, b) float mf_fmod(float a, float b) { return fmodf(a, b); }
BP_GRAD(a, b, c) float mf_fma(float a, float b, float c) { return fmaf(a, b, c); }
BP_GRAD(x) float mf_floor(float x) { return x * floorf(x); }
BP_GRAD(x) float mf_ceil(float x) { return x * ceilf(x); }
BP_GRAD(x) float mf_trunc(float x) { return x * truncf(x); }
BP_GRAD(x) float mf_round(float x) { return x * roundf(x); }

/* The generated gradients, and the fd_check wrappers of each model, with
 * p = (x), (a, b) or (a, b, c). */
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
UNARY(fabs)
BINARY(fmin)
BINARY(fmax)
BINARY(fmod)
UNARY(floor)
UNARY(ceil)
UNARY(trunc)
UNARY(round)

double m_fma_grad(double a, double *d_a, double b, double *d_b, double c, double *d_c);
float mf_fma_grad(float a, float *d_a, float b, float *d_b, float c, float *d_c);
static double eval_fma(const double *p) { return m_fma(p[0], p[1], p[2]); }
static double grad_fma(const double *p, double *g)
{
    return m_fma_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2]);
}
static float evalf_fma(const float *p) { return mf_fma(p[0], p[1], p[2]); }
static float gradf_fma(const float *p, float *g)
{
    return mf_fma_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2]);
}

/* One model in both precisions, and a box inside one of its pieces. */
typedef struct {
    const char *name, *namef;
    int n;
    fd_eval_fn eval;
    fd_grad_fn grad;
    fd_evalf_fn evalf;
    fd_gradf_fn gradf;
    double lo[3], hi[3];
} Case;

#define MODEL(f) eval_##f, grad_##f, evalf_##f, gradf_##f

static const Case cases[] = {
    {"fabs (x > 0)", "fabsf (x > 0)", 1, MODEL(fabs), {0.1}, {3}},
    {"fabs (x < 0)", "fabsf (x < 0)", 1, MODEL(fabs), {-3}, {-0.1}},
    {"fmin (a < b)", "fminf (a < b)", 2, MODEL(fmin), {-2, 0.2}, {0, 2}},
    {"fmin (a > b)", "fminf (a > b)", 2, MODEL(fmin), {0.2, -2}, {2, 0}},
    {"fmax (a < b)", "fmaxf (a < b)", 2, MODEL(fmax), {-2, 0.2}, {0, 2}},
    {"fmax (a > b)", "fmaxf (a > b)", 2, MODEL(fmax), {0.2, -2}, {2, 0}},
    /* a/b within ±[2.3, 2.9]: trunc(a/b) is 2 or -2 on the whole box */
    {"fmod (a/b > 2)", "fmodf (a/b > 2)", 2, MODEL(fmod), {5.1, 2.05}, {5.9, 2.2}},
    {"fmod (a < 0)", "fmodf (a < 0)", 2, MODEL(fmod), {-5.9, 2.05}, {-5.1, 2.2}},
    {"fmod (b < 0)", "fmodf (b < 0)", 2, MODEL(fmod), {5.1, -2.2}, {5.9, -2.05}},
    {"fma", "fmaf", 3, MODEL(fma), {-2, -2, -2}, {2, 2, 2}},
    {"x floor(x) (1, 2)", "x floorf(x) (1, 2)", 1, MODEL(floor), {1.05}, {1.95}},
    {"x floor(x) (-3, -2)", "x floorf(x) (-3, -2)", 1, MODEL(floor), {-2.95}, {-2.05}},
    {"x ceil(x) (1, 2)", "x ceilf(x) (1, 2)", 1, MODEL(ceil), {1.05}, {1.95}},
    {"x ceil(x) (-2, -1)", "x ceilf(x) (-2, -1)", 1, MODEL(ceil), {-1.95}, {-1.05}},
    {"x trunc(x) (1, 2)", "x truncf(x) (1, 2)", 1, MODEL(trunc), {1.05}, {1.95}},
    {"x trunc(x) (-2, -1)", "x truncf(x) (-2, -1)", 1, MODEL(trunc), {-1.95}, {-1.05}},
    {"x round(x) (1.5, 2.5)", "x roundf(x) (1.5, 2.5)", 1, MODEL(round), {1.55}, {2.45}},
    {"x round(x) (-2.5, -1.5)", "x roundf(x) (-2.5, -1.5)", 1, MODEL(round),
     {-2.45}, {-1.55}},
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

// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The subgradients tool/ops.def documents where a function is not
// differentiable, in double and float, read exactly: fabs'(0) = 0 (also at
// -0); fmax and fmin route the whole adjoint to the argument they return,
// the first one on a tie; hypot'(0, 0) = (0, 0), not NaN; pow takes 0 as its
// derivative in the exponent when the base is <= 0, while the base keeps
// b·a^(b-1); floor, ceil, trunc and round pass nothing back, also at the
// points where they jump.
//
// CHECK:      fabs'(0) = 0, fabs'(-0) = 0
// CHECK-NEXT: fmax(1.5, 1.5): d/da = 1, d/db = 0
// CHECK-NEXT: fmin(1.5, 1.5): d/da = 1, d/db = 0
// CHECK-NEXT: hypot(0, 0): d/da = 0, d/db = 0
// CHECK-NEXT: pow(-2, 3): d/da = 12, d/db = 0
// CHECK-NEXT: pow(0, 2): d/da = 0, d/db = 0
// CHECK-NEXT: floor'(2) = 0, ceil'(2) = 0, trunc'(-1) = 0, round'(2.5) = 0
// CHECK-NEXT: double: ok
// CHECK-NEXT: fabsf'(0) = 0, fabsf'(-0) = 0
// CHECK-NEXT: fmaxf(1.5, 1.5): d/da = 1, d/db = 0
// CHECK-NEXT: fminf(1.5, 1.5): d/da = 1, d/db = 0
// CHECK-NEXT: hypotf(0, 0): d/da = 0, d/db = 0
// CHECK-NEXT: powf(-2, 3): d/da = 12, d/db = 0
// CHECK-NEXT: powf(0, 2): d/da = 0, d/db = 0
// CHECK-NEXT: floorf'(2) = 0, ceilf'(2) = 0, truncf'(-1) = 0, roundf'(2.5) = 0
// CHECK-NEXT: float: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x) double k_fabs(double x) { return fabs(x); }
BP_GRAD(a, b) double k_fmax(double a, double b) { return fmax(a, b); }
BP_GRAD(a, b) double k_fmin(double a, double b) { return fmin(a, b); }
BP_GRAD(a, b) double k_hypot(double a, double b) { return hypot(a, b); }
BP_GRAD(a, b) double k_pow(double a, double b) { return pow(a, b); }
BP_GRAD(x) double k_floor(double x) { return floor(x); }
BP_GRAD(x) double k_ceil(double x) { return ceil(x); }
BP_GRAD(x) double k_trunc(double x) { return trunc(x); }
BP_GRAD(x) double k_round(double x) { return round(x); }

BP_GRAD(x) float kf_fabs(float x) { return fabsf(x); }
BP_GRAD(a, b) float kf_fmax(float a, float b) { return fmaxf(a, b); }
BP_GRAD(a, b) float kf_fmin(float a, float b) { return fminf(a, b); }
BP_GRAD(a, b) float kf_hypot(float a, float b) { return hypotf(a, b); }
BP_GRAD(a, b) float kf_pow(float a, float b) { return powf(a, b); }
BP_GRAD(x) float kf_floor(float x) { return floorf(x); }
BP_GRAD(x) float kf_ceil(float x) { return ceilf(x); }
BP_GRAD(x) float kf_trunc(float x) { return truncf(x); }
BP_GRAD(x) float kf_round(float x) { return roundf(x); }

#define UNARY(f)                                \
    double k_##f##_grad(double x, double *d_x); \
    float kf_##f##_grad(float x, float *d_x);
#define BINARY(f)                                                      \
    double k_##f##_grad(double a, double *d_a, double b, double *d_b); \
    float kf_##f##_grad(float a, float *d_a, float b, float *d_b);
UNARY(fabs)
BINARY(fmax)
BINARY(fmin)
BINARY(hypot)
BINARY(pow)
UNARY(floor)
UNARY(ceil)
UNARY(trunc)
UNARY(round)

/* Both adjoints of a two-argument model at (a, b); 1 if they are (da, db). */
static int binary(const char *name, double (*grad)(double, double *, double, double *),
                  double a, double b, double da, double db)
{
    double ga = 0, gb = 0;
    grad(a, &ga, b, &gb);
    printf("%s(%g, %g): d/da = %g, d/db = %g\n", name, a, b, ga, gb);
    return ga == da && gb == db;
}

static int binaryf(const char *name, float (*grad)(float, float *, float, float *),
                   float a, float b, float da, float db)
{
    float ga = 0, gb = 0;
    grad(a, &ga, b, &gb);
    printf("%s(%g, %g): d/da = %g, d/db = %g\n", name, a, b, ga, gb);
    return ga == da && gb == db;
}

/* d/dx of a one-argument model at x, on a zeroed adjoint. */
static double d1(double (*grad)(double, double *), double x)
{
    double d = 0;
    grad(x, &d);
    return d;
}

static float d1f(float (*grad)(float, float *), float x)
{
    float d = 0;
    grad(x, &d);
    return d;
}

int main(void)
{
    double a0 = d1(k_fabs_grad, 0), a1 = d1(k_fabs_grad, -0.0);
    printf("fabs'(0) = %g, fabs'(-0) = %g\n", a0, a1);
    int ok = a0 == 0 && a1 == 0;
    ok &= binary("fmax", k_fmax_grad, 1.5, 1.5, 1, 0);
    ok &= binary("fmin", k_fmin_grad, 1.5, 1.5, 1, 0);
    ok &= binary("hypot", k_hypot_grad, 0, 0, 0, 0);
    ok &= binary("pow", k_pow_grad, -2, 3, 12, 0);
    ok &= binary("pow", k_pow_grad, 0, 2, 0, 0);
    double r[4] = {d1(k_floor_grad, 2), d1(k_ceil_grad, 2), d1(k_trunc_grad, -1),
                   d1(k_round_grad, 2.5)};
    printf("floor'(2) = %g, ceil'(2) = %g, trunc'(-1) = %g, round'(2.5) = %g\n",
           r[0], r[1], r[2], r[3]);
    ok &= r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0;
    fd_expect_true("double", ok);

    float f0 = d1f(kf_fabs_grad, 0), f1 = d1f(kf_fabs_grad, -0.0f);
    printf("fabsf'(0) = %g, fabsf'(-0) = %g\n", f0, f1);
    ok = f0 == 0 && f1 == 0;
    ok &= binaryf("fmaxf", kf_fmax_grad, 1.5f, 1.5f, 1, 0);
    ok &= binaryf("fminf", kf_fmin_grad, 1.5f, 1.5f, 1, 0);
    ok &= binaryf("hypotf", kf_hypot_grad, 0, 0, 0, 0);
    ok &= binaryf("powf", kf_pow_grad, -2, 3, 12, 0);
    ok &= binaryf("powf", kf_pow_grad, 0, 2, 0, 0);
    float rf[4] = {d1f(kf_floor_grad, 2), d1f(kf_ceil_grad, 2), d1f(kf_trunc_grad, -1),
                   d1f(kf_round_grad, 2.5f)};
    printf("floorf'(2) = %g, ceilf'(2) = %g, truncf'(-1) = %g, roundf'(2.5) = %g\n",
           rf[0], rf[1], rf[2], rf[3]);
    ok &= rf[0] == 0 && rf[1] == 0 && rf[2] == 0 && rf[3] == 0;
    fd_expect_true("float", ok);
    return fd_failures != 0;
}

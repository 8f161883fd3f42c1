// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Literals and named constants: a #define constant and a function-like
// macro, an enum constant (an int in a double expression), static const
// double and float globals, const locals (one computed from a global), and
// literals spelled every way C allows: 2 (int), 3. .5 1e-3 0x1.8p1, 1.5f and
// 0.1f (float literals in double arithmetic: 0.1f is not 0.1), 'A' (a char).
// In a float model, the double literal 0.1 makes x * 0.1 a double product;
// the generated code must keep those types, which the primal check (exact)
// and the comparison at one point (exact) see.  Finite differences check
// each gradient.
//
// CHECK:      constants at 1.25: f = 27.9075, df/dx = 24.876
// CHECK-NEXT: by hand: ok
// CHECK-NEXT: double constants: ok
// CHECK-NEXT: float literals in double: ok
// CHECK-NEXT: double literals in float: ok
// CHECK-NEXT: float constants: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

#define SCALE 2.5
#define SQUARE(a) ((a) * (a))
enum { THREE = 3, SEVEN = 7 };
static const double gain = 0.75;
static const float fgain = 0.3f;

/* f = 2.5x + 3x² + 0.375x + 0.001x + 3x + 0.5x + 3x + 2x + (x + 7/4)² */
BP_GRAD(x)
double consts(double x)
{
    const double half = 0.5;
    const double quarter = gain / THREE;   /* 0.25 */
    double r = SCALE * x + THREE * x * x + gain * half * x;
    r += 1e-3 * x + 0x1.8p1 * x + .5 * x + 3. * x + 2 * x;
    return r + SQUARE(x + SEVEN * quarter);
}

/* 1.5f is exact; 0.1f is 0.100000001490116...; 'A' is 65. */
BP_GRAD(x, y)
double float_literals(double x, double y)
{
    return 1.5f * x * y + 0.1f * x + y / 'A' + fgain * x * x;
}

/* x * 0.1 and 1.0 / 3 * x are double products rounded to float on return. */
BP_GRAD(x)
float double_literals(float x)
{
    return x * 0.1 + x * 0.1f + 1.0 / 3 * x + gain * x * x;
}

BP_GRAD(x, y)
float float_consts(float x, float y)
{
    const float c = 0.7f;
    return SCALE * x * y + THREE * x + fgain * y * y + c * x + 2.5f / y;
}

/* Its double twin, for the float gradient's finite differences. */
static double float_consts_twin(double x, double y)
{
    return 2.5 * x * y + 3 * x + (double)0.3f * y * y + (double)0.7f * x + 2.5 / y;
}

double consts_grad(double x, double *d_x);
double float_literals_grad(double x, double *d_x, double y, double *d_y);
float double_literals_grad(float x, float *d_x);
float float_consts_grad(float x, float *d_x, float y, float *d_y);

static double eval_consts(const double *p) { return consts(p[0]); }
static double grad_consts(const double *p, double *g) { return consts_grad(p[0], g); }
static double eval_fl(const double *p) { return float_literals(p[0], p[1]); }
static double grad_fl(const double *p, double *g)
{
    return float_literals_grad(p[0], &g[0], p[1], &g[1]);
}
static float evalf_dl(const float *p) { return double_literals(p[0]); }
static float gradf_dl(const float *p, float *g) { return double_literals_grad(p[0], g); }
static double twin_dl(const double *p)
{
    return p[0] * 0.1 + p[0] * (double)0.1f + p[0] / 3 + 0.75 * p[0] * p[0];
}
static float evalf_fc(const float *p) { return float_consts(p[0], p[1]); }
static float gradf_fc(const float *p, float *g)
{
    return float_consts_grad(p[0], &g[0], p[1], &g[1]);
}
static double twin_fc(const double *p) { return float_consts_twin(p[0], p[1]); }

int main(void)
{
    /* df/dx = 2.5 + 6x + 0.375 + 0.001 + 3 + 0.5 + 3 + 2 + 2(x + 1.75) */
    double x = 1.25, dx = 0;
    double f = consts_grad(x, &dx);
    printf("constants at 1.25: f = %.9g, df/dx = %.9g\n", f, dx);
    double want = 2.5 + 6 * x + 0.375 + 0.001 + 3 + 0.5 + 3 + 2 + 2 * (x + 1.75);
    fd_expect_near("by hand", dx, want, 1e-15);

    static const double lo[] = {-2, -2}, hi[] = {2, 2};
    static const double plo[] = {0.5, 0.5}, phi[] = {2, 2};
    fd_check("double constants", 1, eval_consts, grad_consts, lo, hi, 20, 1);
    fd_check("float literals in double", 2, eval_fl, grad_fl, lo, hi, 20, 2);
    fd_check_float("double literals in float", 1, evalf_dl, gradf_dl, twin_dl, lo, hi, 50, 3);
    fd_check_float("float constants", 2, evalf_fc, gradf_fc, twin_fc, plo, phi, 20, 4);
    return fd_failures != 0;
}

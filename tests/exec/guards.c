// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Guarded math: a branch protects a function from arguments outside its
// domain (x > 0 ? sqrt(x) : 0, log only if x > 0, a division only if
// y != 0, asin only inside (-1, 1)).  The guard's other side must give a
// clean gradient: the reverse sweep may not evaluate the guarded rule there
// (sqrt'(x) = 1/(2 sqrt x) is NaN for x < 0, and NaN·0 is still NaN).  The
// gradient at points on the unguarded side is printed and read exactly,
// in double and float; each side is also checked against finite
// differences.
//
// CHECK:      safe_sqrt'(-1) = 0, safe_log'(-1) = 1, safe_div(2, 0): d/dx = 1, d/dy = 0
// CHECK-NEXT: safe_asin'(2) = 0, safe_pow'(-4) = -1
// CHECK-NEXT: safe_sqrtf'(-1) = 0, safe_logf'(-1) = 1
// CHECK-NEXT: guarded points: ok
// CHECK-NEXT: safe_sqrt (x > 0): ok
// CHECK-NEXT: safe_sqrt (x < 0): ok
// CHECK-NEXT: safe_log (x > 0): ok
// CHECK-NEXT: safe_log (x < 0): ok
// CHECK-NEXT: safe_div (y > 0): ok
// CHECK-NEXT: safe_asin (|x| < 1): ok
// CHECK-NEXT: safe_asin (x > 1): ok
// CHECK-NEXT: safe_pow (x > 0): ok
// CHECK-NEXT: safe_pow (x < 0): ok
// CHECK-NEXT: safe_sqrtf (x > 0): ok
// CHECK-NEXT: safe_logf (x > 0): ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x)
double safe_sqrt(double x) { return x > 0 ? sqrt(x) : 0.0; }

BP_GRAD(x)
double safe_log(double x)
{
    double r = x;
    if (x > 0)
        r = log(x);
    return r;
}

BP_GRAD(x, y)
double safe_div(double x, double y)
{
    double r;
    if (y != 0)
        r = x / y;
    else
        r = x;
    return r;
}

BP_GRAD(x)
double safe_asin(double x)
{
    if (fabs(x) < 1)
        return asin(x);
    return x > 0 ? 2 : -2;
}

BP_GRAD(x)
double safe_pow(double x) { return x > 0 ? pow(x, 0.5) + x : -x; }

BP_GRAD(x)
float safe_sqrtf(float x) { return x > 0 ? sqrtf(x) : 0.0f; }

BP_GRAD(x)
float safe_logf(float x)
{
    float r = x;
    if (x > 0)
        r = logf(x);
    return r;
}

double safe_sqrt_grad(double x, double *d_x);
double safe_log_grad(double x, double *d_x);
double safe_div_grad(double x, double *d_x, double y, double *d_y);
double safe_asin_grad(double x, double *d_x);
double safe_pow_grad(double x, double *d_x);
float safe_sqrtf_grad(float x, float *d_x);
float safe_logf_grad(float x, float *d_x);

#define WRAP1(f)                                                     \
    static double eval_##f(const double *p) { return f(p[0]); }     \
    static double grad_##f(const double *p, double *g) { return f##_grad(p[0], g); }
WRAP1(safe_sqrt)
WRAP1(safe_log)
WRAP1(safe_asin)
WRAP1(safe_pow)

static double eval_div(const double *p) { return safe_div(p[0], p[1]); }
static double grad_div(const double *p, double *g)
{
    return safe_div_grad(p[0], &g[0], p[1], &g[1]);
}

static float evalf_sqrt(const float *p) { return safe_sqrtf(p[0]); }
static float gradf_sqrt(const float *p, float *g) { return safe_sqrtf_grad(p[0], g); }
static float evalf_log(const float *p) { return safe_logf(p[0]); }
static float gradf_log(const float *p, float *g) { return safe_logf_grad(p[0], g); }

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
    double s = d1(safe_sqrt_grad, -1), l = d1(safe_log_grad, -1);
    double dx = 0, dy = 0;
    safe_div_grad(2, &dx, 0, &dy);
    printf("safe_sqrt'(-1) = %g, safe_log'(-1) = %g, safe_div(2, 0): d/dx = %g, d/dy = %g\n",
           s, l, dx, dy);
    double a = d1(safe_asin_grad, 2), p = d1(safe_pow_grad, -4);
    printf("safe_asin'(2) = %g, safe_pow'(-4) = %g\n", a, p);
    float sf = d1f(safe_sqrtf_grad, -1), lf = d1f(safe_logf_grad, -1);
    printf("safe_sqrtf'(-1) = %g, safe_logf'(-1) = %g\n", sf, lf);
    fd_expect_true("guarded points", s == 0 && l == 1 && dx == 1 && dy == 0 && a == 0 &&
                                     p == -1 && sf == 0 && lf == 1);

    static const double pos[] = {0.1}, pos_hi[] = {4}, neg[] = {-4}, neg_hi[] = {-0.1};
    fd_check("safe_sqrt (x > 0)", 1, eval_safe_sqrt, grad_safe_sqrt, pos, pos_hi, 20, 1);
    fd_check("safe_sqrt (x < 0)", 1, eval_safe_sqrt, grad_safe_sqrt, neg, neg_hi, 20, 2);
    fd_check("safe_log (x > 0)", 1, eval_safe_log, grad_safe_log, pos, pos_hi, 20, 3);
    fd_check("safe_log (x < 0)", 1, eval_safe_log, grad_safe_log, neg, neg_hi, 20, 4);
    static const double dlo[] = {-2, 0.5}, dhi[] = {2, 2};
    fd_check("safe_div (y > 0)", 2, eval_div, grad_div, dlo, dhi, 20, 5);
    static const double alo[] = {-0.95}, ahi[] = {0.95}, blo[] = {1.05}, bhi[] = {3};
    fd_check("safe_asin (|x| < 1)", 1, eval_safe_asin, grad_safe_asin, alo, ahi, 20, 6);
    fd_check("safe_asin (x > 1)", 1, eval_safe_asin, grad_safe_asin, blo, bhi, 20, 7);
    fd_check("safe_pow (x > 0)", 1, eval_safe_pow, grad_safe_pow, pos, pos_hi, 20, 8);
    fd_check("safe_pow (x < 0)", 1, eval_safe_pow, grad_safe_pow, neg, neg_hi, 20, 9);
    fd_check_float("safe_sqrtf (x > 0)", 1, evalf_sqrt, gradf_sqrt, eval_safe_sqrt, pos, pos_hi,
                   20, 10);
    fd_check_float("safe_logf (x > 0)", 1, evalf_log, gradf_log, eval_safe_log, pos, pos_hi, 20,
                   11);
    return fd_failures != 0;
}

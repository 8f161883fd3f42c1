// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Negations of negations: the adjoint of -u is -d, and when u is itself a
// negation (or the subtrahend of a - u, or the argument of cos, whose rule
// is -d * sin(a)) the two minus signs must not print as C's `--`.
//
// CHECK:      d/dx -(-(x*x)) at 3 = 6
// CHECK-NEXT: -(-(x*x)): ok
// CHECK-NEXT: x - (-(y*y)): ok
// CHECK-NEXT: -(-(-(x*x))): ok
// CHECK-NEXT: -cos(-(x*x)): ok
// CHECK-NEXT: float -(-(x*x)): ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x)
double neg2(double x) { return -(-(x * x)); }

BP_GRAD(x, y)
double minus_neg(double x, double y) { return x - (-(y * y)); }

BP_GRAD(x)
double neg3(double x) { return -(-(-(x * x))); }

BP_GRAD(x)
double neg_cos(double x) { return -cos(-(x * x)); }

BP_GRAD(x)
float neg2f(float x) { return -(-(x * x)); }

double neg2_grad(double x, double *d_x);
double minus_neg_grad(double x, double *d_x, double y, double *d_y);
double neg3_grad(double x, double *d_x);
double neg_cos_grad(double x, double *d_x);
float neg2f_grad(float x, float *d_x);

static double eval_neg2(const double *p) { return neg2(p[0]); }
static double grad_neg2(const double *p, double *g) { return neg2_grad(p[0], g); }
static double eval_minus_neg(const double *p) { return minus_neg(p[0], p[1]); }
static double grad_minus_neg(const double *p, double *g)
{
    return minus_neg_grad(p[0], &g[0], p[1], &g[1]);
}
static double eval_neg3(const double *p) { return neg3(p[0]); }
static double grad_neg3(const double *p, double *g) { return neg3_grad(p[0], g); }
static double eval_neg_cos(const double *p) { return neg_cos(p[0]); }
static double grad_neg_cos(const double *p, double *g) { return neg_cos_grad(p[0], g); }
static float evalf_neg2(const float *p) { return neg2f(p[0]); }
static float gradf_neg2(const float *p, float *g) { return neg2f_grad(p[0], g); }

int main(void)
{
    double dx = 0;
    neg2_grad(3, &dx);
    printf("d/dx -(-(x*x)) at 3 = %g\n", dx);

    static const double lo[] = {-2, -2}, hi[] = {2, 2};
    fd_check("-(-(x*x))", 1, eval_neg2, grad_neg2, lo, hi, 10, 1);
    fd_check("x - (-(y*y))", 2, eval_minus_neg, grad_minus_neg, lo, hi, 10, 2);
    fd_check("-(-(-(x*x)))", 1, eval_neg3, grad_neg3, lo, hi, 10, 3);
    fd_check("-cos(-(x*x))", 1, eval_neg_cos, grad_neg_cos, lo, hi, 10, 4);
    fd_check_float("float -(-(x*x))", 1, evalf_neg2, gradf_neg2, eval_neg2, lo, hi, 10, 5);
    return fd_failures != 0;
}

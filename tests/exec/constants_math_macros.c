// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The constants of math.h, INFINITY and HUGE_VAL (and NAN), expand to
// __builtin_inff(), __builtin_huge_val() (and __builtin_nanf("")): bpgen
// reads them as the constants they are, as it reads DBL_MAX and M_PI.
//
// CHECK:      max_or_inf: a > b: ok
// CHECK-NEXT: max_or_inf: b > a: ok
// CHECK-NEXT: capped_exp: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(a, b)
double max_or_inf(double a, double b)
{
    double m = -INFINITY;
    if (a > m)
        m = a;
    if (b > m)
        m = b;
    return m * m;
}

BP_GRAD(x)
double capped_exp(double x)
{
    return x > 700 ? HUGE_VAL : exp(x);
}

double max_or_inf_grad(double a, double *d_a, double b, double *d_b);
double capped_exp_grad(double x, double *d_x);

static double eval_max(const double *p) { return max_or_inf(p[0], p[1]); }
static double grad_max(const double *p, double *g)
{
    return max_or_inf_grad(p[0], &g[0], p[1], &g[1]);
}
static double eval_exp(const double *p) { return capped_exp(p[0]); }
static double grad_exp(const double *p, double *g) { return capped_exp_grad(p[0], g); }

int main(void)
{
    static const double alo[] = {0.5, -2}, ahi[] = {2, 0}, blo[] = {-2, 0.5}, bhi[] = {0, 2};
    fd_check("max_or_inf: a > b", 2, eval_max, grad_max, alo, ahi, 10, 1);
    fd_check("max_or_inf: b > a", 2, eval_max, grad_max, blo, bhi, 10, 2);
    static const double lo[] = {-3}, hi[] = {3};
    fd_check("capped_exp", 1, eval_exp, grad_exp, lo, hi, 10, 3);
    return fd_failures != 0;
}

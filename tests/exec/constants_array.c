// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// A table of constants, `static const double coef[3] = {...}`, read at
// constant indexes, like the static const scalars of constants.c.  bpgen
// once rejected it with "'coef' is a global variable that is not const;
// ... declare it 'static const'", advice it already followed.
//
// CHECK: polynomial: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

static const double coef[3] = {1.5, -2, 0.25};

BP_GRAD(x)
double polynomial(double x)
{
    return coef[0] + coef[1] * x + coef[2] * x * x;
}

double polynomial_grad(double x, double *d_x);

static double eval(const double *p) { return polynomial(p[0]); }
static double grad(const double *p, double *g) { return polynomial_grad(p[0], g); }

int main(void)
{
    static const double lo[] = {-3}, hi[] = {3};
    fd_check("polynomial", 1, eval, grad, lo, hi, 10, 1);
    return fd_failures != 0;
}

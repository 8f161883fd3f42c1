// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// fmax and fmin with a NaN argument: C's fmax(a, NaN) and fmin(a, NaN)
// return a (NaN is missing data, which is how models use them to mask it),
// and tool/ops.def promises that fmax and fmin "route the whole adjoint to
// the argument they return".  A rule that compares a >= b alone is false
// against NaN and sends the adjoint to b, the argument not returned: this
// test once failed that way.
//
// CHECK:      fmax(1, nan): d/da = 1, d/db = 0
// CHECK-NEXT: fmax(nan, 1): d/da = 0, d/db = 1
// CHECK-NEXT: fmin(1, nan): d/da = 1, d/db = 0
// CHECK-NEXT: fmin(nan, 1): d/da = 0, d/db = 1
// CHECK-NEXT: fmaxf(1, nan): d/da = 1, d/db = 0
// CHECK-NEXT: fmaxf(nan, 1): d/da = 0, d/db = 1
// CHECK-NEXT: fminf(1, nan): d/da = 1, d/db = 0
// CHECK-NEXT: fminf(nan, 1): d/da = 0, d/db = 1
// CHECK-NEXT: fmax and fmin route to the argument they return: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(a, b) double n_fmax(double a, double b) { return fmax(a, b); }
BP_GRAD(a, b) double n_fmin(double a, double b) { return fmin(a, b); }
BP_GRAD(a, b) float nf_fmax(float a, float b) { return fmaxf(a, b); }
BP_GRAD(a, b) float nf_fmin(float a, float b) { return fminf(a, b); }

double n_fmax_grad(double a, double *d_a, double b, double *d_b);
double n_fmin_grad(double a, double *d_a, double b, double *d_b);
float nf_fmax_grad(float a, float *d_a, float b, float *d_b);
float nf_fmin_grad(float a, float *d_a, float b, float *d_b);

/* Prints both adjoints at (a, b); 1 if the returned argument got them all. */
static int route(const char *name, double (*grad)(double, double *, double, double *),
                 double a, double b)
{
    double ga = 0, gb = 0;
    double r = grad(a, &ga, b, &gb);
    printf("%s(%g, %g): d/da = %g, d/db = %g\n", name, a, b, ga, gb);
    return isnan(b) ? r == a && ga == 1 && gb == 0 : r == b && ga == 0 && gb == 1;
}

static int routef(const char *name, float (*grad)(float, float *, float, float *),
                  float a, float b)
{
    float ga = 0, gb = 0;
    float r = grad(a, &ga, b, &gb);
    printf("%s(%g, %g): d/da = %g, d/db = %g\n", name, a, b, ga, gb);
    return isnan(b) ? r == a && ga == 1 && gb == 0 : r == b && ga == 0 && gb == 1;
}

int main(void)
{
    int ok = route("fmax", n_fmax_grad, 1, NAN);
    ok &= route("fmax", n_fmax_grad, NAN, 1);
    ok &= route("fmin", n_fmin_grad, 1, NAN);
    ok &= route("fmin", n_fmin_grad, NAN, 1);
    ok &= routef("fmaxf", nf_fmax_grad, 1, NAN);
    ok &= routef("fmaxf", nf_fmax_grad, NAN, 1);
    ok &= routef("fminf", nf_fmin_grad, 1, NAN);
    ok &= routef("fminf", nf_fmin_grad, NAN, 1);
    fd_expect_true("fmax and fmin route to the argument they return", ok);
    return fd_failures != 0;
}

// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// RUN: %cc %fdcheck -Wno-array-parameter -fsyntax-only -include %s %t.grad.c
//
// An array parameter declared const, `const double w[]` or
// `const double w[3]`, keeps its const in the generated prototype, as the
// contract (the original parameters, in order) asks: bpgen once wrote
// `double dot_grad(double *w, double *d_w, int n)`, and a file seeing both
// the user's prototype and the generated definition failed with
// "conflicting types for 'dot_grad'" (the last RUN line).
//
// CHECK: const double w[]: ok
// CHECK: const double w[3]: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(w)
double dot(const double w[], int n)
{
    return w[0] * w[n - 1] + w[1];
}

BP_GRAD(w)
double prod3(const double w[3])
{
    return w[0] * w[1] * w[2];
}

double dot_grad(const double w[], double *d_w, int n);
double prod3_grad(const double w[3], double *d_w);

static double eval_dot(const double *p) { return dot(p, 3); }
static double grad_dot(const double *p, double *g) { return dot_grad(p, g, 3); }
static double eval_prod3(const double *p) { return prod3(p); }
static double grad_prod3(const double *p, double *g) { return prod3_grad(p, g); }

int main(void)
{
    static const double lo[] = {-2, -2, -2}, hi[] = {2, 2, 2};
    fd_check("const double w[]", 3, eval_dot, grad_dot, lo, hi, 10, 1);
    fd_check("const double w[3]", 3, eval_prod3, grad_prod3, lo, hi, 10, 2);
    return fd_failures != 0;
}

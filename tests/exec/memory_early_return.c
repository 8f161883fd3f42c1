// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// An early return right after malloc, taken and not taken.
//
// CHECK:      early return after malloc, taken: ok
// CHECK-NEXT: early return after malloc, not taken: ok
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

#include "fdcheck.h"

enum { N = 5 };

BP_GRAD(x)
double early(const double *x, int n)
{
    double *t = malloc(n * sizeof(double));
    if (x[0] > 0) {
        free(t);
        return x[0] * x[1];
    }
    for (int i = 0; i < n; i++)
        t[i] = x[i] * x[i] * x[0];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += t[i] * (i + 1);
    free(t);
    return s;
}

double early_grad(const double *x, double *d_x, int n);

static double eval_early(const double *p) { return early(p, N); }
static double grad_early(const double *p, double *g) { return early_grad(p, g, N); }

int main(void)
{
    static const double plo[] = {0.1, -1.5, -1.5, -1.5, -1.5}, phi[] = {1.5, 1.5, 1.5, 1.5, 1.5};
    static const double nlo[] = {-1.5, -1.5, -1.5, -1.5, -1.5}, nhi[] = {-0.1, 1.5, 1.5, 1.5, 1.5};
    fd_check("early return after malloc, taken", N, eval_early, grad_early, plo, phi, 20, 4);
    fd_check("early return after malloc, not taken", N, eval_early, grad_early, nlo, nhi, 20, 5);
    return fd_failures != 0;
}

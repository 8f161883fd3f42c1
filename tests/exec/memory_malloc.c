// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Scratch buffers from the heap inside the model: malloc written in one
// loop and read in another, then freed before the return; calloc
// accumulated into; two buffers, one freed in the middle of the function
// followed by more work.  (An early return after malloc is in
// memory_early_return.c.)  Each against finite differences; the tape is
// empty after every call (the generated code pops what it pushes).
//
// CHECK:      malloc at x = (1, 2, 3): 52.8571, d = (4.1218, 16.3097, 47.0577)
// CHECK-NEXT: malloc, free before return: ok
// CHECK-NEXT: calloc accumulated: ok
// CHECK-NEXT: two buffers: ok
// CHECK-NEXT: closed form, tape empty after the calls: ok
#include <bpgen.h>
#include <math.h>
#include <stdlib.h>

#include "fdcheck.h"

enum { N = 5 };

BP_GRAD(x)
double scratch(const double *x, int n)
{
    double *t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = exp(x[i] * 0.5) * x[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += t[i] * x[i];
    free(t);
    return s;
}

BP_GRAD(x)
double zeroed(const double *x, int n)
{
    double *acc = calloc(3, sizeof(double));
    for (int i = 0; i < n; i++)
        acc[i % 3] += x[i] * x[(i + 1) % n];
    double s = acc[0] * acc[1] + acc[2];
    free(acc);
    return s;
}

BP_GRAD(x)
double two_buffers(const double *x, int n)
{
    double *a = malloc(n * sizeof(double));
    double *b = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++) {
        a[i] = x[i] * x[i] + x[(i + 1) % n];
        b[i] = x[i] * 2 - x[(i + 2) % n];
    }
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[n - 1 - i];
    free(a);
    double r = s * x[0];
    free(b);
    return r;
}

double scratch_grad(const double *x, double *d_x, int n);
double zeroed_grad(const double *x, double *d_x, int n);
double two_buffers_grad(const double *x, double *d_x, int n);

#define WRAP(name, ...)                                                                  \
    static double eval_##name(const double *p) { return name(p, __VA_ARGS__); }        \
    static double grad_##name(const double *p, double *g)                              \
    {                                                                                  \
        return name##_grad(p, g, __VA_ARGS__);                                         \
    }
WRAP(scratch, N)
WRAP(zeroed, N)
WRAP(two_buffers, N)

int main(void)
{
    const double x[3] = {1, 2, 3};
    double d[3] = {0};
    double f = scratch_grad(x, d, 3);
    printf("malloc at x = (1, 2, 3): %g, d = (%g, %g, %g)\n", f, d[0], d[1], d[2]);
    int ok = fabs(f - scratch(x, 3)) < 1e-15;
    for (int i = 0; i < 3; i++)  /* d/dx (x^2 e^(x/2)) = (2x + x^2/2) e^(x/2) */
        ok &= fabs(d[i] - (2 * x[i] + x[i] * x[i] / 2) * exp(x[i] / 2)) < 1e-13;

    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5}, hi[] = {1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("malloc, free before return", N, eval_scratch, grad_scratch, lo, hi, 20, 1);
    fd_check("calloc accumulated", N, eval_zeroed, grad_zeroed, lo, hi, 20, 2);
    fd_check("two buffers", N, eval_two_buffers, grad_two_buffers, lo, hi, 20, 3);
    fd_expect_true("closed form, tape empty after the calls", ok && bp_the_tape.top == 0 && !bp_tape_failed());
    return fd_failures != 0;
}

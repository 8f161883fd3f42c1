// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// break: in a counted for loop (taken at a data-dependent iteration, and
// never taken), in a while (1) loop whose only way out is break, and in
// the inner loop of a nested loop (which leaves the inner loop only).
//
// CHECK:      break at x = (0.5, 2, 0.3, 0.7): f = 0.5, d_x = (1, 0, 0, 0)
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: break taken at i = 2: ok
// CHECK-NEXT: break never taken: ok
// CHECK-NEXT: break in the inner loop: ok
// CHECK-NEXT: while (1) with break: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 5 };

BP_GRAD(x)
double simple(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        if (x[i] > 1.0)
            break;
        s += x[i];
    }
    return s;
}

BP_GRAD(x)
double for_break(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        if (x[i] > 1.0)
            break;
        s = s * 0.5 + x[i] * x[i] + sin(s);
    }
    return s;
}

/* halves r until r < tol or n steps: the only exit is break */
BP_GRAD(x)
double while_true(const double *x, int n)
{
    double r = 0;
    int i = 0;
    while (1) {
        r = r * x[i] + cos(x[i]);
        i++;
        if (i >= n)
            break;
    }
    return r;
}

/* row j sums W[j][i] * (i + 1) until an entry above 1 */
BP_GRAD(W)
double inner_break(const double *W, int H, int D)
{
    double s = 0;
    for (int j = 0; j < H; j++) {
        double h = 0;
        for (int i = 0; i < D; i++) {
            if (W[j * D + i] > 1.0)
                break;
            h += W[j * D + i] * (i + 1);
        }
        s += h * h;
    }
    return s;
}

double simple_grad(const double *x, double *d_x, int n);
double for_break_grad(const double *x, double *d_x, int n);
double while_true_grad(const double *x, double *d_x, int n);
double inner_break_grad(const double *W, double *d_W, int H, int D);

static double eval_for(const double *p) { return for_break(p, N); }
static double grad_for(const double *p, double *g) { return for_break_grad(p, g, N); }
static double eval_while(const double *p) { return while_true(p, N); }
static double grad_while(const double *p, double *g) { return while_true_grad(p, g, N); }
static double eval_inner(const double *p) { return inner_break(p, 3, 3); }
static double grad_inner(const double *p, double *g) { return inner_break_grad(p, g, 3, 3); }

int main(void)
{
    const double x[4] = {0.5, 2, 0.3, 0.7};
    double d[4] = {0};
    double f = simple_grad(x, d, 4);
    printf("break at x = (0.5, 2, 0.3, 0.7): f = %g, d_x = (%g, %g, %g, %g)\n", f, d[0], d[1],
           d[2], d[3]);
    fd_expect_true("closed form", f == 0.5 && d[0] == 1 && d[1] == 0 && d[2] == 0 && d[3] == 0);

    /* x[2] > 1 breaks; the others stay below 1 */
    static const double blo[] = {-1.5, -1.5, 1.1, -1.5, -1.5}, bhi[] = {0.9, 0.9, 1.5, 0.9, 0.9};
    fd_check("break taken at i = 2", N, eval_for, grad_for, blo, bhi, 20, 1);
    static const double nlo[] = {-1.5, -1.5, -1.5, -1.5, -1.5}, nhi[] = {0.9, 0.9, 0.9, 0.9, 0.9};
    fd_check("break never taken", N, eval_for, grad_for, nlo, nhi, 20, 2);
    /* W = 3x3; rows break at columns 1, never, and 0 */
    static const double wlo[] = {-1.5, 1.1, -1.5, -1.5, -1.5, -1.5, 1.1, -1.5, -1.5},
                        whi[] = {0.9, 1.5, 0.9, 0.9, 0.9, 0.9, 1.5, 0.9, 0.9};
    fd_check("break in the inner loop", 9, eval_inner, grad_inner, wlo, whi, 20, 4);
    /* last: while the bug stands this loop never ends and reads past x */
    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5}, hi[] = {1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("while (1) with break", N, eval_while, grad_while, lo, hi, 20, 3);
    return fd_failures != 0;
}

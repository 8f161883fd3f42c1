// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The computational-graph example of the lecture notes: e = (a + b)(b + 1)
// with c = a + b and d = b + 1.  b feeds two nodes, so its adjoint is the
// sum over both paths: de/db = d + c.  At a = 2, b = 1 the notes give
// c = 3, d = 2, e = 6, de/da = 2 and de/db = 5.  Then de/da = b + 1 and
// de/db = a + 2b + 1 exactly at random points, and finite differences.
//
// CHECK:      e = 6
// CHECK-NEXT: de/da = 2
// CHECK-NEXT: de/db = 5
// CHECK-NEXT: notes' values: ok
// CHECK-NEXT: closed form at random points: ok
// CHECK-NEXT: (a+b)(b+1): ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(a, b)
double e_of(double a, double b)
{
    double c = a + b;
    double d = b + 1;
    return c * d;
}

double e_of_grad(double a, double *d_a, double b, double *d_b);

static double eval(const double *p)
{
    return e_of(p[0], p[1]);
}

static double grad(const double *p, double *g)
{
    return e_of_grad(p[0], &g[0], p[1], &g[1]);
}

int main(void)
{
    double da = 0, db = 0;
    double e = e_of_grad(2, &da, 1, &db);
    printf("e = %g\nde/da = %g\nde/db = %g\n", e, da, db);
    fd_expect_true("notes' values", e == 6 && da == 2 && db == 5);

    double worst = 0;
    for (int k = 0; k < 50; k++) {
        double p[2] = {4 * fd_uniform(), 4 * fd_uniform()}, g[2] = {0};
        grad(p, g);
        worst = fd_worse(worst, fabs(g[0] - (p[1] + 1)) / fmax(1, fabs(p[1] + 1)));
        double want = p[0] + 2 * p[1] + 1;
        worst = fd_worse(worst, fabs(g[1] - want) / fmax(1, fabs(want)));
    }
    fd_expect("closed form at random points", worst, 1e-14);

    static const double lo[] = {-4, -4}, hi[] = {4, 4};
    fd_check("(a+b)(b+1)", 2, eval, grad, lo, hi, 20, 3);
    return fd_failures != 0;
}

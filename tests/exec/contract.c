// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %cc -pedantic -c %t.grad.c -o %t.o
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The contract of a generated gradient, on the example of bpgen.h:
//     BP_GRAD(x, w) double f(double x, const double *w, int n)
// gives
//     double f_grad(double x, double *d_x, const double *w, double *d_w, int n);
// (checked by compiling this file together with the generated code), which
// returns f(x, w, n) exactly and ADDS df/dx into *d_x and df/dw[i] into
// d_w[i]: called twice it leaves twice the gradient, and called on nonzero
// adjoints it adds to them.  It writes no other memory: the elements of
// d_w beyond n and guards on both sides stay as they were, and the inputs
// are not changed.  The generated file also compiles alone, with
// -pedantic.  Values are chosen exact in binary, so everything below is
// compared exactly.
//
// CHECK:      f(0.5, {1, 2, 3}, 3) = 4.5
// CHECK-NEXT: once:  d_x = 8, d_w = {2.5, 0.75, 1}
// CHECK-NEXT: twice: d_x = 16, d_w = {5, 1.5, 2}
// CHECK-NEXT: primal: ok
// CHECK-NEXT: adds twice: ok
// CHECK-NEXT: adds to nonzero adjoints: ok
// CHECK-NEXT: writes nothing else: ok
// CHECK-NEXT: inputs unchanged: ok
// CHECK-NEXT: returns f at random points: ok
// CHECK-NEXT: f: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

/* f = x·w[0]·w[n-1] + w[1]·x² + w[0]·w[1]/2 + x·w[2] */
BP_GRAD(x, w)
double f(double x, const double *w, int n)
{
    double s = x * w[0] * w[n - 1];
    s += w[1] * x * x;
    return s + w[0] * w[1] / 2 + x * w[2];
}

double f_grad(double x, double *d_x, const double *w, double *d_w, int n);

static double eval(const double *p) { return f(p[0], p + 1, 3); }
static double grad(const double *p, double *g) { return f_grad(p[0], &g[0], p + 1, g + 1, 3); }

int main(void)
{
    /* At x = 0.5, w = (1, 2, 3): f = 1.5 + 0.5 + 1 + 1.5 = 4.5,
     * df/dx = w0·w2 + 2x·w1 + w2 = 8, df/dw = (2.5, 0.75, 1). */
    const double w[3] = {1, 2, 3};
    double x = 0.5;
    double want_f = x * w[0] * w[2] + w[1] * x * x + w[0] * w[1] / 2 + x * w[2];
    double want_dx = w[0] * w[2] + 2 * x * w[1] + w[2];
    double want_dw[3] = {x * w[2] + w[1] / 2, x * x + w[0] / 2, x * w[0] + x};

    /* d_w sits between guards; the model reads 3 of its 5 elements. */
    double buffer[7] = {-9, 0, 0, 0, 77, 88, -9}, *d_w = buffer + 1;
    double d_x = 0;
    double v = f_grad(x, &d_x, w, d_w, 3);
    printf("f(0.5, {1, 2, 3}, 3) = %g\n", v);
    printf("once:  d_x = %g, d_w = {%g, %g, %g}\n", d_x, d_w[0], d_w[1], d_w[2]);
    int once = d_x == want_dx && d_w[0] == want_dw[0] && d_w[1] == want_dw[1] &&
               d_w[2] == want_dw[2];
    double v2 = f_grad(x, &d_x, w, d_w, 3);
    printf("twice: d_x = %g, d_w = {%g, %g, %g}\n", d_x, d_w[0], d_w[1], d_w[2]);
    fd_expect_true("primal", v == want_f && v2 == want_f && v == f(x, w, 3));
    fd_expect_true("adds twice", once && d_x == 2 * want_dx && d_w[0] == 2 * want_dw[0] &&
                                     d_w[1] == 2 * want_dw[1] && d_w[2] == 2 * want_dw[2]);

    double dx = 10, dw[3] = {-1, 100, 0.5};
    f_grad(x, &dx, w, dw, 3);
    fd_expect_true("adds to nonzero adjoints", dx == 10 + want_dx && dw[0] == -1 + want_dw[0] &&
                                                   dw[1] == 100 + want_dw[1] &&
                                                   dw[2] == 0.5 + want_dw[2]);
    fd_expect_true("writes nothing else",
                   buffer[0] == -9 && buffer[4] == 77 && buffer[5] == 88 && buffer[6] == -9);
    fd_expect_true("inputs unchanged", w[0] == 1 && w[1] == 2 && w[2] == 3 && x == 0.5);

    int same = 1;
    for (int k = 0; k < 100; k++) {
        double p[4], g[4] = {0};
        for (int i = 0; i < 4; i++)
            p[i] = 4 * fd_uniform();
        same &= grad(p, g) == eval(p);
    }
    fd_expect_true("returns f at random points", same);

    static const double lo[] = {-2, -2, -2, -2}, hi[] = {2, 2, 2, 2};
    fd_check("f", 4, eval, grad, lo, hi, 20, 1);
    return fd_failures != 0;
}

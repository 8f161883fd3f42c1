// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The contract with loops and arrays: f_grad ADDS into the adjoints, so
// two calls on zeroed adjoints leave twice the gradient of one, and a call
// on nonzero adjoints adds to them; d_w beyond n and guards on both sides
// are untouched; the inputs are unchanged; the tape is empty between
// calls, also after a minibatch of calls.  Values are exact in binary and
// compared exactly.
//
// f(x, w, n) = sum_i w[i] x^(i+1) + x w[n-1]^2 over a counted loop with a
// product carried from iteration to iteration.
//
// CHECK:      f(0.5, {1, 2, 4}, 3) = 9.5
// CHECK-NEXT: once:  d_x = 22, d_w = {0.5, 0.25, 4.125}
// CHECK-NEXT: twice: d_x = 44, d_w = {1, 0.5, 8.25}
// CHECK-NEXT: adds twice: ok
// CHECK-NEXT: adds to nonzero adjoints: ok
// CHECK-NEXT: writes nothing else: ok
// CHECK-NEXT: inputs unchanged: ok
// CHECK-NEXT: minibatch sum: ok
// CHECK-NEXT: tape empty: ok
// CHECK-NEXT: f: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x, w)
double f(double x, const double *w, int n)
{
    double s = 0, p = 1;
    for (int i = 0; i < n; i++) {
        p *= x;
        s += w[i] * p;
    }
    return s + x * w[n - 1] * w[n - 1];
}

double f_grad(double x, double *d_x, const double *w, double *d_w, int n);

static double eval(const double *p) { return f(p[0], p + 1, 4); }
static double grad(const double *p, double *g) { return f_grad(p[0], &g[0], p + 1, g + 1, 4); }

int main(void)
{
    /* x = 0.5, w = (1, 2, 4): w0 x + w1 x^2 + w2 x^3 = 1.5, plus x w2^2 = 8;
     * df/dx = w0 + 2 w1 x + 3 w2 x^2 + w2^2 = 1 + 2 + 3 + 16 */
    const double w[3] = {1, 2, 4};
    double x = 0.5;
    double want_f = 1.5 + 8;
    double want_dx = 1 + 2 * 2 * x + 3 * 4 * x * x + 16;
    double want_dw[3] = {x, x * x, x * x * x + 2 * x * 4};

    double buffer[7] = {-9, 0, 0, 0, 77, 88, -9}, *d_w = buffer + 1;
    double d_x = 0;
    double v = f_grad(x, &d_x, w, d_w, 3);
    printf("f(0.5, {1, 2, 4}, 3) = %g\n", v);
    printf("once:  d_x = %g, d_w = {%g, %g, %g}\n", d_x, d_w[0], d_w[1], d_w[2]);
    int once = v == want_f && d_x == want_dx && d_w[0] == want_dw[0] && d_w[1] == want_dw[1] &&
               d_w[2] == want_dw[2];
    f_grad(x, &d_x, w, d_w, 3);
    printf("twice: d_x = %g, d_w = {%g, %g, %g}\n", d_x, d_w[0], d_w[1], d_w[2]);
    fd_expect_true("adds twice", once && d_x == 2 * want_dx && d_w[0] == 2 * want_dw[0] &&
                                     d_w[1] == 2 * want_dw[1] && d_w[2] == 2 * want_dw[2]);

    double dx = 10, dw[3] = {-1, 100, 0.5};
    f_grad(x, &dx, w, dw, 3);
    fd_expect_true("adds to nonzero adjoints", dx == 10 + want_dx && dw[0] == -1 + want_dw[0] &&
                                                   dw[1] == 100 + want_dw[1] &&
                                                   dw[2] == 0.5 + want_dw[2]);
    fd_expect_true("writes nothing else",
                   buffer[0] == -9 && buffer[4] == 77 && buffer[5] == 88 && buffer[6] == -9);
    fd_expect_true("inputs unchanged", w[0] == 1 && w[1] == 2 && w[2] == 4 && x == 0.5);

    /* a minibatch of 8 examples x_k = k / 4: the sum of the gradients */
    double bx = 0, bw[3] = {0}, sx = 0, sw[3] = {0};
    for (int k = 0; k < 8; k++) {
        double xk = k / 4.0, ex = 0, ew[3] = {0};
        f_grad(xk, &bx, w, bw, 3);
        f_grad(xk, &ex, w, ew, 3);
        sx += ex;
        for (int i = 0; i < 3; i++)
            sw[i] += ew[i];
    }
    fd_expect_true("minibatch sum", bx == sx && bw[0] == sw[0] && bw[1] == sw[1] && bw[2] == sw[2]);
    fd_expect_true("tape empty", bp_the_tape.top == 0 && !bp_tape_failed());

    static const double lo[] = {-2, -2, -2, -2, -2}, hi[] = {2, 2, 2, 2, 2};
    fd_check("f", 5, eval, grad, lo, hi, 20, 1);
    return fd_failures != 0;
}

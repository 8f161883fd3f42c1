// A loop with a break whose carried values are assigned in place: the
// counter's next value (i = again ? i + 1 : i) is stored into i before the
// end of the trip, so what the trip computed from the old i must not be
// printed after it.  bpgen printed r = erfc(w[i] * r) after the counter's
// update, reading w[i + 1]: a wrong value, in the primal part of the
// gradient (found by the 10,000 random programs, seed 3367).  The check
// that an inlined expression moves past no assignment of what it reads
// now looks inside it (w[i] * r, inside erfc).
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: FileCheck %s --check-prefix=CODE < %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// CODE-LABEL: double scaled_grad(
// CODE:               double [[T:t[0-9]+]] = w[i] * r;
// CODE:               i = again ? i + 1 : i;
// CODE-NEXT:          r = erfc([[T]]);
// CHECK: scaled: ok
// CHECK: through w too: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 6 };

BP_GRAD(x)
double scaled(double x, const double *w, int m) {
    double r = 0.5;
    for (int i = 0; i < m; ++i) {
        r = erfc(w[i] * r);
        if (i > 2)
            break;
    }
    return x * r;
}

BP_GRAD(x, w)
double both(double x, const double *w, int m) {
    double r = x;
    for (int i = 0; i < m; ++i) {
        r = erfc(w[i] * r);
        if (i > 2)
            break;
    }
    return r;
}

double scaled_grad(double x, double *d_x, const double *w, int m);
double both_grad(double x, double *d_x, const double *w, double *d_w, int m);

static const double w0[N] = {0.3, -1.2, 0.8, 2.0, -0.5, 1.1};
static double eval_scaled(const double *p) { return scaled(p[0], w0, N); }
static double grad_scaled(const double *p, double *g) { return scaled_grad(p[0], g, w0, N); }
static double eval_both(const double *p) { return both(p[0], p + 1, N); }
static double grad_both(const double *p, double *g) { return both_grad(p[0], g, p + 1, g + 1, N); }

int main(void)
{
    double lo[N + 1], hi[N + 1];
    for (int i = 0; i <= N; i++)
        lo[i] = -1.5, hi[i] = 1.5;
    fd_check("scaled", 1, eval_scaled, grad_scaled, lo, hi, 20, 1);
    fd_check("through w too", N + 1, eval_both, grad_both, lo, hi, 20, 2);
    return fd_failures != 0;
}

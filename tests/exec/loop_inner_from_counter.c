// An inner loop whose counter starts from the outer for's counter and
// steps by 2 (a while loop inside): its carried variable must be a new
// one, not the outer counter's, which the for goes on stepping.  bpgen
// reused i for j: the outer loop ran wrong and its reverse popped more
// than was pushed (found by the 10,000 random programs, seed 8358).
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: FileCheck %s --check-prefix=CODE < %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
// CODE-LABEL: double pairs_grad(
// CODE:           for (int i = 0; i < m; i++) {
// CODE-NEXT:          int j = i;
// CHECK: pairs: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 7 };

BP_GRAD(w)
double pairs(const double *w, int m) {
    double r = 0;
    for (int i = 0; i < m; ++i) {
        for (int j = i; j < m; j += 2)      /* i's only use */
            r += cosh(tanh(w[j] * r));
        r += 0.25;
    }
    return r;
}

double pairs_grad(const double *w, double *d_w, int m);

static double eval(const double *p) { return pairs(p, N); }
static double grad(const double *p, double *g) { return pairs_grad(p, g, N); }

int main(void)
{
    double lo[N], hi[N];
    for (int i = 0; i < N; i++)
        lo[i] = -1.5, hi[i] = 1.5;
    fd_check("pairs", N, eval, grad, lo, hi, 20, 1);
    return fd_failures != 0;
}

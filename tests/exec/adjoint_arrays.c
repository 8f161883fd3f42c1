// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// A user's own array primitive through BP_ADJOINT: scale_into writes y =
// k x, its adjoint adds into d_k and d_x and clears d_y (what scale_into
// overwrote does not reach the result through y).  The model writes y
// before the call too, and reads it, so an adjoint that left d_y as it was
// would send the later reads' adjoints into that earlier write.
//
// CHECK: scale_into through its adjoint: ok
#include <bpgen.h>

#include "fdcheck.h"

/* From "another file": bpgen sees only the declarations. */
void scale_into(int n, double k, const double *x, double *y);
void scale_into_adj(int n, double k, double *d_k, const double *x, double *d_x, double *y,
                    double *d_y);
BP_ADJOINT(scale_into, scale_into_adj);

BP_GRAD(x, k)
double f(const double *x, double k)
{
    double y[3];
    for (int i = 0; i < 3; i++)
        y[i] = x[i] * x[i];
    double s = y[0] * y[1];
    scale_into(3, k, x, y);
    return s + y[1] * y[2] + y[0];
}

double f_grad(const double *x, double *d_x, double k, double *d_k);

void scale_into(int n, double k, const double *x, double *y)
{
    for (int i = 0; i < n; i++)
        y[i] = k * x[i];
}

void scale_into_adj(int n, double k, double *d_k, const double *x, double *d_x, double *y,
                    double *d_y)
{
    (void)y;
    for (int i = 0; i < n; i++) {
        if (d_k)
            *d_k += x[i] * d_y[i];
        if (d_x)
            d_x[i] += k * d_y[i];
        d_y[i] = 0;
    }
}

static double eval(const double *p) { return f(p, p[3]); }
static double grad(const double *p, double *g) { return f_grad(p, g, p[3], g + 3); }

int main(void)
{
    static const double lo[4] = {-1, -1, -1, -1}, hi[4] = {1, 1, 1, 1};
    fd_check("scale_into through its adjoint", 4, eval, grad, lo, hi, 20, 1);
    return fd_failures != 0;
}

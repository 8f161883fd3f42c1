// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// The first example of the lecture notes: f(x, y, z) = (x + y)·z, with the
// intermediate q = x + y.  At x = -2, y = 5, z = -4 the notes give q = 3,
// f = -12, df/dz = q = 3, df/dq = z = -4 and, through the add gate,
// df/dx = df/dy = -4.  Those numbers are printed and compared exactly (every
// step is exact in binary), then the gradient is checked against finite
// differences on a box around the point.
//
// CHECK:      f = -12
// CHECK-NEXT: df/dx = -4
// CHECK-NEXT: df/dy = -4
// CHECK-NEXT: df/dz = 3
// CHECK-NEXT: notes' values: ok
// CHECK-NEXT: (x+y)z: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x, y, z)
double f(double x, double y, double z)
{
    double q = x + y;
    return q * z;
}

double f_grad(double x, double *d_x, double y, double *d_y, double z, double *d_z);

static double eval(const double *p)
{
    return f(p[0], p[1], p[2]);
}

static double grad(const double *p, double *g)
{
    return f_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2]);
}

int main(void)
{
    double dx = 0, dy = 0, dz = 0;
    double v = f_grad(-2, &dx, 5, &dy, -4, &dz);
    printf("f = %g\ndf/dx = %g\ndf/dy = %g\ndf/dz = %g\n", v, dx, dy, dz);
    fd_expect_true("notes' values", v == -12 && dx == -4 && dy == -4 && dz == 3);

    static const double lo[] = {-5, -5, -5}, hi[] = {5, 5, 5};
    fd_check("(x+y)z", 3, eval, grad, lo, hi, 20, 1);
    return fd_failures != 0;
}

// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Pointer offsets: a local pointer x + k read as p[i] in a loop, &x[i],
// *(x + i), and a pointer to a row of a matrix (W + j * D) in a nested
// loop.
//
// CHECK:      x + k: ok
// CHECK-NEXT: &x[i]: ok
// CHECK-NEXT: *(x + i): ok
// CHECK-NEXT: row pointer: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 6 };

BP_GRAD(x)
double offset(const double *x, int k, int n)
{
    const double *p = x + k;
    double s = 0;
    for (int i = 0; i < n; i++)
        s += p[i] * x[i] + sin(p[i]);
    return s;
}

BP_GRAD(x)
double address(const double *x)
{
    const double *p = &x[1];
    return p[0] * p[1] + *&x[2] * x[0];
}

BP_GRAD(x)
double deref(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += *(x + i) * x[n - 1 - i];
    return s;
}

BP_GRAD(W, x)
double rows(const double *W, const double *x, int h, int d)
{
    double s = 0;
    for (int j = 0; j < h; j++) {
        const double *row = W + j * d;
        double y = 0;
        for (int i = 0; i < d; i++)
            y += row[i] * x[i];
        s += tanh(y);
    }
    return s;
}

double offset_grad(const double *x, double *d_x, int k, int n);
double address_grad(const double *x, double *d_x);
double deref_grad(const double *x, double *d_x, int n);
double rows_grad(const double *W, double *d_W, const double *x, double *d_x, int h, int d);

static double eval_offset(const double *p) { return offset(p, 2, 4); }
static double grad_offset(const double *p, double *g) { return offset_grad(p, g, 2, 4); }
static double eval_address(const double *p) { return address(p); }
static double grad_address(const double *p, double *g) { return address_grad(p, g); }
static double eval_deref(const double *p) { return deref(p, N); }
static double grad_deref(const double *p, double *g) { return deref_grad(p, g, N); }
/* p = (W (2×3), x (3)) */
static double eval_rows(const double *p) { return rows(p, p + 6, 2, 3); }
static double grad_rows(const double *p, double *g) { return rows_grad(p, g, p + 6, g + 6, 2, 3); }

int main(void)
{
    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5},
                        hi[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("x + k", N, eval_offset, grad_offset, lo, hi, 20, 1);
    fd_check("&x[i]", 3, eval_address, grad_address, lo, hi, 20, 2);
    fd_check("*(x + i)", N, eval_deref, grad_deref, lo, hi, 20, 3);
    fd_check("row pointer", 9, eval_rows, grad_rows, lo, hi, 20, 4);
    return fd_failures != 0;
}

// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Local arrays: fixed-size, zero-initialized with `= {0}` and accumulated
// into; partly initialized (`= {1, 2}`, the rest zero) and then filled;
// initialized from active values (`= {x[0], x[1] * 2}`); C99
// variable-length arrays sized by a parameter; an array written in one
// loop and read in another; elements overwritten (a prefix sum computed in
// place, a second pass that overwrites every element with a product of
// neighbours); a local array carrying a recurrence (t[i] from t[i-1]).
//
// CHECK:      prefix sums of (1, 2, 3): 1 3 6, sum 10, d = (3, 2, 1)
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: = {0} accumulated: ok
// CHECK-NEXT: partly initialized: ok
// CHECK-NEXT: initialized from x: ok
// CHECK-NEXT: vla: ok
// CHECK-NEXT: written, then read: ok
// CHECK-NEXT: prefix sum in place: ok
// CHECK-NEXT: overwritten with neighbours: ok
// CHECK-NEXT: recurrence in an array: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 5 };

/* three weighted sums of x in h, then sum h^2 */
BP_GRAD(x)
double zero_init(const double *x, int n)
{
    double h[3] = {0};
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < n; i++)
            h[j] += x[i] * (i - j);
    double s = 0;
    for (int j = 0; j < 3; j++)
        s += h[j] * h[j];
    return s;
}

BP_GRAD(x)
double partly(const double *x, int n)
{
    double c[4] = {1, 2};
    for (int i = 2; i < 4; i++)
        c[i] = x[i] * x[i - 2];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += c[i % 4] * x[i];
    return s;
}

BP_GRAD(x)
double from_x(const double *x)
{
    double c[3] = {x[0], x[1] * 2, 0.5};
    double s = 0;
    for (int i = 0; i < 3; i++)
        s += c[i] * c[(i + 1) % 3] * x[i + 1];
    return s;
}

BP_GRAD(x)
double vla(int n, const double *x)
{
    double t[n];
    for (int i = 0; i < n; i++)
        t[i] = x[i] * x[(i + 1) % n];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += t[i] * t[n - 1 - i];
    return s;
}

BP_GRAD(x)
double written_then_read(const double *x, int n)
{
    double t[N];
    for (int i = 0; i < n; i++)
        t[i] = x[i] * x[i] + x[(i + 2) % n];
    double s = 0;
    for (int i = n - 1; i >= 0; i--)
        s += t[i] * x[i];
    return s;
}

BP_GRAD(x)
double prefix_sum(const double *x, int n)
{
    double t[N];
    for (int i = 0; i < n; i++)
        t[i] = x[i] * 1;
    for (int i = 1; i < n; i++)
        t[i] += t[i - 1];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += t[i];
    return s;
}

BP_GRAD(x)
double neighbours(const double *x, int n)
{
    double t[N];
    for (int i = 0; i < n; i++)
        t[i] = x[i] + 0.5 * x[(i + 1) % n];
    for (int i = 1; i < n; i++)
        t[i] = t[i] * t[i - 1];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += t[i] * (i + 1);
    return s;
}

BP_GRAD(x)
double array_recurrence(const double *x, int n)
{
    double t[N + 1] = {1};
    for (int i = 1; i <= n; i++)
        t[i] = t[i - 1] * x[i - 1] + x[i - 1] * x[i - 1];
    return t[n];
}

double zero_init_grad(const double *x, double *d_x, int n);
double partly_grad(const double *x, double *d_x, int n);
double from_x_grad(const double *x, double *d_x);
double vla_grad(int n, const double *x, double *d_x);
double written_then_read_grad(const double *x, double *d_x, int n);
double prefix_sum_grad(const double *x, double *d_x, int n);
double neighbours_grad(const double *x, double *d_x, int n);
double array_recurrence_grad(const double *x, double *d_x, int n);

#define WRAP(name, ...)                                                                  \
    static double eval_##name(const double *p) { return name(p, __VA_ARGS__); }        \
    static double grad_##name(const double *p, double *g)                              \
    {                                                                                  \
        return name##_grad(p, g, __VA_ARGS__);                                         \
    }
WRAP(zero_init, N)
WRAP(partly, N)
WRAP(written_then_read, N)
WRAP(prefix_sum, N)
WRAP(neighbours, N)
WRAP(array_recurrence, N)

static double eval_from_x(const double *p) { return from_x(p); }
static double grad_from_x(const double *p, double *g) { return from_x_grad(p, g); }
static double eval_vla(const double *p) { return vla(N, p); }
static double grad_vla(const double *p, double *g) { return vla_grad(N, p, g); }

int main(void)
{
    const double x[3] = {1, 2, 3};
    double d[3] = {0};
    double f = prefix_sum_grad(x, d, 3);
    printf("prefix sums of (1, 2, 3): 1 3 6, sum %g, d = (%g, %g, %g)\n", f, d[0], d[1], d[2]);
    fd_expect_true("closed form", f == 10 && d[0] == 3 && d[1] == 2 && d[2] == 1);

    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5},
                        hi[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("= {0} accumulated", N, eval_zero_init, grad_zero_init, lo, hi, 20, 1);
    fd_check("partly initialized", N, eval_partly, grad_partly, lo, hi, 20, 2);
    fd_check("initialized from x", 4, eval_from_x, grad_from_x, lo, hi, 20, 3);
    fd_check("vla", N, eval_vla, grad_vla, lo, hi, 20, 4);
    fd_check("written, then read", N, eval_written_then_read, grad_written_then_read, lo, hi,
             20, 5);
    fd_check("prefix sum in place", N, eval_prefix_sum, grad_prefix_sum, lo, hi, 20, 6);
    fd_check("overwritten with neighbours", N, eval_neighbours, grad_neighbours, lo, hi, 20, 7);
    fd_check("recurrence in an array", N, eval_array_recurrence, grad_array_recurrence, lo, hi,
             20, 8);
    return fd_failures != 0;
}

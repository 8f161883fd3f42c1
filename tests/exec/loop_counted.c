// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Counted for loops (one counter, a constant step of 1, a bound fixed
// before the loop), one model per shape of loop header: counting up with
// i < n, i <= n and i != n; counting down with i > 0; i-- and i >= 0;
// bounds that are expressions of the parameters (n - 1, 2 * n, a start k
// given as a parameter); long and size_t counters, unsigned ones over
// empty ranges, an int counter below an unsigned bound, char and short
// counters over more trips than they hold.  And the loop bodies of
// the issue: accumulations s += ..., products p *= x[i], a dot product of
// two named arrays, a scalar named in BP_GRAD used in every iteration (its
// adjoint sums over the iterations), and recurrences whose order matters,
// so that a reverse sweep visiting the iterations in the wrong order, or
// with the wrong saved values, shows.  Every accumulator here starts from
// a constant: loops whose carried value starts from an active one are in
// loop_carry_in.c; loops that are not counted (--i, i += 2, while, do) in
// loop_general.c.  The first lines are values known in closed form; then
// every model against finite differences at 20 random points.
//
// CHECK:      sum of squares of (1, 2, 3) = 14, d = (2, 4, 6)
// CHECK-NEXT: product of (2, 3, 4) = 24, d = (12, 8, 6)
// CHECK-NEXT: dot((1, 2, 3), (4, 5, 6)) = 32, d_a = (4, 5, 6), d_b = (1, 2, 3)
// CHECK-NEXT: closed forms: ok
// CHECK-NEXT: i < n: ok
// CHECK-NEXT: i <= n: ok
// CHECK-NEXT: i != n: ok
// CHECK-NEXT: i > 0; i--: ok
// CHECK-NEXT: i >= 0; i--: ok
// CHECK-NEXT: i < n - 1: ok
// CHECK-NEXT: i < 2 * n: ok
// CHECK-NEXT: i = k; i < n: ok
// CHECK-NEXT: long counter: ok
// CHECK-NEXT: size_t counter: ok
// CHECK-NEXT: size_t from a to n: ok
// CHECK-NEXT: unsigned down to a: ok
// CHECK-NEXT: unsigned, empty ranges: ok
// CHECK-NEXT: int i < unsigned n: ok
// CHECK-NEXT: int i from -1 < unsigned n: ok
// CHECK-NEXT: signed char counter, 200 trips: ok
// CHECK-NEXT: short counter, 40000 trips: ok
// CHECK-NEXT: sum of squares: ok
// CHECK-NEXT: product: ok
// CHECK-NEXT: dot: ok
// CHECK-NEXT: scalar used in every iteration: ok
// CHECK-NEXT: empty loops (n = 0): ok
#include <bpgen.h>
#include <math.h>
#include <stddef.h>

#include "fdcheck.h"

enum { N = 5 };

BP_GRAD(x)
double up_lt(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * (i + 1);
    return s;
}

/* reads x[0..n]: n + 1 elements */
BP_GRAD(x)
double up_le(const double *x, int n)
{
    double s = 1;
    for (int i = 0; i <= n; i++)
        s = s * 0.5 + sin(x[i]) * s;
    return s;
}

BP_GRAD(x)
double up_ne(const double *x, int n)
{
    double s = 0.25;
    for (int i = 0; i != n; ++i)
        s = s * x[i] * 0.5 + exp(x[i] * s * 0.25);
    return s;
}

BP_GRAD(x)
double down_gt(const double *x, int n)
{
    double s = 0;
    for (int i = n; i > 0; i--)
        s = s * x[i - 1] + 1;
    return s;
}

BP_GRAD(x)
double down_ge(const double *x, int n)
{
    double s = 0;
    for (int i = n - 1; i >= 0; i--)
        s = cos(s) + x[i] * i;
    return s;
}

BP_GRAD(x)
double pairs(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n - 1; i++)
        s += x[i] * x[i + 1] - tanh(x[i]);
    return s;
}

/* reads x[0..2n-1] */
BP_GRAD(x)
double twice_n(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < 2 * n; i++)
        s = s * 0.75 + x[i] * x[(i + 1) % (2 * n)];
    return s;
}

BP_GRAD(x)
double sum_squares(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

BP_GRAD(x)
double product(const double *x, int n)
{
    double p = 1;
    for (int i = 0; i < n; i++)
        p *= x[i];
    return p;
}

BP_GRAD(a, b)
double dot(const double *a, const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

BP_GRAD(x)
double from_k(const double *x, int k, int n)
{
    double s = 0;
    for (int i = k; i < n; i++)
        s = s * x[i] + x[i - k];
    return s;
}

BP_GRAD(x)
double long_counter(const double *x, long n)
{
    double s = 0;
    for (long i = 0; i < n; i++)
        s += x[i] * x[n - 1 - i] * cos(s);
    return s;
}

BP_GRAD(x)
double size_counter(const double *x, size_t n)
{
    double s = 0;
    for (size_t j = 0; j < n; j++)
        s = s * 0.5 + sqrt(1 + x[j] * x[j]) * x[n - 1 - j];
    return s;
}

/* Unsigned counters from a start past the bound: the loop does not run,
 * and n - a wraps (the gradient popped a span of 2^64 - 2 elements). */
BP_GRAD(x)
double size_from(const double *x, size_t a, size_t n)
{
    double s = 1;
    for (size_t j = a; j < n; j++)
        s = s * sin(x[j]) + x[j];
    return s;
}

BP_GRAD(x)
double unsigned_down(const double *x, unsigned n, unsigned a)
{
    double s = 1;
    for (unsigned j = n; j >= a; j--)
        s = s * cos(x[j - 1]) + x[j - 1];
    return s;
}

/* int i < unsigned n compares (unsigned)i: from m = -1 the loop does not
 * run, and the gradient ran it back from n (found in review). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
BP_GRAD(x)
double int_below_unsigned(const double *x, int m, unsigned n)
{
    double s = 0;
    for (int i = m; i < n; i++)
        s = s * cos(x[i + 1]) + x[i + 1];
    return s;
}
#pragma GCC diagnostic pop

/* A signed char counter over 200 trips: counted in int, not in the
 * counter's type (-56 trips).  A short one over 40,000. */
BP_GRAD(w, a)
double char_counter(const double *w, double a, signed char lo, signed char hi)
{
    double s = 1;
    for (signed char i = lo; i < hi; i++)
        s = s * sin(w[(i + 128) % 5]) + w[(i + 128) % 5] * a;
    return s;
}

BP_GRAD(a)
double short_counter(double a, short lo, short hi)
{
    double s = 0;
    for (short i = lo; i < hi; i++)
        s += sin(a * i * 1e-5);
    return s;
}

/* a scalar named in BP_GRAD read in every iteration */
BP_GRAD(a, x)
double every_iteration(double a, const double *x, int n)
{
    double t = 0;
    for (int i = 0; i < n; i++) {
        double u = t * a;
        t = u + x[i] * a - a * a * 0.125;
    }
    return t;
}

double up_lt_grad(const double *x, double *d_x, int n);
double up_le_grad(const double *x, double *d_x, int n);
double up_ne_grad(const double *x, double *d_x, int n);
double down_gt_grad(const double *x, double *d_x, int n);
double down_ge_grad(const double *x, double *d_x, int n);
double pairs_grad(const double *x, double *d_x, int n);
double twice_n_grad(const double *x, double *d_x, int n);
double sum_squares_grad(const double *x, double *d_x, int n);
double product_grad(const double *x, double *d_x, int n);
double dot_grad(const double *a, double *d_a, const double *b, double *d_b, int n);
double from_k_grad(const double *x, double *d_x, int k, int n);
double long_counter_grad(const double *x, double *d_x, long n);
double size_counter_grad(const double *x, double *d_x, size_t n);
double every_iteration_grad(double a, double *d_a, const double *x, double *d_x, int n);
double size_from_grad(const double *x, double *d_x, size_t a, size_t n);
double int_below_unsigned_grad(const double *x, double *d_x, int m, unsigned n);
double char_counter_grad(const double *w, double *d_w, double a, double *d_a, signed char lo,
                         signed char hi);
double short_counter_grad(double a, double *d_a, short lo, short hi);
double unsigned_down_grad(const double *x, double *d_x, unsigned n, unsigned a);

/* Wrappers: p holds the array, the integer arguments are fixed. */
#define WRAP(name, ...)                                                                  \
    static double eval_##name(const double *p) { return name(p, __VA_ARGS__); }        \
    static double grad_##name(const double *p, double *g)                              \
    {                                                                                  \
        return name##_grad(p, g, __VA_ARGS__);                                         \
    }
WRAP(up_lt, N)
WRAP(up_le, N - 1)
WRAP(up_ne, N)
WRAP(down_gt, N)
WRAP(down_ge, N)
WRAP(pairs, N)
WRAP(twice_n, 3)
WRAP(from_k, 2, N)
WRAP(long_counter, 5L)
WRAP(size_counter, (size_t)5)
WRAP(sum_squares, N)
WRAP(size_from, (size_t)1, (size_t)N)
WRAP(unsigned_down, N, 2u)

WRAP(int_below_unsigned, 0, 4u)

/* int from -1 below unsigned 4: no trip. */
static double eval_below_empty(const double *p) { return int_below_unsigned(p, -1, 4u); }
static double grad_below_empty(const double *p, double *g)
{
    return int_below_unsigned_grad(p, g, -1, 4u);
}

/* p = (a, w[0 .. 5)) */
static double eval_char(const double *p) { return char_counter(p + 1, p[0], -100, 100); }
static double grad_char(const double *p, double *g)
{
    return char_counter_grad(p + 1, g + 1, p[0], &g[0], -100, 100);
}
static double eval_short(const double *p) { return short_counter(p[0], -20000, 20000); }
static double grad_short(const double *p, double *g)
{
    return short_counter_grad(p[0], g, -20000, 20000);
}

/* Unsigned loops over empty ranges: from 3 up to 1, from 1 down to 3. */
static double eval_unsigned_empty(const double *p)
{
    return size_from(p, 3, 1) + unsigned_down(p, 1, 3);
}

static double grad_unsigned_empty(const double *p, double *g)
{
    return size_from_grad(p, g, 3, 1) + unsigned_down_grad(p, g, 1, 3);
}
WRAP(product, N)

/* p = (a0..a4, b0..b4) */
static double eval_dot(const double *p) { return dot(p, p + N, N); }
static double grad_dot(const double *p, double *g) { return dot_grad(p, g, p + N, g + N, N); }

/* p = (a, x0..x4) */
static double eval_every(const double *p) { return every_iteration(p[0], p + 1, N); }
static double grad_every(const double *p, double *g)
{
    return every_iteration_grad(p[0], &g[0], p + 1, &g[1], N);
}

/* n = 0: the value is the initial one and no adjoint moves, except up_le's
 * (i <= 0 runs once) */
static double eval_empty(const double *p)
{
    return up_lt(p, 0) + product(p, 0) + up_le(p, 0) + dot(p, p, 0) + every_iteration(p[1], p, 0);
}

static double grad_empty(const double *p, double *g)
{
    return up_lt_grad(p, g, 0) + product_grad(p, g, 0) + up_le_grad(p, g, 0) +
           dot_grad(p, g, p, g, 0) + every_iteration_grad(p[1], &g[1], p, g, 0);
}

int main(void)
{
    const double x3[3] = {1, 2, 3};
    double d3[3] = {0};
    double f = sum_squares_grad(x3, d3, 3);
    printf("sum of squares of (1, 2, 3) = %g, d = (%g, %g, %g)\n", f, d3[0], d3[1], d3[2]);
    int ok = f == 14 && d3[0] == 2 && d3[1] == 4 && d3[2] == 6;

    const double y3[3] = {2, 3, 4};
    double e3[3] = {0};
    f = product_grad(y3, e3, 3);
    printf("product of (2, 3, 4) = %g, d = (%g, %g, %g)\n", f, e3[0], e3[1], e3[2]);
    ok &= f == 24 && e3[0] == 12 && e3[1] == 8 && e3[2] == 6;

    const double b3[3] = {4, 5, 6};
    double da[3] = {0}, db[3] = {0};
    f = dot_grad(x3, da, b3, db, 3);
    printf("dot((1, 2, 3), (4, 5, 6)) = %g, d_a = (%g, %g, %g), d_b = (%g, %g, %g)\n", f, da[0],
           da[1], da[2], db[0], db[1], db[2]);
    ok &= f == 32 && da[0] == 4 && da[1] == 5 && da[2] == 6 && db[0] == 1 && db[1] == 2 &&
          db[2] == 3;
    fd_expect_true("closed forms", ok);

    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5},
                        hi[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("i < n", N, eval_up_lt, grad_up_lt, lo, hi, 20, 1);
    fd_check("i <= n", N, eval_up_le, grad_up_le, lo, hi, 20, 2);
    fd_check("i != n", N, eval_up_ne, grad_up_ne, lo, hi, 20, 3);
    fd_check("i > 0; i--", N, eval_down_gt, grad_down_gt, lo, hi, 20, 4);
    fd_check("i >= 0; i--", N, eval_down_ge, grad_down_ge, lo, hi, 20, 5);
    fd_check("i < n - 1", N, eval_pairs, grad_pairs, lo, hi, 20, 7);
    fd_check("i < 2 * n", 6, eval_twice_n, grad_twice_n, lo, hi, 20, 8);
    fd_check("i = k; i < n", N, eval_from_k, grad_from_k, lo, hi, 20, 9);
    fd_check("long counter", 5, eval_long_counter, grad_long_counter, lo, hi, 20, 10);
    fd_check("size_t counter", 5, eval_size_counter, grad_size_counter, lo, hi, 20, 11);
    fd_check("size_t from a to n", N, eval_size_from, grad_size_from, lo, hi, 20, 12);
    fd_check("unsigned down to a", N, eval_unsigned_down, grad_unsigned_down, lo, hi, 20, 13);
    fd_check("unsigned, empty ranges", 2, eval_unsigned_empty, grad_unsigned_empty, lo, hi, 20,
             16);
    fd_check("int i < unsigned n", N, eval_int_below_unsigned, grad_int_below_unsigned, lo, hi,
             20, 20);
    fd_check("int i from -1 < unsigned n", N, eval_below_empty, grad_below_empty, lo, hi, 20, 21);
    fd_check("signed char counter, 200 trips", 6, eval_char, grad_char, lo, hi, 20, 22);
    fd_check("short counter, 40000 trips", 1, eval_short, grad_short, lo, hi, 20, 23);
    fd_check("sum of squares", N, eval_sum_squares, grad_sum_squares, lo, hi, 20, 14);
    fd_check("product", N, eval_product, grad_product, lo, hi, 20, 15);
    fd_check("dot", 2 * N, eval_dot, grad_dot, lo, hi, 20, 17);
    fd_check("scalar used in every iteration", N + 1, eval_every, grad_every, lo, hi, 20, 18);
    fd_check("empty loops (n = 0)", 2, eval_empty, grad_empty, lo, hi, 20, 19);
    return fd_failures != 0;
}

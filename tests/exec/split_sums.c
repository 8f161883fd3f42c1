// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Reverse loops whose adjoint sums are split in two (split.c), checked
// against finite differences at every number of trips from 0 to 9 (0 to 6
// for the inner loops of tri): none,
// one (the odd trip alone), two (one pair), and odd and even numbers of
// pairs with and without the odd trip.  Int and size_t counters; a loop
// with two sums; the sums of an inner loop restart at every trip of the
// outer one.  Then what review found: bounds whose difference overflows an
// int when the loop does not run (b - a is computed only where b > a; the
// sanitizer pass would report it); an inner counter named as the outer one
// (the pair's counter took the name and read itself); loops of known trips,
// odd and even.
//
// CHECK-COUNT-8: tri, d = {{[0-9]}}: ok
// CHECK-COUNT-8: tri over size_t, d = {{[0-9]}}: ok
// CHECK-COUNT-10: two sums, n = {{[0-9]}}: ok
// CHECK-NEXT: empty window from 2e9 down to -2e9: ok
// CHECK-NEXT: window 3 to 12: ok
// CHECK-NEXT: inner counter named as the outer: ok
// CHECK-NEXT: known trips, nine and twelve: ok
#include <bpgen.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include "fdcheck.h"

BP_GRAD(l, x)
double tri(const double *l, const double *x, int d)
{
    double s = 0;
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++)
            s += l[i * d + j] * sin(x[i]) * x[j];
    return s;
}

BP_GRAD(l, x)
double tri_size(const double *l, const double *x, size_t d)
{
    double s = 0;
    for (size_t i = 0; i < d; i++)
        for (size_t j = i + 1; j < d; j++)
            s += l[i * d + j] * x[i] * cos(x[j]);
    return s;
}

BP_GRAD(w, a, b)
double two_sums(const double *w, double a, double b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sin(w[i] * a) + w[i] * b * b;
    return s;
}

BP_GRAD(w, a)
double window(const double *w, double a, int lo, int hi)
{
    double s = 0;
    for (int i = lo; i < hi; i++)
        s += w[i - lo] * a;
    return s;
}

BP_GRAD(w, a)
double same_name(const double *w, double a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        int m = i;
        for (int i = 0; i < m; i++)
            s += w[i] * a;
    }
    return s;
}

BP_GRAD(w, a)
double known(const double *w, double a)
{
    double s = 0;
    for (int i = 2; i < 11; i++)
        s += w[i] * sin(a * i);
    for (int i = 0; i < 12; i++)
        s += w[i] * a * a;
    return s;
}

double tri_grad(const double *l, double *d_l, const double *x, double *d_x, int d);
double tri_size_grad(const double *l, double *d_l, const double *x, double *d_x, size_t d);
double two_sums_grad(const double *w, double *d_w, double a, double *d_a, double b, double *d_b,
                     int n);

double window_grad(const double *w, double *d_w, double a, double *d_a, int lo, int hi);
double same_name_grad(const double *w, double *d_w, double a, double *d_a, int n);
double known_grad(const double *w, double *d_w, double a, double *d_a);

static int size;                        /* d or n of the check running */

/* p = (l[0 .. d*d), x[0 .. d)) */
static double eval_tri(const double *p) { return tri(p, p + size * size, size); }
static double grad_tri(const double *p, double *g)
{
    return tri_grad(p, g, p + size * size, g + size * size, size);
}
static double eval_tri_size(const double *p)
{
    return tri_size(p, p + size * size, (size_t)size);
}
static double grad_tri_size(const double *p, double *g)
{
    return tri_size_grad(p, g, p + size * size, g + size * size, (size_t)size);
}

/* p = (a, b, w[0 .. n)) */
static double eval_two(const double *p) { return two_sums(p + 2, p[0], p[1], size); }
static double grad_two(const double *p, double *g)
{
    return two_sums_grad(p + 2, g + 2, p[0], &g[0], p[1], &g[1], size);
}

/* p = (a, w[0 .. 12)) */
static double eval_empty(const double *p) { return window(p + 1, p[0], 2000000000, -2000000000); }
static double grad_empty(const double *p, double *g)
{
    return window_grad(p + 1, g + 1, p[0], &g[0], 2000000000, -2000000000);
}
static double eval_window(const double *p) { return window(p + 1, p[0], 3, 12); }
static double grad_window(const double *p, double *g)
{
    return window_grad(p + 1, g + 1, p[0], &g[0], 3, 12);
}
static double eval_same(const double *p) { return same_name(p + 1, p[0], 9); }
static double grad_same(const double *p, double *g)
{
    return same_name_grad(p + 1, g + 1, p[0], &g[0], 9);
}
static double eval_known(const double *p) { return known(p + 1, p[0]); }
static double grad_known(const double *p, double *g)
{
    return known_grad(p + 1, g + 1, p[0], &g[0]);
}

int main(void)
{
    static double lo[100], hi[100];
    for (int i = 0; i < 100; i++)
        lo[i] = -1.5, hi[i] = 1.5;
    char name[64];
    for (size = 0; size < 8; size++) {      /* inner loops of 0 to 6 trips */
        snprintf(name, sizeof name, "tri, d = %d", size);
        fd_check(name, size * size + size + (size == 0), eval_tri, grad_tri, lo, hi, 5, 1);
    }
    for (size = 0; size < 8; size++) {
        snprintf(name, sizeof name, "tri over size_t, d = %d", size);
        fd_check(name, size * size + size + (size == 0), eval_tri_size, grad_tri_size, lo, hi, 5,
                 2);
    }
    for (size = 0; size < 10; size++) {
        snprintf(name, sizeof name, "two sums, n = %d", size);
        fd_check(name, size + 2, eval_two, grad_two, lo, hi, 5, 3);
    }
    fd_check("empty window from 2e9 down to -2e9", 13, eval_empty, grad_empty, lo, hi, 5, 4);
    fd_check("window 3 to 12", 13, eval_window, grad_window, lo, hi, 5, 5);
    fd_check("inner counter named as the outer", 13, eval_same, grad_same, lo, hi, 5, 6);
    fd_check("known trips, nine and twelve", 13, eval_known, grad_known, lo, hi, 5, 7);
    return fd_failures != 0;
}

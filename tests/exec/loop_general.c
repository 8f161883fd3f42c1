// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Loops that bpgen runs as general loops, with a trip count saved for the
// reverse sweep: for loops with --i in the condition, non-unit steps up and
// down (i += 2, i -= 2), a counter declared before the loop and read after
// it; while and do-while loops; a do-while that runs once when its
// condition is false at once; a loop whose end depends on the values
// (Newton's iteration for sqrt until `err > tol && it < max` fails, and
// a fixed-point iteration x = cos(x)/a); continue in a while loop; return
// inside a loop (taken or not) and inside a nested loop.
//
// CHECK:      newton sqrt(2) = 1.41421356237, d/da = 0.353553390593
// CHECK-NEXT: closed form: ok
// CHECK-NEXT: --i: ok
// CHECK-NEXT: i += 2: ok
// CHECK-NEXT: i -= 2: ok
// CHECK-NEXT: counter declared before: ok
// CHECK-NEXT: while: ok
// CHECK-NEXT: do-while: ok
// CHECK-NEXT: do-while once: ok
// CHECK-NEXT: newton until converged: ok
// CHECK-NEXT: fixed point of cos(x)/a: ok
// CHECK-NEXT: continue in while: ok
// CHECK-NEXT: return in loop, taken: ok
// CHECK-NEXT: return in loop, not taken: ok
// CHECK-NEXT: return in nested loop (stop = 4): ok
// CHECK-NEXT: return in nested loop (stop = 99): ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { N = 5 };

BP_GRAD(x)
double down_pre(const double *x, int n)
{
    double s = 1;
    for (int i = n; --i >= 0;)
        s = s * x[i] + x[i] * x[i];
    return s;
}

BP_GRAD(x)
double step_up(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i += 2)
        s = s * x[i + 1] + x[i];
    return s;
}

BP_GRAD(x)
double step_down(const double *x, int n)
{
    double s = 1;
    for (int i = n - 1; i >= 0; i -= 2)
        s = sin(s) * x[i] + x[i] * x[i];
    return s;
}

BP_GRAD(x)
double declared_before(const double *x, int n)
{
    int i;
    double s = 0;
    for (i = 0; i < n; i++)
        s = s * s * 0.5 + x[i];
    return s + x[i - 1];
}

BP_GRAD(x)
double while_loop(const double *x, int n)
{
    double s = 0;
    int i = 0;
    while (i < n) {
        s = s * x[i] + 1;
        i++;
    }
    return s;
}

BP_GRAD(x)
double do_while(const double *x, int n)
{
    double s = 0;
    int i = 0;
    do {
        s = sin(s) + x[i] * (i + 1);
        i++;
    } while (i < n);
    return s;
}

/* r = 0.5 (r + a/r) from r = 1 until the step is below tol */
BP_GRAD(a)
double newton_sqrt(double a, double tol, int max)
{
    double r = 1;
    double err = 1;
    int it = 0;
    while (err > tol && it < max) {
        double next = 0.5 * (r + a / r);
        err = fabs(next - r);
        r = next;
        it++;
    }
    return r;
}

/* x = cos(x) / a from x = 0, to convergence: x* solves a x = cos x */
BP_GRAD(a)
double fixed_point(double a)
{
    double x = 0, err = 1;
    int it = 0;
    while (err > 1e-14 && it < 200) {
        double next = cos(x) / a;
        err = fabs(next - x);
        x = next;
        it = it + 1;
    }
    return x;
}

BP_GRAD(x)
double continue_while(const double *x, int n)
{
    double s = 0;
    int i = -1;
    while (i < n - 1) {
        i++;
        if (x[i] < 0)
            continue;
        s = s * 0.5 + x[i] * x[i] * x[i];
    }
    return s;
}

BP_GRAD(x)
double return_in_loop(const double *x, int n, double lim)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        s = s + x[i] * x[i];
        if (s > lim)
            return s * x[i];
    }
    return -s;
}

/* returns from the inner loop when j*D + i reaches stop */
BP_GRAD(W)
double return_nested(const double *W, int H, int D, int stop)
{
    double s = 0;
    for (int j = 0; j < H; j++) {
        double h = 0;
        for (int i = 0; i < D; i++) {
            h += W[j * D + i] * (i + 1);
            if (j * D + i == stop)
                return s + h * W[j * D + i];
        }
        s += tanh(h);
    }
    return s;
}

double down_pre_grad(const double *x, double *d_x, int n);
double step_up_grad(const double *x, double *d_x, int n);
double step_down_grad(const double *x, double *d_x, int n);
double declared_before_grad(const double *x, double *d_x, int n);
double while_loop_grad(const double *x, double *d_x, int n);
double do_while_grad(const double *x, double *d_x, int n);
double newton_sqrt_grad(double a, double *d_a, double tol, int max);
double fixed_point_grad(double a, double *d_a);
double continue_while_grad(const double *x, double *d_x, int n);
double return_in_loop_grad(const double *x, double *d_x, int n, double lim);
double return_nested_grad(const double *W, double *d_W, int H, int D, int stop);

#define WRAP(name, ...)                                                                  \
    static double eval_##name(const double *p) { return name(p, __VA_ARGS__); }        \
    static double grad_##name(const double *p, double *g)                              \
    {                                                                                  \
        return name##_grad(p, g, __VA_ARGS__);                                         \
    }
WRAP(down_pre, N)
WRAP(step_up, 6)
WRAP(step_down, 7)
WRAP(declared_before, N)
WRAP(while_loop, N)
WRAP(do_while, N)
WRAP(continue_while, 6)

static double eval_once(const double *p) { return do_while(p, 0); }
static double grad_once(const double *p, double *g) { return do_while_grad(p, g, 0); }

static double eval_newton(const double *p) { return newton_sqrt(p[0], 1e-13, 100); }
static double grad_newton(const double *p, double *g) { return newton_sqrt_grad(p[0], g, 1e-13, 100); }
static double eval_fixed(const double *p) { return fixed_point(p[0]); }
static double grad_fixed(const double *p, double *g) { return fixed_point_grad(p[0], g); }

static double lim;
static double eval_ret(const double *p) { return return_in_loop(p, N, lim); }
static double grad_ret(const double *p, double *g) { return return_in_loop_grad(p, g, N, lim); }

static int stop;
static double eval_nested(const double *p) { return return_nested(p, 3, 4, stop); }
static double grad_nested(const double *p, double *g) { return return_nested_grad(p, g, 3, 4, stop); }

int main(void)
{
    double da = 0;
    double r = newton_sqrt_grad(2, &da, 1e-15, 100);
    printf("newton sqrt(2) = %.12g, d/da = %.12g\n", r, da);
    fd_expect_true("closed form", fabs(r - sqrt(2)) < 1e-15 && fabs(da - 0.5 / sqrt(2)) < 1e-12);

    static const double lo[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5, -1.5,
                                -1.5, -1.5},
                        hi[] = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
    fd_check("--i", N, eval_down_pre, grad_down_pre, lo, hi, 20, 1);
    fd_check("i += 2", 6, eval_step_up, grad_step_up, lo, hi, 20, 2);
    fd_check("i -= 2", 7, eval_step_down, grad_step_down, lo, hi, 20, 3);
    fd_check("counter declared before", N, eval_declared_before, grad_declared_before, lo, hi,
             20, 4);
    fd_check("while", N, eval_while_loop, grad_while_loop, lo, hi, 20, 5);
    fd_check("do-while", N, eval_do_while, grad_do_while, lo, hi, 20, 6);
    fd_check("do-while once", 1, eval_once, grad_once, lo, hi, 20, 7);

    static const double alo[] = {0.1}, ahi[] = {10};
    fd_check("newton until converged", 1, eval_newton, grad_newton, alo, ahi, 20, 8);
    static const double flo[] = {0.5}, fhi[] = {4};
    fd_check("fixed point of cos(x)/a", 1, eval_fixed, grad_fixed, flo, fhi, 20, 9);

    /* x[i] < 0 skips: keep every entry away from 0 */
    static const double clo[] = {0.1, -1.5, 0.1, -1.5, 0.1, 0.1},
                        chi[] = {1.5, -0.1, 1.5, -0.1, 1.5, 1.5};
    fd_check("continue in while", 6, eval_continue_while, grad_continue_while, clo, chi, 20, 10);

    /* x[0]^2 + x[1]^2 > 1 for sure and x[0]^2 < 1, so it returns at i = 1 */
    static const double rlo[] = {-0.9, 1.1, -1.5, -1.5, -1.5}, rhi[] = {0.9, 1.5, 1.5, 1.5, 1.5};
    lim = 1;
    fd_check("return in loop, taken", N, eval_ret, grad_ret, rlo, rhi, 20, 11);
    lim = 100;
    fd_check("return in loop, not taken", N, eval_ret, grad_ret, lo, hi, 20, 12);
    stop = 4;
    fd_check("return in nested loop (stop = 4)", 12, eval_nested, grad_nested, lo, hi, 20, 13);
    stop = 99;
    fd_check("return in nested loop (stop = 99)", 12, eval_nested, grad_nested, lo, hi, 20, 14);
    return fd_failures != 0;
}

// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Returns inside branches: an early return before more statements; an
// if / else whose branches both return; an if without else that returns,
// followed by the fall-through path; returns nested two ifs deep with
// statements after the inner if; a return of a ternary; returns chosen by
// an integer parameter (mode), which is inactive.  Every path is taken by
// a box of its own, and checked against finite differences.
//
// CHECK:      early return: x < 0: ok
// CHECK-NEXT: early return: x > 0: ok
// CHECK-NEXT: both return: x > 0: ok
// CHECK-NEXT: both return: x < 0: ok
// CHECK-NEXT: no else: x > 1: ok
// CHECK-NEXT: no else: x < 1: ok
// CHECK-NEXT: deep: x > 0, y > 0: ok
// CHECK-NEXT: deep: x > 0, y < 0: ok
// CHECK-NEXT: deep: x < 0, y < 0: ok
// CHECK-NEXT: deep: x < 0, y > 0: ok
// CHECK-NEXT: ternary return: x > 2: ok
// CHECK-NEXT: ternary return: 1 < x < 2: ok
// CHECK-NEXT: ternary return: x < 1: ok
// CHECK-NEXT: mode 0: ok
// CHECK-NEXT: mode 1: ok
// CHECK-NEXT: mode 2: ok
// CHECK-NEXT: mode 3: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x)
double early(double x)
{
    if (x < 0)
        return -x * x;
    double y = x * x;
    y += 1;
    return log(y) * x;
}

BP_GRAD(x)
double both(double x)
{
    if (x > 0)
        return x * x;
    else
        return sin(x);
}

BP_GRAD(x)
double no_else(double x)
{
    double y = x * 2;
    if (x > 1) {
        y = y * x;
        return log(y);
    }
    y -= 1;
    return y * x;
}

BP_GRAD(x, y)
double deep(double x, double y)
{
    double r = x * y;
    if (x > 0) {
        if (y > 0)
            return r * r;
        r += y;
    } else if (y < 0) {
        return -r * x;
    }
    r = r * x;
    return r + sin(y);
}

BP_GRAD(x)
double ternary_return(double x)
{
    double y = x + 1;
    if (x > 1)
        return x > 2 ? y * x : x * x * y;
    return y * y * y;
}

BP_GRAD(x, y)
double by_mode(double x, double y, int mode)
{
    if (mode == 1)
        return x * y;
    double s = x + y;
    if (mode == 2 || mode == 3) {
        if (mode == 3)
            return s * s * x;
        return s / (1 + y * y);
    }
    return s * exp(-x);
}

double early_grad(double x, double *d_x);
double both_grad(double x, double *d_x);
double no_else_grad(double x, double *d_x);
double deep_grad(double x, double *d_x, double y, double *d_y);
double ternary_return_grad(double x, double *d_x);
double by_mode_grad(double x, double *d_x, double y, double *d_y, int mode);

#define WRAP1(f)                                                     \
    static double eval_##f(const double *p) { return f(p[0]); }     \
    static double grad_##f(const double *p, double *g) { return f##_grad(p[0], g); }
WRAP1(early)
WRAP1(both)
WRAP1(no_else)
WRAP1(ternary_return)

static double eval_deep(const double *p) { return deep(p[0], p[1]); }
static double grad_deep(const double *p, double *g)
{
    return deep_grad(p[0], &g[0], p[1], &g[1]);
}

static int mode;  /* of the current by_mode check */
static double eval_mode(const double *p) { return by_mode(p[0], p[1], mode); }
static double grad_mode(const double *p, double *g)
{
    return by_mode_grad(p[0], &g[0], p[1], &g[1], mode);
}

typedef struct {
    const char *name;
    double lo[2], hi[2];
} Box;

static void check_boxes(int n, fd_eval_fn eval, fd_grad_fn grad, const Box *boxes, int nboxes,
                        unsigned seed)
{
    for (int i = 0; i < nboxes; i++)
        fd_check(boxes[i].name, n, eval, grad, boxes[i].lo, boxes[i].hi, 20, seed + i);
}

#define COUNT(a) (int)(sizeof(a) / sizeof(a)[0])

static const Box early_boxes[] = {
    {"early return: x < 0", {-2}, {-0.05}},
    {"early return: x > 0", {0.05}, {2}},
};
static const Box both_boxes[] = {
    {"both return: x > 0", {0.05}, {2}},
    {"both return: x < 0", {-2}, {-0.05}},
};
static const Box no_else_boxes[] = {
    {"no else: x > 1", {1.05}, {3}},
    {"no else: x < 1", {-2}, {0.95}},
};
static const Box deep_boxes[] = {
    {"deep: x > 0, y > 0", {0.05, 0.05}, {2, 2}},
    {"deep: x > 0, y < 0", {0.05, -2}, {2, -0.05}},
    {"deep: x < 0, y < 0", {-2, -2}, {-0.05, -0.05}},
    {"deep: x < 0, y > 0", {-2, 0.05}, {-0.05, 2}},
};
static const Box ternary_boxes[] = {
    {"ternary return: x > 2", {2.05}, {3}},
    {"ternary return: 1 < x < 2", {1.05}, {1.95}},
    {"ternary return: x < 1", {-2}, {0.95}},
};

int main(void)
{
    check_boxes(1, eval_early, grad_early, early_boxes, COUNT(early_boxes), 1);
    check_boxes(1, eval_both, grad_both, both_boxes, COUNT(both_boxes), 10);
    check_boxes(1, eval_no_else, grad_no_else, no_else_boxes, COUNT(no_else_boxes), 20);
    check_boxes(2, eval_deep, grad_deep, deep_boxes, COUNT(deep_boxes), 30);
    check_boxes(1, eval_ternary_return, grad_ternary_return, ternary_boxes,
                COUNT(ternary_boxes), 40);

    static const char *names[] = {"mode 0", "mode 1", "mode 2", "mode 3"};
    static const double lo[] = {-2, -2}, hi[] = {2, 2};
    for (mode = 0; mode < 4; mode++)
        fd_check(names[mode], 2, eval_mode, grad_mode, lo, hi, 20, 50 + mode);
    return fd_failures != 0;
}

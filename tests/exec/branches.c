// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Control flow without returns in branches: if / else if / else, nested
// ifs, ternaries (nested, and as operands), conditions combining
// comparisons with && || !, a variable assigned in one branch only, a
// variable declared without an initializer and assigned in every branch,
// conditions on a variable the branches reassign, ReLU written as
// a > 0 ? a : 0 and a maximum written as if (b > m) m = b.  A gradient is
// only smooth inside one region of its branches, so every region gets its
// own box, and the finite differences never cross a boundary; together
// the boxes take every path.
//
// CHECK:      relu(0) = 0, d/dw = 0, d/db = 0
// CHECK-NEXT: max3(1, 3, 2): d/da = 0, d/db = 6, d/dc = 0
// CHECK-NEXT: exact points: ok
// CHECK-NEXT: else if: x < -1: ok
// CHECK-NEXT: else if: -1 < x < 1: ok
// CHECK-NEXT: else if: x > 1: ok
// CHECK-NEXT: nested: x > 0, y > 0: ok
// CHECK-NEXT: nested: x > 0, y < 0: ok
// CHECK-NEXT: nested: -1 < x < 0: ok
// CHECK-NEXT: nested: x < -1: ok
// CHECK-NEXT: ternary: x > y > 0: ok
// CHECK-NEXT: ternary: y > x > 0: ok
// CHECK-NEXT: ternary: y > 0 > x: ok
// CHECK-NEXT: ternary: x > y, y < 0: ok
// CHECK-NEXT: ternary: y > x, y < 0: ok
// CHECK-NEXT: logic: x > y, first true: ok
// CHECK-NEXT: logic: x < y, first true by &&: ok
// CHECK-NEXT: logic: x < y, first true by !: ok
// CHECK-NEXT: logic: x < y, first false: ok
// CHECK-NEXT: logic: x > y, first false: ok
// CHECK-NEXT: one branch: x > 0: ok
// CHECK-NEXT: one branch: x < 0: ok
// CHECK-NEXT: reassigned in condition: x > 1.23: ok
// CHECK-NEXT: reassigned in condition: 1 < x < 1.22: ok
// CHECK-NEXT: reassigned in condition: 0.71 < x < 1: ok
// CHECK-NEXT: reassigned in condition: |x| < 0.7: ok
// CHECK-NEXT: reassigned in condition: x < -1.23: ok
// CHECK-NEXT: inner: xy > 1: ok
// CHECK-NEXT: inner: x > 0, xy < 1: ok
// CHECK-NEXT: inner: x < 0: ok
// CHECK-NEXT: relu: a > 0: ok
// CHECK-NEXT: relu: a < 0: ok
// CHECK-NEXT: max3: a: ok
// CHECK-NEXT: max3: b: ok
// CHECK-NEXT: max3: c: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x)
double else_if(double x)
{
    double y;
    if (x < -1)
        y = x * x;
    else if (x < 1)
        y = sin(x);
    else
        y = exp(-x);
    return y * 2;
}

BP_GRAD(x, y)
double nested(double x, double y)
{
    double r = 0;
    if (x > 0) {
        if (y > 0)
            r = x * y;
        else
            r = x - y;
        r *= 2;
    } else {
        r = y * y;
        if (x < -1)
            r += x;
    }
    return r + x;
}

BP_GRAD(x, y)
double ternary(double x, double y)
{
    double c = x > y ? x * y : x + y;
    return c * (y > 0 ? (x > 0 ? x : -x) : y) + (x > y ? y : x);
}

BP_GRAD(x, y, z)
double logic(double x, double y, double z)
{
    double r = x;
    if ((x > 0 && y < 1) || !(z > 2))
        r = r * y;
    if (!(x < y))
        r += z * r;
    else
        r -= z;
    return r;
}

BP_GRAD(x)
double one_branch(double x)
{
    double y = x;
    if (x > 0)
        y = x * x;
    return y * 3;
}

/* y = x² - 1, then conditions on the y the branches reassign. */
BP_GRAD(x)
double reassigned(double x)
{
    double y = x * x - 1;
    if (y > 0)
        y = -y;
    if (y < -0.5)
        y = y * x;
    return y;
}

BP_GRAD(x, y)
double inner(double x, double y)
{
    double r = x;
    if (x > 0) {
        double t = x * y;
        if (t > 1)
            r = sqrt(t);
        else
            r = t * t;
        r += t;
    }
    return r + y;
}

BP_GRAD(w, b)
double relu(double w, double x, double b)
{
    double a = w * x + b;
    return a > 0 ? a : 0;
}

BP_GRAD(a, b, c)
double max3(double a, double b, double c)
{
    double m = a;
    if (b > m)
        m = b;
    if (c > m)
        m = c;
    return m * m;
}

double else_if_grad(double x, double *d_x);
double nested_grad(double x, double *d_x, double y, double *d_y);
double ternary_grad(double x, double *d_x, double y, double *d_y);
double logic_grad(double x, double *d_x, double y, double *d_y, double z, double *d_z);
double one_branch_grad(double x, double *d_x);
double reassigned_grad(double x, double *d_x);
double inner_grad(double x, double *d_x, double y, double *d_y);
double relu_grad(double w, double *d_w, double x, double b, double *d_b);
double max3_grad(double a, double *d_a, double b, double *d_b, double c, double *d_c);

#define WRAP1(f)                                                     \
    static double eval_##f(const double *p) { return f(p[0]); }     \
    static double grad_##f(const double *p, double *g) { return f##_grad(p[0], g); }
#define WRAP2(f)                                                      \
    static double eval_##f(const double *p) { return f(p[0], p[1]); } \
    static double grad_##f(const double *p, double *g)                \
    {                                                                 \
        return f##_grad(p[0], &g[0], p[1], &g[1]);                    \
    }
WRAP1(else_if)
WRAP2(nested)
WRAP2(ternary)
WRAP1(one_branch)
WRAP1(reassigned)
WRAP2(inner)

static double eval_logic(const double *p) { return logic(p[0], p[1], p[2]); }
static double grad_logic(const double *p, double *g)
{
    return logic_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2]);
}

/* relu's input x is data: 1.5. */
static double eval_relu(const double *p) { return relu(p[0], 1.5, p[1]); }
static double grad_relu(const double *p, double *g)
{
    return relu_grad(p[0], &g[0], 1.5, p[1], &g[1]);
}

static double eval_max3(const double *p) { return max3(p[0], p[1], p[2]); }
static double grad_max3(const double *p, double *g)
{
    return max3_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2]);
}

/* A named box of n inputs. */
typedef struct {
    const char *name;
    double lo[3], hi[3];
} Box;

static void check_boxes(int n, fd_eval_fn eval, fd_grad_fn grad, const Box *boxes, int nboxes,
                        unsigned seed)
{
    for (int i = 0; i < nboxes; i++)
        fd_check(boxes[i].name, n, eval, grad, boxes[i].lo, boxes[i].hi, 20, seed + i);
}

#define COUNT(a) (int)(sizeof(a) / sizeof(a)[0])

static const Box else_if_boxes[] = {
    {"else if: x < -1", {-3}, {-1.05}},
    {"else if: -1 < x < 1", {-0.95}, {0.95}},
    {"else if: x > 1", {1.05}, {3}},
};
static const Box nested_boxes[] = {
    {"nested: x > 0, y > 0", {0.1, 0.1}, {2, 2}},
    {"nested: x > 0, y < 0", {0.1, -2}, {2, -0.1}},
    {"nested: -1 < x < 0", {-0.95, -2}, {-0.05, 2}},
    {"nested: x < -1", {-2, -2}, {-1.05, 2}},
};
static const Box ternary_boxes[] = {
    {"ternary: x > y > 0", {1.1, 0.1}, {2, 0.9}},
    {"ternary: y > x > 0", {0.1, 1.1}, {0.9, 2}},
    {"ternary: y > 0 > x", {-2, 0.1}, {-0.1, 2}},
    {"ternary: x > y, y < 0", {-0.9, -2}, {2, -1.1}},
    {"ternary: y > x, y < 0", {-2, -0.9}, {-1.1, -0.1}},
};
static const Box logic_boxes[] = {
    {"logic: x > y, first true", {1, -2, -3}, {2, 0.9, 3}},
    {"logic: x < y, first true by &&", {0.1, 0.6, -3}, {0.5, 0.9, 3}},
    {"logic: x < y, first true by !", {-2, 0, -3}, {-0.1, 2, 1.9}},
    {"logic: x < y, first false", {-2, 0, 2.1}, {-0.1, 2, 3}},
    {"logic: x > y, first false", {1.5, 1.1, 2.1}, {2, 1.4, 3}},
};
static const Box one_branch_boxes[] = {
    {"one branch: x > 0", {0.05}, {2}},
    {"one branch: x < 0", {-2}, {-0.05}},
};
/* y = x² - 1 > 0 for |x| > 1; then -y < -0.5 for x² > 1.5 (|x| > 1.2247),
 * and x² - 1 < -0.5 for |x| < 0.7071. */
static const Box reassigned_boxes[] = {
    {"reassigned in condition: x > 1.23", {1.23}, {2}},
    {"reassigned in condition: 1 < x < 1.22", {1.01}, {1.22}},
    {"reassigned in condition: 0.71 < x < 1", {0.71}, {0.99}},
    {"reassigned in condition: |x| < 0.7", {-0.7}, {0.7}},
    {"reassigned in condition: x < -1.23", {-2}, {-1.23}},
};
static const Box inner_boxes[] = {
    {"inner: xy > 1", {1.1, 1.1}, {2, 2}},
    {"inner: x > 0, xy < 1", {0.1, -2}, {0.45, 2}},
    {"inner: x < 0", {-2, -2}, {-0.05, 2}},
};
/* a = 1.5w + b */
static const Box relu_boxes[] = {
    {"relu: a > 0", {0.1, 0.1}, {1, 1}},
    {"relu: a < 0", {-1, -1}, {-0.1, -0.1}},
};
static const Box max3_boxes[] = {
    {"max3: a", {1, -2, -2}, {2, 0.9, 0.9}},
    {"max3: b", {-2, 1, -2}, {0.9, 2, 0.9}},
    {"max3: c", {-2, -2, 1}, {0.9, 0.9, 2}},
};

int main(void)
{
    /* At a = 0 ReLU takes the else branch: subgradient 0. */
    double dw = 0, db = 0;
    double r = relu_grad(2, &dw, 1.5, -3, &db);
    printf("relu(%g) = %g, d/dw = %g, d/db = %g\n", 2 * 1.5 - 3, r, dw, db);
    double da = 0, dbb = 0, dc = 0;
    max3_grad(1, &da, 3, &dbb, 2, &dc);
    printf("max3(1, 3, 2): d/da = %g, d/db = %g, d/dc = %g\n", da, dbb, dc);
    fd_expect_true("exact points", r == 0 && dw == 0 && db == 0 && da == 0 && dbb == 6 && dc == 0);

    check_boxes(1, eval_else_if, grad_else_if, else_if_boxes, COUNT(else_if_boxes), 10);
    check_boxes(2, eval_nested, grad_nested, nested_boxes, COUNT(nested_boxes), 20);
    check_boxes(2, eval_ternary, grad_ternary, ternary_boxes, COUNT(ternary_boxes), 30);
    check_boxes(3, eval_logic, grad_logic, logic_boxes, COUNT(logic_boxes), 40);
    check_boxes(1, eval_one_branch, grad_one_branch, one_branch_boxes, COUNT(one_branch_boxes),
                50);
    check_boxes(1, eval_reassigned, grad_reassigned, reassigned_boxes, COUNT(reassigned_boxes),
                60);
    check_boxes(2, eval_inner, grad_inner, inner_boxes, COUNT(inner_boxes), 70);
    check_boxes(2, eval_relu, grad_relu, relu_boxes, COUNT(relu_boxes), 80);
    check_boxes(3, eval_max3, grad_max3, max3_boxes, COUNT(max3_boxes), 90);
    return fd_failures != 0;
}

// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Arithmetic and assignment: + - * / and unary minus and plus in one
// expression; compound assignments += -= *= /=; a local reassigned from its
// own value (y = y * y; y += x;); several declarations in one statement,
// one without an initializer; a parameter reassigned; ++ and -- on double
// locals, prefix and postfix, as statements and as values.  Each model is
// checked against finite differences, and the simplest ones also against
// their derivative by hand, exactly.
//
// CHECK:      d(x*y - x/y)/dx at (3, 2) = 1.5, d/dy = 3.75
// CHECK-NEXT: by hand: ok
// CHECK-NEXT: operators: ok
// CHECK-NEXT: compound assignments: ok
// CHECK-NEXT: reassigned local: ok
// CHECK-NEXT: declarations in one statement: ok
// CHECK-NEXT: reassigned parameter: ok
// CHECK-NEXT: increment and decrement: ok
// CHECK-NEXT: long expression: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x, y)
double simple(double x, double y)
{
    return x * y - x / y;
}

BP_GRAD(x, y)
double operators(double x, double y)
{
    return -x + y * x - x / y - (-y) * 2 + +x - (x - y) / (x + y) * -(y * y);
}

BP_GRAD(x, y)
double compound(double x, double y)
{
    double s = x;
    s += y;
    s -= 0.5 * x;
    s *= y;
    s /= 1 + x * x;
    s += s * x;
    s -= y / s;
    return s;
}

BP_GRAD(x)
double reassigned(double x)
{
    double y = x;
    y = y * y;
    y += x;
    y = sin(y) * y;
    y = y - x * y;
    return y;
}

BP_GRAD(x, y)
double declarations(double x, double y)
{
    double a = x * 2, b = a + y, c;
    c = a * b;
    double d = c - b, e = d * d, f = e / (1 + a * a);
    return f - c + b;
}

BP_GRAD(x, y)
double parameter(double x, double y)
{
    x = x * 2;
    x += y;
    y = x * y;
    return x * y;
}

BP_GRAD(x)
double incdec(double x)
{
    double y = x * x;
    y++;
    ++y;
    y--;
    double z = y--;    /* z = x² + 1, y = x² */
    double w = ++z;    /* z = w = x² + 2 */
    double v = z-- * x; /* v = (x² + 2) x, z = x² + 1 */
    --y;               /* y = x² - 1 */
    return v + w * y + z * z;
}

BP_GRAD(a, b, c, d)
double long_expression(double a, double b, double c, double d)
{
    return a * b * c * d + a / b / c / d - (a - b) * (c - d) + a * a * a - b * (c + d * (a - b * (c + d)));
}

double simple_grad(double x, double *d_x, double y, double *d_y);
double operators_grad(double x, double *d_x, double y, double *d_y);
double compound_grad(double x, double *d_x, double y, double *d_y);
double reassigned_grad(double x, double *d_x);
double declarations_grad(double x, double *d_x, double y, double *d_y);
double parameter_grad(double x, double *d_x, double y, double *d_y);
double incdec_grad(double x, double *d_x);
double long_expression_grad(double a, double *d_a, double b, double *d_b, double c,
                            double *d_c, double d, double *d_d);

#define WRAP2(f)                                                  \
    static double eval_##f(const double *p) { return f(p[0], p[1]); } \
    static double grad_##f(const double *p, double *g)            \
    {                                                             \
        return f##_grad(p[0], &g[0], p[1], &g[1]);                \
    }
WRAP2(operators)
WRAP2(compound)
WRAP2(declarations)
WRAP2(parameter)

static double eval_reassigned(const double *p) { return reassigned(p[0]); }
static double grad_reassigned(const double *p, double *g) { return reassigned_grad(p[0], g); }
static double eval_incdec(const double *p) { return incdec(p[0]); }
static double grad_incdec(const double *p, double *g) { return incdec_grad(p[0], g); }
static double eval_long(const double *p) { return long_expression(p[0], p[1], p[2], p[3]); }
static double grad_long(const double *p, double *g)
{
    return long_expression_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2], p[3], &g[3]);
}

int main(void)
{
    /* d/dx = y - 1/y = 1.5, d/dy = x + x/y² = 3.75 */
    double dx = 0, dy = 0;
    simple_grad(3, &dx, 2, &dy);
    printf("d(x*y - x/y)/dx at (3, 2) = %g, d/dy = %g\n", dx, dy);
    fd_expect_true("by hand", dx == 1.5 && dy == 3.75);

    /* Positive boxes keep the divisors away from 0. */
    static const double lo2[] = {0.5, 0.5}, hi2[] = {2, 2};
    static const double lo1[] = {-2}, hi1[] = {2};
    static const double lo4[] = {0.5, 0.5, 0.5, 0.5}, hi4[] = {2, 2, 2, 2};
    fd_check("operators", 2, eval_operators, grad_operators, lo2, hi2, 20, 1);
    fd_check("compound assignments", 2, eval_compound, grad_compound, lo2, hi2, 20, 2);
    fd_check("reassigned local", 1, eval_reassigned, grad_reassigned, lo1, hi1, 20, 3);
    fd_check("declarations in one statement", 2, eval_declarations, grad_declarations,
             lo2, hi2, 20, 4);
    fd_check("reassigned parameter", 2, eval_parameter, grad_parameter, lo2, hi2, 20, 5);
    fd_check("increment and decrement", 1, eval_incdec, grad_incdec, lo1, hi1, 20, 6);
    fd_check("long expression", 4, eval_long, grad_long, lo4, hi4, 20, 7);
    return fd_failures != 0;
}

// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %cc %fdcheck -fsyntax-only -include %s %t.grad.c
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Float models: float parameters get float adjoints and the gradient
// returns float.  Arithmetic with compound assignments and float literals,
// branches with returns, a float array read at computed indexes, the
// sigmoid neuron in float, ReLU, and a float parameter left out of
// BP_GRAD.  Each gradient is compared with the finite differences of the
// model's double twin, to 1e-4; the returned primal must equal the float
// model's value exactly.  The syntax-only RUN line checks that the
// generated prototypes are the float ones declared here.
//
// CHECK:      sigmoid neuron in float at the notes' point: f = 0.73, dw0 = -0.20
// CHECK-NEXT: polynomial: ok
// CHECK-NEXT: branches: x > 0: ok
// CHECK-NEXT: branches: x < 0: ok
// CHECK-NEXT: float array: ok
// CHECK-NEXT: neuron: ok
// CHECK-NEXT: relu: a > 0: ok
// CHECK-NEXT: relu: a < 0: ok
// CHECK-NEXT: float data parameter: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

BP_GRAD(x, y)
float polynomial(float x, float y)
{
    float s = x * y;
    s += 0.5f * x;
    s *= s;
    s -= y / (1.0f + x * x);
    return -s + 3 * y;
}

BP_GRAD(x)
float branches(float x)
{
    if (x > 0)
        return sqrtf(x) * x;
    float y = x * x;
    y -= 1.0f;
    return y * sinf(x);
}

BP_GRAD(w)
float array(const float *w, int n)
{
    return w[0] * w[n - 1] + expf(w[1]) * 0.25f - w[n / 2] * w[n / 2];
}

BP_GRAD(w0, x0, w1, x1, w2)
float neuron(float w0, float x0, float w1, float x1, float w2)
{
    float dot = w0 * x0 + w1 * x1 + w2;
    return 1.0f / (1.0f + expf(-dot));
}

BP_GRAD(w, b)
float relu(float w, float x, float b)
{
    float a = w * x + b;
    return a > 0 ? a : 0.0f;
}

BP_GRAD(x)
float data_param(float x, float c)
{
    return c * x * x + c;
}

float polynomial_grad(float x, float *d_x, float y, float *d_y);
float branches_grad(float x, float *d_x);
float array_grad(const float *w, float *d_w, int n);
float neuron_grad(float w0, float *d_w0, float x0, float *d_x0, float w1, float *d_w1, float x1,
                  float *d_x1, float w2, float *d_w2);
float relu_grad(float w, float *d_w, float x, float b, float *d_b);
float data_param_grad(float x, float *d_x, float c);

/* The double twins, the oracle of fd_check_float. */
static double twin_polynomial(const double *p)
{
    double x = p[0], y = p[1], s = (x * y + 0.5 * x);
    return -(s * s - y / (1 + x * x)) + 3 * y;
}

static double twin_branches(const double *p)
{
    double x = p[0];
    return x > 0 ? sqrt(x) * x : (x * x - 1) * sin(x);
}

static double twin_array(const double *p)
{
    return p[0] * p[4] + exp(p[1]) * 0.25 - p[2] * p[2];
}

static double twin_neuron(const double *p)
{
    return 1 / (1 + exp(-(p[0] * p[1] + p[2] * p[3] + p[4])));
}

static double twin_relu(const double *p)
{
    double a = p[0] * 1.5 + p[1];
    return a > 0 ? a : 0;
}

static double twin_data(const double *p) { return -0.75 * p[0] * p[0] - 0.75; }

static float evalf_polynomial(const float *p) { return polynomial(p[0], p[1]); }
static float gradf_polynomial(const float *p, float *g)
{
    return polynomial_grad(p[0], &g[0], p[1], &g[1]);
}
static float evalf_branches(const float *p) { return branches(p[0]); }
static float gradf_branches(const float *p, float *g) { return branches_grad(p[0], g); }
static float evalf_array(const float *p) { return array(p, 5); }
static float gradf_array(const float *p, float *g) { return array_grad(p, g, 5); }
static float evalf_neuron(const float *p) { return neuron(p[0], p[1], p[2], p[3], p[4]); }
static float gradf_neuron(const float *p, float *g)
{
    return neuron_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2], p[3], &g[3], p[4], &g[4]);
}
static float evalf_relu(const float *p) { return relu(p[0], 1.5f, p[1]); }
static float gradf_relu(const float *p, float *g) { return relu_grad(p[0], &g[0], 1.5f, p[1], &g[1]); }
static float evalf_data(const float *p) { return data_param(p[0], -0.75f); }
static float gradf_data(const float *p, float *g) { return data_param_grad(p[0], g, -0.75f); }

int main(void)
{
    float g[5] = {0};
    float f = neuron_grad(2, &g[0], -1, &g[1], -3, &g[2], -2, &g[3], -3, &g[4]);
    printf("sigmoid neuron in float at the notes' point: f = %.2f, dw0 = %.2f\n", f, g[0]);

    static const double lo[] = {-2, -2, -2, -2, -2}, hi[] = {2, 2, 2, 2, 2};
    fd_check_float("polynomial", 2, evalf_polynomial, gradf_polynomial, twin_polynomial, lo, hi,
                   20, 1);
    static const double pos[] = {0.05}, pos_hi[] = {3}, neg[] = {-3}, neg_hi[] = {-0.05};
    fd_check_float("branches: x > 0", 1, evalf_branches, gradf_branches, twin_branches, pos,
                   pos_hi, 20, 2);
    fd_check_float("branches: x < 0", 1, evalf_branches, gradf_branches, twin_branches, neg,
                   neg_hi, 20, 3);
    fd_check_float("float array", 5, evalf_array, gradf_array, twin_array, lo, hi, 20, 4);
    fd_check_float("neuron", 5, evalf_neuron, gradf_neuron, twin_neuron, lo, hi, 20, 5);
    static const double rlo[] = {0.1, 0.1}, rhi[] = {1, 1}, nlo[] = {-1, -1}, nhi[] = {-0.1, -0.1};
    fd_check_float("relu: a > 0", 2, evalf_relu, gradf_relu, twin_relu, rlo, rhi, 20, 6);
    fd_check_float("relu: a < 0", 2, evalf_relu, gradf_relu, twin_relu, nlo, nhi, 20, 7);
    fd_check_float("float data parameter", 1, evalf_data, gradf_data, twin_data, lo, hi, 20, 8);
    return fd_failures != 0;
}

// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// Calls of the runtime's array primitives become calls of their adjoint
// routines (prims.def); here against finite differences: a two-layer
// network written the lecture way, in place (bias and ReLU into the
// matmul's output); every primitive, in double and in float; a buffer
// reused for two layers, so that what the first layer's adjoint reads is
// overwritten and must be saved; an output that is also an input where the
// adjoint must be moved aside (ReLU, sigmoid, tanh in place); odd sizes
// (1×1, 1×n, n×1); and an output array named in BP_GRAD.
//
// CHECK:      two-layer network: ok
// CHECK-NEXT: tanh and sigmoid in place, mse: ok
// CHECK-NEXT: buffer reused by two layers: ok
// CHECK-NEXT: 1x1: ok
// CHECK-NEXT: 1xn and nx1: ok
// CHECK-NEXT: output array: ok
// CHECK-NEXT: float network: ok
#include <stdlib.h>
#include <bpgen.h>

#include "fdcheck.h"

enum { N = 4, D = 3, H = 5, C = 3 };

static const int labels[N] = {0, 2, 1, 2};
static const double X[N * D] = {0.5, -1.0, 0.25, 1.5, 0.75, -0.5, -0.25, 0.0, 1.0, 0.3, -0.7, 0.9};

BP_GRAD(W1, b1, W2, b2)
double net(const double *X, const int *y, const double *W1, const double *b1, const double *W2,
           const double *b2, double reg)
{
    double *h = malloc(sizeof(double) * N * H);
    double *s = malloc(sizeof(double) * N * C);
    bp_matmul(N, D, H, X, W1, h);
    bp_add_bias(N, H, h, b1, h);
    bp_relu(N * H, h, h);
    bp_matmul(N, H, C, h, W2, s);
    bp_add_bias(N, C, s, b2, s);
    double L = bp_softmax_xent(N, C, s, y);
    L += 0.5 * reg * (bp_sumsq(D * H, W1) + bp_sumsq(H * C, W2));
    free(h);
    free(s);
    return L;
}

BP_GRAD(W, T)
double squash(const double *W, const double *T)
{
    double z[N * H];
    bp_matmul(N, D, H, X, W, z);
    bp_tanh(N * H, z, z);
    bp_sigmoid(N * H, z, z);
    return bp_mse(N * H, z, T);
}

/* h holds layer 1's output, is read by layer 2's matmul, then reused */
BP_GRAD(W1, W2)
double reuse(const double *W1, const double *W2)
{
    double h[N * H], g[N * H];
    bp_matmul(N, D, H, X, W1, h);
    bp_tanh(N * H, h, h);
    bp_matmul(N, H, H, h, W2, g);
    bp_sigmoid(N * H, g, h);
    return bp_sumsq(N * H, h) + bp_sumsq(N * H, g);
}

BP_GRAD(a, b)
double one(const double *a, const double *b)
{
    double c[1];
    bp_matmul(1, 1, 1, a, b, c);
    bp_relu(1, c, c);
    return bp_sumsq(1, c) + c[0];
}

BP_GRAD(u, v)
double outer(const double *u, const double *v)
{
    double M[N * H], r[1];
    bp_matmul(N, 1, H, u, v, M);             /* N×1 · 1×H */
    bp_tanh(N * H, M, M);
    bp_matmul(1, N, 1, u, u, r);             /* 1×N · N×1: u·u */
    return bp_sumsq(N * H, M) * r[0];
}

BP_GRAD(W, out)
double into(const double *W, double *out)
{
    bp_matmul(N, D, H, X, W, out);
    bp_sigmoid(N * H, out, out);
    return bp_sumsq(N * H, out);
}

BP_GRAD(W1, b1, W2, b2)
float netf(const float *Xf, const int *y, const float *W1, const float *b1, const float *W2,
           const float *b2)
{
    float *h = malloc(sizeof(float) * N * H);
    float *s = malloc(sizeof(float) * N * C);
    bp_matmulf(N, D, H, Xf, W1, h);
    bp_add_biasf(N, H, h, b1, h);
    bp_reluf(N * H, h, h);
    bp_matmulf(N, H, C, h, W2, s);
    bp_add_biasf(N, C, s, b2, s);
    float L = bp_softmax_xentf(N, C, s, y);
    free(h);
    free(s);
    return L;
}

double net_grad(const double *X, const int *y, const double *W1, double *d_W1, const double *b1,
                double *d_b1, const double *W2, double *d_W2, const double *b2, double *d_b2,
                double reg);
double squash_grad(const double *W, double *d_W, const double *T, double *d_T);
double reuse_grad(const double *W1, double *d_W1, const double *W2, double *d_W2);
double one_grad(const double *a, double *d_a, const double *b, double *d_b);
double outer_grad(const double *u, double *d_u, const double *v, double *d_v);
double into_grad(const double *W, double *d_W, double *out, double *d_out);
float netf_grad(const float *Xf, const int *y, const float *W1, float *d_W1, const float *b1,
                float *d_b1, const float *W2, float *d_W2, const float *b2, float *d_b2);

/* p = (W1 D×H, b1 H, W2 H×C, b2 C) */
enum { NP = D * H + H + H * C + C };
static double eval_net(const double *p)
{
    return net(X, labels, p, p + D * H, p + D * H + H, p + D * H + H + H * C, 0.1);
}
static double grad_net(const double *p, double *g)
{
    return net_grad(X, labels, p, g, p + D * H, g + D * H, p + D * H + H, g + D * H + H,
                    p + D * H + H + H * C, g + D * H + H + H * C, 0.1);
}
static double eval_squash(const double *p) { return squash(p, p + D * H); }
static double grad_squash(const double *p, double *g)
{
    return squash_grad(p, g, p + D * H, g + D * H);
}
static double eval_reuse(const double *p) { return reuse(p, p + D * H); }
static double grad_reuse(const double *p, double *g)
{
    return reuse_grad(p, g, p + D * H, g + D * H);
}
static double eval_one(const double *p) { return one(p, p + 1); }
static double grad_one(const double *p, double *g) { return one_grad(p, g, p + 1, g + 1); }
static double eval_outer(const double *p) { return outer(p, p + N); }
static double grad_outer(const double *p, double *g) { return outer_grad(p, g, p + N, g + N); }
static double eval_into(const double *p)
{
    double out[N * H];
    return into(p, out);
}
static double grad_into(const double *p, double *g)
{
    double out[N * H], d_out[N * H] = {0};
    return into_grad(p, g, out, d_out);
}
static float Xf[N * D];
static float eval_netf(const float *p)
{
    return netf(Xf, labels, p, p + D * H, p + D * H + H, p + D * H + H + H * C);
}
static float grad_netf(const float *p, float *g)
{
    return netf_grad(Xf, labels, p, g, p + D * H, g + D * H, p + D * H + H, g + D * H + H,
                     p + D * H + H + H * C, g + D * H + H + H * C);
}
static double twin_netf(const double *p)
{
    return net(X, labels, p, p + D * H, p + D * H + H, p + D * H + H + H * C, 0);
}

int main(void)
{
    static double lo[NP + N * H], hi[NP + N * H];
    for (int i = 0; i < NP + N * H; i++)
        lo[i] = -1, hi[i] = 1;
    for (int i = 0; i < N * D; i++)
        Xf[i] = (float)X[i];
    fd_check("two-layer network", NP, eval_net, grad_net, lo, hi, 10, 1);
    fd_check("tanh and sigmoid in place, mse", D * H + N * H, eval_squash, grad_squash, lo, hi,
             10, 2);
    fd_check("buffer reused by two layers", D * H + H * H, eval_reuse, grad_reuse, lo, hi, 10,
             3);
    static const double plo[2] = {0.2, 0.2}, phi[2] = {1, 1};
    fd_check("1x1", 2, eval_one, grad_one, plo, phi, 10, 4);
    fd_check("1xn and nx1", N + H, eval_outer, grad_outer, lo, hi, 10, 5);
    fd_check("output array", D * H, eval_into, grad_into, lo, hi, 10, 6);
    fd_check_float("float network", NP, eval_netf, grad_netf, twin_netf, lo, hi, 10, 7);
    return fd_failures != 0;
}

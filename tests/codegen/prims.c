// Calls of runtime primitives become calls of their adjoint routines: the
// two-layer network of the backprop lectures reverses into the lectures'
// backward pass, GEMMs and all, with no loop over Jacobian entries; a bias
// added in place passes its adjoint through (NULL for dX), ReLU in place
// moves its output's adjoint aside first, the first write into a buffer
// needs no clearing, and an array a later call overwrites is saved whole.
// RUN: %bpgen %s -o - | FileCheck %s
// RUN: %bpgen %s -o %t.c && %cc -c %t.c -o %t.o
#include <stdlib.h>
#include <bpgen.h>

// CHECK-LABEL: double loss_grad(int N, int D, int H, int C, const double *X, const int *y, const double *W1, double *d_W1, const double *b1, double *d_b1, const double *W2, double *d_W2, const double *b2, double *d_b2, double reg)
// CHECK:           bp_matmul(N, D, H, X, W1, h);
// CHECK-NOT:       bp_push
// CHECK:           /* reverse sweep: adjoints, last operation first */
// CHECK-NOT:       for (
// CHECK:           bp_sumsq_vjp(H * C, W2, [[DR:d_t[0-9]+]], d_W2);
// CHECK-NEXT:      bp_sumsq_vjp(D * H, W1, [[DR]], d_W1);
// CHECK-NEXT:      /* prims.c:{{[0-9]+}}: double L = bp_softmax_xent(N, C, s, y); */
// CHECK-NEXT:      bp_softmax_xent_vjp(N, C, s, y, d_L{{.*}}, d_s);
// CHECK-NEXT:      /* prims.c:{{[0-9]+}}: bp_add_bias(N, C, s, b2, s); */
// CHECK-NEXT:      bp_add_bias_vjp(N, C, d_s, 0, d_b2);
// CHECK-NEXT:      /* prims.c:{{[0-9]+}}: bp_matmul(N, H, C, h, W2, s); */
// CHECK-NEXT:      bp_matmul_vjp(N, H, C, h, W2, d_s, d_h, d_W2);
// CHECK-NEXT:      /* prims.c:{{[0-9]+}}: bp_relu(N * H, h, h); */
// CHECK-NEXT:      double *[[T:t[0-9]+]] = bp_tape_take(d_h, N * H * sizeof(double));
// CHECK-NEXT:      bp_relu_vjp(N * H, h, [[T]], d_h);
// CHECK-NEXT:      /* prims.c:{{[0-9]+}}: bp_add_bias(N, H, h, b1, h); */
// CHECK-NEXT:      bp_add_bias_vjp(N, H, d_h, 0, d_b1);
// CHECK-NEXT:      /* prims.c:{{[0-9]+}}: bp_matmul(N, D, H, X, W1, h); */
// CHECK-NEXT:      bp_matmul_vjp(N, D, H, X, 0, d_h, 0, d_W1);
// CHECK-NEXT:      bp_scratch_release(scratch);
BP_GRAD(W1, b1, W2, b2)
double loss(int N, int D, int H, int C, const double *X, const int *y, const double *W1,
            const double *b1, const double *W2, const double *b2, double reg)
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

// z is read by the second layer's adjoint as the first layer left it, and
// overwritten after: saved whole after the tanh, taken back where it lies.
// CHECK-LABEL: float twice_grad(
// CHECK:           bp_tanhf(n * n, z, z);
// CHECK-NEXT:      bp_push_array(z, {{.*}} * sizeof(float));
// CHECK:           const float *[[Z:z_[0-9]+]] = bp_pop_span({{.*}} * sizeof(float));
// CHECK:           bp_tanhf_vjp(n * n, [[Z]], {{t[0-9]+}}, d_z);
BP_GRAD(W, z)
float twice(int n, const float *W, float *z)
{
    bp_matmulf(n, n, n, W, W, z);
    bp_tanhf(n * n, z, z);
    bp_sigmoidf(n * n, z, z);
    return bp_sumsqf(n * n, z);
}

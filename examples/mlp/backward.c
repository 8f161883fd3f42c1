/*
 * The gradient of mlp_loss (model.c) written by hand, as a course's
 * backward pass is: the forward pass keeps the hidden activations and the
 * scores, then the layers run backwards, each through the VJP of libbpgen
 * that bpgen's reverse sweep calls too.  main.c compares the two
 * gradients; bench/mlp times them against each other.
 *
 * The contract is mlp_loss_grad's: returns the loss and ADDS its gradient
 * into d_W1, d_b1, d_W2 and d_b2.  The bias and the ReLU ran in place, so
 * one adjoint buffer serves a layer's values before and after its bias
 * (bp_add_bias_vjp gets no dX), while the ReLU's VJP needs a second one,
 * d_pre, because it adds into dX what it reads from dY.
 */
#include <bpgen.h>
#include <stdlib.h>
#include "mlp.h"

double mlp_loss_backward(int N, int D, int H, int C, const double *X, const int *labels,
                         const double *W1, double *d_W1, const double *b1, double *d_b1,
                         const double *W2, double *d_W2, const double *b2, double *d_b2,
                         double reg)
{
    double *hidden = malloc(sizeof(double) * N * H);
    double *scores = malloc(sizeof(double) * N * C);
    double *d_scores = calloc((size_t)N * C, sizeof(double));
    double *d_hidden = calloc((size_t)N * H, sizeof(double));
    double *d_pre = calloc((size_t)N * H, sizeof(double));    /* before the ReLU */

    bp_matmul(N, D, H, X, W1, hidden);
    bp_add_bias(N, H, hidden, b1, hidden);
    bp_relu(N * H, hidden, hidden);
    bp_matmul(N, H, C, hidden, W2, scores);
    bp_add_bias(N, C, scores, b2, scores);
    double loss = bp_softmax_xent(N, C, scores, labels)
                + 0.5 * reg * (bp_sumsq(D * H, W1) + bp_sumsq(H * C, W2));

    bp_sumsq_vjp(D * H, W1, 0.5 * reg, d_W1);
    bp_sumsq_vjp(H * C, W2, 0.5 * reg, d_W2);
    bp_softmax_xent_vjp(N, C, scores, labels, 1.0, d_scores);
    bp_add_bias_vjp(N, C, d_scores, NULL, d_b2);
    bp_matmul_vjp(N, H, C, hidden, W2, d_scores, d_hidden, d_W2);
    bp_relu_vjp(N * H, hidden, d_hidden, d_pre);
    bp_add_bias_vjp(N, H, d_pre, NULL, d_b1);
    bp_matmul_vjp(N, D, H, X, W1, d_pre, NULL, d_W1);

    free(hidden);
    free(scores);
    free(d_scores);
    free(d_hidden);
    free(d_pre);
    return loss;
}

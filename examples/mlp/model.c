/*
 * The two-layer classifier of CS231n's "neural network case study",
 * written with the dense primitives of libbpgen only:
 *
 *   hidden = relu(X W1 + b1)          X is N×D, W1 D×H, b1 H
 *   scores = hidden W2 + b2           W2 H×C, b2 C
 *   loss   = mean_i -log softmax(scores_i)[labels_i]
 *          + reg/2 (|W1|² + |W2|²)
 *
 * Row-major arrays, one example per row.  bpgen writes mlp_loss_grad,
 * whose reverse sweep is the primitives' vector-Jacobian products
 * (bp_matmul_vjp ...); backward.c is the same backward pass by hand.
 *
 * The bias and the ReLU work in place on the hidden buffer, as a
 * hand-written forward pass would: their VJPs need no input that the
 * in-place call overwrites (ReLU's reads its output).
 */
#include <stdlib.h>
#include <bpgen.h>

BP_GRAD(W1, b1, W2, b2)
double mlp_loss(int N, int D, int H, int C, const double *X, const int *labels,
                const double *W1, const double *b1, const double *W2, const double *b2,
                double reg)
{
    double *hidden = malloc(sizeof(double) * N * H);
    double *scores = malloc(sizeof(double) * N * C);

    bp_matmul(N, D, H, X, W1, hidden);
    bp_add_bias(N, H, hidden, b1, hidden);
    bp_relu(N * H, hidden, hidden);
    bp_matmul(N, H, C, hidden, W2, scores);
    bp_add_bias(N, C, scores, b2, scores);

    double data_loss = bp_softmax_xent(N, C, scores, labels);
    double reg_loss = 0.5 * reg * (bp_sumsq(D * H, W1) + bp_sumsq(H * C, W2));

    free(hidden);
    free(scores);
    return data_loss + reg_loss;
}

/*
 * The float twin of examples/mlp/backward.c: the gradient of mlp_lossf
 * (model_f.c) by hand, through the same float VJPs of libbpgen that
 * bpgen's reverse sweep calls.  Same contract as mlp_lossf_grad: returns
 * the loss and ADDS the gradient into d_W1, d_b1, d_W2 and d_b2.
 */
#include <bpgen.h>
#include <stdlib.h>
#include "mlp_f.h"

float mlp_lossf_backward(int N, int D, int H, int C, const float *X, const int *labels,
                         const float *W1, float *d_W1, const float *b1, float *d_b1,
                         const float *W2, float *d_W2, const float *b2, float *d_b2, float reg)
{
    float *hidden = malloc(sizeof(float) * N * H);
    float *scores = malloc(sizeof(float) * N * C);
    float *d_scores = calloc((size_t)N * C, sizeof(float));
    float *d_hidden = calloc((size_t)N * H, sizeof(float));
    float *d_pre = calloc((size_t)N * H, sizeof(float));      /* before the ReLU */

    bp_matmulf(N, D, H, X, W1, hidden);
    bp_add_biasf(N, H, hidden, b1, hidden);
    bp_reluf(N * H, hidden, hidden);
    bp_matmulf(N, H, C, hidden, W2, scores);
    bp_add_biasf(N, C, scores, b2, scores);
    float loss = bp_softmax_xentf(N, C, scores, labels)
               + 0.5f * reg * (bp_sumsqf(D * H, W1) + bp_sumsqf(H * C, W2));

    bp_sumsqf_vjp(D * H, W1, 0.5f * reg, d_W1);
    bp_sumsqf_vjp(H * C, W2, 0.5f * reg, d_W2);
    bp_softmax_xentf_vjp(N, C, scores, labels, 1.0f, d_scores);
    bp_add_biasf_vjp(N, C, d_scores, NULL, d_b2);
    bp_matmulf_vjp(N, H, C, hidden, W2, d_scores, d_hidden, d_W2);
    bp_reluf_vjp(N * H, hidden, d_hidden, d_pre);
    bp_add_biasf_vjp(N, H, d_pre, NULL, d_b1);
    bp_matmulf_vjp(N, D, H, X, W1, d_pre, NULL, d_W1);

    free(hidden);
    free(scores);
    free(d_scores);
    free(d_hidden);
    free(d_pre);
    return loss;
}

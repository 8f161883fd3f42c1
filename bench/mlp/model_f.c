/*
 * The float twin of examples/mlp/model.c, for bench/mlp: the same
 * two-layer classifier, line for line, on the float primitives of
 * libbpgen (bp_matmulf ...).  bpgen writes mlp_lossf_grad, with float
 * adjoints; backward_f.c is the same gradient by hand.
 */
#include <stdlib.h>
#include <bpgen.h>

BP_GRAD(W1, b1, W2, b2)
float mlp_lossf(int N, int D, int H, int C, const float *X, const int *labels,
                const float *W1, const float *b1, const float *W2, const float *b2, float reg)
{
    float *hidden = malloc(sizeof(float) * N * H);
    float *scores = malloc(sizeof(float) * N * C);

    bp_matmulf(N, D, H, X, W1, hidden);
    bp_add_biasf(N, H, hidden, b1, hidden);
    bp_reluf(N * H, hidden, hidden);
    bp_matmulf(N, H, C, hidden, W2, scores);
    bp_add_biasf(N, C, scores, b2, scores);

    float data_loss = bp_softmax_xentf(N, C, scores, labels);
    float reg_loss = 0.5f * reg * (bp_sumsqf(D * H, W1) + bp_sumsqf(H * C, W2));

    free(hidden);
    free(scores);
    return data_loss + reg_loss;
}

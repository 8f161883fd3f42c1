/*
 * The float twin of examples/mlp/mlp.h: mlp_lossf (model_f.c), its
 * generated gradient mlp_lossf_grad and its hand-written one
 * (backward_f.c).
 */
#ifndef MLP_F_H
#define MLP_F_H

float mlp_lossf(int N, int D, int H, int C, const float *X, const int *labels,
                const float *W1, const float *b1, const float *W2, const float *b2, float reg);
float mlp_lossf_grad(int N, int D, int H, int C, const float *X, const int *labels,
                     const float *W1, float *d_W1, const float *b1, float *d_b1,
                     const float *W2, float *d_W2, const float *b2, float *d_b2, float reg);
float mlp_lossf_backward(int N, int D, int H, int C, const float *X, const int *labels,
                         const float *W1, float *d_W1, const float *b1, float *d_b1,
                         const float *W2, float *d_W2, const float *b2, float *d_b2,
                         float reg);

#endif /* MLP_F_H */

/*
 * The two-layer classifier of model.c, its gradient as bpgen writes it
 * (mlp_loss_grad, in the build tree) and the same gradient written by hand
 * (backward.c), for main.c and bench/mlp.  Both gradients share one
 * contract: each parameter is followed by its adjoint, into which they ADD
 * d loss / d parameter (the caller zeroes), and they return the loss.
 */
#ifndef MLP_H
#define MLP_H

double mlp_loss(int N, int D, int H, int C, const double *X, const int *labels,
                const double *W1, const double *b1, const double *W2, const double *b2,
                double reg);
double mlp_loss_grad(int N, int D, int H, int C, const double *X, const int *labels,
                     const double *W1, double *d_W1, const double *b1, double *d_b1,
                     const double *W2, double *d_W2, const double *b2, double *d_b2,
                     double reg);
double mlp_loss_backward(int N, int D, int H, int C, const double *X, const int *labels,
                         const double *W1, double *d_W1, const double *b1, double *d_b1,
                         const double *W2, double *d_W2, const double *b2, double *d_b2,
                         double reg);

#endif /* MLP_H */

/*
 * The objectives of examples/ that the benchmarks time (bench/real and
 * bench/compare), and the gradients bpgen writes for them: one set of
 * prototypes, as the models and bpgen's contract give them.
 */
#ifndef BPGEN_BENCH_MODELS_H
#define BPGEN_BENCH_MODELS_H

typedef struct {
    double gamma;
    int m;
} Wishart;

double gmm_objective(int d, int k, int n, const double *alphas, const double *means,
                     const double *icf, const double *x, Wishart wishart);
double gmm_objective_grad(int d, int k, int n, const double *alphas, double *d_alphas,
                          const double *means, double *d_means, const double *icf,
                          double *d_icf, const double *x, Wishart wishart);
double ba_objective(int n, int m, int p, const double *cams, const double *X, const double *w,
                    const int *obs, const double *feats);
double ba_objective_grad(int n, int m, int p, const double *cams, double *d_cams,
                         const double *X, double *d_X, const double *w, double *d_w,
                         const int *obs, const double *feats);
double lstm_objective(int l, int c, int b, const double *main_params, const double *extra_params,
                      const double *state, const double *sequence);
double lstm_objective_grad(int l, int c, int b, const double *main_params, double *d_main_params,
                           const double *extra_params, double *d_extra_params,
                           const double *state, const double *sequence);

#endif

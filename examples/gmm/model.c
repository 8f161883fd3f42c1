/*
 * The objective of a Gaussian mixture model fitted with a Wishart prior on
 * its inverse covariances, with the terms and signs of ADBench's GMM
 * (Srajer, Kukelova, Fitzgibbon, "A benchmark of selected algorithmic
 * differentiation tools on some problems in computer vision and machine
 * learning", 2018), written from its formulas.
 *
 * k components in d dimensions, n points.  Component j has a weight
 * alphas[j] (a log weight before normalisation), a mean means[j*d ..] and
 * an inverse Cholesky factor Q_j of its covariance, stored in
 * icf[j*(d*(d+1)/2) ..]: first the d logs of its diagonal, then its
 * below-diagonal entries column by column.  The objective is
 *
 *   - n d/2 log(2 pi)
 *   + sum_i logsumexp_j (alphas[j] + sum(log diag Q_j) - |Q_j (x_i - means_j)|^2 / 2)
 *   - n logsumexp_j alphas[j]
 *   + the log of the Wishart prior (gamma, m) of the Q_j, up to its constant
 *
 * bpgen writes its gradient in alphas, means and icf, gmm_objective_grad.
 */
#include <math.h>
#include <stdlib.h>
#include <bpgen.h>

#define PI 3.14159265358979323846

/* The Wishart prior's parameters: the scale gamma and the degrees of
 * freedom beyond the dimension, m. */
typedef struct {
    double gamma;                        /* scale of the prior */
    int m;                               /* extra degrees of freedom */
} Wishart;

/* log(sum_i exp(x[i])), shifted by the largest x[i] so exp cannot overflow. */
static double logsumexp(const double *x, int n)
{
    double mx = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] > mx)
            mx = x[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += exp(x[i] - mx);
    return mx + log(s);
}

static double sqnorm(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

/* out = Q x for the lower-triangular Q whose diagonal is qdiag and whose
 * below-diagonal entries are ltri, column by column. */
static void Qtimesx(int d, const double *qdiag, const double *ltri, const double *x,
                    double *out)
{
    for (int i = 0; i < d; i++)
        out[i] = qdiag[i] * x[i];
    int idx = 0;
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++) {
            out[j] += ltri[idx] * x[i];
            idx++;
        }
}

/* The sum of the logs of Q's diagonal, which icf stores directly:
 * log det Q. */
static double sum_log_diag(int d, const double *icf)
{
    double s = 0;
    for (int i = 0; i < d; i++)
        s += icf[i];
    return s;
}

/* The log of the multivariate gamma function Gamma_p(a): a constant. */
static double log_gamma_distrib(double a, int p)
{
    double out = 0.25 * p * (p - 1) * log(PI);
    for (int j = 1; j <= p; j++)
        out += lgamma(a + 0.5 * (1 - j));
    return out;
}

/* The log of the Wishart prior of the k inverse covariances, up to what
 * does not depend on them. */
static double log_wishart_prior(int d, int k, Wishart wishart, const double *sum_qs,
                                const double *qdiags, const double *icf)
{
    int n = d + wishart.m + 1;
    int icf_sz = d * (d + 1) / 2;
    double C = n * d * (log(wishart.gamma) - 0.5 * log(2.0)) - log_gamma_distrib(0.5 * n, d);
    double out = 0;
    for (int j = 0; j < k; j++) {
        double frobenius = sqnorm(&qdiags[j * d], d) + sqnorm(&icf[j * icf_sz + d], icf_sz - d);
        out += 0.5 * wishart.gamma * wishart.gamma * frobenius - wishart.m * sum_qs[j];
    }
    return out - k * C;
}

BP_GRAD(alphas, means, icf)
double gmm_objective(int d, int k, int n, const double *alphas, const double *means,
                     const double *icf, const double *x, Wishart wishart)
{
    int icf_sz = d * (d + 1) / 2;
    double *qdiags = malloc(sizeof(double) * d * k);
    double *sum_qs = malloc(sizeof(double) * k);
    double *xcentered = malloc(sizeof(double) * d);
    double *Qxcentered = malloc(sizeof(double) * d);
    double *main_term = malloc(sizeof(double) * k);

    for (int j = 0; j < k; j++) {
        sum_qs[j] = sum_log_diag(d, &icf[j * icf_sz]);
        for (int i = 0; i < d; i++)
            qdiags[j * d + i] = exp(icf[j * icf_sz + i]);
    }

    double slse = 0;
    for (int p = 0; p < n; p++) {
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++)
                xcentered[i] = x[p * d + i] - means[j * d + i];
            Qtimesx(d, &qdiags[j * d], &icf[j * icf_sz + d], xcentered, Qxcentered);
            main_term[j] = alphas[j] + sum_qs[j] - 0.5 * sqnorm(Qxcentered, d);
        }
        slse += logsumexp(main_term, k);
    }

    double constant = -n * d * 0.5 * log(2 * PI);
    double lse_alphas = logsumexp(alphas, k);
    double prior = log_wishart_prior(d, k, wishart, sum_qs, qdiags, icf);

    free(qdiags);
    free(sum_qs);
    free(xcentered);
    free(Qxcentered);
    free(main_term);
    return constant + slse - n * lse_alphas + prior;
}

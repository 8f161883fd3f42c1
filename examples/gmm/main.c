/*
 * Uses the gradient bpgen generated from model.c, the GMM objective of
 * ADBench: on deterministic data (a fixed-seed generator) it evaluates the
 * objective and its gradient in alphas, means and icf, and compares the
 * gradient with central finite differences, every coordinate on a small
 * problem and a random sample of them on a larger one.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double gamma;
    int m;
} Wishart;

double gmm_objective(int d, int k, int n, const double *alphas, const double *means,
                     const double *icf, const double *x, Wishart wishart);
double gmm_objective_grad(int d, int k, int n, const double *alphas, double *d_alphas,
                          const double *means, double *d_means, const double *icf,
                          double *d_icf, const double *x, Wishart wishart);

/* splitmix64: the same numbers on every machine. */
static uint64_t rng_state;

static double uniform(double lo, double hi)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return lo + (hi - lo) * (double)(z >> 11) / 9007199254740992.0;
}

/* One problem: the parameters in one array (alphas, means, icf), so that
 * finite differences can perturb any coordinate. */
typedef struct {
    int d, k, n, icf_sz;
    double *theta, *x;
    Wishart wishart;
} Problem;

static Problem make_problem(int d, int k, int n, uint64_t seed)
{
    Problem pb = {d, k, n, d * (d + 1) / 2, NULL, NULL, {1.5, 2}};
    int len = k + k * d + k * pb.icf_sz;
    rng_state = seed;
    pb.theta = malloc(sizeof(double) * len);
    pb.x = malloc(sizeof(double) * n * d);
    for (int i = 0; i < len; i++)
        pb.theta[i] = uniform(-0.5, 0.5);
    for (int i = 0; i < n * d; i++)
        pb.x[i] = uniform(-1, 1);
    return pb;
}

static double objective(const Problem *pb, const double *theta)
{
    const double *alphas = theta, *means = alphas + pb->k, *icf = means + pb->k * pb->d;
    return gmm_objective(pb->d, pb->k, pb->n, alphas, means, icf, pb->x, pb->wishart);
}

/* Checks `count` coordinates of the gradient (all of them when count is 0)
 * and returns the number that disagree with finite differences. */
static int check(const Problem *pb, int count)
{
    int k = pb->k, d = pb->d, len = k + k * d + k * pb->icf_sz;
    double *grad = calloc(len, sizeof(double)), *t = malloc(sizeof(double) * len);
    double *alphas = pb->theta, *means = alphas + k, *icf = means + k * d;
    double f = objective(pb, pb->theta);
    double fg = gmm_objective_grad(d, k, pb->n, alphas, grad, means, grad + k, icf,
                                   grad + k + k * d, pb->x, pb->wishart);
    printf("gmm d=%d k=%d n=%d: objective %.6f, the gradient's primal %s\n", d, k, pb->n, f,
           fg == f ? "agrees" : "DIFFERS");
    int bad = fg != f, checked = count ? count : len;
    double worst = 0;
    for (int c = 0; c < checked; c++) {
        int i = count ? (int)(uniform(0, 1) * len) : c;
        double h = 1e-6;
        memcpy(t, pb->theta, sizeof(double) * len);
        t[i] += h;
        double up = objective(pb, t);
        t[i] -= 2 * h;
        double fd = (up - objective(pb, t)) / (2 * h);
        double err = fabs(grad[i] - fd) / (1 + fabs(fd));
        if (err > worst)
            worst = err;
        if (err > 1e-5) {
            printf("  coordinate %d: gradient %.9g, finite differences %.9g\n", i, grad[i], fd);
            bad++;
        }
    }
    printf("  %d of %d coordinates checked, largest error %s 1e-5\n", checked, len,
           worst <= 1e-5 ? "below" : "ABOVE");
    free(grad);
    free(t);
    return bad;
}

int main(void)
{
    Problem small = make_problem(3, 4, 25, 1), large = make_problem(10, 5, 200, 2);
    int bad = check(&small, 0) + check(&large, 60);
    free(small.theta);
    free(small.x);
    free(large.theta);
    free(large.x);
    printf(bad ? "gradient check: FAILED\n" : "gradient check: ok\n");
    return bad != 0;
}

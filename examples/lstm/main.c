/*
 * Uses the gradient bpgen generated from model.c, the LSTM loss of ADBench:
 * on deterministic data (a fixed-seed generator; the sequence is one-hot
 * symbols) it evaluates the loss and its gradient in the main and the
 * extra parameters, and compares the gradient with central finite
 * differences, every coordinate on a small network and a random sample on
 * a larger one.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double lstm_objective(int l, int c, int b, const double *main_params, const double *extra_params,
                      const double *state, const double *sequence);
double lstm_objective_grad(int l, int c, int b, const double *main_params, double *d_main_params,
                           const double *extra_params, double *d_extra_params,
                           const double *state, const double *sequence);

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

/* A network and its data: l layers of b units, a sequence of c symbols;
 * the parameters in one array (main, then extra), so that finite
 * differences can perturb any coordinate. */
typedef struct {
    int l, b, c;
    double *theta, *state, *sequence;
} Problem;

static Problem make_problem(int l, int b, int c, uint64_t seed)
{
    Problem pb = {l, b, c, malloc(sizeof(double) * (8 * l * b + 3 * b)),
                  malloc(sizeof(double) * 2 * l * b), calloc((size_t)c * b, sizeof(double))};
    rng_state = seed;
    for (int i = 0; i < 8 * l * b + 3 * b; i++)
        pb.theta[i] = uniform(-1, 1);
    for (int i = 0; i < 2 * l * b; i++)
        pb.state[i] = uniform(-1, 1);
    for (int t = 0; t < c; t++)
        pb.sequence[t * b + (int)(uniform(0, 1) * b)] = 1.0;
    return pb;
}

static double objective(const Problem *pb, const double *theta)
{
    return lstm_objective(pb->l, pb->c, pb->b, theta, theta + 8 * pb->l * pb->b, pb->state,
                          pb->sequence);
}

/* Checks `count` coordinates of the gradient (all of them when count is 0)
 * and returns the number that disagree with finite differences. */
static int check(const Problem *pb, int count)
{
    int main_len = 8 * pb->l * pb->b, len = main_len + 3 * pb->b;
    double *grad = calloc(len, sizeof(double)), *t = malloc(sizeof(double) * len);
    double f = objective(pb, pb->theta);
    double fg = lstm_objective_grad(pb->l, pb->c, pb->b, pb->theta, grad, pb->theta + main_len,
                                    grad + main_len, pb->state, pb->sequence);
    printf("lstm l=%d b=%d c=%d: loss %.6f, the gradient's primal %s\n", pb->l, pb->b, pb->c, f,
           fg == f ? "agrees" : "DIFFERS");
    int bad = fg != f, checked = count ? count : len;
    double worst = 0;
    for (int k = 0; k < checked; k++) {
        int i = count ? (int)(uniform(0, 1) * len) : k;
        double h = 1e-6;
        memcpy(t, pb->theta, sizeof(double) * len);
        t[i] += h;
        double up = objective(pb, t);
        t[i] -= 2 * h;
        double fd = (up - objective(pb, t)) / (2 * h);
        double err = fabs(grad[i] - fd) / (1 + fabs(fd));
        if (err > worst)
            worst = err;
        if (err > 1e-6) {
            printf("  coordinate %d: gradient %.9g, finite differences %.9g\n", i, grad[i], fd);
            bad++;
        }
    }
    printf("  %d of %d coordinates checked, largest error %s 1e-6\n", checked, len,
           worst <= 1e-6 ? "below" : "ABOVE");
    free(grad);
    free(t);
    return bad;
}

int main(void)
{
    Problem small = make_problem(2, 3, 5, 1), large = make_problem(2, 10, 25, 2);
    int bad = check(&small, 0) + check(&large, 60);
    Problem *pbs[2] = {&small, &large};
    for (int i = 0; i < 2; i++) {
        free(pbs[i]->theta);
        free(pbs[i]->state);
        free(pbs[i]->sequence);
    }
    printf(bad ? "gradient check: FAILED\n" : "gradient check: ok\n");
    return bad != 0;
}

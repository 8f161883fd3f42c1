/*
 * Gradient time / primal time for the loop benchmarks, measured in one run:
 * each function and its generated gradient alternate, repeated until each
 * sample takes a few milliseconds, and the median of the samples is
 * reported.  Absolute times on a shared machine are noise; the ratio is
 * what this measures.  Also checks that the gradient's steady state
 * allocates nothing: the tape's capacity does not grow after the first call.
 */
#define _POSIX_C_SOURCE 200809L
#include <bpgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double dot(const double *x, const double *y, int n);
double dot_grad(const double *x, double *d_x, const double *y, double *d_y, int n);
double horner(double x, const double *c, int n);
double horner_grad(double x, double *d_x, const double *c, double *d_c, int n);
double softmax_xent(const double *z, int n, int label);
double softmax_xent_grad(const double *z, double *d_z, int n, int label);
double mlp(const double *W1, const double *b1, const double *W2, const double *b2,
           const double *x, const double *t, int D, int H, int C);
double mlp_grad(const double *W1, double *d_W1, const double *b1, double *d_b1,
                const double *W2, double *d_W2, const double *b2, double *d_b2,
                const double *x, const double *t, int D, int H, int C);

enum { N = 1000, D = 64, H = 32, C = 10, SAMPLES = 15 };

static double x[N], y[N], c[N], z[N], dx[N], dy[N], dc[N], dz[N], dxs;
static double W1[H * D], b1[H], W2[C * H], b2[C], in[D], t[C];
static double dW1[H * D], db1[H], dW2[C * H], db2[C];
static volatile double sink;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void run(int which, int grad) {
    switch (which) {
    case 0: sink = grad ? dot_grad(x, dx, y, dy, N) : dot(x, y, N); break;
    case 1: sink = grad ? horner_grad(0.999, &dxs, c, dc, N) : horner(0.999, c, N); break;
    case 2: sink = grad ? softmax_xent_grad(z, dz, N, 7) : softmax_xent(z, N, 7); break;
    default:
        sink = grad ? mlp_grad(W1, dW1, b1, db1, W2, dW2, b2, db2, in, t, D, H, C)
                    : mlp(W1, b1, W2, b2, in, t, D, H, C);
    }
}

static int cmp(const void *a, const void *b) {
    double d = *(const double *)a - *(const double *)b;
    return (d > 0) - (d < 0);
}

/* Median seconds per call of function `which`, primal or gradient. */
static void measure(int which, double *primal, double *grad) {
    int reps = 1;
    for (;; reps *= 2) {
        double t0 = now();
        for (int r = 0; r < reps; r++)
            run(which, 1);
        if (now() - t0 > 2e-3)
            break;
    }
    double p[SAMPLES], g[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
        double t0 = now();
        for (int r = 0; r < reps; r++)
            run(which, 0);
        double t1 = now();
        for (int r = 0; r < reps; r++)
            run(which, 1);
        double t2 = now();
        p[s] = (t1 - t0) / reps;
        g[s] = (t2 - t1) / reps;
    }
    qsort(p, SAMPLES, sizeof *p, cmp);
    qsort(g, SAMPLES, sizeof *g, cmp);
    *primal = p[SAMPLES / 2];
    *grad = g[SAMPLES / 2];
}

int main(void) {
    srand(1);
    for (int i = 0; i < N; i++) {
        x[i] = (double)rand() / RAND_MAX - 0.5;
        y[i] = (double)rand() / RAND_MAX - 0.5;
        c[i] = (double)rand() / RAND_MAX - 0.5;
        z[i] = 4.0 * rand() / RAND_MAX - 2.0;
    }
    for (int i = 0; i < H * D; i++) W1[i] = 0.2 * rand() / RAND_MAX - 0.1;
    for (int i = 0; i < C * H; i++) W2[i] = 0.2 * rand() / RAND_MAX - 0.1;
    for (int i = 0; i < D; i++) in[i] = (double)rand() / RAND_MAX;
    for (int i = 0; i < C; i++) t[i] = (double)rand() / RAND_MAX;
    const char *names[4] = {"dot product (n=1000)", "Horner's rule (n=1000)",
                            "softmax cross-entropy (n=1000)", "MLP 64-32-10, loops"};
    printf("%-32s %12s %12s %8s\n", "benchmark", "primal (us)", "gradient (us)", "ratio");
    int bad = 0;
    for (int k = 0; k < 4; k++) {
        double p, g;
        run(k, 1);
        size_t cap = bp_the_tape.cap;
        measure(k, &p, &g);
        int grew = bp_the_tape.cap != cap;
        printf("%-32s %12.2f %12.2f %8.2f%s\n", names[k], 1e6 * p, 1e6 * g, g / p,
               grew ? "  (tape grew after the first call)" : "");
        bad |= grew;
    }
    printf("tape in steady state: %s\n", bad ? "grew" : "no allocation per call");
    return bad;
}

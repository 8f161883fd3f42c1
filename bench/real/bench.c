/*
 * Gradient time / primal time for the three ADBench models of examples/
 * (GMM, bundle adjustment, LSTM) at ADBench-like sizes, measured as in
 * bench/loops: each objective and its generated gradient alternate,
 * repeated until each sample takes a few milliseconds, and the median of
 * the samples is reported.  Also checks that the gradient's steady state
 * allocates no tape: its capacity does not grow after the first call.
 */
#define _POSIX_C_SOURCE 200809L
#include <bpgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../models.h"

enum { SAMPLES = 15 };

static volatile double sink;

/* splitmix64: the same data on every machine. */
static uint64_t rng_state = 1;

static double uniform(double lo, double hi)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return lo + (hi - lo) * (double)(z >> 11) / 9007199254740992.0;
}

static double *randoms(int len, double lo, double hi)
{
    double *v = malloc(sizeof(double) * len);
    for (int i = 0; i < len; i++)
        v[i] = uniform(lo, hi);
    return v;
}

/* One benchmark: its sizes, its data, and its adjoint arrays (which the
 * gradient keeps adding into; their values do not matter here). */
typedef struct {
    const char *name;
    int kind;                            /* 0 GMM, 1 BA, 2 LSTM */
    int s1, s2, s3;                      /* GMM d k n; BA cameras points observations; LSTM l b c */
    double *p1, *p2, *p3, *data, *data2; /* parameters, then data */
    double *d1, *d2, *d3;                /* their adjoints */
    int *obs;                            /* BA: camera and point of each observation */
} Bench;

static Bench make_gmm(const char *name, int d, int k, int n)
{
    int icf_sz = d * (d + 1) / 2;
    Bench b = {name, 0, d, k, n, randoms(k, -0.5, 0.5), randoms(k * d, -0.5, 0.5),
               randoms(k * icf_sz, -0.5, 0.5), randoms(n * d, -1, 1), NULL,
               calloc(k, sizeof(double)), calloc(k * d, sizeof(double)),
               calloc(k * icf_sz, sizeof(double)), NULL};
    return b;
}

static Bench make_ba(const char *name, int n, int m, int p)
{
    Bench b = {name, 1, n, m, p, malloc(sizeof(double) * 11 * n), randoms(3 * m, -1, 1),
               randoms(p, 0.5, 1.5), randoms(2 * p, -0.3, 0.3), NULL,
               calloc(11 * n, sizeof(double)), calloc(3 * m, sizeof(double)),
               calloc(p, sizeof(double)), malloc(sizeof(int) * 2 * p)};
    for (int c = 0; c < n; c++) {
        double lo[11] = {-0.2, -0.2, -0.2, -0.5, -0.5, -6, 0.8, -0.05, -0.05, -0.1, -0.05};
        double hi[11] = {0.2, 0.2, 0.2, 0.5, 0.5, -5, 1.2, 0.05, 0.05, 0.1, 0.05};
        for (int i = 0; i < 11; i++)
            b.p1[11 * c + i] = uniform(lo[i], hi[i]);
    }
    for (int i = 0; i < p; i++) {
        b.obs[2 * i] = i % n;
        b.obs[2 * i + 1] = (int)(uniform(0, 1) * m);
    }
    return b;
}

static Bench make_lstm(const char *name, int l, int hidden, int c)
{
    Bench b = {name, 2, l, hidden, c, randoms(8 * l * hidden, -1, 1), randoms(3 * hidden, -1, 1),
               NULL, randoms(2 * l * hidden, -1, 1), calloc((size_t)c * hidden, sizeof(double)),
               calloc(8 * l * hidden, sizeof(double)), calloc(3 * hidden, sizeof(double)), NULL,
               NULL};
    for (int t = 0; t < c; t++)
        b.data2[t * hidden + (int)(uniform(0, 1) * hidden)] = 1.0;
    return b;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void run(const Bench *b, int grad)
{
    Wishart wishart = {1.0, 0};
    switch (b->kind) {
    case 0:
        sink = grad ? gmm_objective_grad(b->s1, b->s2, b->s3, b->p1, b->d1, b->p2, b->d2, b->p3,
                                         b->d3, b->data, wishart)
                    : gmm_objective(b->s1, b->s2, b->s3, b->p1, b->p2, b->p3, b->data, wishart);
        break;
    case 1:
        sink = grad ? ba_objective_grad(b->s1, b->s2, b->s3, b->p1, b->d1, b->p2, b->d2, b->p3,
                                        b->d3, b->obs, b->data)
                    : ba_objective(b->s1, b->s2, b->s3, b->p1, b->p2, b->p3, b->obs, b->data);
        break;
    default:
        sink = grad ? lstm_objective_grad(b->s1, b->s3, b->s2, b->p1, b->d1, b->p2, b->d2,
                                          b->data, b->data2)
                    : lstm_objective(b->s1, b->s3, b->s2, b->p1, b->p2, b->data, b->data2);
    }
}

static int cmp(const void *a, const void *b)
{
    double d = *(const double *)a - *(const double *)b;
    return (d > 0) - (d < 0);
}

/* Median seconds per call of the benchmark's objective and gradient. */
static void measure(const Bench *b, double *primal, double *grad)
{
    int reps = 1;
    for (;; reps *= 2) {
        double t0 = now();
        for (int r = 0; r < reps; r++)
            run(b, 1);
        if (now() - t0 > 2e-3)
            break;
    }
    double p[SAMPLES], g[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
        double t0 = now();
        for (int r = 0; r < reps; r++)
            run(b, 0);
        double t1 = now();
        for (int r = 0; r < reps; r++)
            run(b, 1);
        double t2 = now();
        p[s] = (t1 - t0) / reps;
        g[s] = (t2 - t1) / reps;
    }
    qsort(p, SAMPLES, sizeof *p, cmp);
    qsort(g, SAMPLES, sizeof *g, cmp);
    *primal = p[SAMPLES / 2];
    *grad = g[SAMPLES / 2];
}

static void release(Bench *b)
{
    double *arrays[10] = {b->p1, b->p2, b->p3, b->data, b->data2, b->d1, b->d2, b->d3};
    for (int i = 0; i < 10; i++)
        free(arrays[i]);
    free(b->obs);
}

int main(void)
{
    Bench benches[] = {
        make_gmm("GMM d=10 k=5 n=1000", 10, 5, 1000),
        make_gmm("GMM d=64 k=10 n=1000", 64, 10, 1000),
        make_ba("BA 20 cams 500 pts 2000 obs", 20, 500, 2000),
        make_lstm("LSTM l=2 b=10 c=20", 2, 10, 20),
        make_lstm("LSTM l=4 b=32 c=40", 4, 32, 40),
    };
    int count = sizeof benches / sizeof benches[0], bad = 0;
    printf("%-32s %12s %14s %8s\n", "benchmark", "primal (us)", "gradient (us)", "ratio");
    for (int i = 0; i < count; i++) {
        double p, g;
        run(&benches[i], 1);
        size_t cap = bp_the_tape.cap;
        measure(&benches[i], &p, &g);
        int grew = bp_the_tape.cap != cap;
        printf("%-32s %12.2f %14.2f %8.2f%s\n", benches[i].name, 1e6 * p, 1e6 * g, g / p,
               grew ? "  (tape grew after the first call)" : "");
        bad |= grew;
        release(&benches[i]);
    }
    printf("tape in steady state: %s\n", bad ? "grew" : "no allocation per call");
    return bad;
}

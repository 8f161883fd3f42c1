/*
 * The two-layer classifier of examples/mlp at the size of an MNIST
 * minibatch (N = 128 images of D = 784 pixels, H = 256 hidden units,
 * C = 10 classes), in double (examples/mlp/model.c) and in float
 * (model_f.c): the primal loss, bpgen's generated gradient and the
 * hand-written backward pass (examples/mlp/backward.c, backward_f.c, the
 * same VJP calls), timed in one run.
 *
 * The three alternate in rounds, and the medians over the rounds are
 * reported: of the times, and of each round's ratios generated /
 * hand-written (what the generated code costs over what a person writes
 * with the same primitives) and gradient / primal, which are what this
 * measures.  BLAS runs on one thread, so that the ratios do not depend on
 * how many cores are free.  Before timing, both gradients are computed
 * from zero and compared: the last column is the largest difference of
 * the two, relative to the largest entry of its block (W1, b1, W2, b2).
 */
#define _POSIX_C_SOURCE 200809L
#include <bpgen.h>
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mlp.h"
#include "mlp_f.h"

enum { N = 128, D = 784, H = 256, C = 10, ROUNDS = 41 };
enum { PRIMAL, GENERATED, HANDWRITTEN, KINDS };

static const double REG = 1e-3;
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

/* ---- The problem, in both precisions ---------------------------------- */

/* Sizes of the parameter blocks W1, b1, W2, b2. */
static const int block_len[4] = {D * H, H, H * C, C};

/* The inputs, the parameters and their adjoints, in double (d) and in
 * float (f): the same values, rounded.  The adjoints keep accumulating
 * while timing; their values matter only to the comparison. */
typedef struct {
    int labels[N];
    double *X, *param[4], *adj[4];
    float *Xf, *paramf[4], *adjf[4];
} Problem;

static Problem pb;

static void fill(int len, double lo, double hi, double **d, float **f)
{
    *d = malloc(sizeof(double) * len);
    *f = malloc(sizeof(float) * len);
    for (int i = 0; i < len; i++) {
        (*d)[i] = uniform(lo, hi);
        (*f)[i] = (float)(*d)[i];
    }
}

/* Pixels in [0, 1), weights uniform with the variance 2 / fan-in of He
 * et al., biases small. */
static void make_problem(void)
{
    const double fan_in[4] = {D, 1, H, 1}, bias = 0.1;
    fill(N * D, 0, 1, &pb.X, &pb.Xf);
    for (int k = 0; k < 4; k++) {
        double a = k % 2 ? bias : sqrt(6.0 / fan_in[k]);
        fill(block_len[k], -a, a, &pb.param[k], &pb.paramf[k]);
        pb.adj[k] = calloc(block_len[k], sizeof(double));
        pb.adjf[k] = calloc(block_len[k], sizeof(float));
    }
    for (int i = 0; i < N; i++)
        pb.labels[i] = (int)uniform(0, C);
}

static void release_problem(void)
{
    free(pb.X);
    free(pb.Xf);
    for (int k = 0; k < 4; k++) {
        free(pb.param[k]);
        free(pb.paramf[k]);
        free(pb.adj[k]);
        free(pb.adjf[k]);
    }
}

static void zero_adjoints(void)
{
    for (int k = 0; k < 4; k++) {
        memset(pb.adj[k], 0, sizeof(double) * block_len[k]);
        memset(pb.adjf[k], 0, sizeof(float) * block_len[k]);
    }
}

/* ---- One call of each kind -------------------------------------------- */

static void run_double(int kind)
{
    double *const *p = pb.param, *const *g = pb.adj;
    switch (kind) {
    case PRIMAL:
        sink = mlp_loss(N, D, H, C, pb.X, pb.labels, p[0], p[1], p[2], p[3], REG);
        break;
    case GENERATED:
        sink = mlp_loss_grad(N, D, H, C, pb.X, pb.labels, p[0], g[0], p[1], g[1], p[2], g[2],
                             p[3], g[3], REG);
        break;
    default:
        sink = mlp_loss_backward(N, D, H, C, pb.X, pb.labels, p[0], g[0], p[1], g[1], p[2],
                                 g[2], p[3], g[3], REG);
    }
}

static void run_float(int kind)
{
    float *const *p = pb.paramf, *const *g = pb.adjf;
    float reg = (float)REG;
    switch (kind) {
    case PRIMAL:
        sink = mlp_lossf(N, D, H, C, pb.Xf, pb.labels, p[0], p[1], p[2], p[3], reg);
        break;
    case GENERATED:
        sink = mlp_lossf_grad(N, D, H, C, pb.Xf, pb.labels, p[0], g[0], p[1], g[1], p[2], g[2],
                              p[3], g[3], reg);
        break;
    default:
        sink = mlp_lossf_backward(N, D, H, C, pb.Xf, pb.labels, p[0], g[0], p[1], g[1], p[2],
                                  g[2], p[3], g[3], reg);
    }
}

/* ---- Agreement -------------------------------------------------------- */

/* max |a - b| over max |b| for each block, the largest over the blocks:
 * a relative error that small entries of a block cannot inflate. */
static double block_difference(const double *a, const double *b, int len)
{
    double diff = 0, scale = 0;
    for (int i = 0; i < len; i++) {
        diff = fmax(diff, fabs(a[i] - b[i]));
        scale = fmax(scale, fabs(b[i]));
    }
    return scale > 0 ? diff / scale : diff;
}

/* The generated gradient against the hand-written one, in double and in
 * float, each from zeroed adjoints: their block_differences. */
static void compare(double *in_double, double *in_float)
{
    double *hand[4], *handf[4];
    zero_adjoints();
    run_double(HANDWRITTEN);
    run_float(HANDWRITTEN);
    for (int k = 0; k < 4; k++) {
        hand[k] = malloc(sizeof(double) * block_len[k]);
        handf[k] = malloc(sizeof(double) * block_len[k]);
        memcpy(hand[k], pb.adj[k], sizeof(double) * block_len[k]);
        for (int i = 0; i < block_len[k]; i++)
            handf[k][i] = pb.adjf[k][i];
    }
    zero_adjoints();
    run_double(GENERATED);
    run_float(GENERATED);
    *in_double = *in_float = 0;
    for (int k = 0; k < 4; k++) {
        double *genf = malloc(sizeof(double) * block_len[k]);
        for (int i = 0; i < block_len[k]; i++)
            genf[i] = pb.adjf[k][i];
        *in_double = fmax(*in_double, block_difference(pb.adj[k], hand[k], block_len[k]));
        *in_float = fmax(*in_float, block_difference(genf, handf[k], block_len[k]));
        free(genf);
        free(hand[k]);
        free(handf[k]);
    }
}

/* ---- Timing ----------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double d = *(const double *)a - *(const double *)b;
    return (d > 0) - (d < 0);
}

static double median(double *v, int n)
{
    qsort(v, n, sizeof(double), cmp);
    return v[n / 2];
}

/*
 * Each round calls every kind once, each call timed on its own (a call
 * takes milliseconds, far above the clock's resolution), and the kinds
 * take turns at going first.  Why rounds of single calls rather than long
 * batches of one kind: on a loaded machine the load drifts, and calls
 * close in time see the same load, so the per-round ratios are steadier
 * than ratios of separately measured times.
 */
static void report(const char *precision, void (*run)(int kind), double difference)
{
    double t[KINDS][ROUNDS], by_hand[ROUNDS], by_primal[ROUNDS], hand_primal[ROUNDS];
    for (int kind = 0; kind < KINDS; kind++)
        run(kind);                       /* warm up caches and allocator */
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < KINDS; i++) {
            int kind = (r + i) % KINDS;
            double t0 = now();
            run(kind);
            t[kind][r] = now() - t0;
        }
        by_hand[r] = t[GENERATED][r] / t[HANDWRITTEN][r];
        by_primal[r] = t[GENERATED][r] / t[PRIMAL][r];
        hand_primal[r] = t[HANDWRITTEN][r] / t[PRIMAL][r];
    }
    printf("%-9s %9.0f %10.0f %13.0f %15.3f %17.3f %12.3f %11.1e\n", precision,
           1e6 * median(t[PRIMAL], ROUNDS), 1e6 * median(t[GENERATED], ROUNDS),
           1e6 * median(t[HANDWRITTEN], ROUNDS), median(by_hand, ROUNDS),
           median(by_primal, ROUNDS), median(hand_primal, ROUNDS), difference);
}

/* One BLAS thread, also when run outside bench/run.sh (which sets
 * OPENBLAS_NUM_THREADS=1): OpenBLAS's cblas.h has the call, others not. */
static void single_threaded_blas(void)
{
#ifdef OPENBLAS_VERSION
    openblas_set_num_threads(1);
    printf("BLAS: OpenBLAS, %d thread\n", openblas_get_num_threads());
#else
    printf("BLAS: not OpenBLAS; set its thread count to 1 in the environment\n");
#endif
}

int main(void)
{
    single_threaded_blas();
    make_problem();
    double in_double, in_float;
    compare(&in_double, &in_float);
    int bad = !(in_double <= 1e-12) || !(in_float <= 1e-4);
    printf("mlp N=%d D=%d H=%d C=%d: medians over %d rounds, times in us\n", N, D, H, C,
           ROUNDS);
    printf("%-9s %9s %10s %13s %15s %17s %12s %11s\n", "precision", "primal", "generated",
           "hand-written", "generated/hand", "generated/primal", "hand/primal", "difference");
    report("double", run_double, in_double);
    report("float", run_float, in_float);
    printf("generated and hand-written gradients: %s\n", bad ? "DIFFER" : "agree");
    release_problem();
    return bad;
}

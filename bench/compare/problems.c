/*
 * The problems of bench/compare (see problems.h): for each objective of
 * examples/ its sizes and data, and the three calls, primal, bpgen's
 * gradient and the hand-written one, unpacked from the problem's arrays
 * into the model's own parameter lists.
 *
 * Sizes are those of issue 7 (and of bench/real and bench/mlp): GMM at
 * d=10 k=5 and d=64 k=10 with n=1000 points, BA with 2000 observations,
 * the LSTM at two sizes, the MLP at MNIST minibatch size, and the
 * lectures' sigmoid neuron and logistic loss.  The data are drawn as in
 * bench/real and bench/mlp; each problem restarts the generator from its
 * own seed.
 */
#define _POSIX_C_SOURCE 200809L
#include "problems.h"
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- The models: examples/ and their gradients ------------------------ */

#include "../models.h"

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
double neuron(double w0, double x0, double w1, double x1, double w2);
double neuron_grad(double w0, double *d_w0, double x0, double *d_x0, double w1, double *d_w1,
                   double x1, double *d_x1, double w2, double *d_w2);
double logistic_loss(double w, double b, double x, double t, double lambda);
double logistic_loss_grad(double w, double *d_w, double b, double *d_b, double x, double t,
                          double lambda);
/* hand.c */
double neuron_by_hand(double w0, double *d_w0, double x0, double *d_x0, double w1,
                      double *d_w1, double x1, double *d_x1, double w2, double *d_w2);
double logistic_loss_by_hand(double w, double *d_w, double b, double *d_b, double x, double t,
                             double lambda);

/* ---- Data ------------------------------------------------------------- */

/* splitmix64, as in bench/real and bench/mlp. */
static uint64_t rng_state;

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

/* Appends an array: parameters (with a zeroed adjoint) must come first. */
static Array *add_array(Problem *p, const char *name, int len, int is_param, double *v, int *iv)
{
    Array *a = &p->array[p->narrays++];
    *a = (Array){name, len, is_param, v, iv, is_param ? calloc(len, sizeof(double)) : NULL};
    return a;
}

static void add_const(Problem *p, const char *name, double value)
{
    p->cst[p->nconsts++] = (Const){name, value};
}

/* Shorthands for the unpacking below: array i's doubles, ints, adjoint;
 * constant i as an int or a double. */
#define V(i) (p->array[i].v)
#define IV(i) (p->array[i].iv)
#define D(i) (p->array[i].adj)
#define I(i) ((int)p->cst[i].value)
#define R(i) (p->cst[i].value)

/* ---- GMM (examples/gmm) ----------------------------------------------- */

static double gmm_primal(const Problem *p)
{
    Wishart wishart = {R(3), I(4)};
    return gmm_objective(I(0), I(1), I(2), V(0), V(1), V(2), V(3), wishart);
}

static double gmm_gradient(Problem *p)
{
    Wishart wishart = {R(3), I(4)};
    return gmm_objective_grad(I(0), I(1), I(2), V(0), D(0), V(1), D(1), V(2), D(2), V(3),
                              wishart);
}

static void make_gmm(Problem *p, int d, int k, int n)
{
    int icf_sz = d * (d + 1) / 2;
    p->primal = gmm_primal;
    p->gradient = gmm_gradient;
    add_const(p, "d", d);
    add_const(p, "k", k);
    add_const(p, "n", n);
    add_const(p, "gamma", 1.0);
    add_const(p, "m", 0);
    add_array(p, "alphas", k, 1, randoms(k, -0.5, 0.5), NULL);
    add_array(p, "means", k * d, 1, randoms(k * d, -0.5, 0.5), NULL);
    add_array(p, "icf", k * icf_sz, 1, randoms(k * icf_sz, -0.5, 0.5), NULL);
    add_array(p, "x", n * d, 0, randoms(n * d, -1, 1), NULL);
}

/* ---- Bundle adjustment (examples/ba) ---------------------------------- */

static double ba_primal(const Problem *p)
{
    return ba_objective(I(0), I(1), I(2), V(0), V(1), V(2), IV(3), V(4));
}

static double ba_gradient(Problem *p)
{
    return ba_objective_grad(I(0), I(1), I(2), V(0), D(0), V(1), D(1), V(2), D(2), IV(3),
                             V(4));
}

/* Cameras about 5.5 units in front of points in [-1, 1]^3, small
 * rotations and distortions: every point projects in front. */
static void make_ba(Problem *p, int n, int m, int obs)
{
    static const double lo[11] = {-0.2, -0.2, -0.2, -0.5, -0.5, -6, 0.8, -0.05, -0.05, -0.1,
                                  -0.05};
    static const double hi[11] = {0.2, 0.2, 0.2, 0.5, 0.5, -5, 1.2, 0.05, 0.05, 0.1, 0.05};
    p->primal = ba_primal;
    p->gradient = ba_gradient;
    add_const(p, "n", n);
    add_const(p, "m", m);
    add_const(p, "p", obs);
    double *cams = malloc(sizeof(double) * 11 * n);
    for (int c = 0; c < n; c++)
        for (int i = 0; i < 11; i++)
            cams[11 * c + i] = uniform(lo[i], hi[i]);
    add_array(p, "cams", 11 * n, 1, cams, NULL);
    add_array(p, "X", 3 * m, 1, randoms(3 * m, -1, 1), NULL);
    add_array(p, "w", obs, 1, randoms(obs, 0.5, 1.5), NULL);
    int *seen = malloc(sizeof(int) * 2 * obs);
    for (int i = 0; i < obs; i++) {
        seen[2 * i] = i % n;
        seen[2 * i + 1] = (int)(uniform(0, 1) * m);
    }
    add_array(p, "obs", 2 * obs, 0, NULL, seen);
    add_array(p, "feats", 2 * obs, 0, randoms(2 * obs, -0.3, 0.3), NULL);
}

/* ---- LSTM (examples/lstm) --------------------------------------------- */

static double lstm_primal(const Problem *p)
{
    return lstm_objective(I(0), I(1), I(2), V(0), V(1), V(2), V(3));
}

static double lstm_gradient(Problem *p)
{
    return lstm_objective_grad(I(0), I(1), I(2), V(0), D(0), V(1), D(1), V(2), V(3));
}

/* A one-hot sequence, as a text of c symbols out of b. */
static void make_lstm(Problem *p, int l, int b, int c)
{
    p->primal = lstm_primal;
    p->gradient = lstm_gradient;
    add_const(p, "l", l);
    add_const(p, "c", c);
    add_const(p, "b", b);
    add_array(p, "main_params", 8 * l * b, 1, randoms(8 * l * b, -1, 1), NULL);
    add_array(p, "extra_params", 3 * b, 1, randoms(3 * b, -1, 1), NULL);
    add_array(p, "state", 2 * l * b, 0, randoms(2 * l * b, -1, 1), NULL);
    double *sequence = calloc((size_t)c * b, sizeof(double));
    for (int t = 0; t < c; t++)
        sequence[t * b + (int)(uniform(0, 1) * b)] = 1.0;
    add_array(p, "sequence", c * b, 0, sequence, NULL);
}

/* ---- MLP (examples/mlp) ----------------------------------------------- */

static double mlp_primal(const Problem *p)
{
    return mlp_loss(I(0), I(1), I(2), I(3), V(4), IV(5), V(0), V(1), V(2), V(3), R(4));
}

static double mlp_gradient(Problem *p)
{
    return mlp_loss_grad(I(0), I(1), I(2), I(3), V(4), IV(5), V(0), D(0), V(1), D(1), V(2),
                         D(2), V(3), D(3), R(4));
}

static double mlp_by_hand(Problem *p)
{
    return mlp_loss_backward(I(0), I(1), I(2), I(3), V(4), IV(5), V(0), D(0), V(1), D(1),
                             V(2), D(2), V(3), D(3), R(4));
}

/* Uniform on [-a, a] with the variance 2 / fan-in of He et al. */
static double he_bound(int fan_in)
{
    return sqrt(6.0 / fan_in);
}

/* As bench/mlp: pixels in [0, 1), He's weights, biases small, random
 * labels. */
static void make_mlp(Problem *p, int N, int D, int H, int C)
{
    p->primal = mlp_primal;
    p->gradient = mlp_gradient;
    p->by_hand = mlp_by_hand;
    add_const(p, "N", N);
    add_const(p, "D", D);
    add_const(p, "H", H);
    add_const(p, "C", C);
    add_const(p, "reg", 1e-3);
    double a1 = he_bound(D), a2 = he_bound(H);
    add_array(p, "W1", D * H, 1, randoms(D * H, -a1, a1), NULL);
    add_array(p, "b1", H, 1, randoms(H, -0.1, 0.1), NULL);
    add_array(p, "W2", H * C, 1, randoms(H * C, -a2, a2), NULL);
    add_array(p, "b2", C, 1, randoms(C, -0.1, 0.1), NULL);
    add_array(p, "X", N * D, 0, randoms(N * D, 0, 1), NULL);
    int *labels = malloc(sizeof(int) * N);
    for (int i = 0; i < N; i++)
        labels[i] = (int)uniform(0, C);
    add_array(p, "labels", N, 0, NULL, labels);
}

/* ---- The lectures' scalar models (examples/neuron) -------------------- */

static double neuron_primal(const Problem *p)
{
    return neuron(V(0)[0], V(1)[0], V(2)[0], V(3)[0], V(4)[0]);
}

static double neuron_gradient(Problem *p)
{
    return neuron_grad(V(0)[0], D(0), V(1)[0], D(1), V(2)[0], D(2), V(3)[0], D(3), V(4)[0],
                       D(4));
}

static double neuron_hand(Problem *p)
{
    return neuron_by_hand(V(0)[0], D(0), V(1)[0], D(1), V(2)[0], D(2), V(3)[0], D(3), V(4)[0],
                          D(4));
}

static double *scalar(double value)
{
    double *v = malloc(sizeof(double));
    *v = value;
    return v;
}

/* The notes' point: w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3. */
static void make_neuron(Problem *p)
{
    static const char *names[5] = {"w0", "x0", "w1", "x1", "w2"};
    static const double at[5] = {2, -1, -3, -2, -3};
    p->primal = neuron_primal;
    p->gradient = neuron_gradient;
    p->by_hand = neuron_hand;
    for (int i = 0; i < 5; i++)
        add_array(p, names[i], 1, 1, scalar(at[i]), NULL);
}

static double logistic_primal(const Problem *p)
{
    return logistic_loss(V(0)[0], V(1)[0], R(0), R(1), R(2));
}

static double logistic_gradient(Problem *p)
{
    return logistic_loss_grad(V(0)[0], D(0), V(1)[0], D(1), R(0), R(1), R(2));
}

static double logistic_hand(Problem *p)
{
    return logistic_loss_by_hand(V(0)[0], D(0), V(1)[0], D(1), R(0), R(1), R(2));
}

static void make_logistic(Problem *p)
{
    p->primal = logistic_primal;
    p->gradient = logistic_gradient;
    p->by_hand = logistic_hand;
    add_const(p, "x", 1.5);
    add_const(p, "t", 1.0);
    add_const(p, "lambda", 1e-3);
    add_array(p, "w", 1, 1, scalar(0.3), NULL);
    add_array(p, "b", 1, 1, scalar(-0.1), NULL);
}

/* ---- The list --------------------------------------------------------- */

static const struct {
    const char *id, *title, *family;
} problems[] = {
    {"gmm_d10", "GMM d=10 k=5 n=1000", "GMM"},
    {"gmm_d64", "GMM d=64 k=10 n=1000", "GMM"},
    {"ba", "BA 20 cams 500 pts 2000 obs", "BA"},
    {"lstm_small", "LSTM l=2 b=10 c=20", "LSTM"},
    {"lstm_large", "LSTM l=4 b=32 c=40", "LSTM"},
    {"mlp", "MLP N=128 D=784 H=256 C=10", "MLP"},
    {"neuron", "sigmoid neuron (5 scalars)", "scalar"},
    {"logistic", "logistic loss (2 scalars)", "scalar"},
};

int problem_count(void)
{
    return (int)(sizeof problems / sizeof problems[0]);
}

int problem_find(const char *id)
{
    for (int i = 0; i < problem_count(); i++)
        if (strcmp(problems[i].id, id) == 0)
            return i;
    return -1;
}

Problem problem_make(int index)
{
    Problem p = {0};
    p.id = problems[index].id;
    p.title = problems[index].title;
    p.family = problems[index].family;
    rng_state = 1 + (uint64_t)index;
    switch (index) {
    case 0: make_gmm(&p, 10, 5, 1000); break;
    case 1: make_gmm(&p, 64, 10, 1000); break;
    case 2: make_ba(&p, 20, 500, 2000); break;
    case 3: make_lstm(&p, 2, 10, 20); break;
    case 4: make_lstm(&p, 4, 32, 40); break;
    case 5: make_mlp(&p, 128, 784, 256, 10); break;
    case 6: make_neuron(&p); break;
    default: make_logistic(&p);
    }
    return p;
}

Problem *problem_new(const char *id)
{
    int index = problem_find(id);
    if (index < 0)
        return NULL;
    Problem *p = malloc(sizeof *p);
    *p = problem_make(index);
    return p;
}

void problem_delete(Problem *p)
{
    if (p)
        problem_free(p);
    free(p);
}

/* ---- Calls ------------------------------------------------------------ */

static volatile double sink;

double problem_call(Problem *p, int kind)
{
    switch (kind) {
    case CALL_PRIMAL: return p->primal(p);
    case CALL_BPGEN: return p->gradient(p);
    default: return p->by_hand(p);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

double problem_time(Problem *p, int kind, long reps)
{
    double t0 = now();
    for (long r = 0; r < reps; r++)
        sink = problem_call(p, kind);
    return (now() - t0) / reps;
}

void problem_free(Problem *p)
{
    for (int i = 0; i < p->narrays; i++) {
        free(p->array[i].v);
        free(p->array[i].iv);
        free(p->array[i].adj);
    }
    p->narrays = 0;
}

/* ---- The parameters as one vector ------------------------------------- */

int problem_nparams(const Problem *p)
{
    int n = 0;
    for (int i = 0; i < p->narrays && p->array[i].is_param; i++)
        n += p->array[i].len;
    return n;
}

int problem_block_of(const Problem *p, int i)
{
    int b = 0;
    while (i >= p->array[b].len)
        i -= p->array[b++].len;
    return b;
}

static int offset_in_block(const Problem *p, int i)
{
    for (int b = 0; i >= p->array[b].len; b++)
        i -= p->array[b].len;
    return i;
}

double *problem_param(Problem *p, int i)
{
    return &p->array[problem_block_of(p, i)].v[offset_in_block(p, i)];
}

double *problem_adjoint(Problem *p, int i)
{
    return &p->array[problem_block_of(p, i)].adj[offset_in_block(p, i)];
}

void problem_zero_adjoints(Problem *p)
{
    for (int i = 0; i < p->narrays && p->array[i].is_param; i++)
        memset(p->array[i].adj, 0, sizeof(double) * p->array[i].len);
}

/* ---- Files for the other tools ---------------------------------------- */

static int write_raw(const char *dir, const char *prefix, const char *name, const void *data,
                     size_t bytes)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s%s.bin", dir, prefix, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t wrote = fwrite(data, 1, bytes, f);
    return fclose(f) || wrote != bytes ? -1 : 0;
}

int problem_dump(const Problem *p, const char *dir)
{
    if (mkdir(dir, 0777) && errno != EEXIST)
        return -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/meta.txt", dir);
    FILE *meta = fopen(path, "w");
    if (!meta)
        return -1;
    fprintf(meta, "title %s\n", p->title);
    for (int i = 0; i < p->nconsts; i++)
        fprintf(meta, "const %s %.17g\n", p->cst[i].name, p->cst[i].value);
    int bad = 0;
    for (int i = 0; i < p->narrays; i++) {
        const Array *a = &p->array[i];
        fprintf(meta, "array %s %s %d %s\n", a->name, a->v ? "f64" : "i32", a->len,
                a->is_param ? "param" : "data");
        if (a->v)
            bad |= write_raw(dir, "", a->name, a->v, sizeof(double) * a->len);
        else
            bad |= write_raw(dir, "", a->name, a->iv, sizeof(int) * a->len);
        if (a->is_param)
            bad |= write_raw(dir, "d_", a->name, a->adj, sizeof(double) * a->len);
    }
    return fclose(meta) || bad ? -1 : 0;
}

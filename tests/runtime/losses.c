// RUN: %cc %fdcheck %s -o %t %libs && %t | FileCheck %s
//
// The scalar losses bp_softmax_xent, bp_mse, bp_sumsq, their VJPs and the
// float versions.  Each forward is compared with the naive formula (for
// softmax cross-entropy: log of a quotient of exps, no max shift), softmax
// also with logits shifted by ±1000 where the naive formula overflows.  Each
// VJP is compared with central differences of L = dL·loss for a random dL,
// then called twice (accumulation) and with null adjoints.  Shapes include
// m = 1, n = 1 (a single class: loss 0, gradient 0) and random ones.
//
// CHECK:      softmax_xent: ok
// CHECK-NEXT: softmax_xent shifted by 1000: ok
// CHECK-NEXT: softmax_xent_vjp: ok
// CHECK-NEXT: softmax_xent_vjp accumulates: ok
// CHECK-NEXT: softmax_xent_vjp null adjoint: ok
// CHECK-NEXT: softmax_xentf: ok
// CHECK-NEXT: softmax_xentf shifted by 1000: ok
// CHECK-NEXT: softmax_xentf_vjp: ok
// CHECK-NEXT: softmax_xentf_vjp accumulates: ok
// CHECK-NEXT: mse: ok
// CHECK-NEXT: mse_vjp: ok
// CHECK-NEXT: mse_vjp accumulates: ok
// CHECK-NEXT: mse_vjp null adjoints: ok
// CHECK-NEXT: msef: ok
// CHECK-NEXT: msef_vjp: ok
// CHECK-NEXT: msef_vjp accumulates: ok
// CHECK-NEXT: sumsq: ok
// CHECK-NEXT: sumsq_vjp: ok
// CHECK-NEXT: sumsq_vjp accumulates: ok
// CHECK-NEXT: sumsq_vjp null adjoint: ok
// CHECK-NEXT: sumsqf: ok
// CHECK-NEXT: sumsqf_vjp: ok
// CHECK-NEXT: sumsqf_vjp accumulates: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { MAXD = 12, MAXN = MAXD * MAXD, MAXLEN = 64, NCASES = 14 };

/* ---- Softmax cross-entropy -------------------------------------------- */

static const int edge_shapes[][2] = {{1, 1}, {1, 6}, {7, 1}, {4, 3}, {2, 10}};
enum { NEDGE = sizeof edge_shapes / sizeof edge_shapes[0] };

typedef struct {
    int m, n;
    double logits[MAXN];
    int labels[MAXD];
    double dL;  /* the random scale of L = dL·loss, also the VJP's dL */
} Xent;

typedef struct {
    int m, n;
    float logits[MAXN];
    int labels[MAXD];
    float dL;
} XentF;

static double random_dL(void)
{
    return 0.5 + fabs(fd_uniform());
}

static void pick_shape(int i, int *m, int *n)
{
    if (i < NEDGE) {
        *m = edge_shapes[i][0], *n = edge_shapes[i][1];
        return;
    }
    *m = fd_randint(1, MAXD), *n = fd_randint(1, MAXD);
}

/* Logits in [-3, 3]: the naive formula below stays finite there. */
static void make_xent(Xent *c, int i)
{
    pick_shape(i, &c->m, &c->n);
    fd_fill(c->logits, c->m * c->n);
    for (int j = 0; j < c->m * c->n; j++)
        c->logits[j] *= 3;
    for (int r = 0; r < c->m; r++)
        c->labels[r] = fd_randint(0, c->n - 1);
    c->dL = random_dL();
}

static void make_xentf(XentF *c, int i)
{
    Xent wide;
    make_xent(&wide, i);
    c->m = wide.m, c->n = wide.n, c->dL = (float)wide.dL;
    for (int j = 0; j < c->m * c->n; j++)
        c->logits[j] = (float)wide.logits[j];
    for (int r = 0; r < c->m; r++)
        c->labels[r] = wide.labels[r];
}

/* mean over rows of −log(exp(x[label]) / Σ exp(x)), as written. */
static double naive_xent(int m, int n, const double *logits, const int *labels)
{
    double total = 0;
    for (int i = 0; i < m; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++)
            sum += exp(logits[i * n + j]);
        total += -log(exp(logits[i * n + labels[i]]) / sum);
    }
    return total / m;
}

static double check_xent_forward(Xent *c)
{
    double got = bp_softmax_xent(c->m, c->n, c->logits, c->labels);
    double want = naive_xent(c->m, c->n, c->logits, c->labels);
    return fd_relerr(&got, &want, 1);
}

/* Softmax is shift invariant; at ±1000 the naive exp overflows or
 * underflows to 0/0, the library's must not. */
static double check_xent_shifted(Xent *c)
{
    double want = bp_softmax_xent(c->m, c->n, c->logits, c->labels), worst = 0;
    for (int sign = -1; sign <= 1; sign += 2) {
        double shifted[MAXN];
        for (int j = 0; j < c->m * c->n; j++)
            shifted[j] = c->logits[j] + sign * 1000.0;
        double got = bp_softmax_xent(c->m, c->n, shifted, c->labels);
        worst = fd_worse(worst, fabs(got - want) / fmax(fabs(want), 1));
    }
    return worst;
}

static double xent_objective(void *ctx)
{
    Xent *c = ctx;
    return c->dL * bp_softmax_xent(c->m, c->n, c->logits, c->labels);
}

static double check_xent_vjp(Xent *c)
{
    double d[MAXN] = {0}, fd[MAXN];
    bp_softmax_xent_vjp(c->m, c->n, c->logits, c->labels, c->dL, d);
    fd_central(xent_objective, c, c->logits, c->m * c->n, 1e-5, fd);
    return fd_relerr(d, fd, c->m * c->n);
}

static double check_xent_accumulates(Xent *c)
{
    double once[MAXN] = {0}, twice[MAXN] = {0};
    bp_softmax_xent_vjp(c->m, c->n, c->logits, c->labels, c->dL, once);
    bp_softmax_xent_vjp(c->m, c->n, c->logits, c->labels, c->dL, twice);
    bp_softmax_xent_vjp(c->m, c->n, c->logits, c->labels, c->dL, twice);
    return fd_twice(twice, once, c->m * c->n);
}

static double check_xent_forwardf(XentF *c)
{
    double logits[MAXN];
    fd_widen(logits, c->logits, c->m * c->n);
    double got = bp_softmax_xentf(c->m, c->n, c->logits, c->labels);
    double want = naive_xent(c->m, c->n, logits, c->labels);
    return fabs(got - want) / fmax(fabs(want), 1);
}

/* In float, 1000 + x keeps only about 4 decimals of x: a looser bound. */
static double check_xent_shiftedf(XentF *c)
{
    double want = bp_softmax_xentf(c->m, c->n, c->logits, c->labels), worst = 0;
    for (int sign = -1; sign <= 1; sign += 2) {
        float shifted[MAXN];
        for (int j = 0; j < c->m * c->n; j++)
            shifted[j] = c->logits[j] + (float)sign * 1000.0f;
        double got = bp_softmax_xentf(c->m, c->n, shifted, c->labels);
        worst = fd_worse(worst, fabs(got - want) / fmax(fabs(want), 1));
    }
    return worst;
}

static double xent_objectivef(void *ctx)
{
    XentF *c = ctx;
    return c->dL * (double)bp_softmax_xentf(c->m, c->n, c->logits, c->labels);
}

/* The loss is rounded to float once, so the error of the quotient falls
 * as 1/h; a step of 3e-2 still keeps the h² truncation below it. */
static double check_xent_vjpf(XentF *c)
{
    float d[MAXN] = {0};
    double fd[MAXN];
    bp_softmax_xentf_vjp(c->m, c->n, c->logits, c->labels, c->dL, d);
    fd_centralf(xent_objectivef, c, c->logits, c->m * c->n, 3e-2f, fd);
    return fd_relerrf(d, fd, c->m * c->n);
}

static double check_xent_accumulatesf(XentF *c)
{
    float once[MAXN] = {0}, twice[MAXN] = {0};
    bp_softmax_xentf_vjp(c->m, c->n, c->logits, c->labels, c->dL, once);
    bp_softmax_xentf_vjp(c->m, c->n, c->logits, c->labels, c->dL, twice);
    bp_softmax_xentf_vjp(c->m, c->n, c->logits, c->labels, c->dL, twice);
    return fd_twicef(twice, once, c->m * c->n);
}

static void check_softmax_xent(void)
{
    static Xent c;
    static XentF f;
    double fwd = 0, shifted = 0, vjp = 0, acc = 0;
    for (int i = 0; i < NCASES; i++) {
        make_xent(&c, i);
        fwd = fd_worse(fwd, check_xent_forward(&c));
        shifted = fd_worse(shifted, check_xent_shifted(&c));
        vjp = fd_worse(vjp, check_xent_vjp(&c));
        acc = fd_worse(acc, check_xent_accumulates(&c));
        bp_softmax_xent_vjp(c.m, c.n, c.logits, c.labels, c.dL, NULL);
    }
    fd_expect("softmax_xent", fwd, 1e-13);
    fd_expect("softmax_xent shifted by 1000", shifted, 1e-10);
    fd_expect("softmax_xent_vjp", vjp, 1e-6);
    fd_expect("softmax_xent_vjp accumulates", acc, 1e-12);
    fd_expect_true("softmax_xent_vjp null adjoint", 1);  /* survived the NULL calls */

    fwd = shifted = vjp = acc = 0;
    for (int i = 0; i < NCASES; i++) {
        make_xentf(&f, i);
        fwd = fd_worse(fwd, check_xent_forwardf(&f));
        shifted = fd_worse(shifted, check_xent_shiftedf(&f));
        vjp = fd_worse(vjp, check_xent_vjpf(&f));
        acc = fd_worse(acc, check_xent_accumulatesf(&f));
    }
    fd_expect("softmax_xentf", fwd, 1e-6);
    fd_expect("softmax_xentf shifted by 1000", shifted, 1e-3);
    fd_expect("softmax_xentf_vjp", vjp, 1e-3);
    fd_expect("softmax_xentf_vjp accumulates", acc, 1e-5);
}

/* ---- Mean squared error and sum of squares ----------------------------- */
/*
 * Both are quadratic, so central differences carry no truncation error at
 * any step: the float checks use a large one, which keeps float rounding
 * of the loss small next to the difference.
 */

typedef struct {
    int len;
    double Y[MAXLEN], T[MAXLEN];  /* T is unused by sumsq */
    double dL;
} Vec;

typedef struct {
    int len;
    float Y[MAXLEN], T[MAXLEN];
    float dL;
} VecF;

static void make_vec(Vec *c, int i)
{
    c->len = i < 2 ? i + 1 : fd_randint(1, MAXLEN);
    fd_fill(c->Y, c->len);
    fd_fill(c->T, c->len);
    c->dL = random_dL();
}

static void make_vecf(VecF *c, int i)
{
    c->len = i < 2 ? i + 1 : fd_randint(1, MAXLEN);
    fd_fillf(c->Y, c->len);
    fd_fillf(c->T, c->len);
    c->dL = (float)random_dL();
}

static double naive_mse(int len, const double *Y, const double *T)
{
    double s = 0;
    for (int i = 0; i < len; i++)
        s += (Y[i] - T[i]) * (Y[i] - T[i]);
    return s / len;
}

static double naive_sumsq(int len, const double *X)
{
    double s = 0;
    for (int i = 0; i < len; i++)
        s += X[i] * X[i];
    return s;
}

static double mse_objective(void *ctx)
{
    Vec *c = ctx;
    return c->dL * bp_mse(c->len, c->Y, c->T);
}

static double sumsq_objective(void *ctx)
{
    Vec *c = ctx;
    return c->dL * bp_sumsq(c->len, c->Y);
}

static double check_mse_forward(Vec *c)
{
    double got = bp_mse(c->len, c->Y, c->T), want = naive_mse(c->len, c->Y, c->T);
    return fd_relerr(&got, &want, 1);
}

static double check_mse_vjp(Vec *c)
{
    double dY[MAXLEN] = {0}, dT[MAXLEN] = {0}, fdY[MAXLEN], fdT[MAXLEN];
    bp_mse_vjp(c->len, c->Y, c->T, c->dL, dY, dT);
    fd_central(mse_objective, c, c->Y, c->len, 1e-5, fdY);
    fd_central(mse_objective, c, c->T, c->len, 1e-5, fdT);
    return fd_worse(fd_relerr(dY, fdY, c->len), fd_relerr(dT, fdT, c->len));
}

static double check_mse_accumulates(Vec *c)
{
    double dY1[MAXLEN] = {0}, dT1[MAXLEN] = {0}, dY2[MAXLEN] = {0}, dT2[MAXLEN] = {0};
    bp_mse_vjp(c->len, c->Y, c->T, c->dL, dY1, dT1);
    bp_mse_vjp(c->len, c->Y, c->T, c->dL, dY2, dT2);
    bp_mse_vjp(c->len, c->Y, c->T, c->dL, dY2, dT2);
    return fd_worse(fd_twice(dY2, dY1, c->len), fd_twice(dT2, dT1, c->len));
}

static double check_mse_null(Vec *c)
{
    double dY[MAXLEN] = {0}, dT[MAXLEN] = {0}, onlyY[MAXLEN] = {0}, onlyT[MAXLEN] = {0};
    bp_mse_vjp(c->len, c->Y, c->T, c->dL, dY, dT);
    bp_mse_vjp(c->len, c->Y, c->T, c->dL, onlyY, NULL);
    bp_mse_vjp(c->len, c->Y, c->T, c->dL, NULL, onlyT);
    bp_mse_vjp(c->len, c->Y, c->T, c->dL, NULL, NULL);
    return fd_worse(fd_relerr(onlyY, dY, c->len), fd_relerr(onlyT, dT, c->len));
}

static double check_sumsq_forward(Vec *c)
{
    double got = bp_sumsq(c->len, c->Y), want = naive_sumsq(c->len, c->Y);
    return fd_relerr(&got, &want, 1);
}

static double check_sumsq_vjp(Vec *c)
{
    double dX[MAXLEN] = {0}, fd[MAXLEN];
    bp_sumsq_vjp(c->len, c->Y, c->dL, dX);
    fd_central(sumsq_objective, c, c->Y, c->len, 1e-5, fd);
    return fd_relerr(dX, fd, c->len);
}

static double check_sumsq_accumulates(Vec *c)
{
    double once[MAXLEN] = {0}, twice[MAXLEN] = {0};
    bp_sumsq_vjp(c->len, c->Y, c->dL, once);
    bp_sumsq_vjp(c->len, c->Y, c->dL, twice);
    bp_sumsq_vjp(c->len, c->Y, c->dL, twice);
    return fd_twice(twice, once, c->len);
}

static double msef_objective(void *ctx)
{
    VecF *c = ctx;
    return c->dL * (double)bp_msef(c->len, c->Y, c->T);
}

static double sumsqf_objective(void *ctx)
{
    VecF *c = ctx;
    return c->dL * (double)bp_sumsqf(c->len, c->Y);
}

static double check_msef_forward(VecF *c)
{
    double Y[MAXLEN], T[MAXLEN];
    fd_widen(Y, c->Y, c->len);
    fd_widen(T, c->T, c->len);
    double got = bp_msef(c->len, c->Y, c->T), want = naive_mse(c->len, Y, T);
    return fd_relerr(&got, &want, 1);
}

static double check_msef_vjp(VecF *c)
{
    float dY[MAXLEN] = {0}, dT[MAXLEN] = {0};
    double fdY[MAXLEN], fdT[MAXLEN];
    bp_msef_vjp(c->len, c->Y, c->T, c->dL, dY, dT);
    fd_centralf(msef_objective, c, c->Y, c->len, 0.25f, fdY);
    fd_centralf(msef_objective, c, c->T, c->len, 0.25f, fdT);
    return fd_worse(fd_relerrf(dY, fdY, c->len), fd_relerrf(dT, fdT, c->len));
}

static double check_msef_accumulates(VecF *c)
{
    float dY1[MAXLEN] = {0}, dT1[MAXLEN] = {0}, dY2[MAXLEN] = {0}, dT2[MAXLEN] = {0};
    bp_msef_vjp(c->len, c->Y, c->T, c->dL, dY1, dT1);
    bp_msef_vjp(c->len, c->Y, c->T, c->dL, dY2, dT2);
    bp_msef_vjp(c->len, c->Y, c->T, c->dL, dY2, dT2);
    return fd_worse(fd_twicef(dY2, dY1, c->len), fd_twicef(dT2, dT1, c->len));
}

static double check_sumsqf_forward(VecF *c)
{
    double X[MAXLEN];
    fd_widen(X, c->Y, c->len);
    double got = bp_sumsqf(c->len, c->Y), want = naive_sumsq(c->len, X);
    return fd_relerr(&got, &want, 1);
}

static double check_sumsqf_vjp(VecF *c)
{
    float dX[MAXLEN] = {0};
    double fd[MAXLEN];
    bp_sumsqf_vjp(c->len, c->Y, c->dL, dX);
    fd_centralf(sumsqf_objective, c, c->Y, c->len, 0.25f, fd);
    return fd_relerrf(dX, fd, c->len);
}

static double check_sumsqf_accumulates(VecF *c)
{
    float once[MAXLEN] = {0}, twice[MAXLEN] = {0};
    bp_sumsqf_vjp(c->len, c->Y, c->dL, once);
    bp_sumsqf_vjp(c->len, c->Y, c->dL, twice);
    bp_sumsqf_vjp(c->len, c->Y, c->dL, twice);
    return fd_twicef(twice, once, c->len);
}

static void check_mse(void)
{
    static Vec c;
    static VecF f;
    double fwd = 0, vjp = 0, acc = 0, null = 0;
    for (int i = 0; i < NCASES; i++) {
        make_vec(&c, i);
        fwd = fd_worse(fwd, check_mse_forward(&c));
        vjp = fd_worse(vjp, check_mse_vjp(&c));
        acc = fd_worse(acc, check_mse_accumulates(&c));
        null = fd_worse(null, check_mse_null(&c));
    }
    fd_expect("mse", fwd, 1e-13);
    fd_expect("mse_vjp", vjp, 1e-6);
    fd_expect("mse_vjp accumulates", acc, 1e-12);
    fd_expect("mse_vjp null adjoints", null, 0);

    fwd = vjp = acc = 0;
    for (int i = 0; i < NCASES; i++) {
        make_vecf(&f, i);
        fwd = fd_worse(fwd, check_msef_forward(&f));
        vjp = fd_worse(vjp, check_msef_vjp(&f));
        acc = fd_worse(acc, check_msef_accumulates(&f));
    }
    fd_expect("msef", fwd, 1e-6);
    fd_expect("msef_vjp", vjp, 1e-4);
    fd_expect("msef_vjp accumulates", acc, 1e-5);
}

static void check_sumsq(void)
{
    static Vec c;
    static VecF f;
    double fwd = 0, vjp = 0, acc = 0;
    for (int i = 0; i < NCASES; i++) {
        make_vec(&c, i);
        fwd = fd_worse(fwd, check_sumsq_forward(&c));
        vjp = fd_worse(vjp, check_sumsq_vjp(&c));
        acc = fd_worse(acc, check_sumsq_accumulates(&c));
        bp_sumsq_vjp(c.len, c.Y, c.dL, NULL);
    }
    fd_expect("sumsq", fwd, 1e-13);
    fd_expect("sumsq_vjp", vjp, 1e-6);
    fd_expect("sumsq_vjp accumulates", acc, 1e-12);
    fd_expect_true("sumsq_vjp null adjoint", 1);  /* survived the NULL calls */

    fwd = vjp = acc = 0;
    for (int i = 0; i < NCASES; i++) {
        make_vecf(&f, i);
        fwd = fd_worse(fwd, check_sumsqf_forward(&f));
        vjp = fd_worse(vjp, check_sumsqf_vjp(&f));
        acc = fd_worse(acc, check_sumsqf_accumulates(&f));
    }
    fd_expect("sumsqf", fwd, 1e-6);
    fd_expect("sumsqf_vjp", vjp, 1e-4);
    fd_expect("sumsqf_vjp accumulates", acc, 1e-5);
}

int main(void)
{
    check_softmax_xent();
    check_mse();
    check_sumsq();
    return fd_failures != 0;
}

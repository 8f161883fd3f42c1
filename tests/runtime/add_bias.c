// RUN: %cc %fdcheck %s -o %t %libs && %t | FileCheck %s
//
// bp_add_bias, bp_add_bias_vjp and the float versions: Y = X + b with b
// broadcast over the m rows.  The forward against a naive loop and in place
// (Y == X); the VJP against central differences of L = <W, X + b> for both
// dX and db (whose entries sum over the rows), twice for accumulation, and
// with each adjoint null in turn.  Shapes include m = 1, n = 1 and random
// non-square ones.
//
// CHECK:      add_bias: ok
// CHECK-NEXT: add_bias in place: ok
// CHECK-NEXT: add_bias_vjp: ok
// CHECK-NEXT: add_bias_vjp accumulates: ok
// CHECK-NEXT: add_bias_vjp null adjoints: ok
// CHECK-NEXT: add_biasf: ok
// CHECK-NEXT: add_biasf in place: ok
// CHECK-NEXT: add_biasf_vjp: ok
// CHECK-NEXT: add_biasf_vjp accumulates: ok
#include <bpgen.h>

#include "fdcheck.h"

enum { MAXD = 16, NRANDOM = 10, MAXN = MAXD * MAXD };

static const int edge_shapes[][2] = {{1, 1}, {1, 9}, {8, 1}, {3, 5}, {6, 2}};
enum { NEDGE = sizeof edge_shapes / sizeof edge_shapes[0] };

typedef struct {
    int m, n;
    double X[MAXN], b[MAXD], Y[MAXN];
    double W[MAXN];  /* weights of L = <W, Y>, also the dY given to the VJP */
} Case;

typedef struct {
    int m, n;
    float X[MAXN], b[MAXD], Y[MAXN], W[MAXN];
} CaseF;

static void pick_shape(int i, int *m, int *n)
{
    if (i < NEDGE) {
        *m = edge_shapes[i][0], *n = edge_shapes[i][1];
        return;
    }
    *m = fd_randint(1, MAXD), *n = fd_randint(1, MAXD);
}

static void make_case(Case *c, int i)
{
    pick_shape(i, &c->m, &c->n);
    fd_fill(c->X, c->m * c->n);
    fd_fill(c->b, c->n);
    fd_fill(c->W, c->m * c->n);
}

static void make_casef(CaseF *c, int i)
{
    pick_shape(i, &c->m, &c->n);
    fd_fillf(c->X, c->m * c->n);
    fd_fillf(c->b, c->n);
    fd_fillf(c->W, c->m * c->n);
}

static void naive_add_bias(int m, int n, const double *X, const double *b, double *Y)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            Y[i * n + j] = X[i * n + j] + b[j];
}

static double check_forward(Case *c)
{
    double want[MAXN];
    bp_add_bias(c->m, c->n, c->X, c->b, c->Y);
    naive_add_bias(c->m, c->n, c->X, c->b, want);
    return fd_relerr(c->Y, want, c->m * c->n);
}

/* bp_add_bias(m, n, Z, b, Z) must give what the out-of-place call gives. */
static double check_in_place(Case *c)
{
    double Z[MAXN];
    fd_copy(Z, c->X, c->m * c->n);
    bp_add_bias(c->m, c->n, c->X, c->b, c->Y);
    bp_add_bias(c->m, c->n, Z, c->b, Z);
    return fd_relerr(Z, c->Y, c->m * c->n);
}

static double objective(void *ctx)
{
    Case *c = ctx;
    bp_add_bias(c->m, c->n, c->X, c->b, c->Y);
    return fd_dot(c->W, c->Y, c->m * c->n);
}

static double check_vjp(Case *c)
{
    double dX[MAXN] = {0}, db[MAXD] = {0}, fdX[MAXN], fdb[MAXD];
    bp_add_bias_vjp(c->m, c->n, c->W, dX, db);
    fd_central(objective, c, c->X, c->m * c->n, 1e-5, fdX);
    fd_central(objective, c, c->b, c->n, 1e-5, fdb);
    return fd_worse(fd_relerr(dX, fdX, c->m * c->n), fd_relerr(db, fdb, c->n));
}

static double check_accumulates(Case *c)
{
    double dX1[MAXN] = {0}, db1[MAXD] = {0}, dX2[MAXN] = {0}, db2[MAXD] = {0};
    bp_add_bias_vjp(c->m, c->n, c->W, dX1, db1);
    bp_add_bias_vjp(c->m, c->n, c->W, dX2, db2);
    bp_add_bias_vjp(c->m, c->n, c->W, dX2, db2);
    return fd_worse(fd_twice(dX2, dX1, c->m * c->n), fd_twice(db2, db1, c->n));
}

static double check_null(Case *c)
{
    double dX[MAXN] = {0}, db[MAXD] = {0}, onlyX[MAXN] = {0}, onlyb[MAXD] = {0};
    bp_add_bias_vjp(c->m, c->n, c->W, dX, db);
    bp_add_bias_vjp(c->m, c->n, c->W, onlyX, NULL);
    bp_add_bias_vjp(c->m, c->n, c->W, NULL, onlyb);
    bp_add_bias_vjp(c->m, c->n, c->W, NULL, NULL);
    return fd_worse(fd_relerr(onlyX, dX, c->m * c->n), fd_relerr(onlyb, db, c->n));
}

static double check_forwardf(CaseF *c)
{
    double X[MAXN], b[MAXD], want[MAXN];
    bp_add_biasf(c->m, c->n, c->X, c->b, c->Y);
    fd_widen(X, c->X, c->m * c->n);
    fd_widen(b, c->b, c->n);
    naive_add_bias(c->m, c->n, X, b, want);
    return fd_relerrf(c->Y, want, c->m * c->n);
}

static double check_in_placef(CaseF *c)
{
    float Z[MAXN];
    double want[MAXN];
    fd_copyf(Z, c->X, c->m * c->n);
    bp_add_biasf(c->m, c->n, c->X, c->b, c->Y);
    bp_add_biasf(c->m, c->n, Z, c->b, Z);
    fd_widen(want, c->Y, c->m * c->n);
    return fd_relerrf(Z, want, c->m * c->n);
}

static double objectivef(void *ctx)
{
    CaseF *c = ctx;
    bp_add_biasf(c->m, c->n, c->X, c->b, c->Y);
    return fd_dotf(c->W, c->Y, c->m * c->n);
}

/* L is linear, so a large step costs no truncation error. */
static double check_vjpf(CaseF *c)
{
    float dX[MAXN] = {0}, db[MAXD] = {0};
    double fdX[MAXN], fdb[MAXD];
    bp_add_biasf_vjp(c->m, c->n, c->W, dX, db);
    fd_centralf(objectivef, c, c->X, c->m * c->n, 0.25f, fdX);
    fd_centralf(objectivef, c, c->b, c->n, 0.25f, fdb);
    return fd_worse(fd_relerrf(dX, fdX, c->m * c->n), fd_relerrf(db, fdb, c->n));
}

static double check_accumulatesf(CaseF *c)
{
    float dX1[MAXN] = {0}, db1[MAXD] = {0}, dX2[MAXN] = {0}, db2[MAXD] = {0};
    bp_add_biasf_vjp(c->m, c->n, c->W, dX1, db1);
    bp_add_biasf_vjp(c->m, c->n, c->W, dX2, db2);
    bp_add_biasf_vjp(c->m, c->n, c->W, dX2, db2);
    return fd_worse(fd_twicef(dX2, dX1, c->m * c->n), fd_twicef(db2, db1, c->n));
}

int main(void)
{
    static Case c;
    static CaseF f;
    double fwd = 0, in_place = 0, vjp = 0, acc = 0, null = 0;
    for (int i = 0; i < NEDGE + NRANDOM; i++) {
        make_case(&c, i);
        fwd = fd_worse(fwd, check_forward(&c));
        in_place = fd_worse(in_place, check_in_place(&c));
        vjp = fd_worse(vjp, check_vjp(&c));
        acc = fd_worse(acc, check_accumulates(&c));
        null = fd_worse(null, check_null(&c));
    }
    fd_expect("add_bias", fwd, 1e-15);
    fd_expect("add_bias in place", in_place, 0);
    fd_expect("add_bias_vjp", vjp, 1e-6);
    fd_expect("add_bias_vjp accumulates", acc, 1e-12);
    fd_expect("add_bias_vjp null adjoints", null, 0);

    fwd = in_place = vjp = acc = 0;
    for (int i = 0; i < NEDGE + NRANDOM; i++) {
        make_casef(&f, i);
        fwd = fd_worse(fwd, check_forwardf(&f));
        in_place = fd_worse(in_place, check_in_placef(&f));
        vjp = fd_worse(vjp, check_vjpf(&f));
        acc = fd_worse(acc, check_accumulatesf(&f));
    }
    fd_expect("add_biasf", fwd, 1e-6);
    fd_expect("add_biasf in place", in_place, 0);
    fd_expect("add_biasf_vjp", vjp, 1e-4);
    fd_expect("add_biasf_vjp accumulates", acc, 1e-5);
    return fd_failures != 0;
}

// RUN: %cc %fdcheck %s -o %t %libs && %t 2>&1 | FileCheck %s --implicit-check-not=illegal
//
// bp_matmul, bp_matmul_vjp and the float versions.  The forward is compared
// with a naive triple loop, the VJP with central differences of
// L = <W, A·B> for random W, over edge shapes (every side 1 in turn,
// non-square) and random ones.  Empty shapes must not write, and nothing
// may reach stderr: a leading dimension BLAS rejects makes it print
// "... had an illegal value" through xerbla, hence the implicit check on
// the merged output.
//
// CHECK:      matmul: ok
// CHECK-NEXT: matmul empty: ok
// CHECK-NEXT: matmul_vjp: ok
// CHECK-NEXT: matmul_vjp accumulates: ok
// CHECK-NEXT: matmul_vjp null adjoints: ok
// CHECK-NEXT: matmulf: ok
// CHECK-NEXT: matmulf_vjp: ok
// CHECK-NEXT: matmulf_vjp accumulates: ok
// CHECK-NEXT: matmulf_vjp null adjoints: ok
#include <bpgen.h>

#include "fdcheck.h"

enum { MAXD = 12, NRANDOM = 10, MAXN = MAXD * MAXD };

/* Shapes m, k, n tried first; random ones follow. */
static const int edge_shapes[][3] = {
    {1, 1, 1}, {1, 6, 4}, {5, 1, 3}, {4, 7, 1}, {1, 1, 9},
    {9, 1, 1}, {1, 8, 1}, {2, 5, 11}, {7, 3, 3},
};
enum { NEDGE = sizeof edge_shapes / sizeof edge_shapes[0] };

typedef struct {
    int m, k, n;
    double A[MAXN], B[MAXN], C[MAXN];
    double W[MAXN];  /* weights of L = <W, C>, also the dC given to the VJP */
} Case;

typedef struct {
    int m, k, n;
    float A[MAXN], B[MAXN], C[MAXN], W[MAXN];
} CaseF;

static void pick_shape(int i, int *m, int *k, int *n)
{
    if (i < NEDGE) {
        *m = edge_shapes[i][0], *k = edge_shapes[i][1], *n = edge_shapes[i][2];
        return;
    }
    *m = fd_randint(1, MAXD), *k = fd_randint(1, MAXD), *n = fd_randint(1, MAXD);
}

static void make_case(Case *c, int i)
{
    pick_shape(i, &c->m, &c->k, &c->n);
    fd_fill(c->A, c->m * c->k);
    fd_fill(c->B, c->k * c->n);
    fd_fill(c->W, c->m * c->n);
}

static void make_casef(CaseF *c, int i)
{
    pick_shape(i, &c->m, &c->k, &c->n);
    fd_fillf(c->A, c->m * c->k);
    fd_fillf(c->B, c->k * c->n);
    fd_fillf(c->W, c->m * c->n);
}

/* The reference: C[i][j] = Σ_p A[i][p]·B[p][j], written out. */
static void naive_matmul(int m, int k, int n, const double *A, const double *B, double *C)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++)
                s += A[i * k + p] * B[p * n + j];
            C[i * n + j] = s;
        }
}

static double check_forward(Case *c)
{
    double want[MAXN];
    bp_matmul(c->m, c->k, c->n, c->A, c->B, c->C);
    naive_matmul(c->m, c->k, c->n, c->A, c->B, want);
    return fd_relerr(c->C, want, c->m * c->n);
}

static double objective(void *ctx)
{
    Case *c = ctx;
    bp_matmul(c->m, c->k, c->n, c->A, c->B, c->C);
    return fd_dot(c->W, c->C, c->m * c->n);
}

static double check_vjp(Case *c)
{
    double dA[MAXN] = {0}, dB[MAXN] = {0}, fdA[MAXN], fdB[MAXN];
    bp_matmul_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA, dB);
    fd_central(objective, c, c->A, c->m * c->k, 1e-5, fdA);
    fd_central(objective, c, c->B, c->k * c->n, 1e-5, fdB);
    return fd_worse(fd_relerr(dA, fdA, c->m * c->k), fd_relerr(dB, fdB, c->k * c->n));
}

static double check_accumulates(Case *c)
{
    double dA1[MAXN] = {0}, dB1[MAXN] = {0}, dA2[MAXN] = {0}, dB2[MAXN] = {0};
    bp_matmul_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA1, dB1);
    bp_matmul_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA2, dB2);
    bp_matmul_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA2, dB2);
    return fd_worse(fd_twice(dA2, dA1, c->m * c->k), fd_twice(dB2, dB1, c->k * c->n));
}

/* A null adjoint skips its product and leaves the other one as it was. */
static double check_null(Case *c)
{
    double dA[MAXN] = {0}, dB[MAXN] = {0}, onlyA[MAXN] = {0}, onlyB[MAXN] = {0};
    bp_matmul_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA, dB);
    bp_matmul_vjp(c->m, c->k, c->n, c->A, c->B, c->W, onlyA, NULL);
    bp_matmul_vjp(c->m, c->k, c->n, c->A, c->B, c->W, NULL, onlyB);
    bp_matmul_vjp(c->m, c->k, c->n, c->A, c->B, c->W, NULL, NULL);
    return fd_worse(fd_relerr(onlyA, dA, c->m * c->k), fd_relerr(onlyB, dB, c->k * c->n));
}

/* k = 0 is an empty sum, so C becomes 0; m = 0 or n = 0 leaves C alone, and
 * every VJP with an empty side adds nothing. */
static int check_empty(void)
{
    double A[4] = {1, 2, 3, 4}, B[4] = {1, 2, 3, 4}, dC[6] = {1, 1, 1, 1, 1, 1};
    double C[6] = {7, 7, 7, 7, 7, 7}, D[6] = {7, 7, 7, 7, 7, 7};
    double dA[6] = {7, 7, 7, 7, 7, 7}, dB[6] = {7, 7, 7, 7, 7, 7};
    int holds = 1;
    bp_matmul(2, 0, 3, A, B, C);
    bp_matmul(0, 2, 3, A, B, D);
    bp_matmul(2, 2, 0, A, B, D);
    bp_matmul_vjp(2, 0, 3, A, B, dC, dA, dB);
    bp_matmul_vjp(0, 2, 3, A, B, dC, dA, dB);
    bp_matmul_vjp(2, 3, 0, A, B, dC, dA, dB);
    for (int i = 0; i < 6; i++)
        holds &= C[i] == 0 && D[i] == 7 && dA[i] == 7 && dB[i] == 7;
    return holds;
}

static double check_forwardf(CaseF *c)
{
    double A[MAXN], B[MAXN], want[MAXN];
    bp_matmulf(c->m, c->k, c->n, c->A, c->B, c->C);
    fd_widen(A, c->A, c->m * c->k);
    fd_widen(B, c->B, c->k * c->n);
    naive_matmul(c->m, c->k, c->n, A, B, want);
    return fd_relerrf(c->C, want, c->m * c->n);
}

static double objectivef(void *ctx)
{
    CaseF *c = ctx;
    bp_matmulf(c->m, c->k, c->n, c->A, c->B, c->C);
    return fd_dotf(c->W, c->C, c->m * c->n);
}

/* L is bilinear, so a large step costs no truncation error and keeps the
 * float rounding of C small next to the difference it makes. */
static double check_vjpf(CaseF *c)
{
    float dA[MAXN] = {0}, dB[MAXN] = {0};
    double fdA[MAXN], fdB[MAXN];
    bp_matmulf_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA, dB);
    fd_centralf(objectivef, c, c->A, c->m * c->k, 0.25f, fdA);
    fd_centralf(objectivef, c, c->B, c->k * c->n, 0.25f, fdB);
    return fd_worse(fd_relerrf(dA, fdA, c->m * c->k), fd_relerrf(dB, fdB, c->k * c->n));
}

static double check_accumulatesf(CaseF *c)
{
    float dA1[MAXN] = {0}, dB1[MAXN] = {0}, dA2[MAXN] = {0}, dB2[MAXN] = {0};
    bp_matmulf_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA1, dB1);
    bp_matmulf_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA2, dB2);
    bp_matmulf_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA2, dB2);
    return fd_worse(fd_twicef(dA2, dA1, c->m * c->k), fd_twicef(dB2, dB1, c->k * c->n));
}

static double check_nullf(CaseF *c)
{
    float dA[MAXN] = {0}, dB[MAXN] = {0}, onlyA[MAXN] = {0}, onlyB[MAXN] = {0};
    double wideA[MAXN], wideB[MAXN];
    bp_matmulf_vjp(c->m, c->k, c->n, c->A, c->B, c->W, dA, dB);
    bp_matmulf_vjp(c->m, c->k, c->n, c->A, c->B, c->W, onlyA, NULL);
    bp_matmulf_vjp(c->m, c->k, c->n, c->A, c->B, c->W, NULL, onlyB);
    bp_matmulf_vjp(c->m, c->k, c->n, c->A, c->B, c->W, NULL, NULL);
    fd_widen(wideA, dA, c->m * c->k);
    fd_widen(wideB, dB, c->k * c->n);
    return fd_worse(fd_relerrf(onlyA, wideA, c->m * c->k), fd_relerrf(onlyB, wideB, c->k * c->n));
}

int main(void)
{
    static Case c;
    static CaseF f;
    double fwd = 0, vjp = 0, acc = 0, null = 0;
    for (int i = 0; i < NEDGE + NRANDOM; i++) {
        make_case(&c, i);
        fwd = fd_worse(fwd, check_forward(&c));
        vjp = fd_worse(vjp, check_vjp(&c));
        acc = fd_worse(acc, check_accumulates(&c));
        null = fd_worse(null, check_null(&c));
    }
    fd_expect("matmul", fwd, 1e-12);
    fd_expect_true("matmul empty", check_empty());
    fd_expect("matmul_vjp", vjp, 1e-6);
    fd_expect("matmul_vjp accumulates", acc, 1e-12);
    fd_expect("matmul_vjp null adjoints", null, 1e-12);

    fwd = vjp = acc = null = 0;
    for (int i = 0; i < NEDGE + NRANDOM; i++) {
        make_casef(&f, i);
        fwd = fd_worse(fwd, check_forwardf(&f));
        vjp = fd_worse(vjp, check_vjpf(&f));
        acc = fd_worse(acc, check_accumulatesf(&f));
        null = fd_worse(null, check_nullf(&f));
    }
    fd_expect("matmulf", fwd, 1e-5);
    fd_expect("matmulf_vjp", vjp, 1e-4);
    fd_expect("matmulf_vjp accumulates", acc, 1e-5);
    fd_expect("matmulf_vjp null adjoints", null, 1e-5);
    return fd_failures != 0;
}

// RUN: %cc %fdcheck %s -o %t %libs && %t | FileCheck %s
//
// bp_relu, bp_sigmoid, bp_tanh, their VJPs and the float versions, one row
// of a table each.  The forward is compared with the textbook formula (also
// at ±40 and ±800, where a naive sigmoid would divide inf by inf) and run in
// place (Y == X).  The VJP takes the primal output, so it is fed the Y of an
// in-place forward call and compared with central differences of
// L = <W, f(X)>; then called twice (accumulation) and with a null adjoint.
// ReLU inputs stay clear of the kink at 0 by more than the step; the kink
// itself has its own check (subgradient 0).
//
// CHECK:      relu: ok
// CHECK-NEXT: relu in place: ok
// CHECK-NEXT: relu_vjp: ok
// CHECK-NEXT: relu_vjp accumulates: ok
// CHECK-NEXT: relu_vjp null adjoint: ok
// CHECK-NEXT: reluf: ok
// CHECK-NEXT: reluf in place: ok
// CHECK-NEXT: reluf_vjp: ok
// CHECK-NEXT: reluf_vjp accumulates: ok
// CHECK-NEXT: sigmoid: ok
// CHECK-NEXT: sigmoid in place: ok
// CHECK-NEXT: sigmoid_vjp: ok
// CHECK-NEXT: sigmoid_vjp accumulates: ok
// CHECK-NEXT: sigmoid_vjp null adjoint: ok
// CHECK-NEXT: sigmoidf: ok
// CHECK-NEXT: sigmoidf in place: ok
// CHECK-NEXT: sigmoidf_vjp: ok
// CHECK-NEXT: sigmoidf_vjp accumulates: ok
// CHECK-NEXT: tanh: ok
// CHECK-NEXT: tanh in place: ok
// CHECK-NEXT: tanh_vjp: ok
// CHECK-NEXT: tanh_vjp accumulates: ok
// CHECK-NEXT: tanh_vjp null adjoint: ok
// CHECK-NEXT: tanhf: ok
// CHECK-NEXT: tanhf in place: ok
// CHECK-NEXT: tanhf_vjp: ok
// CHECK-NEXT: tanhf_vjp accumulates: ok
// CHECK-NEXT: relu_vjp at 0: ok
// CHECK-NEXT: relu passes NaN: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

enum { MAXLEN = 64, NCASES = 12 };

/* Inputs beyond the random range: where exp overflows or underflows. */
static const double extremes[] = {-800, -40, -1, 0, 1, 40, 800};
enum { NEXTREME = sizeof extremes / sizeof extremes[0] };

static double reference_relu(double x) { return x > 0 ? x : 0; }
static double reference_sigmoid(double x) { return 1 / (1 + exp(-x)); }
static double reference_tanh(double x) { return 1 - 2 / (exp(2 * x) + 1); }

/* One activation: its entry points and an independent scalar formula. */
typedef struct {
    const char *name;
    void (*forward)(int, const double *, double *);
    void (*vjp)(int, const double *, const double *, double *);
    void (*forwardf)(int, const float *, float *);
    void (*vjpf)(int, const float *, const float *, float *);
    double (*reference)(double);
} Activation;

static const Activation activations[] = {
    {"relu", bp_relu, bp_relu_vjp, bp_reluf, bp_reluf_vjp, reference_relu},
    {"sigmoid", bp_sigmoid, bp_sigmoid_vjp, bp_sigmoidf, bp_sigmoidf_vjp, reference_sigmoid},
    {"tanh", bp_tanh, bp_tanh_vjp, bp_tanhf, bp_tanhf_vjp, reference_tanh},
};

typedef struct {
    const Activation *op;
    int len;
    double X[MAXLEN], Y[MAXLEN];
    double W[MAXLEN];  /* weights of L = <W, Y>, also the dY given to the VJP */
} Case;

typedef struct {
    const Activation *op;
    int len;
    float X[MAXLEN], Y[MAXLEN], W[MAXLEN];
} CaseF;

/* Case i: lengths 1, 2, 3, then random; inputs in [-3, 3], moved clear of
 * 0 by more than the finite-difference step (0 itself is among the
 * extremes of the forward check). */
static int pick_len(int i)
{
    return i < 3 ? i + 1 : fd_randint(1, MAXLEN);
}

static void make_case(Case *c, const Activation *op, int i)
{
    c->op = op;
    c->len = pick_len(i);
    fd_fill(c->X, c->len);
    for (int j = 0; j < c->len; j++)
        c->X[j] *= 3;
    fd_away_from_zero(c->X, c->len, 1e-3);
    fd_fill(c->W, c->len);
}

static void make_casef(CaseF *c, const Activation *op, int i)
{
    c->op = op;
    c->len = pick_len(i);
    fd_fillf(c->X, c->len);
    for (int j = 0; j < c->len; j++)
        c->X[j] *= 3;
    fd_away_from_zerof(c->X, c->len, 0.05f);
    fd_fillf(c->W, c->len);
}

static double compare_with_reference(const Activation *op, const double *X, int len)
{
    double Y[MAXLEN], want[MAXLEN];
    op->forward(len, X, Y);
    for (int j = 0; j < len; j++)
        want[j] = op->reference(X[j]);
    return fd_relerr(Y, want, len);
}

static double check_forward(Case *c)
{
    return fd_worse(compare_with_reference(c->op, c->X, c->len),
                    compare_with_reference(c->op, extremes, NEXTREME));
}

static double check_in_place(Case *c)
{
    double Z[MAXLEN];
    fd_copy(Z, c->X, c->len);
    c->op->forward(c->len, c->X, c->Y);
    c->op->forward(c->len, Z, Z);
    return fd_relerr(Z, c->Y, c->len);
}

static double objective(void *ctx)
{
    Case *c = ctx;
    c->op->forward(c->len, c->X, c->Y);
    return fd_dot(c->W, c->Y, c->len);
}

/* The adjoint of X, from the output of an in-place forward call. */
static void vjp_after_in_place(Case *c, double *dX)
{
    double Y[MAXLEN];
    fd_copy(Y, c->X, c->len);
    c->op->forward(c->len, Y, Y);
    c->op->vjp(c->len, Y, c->W, dX);
}

static double check_vjp(Case *c)
{
    double dX[MAXLEN] = {0}, fd[MAXLEN];
    vjp_after_in_place(c, dX);
    fd_central(objective, c, c->X, c->len, 1e-5, fd);
    return fd_relerr(dX, fd, c->len);
}

static double check_accumulates(Case *c)
{
    double once[MAXLEN] = {0}, twice[MAXLEN] = {0};
    vjp_after_in_place(c, once);
    vjp_after_in_place(c, twice);
    vjp_after_in_place(c, twice);
    return fd_twice(twice, once, c->len);
}

/* The only adjoint is null: nothing to do, and nothing may be touched. */
static int check_null(Case *c)
{
    c->op->forward(c->len, c->X, c->Y);
    c->op->vjp(c->len, c->Y, c->W, NULL);
    return 1;
}

static double compare_with_referencef(const Activation *op, const float *X, int len)
{
    float Y[MAXLEN];
    double want[MAXLEN];
    op->forwardf(len, X, Y);
    for (int j = 0; j < len; j++)
        want[j] = op->reference(X[j]);
    return fd_relerrf(Y, want, len);
}

static double check_forwardf(CaseF *c)
{
    float extremesf[NEXTREME];
    for (int j = 0; j < NEXTREME; j++)
        extremesf[j] = (float)extremes[j];
    return fd_worse(compare_with_referencef(c->op, c->X, c->len),
                    compare_with_referencef(c->op, extremesf, NEXTREME));
}

static double check_in_placef(CaseF *c)
{
    float Z[MAXLEN];
    double want[MAXLEN];
    fd_copyf(Z, c->X, c->len);
    c->op->forwardf(c->len, c->X, c->Y);
    c->op->forwardf(c->len, Z, Z);
    fd_widen(want, c->Y, c->len);
    return fd_relerrf(Z, want, c->len);
}

static double objectivef(void *ctx)
{
    CaseF *c = ctx;
    c->op->forwardf(c->len, c->X, c->Y);
    return fd_dotf(c->W, c->Y, c->len);
}

static void vjp_after_in_placef(CaseF *c, float *dX)
{
    float Y[MAXLEN];
    fd_copyf(Y, c->X, c->len);
    c->op->forwardf(c->len, Y, Y);
    c->op->vjpf(c->len, Y, c->W, dX);
}

/* A step of 1e-2 balances truncation (h²) against float rounding (1/h). */
static double check_vjpf(CaseF *c)
{
    float dX[MAXLEN] = {0};
    double fd[MAXLEN];
    vjp_after_in_placef(c, dX);
    fd_centralf(objectivef, c, c->X, c->len, 1e-2f, fd);
    return fd_relerrf(dX, fd, c->len);
}

static double check_accumulatesf(CaseF *c)
{
    float once[MAXLEN] = {0}, twice[MAXLEN] = {0};
    vjp_after_in_placef(c, once);
    vjp_after_in_placef(c, twice);
    vjp_after_in_placef(c, twice);
    return fd_twicef(twice, once, c->len);
}

static void report(const char *name, const char *what, double err, double tol)
{
    char label[64];
    snprintf(label, sizeof label, "%s%s", name, what);
    fd_expect(label, err, tol);
}

static void check_activation(const Activation *op)
{
    static Case c;
    static CaseF f;
    double fwd = 0, in_place = 0, vjp = 0, acc = 0;
    int null = 1;
    for (int i = 0; i < NCASES; i++) {
        make_case(&c, op, i);
        fwd = fd_worse(fwd, check_forward(&c));
        in_place = fd_worse(in_place, check_in_place(&c));
        vjp = fd_worse(vjp, check_vjp(&c));
        acc = fd_worse(acc, check_accumulates(&c));
        null &= check_null(&c);
    }
    report(op->name, "", fwd, 1e-14);
    report(op->name, " in place", in_place, 0);
    report(op->name, "_vjp", vjp, 1e-6);
    report(op->name, "_vjp accumulates", acc, 1e-12);
    report(op->name, "_vjp null adjoint", null ? 0 : 1, 0);

    fwd = in_place = vjp = acc = 0;
    for (int i = 0; i < NCASES; i++) {
        make_casef(&f, op, i);
        fwd = fd_worse(fwd, check_forwardf(&f));
        in_place = fd_worse(in_place, check_in_placef(&f));
        vjp = fd_worse(vjp, check_vjpf(&f));
        acc = fd_worse(acc, check_accumulatesf(&f));
    }
    report(op->name, "f", fwd, 1e-6);
    report(op->name, "f in place", in_place, 0);
    report(op->name, "f_vjp", vjp, 1e-3);
    report(op->name, "f_vjp accumulates", acc, 1e-5);
}

/* At Y = 0 (X <= 0, including -0.0) ReLU takes the subgradient 0. */
static int check_relu_at_zero(void)
{
    double X[4] = {0.0, -0.0, -1, 2}, Y[4], dY[4] = {5, 5, 5, 5}, dX[4] = {0};
    bp_relu(4, X, Y);
    bp_relu_vjp(4, Y, dY, dX);
    return dX[0] == 0 && dX[1] == 0 && dX[2] == 0 && dX[3] == 5;
}

/* NaN comes out as NaN rather than 0, so a diverging model is not hidden. */
static int check_relu_nan(void)
{
    double X[1] = {NAN}, Y[1];
    float Xf[1] = {NAN}, Yf[1];
    bp_relu(1, X, Y);
    bp_reluf(1, Xf, Yf);
    return isnan(Y[0]) && isnan(Yf[0]);
}

int main(void)
{
    for (size_t i = 0; i < sizeof activations / sizeof activations[0]; i++)
        check_activation(&activations[i]);
    fd_expect_true("relu_vjp at 0", check_relu_at_zero());
    fd_expect_true("relu passes NaN", check_relu_nan());
    return fd_failures != 0;
}

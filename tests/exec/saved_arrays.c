// The small local arrays of doubles a helper's reverse half reads go into
// the span its forward half claims for the values it saves: copied in at
// the end of the forward half, after the values, and read in place by the
// reverse half through const pointers into the span (const double *w =
// saved + 7), which it passes on to the reverse halves of the helpers it
// calls.  An array only one branch writes is zeroed first, so the copy
// reads nothing unset; a helper that saves arrays and no values claims a
// span of its arrays alone.  An array of floats or ints is still pushed
// whole and popped back into a copy.  On a failed tape the reverse half
// reads NaNs in place while the halves it calls pop larger spans: no
// dangling read.
// RUN: %bpgen %fdcheck %s -o %t.grad.c
// RUN: FileCheck %s --check-prefix=CODE < %t.grad.c
// RUN: %cc %fdcheck %s %t.grad.c -o %t %libs
// RUN: %run %t | FileCheck %s --implicit-check-not=FAIL
//
// CODE-LABEL: static void turn_fwd(const double *r, const double *p, double *out){{$}}
// CODE-NEXT:  {
// CODE-NEXT:    double w[3] = {0};
// CODE-NEXT:    double wxp[3] = {0};
// CODE:         double *saved = bp_push_span(12 * sizeof(double));
// CODE:         saved[5] = t;
// CODE-NEXT:    for (int i = 0; i < 3; i++) {
// CODE-NEXT:        saved[6 + i] = w[i];
// CODE-NEXT:    }
// CODE-NEXT:    for (int i = 0; i < 3; i++) {
// CODE-NEXT:        saved[9 + i] = wxp[i];
// CODE-NEXT:    }
// CODE-NEXT: }
// CODE-LABEL: static void turn_rev(
// CODE-NOT:     bp_pop_
// CODE:         const double *saved = bp_pop_span(12 * sizeof(double));
// CODE-NEXT:    const double *w = saved + 6;
// CODE-NEXT:    const double *wxp = saved + 9;
// CODE-NEXT:    double t = saved[5];
// CODE-NOT:     bp_pop_
// CODE:         dot3_rev(w, d_w, p, d_p, d_t1);
// CODE:         cross3_rev(w, d_w, p, d_p, 0, d_wxp);
// CODE-LABEL: static void observe_fwd(
// CODE-NEXT:  {
// CODE-NEXT:    double q[3];
// CODE:         double *saved = bp_push_span(8 * sizeof(double));
// CODE-NEXT:    for (int i = 0; i < 3; i++) {
// CODE-NEXT:        saved[i] = q[i];
// CODE-NEXT:    }
// CODE-NEXT:    for (int i = 0; i < 3; i++) {
// CODE-NEXT:        saved[3 + i] = t[i];
// CODE-NEXT:    }
// CODE-NEXT:    for (int i = 0; i < 2; i++) {
// CODE-NEXT:        saved[6 + i] = uv[i];
// CODE-NEXT:    }
// CODE-NEXT: }
// CODE-LABEL: static void observe_rev(
// CODE:         const double *saved = bp_pop_span(8 * sizeof(double));
// CODE-NEXT:    const double *q = saved;
// CODE-NEXT:    const double *t = saved + 3;
// CODE-NEXT:    const double *uv = saved + 6;
// CODE-NOT:     bp_pop_
// CODE:         turn_rev(r, d_r, q, d_q, 0, d_t);
// CODE-LABEL: static float floats_fwd(
// CODE:         bp_push_array(v, sizeof v);
// CODE-LABEL: static void floats_rev(
// CODE:         bp_pop_array(v, sizeof v);
// CODE-LABEL: static double gather_fwd(
// CODE:         double *[[S:saved_1]] = bp_push_span(3 * sizeof(double));
// CODE-NEXT:    for (int i = 0; i < 3; i++) {
// CODE-NEXT:        [[S]][i] = v[i];
// CODE-NEXT:    }
// CODE-NEXT:    bp_push_array(idx, sizeof idx);
// CODE-LABEL: static void gather_rev(
// CODE:         bp_pop_array(idx, sizeof idx);
// CODE-NEXT:    const double *saved = bp_pop_span(3 * sizeof(double));
// CODE-NEXT:    const double *v = saved;
//
// CHECK: observations: ok
// CHECK: floats: ok
// CHECK: gathered: ok
// CHECK: failed tape: ok
#include <bpgen.h>
#include <math.h>

#include "fdcheck.h"

static void cross3(const double *a, const double *b, double *out)
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

__attribute__((noinline)) static double dot3(const double *a, const double *b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* Rodrigues' rotation of p by r, and a first-order one for small r:
 * w and wxp are written in one branch only. */
static void turn(const double *r, const double *p, double *out)
{
    double sq = dot3(r, r);
    double w[3], wxp[3];
    if (sq > 0.04) {
        double t = sqrt(sq), c = cos(t), s = sin(t);
        for (int i = 0; i < 3; i++)
            w[i] = r[i] / t;
        cross3(w, p, wxp);
        double d = dot3(w, p) * (1 - c);
        for (int i = 0; i < 3; i++)
            out[i] = p[i] * c + wxp[i] * s + w[i] * d;
    } else {
        for (int i = 0; i < 3; i++)
            out[i] = p[i] + r[(i + 1) % 3] * p[(i + 2) % 3];
    }
}

/* Arrays and no values saved: q, t and uv, each read in the reverse. */
static void observe(const double *r, const double *x, double *err)
{
    double q[3], t[3], uv[2];
    for (int i = 0; i < 3; i++)
        q[i] = x[i] - r[3 + i];
    turn(r, q, t);
    uv[0] = t[0] / t[2];
    uv[1] = t[1] / t[2];
    for (int i = 0; i < 2; i++)
        err[i] = uv[i] * uv[i] * r[6] - x[3 + i];
}

BP_GRAD(r, x)
double observations(const double *r, const double *x, int n)
{
    double total = 0;
    for (int k = 0; k < n; k++) {
        double e[2];
        observe(&r[7 * (k % 2)], &x[5 * k], e);
        total += e[0] * e[0] + e[1] * e[1];
    }
    return total;
}
double observations_grad(const double *r, double *d_r, const double *x, double *d_x, int n);

/* v is read in the reverse half's loop: restored, pushed whole. */
static float floats(const float *a)
{
    float v[3];
    for (int i = 0; i < 3; i++)
        v[i] = sinf(a[i]) * a[i];
    float s = 0;
    for (int i = 0; i < 3; i++)
        s += v[i] * v[(i + 1) % 3];
    return s;
}

BP_GRAD(a)
float float_sum(const float *a, int n)
{
    float s = 0;
    for (int k = 0; k < n; k++)
        s += floats(&a[k]);
    return s;
}
float float_sum_grad(const float *a, float *d_a, int n);

/* idx, of ints, is pushed whole; v, of doubles, goes into the span. */
__attribute__((noinline)) static double gather(const double *a, int shift)
{
    int idx[3];
    double v[3];
    for (int i = 0; i < 3; i++) {
        idx[i] = (i + shift) % 3;
        v[i] = a[i] * a[i];
    }
    double s = 0;
    for (int i = 0; i < 3; i++)
        s += sin(v[idx[i]]) * a[idx[i]] * v[i];
    return s;
}

BP_GRAD(a)
double gathered(const double *a, int n)
{
    double s = 0;
    for (int k = 0; k < n; k++)
        s += gather(&a[k], k);
    return s;
}
double gathered_grad(const double *a, double *d_a, int n);

enum { N = 3 };

static double eval_obs(const double *p) { return observations(p, p + 14, N); }
static double grad_obs(const double *p, double *g)
{
    return observations_grad(p, g, p + 14, g + 14, N);
}

static float evalf_floats(const float *a) { return float_sum(a, 3); }
static float gradf_floats(const float *a, float *d) { return float_sum_grad(a, d, 3); }
static double twin_floats(const double *a)
{
    double s = 0;
    for (int k = 0; k < 3; k++) {
        double v[3];
        for (int i = 0; i < 3; i++)
            v[i] = sin(a[k + i]) * a[k + i];
        for (int i = 0; i < 3; i++)
            s += v[i] * v[(i + 1) % 3];
    }
    return s;
}

static double eval_gathered(const double *p) { return gathered(p, 3); }
static double grad_gathered(const double *p, double *g) { return gathered_grad(p, g, 3); }

int main(void)
{
    /* Rotations of both kinds: r[0..2] large enough for Rodrigues, r[7..9]
     * small enough for the first-order branch; points in front. */
    double lo[14 + 5 * N], hi[14 + 5 * N];
    for (int i = 0; i < 14 + 5 * N; i++) {
        lo[i] = 0.2;
        hi[i] = 0.6;
    }
    for (int i = 7; i < 10; i++) {
        lo[i] = -0.05;
        hi[i] = 0.05;
    }
    for (int k = 0; k < N; k++) {
        lo[14 + 5 * k + 2] = 3;
        hi[14 + 5 * k + 2] = 4;
    }
    fd_check("observations", 14 + 5 * N, eval_obs, grad_obs, lo, hi, 10, 1);
    static const double flo[5] = {0.3, 0.3, 0.3, 0.3, 0.3}, fhi[5] = {1, 1, 1, 1, 1};
    fd_check_float("floats", 5, evalf_floats, gradf_floats, twin_floats, flo, fhi, 5, 2);
    fd_check("gathered", 5, eval_gathered, grad_gathered, flo, fhi, 5, 3);

    /* A failed tape: the gradient comes out NaN, and nothing reads freed
     * memory (the sanitizer and valgrind runs would say). */
    double p[14 + 5 * N], g[14 + 5 * N] = {0};
    for (int i = 0; i < 14 + 5 * N; i++)
        p[i] = 0.5 * (lo[i] + hi[i]);
    bp_tape_release();
    bp_the_tape.failed = 1;                  /* as a reservation memory refused leaves it */
    grad_obs(p, g);
    int failed = bp_tape_failed() && g[0] != g[0];
    bp_tape_release();
    fd_expect_true("failed tape", failed);
    return fd_failures != 0;
}

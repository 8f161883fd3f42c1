/*
 * check.h: shared helpers of the runtime tests in tests/runtime/.
 *
 * In: a test's own buffers, and for gradients a scalar objective over them.
 * Out: random data from a fixed seed, relative errors, central-difference
 * gradients, and the "name: ok" lines FileCheck reads (or "FAIL name: ..."
 * plus a nonzero exit from main through ck_failures).
 *
 * Key idea: a VJP is checked through the scalar L = <W, f(X)> with random
 * weights W.  Its gradient with respect to X is exactly what the VJP adds
 * when given dY = W, and central differences of L are an oracle that shares
 * no code with the library.  The folder name Inputs keeps lit from taking
 * this header for a test.
 */
#ifndef BPGEN_TEST_CHECK_H
#define BPGEN_TEST_CHECK_H

#include <math.h>
#include <stdio.h>

static int ck_failures;                                 /* failed checks so far */
static unsigned long long ck_state = 0x9E3779B97F4A7C15ull;  /* RNG state */

/* Uniform in [-1, 1) from xorshift64*: fixed seed, so a failure reproduces. */
static inline double ck_uniform(void)
{
    ck_state ^= ck_state >> 12;
    ck_state ^= ck_state << 25;
    ck_state ^= ck_state >> 27;
    unsigned long long r = ck_state * 0x2545F4914F6CDD1Dull;
    return (double)(r >> 11) * 0x1.0p-52 - 1;
}

/* Uniform integer in [lo, hi]. */
static inline int ck_randint(int lo, int hi)
{
    int r = lo + (int)((ck_uniform() + 1) / 2 * (hi - lo + 1));
    return r > hi ? hi : r;
}

static inline void ck_fill(double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = ck_uniform();
}

static inline void ck_fillf(float *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = (float)ck_uniform();
}

/* Moves every entry at least gap away from 0, keeping its sign: finite
 * differences with a step below gap never straddle a kink at 0. */
static inline void ck_away_from_zero(double *x, int n, double gap)
{
    for (int i = 0; i < n; i++)
        if (fabs(x[i]) < gap)
            x[i] = x[i] < 0 ? -gap : gap;
}

static inline void ck_away_from_zerof(float *x, int n, float gap)
{
    for (int i = 0; i < n; i++)
        if (fabsf(x[i]) < gap)
            x[i] = x[i] < 0 ? -gap : gap;
}

static inline void ck_copy(double *dst, const double *src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = src[i];
}

static inline void ck_copyf(float *dst, const float *src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = src[i];
}

static inline void ck_widen(double *dst, const float *src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = src[i];
}

static inline void ck_zero(double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = 0;
}

static inline void ck_zerof(float *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = 0;
}

/* <a, b> in double; the f version takes float vectors. */
static inline double ck_dot(const double *a, const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static inline double ck_dotf(const float *a, const float *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += (double)a[i] * b[i];
    return s;
}

/*
 * max_i |got[i] − s·want[i]| / max_i |s·want[i]|: the error relative to the
 * largest expected entry, so a tiny entry cannot blow up the ratio while a
 * missing or wrong one still shows.  NaN anywhere is an infinite error.
 * s = 2 checks that a VJP called twice added twice.
 */
static inline double ck_relerr_scaled(const double *got, const double *want,
                                      double s, int n)
{
    double diff = 0, scale = 0;
    for (int i = 0; i < n; i++) {
        double d = fabs(got[i] - s * want[i]);
        if (isnan(d))
            return INFINITY;
        diff = d > diff ? d : diff;
        scale = fabs(s * want[i]) > scale ? fabs(s * want[i]) : scale;
    }
    if (diff == 0)
        return 0;
    return scale > 0 ? diff / scale : INFINITY;
}

static inline double ck_relerr(const double *got, const double *want, int n)
{
    return ck_relerr_scaled(got, want, 1, n);
}

/* A VJP called twice on zeroed adjoints must leave twice what one call does. */
static inline double ck_twice(const double *got, const double *once, int n)
{
    return ck_relerr_scaled(got, once, 2, n);
}

/* The float forms widen the float side into a buffer first. */
enum { CK_MAXF = 4096 };  /* longest float vector a test compares */

static inline double ck_relerrf(const float *got, const double *want, int n)
{
    double wide[CK_MAXF];
    if (n > CK_MAXF)
        return INFINITY;
    ck_widen(wide, got, n);
    return ck_relerr(wide, want, n);
}

static inline double ck_twicef(const float *got, const float *once, int n)
{
    double wide_got[CK_MAXF], wide_once[CK_MAXF];
    if (n > CK_MAXF)
        return INFINITY;
    ck_widen(wide_got, got, n);
    ck_widen(wide_once, once, n);
    return ck_twice(wide_got, wide_once, n);
}

/* The larger of two errors, NaN counting as the largest. */
static inline double ck_worse(double a, double b)
{
    return isnan(a) || a > b ? a : b;
}

/* A scalar objective L over buffers reached through ctx. */
typedef double (*ck_objective)(void *ctx);

/* grad[i] = (L(x + h·e_i) − L(x − h·e_i)) / 2h, restoring x[i] after. */
static inline void ck_fd(ck_objective L, void *ctx, double *x, int n, double h,
                         double *grad)
{
    for (int i = 0; i < n; i++) {
        double saved = x[i];
        x[i] = saved + h;
        double up = L(ctx);
        x[i] = saved - h;
        double down = L(ctx);
        x[i] = saved;
        grad[i] = (up - down) / (2 * h);
    }
}

/* The same for a float input: the step actually taken is what float
 * rounding leaves of ±h, so the quotient divides by that. */
static inline void ck_fdf(ck_objective L, void *ctx, float *x, int n, float h,
                          double *grad)
{
    for (int i = 0; i < n; i++) {
        float saved = x[i];
        float hi = saved + h, lo = saved - h;
        x[i] = hi;
        double up = L(ctx);
        x[i] = lo;
        double down = L(ctx);
        x[i] = saved;
        grad[i] = (up - down) / ((double)hi - lo);
    }
}

/* Prints "name: ok" when err <= tol, else a FAIL line, counted for main.
 * Built with -DCK_VERBOSE it also shows every error on stderr, to see how
 * much room a tolerance leaves. */
static inline void ck_expect(const char *name, double err, double tol)
{
#ifdef CK_VERBOSE
    fprintf(stderr, "%-32s error %.3g (tolerance %.3g)\n", name, err, tol);
#endif
    if (err <= tol) {
        printf("%s: ok\n", name);
    } else {
        printf("FAIL %s: error %.3g > tolerance %.3g\n", name, err, tol);
        ck_failures++;
    }
}

static inline void ck_expect_true(const char *name, int holds)
{
    ck_expect(name, holds ? 0 : 1, 0);
}

#endif /* BPGEN_TEST_CHECK_H */

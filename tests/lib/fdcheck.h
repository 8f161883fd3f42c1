/*
 * fdcheck.h: the gradient oracle of bpgen's executed tests (tests/exec/) and
 * runtime tests (tests/runtime/).  Header only, C11, static inline
 * functions, no allocation: every buffer lives on the stack.
 *
 * In: a test's differentiable inputs and a scalar function of them.
 * Out: central finite differences, relative errors, and the lines FileCheck
 * reads: "name: ok", or "FAIL name: ..." saying what was expected and what
 * came out, counted in fd_failures so that main can `return fd_failures != 0`.
 *
 * Key idea: finite differences share no code with bpgen or libbpgen, so they
 * are an independent oracle.  Two levels of use:
 *
 *   - fd_check, fd_check_twin and fd_check_float, for generated
 *     gradients.  The test packs every differentiable input into one vector
 *     p[n] and wraps the model as `double eval(const double *p)` and its
 *     generated gradient as `double grad(const double *p, double *g)` (g
 *     gets df/dp added, the return is the primal).  fd_check samples random
 *     points and checks the primal, every component against
 *     Richardson-extrapolated central differences, and that the adjoints
 *     accumulate.  fd_check_twin takes the differences of a smooth twin of
 *     a model that rounds through float; fd_check_float checks a float
 *     model against the differences of its double twin.  fd_expect_near
 *     compares one value with a closed form.
 *
 *   - the primitives below it (fd_uniform, fd_central, fd_relerr,
 *     fd_expect, ...), for VJPs of buffers: the runtime tests check a VJP
 *     through the scalar L = <W, f(X)> with random weights W, whose gradient
 *     with respect to X is exactly what the VJP adds when given dY = W.
 *
 * Build with -DFD_VERBOSE to see every error on stderr, to learn how much
 * room a tolerance leaves.
 */
#ifndef BPGEN_TEST_FDCHECK_H
#define BPGEN_TEST_FDCHECK_H

#include <math.h>
#include <stdio.h>

static int fd_failures;                                 /* failed checks so far */
static unsigned long long fd_state = 0x9E3779B97F4A7C15ull;  /* shared RNG state */

/* ---- random numbers ---- */

/* Uniform in [-1, 1) from xorshift64* on *state: a fixed seed, so a failure
 * reproduces. */
static inline double fd_uniform_from(unsigned long long *state)
{
    unsigned long long s = *state;
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    *state = s;
    unsigned long long r = s * 0x2545F4914F6CDD1Dull;
    return (double)(r >> 11) * 0x1.0p-52 - 1;
}

/* The same from the shared state, for tests that draw a stream of data. */
static inline double fd_uniform(void)
{
    return fd_uniform_from(&fd_state);
}

/* An RNG state from a small seed (splitmix64), never the forbidden 0. */
static inline unsigned long long fd_seed_state(unsigned seed)
{
    unsigned long long z = (unsigned long long)seed + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return z ? z : 1;
}

/* Uniform integer in [lo, hi]. */
static inline int fd_randint(int lo, int hi)
{
    int r = lo + (int)((fd_uniform() + 1) / 2 * (hi - lo + 1));
    return r > hi ? hi : r;
}

static inline void fd_fill(double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = fd_uniform();
}

static inline void fd_fillf(float *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = (float)fd_uniform();
}

/* Moves every entry at least gap away from 0, keeping its sign: finite
 * differences with a step below gap never straddle a kink at 0. */
static inline void fd_away_from_zero(double *x, int n, double gap)
{
    for (int i = 0; i < n; i++)
        if (fabs(x[i]) < gap)
            x[i] = x[i] < 0 ? -gap : gap;
}

static inline void fd_away_from_zerof(float *x, int n, float gap)
{
    for (int i = 0; i < n; i++)
        if (fabsf(x[i]) < gap)
            x[i] = x[i] < 0 ? -gap : gap;
}

/* ---- vectors ---- */

static inline void fd_copy(double *dst, const double *src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = src[i];
}

static inline void fd_copyf(float *dst, const float *src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = src[i];
}

static inline void fd_widen(double *dst, const float *src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = src[i];
}

static inline void fd_zero(double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = 0;
}

static inline void fd_zerof(float *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = 0;
}

/* <a, b> in double; the f version takes float vectors. */
static inline double fd_dot(const double *a, const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static inline double fd_dotf(const float *a, const float *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += (double)a[i] * b[i];
    return s;
}

/* ---- errors ---- */

/*
 * max_i |got[i] − s·want[i]| / max_i |s·want[i]|: the error relative to the
 * largest expected entry, so a tiny entry cannot blow up the ratio while a
 * missing or wrong one still shows.  NaN anywhere is an infinite error.
 * s = 2 checks that a VJP called twice added twice.
 */
static inline double fd_relerr_scaled(const double *got, const double *want,
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

static inline double fd_relerr(const double *got, const double *want, int n)
{
    return fd_relerr_scaled(got, want, 1, n);
}

/* A VJP called twice on zeroed adjoints must leave twice what one call does. */
static inline double fd_twice(const double *got, const double *once, int n)
{
    return fd_relerr_scaled(got, once, 2, n);
}

/* The float forms widen the float side into a buffer first. */
enum { FD_MAXF = 4096 };  /* longest float vector a test compares */

static inline double fd_relerrf(const float *got, const double *want, int n)
{
    double wide[FD_MAXF];
    if (n > FD_MAXF)
        return INFINITY;
    fd_widen(wide, got, n);
    return fd_relerr(wide, want, n);
}

static inline double fd_twicef(const float *got, const float *once, int n)
{
    double wide_got[FD_MAXF], wide_once[FD_MAXF];
    if (n > FD_MAXF)
        return INFINITY;
    fd_widen(wide_got, got, n);
    fd_widen(wide_once, once, n);
    return fd_twice(wide_got, wide_once, n);
}

/* The larger of two errors, NaN counting as the largest. */
static inline double fd_worse(double a, double b)
{
    return isnan(a) || a > b ? a : b;
}

/* ---- finite differences over buffers ---- */

/* A scalar objective L over buffers reached through ctx. */
typedef double (*fd_objective)(void *ctx);

/* grad[i] = (L(x + h·e_i) − L(x − h·e_i)) / 2h, restoring x[i] after. */
static inline void fd_central(fd_objective L, void *ctx, double *x, int n, double h,
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
static inline void fd_centralf(fd_objective L, void *ctx, float *x, int n, float h,
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

/* ---- verdicts ---- */

/* Prints "name: ok" when err <= tol, else a FAIL line, counted for main. */
static inline void fd_expect(const char *name, double err, double tol)
{
#ifdef FD_VERBOSE
    fprintf(stderr, "%-32s error %.3g (tolerance %.3g)\n", name, err, tol);
#endif
    if (err <= tol) {
        printf("%s: ok\n", name);
    } else {
        printf("FAIL %s: error %.3g > tolerance %.3g\n", name, err, tol);
        fd_failures++;
    }
}

static inline void fd_expect_true(const char *name, int holds)
{
    fd_expect(name, holds ? 0 : 1, 0);
}

/* |got − want| <= tol·max(1, |want|), for a value known in closed form.
 * Prints both values on failure; returns 1 on failure. */
static inline int fd_expect_near(const char *name, double got, double want, double tol)
{
    double err = fabs(got - want) / fmax(1, fabs(want));
#ifdef FD_VERBOSE
    fprintf(stderr, "%-32s error %.3g (tolerance %.3g)\n", name, err, tol);
#endif
    if (err <= tol) {                            /* false for NaN */
        printf("%s: ok\n", name);
        return 0;
    }
    printf("FAIL %s: expected %.17g, got %.17g (error %.3g > %.3g)\n",
           name, want, got, err, tol);
    fd_failures++;
    return 1;
}

/*
 * ---- checking a generated gradient: fd_check ----
 *
 * For each of npoints points p drawn uniformly from the box [lo, hi]:
 *
 *   (a) primal: grad(p, g) returns eval(p), exactly or to FD_PRIMAL_TOL
 *       relative (the generated code recomputes the model; it must not
 *       change its value).
 *   (b) gradient: with g zeroed, every g[i] matches the central difference
 *       of eval along p[i]: |g[i] − fd[i]| <= FD_GRAD_TOL · max(1, |fd[i]|),
 *       relative for large derivatives, absolute for small ones.  The
 *       difference is Richardson-extrapolated from steps h, h/2, h/4 with
 *       h = 1e-3·max(1, |p[i]|): its truncation error is O(h⁶), its
 *       rounding error about 1e-12·|f|, far under the tolerance.
 *   (c) accumulation: with g preset to nonzero offsets s, two calls leave
 *       s + 2·g_once (to FD_ACCUM_TOL of the magnitudes), so grad adds and
 *       never assigns, and an adjoint the result does not depend on stays
 *       exactly s.
 *
 * The finite-difference stencil never leaves the box: each coordinate is
 * drawn from [lo + m, hi − m], m = 1e-3·max(1, |lo|, |hi|) being the
 * largest step in the box, so a test names the region where its model is
 * smooth (asin on [-0.95, 0.95], log on [0.1, 10]).  lo[i] == hi[i] pins
 * that input to one value.  Points come from a PRNG seeded by seed, so a
 * failure reproduces.
 *
 * Prints "name: ok", or one FAIL line per failed check (the first few)
 * naming the check, component, point, expected and got.  Returns the number
 * of failed checks, also added to fd_failures.
 */
enum {
    FD_MAXN = 64,      /* most inputs fd_check takes */
    FD_MAXREPORT = 6,  /* FAIL lines printed per fd_check call */
};
#define FD_PRIMAL_TOL 1e-14
#define FD_GRAD_TOL   1e-6
#define FD_ACCUM_TOL  1e-13
#define FD_FLOAT_TOL  1e-4  /* float gradient against double differences */
#define FD_FLOAT_ACCUM_TOL 1e-6

typedef double (*fd_eval_fn)(const double *p);
typedef double (*fd_grad_fn)(const double *p, double *g);
typedef float (*fd_evalf_fn)(const float *p);
typedef float (*fd_gradf_fn)(const float *p, float *g);

/* One fd_check call's bookkeeping: its name, failures, worst errors. */
typedef struct {
    const char *name;
    int n;
    int failures;
    double worst_primal, worst_grad, worst_accum;  /* for FD_VERBOSE */
} FdRun;

static inline void fd_print_point(const double *p, int n)
{
    printf("p = (");
    for (int i = 0; i < n && i < 8; i++)
        printf("%s%.17g", i ? ", " : "", p[i]);
    printf("%s)", n > 8 ? ", ..." : "");
}

/* Counts a failed check and prints it, unless enough have been printed. */
static inline void fd_report(FdRun *run, const char *what, int component, int point,
                             const double *p, double want, double got)
{
    run->failures++;
    if (run->failures > FD_MAXREPORT)
        return;
    printf("FAIL %s: %s", run->name, what);
    if (component >= 0)
        printf(" d/dp[%d]", component);
    printf(" at point %d ", point);
    fd_print_point(p, run->n);
    printf(": expected %.17g, got %.17g\n", want, got);
}

/* err/scale, with NaN (in either) an infinite error. */
static inline double fd_scaled_error(double got, double want, double scale)
{
    double e = fabs(got - want) / scale;
    return isnan(e) ? INFINITY : e;
}

/* The finite-difference step at x: 1e-3 of its magnitude, at least 1e-3. */
static inline double fd_step(double x)
{
    return 1e-3 * fmax(1, fabs(x));
}

/* The room a box leaves between its points and its edges: the largest step
 * of any point in it. */
static inline double fd_margin(double lo, double hi)
{
    return fd_step(fmax(fabs(lo), fabs(hi)));
}

/* A point of the box with room for the stencil, from *state. */
static inline void fd_sample(int n, const double *lo, const double *hi,
                             unsigned long long *state, double *p)
{
    for (int i = 0; i < n; i++) {
        double h = fd_margin(lo[i], hi[i]);
        double u = (fd_uniform_from(state) + 1) / 2;
        if (hi[i] - lo[i] > 4 * h)
            p[i] = (lo[i] + h) + (hi[i] - lo[i] - 2 * h) * u;
        else
            p[i] = lo[i] + (hi[i] - lo[i]) / 2;
    }
}

/* (f(p + s·e_i) − f(p − s·e_i)) / (actual step), restoring p[i]. */
static inline double fd_quotient(fd_eval_fn eval, double *p, int i, double s)
{
    double saved = p[i];
    double up = saved + s, down = saved - s;
    p[i] = up;
    double fu = eval(p);
    p[i] = down;
    double fdn = eval(p);
    p[i] = saved;
    return (fu - fdn) / (up - down);
}

/* df/dp[i] by central differences at h, h/2, h/4 and two Richardson steps:
 * each eliminates the next even power of the step from the error. */
static inline double fd_partial(fd_eval_fn eval, double *p, int i, double h)
{
    double d1 = fd_quotient(eval, p, i, h);
    double d2 = fd_quotient(eval, p, i, h / 2);
    double d4 = fd_quotient(eval, p, i, h / 4);
    double r12 = (4 * d2 - d1) / 3, r24 = (4 * d4 - d2) / 3;
    return (16 * r24 - r12) / 15;
}

/* Offsets preset in the adjoints for the accumulation check: nonzero, of
 * mixed sign, exact in float. */
static inline double fd_offset(int i)
{
    return (double)(i % 5 - 2) + (i % 5 == 2 ? 0.5 : 0);
}

static inline int fd_finish(FdRun *run)
{
#ifdef FD_VERBOSE
    fprintf(stderr, "%-32s worst error: primal %.3g, gradient %.3g, accumulation %.3g\n",
            run->name, run->worst_primal, run->worst_grad, run->worst_accum);
#endif
    if (run->failures == 0)
        printf("%s: ok\n", run->name);
    else if (run->failures > FD_MAXREPORT)
        printf("FAIL %s: %d more failed checks\n", run->name,
               run->failures - FD_MAXREPORT);
    fd_failures += run->failures;
    return run->failures;
}

/* Checks one value; returns its error for the worst-error bookkeeping. */
static inline double fd_compare(FdRun *run, const char *what, int component, int point,
                                const double *p, double want, double got,
                                double scale, double tol)
{
    double e = fd_scaled_error(got, want, scale);
    if (!(e <= tol))
        fd_report(run, what, component, point, p, want, got);
    return e;
}

static inline int fd_too_big(const char *name, int n)
{
    if (n >= 1 && n <= FD_MAXN)
        return 0;
    printf("FAIL %s: %d inputs; fd_check takes 1 to %d\n", name, n, FD_MAXN);
    fd_failures++;
    return 1;
}

/*
 * fd_check_twin: fd_check with the finite differences taken of twin instead
 * of eval, to tolerance tol.  For a double model that rounds through float
 * on the way ((float)x, sinf): its own differences would see the float
 * staircase, so they are taken of its smooth double twin (the same model
 * without the float step), and tol allows the float rounding (1e-5).
 */
static inline int fd_check_twin(const char *name, int n, fd_eval_fn eval, fd_grad_fn grad,
                                fd_eval_fn twin, const double *lo, const double *hi,
                                int npoints, unsigned seed, double tol)
{
    FdRun run = {name, n, 0, 0, 0, 0};
    if (fd_too_big(name, n))
        return 1;
    unsigned long long state = fd_seed_state(seed);
    double p[FD_MAXN], g[FD_MAXN], acc[FD_MAXN];
    for (int k = 0; k < npoints; k++) {
        fd_sample(n, lo, hi, &state, p);

        /* (a) and (b): one call on zeroed adjoints. */
        fd_zero(g, n);
        double want = eval(p);
        double got = grad(p, g);
        double e = got == want ? 0
                 : fd_compare(&run, "primal", -1, k, p, want, got, fabs(want), FD_PRIMAL_TOL);
        run.worst_primal = fd_worse(run.worst_primal, e);
        for (int i = 0; i < n; i++) {
            double fd = fd_partial(twin, p, i, fd_step(p[i]));
            e = fd_compare(&run, "gradient", i, k, p, fd, g[i], fmax(1, fabs(fd)), tol);
            run.worst_grad = fd_worse(run.worst_grad, e);
        }

        /* (c): two calls on preset adjoints add twice. */
        for (int i = 0; i < n; i++)
            acc[i] = fd_offset(i);
        grad(p, acc);
        grad(p, acc);
        for (int i = 0; i < n; i++) {
            double s = fd_offset(i), expect = s + 2 * g[i];
            double scale = fabs(s) + 2 * fabs(g[i]);
            e = fd_compare(&run, "accumulation", i, k, p, expect, acc[i], scale, FD_ACCUM_TOL);
            run.worst_accum = fd_worse(run.worst_accum, e);
        }
    }
    return fd_finish(&run);
}

static inline int fd_check(const char *name, int n, fd_eval_fn eval, fd_grad_fn grad,
                           const double *lo, const double *hi, int npoints,
                           unsigned seed)
{
    return fd_check_twin(name, n, eval, grad, eval, lo, hi, npoints, seed, FD_GRAD_TOL);
}

/*
 * ---- checking a float gradient: fd_check_float ----
 *
 * A float function's gradient against the finite differences of its double
 * twin (the same model written in double, compiled by cc): differences of
 * the float function itself would drown in float rounding.  At each point
 * (drawn as in fd_check, then rounded to float):
 *
 *   (a) gradf's float return equals evalf, exactly or to FD_PRIMAL_TOL
 *       relative (for floats: exactly);
 *   (b) |gf[i] − fd[i]| <= FD_FLOAT_TOL · max(1, |fd[i]|), fd from twin;
 *   (c) accumulation as in fd_check, to FD_FLOAT_ACCUM_TOL.
 */
static inline int fd_check_float(const char *name, int n, fd_evalf_fn evalf,
                                 fd_gradf_fn gradf, fd_eval_fn twin,
                                 const double *lo, const double *hi, int npoints,
                                 unsigned seed)
{
    FdRun run = {name, n, 0, 0, 0, 0};
    if (fd_too_big(name, n))
        return 1;
    unsigned long long state = fd_seed_state(seed);
    double p[FD_MAXN];
    float pf[FD_MAXN], gf[FD_MAXN], acc[FD_MAXN];
    for (int k = 0; k < npoints; k++) {
        fd_sample(n, lo, hi, &state, p);
        /* p becomes the float point exactly.  The volatile keeps GCC 12.2
         * -O2 from folding p[i] = (double)(float)p[i] into nothing (its SLP
         * vectorizer drops the rounding), which would leave the twin's
         * differences taken at another point than the float model's. */
        for (int i = 0; i < n; i++) {
            volatile float rounded = (float)p[i];
            pf[i] = rounded;
            p[i] = rounded;
        }

        fd_zerof(gf, n);
        float want = evalf(pf);
        float got = gradf(pf, gf);
        double e = got == want ? 0
                 : fd_compare(&run, "primal", -1, k, p, want, got, fabs(want), FD_PRIMAL_TOL);
        run.worst_primal = fd_worse(run.worst_primal, e);
        for (int i = 0; i < n; i++) {
            double fd = fd_partial(twin, p, i, fd_step(p[i]));
            e = fd_compare(&run, "gradient", i, k, p, fd, gf[i], fmax(1, fabs(fd)), FD_FLOAT_TOL);
            run.worst_grad = fd_worse(run.worst_grad, e);
        }

        for (int i = 0; i < n; i++)
            acc[i] = (float)fd_offset(i);
        gradf(pf, acc);
        gradf(pf, acc);
        for (int i = 0; i < n; i++) {
            double s = fd_offset(i), expect = s + 2.0 * gf[i];
            double scale = fabs(s) + 2 * fabs((double)gf[i]);
            e = fd_compare(&run, "accumulation", i, k, p, expect, acc[i], scale,
                           FD_FLOAT_ACCUM_TOL);
            run.worst_accum = fd_worse(run.worst_accum, e);
        }
    }
    return fd_finish(&run);
}

#endif /* BPGEN_TEST_FDCHECK_H */

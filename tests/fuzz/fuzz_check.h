/*
 * fuzz_check.h: the oracles of the random-program fuzzer (tests/fuzz/).
 *
 * In: included at the end of a generated harness.c, after the glue oracle.py
 * writes for one program, which defines
 *   FZ_NP, FZ_NFIX, FZ_NW   how many values the gradient has (the BP_GRAD
 *                           parameters' numbers), fixed values (the other
 *                           parameters' numbers), and outputs (the numbers
 *                           the model leaves in arrays it writes);
 *   FZ_DOUBLE, FZ_SEED      1 for a double model (0: float or mixed), the seed;
 *   fz_names[], fz_is_output[]  what each gradient entry is;
 *   fz_model_trace(P, FIX, W, seeded, &f)  the branch trace of the model,
 *                           in its precision, and its value (plus, when
 *                           seeded, W times the outputs);
 *   fz_run_grad(...)        model and model_grad on the same inputs: the
 *                           value, the arrays left, the tape, and the gradient;
 * and ref.c defines fz_ref_eval(P, FIX, W, seeded, &trace), the model's
 * double twin at P plus, when seeded, W times the outputs.
 * Out: main, which samples points and prints "FAIL <kind> ..." lines and a
 * last line "OK ..." or "FAILED ...", exiting 1 on a failure.  Built with
 * -DFZ_VERBOSE it shows every finite difference and Taylor remainder on
 * stderr.
 *
 * The oracles, at each point (and, for a model with outputs, also for the
 * scalar f + W·outputs, whose gradient model_grad gives with the output
 * adjoints seeded with W):
 *   - the value model_grad returns and the arrays it leaves are bit for bit
 *     the model's, and the tape is empty after it;
 *   - the adjoints accumulate: double models start them at random values;
 *   - finite differences: each gradient entry against central differences
 *     of the double twin at five step sizes (the best one counts), only
 *     those steps whose four evaluations keep the centre's branch trace,
 *     and only where two step sizes agree (the function is resolved); an
 *     entry that does not match or settle gets seven finer steps, down
 *     to 1e-10, in the twin's long double version, where a pair that
 *     agrees counts (a function oscillating faster than the steps);
 *   - for a float model, an entry that moves by a quarter of the tolerance
 *     when model_grad runs rounding upward or downward is not checked:
 *     float cannot compute it that closely there;
 *   - the Taylor test, at points where every entry could be checked: along
 *     a random direction v, the remainder r(h) = |f(P + h v) - f(P) - h g·v|
 *     (f from the long double twin) for h halving from 0.05.  At the smallest pair of steps (h, h/2) whose
 *     remainders stand clear of rounding, the observed order
 *     log2(r(h) / r(h/2)) must be at least 1.9: a wrong gradient leaves a
 *     first-order term, and the order falls toward 1 as h shrinks.  An order
 *     below 1.9 that is still rising from the previous pair toward 2 is a
 *     function whose higher-order terms have not died out yet, and one pair
 *     alone tells no trend: both are skipped as inconclusive, and so is a
 *     first-order term (from r(h) = a h + b h^2 at the pair) at the level
 *     of rounding in g·v, when the gradient's terms cancel to 1e-11.
 */
#include <fenv.h>
#include <float.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define FZ_POINTS 3
#define FZ_BIG 1e8                  /* |f| above this: the point is skipped */
#define FZ_TOL (FZ_DOUBLE ? 1e-6 : 3e-3)    /* relative tolerance of a gradient entry */
#define FZ_ABS (FZ_DOUBLE ? 1e-9 : 1e-6)    /* absolute one, times 1 + |f| */
#define FZ_TAYLOR_STEPS 10
#define FZ_TAYLOR_H0 0.05
#define FZ_TAYLOR_ORDER 1.9
/* Rounding level of the Taylor remainder: of f, and of g·v in the model's
 * precision.  A remainder counts when it is FZ_MARGIN times above: rounding
 * in g·v that makes 1/FZ_MARGIN of the remainder at h/2 (and less at h)
 * lowers the observed order by less than 0.05. */
#define FZ_MARGIN 20
#define FZ_FLOOR_ORDER 0.6
#define FZ_DIP_ORDER 1.5
/* A first-order term of the remainder under FZ_LINEAR times the sum of
 * |g_j v_j| is rounding of a gradient whose terms cancel (seen: 2.6e-11 of
 * it), not a wrong entry, which finite differences bound to 1e-6. */
#define FZ_LINEAR (FZ_DOUBLE ? 1e-9 : 1e-5)
#define FZ_NOISE_F 1e-13
#define FZ_NOISE_G (FZ_DOUBLE ? 1e-12 : 1e-7)
/* A float model whose value is further than this from its double twin's,
 * relatively (times 1 + |f|), amplifies rounding too much to check its
 * gradient to FZ_TOL: its gradient's rounding error is larger still (seed
 * 4648: a value 0.5% off, a gradient 3% off; the same gradient code run in
 * double agreed with finite differences to 1e-9). */
#define FZ_PRECISE 1e-4

double fz_ref_eval(const double *P, const double *FIX, const double *W, int seeded,
                   unsigned long long *trace);
long double fz_ref_eval_ld(const long double *P, const double *FIX, const double *W, int seeded,
                           unsigned long long *trace);

static unsigned long long fz_rng = 0x9E3779B97F4A7C15ULL ^ (unsigned long long)FZ_SEED;

/* Uniform in [0, 1) from a 64-bit LCG: a fixed stream per seed. */
static double fz_urand(void)
{
    fz_rng = fz_rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(fz_rng >> 11) / 9007199254740992.0;
}

/* A value in [-1.5, 1.5] that the model's precision holds exactly, so that
 * the model and its double twin see the same inputs. */
static double fz_input(void)
{
    double v = -1.5 + 3.0 * fz_urand();
    return FZ_DOUBLE ? v : (double)(float)v;
}

static int fz_fails, fz_checked, fz_skipped, fz_ambiguous;
static int fz_taylor_passed, fz_taylor_skipped;
static double fz_worst_ratio, fz_worst_order = 99;

/* The twin at P with entry j moved by dx; NAN when it left the centre's trace. */
static double fz_moved(const double *P, const double *FIX, const double *W, int seeded,
                       unsigned long long th0, int j, double dx)
{
    double Q[FZ_NP];
    unsigned long long th;
    memcpy(Q, P, sizeof Q);
    Q[j] += dx;
    double v = fz_ref_eval(Q, FIX, W, seeded, &th);
    return th == th0 && isfinite(v) ? v : NAN;
}

/* The same in the long double twin, the step too. */
static long double fz_moved_ld(const double *P, const double *FIX, const double *W, int seeded,
                               unsigned long long th0, int j, long double dx)
{
    long double Q[FZ_NP];
    unsigned long long th;
    for (int i = 0; i < FZ_NP; i++)
        Q[i] = P[i];
    Q[j] += dx;
    long double v = fz_ref_eval_ld(Q, FIX, W, seeded, &th);
    return th == th0 && isfinite(v) ? v : NAN;
}

/* Central difference of entry j, fourth order, at step h (scaled by the
 * entry's size), in the double twin or with ld the long double one; NAN
 * when a step leaves the centre's branches. */
static double fz_estimate(const double *P, const double *FIX, const double *W, int seeded,
                          unsigned long long th0, int j, double step, bool ld)
{
    long double h = step * fmax(1.0, fabs(P[j]));
    if (ld) {
        long double a = fz_moved_ld(P, FIX, W, seeded, th0, j, h);
        long double b = fz_moved_ld(P, FIX, W, seeded, th0, j, -h);
        long double c = fz_moved_ld(P, FIX, W, seeded, th0, j, 2 * h);
        long double d = fz_moved_ld(P, FIX, W, seeded, th0, j, -2 * h);
        return (double)((-c + 8 * a - 8 * b + d) / (12 * h));
    }
    double a = fz_moved(P, FIX, W, seeded, th0, j, (double)h);
    double b = fz_moved(P, FIX, W, seeded, th0, j, (double)-h);
    double c = fz_moved(P, FIX, W, seeded, th0, j, (double)(2 * h));
    double d = fz_moved(P, FIX, W, seeded, th0, j, (double)(-2 * h));
    return (-c + 8 * a - 8 * b + d) / (12 * (double)h);
}

static bool fz_agree(double a, double b, double f0)
{
    return fabs(a - b) <= FZ_TOL * fmax(fabs(a), fabs(b)) + FZ_ABS * (1 + fabs(f0));
}

/* Steps of finite differences, relative to an entry's size, and the finer
 * ones for an entry that does not match or settle. */
static const double fz_steps[] = {1e-2, 1e-3, 2e-4, 4e-5, 8e-6};
static const double fz_fine_steps[] = {1.6e-6, 3.2e-7, 6.4e-8, 1.28e-8, 2.56e-9, 5.12e-10, 1.024e-10};
#define FZ_STEPS (int)(sizeof fz_steps / sizeof fz_steps[0])
#define FZ_FINE_STEPS (int)(sizeof fz_fine_steps / sizeof fz_fine_steps[0])
/* A difference at step h is off by about r / h from rounding r in f.  The
 * fine steps are taken in the long double twin, whose r is put at the
 * larger of FZ_ROUNDING |f| (seen in double: 7e-15 |f| / h, f = -7.7e6
 * adding up terms of 1e6) and 8 * 2^-11 times the double twin's own error
 * (how far it is from the long double value), for a value that comes of
 * large terms cancelling; each fine step counts only where r / h is under
 * a quarter of the tolerance. */
#define FZ_ROUNDING (32 * LDBL_EPSILON)

/* The differences of entry j at the n steps given; with a rounding level
 * (fine steps), in long double, and NAN where rounding in f would show. */
static void fz_estimates(const double *P, const double *FIX, const double *W, int seeded,
                         unsigned long long th0, double f0, int j, const double *steps, int n,
                         double rounding, double *est)
{
    bool fine = rounding > 0;
    for (int e = 0; e < n; e++) {
        est[e] = fz_estimate(P, FIX, W, seeded, th0, j, steps[e], fine);
        double h = steps[e] * fmax(1.0, fabs(P[j]));
        if (fine && rounding / h > (FZ_TOL * fabs(est[e]) + FZ_ABS * (1 + fabs(f0))) / 4)
            est[e] = NAN;
    }
#ifdef FZ_VERBOSE
    fprintf(stderr, "differences seeded=%d %s=%g, f=%g:", seeded, fz_names[j], P[j], f0);
    for (int e = 0; e < n; e++)
        fprintf(stderr, " %.12g", est[e]);
    fprintf(stderr, "\n");
#endif
}

/* The function counts as resolved at P when the estimates of two
 * neighbouring steps agree (a function that oscillates faster than the
 * steps does not); then the estimate closest to g counts (*fd, and *best
 * gets its error), with paired set only one that agrees with a neighbour.
 * Returns 0 when not resolved: the entry is skipped. */
static int fz_pick(const double *est, int n, double f0, double g, bool paired, double *fd, double *best)
{
    int resolved = 0, any = 0;
    for (int e = 0; e < n; e++) {
        if (isnan(est[e]))
            continue;
        bool before = e > 0 && !isnan(est[e - 1]) && fz_agree(est[e], est[e - 1], f0);
        bool after = e + 1 < n && !isnan(est[e + 1]) && fz_agree(est[e], est[e + 1], f0);
        resolved |= before;
        if (paired && !before && !after)
            continue;
        if (!any || fabs(g - est[e]) < *best) {
            *best = fabs(g - est[e]);
            *fd = est[e];
        }
        any = 1;
    }
    return resolved;
}

/* Entry j at the fine steps, in long double: 1 when a pair of them agrees,
 * and then *fd and *err as fz_pick gives them. */
static int fz_fine(const double *P, const double *FIX, const double *W, int seeded,
                   unsigned long long th0, double f0, double rounding, int j, double g, double *fd,
                   double *err)
{
    double fine[FZ_FINE_STEPS];
    fz_estimates(P, FIX, W, seeded, th0, f0, j, fz_fine_steps, FZ_FINE_STEPS, rounding, fine);
    return fz_pick(fine, FZ_FINE_STEPS, f0, g, true, fd, err);
}

/* For a float model: how far each gradient entry moves when model_grad
 * runs again rounding upward, then downward, instead of to nearest.  Where
 * that is a quarter of the tolerance, float cannot compute the entry to
 * the tolerance at P (seed 8310: values right to 1e-7, a gradient that the
 * model's iterated map makes move 6x when its constants move 1e-8, and
 * float's rounding did as much), and the entry is not checked.  The same
 * gradient code under three roundings: a wrong derivative moves no more
 * than a right one. */
static void fz_rounding_spread(const double *P, const double *FIX, const double *W, int seeded,
                               const double *D0, const double *G, int pt, double *spread)
{
    static const int modes[2] = {FE_UPWARD, FE_DOWNWARD};
    double R[FZ_NP];
    for (int j = 0; j < FZ_NP; j++)
        spread[j] = 0;
    fz_quiet = 1;
    for (int m = 0; m < 2; m++) {
        fesetround(modes[m]);
        (void)fz_run_grad(P, FIX, W, seeded, D0, R, pt);
        fesetround(FE_TONEAREST);
        for (int j = 0; j < FZ_NP; j++)
            spread[j] = isnan(R[j]) != isnan(G[j]) ? INFINITY : fmax(spread[j], fabs(R[j] - G[j]));
    }
    fz_quiet = 0;
}

/* Every gradient entry against finite differences; an entry counts
 * relative to the largest difference too, so that an entry 1e-3 of the
 * largest need not match to more digits than the largest.
 *
 * An entry that does not match, or whose differences do not settle, is
 * looked at again at finer steps, in long double.  A term that oscillates
 * faster than the steps of 1e-2 to 8e-6 can average out over them, so that
 * their estimates agree on a slope that is not the derivative (seed 2671:
 * exp(cos(sin(s0))) with s0 moving 1.2e7 per unit of x, a period of 5e-7).
 * Two fine estimates that agree then decide; without such a pair the
 * coarse ones stand.  (A lone fine estimate away from them is no proof
 * that they missed the derivative: rounding in a model whose small value
 * comes of large terms cancelling makes such estimates too.)  A smooth
 * function's fine estimates agree with its coarse ones, so a wrong entry
 * still fails.
 *
 * err gets each entry's distance from its difference (a bound for an
 * unchecked one); returns how many entries could not be checked or were
 * checked at the fine steps, where the Taylor test's steps would not
 * resolve the function either.  fl0 is the long double twin at P. */
static int fz_check_differences(const double *P, const double *FIX, const double *W, int seeded,
                                unsigned long long th0, double f0, long double fl0, const double *G,
                                const double *spread, int pt, double *err)
{
    double fd[FZ_NP], gmax = 0, est[FZ_STEPS];
    int ok[FZ_NP], unchecked = 0, at_fine = 0;
    bool looked[FZ_NP];
    double rounding = fmax(FZ_ROUNDING * (1 + fabs(f0)), 8 * ldexp(fabs((double)(fl0 - f0)), -11));
    for (int j = 0; j < FZ_NP; j++) {
        fz_estimates(P, FIX, W, seeded, th0, f0, j, fz_steps, FZ_STEPS, 0, est);
        ok[j] = fz_pick(est, FZ_STEPS, f0, G[j], false, &fd[j], &err[j]);
        looked[j] = !ok[j];
        if (!ok[j]) {
            ok[j] = fz_fine(P, FIX, W, seeded, th0, f0, rounding, j, G[j], &fd[j], &err[j]);
            at_fine += ok[j];
        }
        if (!ok[j]) {
            err[j] = FZ_TOL * fabs(G[j]);
            unchecked++;
        } else if (fabs(fd[j]) > gmax) {
            gmax = fabs(fd[j]);
        }
    }
    for (int j = 0; j < FZ_NP; j++) {
        if (!ok[j])
            continue;
        double scale = fmax(fmax(fmax(fabs(G[j]), fabs(fd[j])), 1e-3 * gmax), 1e-7);
        double allowed = FZ_TOL * scale + FZ_ABS * (1 + fabs(f0));
        if (!(spread[j] <= allowed / 4)) {
            err[j] = FZ_TOL * fabs(G[j]);
            unchecked++;
            continue;
        }
        if (!(err[j] <= allowed) && !looked[j]) {
            double fine_fd, fine_err;
            if (fz_fine(P, FIX, W, seeded, th0, f0, rounding, j, G[j], &fine_fd, &fine_err)) {
                fd[j] = fine_fd;
                err[j] = fine_err;
                at_fine++;
            }
        }
        fz_checked++;
        if (err[j] / allowed > fz_worst_ratio)
            fz_worst_ratio = err[j] / allowed;
        if (!(err[j] <= allowed)) {
            printf("FAIL grad pt=%d seeded=%d %s: gradient %.12g, finite differences %.12g\n", pt,
                   seeded, fz_names[j], G[j], fd[j]);
            fz_fails++;
        }
    }
    fz_ambiguous += unchecked;
    return unchecked + at_fine;
}

/* The Taylor test along a random direction; see the top of the file.  A
 * float gradient is only as close to the double twin's as float rounding
 * lets it be, which finite differences measured (err): that much of a
 * remainder linear in h is rounding, not a wrong gradient.  fl0 and thl0
 * are the long double twin's value and trace at P. */
static void fz_check_taylor(const double *P, const double *FIX, const double *W, int seeded,
                            unsigned long long th0, double f0, long double fl0,
                            unsigned long long thl0, const double *G, int pt, const double *err)
{
    double v[FZ_NP], Q[FZ_NP], r[FZ_TAYLOR_STEPS], noise[FZ_TAYLOR_STEPS];
    int valid[FZ_TAYLOR_STEPS], th_ok[FZ_TAYLOR_STEPS];
    double gv = 0, gabs = 0, rounding = 0;
    for (int j = 0; j < FZ_NP; j++) {
        v[j] = -1 + 2 * fz_urand();
        gv += G[j] * v[j];
        gabs += fabs(G[j] * v[j]);
        rounding += err[j] * v[j] * err[j] * v[j];
    }
    double gnoise = FZ_DOUBLE ? FZ_NOISE_G * gabs : fmax(FZ_NOISE_G * gabs, 3 * sqrt(rounding));
    /* The remainders from the long double twin, whose rounding is 2^-11 of
     * the double twin's: its value at P and along v. */
    long double L[FZ_NP], fl[FZ_TAYLOR_STEPS];
    unsigned long long th, thl;
    double ferr = 0, h = FZ_TAYLOR_H0;
    if (thl0 != th0) {
        fz_taylor_skipped++;    /* a branch the two twins take differently at P */
        return;
    }
    for (int k = 0; k < FZ_TAYLOR_STEPS; k++, h /= 2) {
        for (int j = 0; j < FZ_NP; j++) {
            Q[j] = P[j] + h * v[j];
            L[j] = Q[j];
        }
        double f = fz_ref_eval(Q, FIX, W, seeded, &th);
        fl[k] = fz_ref_eval_ld(L, FIX, W, seeded, &thl);
        th_ok[k] = th == th0 && thl == th0 && isfinite(f) && isfinite(fl[k]);
        if (th_ok[k])
            ferr = fmax(ferr, fabs((double)(fl[k] - f)));
    }
    /* Rounding in f: FZ_NOISE_F of its size, or, for a value that comes of
     * large terms cancelling, 8 * 2^-11 of the double twin's own error. */
    double fnoise = fmax(FZ_NOISE_F * (1 + fabs(f0)), 8 * ldexp(ferr, -11));
    h = FZ_TAYLOR_H0;
    for (int k = 0; k < FZ_TAYLOR_STEPS; k++, h /= 2) {
        r[k] = fabs((double)(fl[k] - fl0 - h * gv));
        noise[k] = FZ_MARGIN * (fnoise + h * gnoise);
        valid[k] = th_ok[k] && r[k] > noise[k];
    }
#ifdef FZ_VERBOSE
    for (int k = 0; k < FZ_TAYLOR_STEPS; k++)
        fprintf(stderr, "taylor pt=%d seeded=%d h=%-10g remainder %-10.3g noise %-10.3g%s\n", pt, seeded,
                FZ_TAYLOR_H0 / (1 << k), r[k], noise[k], valid[k] ? "" : " (not used)");
#endif
    int k = FZ_TAYLOR_STEPS - 2;
    while (k >= 0 && !(valid[k] && valid[k + 1]))
        k--;
    if (k < 0) {
        fz_taylor_skipped++;
        return;
    }
    double order = log2(r[k] / r[k + 1]);
    /* An order under FZ_FLOOR_ORDER is no power of h: the remainder has
     * reached the rounding floor (a first-order term would halve it each
     * step, order 1).  The pair before then tells. */
    while (order < FZ_FLOOR_ORDER && k > 0 && valid[k - 1]) {
        k--;
        order = log2(r[k] / r[k + 1]);
    }
    double before = k > 0 && valid[k - 1] ? log2(r[k - 1] / r[k]) : NAN;
    /* r(h) = a h + b h^2 at the pair: a, the first-order term a wrong
     * gradient leaves, against the size of g·v's terms. */
    double hk = FZ_TAYLOR_H0 / (1 << k), linear = (4 * r[k + 1] - r[k]) / hk;
    /* Below the pair, a pair clear of the rounding floor itself (noise /
     * FZ_MARGIN) whose order is back at FZ_DIP_ORDER or more: the h^2 term
     * rules there, and the pair above sat where it cancels against higher
     * terms (seen: orders 3, 3, 4, then 0.7, then 1.6, 1.9).  A wrong
     * gradient's remainder a h - b h^2 only falls below order 1 past its
     * zero. */
    bool dip = false;
    for (int m = k + 1; m + 1 < FZ_TAYLOR_STEPS && !dip; m++)
        dip = r[m + 1] > noise[m + 1] / FZ_MARGIN && th_ok[m] && th_ok[m + 1] &&
              log2(r[m] / r[m + 1]) >= FZ_DIP_ORDER;
    if (order >= FZ_TAYLOR_ORDER) {
        fz_taylor_passed++;
    } else if (isnan(before) || order > before + 0.05) {
        fz_taylor_skipped++;    /* one pair only, or still rising toward 2: inconclusive */
    } else if (linear <= FZ_LINEAR * gabs) {
        fz_taylor_skipped++;    /* a first-order term at the rounding of g·v: inconclusive */
    } else if (dip) {
        fz_taylor_skipped++;    /* a cancellation of the h^2 term: inconclusive */
    } else {
        printf("FAIL taylor pt=%d seeded=%d: remainder %.3g at h=%g, %.3g at h/2: order %.2f\n", pt,
               seeded, r[k], FZ_TAYLOR_H0 / (1 << k), r[k + 1], order);
        fz_fails++;
    }
    if (order < fz_worst_order)
        fz_worst_order = order;
}

/* One point: the model's own checks, then both oracles.  A point where the
 * model (or its double twin) overflows or leaves a function's domain on the
 * way, though its value comes out finite, is no point to differentiate at:
 * the value that overflowed has no derivative, and reverse mode multiplies
 * its adjoint, zero when later stores overwrite it, by inf (seed 1566).  The
 * floating-point flags tell: the point is skipped like one whose value is
 * not finite.  A point where a float model's value strays from its double
 * twin's by more than FZ_PRECISE gets the model's own checks but not the
 * gradient's: the model's computation, not bpgen's, decides that, so the
 * skip cannot single out a wrong gradient. */
static void fz_check_point(const double *P, const double *FIX, const double *W, int seeded, int pt)
{
    unsigned long long th0;
    feclearexcept(FE_ALL_EXCEPT);
    double f0 = fz_ref_eval(P, FIX, W, seeded, &th0);
    double fm;
    unsigned long long th_model = fz_model_trace(P, FIX, W, seeded, &fm);
    int off_domain = fetestexcept(FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO) != 0;
    int imprecise = !FZ_DOUBLE && fabs(fm - f0) > FZ_PRECISE * (1 + fabs(f0));
    if (!isfinite(f0) || fabs(f0) > FZ_BIG || th_model != th0 || off_domain) {
        fz_skipped++;
        return;
    }
    double D0[FZ_NP], G[FZ_NP], err[FZ_NP];
    for (int j = 0; j < FZ_NP; j++)
        D0[j] = FZ_DOUBLE && !fz_is_output[j] && pt % 2 == 1 ? -1 + 2 * fz_urand() : 0;
    fz_fails += fz_run_grad(P, FIX, W, seeded, D0, G, pt);
    if (imprecise) {
        fz_skipped++;   /* the value, outputs and tape are checked, not the gradient */
        return;
    }
    double spread[FZ_NP] = {0};
    if (!FZ_DOUBLE)
        fz_rounding_spread(P, FIX, W, seeded, D0, G, pt, spread);
    long double PL[FZ_NP];
    unsigned long long thl0;
    for (int j = 0; j < FZ_NP; j++)
        PL[j] = P[j];
    long double fl0 = fz_ref_eval_ld(PL, FIX, W, seeded, &thl0);
    if (fz_check_differences(P, FIX, W, seeded, th0, f0, fl0, G, spread, pt, err) == 0)
        fz_check_taylor(P, FIX, W, seeded, th0, f0, fl0, thl0, G, pt, err);
    else
        fz_taylor_skipped++;    /* branches or fast oscillation at this scale: skip it too */
}

int main(void)
{
    double FIX[FZ_NFIX + 1], W[FZ_NW + 1];
    for (int i = 0; i < FZ_NFIX; i++)
        FIX[i] = fz_input();
    for (int i = 0; i < FZ_NW; i++)
        W[i] = fz_input();
    for (int pt = 0; pt < FZ_POINTS; pt++) {
        double P[FZ_NP];
        for (int j = 0; j < FZ_NP; j++)
            P[j] = fz_input();
        for (int seeded = 0; seeded <= (FZ_NW > 0); seeded++)
            fz_check_point(P, FIX, W, seeded, pt);
    }
    bp_tape_release();
    printf("%s checked=%d skipped=%d ambiguous=%d taylor=%d taylor_skipped=%d worst_ratio=%.3g "
           "worst_order=%.3g\n",
           fz_fails ? "FAILED" : "OK", fz_checked, fz_skipped, fz_ambiguous, fz_taylor_passed,
           fz_taylor_skipped, fz_worst_ratio, fz_worst_order);
    return fz_fails != 0;
}

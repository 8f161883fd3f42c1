/*
 * The C side of bench/compare: for each problem of problems.c, the primal
 * of examples/, bpgen's generated gradient, the hand-written gradient
 * where there is one, and central finite differences, timed in one run;
 * and the files from which the PyTorch script reads the same data and
 * bpgen's gradient.
 *
 *   compare_c OUT [ID ...]      times the problems (all, or those named),
 *                               writes OUT/c.csv, OUT/c_facts.csv and
 *                               OUT/data/<id>/ (problems.h: problem_dump)
 *   compare_c --once ID primal|bpgen
 *                               one warm call, then one more with
 *                               callgrind's collection on: run under
 *                               valgrind --tool=callgrind --collect-atstart=no
 *                               it counts the instructions of one call
 *
 * Timing is bench/mlp's: the kinds alternate in rounds, each round times
 * a batch of calls of each kind (a batch lasts a millisecond or more), the
 * kinds take turns at going first, and the medians over the rounds are
 * reported: of the times and of each round's ratios, to the primal and to
 * bpgen's gradient of the same round, which load drifting during the run
 * changes least.  Before timing, the gradients are checked: the
 * hand-written one against bpgen's over every entry, finite differences on
 * the coordinates they are timed on; each difference is the largest over
 * the parameter arrays of max |a - b| / max |bpgen's|.
 *
 * Finite differences cost 2 primal calls per parameter; where the whole
 * gradient would take more than FD_BUDGET seconds, a subset of
 * coordinates spread evenly over the parameters is timed and the time is
 * scaled up to all of them, and c.csv says so.
 *
 * Allocations are counted by wrapping malloc, calloc and realloc at link
 * time (-Wl,--wrap=...; CMakeLists.txt): every call from the models, the
 * generated code and libbpgen is seen, OpenBLAS's internal ones not.
 */
#define _POSIX_C_SOURCE 200809L
#include <bpgen.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "problems.h"
#ifdef HAVE_CBLAS_H
#include <cblas.h>
#endif
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_TOGGLE_COLLECT
#endif

enum { KINDS = 3 };                         /* CALL_PRIMAL, CALL_BPGEN, CALL_BY_HAND */

static const double BATCH_SECONDS = 1e-3;   /* a timed batch lasts at least this */
static const double TIME_BUDGET = 1.5;      /* seconds of rounds per problem */
static const double FD_BUDGET = 0.4;        /* seconds of finite differences per problem */
enum { MIN_ROUNDS = 7, MAX_ROUNDS = 41 };

/* ---- Counting allocations --------------------------------------------- */

static long allocations;

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);

void *__wrap_malloc(size_t size)
{
    allocations++;
    return __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    allocations++;
    return __real_calloc(count, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    allocations++;
    return __real_realloc(p, size);
}

/* Allocations of one call of the kind, in steady state. */
static long allocations_per_call(Problem *p, int kind)
{
    problem_call(p, kind);
    long before = allocations;
    problem_call(p, kind);
    return allocations - before;
}

/* ---- Medians ---------------------------------------------------------- */

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

/* ---- Agreement -------------------------------------------------------- */

/* The gradient from zeroed adjoints, flattened. */
static double *gradient_of(Problem *p, int kind)
{
    int n = problem_nparams(p);
    double *g = malloc(sizeof(double) * n);
    problem_zero_adjoints(p);
    problem_call(p, kind);
    for (int i = 0; i < n; i++)
        g[i] = *problem_adjoint(p, i);
    return g;
}

/* max |g| over each parameter array, indexed by array. */
static void block_scales(Problem *p, const double *g, double *scale)
{
    for (int b = 0; b < MAX_ARRAYS; b++)
        scale[b] = 0;
    for (int i = 0; i < problem_nparams(p); i++)
        scale[problem_block_of(p, i)] = fmax(scale[problem_block_of(p, i)], fabs(g[i]));
}

/* The largest over the coordinates `at` (all if NULL) of |a - ref| over
 * the scale of ref's array. */
static double difference(Problem *p, const double *a, const double *ref, const int *at, int m)
{
    double scale[MAX_ARRAYS], worst = 0;
    block_scales(p, ref, scale);
    for (int j = 0; j < m; j++) {
        int i = at ? at[j] : j;
        double s = scale[problem_block_of(p, i)];
        worst = fmax(worst, fabs(a[i] - ref[i]) / (s > 0 ? s : 1));
    }
    return worst;
}

/* ---- Finite differences ----------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* (f(x + h e_i) - f(x - h e_i)) / 2h, with h about the cube root of the
 * machine epsilon, scaled by |x_i| when that is above one. */
static double central_difference(Problem *p, int i)
{
    double *x = problem_param(p, i), x0 = *x;
    double h = 6e-6 * fmax(1.0, fabs(x0));
    *x = x0 + h;
    double up = p->primal(p);
    *x = x0 - h;
    double down = p->primal(p);
    *x = x0;
    return (up - down) / (2 * h);
}

typedef struct {
    double seconds;                      /* for the whole gradient, maybe scaled up */
    int timed;                           /* coordinates timed */
    double difference;                   /* against bpgen on those coordinates */
} FiniteDifferences;

static FiniteDifferences finite_differences(Problem *p, const double *reference, double primal)
{
    int n = problem_nparams(p);
    int m = (int)fmin(n, fmax(4, FD_BUDGET / (2 * primal)));
    int *at = malloc(sizeof(int) * m);
    double *fd = calloc(n, sizeof(double));
    for (int j = 0; j < m; j++)
        at[j] = (int)((long)j * n / m);
    double t0 = now();
    for (int j = 0; j < m; j++)
        fd[at[j]] = central_difference(p, at[j]);
    double elapsed = now() - t0;
    FiniteDifferences r = {elapsed * n / m, m, difference(p, fd, reference, at, m)};
    free(at);
    free(fd);
    return r;
}

/* ---- Timing ----------------------------------------------------------- */

static int has_kind(const Problem *p, int kind)
{
    return kind != CALL_BY_HAND || p->by_hand;
}

/* Medians over the rounds, per kind: seconds per call, and the ratios to
 * the primal and to bpgen's gradient of the same round. */
typedef struct {
    double seconds[KINDS], ratio[KINDS], vs_bpgen[KINDS];
    int rounds;
} Timings;

/* Calls of each kind per batch: doubling until a batch lasts BATCH_SECONDS;
 * returns the seconds of one round of batches. */
static double calibrate(Problem *p, long *reps)
{
    double round = 0;
    for (int kind = 0; kind < KINDS; kind++) {
        if (!has_kind(p, kind))
            continue;
        for (reps[kind] = 1; problem_time(p, kind, reps[kind]) * reps[kind] < BATCH_SECONDS;)
            reps[kind] *= 2;
        round += problem_time(p, kind, reps[kind]) * reps[kind];
    }
    return round;
}

static Timings time_kinds(Problem *p)
{
    long reps[KINDS] = {0};
    double round = calibrate(p, reps);
    int rounds = (int)fmin(MAX_ROUNDS, fmax(MIN_ROUNDS, TIME_BUDGET / round)) | 1;
    double t[KINDS][MAX_ROUNDS] = {{0}}, ratio[KINDS][MAX_ROUNDS], vs[KINDS][MAX_ROUNDS];
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < KINDS; i++) {
            int kind = (r + i) % KINDS;
            if (has_kind(p, kind))
                t[kind][r] = problem_time(p, kind, reps[kind]);
        }
        for (int kind = 0; kind < KINDS; kind++) {
            ratio[kind][r] = t[kind][r] / t[CALL_PRIMAL][r];
            vs[kind][r] = t[kind][r] / t[CALL_BPGEN][r];
        }
    }
    Timings tm = {.rounds = rounds};
    for (int kind = 0; kind < KINDS; kind++) {
        int has = has_kind(p, kind);
        tm.seconds[kind] = has ? median(t[kind], rounds) : NAN;
        tm.ratio[kind] = has ? median(ratio[kind], rounds) : NAN;
        tm.vs_bpgen[kind] = has ? median(vs[kind], rounds) : NAN;
    }
    return tm;
}

/* ---- One problem ------------------------------------------------------ */

typedef struct {
    FILE *csv, *facts;                   /* c.csv and c_facts.csv */
    const char *out;                     /* their directory */
} Output;

static const char CSV_HEADER[] =
    "problem,tool,seconds,ratio,vs_bpgen,own_primal_seconds,samples,check,note";

static void csv_row(FILE *csv, const Problem *p, const char *tool, double seconds,
                    double ratio, double vs_bpgen, double primal, int samples, double check,
                    const char *note)
{
    fprintf(csv, "%s,%s,%.9g,%.6g,%.6g,%.9g,%d,", p->id, tool, seconds, ratio, vs_bpgen, primal,
            samples);
    if (!isnan(check))
        fprintf(csv, "%.3g", check);
    fprintf(csv, ",\"%s\"\n", note);
}

static void print_line(const Problem *p, const Timings *t, double by_hand,
                       const FiniteDifferences *fd, const long *allocs, size_t growth)
{
    printf("%-30s %7d %11.2f %11.2f %7.2f", p->title, problem_nparams(p),
           1e6 * t->seconds[CALL_PRIMAL], 1e6 * t->seconds[CALL_BPGEN], t->ratio[CALL_BPGEN]);
    if (p->by_hand)
        printf(" %11.2f %8.1e", 1e6 * t->seconds[CALL_BY_HAND], by_hand);
    else
        printf(" %11s %8s", "", "");
    printf(" %8.1e %5ld/%-5ld %s\n", fd->difference, allocs[0], allocs[1],
           growth ? "tape grew" : "");
    fflush(stdout);
}

/* Checks, dumps and times one problem; prints its line, returns nonzero if
 * a gradient disagrees with bpgen's. */
static int run_problem(Problem *p, const Output *o)
{
    int n = problem_nparams(p);
    double *reference = gradient_of(p, CALL_BPGEN);
    double by_hand = NAN;
    if (p->by_hand) {
        double *g = gradient_of(p, CALL_BY_HAND);
        by_hand = difference(p, g, reference, NULL, n);
        free(g);
    }
    char dir[4096];
    free(gradient_of(p, CALL_BPGEN));    /* the adjoints hold bpgen's gradient again */
    snprintf(dir, sizeof dir, "%s/data/%s", o->out, p->id);
    if (problem_dump(p, dir))
        fprintf(stderr, "compare_c: cannot write %s\n", dir);

    long allocs[2] = {allocations_per_call(p, CALL_PRIMAL), allocations_per_call(p, CALL_BPGEN)};
    size_t tape = bp_the_tape.cap;
    Timings t = time_kinds(p);
    size_t growth = bp_the_tape.cap - tape;
    double primal = t.seconds[CALL_PRIMAL];
    FiniteDifferences fd = finite_differences(p, reference, primal);

    csv_row(o->csv, p, "bpgen", t.seconds[CALL_BPGEN], t.ratio[CALL_BPGEN], 1, primal, t.rounds,
            NAN, "");
    if (p->by_hand)
        csv_row(o->csv, p, "hand-written", t.seconds[CALL_BY_HAND], t.ratio[CALL_BY_HAND],
                t.vs_bpgen[CALL_BY_HAND], primal, t.rounds, by_hand, "");
    char note[200];
    if (fd.timed < n)
        snprintf(note, sizeof note, "timed on %d of %d coordinates; scaled up", fd.timed, n);
    else
        snprintf(note, sizeof note, "all %d coordinates", n);
    csv_row(o->csv, p, "finite differences", fd.seconds, fd.seconds / primal,
            fd.seconds / t.seconds[CALL_BPGEN], primal, 1, fd.difference, note);
    fprintf(o->facts, "%s,%s,\"%s\",%d,%.9g,%.9g,%ld,%ld,%zu,%zu\n", p->id, p->family, p->title,
            n, primal, t.seconds[CALL_BPGEN], allocs[0], allocs[1], tape, growth);
    fflush(o->csv);
    fflush(o->facts);
    print_line(p, &t, by_hand, &fd, allocs, growth);
    free(reference);
    return !(fd.difference < 1e-4) || (p->by_hand && !(by_hand < 1e-10));
}

/* ---- main ------------------------------------------------------------- */

static void print_machine(void)
{
    printf("machine: %ld cores online", sysconf(_SC_NPROCESSORS_ONLN));
#ifdef OPENBLAS_VERSION
    openblas_set_num_threads(1);
    printf(", OpenBLAS with %d thread", openblas_get_num_threads());
#else
    printf(", BLAS threads as the environment sets them");
#endif
    printf("\n");
}

static int once(const char *id, const char *what)
{
    Problem *p = problem_new(id);
    if (!p) {
        fprintf(stderr, "compare_c: no problem %s\n", id);
        return 2;
    }
    int kind = strcmp(what, "primal") == 0 ? CALL_PRIMAL : CALL_BPGEN;
    problem_call(p, kind);               /* the tape and the caches warm */
    CALLGRIND_TOGGLE_COLLECT;
    problem_call(p, kind);
    CALLGRIND_TOGGLE_COLLECT;
    problem_delete(p);
    return 0;
}

static FILE *open_in(const char *dir, const char *name, const char *header)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f)
        fprintf(f, "%s\n", header);
    return f;
}

static int wanted(const char *id, int argc, char **argv)
{
    for (int a = 2; a < argc; a++)
        if (strcmp(argv[a], id) == 0)
            return 1;
    return argc == 2;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--once") == 0)
        return once(argv[2], argv[3]);
    if (argc < 2) {
        fprintf(stderr, "usage: compare_c OUT [ID ...] | compare_c --once ID primal|bpgen\n");
        return 2;
    }
    Output o = {open_in(argv[1], "c.csv", CSV_HEADER),
                open_in(argv[1], "c_facts.csv",
                        "problem,family,title,params,primal_seconds,bpgen_seconds,"
                        "primal_allocs,gradient_allocs,tape_bytes,tape_growth"),
                argv[1]};
    char data[4096];
    snprintf(data, sizeof data, "%s/data", argv[1]);
    if (!o.csv || !o.facts || (mkdir(data, 0777) && errno != EEXIST)) {
        fprintf(stderr, "compare_c: cannot write in %s\n", argv[1]);
        return 2;
    }
    print_machine();
    printf("%-30s %7s %11s %11s %7s %11s %8s %8s %11s\n", "problem", "params", "primal us",
           "bpgen us", "ratio", "by hand us", "hand dif", "FD diff", "mallocs p/g");
    int bad = 0;
    for (int i = 0; i < problem_count(); i++) {
        Problem p = problem_make(i);
        if (wanted(p.id, argc, argv))
            bad |= run_problem(&p, &o);
        problem_free(&p);
    }
    fclose(o.csv);
    fclose(o.facts);
    printf("gradients (hand-written, finite differences) against bpgen's: %s\n",
           bad ? "DIFFER" : "agree");
    return bad;
}

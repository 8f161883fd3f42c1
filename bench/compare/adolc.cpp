/*
 * ADOL-C on the problems of bench/compare: the objectives of
 * objectives.hpp taped on adouble, their gradients by ADOL-C's reverse
 * sweep (gradient(): a zero-order forward sweep over the tape, then
 * fos_reverse), at the data of problems.c, which this program links (with
 * the models of examples/ and bpgen's gradients of them).
 *
 *   compare_adolc OUT.csv ID ...
 *
 * (run.sh runs one problem per process: ADOL-C's store of locations keeps
 * the size of the largest tape made, and later sweeps pay for it.)  For
 * each problem it times, in rounds as compare.c does,
 *   - the C primal and bpgen's gradient (the references of every ratio),
 *   - the objective instantiated on double (an ADOL-C user's own primal),
 *   - "retape": trace_on, the objective on adouble, trace_off, gradient():
 *     what a gradient costs when the branches may differ from call to call,
 *   - "reuse tape": gradient() on the tape of the first call: what it costs
 *     when they may not (the tape holds the branches taken when it was
 *     made: the maxima of logsumexp, the ReLUs, the zero-angle test),
 * checks ADOL-C's gradient against bpgen's and appends a row per variant
 * to OUT.csv in compare_c's format (the header first if the file is new).
 *
 * The tape is kept in memory: the first taping measures it (tapestats) and
 * every later trace_on asks for buffers that hold it all, as a user tuning
 * ADOL-C would (its default buffers spill large tapes to files).
 */
#include <adolc/adolc.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>
#include "objectives.hpp"
extern "C" {
#include "problems.h"
}

namespace {

const double BATCH_SECONDS = 1e-3;   // a timed batch lasts at least this
const double TIME_BUDGET = 6.0;      // seconds of rounds per problem, at most
const int MIN_ROUNDS = 3, MAX_ROUNDS = 21;
volatile double sink;

/* ---- The problem's arguments by name ---------------------------------- */

const Array &array(const Problem *p, const char *name)
{
    for (int i = 0; i < p->narrays; i++)
        if (std::strcmp(p->array[i].name, name) == 0)
            return p->array[i];
    throw std::runtime_error(std::string("no array ") + name);
}

double cst(const Problem *p, const char *name)
{
    for (int i = 0; i < p->nconsts; i++)
        if (std::strcmp(p->cst[i].name, name) == 0)
            return p->cst[i].value;
    throw std::runtime_error(std::string("no constant ") + name);
}

int icst(const Problem *p, const char *name)
{
    return (int)cst(p, name);
}

/* The parameters, or bpgen's gradient, as one vector. */
std::vector<double> flat(Problem *p, bool adjoint)
{
    std::vector<double> x(problem_nparams(p));
    for (size_t i = 0; i < x.size(); i++)
        x[i] = adjoint ? *problem_adjoint(p, (int)i) : *problem_param(p, (int)i);
    return x;
}

/* ---- The objective of a problem at the flat parameter vector x -------- */

template <class T> T objective(const Problem *p, const T *x)
{
    using namespace objectives;
    const std::string id = p->id;
    if (id.rfind("gmm", 0) == 0) {
        int d = icst(p, "d"), k = icst(p, "k");
        return gmm<T>(d, k, icst(p, "n"), x, x + k, x + k + k * d, array(p, "x").v,
                      cst(p, "gamma"), icst(p, "m"));
    }
    if (id == "ba") {
        int n = icst(p, "n"), m = icst(p, "m");
        return ba<T>(icst(p, "p"), x, x + 11 * n, x + 11 * n + 3 * m, array(p, "obs").iv,
                     array(p, "feats").v);
    }
    if (id.rfind("lstm", 0) == 0) {
        int l = icst(p, "l"), b = icst(p, "b");
        return lstm<T>(l, icst(p, "c"), b, x, x + 8 * l * b, array(p, "state").v,
                       array(p, "sequence").v);
    }
    if (id == "mlp") {
        int D = icst(p, "D"), H = icst(p, "H"), C = icst(p, "C");
        return mlp<T>(icst(p, "N"), D, H, C, array(p, "X").v, array(p, "labels").iv, x,
                      x + D * H, x + D * H + H, x + D * H + H + H * C, cst(p, "reg"));
    }
    if (id == "neuron")
        return neuron<T>(x[0], x[1], x[2], x[3], x[4]);
    if (id == "logistic")
        return logistic_loss<T>(x[0], x[1], cst(p, "x"), cst(p, "t"), cst(p, "lambda"));
    throw std::runtime_error("no objective for " + id);
}

/* ---- Taping ----------------------------------------------------------- */

/* Buffer sizes that hold a whole tape in memory (0: ADOL-C's defaults). */
struct Buffers {
    size_t ops = 0, locs = 0, vals = 0, taylors = 0;
};

/* One tape per problem, tagged by its index: ADOL-C fixes a tape's buffer
 * sizes when the tape is first made. */
short tag = 1;

/* trace_on ... trace_off around the objective on adouble at x. */
void tape(const Problem *p, const std::vector<double> &x, const Buffers &b)
{
    if (b.ops)
        trace_on(tag, 0, b.ops, b.locs, b.vals, b.taylors);
    else
        trace_on(tag);
    {
        std::vector<adouble> ax(x.size());
        for (size_t i = 0; i < x.size(); i++)
            ax[i] <<= x[i];
        adouble y = objective<adouble>(p, ax.data());
        double f;
        y >>= f;
    }
    trace_off();
}

/* Tapes once with the defaults and returns the sizes of that tape, with
 * some room: the buffers of every later taping. */
Buffers measure_tape(const Problem *p, const std::vector<double> &x, size_t *ops)
{
    tape(p, x, Buffers());
    size_t stats[STAT_SIZE];
    tapestats(tag, stats);
    *ops = stats[NUM_OPERATIONS];
    Buffers b;
    b.ops = stats[NUM_OPERATIONS] + 1024;
    b.locs = stats[NUM_LOCATIONS] + 1024;
    b.vals = stats[NUM_VALUES] + 1024;
    b.taylors = stats[TAY_STACK_SIZE] + 1024;
    return b;
}

bool tape_in_memory()
{
    size_t stats[STAT_SIZE];
    tapestats(tag, stats);
    return !stats[OP_FILE_ACCESS] && !stats[LOC_FILE_ACCESS] && !stats[VAL_FILE_ACCESS];
}

/* ---- Timing ----------------------------------------------------------- */

double now()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/* A kind of call: a batch of reps calls, returning seconds per call. */
using Batch = std::function<double(long reps)>;

Batch batch_of(std::function<void()> call)
{
    return [call](long reps) {
        double t0 = now();
        for (long r = 0; r < reps; r++)
            call();
        return (now() - t0) / reps;
    };
}

/* Medians over rounds, per kind, as compare.c's Timings; kinds 0 and 1
 * are the C primal and bpgen's gradient. */
struct Timings {
    std::vector<double> seconds, ratio, vs_bpgen;
    int rounds;
};

Timings time_in_rounds(const std::vector<Batch> &kinds)
{
    size_t n = kinds.size();
    std::vector<long> reps(n);
    double round = 0;
    for (size_t k = 0; k < n; k++) {
        for (reps[k] = 1; kinds[k](reps[k]) * reps[k] < BATCH_SECONDS;)
            reps[k] *= 2;
        round += kinds[k](reps[k]) * reps[k];
    }
    int rounds = std::min(MAX_ROUNDS, std::max(MIN_ROUNDS, (int)(TIME_BUDGET / round))) | 1;
    std::vector<std::vector<double>> t(n, std::vector<double>(rounds)), ratio = t, vs = t;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            size_t k = (r + i) % n;
            t[k][r] = kinds[k](reps[k]);
        }
        for (size_t k = 0; k < n; k++) {
            ratio[k][r] = t[k][r] / t[0][r];
            vs[k][r] = t[k][r] / t[1][r];
        }
    }
    Timings tm;
    for (size_t k = 0; k < n; k++) {
        tm.seconds.push_back(median(t[k]));
        tm.ratio.push_back(median(ratio[k]));
        tm.vs_bpgen.push_back(median(vs[k]));
    }
    tm.rounds = rounds;
    return tm;
}

/* max |g - ref| / max |ref| over each parameter array, the largest. */
double difference(const Problem *p, const std::vector<double> &g, const std::vector<double> &ref)
{
    double worst = 0;
    size_t at = 0;
    for (int b = 0; b < p->narrays && p->array[b].is_param; b++) {
        double diff = 0, scale = 0;
        for (int i = 0; i < p->array[b].len; i++, at++) {
            diff = std::max(diff, std::fabs(g[at] - ref[at]));
            scale = std::max(scale, std::fabs(ref[at]));
        }
        worst = std::max(worst, scale > 0 ? diff / scale : diff);
    }
    return worst;
}

void run(Problem *p, FILE *csv)
{
    tag = (short)(problem_find(p->id) + 1);
    problem_zero_adjoints(p);
    problem_call(p, CALL_BPGEN);
    std::vector<double> x = flat(p, false), reference = flat(p, true), g(x.size());
    int n = (int)x.size();
    size_t ops;
    double t0 = now();
    Buffers buffers = measure_tape(p, x, &ops);
    double first = now() - t0;
    tape(p, x, buffers);
    bool in_memory = tape_in_memory();
    gradient(tag, n, x.data(), g.data());
    double check = difference(p, g, reference);

    std::vector<Batch> kinds = {
        [p](long reps) { return problem_time(p, CALL_PRIMAL, reps); },
        [p](long reps) { return problem_time(p, CALL_BPGEN, reps); },
        batch_of([&] { sink = objective<double>(p, x.data()); }),
        batch_of([&] {
            tape(p, x, buffers);
            gradient(tag, n, x.data(), g.data());
        }),
        batch_of([&] { gradient(tag, n, x.data(), g.data()); }),
    };
    Timings t = time_in_rounds(kinds);
    char note[200];
    std::snprintf(note, sizeof note, "tape of %zu operations %s; first taping %.3g s", ops,
                  in_memory ? "in memory" : "spilled to files", first);
    const char *names[2] = {"ADOL-C (retape)", "ADOL-C (reuse tape)"};
    for (int v = 0; v < 2; v++)
        std::fprintf(csv, "%s,%s,%.9g,%.6g,%.6g,%.9g,%d,%.3g,\"%s\"\n", p->id, names[v],
                     t.seconds[3 + v], t.ratio[3 + v], t.vs_bpgen[3 + v], t.seconds[2], t.rounds,
                     check, note);
    std::fflush(csv);
    std::printf("%-30s %11.2f %11.2f %13.2f %13.2f %11zu %9.1e\n", p->title, 1e6 * t.seconds[0],
                1e6 * t.seconds[2], 1e6 * t.seconds[3], 1e6 * t.seconds[4], ops, check);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: compare_adolc OUT.csv ID ...\n");
        return 2;
    }
    FILE *csv = std::fopen(argv[1], "a");
    if (!csv) {
        std::fprintf(stderr, "compare_adolc: cannot write %s\n", argv[1]);
        return 2;
    }
    if (std::ftell(csv) == 0) {
        std::fprintf(csv, "problem,tool,seconds,ratio,vs_bpgen,own_primal_seconds,samples,"
                          "check,note\n");
        std::printf("%-30s %11s %11s %13s %13s %11s %9s\n", "problem", "C primal us",
                    "double us", "retape us", "reuse us", "tape ops", "vs bpgen");
    }
    int bad = 0;
    for (int i = 2; i < argc; i++) {
        Problem *p = problem_new(argv[i]);
        try {
            if (!p)
                throw std::runtime_error("no such problem");
            run(p, csv);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "compare_adolc: %s: %s\n", argv[i], e.what());
            bad = 1;
        }
        problem_delete(p);
    }
    std::fclose(csv);
    return bad;
}

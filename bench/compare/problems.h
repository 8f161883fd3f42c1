/*
 * The problems of the comparison (bench/compare): each objective of
 * examples/ at the sizes of issue 7, with its data, behind one interface,
 * so that the C driver (compare.c) times and checks them all alike and can
 * write each one's data and bpgen's gradient to files, from which the
 * ADOL-C driver (adolc.cpp) and the PyTorch script (torch_bench.py) read
 * the very same inputs and compare their gradients with bpgen's.
 *
 * A problem is a list of named arrays (the model's parameters, those that
 * are differentiated first, each with its adjoint) and named constants
 * (sizes and scalars), plus three calls: the primal of examples/, bpgen's
 * generated gradient, and a hand-written gradient where one exists.  The
 * data come from splitmix64 seeded per problem: the same numbers on every
 * machine, whichever problems a run makes.
 */
#ifndef COMPARE_PROBLEMS_H
#define COMPARE_PROBLEMS_H

enum { MAX_ARRAYS = 6, MAX_CONSTS = 6 };

/* One array argument of the model: doubles or ints, with an adjoint if the
 * model's BP_GRAD names it. */
typedef struct {
    const char *name;                    /* the model's parameter name */
    int len;                             /* entries */
    int is_param;                        /* differentiated: adj is its adjoint */
    double *v;                           /* double values, or NULL */
    int *iv;                             /* int values (labels, observations), or NULL */
    double *adj;                         /* adjoint, is_param only */
} Array;

/* One scalar argument: a size or a constant of the model. */
typedef struct {
    const char *name;                    /* the model's parameter name */
    double value;                        /* ints too: sizes are small */
} Const;

typedef struct Problem Problem;
struct Problem {
    const char *id;                      /* for files and the CSV: "gmm_d10" */
    const char *title;                   /* for people: "GMM d=10 k=5 n=1000" */
    const char *family;                  /* GMM, BA, LSTM, MLP, scalar: the goals' groups */
    Array array[MAX_ARRAYS];             /* parameters first, then data */
    int narrays;
    Const cst[MAX_CONSTS];
    int nconsts;
    double (*primal)(const Problem *p);  /* the objective of examples/ */
    double (*gradient)(Problem *p);      /* bpgen's: returns f, adds into the adjoints */
    double (*by_hand)(Problem *p);       /* hand-written, same contract; or NULL */
};

/* The problems in the order of the report; problem_make(i) for i below
 * problem_count(), or problem_find("gmm_d10"), which returns -1 if none. */
int problem_count(void);
int problem_find(const char *id);
Problem problem_make(int index);
void problem_free(Problem *p);

/* The same on the heap, for the drivers in C++ and Python (ctypes, through
 * libcompare_problems.so): NULL for an unknown id. */
Problem *problem_new(const char *id);
void problem_delete(Problem *p);

/* The three calls, and a batch of reps of one timed on the monotonic
 * clock: its seconds per call.  Every driver times the C primal and
 * bpgen's gradient so, in the same rounds as its own tool, so that each
 * ratio compares calls made at nearly the same time. */
enum { CALL_PRIMAL, CALL_BPGEN, CALL_BY_HAND };
double problem_call(Problem *p, int kind);
double problem_time(Problem *p, int kind, long reps);

/* The parameters as one flat vector, array after array: their number, a
 * pointer to the i-th value and to its adjoint. */
int problem_nparams(const Problem *p);
double *problem_param(Problem *p, int i);
double *problem_adjoint(Problem *p, int i);
int problem_block_of(const Problem *p, int i);   /* the array holding parameter i */
void problem_zero_adjoints(Problem *p);

/* Writes dir/meta.txt (title, constants, arrays) and each array as raw
 * native doubles or ints in dir/<name>.bin; the adjoints, as they are,
 * in dir/d_<name>.bin.  0 on success. */
int problem_dump(const Problem *p, const char *dir);

#endif /* COMPARE_PROBLEMS_H */

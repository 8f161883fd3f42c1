/*
 * ir.h: bpgen's one internal header, a section per file.
 *
 * The pipeline (main.c) is
 *
 *   parse.c     libclang cursors  -> Program of primal Funcs in SSA form
 *   inline.c    Program           -> small leaf calls replaced by their bodies
 *   activity.c  Func              -> each Value marked varied/useful/active
 *   hoist.c     primal Func       -> loads a counted loop repeats moved out
 *   reverse.c   primal Func       -> gradient Func (forward sweep + adjoints)
 *   split.c     gradient Func     -> adjoint sums of reverse loops in two halves
 *   ir.c        any Func          -> verified, dead code removed, SSA text
 *   emit.c      gradient Func     -> C source
 *
 * The IR is a dataflow graph in SSA form with structured regions: a Value is
 * defined once by an Inst; an Inst lives in a Block; region instructions (IF)
 * own Blocks, and a Block ends by yielding values that become the region's
 * results (in place of phi nodes).  A Func's body yields its return value.
 * Adjoints in a gradient Func are Slots: mutable accumulators, declared in
 * the Block whose reverse owns them, written by ADJ_ADD, read by ADJ_READ.
 */
#ifndef BPGEN_IR_H
#define BPGEN_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define BPGEN_TOOL_VERSION "0.1.0"

typedef struct Type Type;
typedef struct Value Value;
typedef struct Inst Inst;
typedef struct Block Block;
typedef struct Slot Slot;
typedef struct Func Func;
typedef struct Program Program;

/* ---- util.c: arena, strings, lists ---- */

void *arena_alloc(size_t size);              /* zeroed, lives until exit */
#define new_array(T, n) ((T *)arena_alloc(sizeof(T) * (size_t)((n) + 1)))
/* items (len used, *cap allocated) with room for one more: push with
 * `a = array_grow(a, n, &cap, sizeof *a); a[n++] = x;` */
void *array_grow(void *items, int len, int *cap, size_t size);
char *arena_strdup(const char *s);
/* For a process that runs bpgen more than once (the front-door fuzzer):
 * arena_release frees all that was allocated after arena_mark. */
typedef struct {
    void *chunk;                             /* the chunk allocation was in */
    size_t used, size;                       /* how much of it, of how much */
} ArenaMark;
ArenaMark arena_mark(void);
void arena_release(ArenaMark m);
char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2), nonnull(1)));
bool streq(const char *a, const char *b);
const char *format_number(double x, bool is_float); /* shortest exact decimal */

typedef struct {
    Value **v;                               /* the values */
    int len, cap;                            /* count and capacity */
} ValueList;
void vl_push(ValueList *l, Value *v);

/* A set of C identifiers, to hand out names that collide with nothing. */
typedef struct {
    const char **keys;                       /* open addressing, NULL = empty */
    int cap, len;                            /* capacity (power of 2), count */
} NameSet;
bool names_has(NameSet *s, const char *name);
void names_add(NameSet *s, const char *name);

/* ---- diag.c: diagnostics ---- */

typedef struct {
    const char *file;                        /* as given on the command line */
    int line, col;                           /* 1-based; 0 = unknown */
} SrcLoc;

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 4 };

/* A user error: file:line:col: error: message, the source line and a caret;
 * then exit status 1.  No output file has been written at that point. */
_Noreturn void error_at(SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An error in how bpgen was called: exit status 2. */
_Noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A bug in bpgen: exit status 4 with a request for a bug report. */
_Noreturn void internal_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print file:line:col: error:/note: with source line and caret, no exit. */
void diag_print(SrcLoc loc, const char *severity, const char *msg);
void diag_install_crash_handlers(void);
void diag_set_color(bool on);

/* ---- types ---- */

typedef enum {
    TY_VOID,
    TY_INT,                                  /* any integer type; never active */
    TY_FLOAT,
    TY_DOUBLE,
    TY_PTR,
    TY_STRUCT,
} TypeKind;

typedef struct {
    const char *name;
    Type *type;                              /* of the member, or of its elements */
    int count;                               /* an array member: its length; else 0 */
} Field;

struct Type {
    TypeKind kind;
    const char *spelling;                    /* C spelling: "unsigned long", "struct layer" */
    Type *base;                              /* pointee of a TY_PTR */
    bool is_const;                           /* TY_PTR: pointee is const */
    Field *fields;                           /* TY_STRUCT: its members */
    int nfields;
};

extern Type *ty_void, *ty_int, *ty_float, *ty_double;
Type *pointer_to(Type *base, bool is_const);
Type *int_type(const char *spelling);
bool is_floating(Type *t);                   /* float or double */
bool is_unsigned(Type *t);                   /* an unsigned integer type */
int int_rank(Type *t);                       /* in C's conversions; 0: not C's own */
bool int_fits(Type *t, long long v);         /* integer type t holds v (C's own types) */
bool is_floating_ptr(Type *t);               /* pointer to float or double */
bool has_floating(Type *t);                  /* can hold a derivative: float, double, or
                                                pointers to, arrays or structs of them */
bool is_object(Type *t);                     /* memory: a pointer, or a struct value */
Field *find_field(Type *t, const char *name); /* t: a struct or a pointer to one */
bool same_type(Type *a, Type *b);
/* "double x", "const double *w": a declaration of name with type t. */
char *type_decl(Type *t, const char *name);

/* A set of parameter positions: the arrays a call may write, the
 * parameters a specialization differentiates.  C promises 127 parameters
 * and arguments (C11 5.2.4.1); parse.c refuses a function or call of more
 * than PARAMS_MAX. */
#define PARAMS_MAX 128
typedef struct {
    unsigned long long bits[PARAMS_MAX / 64];
} ParamSet;
static inline void pset_add(ParamSet *s, int i) { s->bits[i / 64] |= 1ull << (i % 64); }
static inline void pset_remove(ParamSet *s, int i) { s->bits[i / 64] &= ~(1ull << (i % 64)); }
static inline bool pset_has(const ParamSet *s, int i) {
    return i >= 0 && i < PARAMS_MAX && (s->bits[i / 64] >> (i % 64) & 1);
}
static inline bool pset_eq(const ParamSet *a, const ParamSet *b) {
    for (int k = 0; k < PARAMS_MAX / 64; k++)
        if (a->bits[k] != b->bits[k])
            return false;
    return true;
}

/* ---- ir.c: the dataflow graph ---- */

typedef enum {
#define OP(name, spelling, arity, kind, d0, d1, d2) OP_##name,
#include "ops.def"
#undef OP
    NUM_OPS
} Op;

typedef enum {
    K_CONST, K_PARAM, K_INFIX, K_PREFIX, K_COMPARE, K_LOGIC, K_SELECT,
    K_CAST, K_MATH, K_LOAD, K_STORE, K_PTRADD, K_FIELD, K_ALLOC, K_FREE, K_CALL, K_REGION,
    K_TAPE, K_ADJ,
} OpKind;

typedef struct {
    const char *name;                        /* "ADD", for the SSA text */
    const char *spelling;                    /* "+", "sin": how C writes it */
    int arity;                               /* operands; -1 = any */
    OpKind kind;
    const char *adjoint[3];                  /* rule per operand, NULL = none */
} OpInfo;

extern const OpInfo op_info[NUM_OPS];
Op op_by_spelling(const char *spelling, OpKind kind); /* NUM_OPS if none */

struct Value {
    int id;                                  /* unique within its Func */
    Type *type;
    Inst *def;                               /* defining instruction */
    int index;                               /* which result of def */
    const char *name;                        /* source variable, or NULL */
    /* activity.c */
    bool varied;                             /* depends on an active input */
    bool useful;                             /* reaches the return value */
    bool active;                             /* varied and useful and floating */
    /* ir.c use counts, reverse.c and emit.c scratch */
    int uses;
    Value *shadow;                           /* gradient Func: adjoint param of a param */
    bool scalar_shadow;                      /* shadow points at one value */
    bool is_shadow;                          /* an adjoint parameter d_<name> */
    bool is_iter;                            /* a loop's value at iteration start */
    Value *base;                             /* activity.c: the object a pointer points into */
    const char *cname;                       /* emit.c: name in the C output */
    bool inlined;                            /* emit.c: printed inside its user */
};

struct Slot {
    int id;
    Type *type;
    Value *of;                               /* forward-sweep value whose adjoint it holds */
    Block *home;                             /* block it is declared in */
    Slot *half_of;                           /* split.c: the sum it is the second half of */
    const char *cname;                       /* emit.c */
};

/*
 * Loops are regions too.  A loop's `iters` are the values of the variables
 * it carries at the start of each iteration (defined by the loop, visible
 * in its body); its results are their values when it ends.
 *
 *   FOR   args: start, bound, then the carried variables' initial values;
 *         iters: the counter, then the carried variables; the body yields
 *         their next values.  The counter runs from start while
 *         `counter <cmp> bound`, by `step` (+1 or -1).
 *   LOOP  args: the initial values; iters: the carried variables; the body
 *         yields a condition and the next values, and runs again while the
 *         condition holds: a do-while of which while, for and break are
 *         special cases.
 */
struct Inst {
    Op op;
    ValueList args;                          /* operands */
    ValueList results;                       /* defined values (0..n) */
    Block *then, *els;                       /* IF regions */
    Block *body;                             /* FOR and LOOP region */
    ValueList iters;                         /* FOR and LOOP: values at iteration start */
    Op cmp;                                  /* FOR: LT, LE, GT, GE or NE */
    int step;                                /* FOR: +1 or -1 */
    bool backward;                           /* FOR: visits the same counters, last first */
    bool zeroed;                             /* ALLOCA, MALLOC: starts as zeros */
    Slot *slot;                              /* ADJ_READ / ADJ_ADD */
    double fnum;                             /* CONST of floating type */
    long long inum;                          /* CONST of integer type */
    const char *callee;                      /* CALL; the name of a named CONST */
    bool effects;                            /* CALL: has side effects */
    ParamSet writes;                         /* CALL: i in it = may write through operand i */
    Func *target;                            /* CALL of a function of the model: its body */
    const char *adjoint;                     /* CALL with a BP_ADJOINT: the adjoint's name */
    const struct Prim *prim;                 /* CALL of a runtime primitive (prims.def) */
    int param_index;                         /* PARAM: position in the signature */
    SrcLoc loc;                              /* source it came from */
    Block *parent;
    Inst *prev, *next;
    Inst *clone;                             /* reverse.c: its copy in the forward sweep */
    bool forward;                            /* gradient Func: part of the forward sweep */
    const char *note;                        /* a region: a comment for the reader (split.c) */
    int pos;                                 /* scratch: program order */
};

struct Block {
    Inst *first, *last;
    ValueList yields;                        /* region results / return value */
    Inst *owner;                             /* region owning this block, NULL for a body */
    Slot **slots;                            /* adjoint slots declared here */
    int nslots, slot_cap;
    Block *mirror;                           /* reverse.c: the block reversing it */
};

struct Func {
    const char *name;
    Type *ret;
    ValueList params;                        /* PARAM values, in order */
    Block *body;                             /* yields the return value */
    int nvalues;                             /* next Value id */
    int nslots;                              /* next Slot id */
    SrcLoc loc;
    Func *primal;                            /* gradient Func: what it differentiates */
    const char *grad_params;                 /* primal: the BP_GRAD list as written */
    bool *named;                             /* primal, by parameter: named in BP_GRAD */
    bool is_helper;                          /* a function of the model a BP_GRAD one calls */
    bool noinline;                           /* helper: __attribute__((noinline)) */
    bool returns_void;                       /* declared void: its body yields nothing */
};

/* A file-scope constant of the model the gradient reads, repeated in the
 * output under its own name. */
typedef struct {
    const char *name;
    Type *type;                              /* the scalar's, or the elements' */
    int count;                               /* elements of an array; 0 = scalar */
    double *values;                          /* count (or 1) values */
} Constant;

struct Program {
    const char *input;                       /* path as given */
    Func **funcs;                            /* primal functions marked BP_GRAD */
    int nfuncs, funcs_cap;
    Func **callees;                          /* functions of the model they call */
    int ncallees, callees_cap;
    const char **prototypes;                 /* of functions the output calls, declared in
                                                the model: C declarations */
    int nprototypes, prototypes_cap;
    Func **helpers;                          /* forward and reverse halves to emit */
    int nhelpers, helpers_cap;
    NameSet globals;                         /* file-scope names: not to be shadowed */
    const char **includes;                   /* <headers> of the model to repeat */
    int nincludes, includes_cap;
    const char **records;                    /* struct definitions to repeat, as written */
    int nrecords, records_cap;
    Constant **constants;                    /* file-scope constants the gradients read */
    int nconstants, constants_cap;
    const char **files;                      /* the model and every file it includes,
                                                for a depfile: each once, in order */
    int nfiles, files_cap;
};

/* Building: insert at the end of b.  The builder folds constants and the
 * identities x*1, x+0, -(-x), so rule instantiation stays readable. */
typedef struct {
    Func *fn;
    Block *block;
    SrcLoc loc;                              /* stamped on new instructions */
    bool fold;                               /* fold constants and identities */
} Builder;

Func *new_func(const char *name, Type *ret);
Block *new_block(Inst *owner);
Value *new_param(Func *f, Type *t, const char *name);
Inst *new_inst(Builder *b, Op op);
Value *add_result(Func *f, Inst *in, Type *t);
Value *ir_const(Builder *b, Type *t, double v);
Value *ir_int(Builder *b, Type *t, long long v);
Value *ir_undef(Builder *b, Type *t);
Value *ir_op(Builder *b, Op op, Type *t, Value *x, Value *y, Value *z);
/* A load, or a struct's value read whole from its memory (a CAST of its
 * address): a read that stores in between change. */
bool is_memory_read(Inst *in);
Value *ir_cast(Builder *b, Type *t, Value *x);
Value *ir_load(Builder *b, Value *ptr, Value *index);
Inst *ir_if(Builder *b, Value *cond);
Inst *ir_for(Builder *b, Value *start, Value *bound, Op cmp, int step, const char *counter);
Inst *ir_for_count(Builder *b, int count, const char *counter); /* 0 up to count */
Inst *ir_loop(Builder *b);
Value *add_iter(Func *f, Inst *loop, Type *t, Value *init);
Value *ir_store(Builder *b, Value *ptr, Value *index, Value *v);
Value *ir_ptradd(Builder *b, Value *ptr, Value *offset);
/* The address of member `name` of the struct p points to (or of struct
 * value p): a pointer to the member, or to its first element. */
Value *ir_field(Builder *b, Value *p, const char *name);
Value *ir_alloca(Builder *b, Type *elem, Value *count, bool zeroed);
Value *ir_malloc(Builder *b, Type *elem, Value **args, int nargs, bool zeroed);
void ir_free(Builder *b, Value *ptr);
void ir_push(Builder *b, Value *v);
Value *ir_pop(Builder *b, Type *t);
/* Pushes a whole array: a local one (count NULL), or count elements at p. */
Inst *ir_save(Builder *b, Value *array, Value *count);
Inst *ir_restore(Builder *b, Value *array);  /* pops a local array back into it */
Value *ir_span(Builder *b, Type *t, Value *count); /* pops count elements: where they lie */
Value *ir_claim(Builder *b, Type *t, Value *count); /* pushes room for count elements */
Value *ir_take(Builder *b, Value *p, Value *count); /* p[0..count) moved aside, cleared */
void ir_clear(Builder *b, Value *p, Value *count);  /* p[0..count) = 0 */
Value *ir_null(Builder *b, Type *t);          /* a null pointer (or 0) of type t */
Value *ir_adj_addr(Builder *b, Slot *s);      /* &d_x, for a call to add into */
void ir_adj_set(Builder *b, Slot *s, Value *v);
/* The blocks an instruction owns (then and else, or a body): their count. */
int regions_of(Inst *in, Block *out[2]);
bool is_loop(Inst *in);
/* A while loop: a LOOP whose body is a test and then an IF that runs a
 * trip and yields 1 (again) or, on the else side, 0 and the carried values
 * unchanged.  Returns that IF, or NULL. */
Inst *while_guard(Inst *loop);
/* The innermost loop whose body holds v's definition, or NULL. */
Inst *loop_of(Value *v);
Inst *loop_around(Inst *in);                 /* the innermost loop holding in, or NULL */
void insert_before(Inst *at, Inst *in);      /* moves in (from wherever it is) */
void insert_after(Inst *at, Inst *in);
void insert_at_head(Block *b, Inst *in);
Value *ir_call(Builder *b, const char *callee, Type *t, Value **args, int nargs);
Slot *ir_slot(Func *f, Block *home, Value *of);
void ir_slot_home(Block *home, Slot *s);     /* declares s in home (a slot moving there) */
Value *ir_adj_read(Builder *b, Slot *s);
void ir_adj_add(Builder *b, Slot *s, Value *v);
void ir_acc(Builder *b, Value *shadow, Value *index, Value *v);
void ir_remove(Inst *in);
bool is_const(Value *v, double x);
bool has_effects(Inst *in);

/* Copies src's instructions (every field but their links) and yields to
 * the end of dst (in Func f), mapping values through map (by source id),
 * which it fills; each source instruction's `clone` is set to its copy. */
void ir_clone_block(Func *f, Block *src, Block *dst, Value **map);
Func *ir_clone_func(Func *f);                /* a fresh copy, with fresh Values */
Func *program_helper(Program *p, const char *name); /* a forward or reverse half, or NULL */
/* Every use of a value v with rename[v->id] set reads rename[v->id] instead. */
void ir_replace_uses(Func *f, Value **rename);

void ir_count_uses(Func *f);
void ir_dce(Func *f);                        /* needs nothing; removes dead code */
/* Needs nothing; merges twin computations (loads_only: loads and integer
 * arithmetic only, which keeps adjoint code as the rules wrote it). */
void ir_cse(Func *f, bool loads_only);
void ir_verify(Func *f);                     /* internal_error on a malformed Func */
void ir_print(FILE *out, Func *f);           /* the --emit=ssa text */

/* ---- parse.c: libclang front end ---- */

typedef struct {
    const char *input;                       /* model.c */
    const char **clang_args;                 /* -I, -D, ... for libclang */
    int nclang_args;
} ParseOptions;

/* Parses the model and lowers every BP_GRAD function to a primal Func.
 * Exits with a diagnostic on any error. */
Program *parse_program(ParseOptions *opts);

/* ---- inline.c ---- */

/* Needs the parsed Program; replaces calls of small straight-line
 * functions of the model by their bodies, in callees and BP_GRAD
 * functions alike. */
void inline_calls(Program *p);

/* ---- hoist.c ---- */

/* Needs a verified primal Func; moves loads a counted loop repeats with
 * the same value in front of the loop. */
void hoist_loads(Func *f);

/* ---- activity.c ---- */

/* Needs a verified primal Func whose active PARAMs are marked varied;
 * provides varied/useful/active on every Value.  result: whether the
 * returned value needs its derivative. */
void analyze_activity(Func *f, bool result);

/* ---- rules.c: the derivative table, instantiated ---- */

void rules_init(void);                       /* parses every rule; aborts on a bad one */
/* The adjoint contribution of operand i of `in`, built at b: the rule of the
 * op with a, b, c, r, d bound to args, result and adjoint; t is the type the
 * rule computes in. */
/* Math the primal computes anyway: fn(ctx, op, k) is op applied to operand
 * k of the operation being differentiated (cos(x) beside sin(x)), as a
 * value at the builder, or NULL. */
typedef struct {
    Value *(*fn)(void *ctx, Op op, int operand);
    void *ctx;
} RuleKnown;
Value *rule_apply(Builder *b, Op op, int i, Value **args, int nargs, Value *r, Value *d, Type *t,
                  RuleKnown *known);
bool rule_exists(Op op, int i);

/* A runtime primitive of prims.def, parsed: its parameters (an array's
 * length as factors: an int parameter's index, or -1 - a number) and the
 * arguments of its adjoint routine. */
enum { PRIM_PARAMS = 8, PRIM_FACTORS = 3 };
typedef struct {
    enum { PA_VALUE, PA_ADJOINT, PA_RESULT } kind;
    int param;                               /* VALUE, ADJOINT: which parameter */
    int unless;                              /* VALUE: NULL unless this one's adjoint is
                                                wanted; -1: always */
} PrimArg;
typedef struct Prim {
    const char *name;                        /* bp_matmul; the float one adds "f" */
    int nparams;
    const char *param[PRIM_PARAMS];
    bool is_array[PRIM_PARAMS];
    int factor[PRIM_PARAMS][PRIM_FACTORS];   /* an array's length */
    int nfactors[PRIM_PARAMS];
    const char *adjoint;                     /* the routine, double version */
    PrimArg arg[PRIM_PARAMS + 2];
    int nargs;
    int through;                             /* the input whose adjoint, when it is the
                                                output, is the output's as it is; -1 */
} Prim;
/* The primitive `callee` calls (float: the f version), or NULL. */
const Prim *prim_find(const char *callee, bool *is_float);
/* Which of a, b, c, r, d (bits 0 to 4) the rule for operand i reads. */
unsigned rule_vars(Op op, int i);
enum { RULE_A = 1, RULE_B = 2, RULE_C = 4, RULE_R = 8, RULE_D = 16 };

/* ---- reverse.c ---- */

/* Needs an activity-analysed primal Func; provides the gradient Func
 * `<name>_grad` whose body is the forward sweep, then the adjoints in
 * reverse order, and yields the primal return value. */
Func *ad_reverse(Func *primal);
/* Before the first ad_reverse: the program that collects, in helpers, the
 * forward and reverse halves of the functions of the model. */
void ad_begin(Program *p);

/* ---- split.c ---- */

/* Needs a gradient Func; a simple reverse loop that sums an adjoint over
 * its trips takes them two at a time, into two partial sums.  Returns
 * whether it changed f. */
bool split_sums(Func *f);

/* ---- dot.c ---- */

/* Needs an activity-analysed primal Func; writes its computation graph as
 * Graphviz, evaluated at the parameter values `at` ("x=1,y=2") if not NULL. */
void emit_dot(FILE *out, Func *f, const char *at);

/* ---- emit.c ---- */

typedef struct {
    const char *input_name;                  /* for the header line */
    bool line_directives;                    /* #line before each statement, for a
                                                debugger; else a comment naming the
                                                source line each adjoint block reverses */
} EmitOptions;

void emit_program(FILE *out, Program *p, Func **grads, EmitOptions *opts);
/* A line emit_program writes where the output's own line numbers resume;
 * the writer replaces it with `#line N "output"` (main.c). */
#define LINE_RESET "#line bpgen-reset"

#endif /* BPGEN_IR_H */

/*
 * rules.c: the derivative table of ops.def, made executable.
 *
 * Each adjoint rule is a small C expression over a, b, c (the operands), r
 * (the result) and d (the adjoint of the result).  rules_init parses every
 * rule once into a tree; rule_apply instantiates a tree as IR at a builder,
 * with the variables bound to values of the gradient function and every
 * constant and math function in the type the operation computes in.  So the
 * table stays the only place that knows calculus, and the reverse pass and
 * the emitter stay free of it.
 *
 * prims.def is the table one level up, for the runtime's array primitives:
 * each one's parameters with their lengths and the call of its adjoint
 * routine, parsed here into a Prim the reverse pass follows.
 */
#include "ir.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>



typedef struct Rule Rule;
struct Rule {
    enum { R_NUM, R_VAR, R_NEG, R_BIN, R_SEL, R_CALL } kind;
    Op op;                                   /* R_BIN, R_CALL */
    double num;                              /* R_NUM */
    int var;                                 /* R_VAR */
    Rule *arg[3];                            /* operands */
};

static Rule *rules[NUM_OPS][3];

typedef struct {
    const char *src;                         /* whole rule, for messages */
    const char *p;                           /* next character */
} RuleParser;

static Rule *parse_cond(RuleParser *rp);

static void rule_fail(RuleParser *rp, const char *what) {
    internal_error("bad derivative rule \"%s\" at \"%s\": %s", rp->src, rp->p, what);
}

static void skip_space(RuleParser *rp) {
    while (*rp->p == ' ')
        rp->p++;
}

static bool accept(RuleParser *rp, const char *tok) {
    skip_space(rp);
    size_t n = strlen(tok);
    if (strncmp(rp->p, tok, n) != 0)
        return false;
    /* "<" must not take the first half of "<=". */
    if ((tok[0] == '<' || tok[0] == '>') && n == 1 && rp->p[1] == '=')
        return false;
    rp->p += n;
    return true;
}

static void expect(RuleParser *rp, const char *tok) {
    if (!accept(rp, tok))
        rule_fail(rp, format("expected '%s'", tok));
}

static Rule *new_rule(int kind, Op op, Rule *x, Rule *y, Rule *z) {
    Rule *r = arena_alloc(sizeof *r);
    r->kind = kind;
    r->op = op;
    r->arg[0] = x;
    r->arg[1] = y;
    r->arg[2] = z;
    return r;
}

/* primary := number | var | name '(' cond {',' cond} ')' | '(' cond ')' */
static Rule *parse_primary(RuleParser *rp) {
    skip_space(rp);
    if (accept(rp, "(")) {
        Rule *r = parse_cond(rp);
        expect(rp, ")");
        return r;
    }
    if (isdigit((unsigned char)*rp->p)) {
        char *end;
        Rule *r = new_rule(R_NUM, NUM_OPS, NULL, NULL, NULL);
        r->num = strtod(rp->p, &end);
        rp->p = end;
        return r;
    }
    const char *start = rp->p;
    while (isalnum((unsigned char)*rp->p) || *rp->p == '_')
        rp->p++;
    size_t n = (size_t)(rp->p - start);
    if (n == 0)
        rule_fail(rp, "expected an operand");
    if (n == 1 && strchr("abcrd", *start)) {
        Rule *r = new_rule(R_VAR, NUM_OPS, NULL, NULL, NULL);
        r->var = (int)(strchr("abcrd", *start) - "abcrd");
        return r;
    }
    Op op = op_by_spelling(format("%.*s", (int)n, start), K_MATH);
    if (op == NUM_OPS)
        rule_fail(rp, "unknown function");
    Rule *r = new_rule(R_CALL, op, NULL, NULL, NULL);
    expect(rp, "(");
    for (int i = 0; i < op_info[op].arity; i++) {
        if (i)
            expect(rp, ",");
        r->arg[i] = parse_cond(rp);
    }
    expect(rp, ")");
    return r;
}

static Rule *parse_unary(RuleParser *rp) {
    if (accept(rp, "-"))
        return new_rule(R_NEG, OP_NEG, parse_unary(rp), NULL, NULL);
    return parse_primary(rp);
}

static Rule *parse_mul(RuleParser *rp) {
    Rule *r = parse_unary(rp);
    for (;;) {
        if (accept(rp, "*"))
            r = new_rule(R_BIN, OP_MUL, r, parse_unary(rp), NULL);
        else if (accept(rp, "/"))
            r = new_rule(R_BIN, OP_DIV, r, parse_unary(rp), NULL);
        else
            return r;
    }
}

static Rule *parse_add(RuleParser *rp) {
    Rule *r = parse_mul(rp);
    for (;;) {
        if (accept(rp, "+"))
            r = new_rule(R_BIN, OP_ADD, r, parse_mul(rp), NULL);
        else if (accept(rp, "-"))
            r = new_rule(R_BIN, OP_SUB, r, parse_mul(rp), NULL);
        else
            return r;
    }
}

static Rule *parse_cmp(RuleParser *rp) {
    static const struct { const char *tok; Op op; } cmps[] = {
        {"<=", OP_LE}, {">=", OP_GE}, {"==", OP_EQ}, {"!=", OP_NE}, {"<", OP_LT}, {">", OP_GT},
    };
    Rule *r = parse_add(rp);
    for (size_t i = 0; i < sizeof cmps / sizeof *cmps; i++)
        if (accept(rp, cmps[i].tok))
            return new_rule(R_BIN, cmps[i].op, r, parse_add(rp), NULL);
    return r;
}

/* cond := cmp ['?' cond ':' cond] */
static Rule *parse_cond(RuleParser *rp) {
    Rule *r = parse_cmp(rp);
    if (!accept(rp, "?"))
        return r;
    Rule *x = parse_cond(rp);
    expect(rp, ":");
    return new_rule(R_SEL, OP_SELECT, r, x, parse_cond(rp));
}

static void prims_init(void);

void rules_init(void) {
    prims_init();
    for (int op = 0; op < NUM_OPS; op++)
        for (int i = 0; i < 3; i++) {
            const char *src = op_info[op].adjoint[i];
            if (!src)
                continue;
            RuleParser rp = {src, src};
            rules[op][i] = parse_cond(&rp);
            skip_space(&rp);
            if (*rp.p)
                rule_fail(&rp, "unexpected text after the rule");
        }
}

bool rule_exists(Op op, int i) {
    return i < 3 && rules[op][i] != NULL;
}

static unsigned vars_of(Rule *r) {
    if (!r)
        return 0;
    unsigned m = r->kind == R_VAR ? 1u << r->var : 0;
    for (int i = 0; i < 3; i++)
        m |= vars_of(r->arg[i]);
    return m;
}

unsigned rule_vars(Op op, int i) {
    return rule_exists(op, i) ? vars_of(rules[op][i]) : 0;
}

typedef struct {
    Builder *b;
    Value *vars[5];                          /* a, b, c, r, d */
    Type *t;                                 /* the type the rule computes in */
    RuleKnown *known;                        /* or NULL */
} RuleEnv;

static Value *in_type(RuleEnv *env, Value *v) {
    return is_floating(v->type) ? ir_cast(env->b, env->t, v) : v;
}

static Value *instantiate(RuleEnv *env, Rule *r) {
    Builder *b = env->b;
    switch (r->kind) {
    case R_NUM:
        return ir_const(b, env->t, r->num);
    case R_VAR:
        if (!env->vars[r->var])
            internal_error("derivative rule uses an operand the operation does not have");
        return env->vars[r->var];
    case R_NEG:
        return ir_op(b, OP_NEG, env->t, in_type(env, instantiate(env, r->arg[0])), NULL, NULL);
    case R_SEL:
        return ir_op(b, OP_SELECT, env->t, instantiate(env, r->arg[0]),
                     in_type(env, instantiate(env, r->arg[1])),
                     in_type(env, instantiate(env, r->arg[2])));
    case R_BIN: {
        Value *x = in_type(env, instantiate(env, r->arg[0]));
        Value *y = in_type(env, instantiate(env, r->arg[1]));
        Type *t = op_info[r->op].kind == K_COMPARE ? ty_int : env->t;
        return ir_op(b, r->op, t, x, y, NULL);
    }
    case R_CALL: {
        if (env->known && op_info[r->op].arity == 1 && r->arg[0]->kind == R_VAR &&
            r->arg[0]->var < 3) {
            Value *v = env->known->fn(env->known->ctx, r->op, r->arg[0]->var);
            if (v && same_type(v->type, env->t))
                return v;
        }
        Value *a[3] = {0};
        for (int i = 0; i < op_info[r->op].arity; i++)
            a[i] = in_type(env, instantiate(env, r->arg[i]));
        return ir_op(b, r->op, env->t, a[0], a[1], a[2]);
    }
    }
    return NULL;
}

Value *rule_apply(Builder *b, Op op, int i, Value **args, int nargs, Value *r, Value *d, Type *t,
                  RuleKnown *known) {
    if (!rule_exists(op, i))
        internal_error("no derivative rule for operand %d of %s", i, op_info[op].name);
    RuleEnv env = {b, {NULL, NULL, NULL, r, d}, t, known};
    for (int k = 0; k < nargs && k < 3; k++)
        env.vars[k] = args[k];
    return instantiate(&env, rules[op][i]);
}

/* ---- runtime primitives ---- */

static struct {
    const char *name, *params, *adjoint, *through;
} prim_text[] = {
#define PRIM(name, params, adjoint, through) {#name, params, adjoint, through},
#include "prims.def"
#undef PRIM
};
enum { NUM_PRIMS = sizeof prim_text / sizeof prim_text[0] };
static Prim prims[NUM_PRIMS];

static void prim_fail(int k, const char *what) {
    internal_error("bad primitive %s in prims.def: %s", prim_text[k].name, what);
}

/* Reads a C identifier at *p into a fresh string. */
static const char *read_name(const char **p) {
    const char *s = *p;
    while (isalnum((unsigned char)**p) || **p == '_')
        (*p)++;
    return *p > s ? format("%.*s", (int)(*p - s), s) : NULL;
}

static int param_index(Prim *pr, const char *name) {
    for (int i = 0; name && *name && i < pr->nparams; i++)
        if (streq(pr->param[i], name))
            return i;
    return -1;
}

static void parse_prim_params(Prim *pr, int k) {
    const char *p = prim_text[k].params;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *name = read_name(&p);
        if (!name || pr->nparams == PRIM_PARAMS)
            prim_fail(k, "a parameter");
        int i = pr->nparams++;
        pr->param[i] = name;
        if (*p != '[')
            continue;
        pr->is_array[i] = true;
        do {
            p++;
            int f;
            if (isdigit((unsigned char)*p))
                f = -1 - (int)strtol(p, (char **)&p, 10);
            else if ((f = param_index(pr, read_name(&p))) < 0)
                prim_fail(k, "a length names no earlier parameter");
            if (pr->nfactors[i] == PRIM_FACTORS)
                prim_fail(k, "a length of too many factors");
            pr->factor[i][pr->nfactors[i]++] = f;
        } while (*p == '*');
        if (*p++ != ']')
            prim_fail(k, "a length");
    }
}

static void parse_prim_adjoint(Prim *pr, int k) {
    const char *p = prim_text[k].adjoint;
    pr->adjoint = read_name(&p);
    if (!pr->adjoint || *p++ != '(')
        prim_fail(k, "the adjoint call");
    while (*p && *p != ')') {
        while (*p == ' ' || *p == ',')
            p++;
        const char *name = read_name(&p);
        PrimArg a = {PA_VALUE, param_index(pr, name), -1};
        if (name && streq(name, "dr"))
            a.kind = PA_RESULT;
        else if (a.param < 0 && name && name[0] == 'd')
            a = (PrimArg){PA_ADJOINT, param_index(pr, name + 1), -1};
        if (a.kind != PA_RESULT && a.param < 0)
            prim_fail(k, "an adjoint argument names no parameter");
        if (*p == '?') {
            p++;
            const char *gate = read_name(&p);
            if (!gate || gate[0] != 'd' || (a.unless = param_index(pr, gate + 1)) < 0)
                prim_fail(k, "a condition names no adjoint");
        }
        if (pr->nargs == PRIM_PARAMS + 2)
            prim_fail(k, "too many adjoint arguments");
        pr->arg[pr->nargs++] = a;
        while (*p == ' ')
            p++;
    }
}

static void prims_init(void) {
    for (int k = 0; k < NUM_PRIMS; k++) {
        prims[k].name = prim_text[k].name;
        parse_prim_params(&prims[k], k);
        parse_prim_adjoint(&prims[k], k);
        prims[k].through = param_index(&prims[k], prim_text[k].through);
        if (*prim_text[k].through && prims[k].through < 0)
            prim_fail(k, "the pass-through names no parameter");
    }
}

const Prim *prim_find(const char *callee, bool *is_float) {
    for (int k = 0; k < NUM_PRIMS; k++) {
        size_t n = strlen(prims[k].name);
        if (strncmp(callee, prims[k].name, n) != 0)
            continue;
        if (!callee[n] || (callee[n] == 'f' && !callee[n + 1])) {
            *is_float = callee[n] == 'f';
            return &prims[k];
        }
    }
    return NULL;
}

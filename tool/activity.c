/*
 * activity.c: which values, and which arrays, need an adjoint.
 *
 * A value is varied when it depends, through operations with a nonzero
 * local derivative, on a parameter named in BP_GRAD; it is useful when the
 * return value depends on it the same way.  Only values that are both, and
 * of floating type, are active: the reverse pass makes adjoints for active
 * values only, so a function of x and n differentiated for x computes no
 * adjoint for anything that depends on n alone, and nothing is computed for
 * values that never reach the result.
 *
 * Memory is tracked by array: every pointer has a base (the parameter, the
 * local array or the malloc'ed buffer it points into); an array is varied
 * once a varied value is stored into it (or it is a BP_GRAD parameter), and
 * useful once a useful value is loaded from it.  A load from a varied array
 * is varied; a store into a useful array makes the stored value useful.
 * Loops carry values around, so both directions repeat to a fixed point.
 *
 * Branch conditions are never useful: the derivative does not flow through
 * control, only through the values each branch yields.
 */
#include "ir.h"

typedef struct {
    Func *fn;
    bool changed;                            /* in this round */
} Activity;

/* Does the local derivative of operand i of in exist at all? */
static bool differentiable(Inst *in, int i) {
    switch (op_info[in->op].kind) {
    case K_LOAD:
    case K_PTRADD:
    case K_FIELD:
        return i == 0;
    case K_STORE:
        return i == 2;
    case K_CALL:
        return true;
    default:
        return i < 3 && op_info[in->op].adjoint[i] != NULL;
    }
}

static bool can_carry(Type *t) {
    return has_floating(t);
}

static void set_varied(Activity *A, Value *v) {
    if (is_object(v->type))
        v = v->base;
    if (v && !v->varied && can_carry(v->type)) {
        v->varied = true;
        A->changed = true;
    }
}

static void set_useful(Activity *A, Value *v) {
    if (is_object(v->type))
        v = v->base;
    if (v && !v->useful && can_carry(v->type)) {
        v->useful = true;
        A->changed = true;
    }
}

static bool is_varied(Value *v) {
    return is_object(v->type) ? v->base && v->base->varied : v->varied;
}

/* ---- bases ---- */

static void set_base(Value *v, Value *base, SrcLoc loc) {
    if (!base)
        return;
    if (v->base && v->base != base)
        error_at(loc, "bpgen cannot tell which array this pointer points into: it is set from "
                 "two different arrays; use an index into one array instead");
    v->base = base;
}

static void find_bases(Block *b);

static void base_of_region(Inst *in) {
    Block *r[2];
    int n = regions_of(in, r);
    int cond = in->op == OP_LOOP, counter = in->op == OP_FOR;
    for (int i = counter; i < in->iters.len; i++)
        if (is_object(in->iters.v[i]->type))
            set_base(in->iters.v[i], in->args.v[i + counter]->base, in->loc);
    for (int k = 0; k < n; k++)
        find_bases(r[k]);
    for (int j = 0; j < in->results.len; j++) {
        Value *res = in->results.v[j];
        if (!is_object(res->type))
            continue;
        for (int k = 0; k < n; k++) {
            Value *y = r[k]->yields.v[j + cond];
            if (y->def->op != OP_UNDEF)
                set_base(res, y->base, in->loc);
        }
        if (is_loop(in))
            set_base(in->iters.v[j + counter], res->base, in->loc);
    }
}

static void find_bases(Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        if (op_info[in->op].kind == K_REGION) {
            base_of_region(in);
            continue;
        }
        if ((in->op == OP_LOAD || in->op == OP_STORE || in->op == OP_PTRADD ||
             in->op == OP_FIELD) &&
            !in->args.v[0]->base)
            error_at(in->loc, "bpgen cannot tell which array this pointer points into (it comes "
                     "from a call); pass the array as a parameter");
        if (!in->results.len || !is_object(in->results.v[0]->type))
            continue;
        Value *v = in->results.v[0];
        switch (in->op) {
        case OP_ALLOCA: case OP_MALLOC: case OP_CONST: case OP_UNDEF:
            v->base = v;
            break;
        case OP_PTRADD:
        case OP_FIELD:
        case OP_CAST:                        /* a struct's value, read from memory */
            v->base = in->args.v[0]->base;
            break;
        case OP_LOAD:
            /* A pointer member: what it points to belongs to the struct. */
            v->base = in->args.v[0]->base;
            break;
        default:
            break;                           /* a call's pointer: an error if used */
        }
    }
}

/* ---- varied, forward ---- */

static void forward(Activity *A, Block *b);

static void forward_region(Activity *A, Inst *in) {
    int cond = in->op == OP_LOOP, counter = in->op == OP_FOR;
    for (int i = counter; i < in->iters.len; i++) {
        Value *it = in->iters.v[i];
        Value *yield = in->body->yields.v[i - counter + cond];
        if (is_varied(in->args.v[i + counter]) || is_varied(yield))
            set_varied(A, it);
    }
    Block *r[2];
    int n = regions_of(in, r);
    for (int k = 0; k < n; k++)
        forward(A, r[k]);
    for (int j = 0; j < in->results.len; j++)
        for (int k = 0; k < n; k++)
            if (is_varied(r[k]->yields.v[j + cond]))
                set_varied(A, in->results.v[j]);
    /* A for loop may run no trip: its results are then what it started
     * from (r = u; for (...) r = w[i]; returns u when no trip runs). */
    for (int j = 0; counter && j < in->results.len; j++)
        if (is_varied(in->iters.v[j + counter]))
            set_varied(A, in->results.v[j]);
}

static void forward(Activity *A, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        if (op_info[in->op].kind == K_REGION) {
            forward_region(A, in);
            continue;
        }
        bool varied = false;
        for (int i = 0; i < in->args.len; i++)
            if (is_varied(in->args.v[i]) && differentiable(in, i))
                varied = true;
        if (!varied)
            continue;
        if (in->op == OP_STORE)
            set_varied(A, in->args.v[0]);
        /* A call fed a varied value may write it into any array it can. */
        for (int i = 0; in->op == OP_CALL && i < in->args.len; i++)
            if (pset_has(&in->writes, i))
                set_varied(A, in->args.v[i]);
        for (int j = 0; j < in->results.len; j++)
            set_varied(A, in->results.v[j]);
    }
}

/* ---- useful, backward ---- */

static void backward(Activity *A, Block *b);

static bool is_useful(Value *v) {
    return is_object(v->type) ? v->base && v->base->useful : v->useful;
}

static void backward_region(Activity *A, Inst *in) {
    int cond = in->op == OP_LOOP, counter = in->op == OP_FOR;
    Block *r[2];
    int n = regions_of(in, r);
    for (int j = 0; j < in->results.len; j++)
        if (is_useful(in->results.v[j]) || (is_loop(in) && is_useful(in->iters.v[j + counter])))
            for (int k = 0; k < n; k++)
                set_useful(A, r[k]->yields.v[j + cond]);
    for (int k = 0; k < n; k++)
        backward(A, r[k]);
    for (int j = 0; counter && j < in->results.len; j++)
        if (is_useful(in->results.v[j]))
            set_useful(A, in->iters.v[j + counter]);   /* and so its start, below */
    for (int i = counter; i < in->iters.len; i++)
        if (is_useful(in->iters.v[i])) {
            set_useful(A, in->args.v[i + counter]);
            set_useful(A, in->results.v[i - counter]);
        }
}

static void backward(Activity *A, Block *b) {
    for (Inst *in = b->last; in; in = in->prev) {
        if (op_info[in->op].kind == K_REGION) {
            backward_region(A, in);
            continue;
        }
        bool useful = in->op == OP_STORE && is_useful(in->args.v[0]);
        /* A call that may write an array whose values are useful: all its
         * arguments may have reached them. */
        for (int i = 0; in->op == OP_CALL && i < in->args.len; i++)
            useful |= pset_has(&in->writes, i) && is_useful(in->args.v[i]);
        for (int j = 0; j < in->results.len; j++)
            useful |= is_useful(in->results.v[j]);
        if (!useful)
            continue;
        for (int i = 0; i < in->args.len; i++)
            if (differentiable(in, i))
                set_useful(A, in->args.v[i]);
    }
}

/* ---- the verdict ---- */

static void settle(Value *v) {
    if (is_object(v->type))
        v->active = v->base && v->base->varied && v->base->useful;
    else
        v->active = v->varied && v->useful;
}

/* A function of the model is differentiated as if the arrays it writes
 * were apart from the others it gets: the same array passed twice, and
 * written through one of them, would get a wrong gradient. */
static void check_aliases(Inst *in) {
    for (int i = 0; i < in->args.len; i++)
        for (int j = i + 1; j < in->args.len; j++) {
            Value *a = in->args.v[i];
            if (a != in->args.v[j] || a->type->kind != TY_PTR || !a->active ||
                !(pset_has(&in->writes, i) || pset_has(&in->writes, j)))
                continue;
            error_at(in->loc, "'%s' gets the same array as its arguments %d and %d and writes "
                     "through one of them; bpgen differentiates a function as if the arrays it "
                     "writes were apart from the others it gets: pass a copy of one", in->callee,
                     i + 1, j + 1);
        }
}

static void check_call(Inst *in) {
    if (in->target && !in->adjoint)
        check_aliases(in);
    if (in->target || in->adjoint || in->prim)
        return;                              /* differentiated, or given an adjoint */
    for (int i = 0; i < in->args.len; i++) {
        Value *a = in->args.v[i];
        if (a->type->kind == TY_PTR && a->active)
            error_at(in->loc, "bpgen cannot see what '%s' does with an array whose values need "
                     "a derivative; write the loop yourself, or give '%s' a derivative",
                     in->callee, in->callee);
    }
}

static void settle_block(Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int j = 0; j < in->results.len; j++)
            settle(in->results.v[j]);
        for (int j = 0; j < in->iters.len; j++)
            settle(in->iters.v[j]);
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            settle_block(r[k]);
        if (in->op == OP_CALL)
            check_call(in);
    }
}

/* Does a struct of type t hold a pointer, in it or in a struct in it? */
static bool has_pointer(Type *t) {
    for (int k = 0; k < t->nfields; k++)
        if (t->fields[k].type->kind == TY_PTR ||
            (t->fields[k].type->kind == TY_STRUCT && has_pointer(t->fields[k].type)))
            return true;
    return false;
}

/* A parameter that carries a derivative in or out needs an adjoint the
 * caller passes: one it writes, or reads after writing, must be named. */
static void check_params(Func *f) {
    for (int i = 0; i < f->params.len; i++) {
        Value *p = f->params.v[i];
        settle(p);
        if (p->active && p->type->kind == TY_STRUCT && !f->named[i] && has_pointer(p->type))
            error_at(f->loc, "'%s' is a struct passed by value whose members '%s' changes with "
                     "values that depend on the BP_GRAD parameters, and it holds pointers, "
                     "whose arrays' adjoints the caller would have to pass; bpgen does not "
                     "differentiate that: copy it into a local struct and change that", p->name,
                     f->name);
        if (p->active && is_object(p->type) && p->type->kind != TY_STRUCT && !f->named[i])
            error_at(f->loc, "the array parameter '%s' holds values that depend on the BP_GRAD "
                     "parameters and reach the result; name it in BP_GRAD too, so that its "
                     "adjoint d_%s is passed in", p->name, p->name);
    }
}

void analyze_activity(Func *f, bool result) {
    for (int i = 0; i < f->params.len; i++) {
        Value *p = f->params.v[i];
        p->base = is_object(p->type) ? p : NULL;
    }
    find_bases(f->body);
    Activity A = {f, true};
    while (A.changed) {
        A.changed = false;
        forward(&A, f->body);
    }
    for (int i = 0; i < f->body->yields.len && result; i++)
        set_useful(&A, f->body->yields.v[i]);
    /* A writable array named in BP_GRAD is an output: the caller seeds the
     * adjoint of the values it ends with. */
    for (int i = 0; i < f->params.len; i++)
        if (f->named[i] && f->params.v[i]->type->kind == TY_PTR && !f->params.v[i]->type->is_const)
            set_useful(&A, f->params.v[i]);
    A.changed = true;
    while (A.changed) {
        A.changed = false;
        backward(&A, f->body);
    }
    check_params(f);
    settle_block(f->body);
}

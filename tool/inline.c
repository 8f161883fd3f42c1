/*
 * inline.c: the small functions of the model, inlined where they are called.
 *
 * A call of a function of the model costs, in the gradient, a forward half
 * that saves on the tape what its reverse half needs and a reverse half
 * that takes it back: for sigmoid(z) = 1 / (1 + exp(-z)) that is two calls
 * and a tape entry around three operations, once a call.  Inlined, the
 * operations are the caller's own, its sweeps handle them as they handle
 * the rest, and a loop around the call saves what they need in the loop's
 * one span.  So a call is replaced by the callee's body when the callee is
 * a leaf: straight-line code (no branch, loop or call; math.h functions
 * are operations), writing no memory, of at most INLINE_MAX operations,
 * returning a value, and taking numbers and pointers (a struct by value
 * stays a call), unless the model marks it __attribute__((noinline)).
 * Every other call stays a call, its callee differentiated
 * once per activity pattern (reverse.c), as are functions with a
 * BP_ADJOINT.  The inlined operations keep their source lines, so the
 * comments of the reverse sweep quote the callee's code.
 *
 * Runs on the primal Funcs after parsing, before CSE: first into the
 * callees (which may make a caller of leaves a leaf itself), then into the
 * BP_GRAD functions.
 */
#include "ir.h"

enum { INLINE_MAX = 24 };

/* Is callee small, straight-line and pure? */
static bool inlinable(Func *f) {
    if (f->returns_void || f->noinline)
        return false;
    for (int i = 0; i < f->params.len; i++)
        if (f->params.v[i]->type->kind == TY_STRUCT)
            return false;
    int n = 0;
    for (Inst *in = f->body->first; in; in = in->next) {
        switch (op_info[in->op].kind) {
        case K_CONST:
            continue;
        case K_INFIX: case K_PREFIX: case K_COMPARE: case K_LOGIC: case K_SELECT:
        case K_CAST: case K_MATH: case K_LOAD: case K_PTRADD: case K_FIELD:
            break;
        default:
            return false;
        }
        if (++n > INLINE_MAX)
            return false;
    }
    return true;
}

/* Do call's arguments have the types of f's parameters (the parser
 * converted them), so that the body can use them as they are? */
static bool takes(Func *f, Inst *call) {
    if (call->args.len != f->params.len)
        return false;
    for (int i = 0; i < f->params.len; i++) {
        Type *a = call->args.v[i]->type, *t = f->params.v[i]->type;
        if (!same_type(a, t) && !(a->kind == TY_PTR && t->kind == TY_PTR))
            return false;
    }
    return true;
}

/* The callee's body in front of call, its parameters the call's arguments;
 * the call's result and what the body returns go into *from and *to. */
static void inline_call(Func *f, Inst *call, ValueList *from, ValueList *to) {
    Func *callee = call->target;
    Value **map = new_array(Value *, callee->nvalues);
    for (int i = 0; i < callee->params.len; i++)
        map[callee->params.v[i]->id] = call->args.v[i];
    Block *copy = new_block(NULL);
    ir_clone_block(f, callee->body, copy, map);
    Value *result = call->results.v[0], *ret = copy->yields.v[0];
    /* The caller's name for the result (forget = sigmoid(...)), if the
     * body computes it (it may return a parameter: the caller's value). */
    if (result->name && ret->def && ret->def->parent == copy)
        ret->name = result->name;
    for (Inst *in = copy->first, *next; in; in = next) {
        next = in->next;
        insert_before(call, in);
    }
    vl_push(from, result);
    vl_push(to, ret);
    ir_remove(call);
}

/* Inlines the calls of leaves in block b, and in the blocks inside it. */
static void inline_block(Func *f, Block *b, ValueList *from, ValueList *to) {
    for (Inst *in = b->first, *next; in; in = next) {
        next = in->next;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            inline_block(f, r[k], from, to);
        if (in->op == OP_CALL && in->target && !in->adjoint && in->target != f &&
            in->results.len == 1 && takes(in->target, in) && inlinable(in->target))
            inline_call(f, in, from, to);
    }
}

static void inline_into(Func *f) {
    ValueList from = {0}, to = {0};
    inline_block(f, f->body, &from, &to);
    if (!from.len)
        return;
    Value **rename = new_array(Value *, f->nvalues);
    for (int i = 0; i < from.len; i++)
        rename[from.v[i]->id] = to.v[i];
    ir_replace_uses(f, rename);
}

void inline_calls(Program *p) {
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < p->ncallees; i++)
            inline_into(p->callees[i]);
    for (int i = 0; i < p->nfuncs; i++)
        inline_into(p->funcs[i]);
}

/*
 * activity.c: which values need an adjoint.
 *
 * A value is varied when it depends, through operations with a nonzero
 * local derivative, on a parameter named in BP_GRAD; it is useful when the
 * return value depends on it the same way.  Only values that are both, and
 * of floating type, are active: the reverse pass makes adjoints for active
 * values only, so a function of x and n differentiated for x computes no
 * adjoint for anything that depends on n alone, and nothing is computed for
 * values that never reach the result.
 *
 * Varied flows forward in program order; useful flows backward from the
 * returned value.  Branch conditions are never useful: the derivative does
 * not flow through control, only through the values each branch yields.
 */
#include "ir.h"

/* Does the local derivative of operand i of in exist at all? */
static bool differentiable(Inst *in, int i) {
    switch (op_info[in->op].kind) {
    case K_LOAD:
        return i == 0;
    case K_CALL:
        return true;
    default:
        return i < 3 && op_info[in->op].adjoint[i] != NULL;
    }
}

static bool can_carry(Type *t) {
    return is_floating(t) || is_floating_ptr(t);
}

static void forward(Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_IF) {
            forward(in->then);
            forward(in->els);
            for (int j = 0; j < in->results.len; j++)
                in->results.v[j]->varied = can_carry(in->results.v[j]->type) &&
                                           (in->then->yields.v[j]->varied ||
                                            in->els->yields.v[j]->varied);
            continue;
        }
        bool varied = false;
        for (int i = 0; i < in->args.len; i++)
            if (in->args.v[i]->varied && differentiable(in, i))
                varied = true;
        for (int j = 0; j < in->results.len; j++)
            in->results.v[j]->varied = varied && can_carry(in->results.v[j]->type);
    }
}

static void mark_useful(Value *v) {
    if (can_carry(v->type))
        v->useful = true;
}

static void backward(Block *b) {
    for (Inst *in = b->last; in; in = in->prev) {
        if (in->op == OP_IF) {
            for (int j = 0; j < in->results.len; j++)
                if (in->results.v[j]->useful) {
                    mark_useful(in->then->yields.v[j]);
                    mark_useful(in->els->yields.v[j]);
                }
            backward(in->then);
            backward(in->els);
            continue;
        }
        bool useful = false;
        for (int j = 0; j < in->results.len; j++)
            useful |= in->results.v[j]->useful;
        if (!useful)
            continue;
        for (int i = 0; i < in->args.len; i++)
            if (differentiable(in, i))
                mark_useful(in->args.v[i]);
    }
}

static void settle(Value *v) {
    v->active = v->varied && v->useful;
}

static void settle_block(Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int j = 0; j < in->results.len; j++)
            settle(in->results.v[j]);
        if (in->op == OP_IF) {
            settle_block(in->then);
            settle_block(in->els);
        }
    }
}

void analyze_activity(Func *f) {
    forward(f->body);
    for (int i = 0; i < f->body->yields.len; i++)
        mark_useful(f->body->yields.v[i]);
    backward(f->body);
    for (int i = 0; i < f->params.len; i++)
        settle(f->params.v[i]);
    settle_block(f->body);
}

/*
 * reverse.c: the reverse-mode transform.
 *
 * From an activity-analysed primal Func it builds the gradient Func
 * `<name>_grad`, whose parameters are the primal ones with an adjoint
 * pointer `d_<name>` after each parameter named in BP_GRAD, and whose body
 * is
 *
 *   the forward sweep: a copy of the primal body, computing every value;
 *   the reverse sweep: the primal instructions in reverse order, each
 *     adding (its result's adjoint) x (its local derivative, from the rule
 *     table) into the adjoints of its active operands;
 *   and it yields the primal return value.
 *
 * Adjoints of locals are Slots declared in the reverse of the block that
 * defines the value; adjoints of parameters go straight into *d_x and
 * d_w[i], which the caller zeroed (so gradients accumulate across calls).
 * The reverse of an IF is an IF on the same condition whose branches reverse
 * the primal branches; the value each branch yielded receives the adjoint of
 * the region's result.
 *
 * The forward and reverse sweeps are separate blocks, so a value that a
 * reverse branch needs from inside a forward branch is exported: it becomes
 * an extra result of the forward IF (yielded by its branch, undefined in the
 * other, which never reads it).  This is the scalar, straight-line case of
 * store-all checkpointing: nothing is recomputed, nothing goes to a tape.
 */
#include "ir.h"

#include <string.h>

typedef struct {
    Func *primal, *grad;
    Value **fwd;                             /* by primal id: its copy in the forward sweep */
    Value **visible;                         /* by primal id: the copy, exported to top level */
    Slot **slots;                            /* by primal id: its adjoint */
    Builder b;                               /* where the reverse sweep is being built */
} Reverser;

/* ---- the forward sweep ---- */

static void clone_block(Reverser *R, Block *src, Block *dst) {
    Builder b = {R->grad, dst, src->owner ? src->owner->loc : R->primal->loc, false};
    for (Inst *in = src->first; in; in = in->next) {
        b.loc = in->loc;
        Inst *c = new_inst(&b, in->op);
        c->fnum = in->fnum;
        c->inum = in->inum;
        c->callee = in->callee;
        c->effects = in->effects;
        c->forward = true;
        in->clone = c;
        for (int i = 0; i < in->args.len; i++)
            vl_push(&c->args, R->fwd[in->args.v[i]->id]);
        if (in->op == OP_IF) {
            c->then = new_block(c);
            c->els = new_block(c);
            clone_block(R, in->then, c->then);
            clone_block(R, in->els, c->els);
        }
        for (int j = 0; j < in->results.len; j++) {
            Value *r = in->results.v[j];
            Value *nr = add_result(R->grad, c, r->type);
            nr->name = r->name;
            R->fwd[r->id] = nr;
        }
    }
    if (src->owner)
        for (int i = 0; i < src->yields.len; i++)
            vl_push(&dst->yields, R->fwd[src->yields.v[i]->id]);
}

/* Makes g (defined inside forward regions) a result of each enclosing IF,
 * up to the top level of the gradient body. */
static Value *export_value(Reverser *R, Value *g) {
    Block *blk = g->def->parent;
    while (blk && blk->owner) {
        Inst *ifi = blk->owner;
        Block *other = blk == ifi->then ? ifi->els : ifi->then;
        /* Already a result?  The reverse reads it only on the path that
         * yields it, so the existing result serves. */
        int j = 0;
        while (j < blk->yields.len && blk->yields.v[j] != g)
            j++;
        if (j < blk->yields.len) {
            g = ifi->results.v[j];
            blk = ifi->parent;
            continue;
        }
        Value *r = add_result(R->grad, ifi, g->type);
        r->name = g->name;
        vl_push(&blk->yields, g);
        Builder ob = {R->grad, other, ifi->loc, false};
        vl_push(&other->yields, ir_undef(&ob, g->type));
        g = r;
        blk = ifi->parent;
    }
    return g;
}

/* Cheap, pure operations are recomputed in the reverse sweep rather than
 * carried out of a region: `-x` or `x < lo` costs less to repeat than to
 * store, and reads better.  Math functions and calls are carried. */
static bool is_cheap(Inst *d) {
    switch (op_info[d->op].kind) {
    case K_INFIX: case K_PREFIX: case K_COMPARE: case K_LOGIC: case K_CAST: case K_SELECT:
    case K_LOAD:
        return true;
    default:
        return false;
    }
}

enum { RECOMPUTE_DEPTH = 3 };

static Value *value_at(Reverser *R, Value *pv, int depth);

/* Rebuilds pv at the reverse sweep's position, or NULL if it is too deep. */
static Value *recompute(Reverser *R, Value *pv, int depth) {
    Inst *d = pv->def;
    if (depth >= RECOMPUTE_DEPTH || !is_cheap(d))
        return NULL;
    Value *a[3] = {0};
    for (int i = 0; i < d->args.len; i++)
        if (!(a[i] = value_at(R, d->args.v[i], depth + 1)))
            return NULL;
    return ir_op(&R->b, d->op, pv->type, a[0], a[1], a[2]);
}

/* pv in the reverse sweep: the forward value itself when it is at the top
 * level, else recomputed (depth permitting), else NULL. */
static Value *value_at(Reverser *R, Value *pv, int depth) {
    Inst *d = pv->def;
    if (d->op == OP_CONST) {
        /* Constants are cheaper to write again than to carry. */
        Value *c = pv->type->kind == TY_INT ? ir_int(&R->b, pv->type, d->inum)
                                            : ir_const(&R->b, pv->type, d->fnum);
        c->def->callee = d->callee;
        return c;
    }
    if (R->visible[pv->id])
        return R->visible[pv->id];
    Value *g = R->fwd[pv->id];
    if (!g->def->parent->owner)
        return R->visible[pv->id] = g;
    return recompute(R, pv, depth);
}

/* The forward value of primal value pv, usable in the reverse sweep. */
static Value *fwd_value(Reverser *R, Value *pv) {
    Value *v = value_at(R, pv, 0);
    if (!v)
        v = R->visible[pv->id] = export_value(R, R->fwd[pv->id]);
    return v;
}

/* ---- adjoints ---- */

static Slot *slot_of(Reverser *R, Value *pv) {
    if (!R->slots[pv->id])
        R->slots[pv->id] = ir_slot(R->grad, pv->def->parent->mirror, R->fwd[pv->id]);
    return R->slots[pv->id];
}

/* The adjoint of a value loaded from w[i] is d_w[i] itself: contributions
 * go straight into the caller's adjoint array, as a person would write. */
static void accumulate_load(Reverser *R, Inst *load, Value *contrib) {
    Value *ptr = load->args.v[0];
    if (ptr->def->op != OP_PARAM)
        internal_error("load through a pointer that is not a parameter");
    ir_acc(&R->b, R->fwd[ptr->id]->shadow, fwd_value(R, load->args.v[1]), contrib);
}

/* adjoint(pv) += contrib */
static void accumulate(Reverser *R, Value *pv, Value *contrib) {
    if (!pv->active)
        return;
    contrib = ir_cast(&R->b, pv->type, contrib);
    Inst *d = pv->def;
    if (d->op == OP_PARAM)
        ir_acc(&R->b, R->fwd[pv->id]->shadow, NULL, contrib);
    else if (d->op == OP_LOAD)
        accumulate_load(R, d, contrib);
    else
        ir_adj_add(&R->b, slot_of(R, pv), contrib);
}

static void reverse_block(Reverser *R, Block *pb);

static void reverse_if(Reverser *R, Inst *in) {
    Value *d[in->results.len + 1];
    bool any = false;
    for (int j = 0; j < in->results.len; j++) {
        d[j] = in->results.v[j]->active ? ir_adj_read(&R->b, slot_of(R, in->results.v[j])) : NULL;
        any |= d[j] != NULL;
    }
    if (!any)
        return;
    Block *outer = R->b.block;
    Inst *rif = ir_if(&R->b, fwd_value(R, in->args.v[0]));
    in->then->mirror = rif->then;
    in->els->mirror = rif->els;
    for (Block *pb = in->then; pb; pb = pb == in->then ? in->els : NULL) {
        R->b.block = pb->mirror;
        for (int j = 0; j < in->results.len; j++)
            if (d[j])
                accumulate(R, pb->yields.v[j], d[j]);
        reverse_block(R, pb);
    }
    R->b.block = outer;
}

static void reverse_inst(Reverser *R, Inst *in) {
    R->b.loc = in->loc;
    if (in->op == OP_IF) {
        reverse_if(R, in);
        return;
    }
    if (!in->results.len || !in->results.v[0]->active)
        return;
    if (in->op == OP_LOAD)
        return;                              /* its users added into d_w[i] already */
    if (in->op == OP_CALL)
        error_at(in->loc, "no derivative is known for '%s', and the result depends on a "
                 "BP_GRAD parameter; compute it with math.h functions bpgen knows, or pass "
                 "its value in as a parameter", in->callee);
    Value *r = in->results.v[0];
    Value *d = ir_adj_read(&R->b, slot_of(R, r));
    int n = in->args.len;
    Value *args[3] = {0};
    for (int i = 0; i < n && i < 3; i++)
        if (in->args.v[i]->type->kind != TY_PTR)
            args[i] = fwd_value(R, in->args.v[i]);
    Value *fr = fwd_value(R, r);
    for (int i = 0; i < n && i < 3; i++)
        if (in->args.v[i]->active && rule_exists(in->op, i))
            accumulate(R, in->args.v[i], rule_apply(&R->b, in->op, i, args, n, fr, d, r->type));
}

static void reverse_block(Reverser *R, Block *pb) {
    for (Inst *in = pb->last; in; in = in->prev)
        reverse_inst(R, in);
}

/* ---- adjoint copies ---- */

/* An add node passes its adjoint on unchanged, so `d_t = d_s` is common.
 * When such a copy is the only contribution a slot receives, and it sits in
 * the slot's own block (so the source slot is in scope wherever this one is
 * read), readers can read the source directly and the slot disappears. */
typedef struct {
    int *adds;                               /* by slot id: ADJ_ADDs into it */
    Inst **copy;                             /* by slot id: its one add, if a copy */
    Slot **forward_to;                       /* by slot id: read this slot instead */
} Copies;

static void find_copies(Copies *c, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_ADJ_ADD) {
            Value *v = in->args.v[0];
            c->adds[in->slot->id]++;
            if (v->def->op == OP_ADJ_READ && in->parent == in->slot->home &&
                same_type(v->type, in->slot->type))
                c->copy[in->slot->id] = in;
        }
        if (in->op == OP_IF) {
            find_copies(c, in->then);
            find_copies(c, in->els);
        }
    }
}

static Slot *final_slot(Copies *c, Slot *s) {
    while (c->forward_to[s->id])
        s = c->forward_to[s->id];
    return s;
}

static void redirect_reads(Copies *c, Block *b) {
    Inst *next;
    for (Inst *in = b->first; in; in = next) {
        next = in->next;
        if (in->op == OP_ADJ_READ)
            in->slot = final_slot(c, in->slot);
        if (in->op == OP_ADJ_ADD && c->forward_to[in->slot->id])
            ir_remove(in);
        if (in->op == OP_IF) {
            redirect_reads(c, in->then);
            redirect_reads(c, in->els);
        }
    }
}

static void forward_copies(Func *g) {
    int n = g->nslots;
    Copies c = {new_array(int, n), new_array(Inst *, n),
                new_array(Slot *, n)};
    find_copies(&c, g->body);
    for (int i = 0; i < g->nslots; i++)
        if (c.adds[i] == 1 && c.copy[i])
            c.forward_to[i] = c.copy[i]->args.v[0]->def->slot;
    redirect_reads(&c, g->body);
}

/* ---- the gradient function ---- */

static void make_signature(Reverser *R) {
    for (int i = 0; i < R->primal->params.len; i++) {
        Value *p = R->primal->params.v[i];
        Value *g = new_param(R->grad, p->type, p->name);
        R->fwd[p->id] = g;
        R->visible[p->id] = g;
        if (!p->varied)
            continue;
        Type *elem = p->type->kind == TY_PTR ? p->type->base : p->type;
        g->shadow = new_param(R->grad, pointer_to(elem, false), format("d_%s", p->name));
        g->shadow->is_shadow = true;
        g->scalar_shadow = p->type->kind != TY_PTR;
    }
}

Func *ad_reverse(Func *primal) {
    Reverser R = {0};
    R.primal = primal;
    R.grad = new_func(format("%s_grad", primal->name), primal->ret);
    R.grad->loc = primal->loc;
    R.grad->primal = primal;
    int n = primal->nvalues;
    R.fwd = new_array(Value *, n);
    R.visible = new_array(Value *, n);
    R.slots = new_array(Slot *, n);
    make_signature(&R);
    clone_block(&R, primal->body, R.grad->body);

    R.b = (Builder){R.grad, R.grad->body, primal->loc, true};
    primal->body->mirror = R.grad->body;
    Value *ret = primal->body->yields.v[0];
    if (ret->active)
        accumulate(&R, ret, ir_const(&R.b, ret->type, 1));
    reverse_block(&R, primal->body);
    vl_push(&R.grad->body->yields, R.fwd[ret->id]);
    forward_copies(R.grad);
    return R.grad;
}

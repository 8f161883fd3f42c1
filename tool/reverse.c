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
 *   the frees the primal made, deferred until the reverse sweep is done;
 *   and it yields the primal return value.
 *
 * Adjoints of locals are Slots declared in the reverse of the block that
 * defines the value; adjoints of parameters go straight into *d_x and
 * d_w[i], which the caller zeroed (so gradients accumulate across calls).
 * Arrays have shadow arrays of adjoints: the caller's d_w, or a zeroed
 * local or calloc'ed twin.  The reverse of p[i] = v moves d_p[i] into v's
 * adjoint and clears d_p[i]; the reverse of v = p[i] adds v's adjoint into
 * d_p[i].
 *
 * The reverse of an IF is an IF on the same condition; the reverse of a
 * loop is a loop running the other way (a counted loop runs its counter
 * back down; any other loop counts its trips and runs that many times).
 * The adjoint of a variable a loop carries travels backwards through the
 * iterations in the slot of the loop's result.
 *
 * The forward and reverse sweeps are separate blocks, so a value the
 * reverse needs from inside a region must reach it:
 *   - cheap values over what is at hand (x < lo, i + 1, w[i] of an array
 *     nothing writes) are recomputed where they are needed;
 *   - values of a branch become extra results of the forward IF;
 *   - values of a loop iteration are pushed on the tape at the end of the
 *     forward iteration and popped, last first, at the start of the reverse
 *     one: only what is both overwritten by the next iteration and needed
 *     by an adjoint is saved (a dot product saves nothing).
 */
#include "ir.h"

#include <string.h>

/* The reverse body of a loop: what it has at hand of the loop's values. */
typedef struct Scope {
    Inst *loop;                              /* the primal loop; NULL: the function */
    Inst *floop, *rloop;                     /* its forward copy, its reverse */
    Block *ftrip;                            /* the forward block one trip runs */
    Block *rtrip;                            /* the reverse block of one trip */
    Value **at_hand;                         /* by primal id: popped or the counter */
    struct Scope *outer;
} Scope;

typedef struct {
    Func *primal;
    Func *forward, *reverse;                 /* the sweeps' functions: one, or a split pair */
    bool split;                              /* the sweeps are separate functions */
    ParamSet final_params;                   /* split: the params whose arrays do not
                                                change between the sweeps */
    bool result_adjoint;                     /* split: the callers pass the result's
                                                adjoint (even where it has no effect) */
    Scope top;                               /* split: the function, saving for reverse */
    Value **fwd;                             /* by primal id: its copy in the forward sweep */
    Value **visible;                         /* by primal id: the copy, exported to top level */
    Slot **slots;                            /* by primal id: its adjoint */
    Value **shadow;                          /* by primal id of an array: its adjoints' array */
    Inst ***stored;                          /* by primal id of an array: the stores into it */
    int *nstored, *stored_cap;
    bool *done;                              /* by primal id: reversed along with a store */
    Value **restored;                        /* split: by primal id of a small local array,
                                                its copy in the reverse half */
    ValueList frees;                         /* primal pointers the primal frees */
    ValueList shadow_frees;                  /* adjoint buffers, freed at the end */
    ValueList param_sums;                    /* number params summed in loops (param_sum) */
    ValueList own;                           /* struct params by value with adjoints of
                                                their own (make_own_shadows) */
    Scope *scope;                            /* innermost reverse loop being built */
    Builder b;                               /* where the reverse sweep is being built */
} Reverser;

static void reverse_block(Reverser *R, Block *pb);
static Value *fwd_value(Reverser *R, Value *pv);
static void reverse_call(Reverser *R, Inst *in);

/* ---- the forward sweep ---- */

/* The forward sweep: a copy of the primal body, but for its frees, which
 * wait for the end of the reverse sweep. */
static void mark_forward(Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        in->forward = true;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            mark_forward(r[k]);
    }
}

static void take_frees(Reverser *R, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_FREE) {
            vl_push(&R->frees, in->args.v[0]);
            ir_remove(in->clone);
        }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            take_frees(R, r[k]);
    }
}

static void clone_forward(Reverser *R) {
    ir_clone_block(R->forward, R->primal->body, R->forward->body, R->fwd);
    R->forward->body->yields.len = 0;
    take_frees(R, R->primal->body);
    mark_forward(R->forward->body);
}

/* Makes g (defined inside forward IFs) a result of each enclosing IF, up
 * to block `stop`: the top level of the gradient body (NULL), or the block
 * a loop's trip runs. */
static Value *export_value(Reverser *R, Value *g, Block *stop) {
    Block *blk = g->is_iter ? NULL : g->def->parent;
    while (blk && blk != stop && blk->owner && blk->owner->op == OP_IF) {
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
        Value *r = add_result(R->forward, ifi, g->type);
        r->name = g->name;
        vl_push(&blk->yields, g);
        Builder ob = {R->forward, other, ifi->loc, false};
        Value *u = ir_undef(&ob, g->type);
        u->def->forward = true;
        vl_push(&other->yields, u);
        g = r;
        blk = ifi->parent;
    }
    return g;
}

static Scope *scope_of(Reverser *R, Inst *loop) {
    if (!loop && R->split)
        return &R->top;
    for (Scope *s = R->scope; s; s = s->outer)
        if (s->loop == loop)
            return s;
    internal_error("the reverse sweep needs a value of a loop it is not inside");
}

/* Primal memory is never restored: in the reverse sweep an array holds
 * what the forward sweep left in it.  So a load reads the same value again
 * in the reverse sweep when no store into its array comes after it: none
 * later in program order, and none in a loop around both. */
static Inst *common_loop(Inst *a, Inst *b) {
    for (Block *x = a->parent; x; x = x->owner ? x->owner->parent : NULL) {
        if (!x->owner || !is_loop(x->owner))
            continue;
        for (Block *y = b->parent; y; y = y->owner ? y->owner->parent : NULL)
            if (y->owner == x->owner)
                return x->owner;
    }
    return NULL;
}

/* Does array `base` keep, from `point` to the reverse sweep, what it holds
 * at point (after: what it holds just after point)?  No store (or call that
 * may write it) comes later in program order or in a loop around both; and
 * in a split pair, the forward's local arrays are gone unless restored, and
 * a parameter's array is the caller's to change. */
static bool stays(Reverser *R, Value *base, Inst *point, bool after) {
    for (int i = 0; i < R->nstored[base->id]; i++) {
        Inst *st = R->stored[base->id][i];
        if (st == point) {
            /* A call that writes the array itself changes what it reads;
             * what it leaves stays unless it runs again. */
            if (after ? common_loop(st, point) != NULL : point->op == OP_CALL)
                return false;
            continue;
        }
        if (st->pos > point->pos || common_loop(st, point))
            return false;
    }
    if (!R->split)
        return true;
    Inst *d = base->def;
    if (d->op == OP_ALLOCA)
        return R->restored[base->id] != NULL;
    if (d->op == OP_PARAM)
        return pset_has(&R->final_params, d->param_index);
    return true;
}

static bool stays_until_reverse(Reverser *R, Value *base, Inst *point) {
    return stays(R, base, point, false);
}

static bool is_final(Reverser *R, Inst *load) {
    return stays_until_reverse(R, load->args.v[0]->base, load);
}

/* Cheap, pure operations are recomputed in the reverse sweep rather than
 * carried or saved: `-x`, `x < lo`, `i + 1` cost less to repeat than to
 * store, and read better.  So are loads from arrays nothing writes.  Math
 * functions and calls are carried. */
static bool is_cheap(Reverser *R, Inst *d) {
    switch (op_info[d->op].kind) {
    case K_INFIX: case K_PREFIX: case K_COMPARE: case K_LOGIC: case K_CAST: case K_SELECT:
    case K_PTRADD: case K_FIELD:
        return true;
    case K_LOAD:
        return is_final(R, d);
    default:
        return false;
    }
}

enum { RECOMPUTE_DEPTH = 5 };

static Value *value_at(Reverser *R, Value *pv, int depth);

/* Rebuilds pv at the reverse sweep's position, or NULL if it is too deep. */
static Value *recompute(Reverser *R, Value *pv, int depth) {
    Inst *d = pv->def;
    if (depth >= RECOMPUTE_DEPTH || pv->is_iter || !is_cheap(R, d))
        return NULL;
    /* Addresses (p->m, p + k) do not count against the depth. */
    if (d->op == OP_FIELD || d->op == OP_PTRADD)
        depth--;
    Value *a[3] = {0};
    for (int i = 0; i < d->args.len; i++) {
        Value *arg = d->args.v[i];
        a[i] = value_at(R, arg, depth + 1);
        /* An index a loop carries is worth saving to recompute from: the
         * reverse sweep usually needs it anyway, to address adjoints. */
        if (!a[i] && arg->is_iter && arg->type->kind == TY_INT)
            a[i] = fwd_value(R, arg);
        if (!a[i])
            return NULL;
    }
    if (d->op == OP_FIELD)
        return ir_field(&R->b, a[0], d->callee);
    return ir_op(&R->b, d->op, pv->type, a[0], a[1], a[2]);
}

/* A variable a counted loop steps by a constant each trip (idx++ beside
 * i++) is recomputed from the counter rather than saved: its value at the
 * loop's start, plus the trips made so far times the step. */
static Value *induction(Reverser *R, Value *pv) {
    Inst *loop = pv->def;
    if (loop->op != OP_FOR || pv->index == 0 || pv->type->kind != TY_INT)
        return NULL;
    Value *y = loop->body->yields.v[pv->index - 1];
    Inst *d = y->is_iter ? NULL : y->def;
    if (!d || (d->op != OP_ADD && d->op != OP_SUB) || d->args.v[0] != pv ||
        d->args.v[1]->def->op != OP_CONST)
        return NULL;
    long long c = d->op == OP_ADD ? d->args.v[1]->def->inum : -d->args.v[1]->def->inum;
    Value *i = scope_of(R, loop)->at_hand[loop->iters.v[0]->id];
    Value *start = fwd_value(R, loop->args.v[0]);
    Value *init = fwd_value(R, loop->args.v[pv->index + 1]);
    Type *t = pv->type;
    Value *trips = loop->step > 0 ? ir_op(&R->b, OP_SUB, i->type, i, start, NULL)
                                  : ir_op(&R->b, OP_SUB, i->type, start, i, NULL);
    Value *moved = ir_op(&R->b, OP_MUL, t, ir_cast(&R->b, t, trips), ir_int(&R->b, t, c), NULL);
    return ir_op(&R->b, OP_ADD, t, init, moved, NULL);
}

/* pv in the reverse sweep, if it is at hand: a constant, a value of the
 * top level, a value the enclosing reverse loops popped, or one that can be
 * recomputed from those.  NULL if it must be carried or saved. */
static Value *value_at(Reverser *R, Value *pv, int depth) {
    Inst *d = pv->def;
    if (d->op == OP_CONST) {
        /* Constants are cheaper to write again than to carry. */
        Value *c = pv->type->kind == TY_INT ? ir_int(&R->b, pv->type, d->inum)
                                            : ir_const(&R->b, pv->type, d->fnum);
        c->def->callee = d->callee;
        return c;
    }
    Inst *loop = loop_of(pv);
    if (!loop && R->visible[pv->id])
        return R->visible[pv->id];
    if (!loop && !R->split) {
        Value *g = R->fwd[pv->id];
        if (!g->def->parent->owner)
            return R->visible[pv->id] = g;
    } else if ((loop || R->split) && scope_of(R, loop)->at_hand[pv->id]) {
        return scope_of(R, loop)->at_hand[pv->id];
    }
    if (pv->is_iter)
        return induction(R, pv);
    return recompute(R, pv, depth);
}

/* Saves pv, a value of loop `loop`, on the tape: pushed at the end of each
 * forward iteration, popped at the start of the reverse one.  Pushes are
 * appended and pops put first, so the last saved is the first taken. */
/* Pushes forward value g (at home in scope s's trip) at the end of the
 * trip, and returns its pop at the start of the reverse trip. */
static Value *save_in(Reverser *R, Scope *s, Value *g, Value *pv) {
    SrcLoc loc = s->loop ? s->loop->loc : R->primal->loc;
    Builder fb = {R->forward, s->ftrip, loc, false};
    ir_push(&fb, g);
    fb.block->last->forward = true;
    Builder rb = {R->reverse, s->rtrip, loc, false};
    Value *v = ir_pop(&rb, pv->type);
    v->name = pv->name;
    insert_at_head(s->rtrip, v->def);
    return v;
}

static Value *save(Reverser *R, Value *pv, Inst *loop) {
    Scope *s = scope_of(R, loop);
    Value *g = export_value(R, R->fwd[pv->id], s->ftrip);
    return s->at_hand[pv->id] = save_in(R, s, g, pv);
}

/* The forward value of primal value pv, usable in the reverse sweep. */
static Value *fwd_value(Reverser *R, Value *pv) {
    Value *v = value_at(R, pv, 0);
    if (v)
        return v;
    Inst *loop = loop_of(pv);
    if (loop || R->split)
        return save(R, pv, loop);
    return R->visible[pv->id] = export_value(R, R->fwd[pv->id], NULL);
}

/* ---- arrays ---- */

/* The array of adjoints of array `base` (a primal parameter, local array
 * or buffer): the caller's d_w, or a zeroed twin made at the start of the
 * reverse sweep (make_shadows). */
static Value *shadow_base(Reverser *R, Value *base) {
    if (base->def->op == OP_PARAM && !R->shadow[base->id]) {
        if (!R->visible[base->id]->shadow)
            internal_error("parameter '%s' needs an adjoint it does not have", base->name);
        return R->visible[base->id]->shadow;
    }
    if (!R->shadow[base->id])
        internal_error("array '%s' has no adjoint array", base->name ? base->name : "?");
    return R->shadow[base->id];
}

/* A struct passed by value is the function's own copy, and the caller's
 * d_q holds the adjoint of the caller's q: when the function changes a
 * member and reads it again, the reverse of that store must not clear the
 * caller's adjoint.  Such a parameter gets an adjoint of its own, zeroed,
 * `struct pair d_q_own = {0};`, whose pointer members are the caller's
 * (the adjoints of what they point to are shared), and which is added into
 * *d_q when the reverse sweep is done (fold_own_shadows). */
typedef enum { SHARE_POINTERS, ADD_NUMBERS } StructWalk;

/* For each member of the structs own and caller point to (of type t):
 * copy the caller's pointers into own, or add own's numbers into the
 * caller's; through nested structs and arrays of them. */
static void walk_struct(Reverser *R, Value *own, Value *caller, Type *t, StructWalk what) {
    Builder *b = &R->b;
    for (int k = 0; k < t->nfields; k++) {
        Field *f = &t->fields[k];
        bool number = is_floating(f->type), pointer = f->type->kind == TY_PTR;
        bool nested = f->type->kind == TY_STRUCT;
        if (!(what == ADD_NUMBERS ? number || nested : pointer || nested) ||
            (nested && !has_floating(f->type)))
            continue;
        Value *o = ir_field(b, own, f->name), *c = ir_field(b, caller, f->name);
        Block *outer = b->block;
        Value *i = ir_int(b, ty_int, 0);
        if (f->count > 1) {
            Inst *loop = ir_for_count(b, f->count, "i");
            b->block = loop->body;
            i = loop->iters.v[0];
        }
        if (nested)
            walk_struct(R, ir_ptradd(b, o, i), ir_ptradd(b, c, i), f->type, what);
        else if (what == ADD_NUMBERS)
            ir_acc(b, c, i, ir_load(b, o, i));
        else
            ir_store(b, o, i, ir_load(b, c, i));
        b->block = outer;
    }
}

static bool stored_into(Reverser *R, Value *p) {
    for (int i = 0; i < R->nstored[p->id]; i++)
        if (has_floating(R->stored[p->id][i]->args.v[2]->type))
            return true;
    return false;
}

static void make_own_shadows(Reverser *R) {
    for (int i = 0; i < R->primal->params.len; i++) {
        Value *p = R->primal->params.v[i];
        Value *caller = R->visible[p->id] ? R->visible[p->id]->shadow : NULL;
        if (p->type->kind != TY_STRUCT || !p->active || !stored_into(R, p))
            continue;
        /* Without the caller's (a helper's struct the caller's derivatives
         * do not reach, but which the helper changes with its own), the
         * adjoint stays the function's; activity.c refuses pointer members. */
        Value *own = ir_alloca(&R->b, p->type, ir_int(&R->b, ty_int, 1), true);
        own->name = format("d_%s_own", p->name);
        R->shadow[p->id] = own;
        if (!caller)
            continue;
        walk_struct(R, own, caller, p->type, SHARE_POINTERS);
        vl_push(&R->own, p);
    }
}

static void fold_own_shadows(Reverser *R) {
    for (int i = 0; i < R->own.len; i++) {
        Value *p = R->own.v[i];
        walk_struct(R, R->shadow[p->id], R->visible[p->id]->shadow, p->type, ADD_NUMBERS);
    }
}

/* Zeroed twins of the local arrays and buffers that carry derivatives,
 * made where the reverse sweep starts: only the reverse sweep uses them. */
static void make_shadows(Reverser *R, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            make_shadows(R, r[k]);
        if ((in->op != OP_ALLOCA && in->op != OP_MALLOC) || !in->results.v[0]->active)
            continue;
        Value *base = in->results.v[0], *s;
        Value *args[2] = {0};
        for (int i = 0; i < in->args.len && i < 2; i++)
            args[i] = fwd_value(R, in->args.v[i]);
        if (in->op == OP_ALLOCA) {
            s = ir_alloca(&R->b, base->type->base, args[0], true);
        } else {
            s = ir_malloc(&R->b, base->type->base, args, in->args.len, true);
            vl_push(&R->shadow_frees, s);
        }
        s->name = format("d_%s", base->name ? base->name : "buffer");
        R->shadow[base->id] = s;
    }
}

/* The shadow of pointer p at the reverse sweep's position: the adjoint
 * array of its base, moved as far as p is from the base. */
static Value *shadow_ptr(Reverser *R, Value *p) {
    Value *base = p->base, *sb = shadow_base(R, base);
    if (p == base)
        return sb;
    Inst *d = p->is_iter ? NULL : p->def;
    if (d && d->op == OP_PTRADD)
        return ir_ptradd(&R->b, shadow_ptr(R, d->args.v[0]), fwd_value(R, d->args.v[1]));
    if (d && d->op == OP_FIELD)
        return ir_field(&R->b, shadow_ptr(R, d->args.v[0]), d->callee);
    /* A struct's value read from memory: its adjoint is the memory's. */
    if (d && d->op == OP_CAST)
        return shadow_ptr(R, d->args.v[0]);
    /* A pointer member: the adjoint struct's same member. */
    if (d && d->op == OP_LOAD)
        return ir_load(&R->b, shadow_ptr(R, d->args.v[0]), fwd_value(R, d->args.v[1]));
    Value *offset = ir_op(&R->b, OP_PTRDIFF, ty_int, fwd_value(R, p), fwd_value(R, base), NULL);
    return ir_ptradd(&R->b, sb, offset);
}

/* ---- adjoints ---- */

static Slot *slot_of(Reverser *R, Value *pv) {
    if (!R->slots[pv->id]) {
        Block *home = pv->is_iter ? pv->def->body->mirror : pv->def->parent->mirror;
        R->slots[pv->id] = ir_slot(R->reverse, home, R->fwd[pv->id]);
    }
    return R->slots[pv->id];
}

/* The adjoint of a value loaded from an array no later store writes is
 * the array's adjoint itself: contributions go straight into d_w[i], as a
 * person would write.  (Where a store may follow, its reverse would take
 * the contribution, so the load keeps a slot and adds it to d_w[i] at the
 * load.) */
static bool loads_direct(Reverser *R, Inst *load) {
    return is_final(R, load);
}

/* A number parameter's adjoint, added to in a loop: a local sum, added
 * into *d_x when the reverse sweep is done (add_param_sums), rather than
 * *d_x += ... on every trip, where the compiler has to store and load *d_x
 * again (a store through another adjoint pointer may write it): the
 * reverse of Horner's rule ran at the speed of that store. */
static Slot *param_sum(Reverser *R, Value *pv) {
    if (!R->slots[pv->id]) {
        R->slots[pv->id] = ir_slot(R->reverse, R->reverse->body, R->fwd[pv->id]);
        vl_push(&R->param_sums, pv);
    }
    return R->slots[pv->id];
}

static void add_param_sums(Reverser *R) {
    R->b.loc = R->primal->loc;               /* quoted: the function's head */
    for (int i = 0; i < R->param_sums.len; i++) {
        Value *pv = R->param_sums.v[i];
        ir_acc(&R->b, R->visible[pv->id]->shadow, NULL, ir_adj_read(&R->b, R->slots[pv->id]));
    }
}

/* adjoint(pv) += contrib */
static void accumulate(Reverser *R, Value *pv, Value *contrib) {
    if (!pv->active)
        return;
    contrib = ir_cast(&R->b, pv->type, contrib);
    Inst *d = pv->def;
    if (d->op == OP_PARAM && R->scope && is_floating(pv->type))
        ir_adj_add(&R->b, param_sum(R, pv), contrib);
    else if (d->op == OP_PARAM)
        ir_acc(&R->b, R->visible[pv->id]->shadow, NULL, contrib);
    else if (d->op == OP_LOAD && !pv->is_iter && loads_direct(R, d))
        ir_acc(&R->b, shadow_ptr(R, d->args.v[0]), fwd_value(R, d->args.v[1]), contrib);
    else
        ir_adj_add(&R->b, slot_of(R, pv), contrib);
}

/* ---- regions ---- */

static bool block_is_active(Block *b);

static bool inst_is_active(Inst *in) {
    for (int j = 0; j < in->results.len; j++)
        if (in->results.v[j]->active)
            return true;
    if (in->op == OP_STORE && in->args.v[0]->active)
        return true;
    for (int i = 0; in->op == OP_CALL && i < in->args.len; i++)
        if (pset_has(&in->writes, i) && in->args.v[i]->active)
            return true;
    Block *r[2];
    for (int k = 0, n = regions_of(in, r); k < n; k++)
        if (block_is_active(r[k]))
            return true;
    return false;
}

static bool block_is_active(Block *b) {
    for (Inst *in = b->first; in; in = in->next)
        if (inst_is_active(in))
            return true;
    return false;
}

/* Where the adjoint of branch pb's result j goes, for the comment over it:
 * the operation that computes the result, if the branch does, else the if
 * itself. */
static SrcLoc yield_loc(Inst *in, Block *pb, int j) {
    Value *y = pb->yields.v[j];
    return !y->is_iter && y->def && y->def->parent == pb ? y->def->loc : in->loc;
}

static void reverse_if(Reverser *R, Inst *in) {
    if (!inst_is_active(in))
        return;
    Value *d[in->results.len + 1];
    for (int j = 0; j < in->results.len; j++)
        d[j] = in->results.v[j]->active ? ir_adj_read(&R->b, slot_of(R, in->results.v[j])) : NULL;
    Block *outer = R->b.block;
    Inst *rif = ir_if(&R->b, fwd_value(R, in->args.v[0]));
    in->then->mirror = rif->then;
    in->els->mirror = rif->els;
    for (Block *pb = in->then; pb; pb = pb == in->then ? in->els : NULL) {
        R->b.block = pb->mirror;
        for (int j = 0; j < in->results.len; j++) {
            if (d[j]) {
                R->b.loc = yield_loc(in, pb, j);
                accumulate(R, pb->yields.v[j], d[j]);
            }
        }
        reverse_block(R, pb);
    }
    R->b.block = outer;
}

/* The number of trips of counted loop `in` from start to bound, 0 if
 * negative: an unsigned count wraps instead, and it is the bounds that
 * tell whether the loop runs at all. */
static Value *trip_count(Builder *b, Inst *in, Value *start, Value *bound) {
    bool up = in->cmp == OP_LT || in->cmp == OP_LE || (in->cmp == OP_NE && in->step > 0);
    Type *t = start->type;
    if (int_rank(t) && int_rank(t) < int_rank(ty_int)) {
        /* A char or short counter: its count as C would compute it, in int
         * (200 trips from -100 to 100 do not fit a signed char). */
        t = ty_int;
        start = ir_cast(b, t, start);
        bound = ir_cast(b, t, bound);
    }
    Value *count = up ? ir_op(b, OP_SUB, t, bound, start, NULL)
                      : ir_op(b, OP_SUB, t, start, bound, NULL);
    if (in->cmp == OP_LE || in->cmp == OP_GE) {
        /* (n - 1) + 1 reads better as n. */
        Inst *d = count->def;
        Value *c = d->op == OP_SUB ? d->args.v[1] : NULL;
        if (c && c->def->op == OP_CONST && c->def->inum == 1)
            count = d->args.v[0];
        else
            count = ir_op(b, OP_ADD, t, count, ir_int(b, t, 1), NULL);
    }
    if (count->def->op == OP_CONST)
        return ir_int(b, t, count->def->inum > 0 ? count->def->inum : 0);
    Value *zero = ir_int(b, t, 0);
    if (is_unsigned(t) && in->cmp != OP_NE) {
        Op more = in->cmp == OP_LE || in->cmp == OP_GE ? OP_GE : OP_GT;
        Value *runs = up ? ir_op(b, more, ty_int, bound, start, NULL)
                         : ir_op(b, more, ty_int, start, bound, NULL);
        return ir_op(b, OP_SELECT, t, runs, count, zero);
    }
    return ir_op(b, OP_SELECT, t, ir_op(b, OP_GT, ty_int, count, zero, NULL), count, zero);
}

/* Moves what was built at the end of `at`'s block, after `mark`, in front
 * of `at`. */
static void move_before(Inst *at, Inst *mark, bool forward) {
    for (Inst *i = mark->next, *next; i; i = next) {
        next = i->next;
        insert_before(at, i);
        i->forward = forward;
    }
}

/* A counted loop knows its trip count at entry: before it runs, the tape
 * gets room for all it will save, in one step. */
static void reserve_tape(Reverser *R, Inst *in, Inst *fl, Block *trip) {
    int bytes = 0;
    for (Inst *i = trip->first; i; i = i->next)
        if (i->op == OP_PUSH)
            bytes += 8;                      /* a slot, whatever the type */
    if (!bytes)
        return;
    Builder b = {R->forward, fl->parent, in->loc, true};
    Inst *mark = fl->parent->last;
    Type *t = fl->args.v[0]->type;
    Value *count = trip_count(&b, in, fl->args.v[0], fl->args.v[1]);
    Value *arg = ir_op(&b, OP_MUL, t, count, ir_int(&b, t, bytes), NULL);
    ir_call(&b, "bp_tape_reserve", ty_int, &arg, 1);
    move_before(fl, mark, true);
}

/* A counted loop whose trip saves only values of its own, with nothing
 * else on the tape (no pushes in its inner loops, no calls that push),
 * saves them into a span of doubles claimed once in front of the loop, at
 * the trip's index: saved[2 * i + 1] = x, and the reverse reads them back
 * where they lie, with no check a value.  An int or a float goes through
 * double exactly.  The pushes and pops save_in made become stores and
 * loads.  (Nothing may push between the claim and the end of the loop: a
 * push could move the tape.) */
static bool spans_hold(Type *t) {
    return t->kind == TY_DOUBLE || t->kind == TY_FLOAT ||
           (t->kind == TY_INT && streq(t->spelling, "int"));
}

static bool other_tape_use(Block *b, Op own, bool top);

static Program *program;                     /* whose helpers the halves go into */
enum { NESTING_MAX = 256 };
static Func *building[NESTING_MAX];          /* halves whose sweeps are being built */
static int nbuilding, untracked;             /* (deeper than NESTING_MAX: untracked) */

/* Does a call use the tape: a half of a function of the model that saves
 * or takes back anything, or any call into libbpgen?  (A half still being
 * built, as in a recursion, is taken to.) */
static bool call_uses_tape(Inst *call) {
    if (strncmp(call->callee, "bp_", 3) == 0)
        return true;
    if (!call->target)
        return false;
    if (untracked)
        return true;
    for (int i = 0; i < nbuilding; i++)
        if (streq(building[i]->name, call->callee))
            return true;
    /* A half calling itself (or back through others) adds nothing of its
     * own to what the rest of it does. */
    static Func *scanning[NESTING_MAX];
    static int nscanning;
    for (int i = 0; i < nscanning; i++)
        if (streq(scanning[i]->name, call->callee))
            return false;
    for (int i = 0; i < program->nhelpers; i++) {
        Func *h = program->helpers[i];
        if (!streq(h->name, call->callee))
            continue;
        if (nscanning == NESTING_MAX)
            return true;
        scanning[nscanning++] = h;
        bool uses = other_tape_use(h->body, NUM_OPS, false);
        nscanning--;
        return uses;
    }
    return true;
}

/* Does b hold a tape operation other than top-level pushes (or pops), or
 * a call that may use the tape? */
static bool other_tape_use(Block *b, Op own, bool top) {
    for (Inst *in = b->first; in; in = in->next) {
        if (op_info[in->op].kind == K_TAPE && !(top && in->op == own))
            return true;
        if (in->op == OP_CALL && call_uses_tape(in))
            return true;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            if (other_tape_use(r[k], own, false))
                return true;
    }
    return false;
}

enum { SPAN_MAX = 64 };                      /* values a span holds a trip */

/* The pushes (or pops) directly in b, at most SPAN_MAX; -1 if more. */
static int direct(Block *b, Op op, Inst **out) {
    int n = 0;
    for (Inst *in = b->first; in; in = in->next)
        if (in->op == op) {
            if (n == SPAN_MAX)
                return -1;
            out[n++] = in;
        }
    return n;
}

/* The trip's index in a counted loop: counter - start going up, start -
 * counter going down. */
static Value *trip_index(Builder *b, Inst *loop, Value *counter, Value *start) {
    bool up = loop->cmp == OP_LT || loop->cmp == OP_LE || (loop->cmp == OP_NE && loop->step > 0);
    return up ? ir_op(b, OP_SUB, counter->type, counter, start, NULL)
              : ir_op(b, OP_SUB, counter->type, start, counter, NULL);
}

/* Turns tape operation `in` into a store into, or a load from,
 * span[trip * k + m] (span[m] outside a loop). */
static void to_element(Func *f, Inst *in, Value *span, Inst *loop, Value *counter,
                       Value *start, int k, int m, bool forward) {
    Builder b = {f, in->parent, in->loc, true};
    Inst *mark = in->parent->last;
    Value *idx = ir_int(&b, ty_int, m);
    if (loop) {
        Value *trip = trip_index(&b, loop, counter, start);
        idx = ir_op(&b, OP_ADD, ty_int, ir_op(&b, OP_MUL, ty_int, trip, ir_int(&b, ty_int, k), NULL),
                    idx, NULL);
    }
    if (in->op == OP_PUSH) {
        Value *v = ir_cast(&b, ty_double, in->args.v[0]);
        move_before(in, mark, forward);
        in->args.len = 0;
        vl_push(&in->args, span);
        vl_push(&in->args, idx);
        vl_push(&in->args, v);
        in->op = OP_STORE;
        return;
    }
    /* A pop of another type: load the double, and convert where the pop
     * was, under the pop's own result. */
    Value *r = in->results.v[0];
    if (r->type->kind == TY_DOUBLE) {
        move_before(in, mark, forward);
        in->args.len = 0;
        vl_push(&in->args, span);
        vl_push(&in->args, idx);
        in->op = OP_LOAD;
        return;
    }
    Value *d = ir_load(&b, span, idx);
    move_before(in, mark, forward);
    in->args.len = 0;
    vl_push(&in->args, d);
    in->op = OP_CAST;
}

/* Claims a span of count doubles (or of n, if count is NULL) where `at`
 * is (forward), or takes one back there (reverse). */
static Value *span_before(Func *f, Inst *at, Value *count, int n, bool forward) {
    Builder b = {f, at->parent, at->loc, true};
    Inst *mark = at->parent->last;
    if (!count)
        count = ir_int(&b, ty_int, n);
    Value *span = forward ? ir_claim(&b, pointer_to(ty_double, false), count)
                          : ir_span(&b, pointer_to(ty_double, true), count);
    span->name = "saved";
    move_before(at, mark, forward);
    return span;
}

/* The pushes of a trip and the pops of its reverse, paired (the first pop
 * takes the last push): n, or 0 if they do not pair up. */
static int paired(Block *fb, Block *rb, Inst **push, Inst **pop) {
    int n = direct(fb, OP_PUSH, push);
    if (n <= 0 || direct(rb, OP_POP, pop) != n)
        return 0;
    for (int j = 0; j < n; j++) {
        Type *t = push[j]->args.v[0]->type;
        if (!spans_hold(t) || !same_type(pop[n - 1 - j]->results.v[0]->type, t))
            return 0;
    }
    return n;
}

static bool claim_spans(Reverser *R, Inst *in, Inst *fl, Inst *rl) {
    Inst *push[SPAN_MAX], *pop[SPAN_MAX];
    int n = paired(fl->body, rl->body, push, pop);
    if (!n || other_tape_use(fl->body, OP_PUSH, true) || other_tape_use(rl->body, OP_POP, true))
        return false;
    Builder fb = {R->forward, fl->parent, in->loc, true};
    Inst *fmark = fl->parent->last;
    Value *count = trip_count(&fb, in, fl->args.v[0], fl->args.v[1]);
    count = ir_op(&fb, OP_MUL, count->type, count, ir_int(&fb, count->type, n), NULL);
    move_before(fl, fmark, true);
    Value *claimed = span_before(R->forward, fl, count, 0, true);
    Builder rb = {R->reverse, rl->parent, in->loc, true};
    Inst *rmark = rl->parent->last;
    count = trip_count(&rb, in, rl->args.v[0], rl->args.v[1]);
    count = ir_op(&rb, OP_MUL, count->type, count, ir_int(&rb, count->type, n), NULL);
    move_before(rl, rmark, false);
    Value *span = span_before(R->reverse, rl, count, 0, false);
    for (int j = 0; j < n; j++) {
        to_element(R->forward, push[j], claimed, in, fl->iters.v[0], fl->args.v[0], n, j, true);
        to_element(R->reverse, pop[n - 1 - j], span, in, rl->iters.v[0], rl->args.v[0], n, j,
                   false);
    }
    return true;
}

/* The values a split pair's forward half saves for its reverse half
 * (pushed at its end, popped first thing in the reverse) go into a span
 * too, when there are two or more with nothing else on the tape between
 * them: saved[3] = theta, and double theta = saved[3].  So do the small
 * local arrays of doubles the reverse half reads where they lie (Folded,
 * from finish_restored), after the values: the forward half copies each
 * in at its end, and the reverse half reads it through a pointer into the
 * span, const double *w = saved + 7, instead of popping it into a copy. */
typedef struct {
    Value *array;                            /* the forward half's local array */
    Value *copy;                             /* what the reverse half reads it as */
    int count;                               /* its length */
} Folded;

static bool tape_free_between(Inst *first, Inst *last) {
    for (Inst *in = first; in != last; in = in->next)
        if ((op_info[in->op].kind == K_TAPE && in->op != first->op) || in->op == OP_CALL)
            return false;
    return true;
}

/* for (int i = 0; i < count; i++) saved[at + i] = a[i]; at the end of the
 * forward half. */
static void copy_into_span(Reverser *R, Value *claimed, Folded *f, int at) {
    Builder b = {R->forward, R->forward->body, R->primal->loc, true};
    Inst *loop = ir_for_count(&b, f->count, "i");
    b.block = loop->body;
    Value *i = loop->iters.v[0];
    Value *x = ir_load(&b, f->array, i);
    ir_store(&b, claimed, ir_op(&b, OP_ADD, ty_int, ir_int(&b, ty_int, at), i, NULL), x);
}

/* The reverse half's pointer to array f, at element `at` of its span,
 * defined in front of `before`: every use of f's copy reads it instead. */
static Value *point_into_span(Reverser *R, Value *span, Folded *f, int at, Inst *before) {
    Block *rb = R->reverse->body;
    Builder b = {R->reverse, rb, R->primal->loc, false};
    Inst *mark = rb->last;
    Value *p = ir_op(&b, OP_PTRADD, span->type, span, ir_int(&b, ty_int, at), NULL);
    p->name = f->copy->name;
    move_before(before, mark, false);
    return p;
}

/* A call passing a pointer into the span passes it to a pointer to const
 * (only_read): it does not write through it. */
static void unmark_writes(Block *b, Value *span) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; in->op == OP_CALL && i < in->args.len; i++) {
            Inst *d = in->args.v[i]->def;
            if (d && d->op == OP_PTRADD && d->args.v[0] == span)
                pset_remove(&in->writes, i);
        }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            unmark_writes(r[k], span);
    }
}

static void claim_top_spans(Reverser *R, Folded *fold, int nfold) {
    Inst *push[SPAN_MAX], *pop[SPAN_MAX];
    int n = paired(R->forward->body, R->reverse->body, push, pop);
    /* Arrays are copied in at the end: nothing may push after the claim. */
    Inst *last = nfold ? NULL : n ? push[n - 1] : NULL;
    if (n && (!tape_free_between(push[0], last) || !tape_free_between(pop[0], pop[n - 1])))
        n = 0;
    if (n < 2 && !nfold)
        return;
    int total = n;
    for (int k = 0; k < nfold; k++)
        total += fold[k].count;
    Value *claimed;
    if (n) {
        claimed = span_before(R->forward, push[0], NULL, total, true);
    } else {
        Builder b = {R->forward, R->forward->body, R->primal->loc, true};
        claimed = ir_claim(&b, pointer_to(ty_double, false), ir_int(&b, ty_int, total));
        claimed->name = "saved";
    }
    Inst *first = n ? pop[0] : R->reverse->body->first;
    Value *span = span_before(R->reverse, first, NULL, total, false);
    for (int j = 0; j < n; j++) {
        to_element(R->forward, push[j], claimed, NULL, NULL, NULL, 0, j, true);
        to_element(R->reverse, pop[n - 1 - j], span, NULL, NULL, NULL, 0, j, false);
    }
    if (!nfold)
        return;
    Value **in_span = new_array(Value *, nfold);
    for (int k = 0, at = n; k < nfold; at += fold[k++].count) {
        copy_into_span(R, claimed, &fold[k], at);
        in_span[k] = point_into_span(R, span, &fold[k], at, first);
    }
    Value **rename = new_array(Value *, R->reverse->nvalues);
    for (int k = 0; k < nfold; k++)
        rename[fold[k].copy->id] = in_span[k];
    ir_replace_uses(R->reverse, rename);
    unmark_writes(R->reverse->body, span);
    mark_forward(R->forward->body);
}

/* The reverse of a loop.  With D the adjoint of a carried variable's
 * result, each reverse iteration starts with D = the adjoint of the value
 * the iteration yielded, and ends with D = the adjoint of the value the
 * iteration started from (its slot E), ready for the iteration before. */
static void reverse_loop(Reverser *R, Inst *in) {
    if (!inst_is_active(in))
        return;
    int counter = in->op == OP_FOR, cond = in->op == OP_LOOP;
    Inst *fl = in->clone;
    Inst *rl;
    if (in->op == OP_FOR) {
        rl = ir_for(&R->b, fwd_value(R, in->args.v[0]), fwd_value(R, in->args.v[1]), in->cmp,
                    in->step, in->iters.v[0]->name);
    } else {
        Value *trips = in->results.v[in->results.len - 1];
        rl = ir_for(&R->b, ir_int(&R->b, trips->type, 0), fwd_value(R, trips), OP_LT, 1, "trip");
    }
    rl->backward = true;
    rl->loc = in->loc;
    /* A while loop's trips are its guard's then-block: only those run in
     * reverse, and only they save values. */
    Inst *guard = while_guard(in);
    Block *trip = guard ? guard->then : in->body;
    Scope scope = {in, fl, rl, guard ? guard->clone->then : fl->body, rl->body,
                   new_array(Value *, R->primal->nvalues), R->scope};
    if (in->op == OP_FOR)
        scope.at_hand[in->iters.v[0]->id] = rl->iters.v[0];
    R->scope = &scope;
    in->body->mirror = rl->body;
    trip->mirror = rl->body;

    int n = in->results.len;
    Slot **D = new_array(Slot *, n), **E = new_array(Slot *, n);
    Block *outer = R->b.block;
    R->b.block = rl->body;
    for (int j = 0; j < n; j++) {
        Value *it = in->iters.v[j + counter], *res = in->results.v[j];
        if ((!it->active && !res->active) || !is_floating(it->type))
            continue;
        D[j] = slot_of(R, res);
        E[j] = R->slots[it->id] = ir_slot(R->reverse, rl->body, R->fwd[it->id]);
    }
    for (int j = 0; j < n; j++) {
        if (!D[j])
            continue;
        /* The value the trip yielded takes D as its adjoint, or, if it is
         * not the trip's own, gets D added to its adjoint. */
        Value *y = in->body->yields.v[j + cond];
        if (guard && y->def == guard)
            y = guard->then->yields.v[y->index];
        /* (A load whose adjoint goes straight into the array's has no
         * slot to take.) */
        bool mine = y->def && !y->is_iter && y->def->parent == trip && !R->slots[y->id] &&
                    !(y->def->op == OP_LOAD && loads_direct(R, y->def));
        if (mine)
            R->slots[y->id] = D[j];
        else
            accumulate(R, y, ir_adj_read(&R->b, D[j]));
    }
    reverse_block(R, trip);
    for (int j = 0; j < n; j++)
        if (D[j])
            ir_adj_set(&R->b, D[j], ir_adj_read(&R->b, E[j]));
    R->b.block = outer;
    R->scope = scope.outer;
    if (in->op == OP_FOR && !claim_spans(R, in, fl, rl))
        reserve_tape(R, in, fl, scope.ftrip);
    /* What is left is the adjoint of the initial values: a FOR's args are
     * start, bound, then the initial values. */
    for (int j = 0; j < n; j++)
        if (D[j])
            accumulate(R, in->args.v[j + 2 * counter], ir_adj_read(&R->b, D[j]));
}

/* ---- instructions ---- */

/* p[i] = v: v's adjoint takes d_p[i], which then starts again from zero
 * (the value before the store did not reach anything after it). */
/* Skips floating-point conversions: their derivative is 1. */
static Value *through_casts(Value *v) {
    while (v->def->op == OP_CAST && is_floating(v->type) && is_floating(v->def->args.v[0]->type))
        v = v->def->args.v[0];
    return v;
}

/* Is `st` the increment w[i] += e (or -=): it stores w[i] + e, whose only
 * use it is, into the element whose only use was that sum, loaded just
 * before with nothing between that writes memory?  Returns e, and the
 * sign in *neg; NULL if not. */
static Value *increment(Reverser *R, Inst *st, bool *neg) {
    Value *sum = through_casts(st->args.v[2]);
    Inst *add = sum->def;
    if ((add->op != OP_ADD && add->op != OP_SUB) || sum->uses != 1 || sum->is_iter)
        return NULL;
    /* (The stored value itself read again, say forwarded to a load of the
     * element, is not only stored.) */
    for (Value *c = st->args.v[2]; c != sum; c = c->def->args.v[0])
        if (c->uses != 1)
            return NULL;
    for (int k = 0; k < 2; k++) {
        Value *old = through_casts(add->args.v[k]);
        Inst *ld = old->def;
        if (old->is_iter || ld->op != OP_LOAD || old->uses != 1 || ld->parent != st->parent ||
            ld->args.v[0] != st->args.v[0] || ld->args.v[1] != st->args.v[1] ||
            (add->op == OP_SUB && k == 1))
            continue;
        bool single = true;
        for (Value *c = add->args.v[k]; c != old; c = c->def->args.v[0])
            single &= c->uses == 1;
        for (Inst *x = ld->next; x && x != st; x = x->next)
            if (has_effects(x) || op_info[x->op].kind == K_REGION)
                single = false;
        if (!single)
            return NULL;
        *neg = add->op == OP_SUB;
        for (Value *c = st->args.v[2]; c != sum; c = c->def->args.v[0])
            R->done[c->id] = true;
        for (Value *c = add->args.v[k]; c != old; c = c->def->args.v[0])
            R->done[c->id] = true;
        R->done[sum->id] = R->done[old->id] = true;
        return add->args.v[1 - k];
    }
    return NULL;
}

/* Does anything in b use address p but to store through it? */
static bool read_through(Block *b, Value *p) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; i < in->args.len; i++)
            if (in->args.v[i] == p && !(in->op == OP_STORE && i == 0))
                return true;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            if (read_through(r[k], p))
                return true;
    }
    return false;
}

static void reverse_store(Reverser *R, Inst *in) {
    Value *p = in->args.v[0], *v = in->args.v[2];
    if (!p->active)
        return;
    /* The caller's d_q holds the adjoint of the caller's q: a store into
     * the function's own copy that something reads would need an adjoint
     * of its own; one nothing reads (its loads forwarded) has none. */
    Inst *bd = p->base->def;
    if (bd->op == OP_PARAM && p->base->type->kind == TY_STRUCT && has_floating(v->type) &&
        !R->shadow[p->base->id]) {
        if (!read_through(R->primal->body, p))
            return;
        error_at(in->loc, "'%s' is a struct passed by value, and bpgen does not differentiate "
                 "a store into its members that is read again; copy it into a local struct "
                 "and change that", p->base->name);
    }
    Value *sp = shadow_ptr(R, p), *i = fwd_value(R, in->args.v[1]);
    /* w[i] += e leaves d_w[i] as it is and adds it into the adjoint of e:
     * the sum and the load it reads have nothing more to do. */
    bool neg;
    Value *e = increment(R, in, &neg);
    if (e) {
        Value *d = ir_load(&R->b, sp, i);
        accumulate(R, e, neg ? ir_op(&R->b, OP_NEG, d->type, d, NULL, NULL) : d);
        return;
    }
    if (v->active)
        accumulate(R, v, ir_load(&R->b, sp, i));
    ir_store(&R->b, sp, i, ir_cast(&R->b, sp->type->base, ir_int(&R->b, ty_int, 0)));
}

/* The derivative of sin(x) is cos(x), which a rotation computes beside
 * it: a rule's math function of an operand that the primal applies to the
 * same operand in the same block is that primal value, not computed again. */
typedef struct {
    Reverser *R;
    Inst *in;                                /* the primal operation differentiated */
} Sibling;

static Value *sibling_math(void *ctx, Op op, int k) {
    Sibling *s = ctx;
    Value *a = s->in->args.v[k];
    for (Inst *x = s->in->parent->first; x; x = x->next)
        if (x->op == op && x->args.len == 1 && x->args.v[0] == a && x->results.len)
            return fwd_value(s->R, x->results.v[0]);
    return NULL;
}

/* A call the reverse sweep makes may write through every pointer to
 * non-const it passes (adjoints, mostly): later passes must know. */
static Inst *mark_writes(Inst *call) {
    for (int i = 0; i < call->args.len; i++) {
        Type *t = call->args.v[i]->type;
        if (t->kind == TY_PTR && !t->is_const)
            pset_add(&call->writes, i);
    }
    return call;
}

/* ---- runtime primitives ---- */

/* Moves what was built at the end of block b after `mark` to just before
 * `at` (after: just after it), in order; returns the last moved. */
static Inst *move_built(Block *b, Inst *mark, Inst *at, bool after) {
    Inst *first = mark ? mark->next : b->first, *last = at;
    for (Inst *i = first, *next; i && i != at; i = next) {
        next = i->next;
        i->forward = true;
        if (after)
            insert_after(last, i);
        else
            insert_before(at, i);
        last = i;
    }
    return last;
}

/* The length of array parameter k of primitive call `in`, from the int
 * arguments `ints` (values where b builds). */
static Value *prim_length(Builder *b, const Prim *p, int k, Value **ints) {
    Type *ul = int_type("unsigned long");
    Value *n = NULL;
    for (int f = 0; f < p->nfactors[k]; f++) {
        int x = p->factor[k][f];
        Value *v = x >= 0 ? ir_cast(b, ul, ints[x]) : ir_int(b, ul, -1 - x);
        n = n ? ir_op(b, OP_MUL, ul, n, v, NULL) : v;
    }
    return n;
}

typedef struct {
    Reverser *R;
    Inst *in;
    const Prim *p;
    Value *ints[PRIM_PARAMS];                /* the int arguments, in the reverse */
    Value *value[PRIM_PARAMS];               /* arrays the routine reads, in the reverse */
    Value *adjoint[PRIM_PARAMS];             /* the adjoint arrays, NULL if none */
    bool wanted[PRIM_PARAMS];                /* the routine adds into adjoint[k] */
    Inst *after;                             /* forward: the last save after the call */
} PrimCall;

static Value *prim_int(PrimCall *c, int k) {
    if (!c->ints[k])
        c->ints[k] = fwd_value(c->R, c->in->args.v[k]);
    return c->ints[k];
}

static Value *prim_length_rev(PrimCall *c, int k) {
    Value *ints[PRIM_PARAMS] = {0};
    for (int f = 0; f < c->p->nfactors[k]; f++)
        if (c->p->factor[k][f] >= 0)
            ints[c->p->factor[k][f]] = prim_int(c, c->p->factor[k][f]);
    return prim_length(&c->R->b, c->p, k, ints);
}

static bool writes_param(Inst *in, int k) {
    return pset_has(&in->writes, k);
}

/* Array k as the routine reads it (before the call for an input, after it
 * for the output): where it stays until the reverse sweep, read there;
 * else saved whole by the forward sweep, next to the call, and taken back
 * from the tape (prim_pops).  Returns NULL then. */
static Value *prim_value(PrimCall *c, int k) {
    Reverser *R = c->R;
    Inst *in = c->in, *fc = in->clone;
    Value *a = in->args.v[k];
    bool after = writes_param(in, k);
    if (!a->base || stays(R, a->base, in, after))
        return fwd_value(R, a);
    Builder fb = {R->forward, fc->parent, in->loc, false};
    Inst *mark = fc->parent->last;
    ir_save(&fb, fc->args.v[k], prim_length(&fb, c->p, k, fc->args.v));
    if (after)
        c->after = move_built(fc->parent, mark, c->after, true);
    else
        move_built(fc->parent, mark, fc, false);
    return NULL;
}

/* Takes back the arrays saved around the call, last saved first: those
 * saved after it, then those saved before. */
static void prim_pops(PrimCall *c, int *saved, int nsaved) {
    for (int pass = 0; pass < 2; pass++)
        for (int i = nsaved - 1; i >= 0; i--) {
            int k = saved[i];
            if (writes_param(c->in, k) != (pass == 0))
                continue;
            Value *a = c->in->args.v[k];
            Value *v = ir_span(&c->R->b, pointer_to(a->type->base, true), prim_length_rev(c, k));
            v->name = a->base->name;
            c->value[k] = v;
        }
}

/* Does call `in` write local array `base` before anything else does, and
 * once?  Then nothing reads the adjoint of what it held before, and it
 * need not be cleared. */
static bool first_write(Reverser *R, Value *base, Inst *in) {
    Op op = base->def->op;
    if ((op != OP_MALLOC && op != OP_ALLOCA) || common_loop(in, in))
        return false;
    for (int i = 0; i < R->nstored[base->id]; i++)
        if (R->stored[base->id][i]->pos < in->pos)
            return false;
    return true;
}

/* The reverse of a call of a runtime primitive: its adjoint routine,
 * called as prims.def says, with the output's adjoint cleared after (or
 * moved aside before, when the output is also an input whose adjoint the
 * routine adds into). */
static void reverse_prim(Reverser *R, Inst *in) {
    const Prim *p = in->prim;
    PrimCall c = {R, in, p, {0}, {0}, {0}, {0}, in->clone};
    Value *res = in->results.len ? in->results.v[0] : NULL;
    bool source = res && res->active;
    for (int k = 0; k < p->nparams; k++) {
        Value *a = in->args.v[k];
        c.wanted[k] = p->is_array[k] && a->active && !writes_param(in, k);
        source |= p->is_array[k] && a->active && writes_param(in, k);
    }
    if (!source)
        return;                              /* no derivative reaches it */
    int saved[PRIM_PARAMS], nsaved = 0;
    bool read[PRIM_PARAMS] = {0};
    for (int j = 0; j < p->nargs; j++) {
        const PrimArg *pa = &p->arg[j];
        int k = pa->param;
        if (pa->kind != PA_VALUE || !p->is_array[k] || read[k] ||
            (pa->unless >= 0 && !c.wanted[pa->unless]))
            continue;
        read[k] = true;
        if (!(c.value[k] = prim_value(&c, k)))
            saved[nsaved++] = k;
    }
    prim_pops(&c, saved, nsaved);
    /* An output that is also an input: the same adjoint array. */
    bool kept[PRIM_PARAMS] = {0}, taken[PRIM_PARAMS] = {0};
    for (int k = 0; k < p->nparams; k++)
        for (int j = 0; j < p->nparams && writes_param(in, k) && in->args.v[k]->active; j++)
            if (c.wanted[j] && in->args.v[j]->base == in->args.v[k]->base) {
                if (j == p->through && in->args.v[j] == in->args.v[k])
                    kept[k] = true, c.wanted[j] = false;
                else
                    taken[k] = true;
            }
    for (int k = 0; k < p->nparams; k++) {
        Value *a = in->args.v[k];
        if (!p->is_array[k] || !a->active || !(c.wanted[k] || writes_param(in, k)))
            continue;
        c.adjoint[k] = shadow_ptr(R, a);
        if (taken[k])
            c.adjoint[k] = ir_take(&R->b, c.adjoint[k], prim_length_rev(&c, k));
    }
    Value *args[PRIM_PARAMS + 2];
    for (int j = 0; j < p->nargs; j++) {
        const PrimArg *pa = &p->arg[j];
        int k = pa->param;
        Value *v;
        if (pa->kind == PA_RESULT)
            v = res->active ? ir_adj_read(&R->b, slot_of(R, res)) : ir_const(&R->b, res->type, 0);
        else if (!p->is_array[k])
            v = prim_int(&c, k);
        else if (pa->kind == PA_VALUE)
            v = read[k] ? c.value[k] : ir_null(&R->b, pointer_to(in->args.v[k]->type->base, true));
        else
            v = c.adjoint[k] ? c.adjoint[k]
                             : ir_null(&R->b, pointer_to(in->args.v[k]->type->base, false));
        args[j] = v;
    }
    bool is_float;
    prim_find(in->callee, &is_float);
    const char *routine = p->adjoint;
    if (is_float)
        routine = format("%.*sf_vjp", (int)strlen(p->adjoint) - 4, p->adjoint);
    mark_writes(ir_call(&R->b, routine, ty_void, args, p->nargs)->def);
    for (int k = 0; k < p->nparams; k++)
        if (p->is_array[k] && writes_param(in, k) && c.adjoint[k] && !taken[k] && !kept[k] &&
            !first_write(R, in->args.v[k]->base, in))
            ir_clear(&R->b, c.adjoint[k], prim_length_rev(&c, k));
}

static void reverse_inst(Reverser *R, Inst *in) {
    R->b.loc = in->loc;
    if (in->op == OP_IF) {
        reverse_if(R, in);
        return;
    }
    if (is_loop(in)) {
        reverse_loop(R, in);
        return;
    }
    if (in->op == OP_STORE) {
        reverse_store(R, in);
        return;
    }
    if (in->op == OP_CALL) {
        if (in->prim)
            reverse_prim(R, in);
        else
            reverse_call(R, in);
        return;
    }
    if (!in->results.len || !in->results.v[0]->active ||
        R->done[in->results.v[0]->id])
        return;
    Value *r = in->results.v[0];
    /* Pointers have no adjoint of their own: a loaded pointer member's
     * array has its adjoint in the shadow struct's member (shadow_ptr). */
    if (is_object(r->type))
        return;
    if (in->op == OP_LOAD) {
        if (!loads_direct(R, in))
            ir_acc(&R->b, shadow_ptr(R, in->args.v[0]), fwd_value(R, in->args.v[1]),
                   ir_adj_read(&R->b, slot_of(R, r)));
        return;
    }
    /* Fetch only what the rules read: a value fetched in a loop may have to
     * be saved on the tape. */
    int n = in->args.len;
    unsigned need = 0;
    for (int i = 0; i < n && i < 3; i++)
        if (in->args.v[i]->active)
            need |= rule_vars(in->op, i);
    Value *d = ir_adj_read(&R->b, slot_of(R, r));
    Value *args[3] = {0};
    for (int i = 0; i < n && i < 3; i++)
        if (need & (1u << i))
            args[i] = fwd_value(R, in->args.v[i]);
    /* The result last: with its operands at hand it may be recomputed. */
    Value *fr = need & RULE_R ? fwd_value(R, r) : NULL;
    Sibling sib = {R, in};
    RuleKnown known = {sibling_math, &sib};
    for (int i = 0; i < n && i < 3; i++)
        if (in->args.v[i]->active && rule_exists(in->op, i))
            accumulate(R, in->args.v[i],
                       rule_apply(&R->b, in->op, i, args, n, fr, d, r->type, &known));
}

static void reverse_block(Reverser *R, Block *pb) {
    for (Inst *in = pb->last; in; in = in->prev)
        reverse_inst(R, in);
}

/* ---- clean-ups of the adjoint code ---- */

/* Program order of every instruction, and every write of every slot, so
 * that copies can be checked against the writes of their source. */
typedef struct {
    int *adds;                               /* by slot id: ADJ_ADD and ADJ_SET into it */
    Inst **copy;                             /* by slot id: its one add, if a copy */
    Slot **forward_to;                       /* by slot id: read this slot instead */
    int *last_read;                          /* by slot id: program order of the last read */
    Inst ***writes;                          /* by slot id: its writes */
    int *nwrites, *cap;
} Copies;

static int program_order;

static void number(Block *b, Copies *c) {
    for (Inst *in = b->first; in; in = in->next) {
        in->pos = ++program_order;
        /* &d_x given to a call counts as a write of d_x. */
        if (in->op == OP_ADJ_ADD || in->op == OP_ADJ_SET || in->op == OP_ADJ_ADDR) {
            int id = in->slot->id;
            c->adds[id]++;
            c->writes[id] = array_grow(c->writes[id], c->nwrites[id], &c->cap[id], sizeof(Inst *));
            c->writes[id][c->nwrites[id]++] = in;
            Value *v = in->args.len ? in->args.v[0] : NULL;
            if (in->op == OP_ADJ_ADD && v->def->op == OP_ADJ_READ &&
                in->parent == in->slot->home && same_type(v->type, in->slot->type))
                c->copy[id] = in;
        }
        if (in->op == OP_ADJ_READ)
            c->last_read[in->slot->id] = in->pos;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            number(r[k], c);
    }
}

/* Is w inside a loop that sits in block b (rather than around it)? */
static bool in_loop_within(Inst *w, Block *b) {
    bool through_loop = false;
    for (Block *x = w->parent; x; x = x->owner ? x->owner->parent : NULL) {
        if (x == b)
            return through_loop;
        if (x->owner && is_loop(x->owner))
            through_loop = true;
    }
    return false;
}

/* May the reads of dest read src instead?  Only if src does not change
 * between the copy and any of those reads: every write of src after the
 * copy comes after the last read, and not inside a loop of the copy's
 * block, whose next trip would read again. */
static bool can_forward(Copies *c, Inst *copy, Slot *src, Slot *dest) {
    for (int i = 0; i < c->nwrites[src->id]; i++) {
        Inst *w = c->writes[src->id][i];
        if (w->pos < copy->pos)
            continue;
        if (w->pos < c->last_read[dest->id] || in_loop_within(w, copy->parent))
            return false;
    }
    return true;
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
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            redirect_reads(c, r[k]);
    }
}

/* An add node passes its adjoint on unchanged, so `d_t = d_s` is common.
 * When such a copy is the only contribution a slot receives, sits in the
 * slot's own block, and its source does not change before the slot is
 * read, readers read the source directly and the slot disappears. */
/* A slot whose one write adds a parameter (the seed d_f of a reverse half)
 * holds that parameter: its reads become the parameter. */
static void find_param_adds(Block *b, int *writes, Inst **param_add) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_ADJ_ADD || in->op == OP_ADJ_SET || in->op == OP_ADJ_ADDR) {
            writes[in->slot->id]++;
            if (in->op == OP_ADJ_ADD && in->args.v[0]->def->op == OP_PARAM &&
                in->parent == in->slot->home)
                param_add[in->slot->id] = in;
        }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            find_param_adds(r[k], writes, param_add);
    }
}

static void rename_reads(Block *b, Value **held, Value **rename) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_ADJ_READ && held[in->slot->id])
            rename[in->results.v[0]->id] = held[in->slot->id];
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            rename_reads(r[k], held, rename);
    }
}

static bool forward_params_once(Func *g) {
    int *writes = new_array(int, g->nslots);
    Inst **param_add = new_array(Inst *, g->nslots);
    Value **held = new_array(Value *, g->nslots);
    find_param_adds(g->body, writes, param_add);
    bool any = false;
    for (int i = 0; i < g->nslots; i++)
        if (writes[i] == 1 && param_add[i]) {
            held[i] = param_add[i]->args.v[0];
            ir_remove(param_add[i]);
            any = true;
        }
    if (!any)
        return false;
    Value **rename = new_array(Value *, g->nvalues);
    rename_reads(g->body, held, rename);
    ir_replace_uses(g, rename);
    return true;
}

/* Reads renamed to a parameter may make more slots hold it: to the end. */
static void forward_params(Func *g) {
    while (forward_params_once(g))
        ;
}

static void forward_copies(Func *g) {
    int n = g->nslots;
    Copies c = {new_array(int, n), new_array(Inst *, n), new_array(Slot *, n), new_array(int, n),
                new_array(Inst **, n), new_array(int, n), new_array(int, n)};
    program_order = 0;
    number(g->body, &c);
    for (int i = 0; i < n; i++)
        if (c.adds[i] == 1 && c.copy[i]) {
            Slot *src = c.copy[i]->args.v[0]->def->slot;
            if (src != c.copy[i]->slot && can_forward(&c, c.copy[i], src, c.copy[i]->slot))
                c.forward_to[i] = src;
        }
    redirect_reads(&c, g->body);
}

/* d = d (a slot set to its own unchanged value) is nothing. */
static void drop_self_sets(Block *b) {
    Inst *next;
    for (Inst *in = b->first; in; in = next) {
        next = in->next;
        Value *v = in->args.len ? in->args.v[0] : NULL;
        if (in->op == OP_ADJ_SET && v->def->op == OP_ADJ_READ && v->def->slot == in->slot &&
            v->def->next == in)
            ir_remove(in);
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            drop_self_sets(r[k]);
    }
}

/* ---- the gradient function ---- */

/* The parameters: the primal ones, each named one followed by its adjoint
 * d_<name> (in the function that runs the reverse sweep). */
static void make_signature(Reverser *R) {
    for (int i = 0; i < R->primal->params.len; i++) {
        Value *p = R->primal->params.v[i];
        Value *f = new_param(R->forward, p->type, p->name);
        R->fwd[p->id] = f;
        Value *g = R->split ? new_param(R->reverse, p->type, p->name) : f;
        R->visible[p->id] = g;
        if (!R->primal->named[i])
            continue;
        Type *elem = p->type->kind == TY_PTR ? p->type->base : p->type;
        g->shadow = new_param(R->reverse, pointer_to(elem, false), format("d_%s", p->name));
        g->shadow->is_shadow = true;
        g->scalar_shadow = is_floating(p->type);
    }
}

/* Numbers the primal in program order and lists each array's stores. */
static void find_stores(Reverser *R, Block *b, int *order) {
    for (Inst *in = b->first; in; in = in->next) {
        in->pos = ++*order;
        for (int i = 0; i < in->args.len; i++) {
            Value *a = in->args.v[i];
            bool writes = (in->op == OP_STORE && i == 0) ||
                          (in->op == OP_CALL && pset_has(&in->writes, i));
            if (!writes || !a->base)
                continue;
            int id = a->base->id;
            R->stored[id] = array_grow(R->stored[id], R->nstored[id], &R->stored_cap[id],
                                       sizeof(Inst *));
            R->stored[id][R->nstored[id]++] = in;
        }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            find_stores(R, r[k], order);
    }
}

/* A loop that is not counted gets a carried trip counter in the primal
 * itself, so that its count is a primal value: available where the
 * reverse loop is built, and saved like any other when the loop sits in
 * another loop. */
static void count_trips(Func *f, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            count_trips(f, r[k]);
        if (in->op != OP_LOOP || !inst_is_active(in))
            continue;
        Inst *guard = while_guard(in);
        Builder ib = {f, b, in->loc, false};
        Value *zero = ir_int(&ib, ty_int, 0);
        insert_before(in, zero->def);
        Value *trips = add_iter(f, in, ty_int, zero);
        trips->name = "trips";
        Builder tb = {f, guard ? guard->then : in->body, in->loc, false};
        Value *next = ir_op(&tb, OP_ADD, ty_int, trips, ir_int(&tb, ty_int, 1), NULL);
        if (guard) {
            /* Count the trips the guard lets through, not the last test. */
            Value *counted = add_result(f, guard, ty_int);
            vl_push(&guard->then->yields, next);
            vl_push(&guard->els->yields, trips);
            next = counted;
        }
        vl_push(&in->body->yields, next);
        add_result(f, in, ty_int)->name = "trips";
    }
}

/* ---- functions of the model ---- */

/* A function of the model, differentiated for one pattern of activity at
 * its call sites: which parameters need adjoints, whether its result does,
 * and which parameter arrays stay unchanged between the sweeps.  Its
 * forward sweep and its reverse sweep are separate functions, so that the
 * caller runs one in its own forward sweep and the other in its reverse;
 * what the reverse needs travels on the tape between them. */
typedef struct Spec {
    Func *target;                            /* the primal function */
    ParamSet adjoints, finals;               /* by parameter */
    bool result;                             /* its result needs an adjoint */
    Func *forward, *reverse;
    struct Spec *next;
} Spec;

static Spec *specs;

static void run_reverse(Reverser *R);

static const char *spec_name(Func *target, const char *sweep) {
    const char *base = format("%s_%s", target->name, sweep);
    const char *name = base;
    for (int k = 1;; k++) {
        bool taken = names_has(&program->globals, name);
        for (Spec *s = specs; s; s = s->next)
            taken |= streq(s->forward->name, name) || streq(s->reverse->name, name);
        if (!taken)
            return name;
        name = format("%s_%d", base, k);
    }
}

static Spec *specialize(Func *target, ParamSet adjoints, ParamSet finals, bool result) {
    for (Spec *s = specs; s; s = s->next)
        if (s->target == target && pset_eq(&s->adjoints, &adjoints) && pset_eq(&s->finals, &finals) &&
            s->result == result)
            return s;
    Func *primal = ir_clone_func(target);
    for (int i = 0; i < primal->params.len; i++) {
        primal->named[i] = pset_has(&adjoints, i);
        primal->params.v[i]->varied = primal->named[i];
    }
    ir_cse(primal, false);
    hoist_loads(primal);
    analyze_activity(primal, result);
    Spec *spec = arena_alloc(sizeof *spec);
    *spec = (Spec){target, adjoints, finals, result, NULL, NULL, specs};
    spec->forward = new_func(spec_name(target, "fwd"), target->returns_void ? ty_void : target->ret);
    spec->reverse = new_func(spec_name(target, "rev"), ty_void);
    specs = spec;                            /* before the body: it may call itself */
    Reverser R = {0};
    R.primal = primal;
    R.forward = spec->forward;
    R.reverse = spec->reverse;
    R.split = true;
    R.final_params = finals;
    R.result_adjoint = result;
    spec->forward->primal = spec->reverse->primal = primal;
    spec->forward->loc = spec->reverse->loc = target->loc;
    spec->forward->is_helper = spec->reverse->is_helper = true;
    bool tracked = nbuilding + 2 <= NESTING_MAX;
    if (tracked) {
        building[nbuilding++] = spec->forward;
        building[nbuilding++] = spec->reverse;
    } else {
        untracked++;
    }
    run_reverse(&R);
    if (tracked)
        nbuilding -= 2;
    else
        untracked--;
    program->helpers = array_grow(program->helpers, program->nhelpers, &program->helpers_cap,
                                  sizeof *program->helpers);
    program->helpers[program->nhelpers++] = spec->forward;
    program->helpers = array_grow(program->helpers, program->nhelpers, &program->helpers_cap,
                                  sizeof *program->helpers);
    program->helpers[program->nhelpers++] = spec->reverse;
    return spec;
}

/* The activity pattern of a call of a function of the model. */
static Spec *spec_of_call(Reverser *R, Inst *call) {
    ParamSet adjoints = {0}, finals = {0};
    for (int i = 0; i < call->args.len; i++) {
        Value *a = call->args.v[i];
        if (a->active)
            pset_add(&adjoints, i);
        if (is_object(a->type) && a->base && stays_until_reverse(R, a->base, call))
            pset_add(&finals, i);
    }
    bool result = call->results.len && call->results.v[0]->active;
    return specialize(call->target, adjoints, finals, result);
}

/* The forward sweep calls each function's forward half. */
static void retarget_calls(Reverser *R, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_CALL && in->target)
            in->clone->callee = spec_of_call(R, in)->forward->name;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            retarget_calls(R, r[k]);
    }
}

/* Where the adjoint of primal value pv is, as a pointer: for a call's
 * adjoint arguments. */
static Value *adjoint_address(Reverser *R, Value *pv) {
    Inst *d = pv->def;
    if (is_object(pv->type))
        return shadow_ptr(R, pv);
    if (d->op == OP_PARAM)
        return R->visible[pv->id]->shadow;
    if (d->op == OP_LOAD && !pv->is_iter && loads_direct(R, d))
        return ir_ptradd(&R->b, shadow_ptr(R, d->args.v[0]), fwd_value(R, d->args.v[1]));
    return ir_adj_addr(&R->b, slot_of(R, pv));
}

/* The reverse of a call: the callee's reverse half (or the BP_ADJOINT the
 * model gave it) with the arguments again, the addresses of their
 * adjoints, and the adjoint of the result. */
static void reverse_call(Reverser *R, Inst *in) {
    bool result = in->results.len && in->results.v[0]->active;
    bool any = result;
    for (int i = 0; i < in->args.len; i++)
        any |= in->args.v[i]->active && is_object(in->args.v[i]->type);
    if (!any)
        return;
    if (!in->target && !in->adjoint)
        error_at(in->loc, "no derivative is known for '%s', and a derivative has to flow "
                 "through it; give it one with 'BP_ADJOINT(%s, %s_adj);' and a function "
                 "%s_adj (see the README), or compute it with math.h functions bpgen knows",
                 in->callee, in->callee, in->callee, in->callee);
    Spec *spec = in->target ? spec_of_call(R, in) : NULL;
    Value *d = result ? ir_adj_read(&R->b, slot_of(R, in->results.v[0])) : NULL;
    ValueList args = {0};
    for (int i = 0; i < in->args.len; i++) {
        Value *a = in->args.v[i];
        /* A local array of a forward half is gone by the reverse, unless
         * restored: the callee's reverse, told so by its pattern, never
         * reads it. */
        bool gone = R->split && a->type->kind == TY_PTR && a->base &&
                    a->base->def->op == OP_ALLOCA &&
                    !(R->restored[a->base->id] && (!spec || pset_has(&spec->finals, i)));
        if (!spec && a->type->kind == TY_PTR && a->base &&
            !stays(R, a->base, in, pset_has(&in->writes, i)))
            error_at(in->loc, "the array passed to '%s' as argument %d changes before the "
                     "reverse sweep, where its adjoint '%s' would read it changed, and bpgen "
                     "cannot save an array whose length it does not know; pass '%s' a copy "
                     "that stays as it is", in->callee, i + 1, in->adjoint, in->callee);
        vl_push(&args, gone ? ir_null(&R->b, a->type) : fwd_value(R, a));
        bool adjoint = spec ? pset_has(&spec->adjoints, i) : has_floating(a->type);
        if (adjoint)
            vl_push(&args, a->active ? adjoint_address(R, a) : ir_null(&R->b, a->type));
    }
    if (result)
        vl_push(&args, d);
    const char *callee = spec ? spec->reverse->name : in->adjoint;
    mark_writes(ir_call(&R->b, callee, ty_void, args.v, args.len)->def);
}

/* ---- the sweeps ---- */

/* A split pair's local arrays die with the forward half.  A small one the
 * reverse half may read is saved whole at the end of the forward half and
 * restored first thing in the reverse half, so that what the function reads
 * from it after its last write (a rotation's axis, a difference vector)
 * is read there again instead of saved value by value, and calls reading
 * it need not save it either.  Those the reverse half ends up not reading
 * are dropped again (finish_restored). */
enum { RESTORE_MAX = 64 };                   /* elements */

static void plan_restored(Reverser *R) {
    for (Inst *in = R->primal->body->first; in; in = in->next) {
        Value *count = in->op == OP_ALLOCA ? in->args.v[0] : NULL;
        if (!count || count->def->op != OP_CONST || count->def->inum > RESTORE_MAX)
            continue;
        Value *a = in->results.v[0];
        Builder b = {R->reverse, R->reverse->body, in->loc, false};
        Value *copy = ir_alloca(&b, a->type->base, ir_int(&b, ty_int, count->def->inum), false);
        copy->name = a->name;
        R->restored[a->id] = R->top.at_hand[a->id] = copy;
    }
}

/* The function of the model named `name`'s half being built or built, or
 * NULL (a BP_ADJOINT, a library function). */
static Func *half_named(const char *name) {
    Func *built = program_helper(program, name);
    if (built)
        return built;
    for (int i = 0; i < nbuilding; i++)
        if (streq(building[i]->name, name))
            return building[i];
    return NULL;
}

/* May b, or a half it calls, push on the tape (and so move it, and write
 * over what a span popped before holds)?  A reverse half pops only, but
 * the halves it calls are checked all the same; one still being built is
 * taken to push, and one calling itself adds nothing of its own. */
static bool may_push(Block *b);

static bool call_may_push(Inst *call) {
    static Func *scanning[NESTING_MAX];
    static int nscanning;
    if (streq(call->callee, "bp_tape_reserve"))
        return true;
    Func *h = half_named(call->callee);
    if (!h)
        return untracked > 0;
    for (int i = 0; i < nbuilding; i++)
        if (building[i] == h)
            return true;
    for (int i = 0; i < nscanning; i++)
        if (scanning[i] == h)
            return false;
    if (nscanning == NESTING_MAX)
        return true;
    scanning[nscanning++] = h;
    bool pushes = may_push(h->body);
    nscanning--;
    return pushes;
}

static bool may_push(Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_PUSH || in->op == OP_CLAIM || in->op == OP_SAVE)
            return true;
        if (in->op == OP_CALL && call_may_push(in))
            return true;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            if (may_push(r[k]))
                return true;
    }
    return false;
}

/* Does b only read `copy`: load from it, or pass it where a half of the
 * model takes a const pointer?  Then it may read a span instead. */
static bool only_read(Block *b, Value *copy) {
    for (Inst *in = b->first; in; in = in->next) {
        Func *callee = in->op == OP_CALL ? half_named(in->callee) : NULL;
        for (int i = 0; i < in->args.len; i++) {
            if (in->args.v[i] != copy || (in->op == OP_LOAD && i == 0))
                continue;
            Type *t = callee && i < callee->params.len ? callee->params.v[i]->type : NULL;
            if (!t || t->kind != TY_PTR || !t->is_const)
                return false;
        }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            if (!only_read(r[k], copy))
                return false;
    }
    for (int i = 0; i < b->yields.len; i++)
        if (b->yields.v[i] == copy)
            return false;
    return true;
}

/* Does the primal write array `a` whatever path it takes: is a store into
 * it, or a call writing it, outside any IF and any loop but those counted
 * between constants?  (Else the forward half zeroes it, so that copying
 * it into the span reads nothing unset.) */
static bool written_anyway(Reverser *R, Value *a) {
    for (int i = 0; i < R->nstored[a->id]; i++) {
        Block *b = R->stored[a->id][i]->parent;
        while (b->owner && b->owner->op == OP_FOR && b->owner->args.v[0]->def->op == OP_CONST &&
               b->owner->args.v[1]->def->op == OP_CONST)
            b = b->owner->parent;
        if (!b->owner)
            return true;
    }
    return false;
}

/* The restored arrays the reverse half reads go back on the tape: those
 * of doubles it only reads, into the span of claim_top_spans; the others
 * whole, pushed at the end of the forward half and popped back into their
 * copy first thing in the reverse half.  Those it does not read are
 * dropped. */
static void finish_restored(Reverser *R) {
    ir_count_uses(R->reverse);
    bool in_place = !may_push(R->reverse->body);
    int nfold = 0;
    Folded *fold = new_array(Folded, R->primal->nvalues);
    for (Inst *in = R->primal->body->first; in; in = in->next) {
        Value **copy = in->op == OP_ALLOCA ? &R->restored[in->results.v[0]->id] : NULL;
        if (!copy || !*copy)
            continue;
        Inst *a = (*copy)->def;
        ir_remove(a);
        ir_remove(a->args.v[0]->def);
        bool folded = (*copy)->uses && in_place && (*copy)->type->base->kind == TY_DOUBLE &&
                      only_read(R->reverse->body, *copy);
        Value *array = R->fwd[in->results.v[0]->id];
        if (folded) {
            fold[nfold++] = (Folded){array, *copy, (int)a->args.v[0]->def->inum};
            array->def->zeroed |= !written_anyway(R, in->results.v[0]);
        }
        if (folded || !(*copy)->uses)
            *copy = NULL;
    }
    claim_top_spans(R, fold, nfold);
    for (Inst *in = R->primal->body->first; in; in = in->next) {
        Value *copy = in->op == OP_ALLOCA ? R->restored[in->results.v[0]->id] : NULL;
        if (!copy)
            continue;
        Inst *a = copy->def;
        Builder fb = {R->forward, R->forward->body, in->loc, false};
        ir_save(&fb, R->fwd[in->results.v[0]->id], NULL)->forward = true;
        Builder rb = {R->reverse, R->reverse->body, in->loc, false};
        insert_at_head(R->reverse->body, ir_restore(&rb, copy));
        insert_at_head(R->reverse->body, a);
        insert_at_head(R->reverse->body, a->args.v[0]->def);
    }
}

/* Builds both sweeps of R->primal into R->forward and R->reverse (the same
 * function when they are not split). */
static void run_reverse(Reverser *R) {
    Func *primal = R->primal;
    count_trips(primal, primal->body);
    int n = primal->nvalues;
    R->fwd = new_array(Value *, n);
    R->visible = new_array(Value *, n);
    R->slots = new_array(Slot *, n);
    R->shadow = new_array(Value *, n);
    R->stored = new_array(Inst **, n);
    R->nstored = new_array(int, n);
    R->stored_cap = new_array(int, n);
    R->done = new_array(bool, n);
    R->restored = new_array(Value *, n);
    int order = 0;
    find_stores(R, primal->body, &order);
    ir_count_uses(primal);
    make_signature(R);
    clone_forward(R);
    if (R->split) {
        R->top = (Scope){NULL, NULL, NULL, R->forward->body, R->reverse->body,
                         new_array(Value *, n), NULL};
        if (!primal->returns_void)
            vl_push(&R->forward->body->yields, R->fwd[primal->body->yields.v[0]->id]);
        plan_restored(R);
    }
    retarget_calls(R, primal->body);      /* after plan_restored: it changes the patterns */

    R->b = (Builder){R->reverse, R->reverse->body, primal->loc, true};
    primal->body->mirror = R->reverse->body;
    make_shadows(R, primal->body);
    make_own_shadows(R);
    Value *ret = primal->body->yields.v[0];
    if (ret->active || (R->split && R->result_adjoint)) {
        /* A reverse half takes its result's adjoint as its callers see it:
         * a function returning a constant still takes it, unused. */
        Value *seed = ir_const(&R->b, ret->type, 1);
        if (R->split) {
            seed = new_param(R->reverse, ret->type, format("d_%s", primal->name));
            seed->is_shadow = true;
        }
        if (ret->active)
            accumulate(R, ret, seed);
    }
    reverse_block(R, primal->body);
    add_param_sums(R);
    fold_own_shadows(R);
    for (int i = 0; i < R->shadow_frees.len; i++)
        ir_free(&R->b, R->shadow_frees.v[i]);
    /* Each buffer the primal freed, once, whatever paths freed it. */
    for (int i = 0; i < R->frees.len; i++) {
        Value *base = R->frees.v[i]->base;
        bool again = false;
        for (int k = 0; k < i; k++)
            again |= R->frees.v[k]->base == base;
        if (!again)
            ir_free(&R->b, fwd_value(R, base));
    }
    if (R->split) {
        finish_restored(R);              /* and claim_top_spans */
    }
    else
        vl_push(&R->reverse->body->yields, R->fwd[ret->id]);
    for (Func *f = R->forward; f; f = f == R->forward && R->split ? R->reverse : NULL) {
        drop_self_sets(f->body);
        forward_params(f);
        forward_copies(f);
        drop_self_sets(f->body);
        ir_cse(f, true);
        ir_dce(f);
        if (split_sums(f)) {
            ir_cse(f, true);
            ir_dce(f);
        }
        ir_verify(f);
    }
}

void ad_begin(Program *p) {
    program = p;
    specs = NULL;
    nbuilding = untracked = 0;
}

Func *ad_reverse(Func *primal) {
    Reverser R = {0};
    R.primal = primal;
    R.forward = R.reverse = new_func(format("%s_grad", primal->name), primal->ret);
    R.forward->loc = primal->loc;
    R.forward->primal = primal;
    run_reverse(&R);
    return R.forward;
}

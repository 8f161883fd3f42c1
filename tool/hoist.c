/*
 * hoist.c: loads a counted loop repeats, done once before it.
 *
 * In
 *
 *     for (int j = i + 1; j < d; j++)
 *         out[j] += l[idx + j] * x[i];
 *
 * x[i] reads the same element on every trip, and nothing in the loop
 * writes x, so it reads the same value: the load moves in front of the
 * loop, guarded by the loop's first test (x[i] may not exist when the loop
 * does not run):
 *
 *     double xi = 0;  if (i + 1 < d) xi = x[i];
 *     for (...) out[j] += l[idx + j] * xi;
 *
 * C compilers do this to the primal anyway.  For the gradient it matters
 * more: the reverse sweep then adds the adjoint of x[i] up in a scalar and
 * writes d_x[i] once, and the forward sweep saves xi once per loop instead
 * of once per trip.
 *
 * Only loads that run on every trip qualify (those directly in the body of
 * a counted loop, which neither breaks nor returns), from a pointer the
 * pass can trace to its array (a parameter, a local array or a malloc'ed
 * buffer, moved by pointer arithmetic and members), with operands from
 * outside the loop, from an array nothing in the loop writes, stores and
 * calls included.  A loop with a write the pass cannot trace keeps its
 * loads.  Runs on a primal Func, before activity analysis.
 */
#include "ir.h"

/* The array p points into, as far as its definition shows; NULL if not
 * known (a pointer a loop carries, or one a branch picks). */
static Value *array_of(Value *p) {
    for (;;) {
        if (p->is_iter)
            return NULL;
        switch (p->def->op) {
        case OP_PARAM: case OP_ALLOCA: case OP_MALLOC:
            return is_object(p->type) ? p : NULL;
        case OP_PTRADD: case OP_FIELD: case OP_LOAD:
            p = p->def->args.v[0];
            break;
        default:
            return NULL;
        }
    }
}

/* The arrays block b writes, into *w (NULL in the list: one it cannot
 * trace). */
typedef struct {
    Value **v;
    int n, cap;
} Writes;

static void add_write(Writes *w, Value *p) {
    w->v = array_grow(w->v, w->n, &w->cap, sizeof *w->v);
    w->v[w->n++] = is_object(p->type) ? array_of(p) : p->type->kind == TY_PTR ? NULL : p;
}

static void find_writes(Block *b, Writes *w) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_STORE || in->op == OP_FREE)
            add_write(w, in->args.v[0]);
        for (int i = 0; in->op == OP_CALL && i < in->args.len; i++)
            if (pset_has(&in->writes, i))
                add_write(w, in->args.v[i]);
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            find_writes(r[k], w);
    }
}

static bool inside(Inst *in, Inst *loop) {
    for (Block *b = in->parent; b && b->owner; b = b->owner->parent)
        if (b->owner == loop)
            return true;
    return false;
}

static bool defined_outside(Value *v, Inst *loop) {
    return v->def != loop && !inside(v->def, loop);
}

static bool invariant_load(Inst *in, Inst *loop, Writes *w) {
    if (in->op != OP_LOAD || !defined_outside(in->args.v[0], loop) ||
        !defined_outside(in->args.v[1], loop))
        return false;
    Value *a = array_of(in->args.v[0]);
    if (!a)
        return false;
    for (int i = 0; i < w->n; i++)
        if (!w->v[i] || w->v[i] == a)
            return false;
    return true;
}

/* Moves loop's invariant loads into one guarded IF in front of it; the
 * loads' uses are renamed to the IF's results. */
typedef struct {
    Func *fn;
    Value **from, **to;                      /* each hoisted load, and its IF result */
    int n, cap, to_cap;
} Hoist;

static void hoist_from(Hoist *H, Inst *loop) {
    Func *f = H->fn;
    Writes w = {0};
    find_writes(loop->body, &w);
    Inst *guard = NULL;
    for (Inst *in = loop->body->first, *next; in; in = next) {
        next = in->next;
        if (!invariant_load(in, loop, &w))
            continue;
        if (!guard) {
            Builder b = {f, loop->parent, loop->loc, false};
            Value *first = ir_op(&b, loop->cmp, ty_int, loop->args.v[0], loop->args.v[1], NULL);
            guard = ir_if(&b, first);
            insert_before(loop, first->def);
            insert_before(loop, guard);
        }
        Value *v = in->results.v[0];
        Builder eb = {f, guard->els, in->loc, false};
        vl_push(&guard->els->yields, ir_undef(&eb, v->type));
        ir_remove(in);
        Builder tb = {f, guard->then, in->loc, false};
        Value *again = ir_load(&tb, in->args.v[0], in->args.v[1]);
        again->name = v->name;
        vl_push(&guard->then->yields, again);
        Value *r = add_result(f, guard, v->type);
        r->name = v->name;
        H->from = array_grow(H->from, H->n, &H->cap, sizeof *H->from);
        H->to = array_grow(H->to, H->n, &H->to_cap, sizeof *H->to);
        H->from[H->n] = v;
        H->to[H->n++] = r;
    }
}

static void hoist_block(Hoist *H, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            hoist_block(H, r[k]);
        if (in->op == OP_FOR)
            hoist_from(H, in);
    }
}

void hoist_loads(Func *f) {
    Hoist H = {f};
    hoist_block(&H, f->body);
    if (!H.n)
        return;
    Value **rename = new_array(Value *, f->nvalues);
    for (int i = 0; i < H.n; i++)
        rename[H.from[i]->id] = H.to[i];
    ir_replace_uses(f, rename);
}

/*
 * ir.c: the SSA dataflow graph: types, construction, use counts, dead code
 * removal, the verifier that runs between passes, and the --emit=ssa text.
 *
 * Construction goes through a Builder that appends to a Block.  With
 * `fold` set (the reverse pass sets it) the builder also folds constants and
 * the identities x*1, x/1, x+0, x-0 and -(-x), so that the adjoint of
 * y = x * 1 is `d_x += d_y` and not `d_x += d_y * 1.0`.
 *
 * The SSA text names each value after the source variable it was assigned
 * to (%y, then %y.1, %y.2 for later versions) or by number (%4), prints
 * constants at their uses, and marks activity after a semicolon.
 */
#include "ir.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- types ---- */

static Type void_type = {TY_VOID, "void", NULL, false};
static Type int_type_ = {TY_INT, "int", NULL, false};
static Type float_type = {TY_FLOAT, "float", NULL, false};
static Type double_type = {TY_DOUBLE, "double", NULL, false};
Type *ty_void = &void_type, *ty_int = &int_type_, *ty_float = &float_type,
     *ty_double = &double_type;

Type *pointer_to(Type *base, bool is_const) {
    Type *t = arena_alloc(sizeof *t);
    t->kind = TY_PTR;
    t->base = base;
    t->is_const = is_const;
    t->spelling = format("%s%s *", is_const ? "const " : "", base->spelling);
    return t;
}

Type *int_type(const char *spelling) {
    if (streq(spelling, "int"))
        return ty_int;
    Type *t = arena_alloc(sizeof *t);
    t->kind = TY_INT;
    t->spelling = arena_strdup(spelling);
    return t;
}

bool is_unsigned(Type *t) {
    return t->kind == TY_INT && strncmp(t->spelling, "unsigned", 8) == 0;
}

bool is_floating(Type *t) {
    return t && (t->kind == TY_FLOAT || t->kind == TY_DOUBLE);
}

bool is_floating_ptr(Type *t) {
    return t && t->kind == TY_PTR && is_floating(t->base);
}

bool has_floating(Type *t) {
    if (!t)
        return false;
    if (is_floating(t))
        return true;
    if (t->kind == TY_PTR)
        return has_floating(t->base);
    for (int i = 0; t->kind == TY_STRUCT && i < t->nfields; i++)
        if (has_floating(t->fields[i].type))
            return true;
    return false;
}

bool is_object(Type *t) {
    return t && (t->kind == TY_PTR || t->kind == TY_STRUCT);
}

Field *find_field(Type *t, const char *name) {
    if (t && t->kind == TY_PTR)
        t = t->base;
    for (int i = 0; t && t->kind == TY_STRUCT && i < t->nfields; i++)
        if (streq(t->fields[i].name, name))
            return &t->fields[i];
    return NULL;
}

bool same_type(Type *a, Type *b) {
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind)
        return false;
    if (a->kind == TY_PTR)
        return a->is_const == b->is_const && same_type(a->base, b->base);
    return (a->kind != TY_INT && a->kind != TY_STRUCT) || streq(a->spelling, b->spelling);
}

char *type_decl(Type *t, const char *name) {
    if (t->kind == TY_PTR)
        return format("%s%s", t->spelling, name);
    return format("%s %s", t->spelling, name);
}

/* ---- the op table ---- */

const OpInfo op_info[NUM_OPS] = {
#define OP(name, spelling, arity, kind, d0, d1, d2) {#name, spelling, arity, kind, {d0, d1, d2}},
#include "ops.def"
#undef OP
};

Op op_by_spelling(const char *spelling, OpKind kind) {
    for (int i = 0; i < NUM_OPS; i++)
        if (op_info[i].kind == kind && streq(op_info[i].spelling, spelling))
            return (Op)i;
    return NUM_OPS;
}

/* ---- construction ---- */

Func *new_func(const char *name, Type *ret) {
    Func *f = arena_alloc(sizeof *f);
    f->name = name;
    f->ret = ret;
    f->body = new_block(NULL);
    return f;
}

Block *new_block(Inst *owner) {
    Block *b = arena_alloc(sizeof *b);
    b->owner = owner;
    return b;
}

static Value *new_value(Func *f, Type *t) {
    Value *v = arena_alloc(sizeof *v);
    v->id = f->nvalues++;
    v->type = t;
    return v;
}

Value *add_result(Func *f, Inst *in, Type *t) {
    Value *v = new_value(f, t);
    v->def = in;
    v->index = in->results.len;
    vl_push(&in->results, v);
    return v;
}

static void append(Block *b, Inst *in) {
    in->parent = b;
    in->prev = b->last;
    if (b->last)
        b->last->next = in;
    else
        b->first = in;
    b->last = in;
}

Inst *new_inst(Builder *b, Op op) {
    Inst *in = arena_alloc(sizeof *in);
    in->op = op;
    in->loc = b->loc;
    append(b->block, in);
    return in;
}

Value *new_param(Func *f, Type *t, const char *name) {
    Inst *in = arena_alloc(sizeof *in);
    in->op = OP_PARAM;
    in->param_index = f->params.len;
    in->loc = f->loc;
    Value *v = add_result(f, in, t);
    v->name = name;
    vl_push(&f->params, v);
    return v;
}

void ir_remove(Inst *in) {
    Block *b = in->parent;
    if (in->prev)
        in->prev->next = in->next;
    else
        b->first = in->next;
    if (in->next)
        in->next->prev = in->prev;
    else
        b->last = in->prev;
    in->prev = in->next = NULL;
    in->parent = NULL;
}

Value *ir_const(Builder *b, Type *t, double v) {
    Inst *in = new_inst(b, OP_CONST);
    if (t->kind == TY_INT)
        in->inum = (long long)v;
    in->fnum = v;
    return add_result(b->fn, in, t);
}

Value *ir_int(Builder *b, Type *t, long long v) {
    Inst *in = new_inst(b, OP_CONST);
    in->inum = v;
    in->fnum = (double)v;
    return add_result(b->fn, in, t);
}

Value *ir_undef(Builder *b, Type *t) {
    return add_result(b->fn, new_inst(b, OP_UNDEF), t);
}

bool is_const(Value *v, double x) {
    return v->def && v->def->op == OP_CONST && v->def->fnum == x;
}

static bool both_const(Value *x, Value *y) {
    return x->def->op == OP_CONST && y->def->op == OP_CONST && is_floating(x->type);
}

/* Folding keeps the generated adjoints free of `* 1.0` and `+ 0.0`. */
static Value *fold(Builder *b, Op op, Type *t, Value *x, Value *y) {
    switch (op) {
    case OP_ADD:
        if (both_const(x, y))
            return ir_const(b, t, x->def->fnum + y->def->fnum);
        if (is_const(x, 0))
            return y;
        if (is_const(y, 0))
            return x;
        break;
    case OP_SUB:
        if (both_const(x, y))
            return ir_const(b, t, x->def->fnum - y->def->fnum);
        if (is_const(y, 0))
            return x;
        if (is_const(x, 0))
            return ir_op(b, OP_NEG, t, y, NULL, NULL);
        break;
    case OP_MUL:
        if (both_const(x, y))
            return ir_const(b, t, x->def->fnum * y->def->fnum);
        if (is_const(x, 1))
            return y;
        if (is_const(y, 1))
            return x;
        break;
    case OP_DIV:
        if (is_const(y, 1))
            return x;
        break;
    case OP_NEG:
        if (x->def->op == OP_CONST && is_floating(t))
            return ir_const(b, t, -x->def->fnum);
        if (x->def->op == OP_NEG)
            return x->def->args.v[0];
        break;
    default:
        break;
    }
    return NULL;
}

Value *ir_op(Builder *b, Op op, Type *t, Value *x, Value *y, Value *z) {
    if (b->fold) {
        Value *v = fold(b, op, t, x, y);
        if (v)
            return v;
    }
    Inst *in = new_inst(b, op);
    Value *ops[3] = {x, y, z};
    for (int i = 0; i < 3 && ops[i]; i++)
        vl_push(&in->args, ops[i]);
    return add_result(b->fn, in, t);
}

/* C's own integer types: their rank in C's conversions (6.3.1.1) and
 * their range here (LP64). */
static const struct {
    const char *spelling;
    int rank;
    long long lo, hi;
} int_types[] = {
    {"_Bool", 1, 0, 1}, {"bool", 1, 0, 1},
    {"char", 2, -128, 127}, {"signed char", 2, -128, 127}, {"unsigned char", 2, 0, 255},
    {"short", 3, -32768, 32767}, {"unsigned short", 3, 0, 65535},
    {"int", 4, -2147483647 - 1, 2147483647}, {"unsigned int", 4, 0, 4294967295},
    {"long", 5, LLONG_MIN, LLONG_MAX}, {"unsigned long", 5, 0, LLONG_MAX},
    {"long long", 6, LLONG_MIN, LLONG_MAX}, {"unsigned long long", 6, 0, LLONG_MAX},
};

static int int_type_index(Type *t) {
    for (int i = 0; t->kind == TY_INT && i < (int)(sizeof int_types / sizeof int_types[0]); i++)
        if (streq(t->spelling, int_types[i].spelling))
            return i;
    return -1;
}

int int_rank(Type *t) {
    int i = int_type_index(t);
    return i < 0 ? 0 : int_types[i].rank;
}

/* Does integer type t hold v?  Conversions out of range are the generated
 * code's to make, as the user's code makes them (wrapping an unsigned, or
 * undefined from a double), not bpgen's. */
bool int_fits(Type *t, long long v) {
    int i = int_type_index(t);
    return i >= 0 && v >= int_types[i].lo && v <= int_types[i].hi;
}

Value *ir_cast(Builder *b, Type *t, Value *x) {
    /* Pointers convert to pointers (adding const, from void *) as they are. */
    if (same_type(t, x->type) || (t->kind == TY_PTR && x->type->kind == TY_PTR))
        return x;
    if (x->def && x->def->op == OP_CONST && t->kind != TY_PTR) {
        bool from_int = x->type->kind == TY_INT;
        double v = from_int ? (double)x->def->inum : x->def->fnum;
        if (t->kind != TY_INT)
            return ir_const(b, t, t->kind == TY_FLOAT ? (double)(float)v : v);
        if (from_int && int_fits(t, x->def->inum))
            return ir_int(b, t, x->def->inum);
        if (!from_int && v >= -0x1p63 && v < 0x1p63 && int_fits(t, (long long)v))
            return ir_int(b, t, (long long)v);
    }
    return ir_op(b, OP_CAST, t, x, NULL, NULL);
}

Value *ir_load(Builder *b, Value *ptr, Value *index) {
    return ir_op(b, OP_LOAD, ptr->type->base, ptr, index, NULL);
}

Inst *ir_if(Builder *b, Value *cond) {
    Inst *in = new_inst(b, OP_IF);
    vl_push(&in->args, cond);
    in->then = new_block(in);
    in->els = new_block(in);
    return in;
}

/* for (int counter = 0; counter < count; counter++), its body to build
 * into: loop->body, loop->iters.v[0]. */
Inst *ir_for_count(Builder *b, int count, const char *counter) {
    return ir_for(b, ir_int(b, ty_int, 0), ir_int(b, ty_int, count), OP_LT, 1, counter);
}

Inst *ir_for(Builder *b, Value *start, Value *bound, Op cmp, int step, const char *counter) {
    Inst *in = new_inst(b, OP_FOR);
    vl_push(&in->args, start);
    vl_push(&in->args, bound);
    in->cmp = cmp;
    in->step = step;
    in->body = new_block(in);
    Value *i = add_iter(b->fn, in, start->type, NULL);
    i->name = counter;
    return in;
}

Inst *ir_loop(Builder *b) {
    Inst *in = new_inst(b, OP_LOOP);
    in->body = new_block(in);
    return in;
}

/* A carried variable: its value at iteration start, from init (pass NULL
 * for a FOR's counter, which comes from its start). */
Value *add_iter(Func *f, Inst *loop, Type *t, Value *init) {
    Value *v = new_value(f, t);
    v->def = loop;
    v->is_iter = true;
    v->index = loop->iters.len;
    vl_push(&loop->iters, v);
    if (init)
        vl_push(&loop->args, init);
    return v;
}

Value *ir_store(Builder *b, Value *ptr, Value *index, Value *v) {
    Inst *in = new_inst(b, OP_STORE);
    vl_push(&in->args, ptr);
    vl_push(&in->args, index);
    vl_push(&in->args, v);
    return v;
}

Value *ir_ptradd(Builder *b, Value *ptr, Value *offset) {
    if (is_const(offset, 0))
        return ptr;
    return ir_op(b, OP_PTRADD, ptr->type, ptr, offset, NULL);
}

Value *ir_field(Builder *b, Value *p, const char *name) {
    Field *f = find_field(p->type, name);
    if (!f)
        internal_error("no member '%s'", name);
    Inst *in = new_inst(b, OP_FIELD);
    in->callee = name;
    vl_push(&in->args, p);
    bool is_const = p->type->kind == TY_PTR && p->type->is_const;
    return add_result(b->fn, in, pointer_to(f->type, is_const));
}

Value *ir_alloca(Builder *b, Type *elem, Value *count, bool zeroed) {
    Inst *in = new_inst(b, OP_ALLOCA);
    vl_push(&in->args, count);
    in->zeroed = zeroed;
    return add_result(b->fn, in, pointer_to(elem, false));
}

/* malloc(bytes), or calloc(n, size) when zeroed. */
Value *ir_malloc(Builder *b, Type *elem, Value **args, int nargs, bool zeroed) {
    Inst *in = new_inst(b, OP_MALLOC);
    for (int i = 0; i < nargs; i++)
        vl_push(&in->args, args[i]);
    in->zeroed = zeroed;
    return add_result(b->fn, in, pointer_to(elem, false));
}

void ir_free(Builder *b, Value *ptr) {
    vl_push(&new_inst(b, OP_FREE)->args, ptr);
}

void ir_push(Builder *b, Value *v) {
    vl_push(&new_inst(b, OP_PUSH)->args, v);
}

Value *ir_pop(Builder *b, Type *t) {
    return add_result(b->fn, new_inst(b, OP_POP), t);
}

Inst *ir_save(Builder *b, Value *array, Value *count) {
    Inst *in = new_inst(b, OP_SAVE);
    vl_push(&in->args, array);
    if (count)
        vl_push(&in->args, count);
    return in;
}

Value *ir_span(Builder *b, Type *t, Value *count) {
    Inst *in = new_inst(b, OP_SPAN);
    vl_push(&in->args, count);
    return add_result(b->fn, in, t);
}

Value *ir_claim(Builder *b, Type *t, Value *count) {
    Inst *in = new_inst(b, OP_CLAIM);
    vl_push(&in->args, count);
    return add_result(b->fn, in, t);
}

Value *ir_take(Builder *b, Value *p, Value *count) {
    Inst *in = new_inst(b, OP_TAKE);
    vl_push(&in->args, p);
    vl_push(&in->args, count);
    return add_result(b->fn, in, p->type);
}

void ir_clear(Builder *b, Value *p, Value *count) {
    Inst *in = new_inst(b, OP_CLEAR);
    vl_push(&in->args, p);
    vl_push(&in->args, count);
}

Inst *ir_restore(Builder *b, Value *array) {
    Inst *in = new_inst(b, OP_RESTORE);
    vl_push(&in->args, array);
    return in;
}

int regions_of(Inst *in, Block *out[2]) {
    if (in->op == OP_IF) {
        out[0] = in->then;
        out[1] = in->els;
        return 2;
    }
    if (in->body) {
        out[0] = in->body;
        return 1;
    }
    return 0;
}

bool is_loop(Inst *in) {
    return in && (in->op == OP_FOR || in->op == OP_LOOP);
}

Inst *while_guard(Inst *loop) {
    if (!loop || loop->op != OP_LOOP)
        return NULL;
    Block *b = loop->body;
    Inst *g = b->last;
    if (!g || g->op != OP_IF)
        return NULL;
    for (Inst *in = b->first; in != g; in = in->next)
        if (has_effects(in) || op_info[in->op].kind == K_REGION)
            return NULL;
    Value *again = b->yields.v[0];
    if (again->def != g || !is_const(g->then->yields.v[again->index], 1) ||
        !is_const(g->els->yields.v[again->index], 0))
        return NULL;
    for (int j = 0; j < loop->iters.len; j++) {
        Value *y = b->yields.v[j + 1], *it = loop->iters.v[j];
        if (y != it && (y->def != g || g->els->yields.v[y->index] != it))
            return NULL;
    }
    return g;
}

Inst *loop_around(Inst *in) {
    for (Block *b = in->parent; b && b->owner; b = b->owner->parent)
        if (is_loop(b->owner))
            return b->owner;
    return NULL;
}

Inst *loop_of(Value *v) {
    Inst *d = v->def;
    if (!d)
        return NULL;
    return v->is_iter ? d : loop_around(d);
}

void insert_before(Inst *at, Inst *in) {
    if (at == in || at->prev == in)
        return;
    Block *b = at->parent;
    if (in->parent)
        ir_remove(in);
    in->parent = b;
    in->next = at;
    in->prev = at->prev;
    if (at->prev)
        at->prev->next = in;
    else
        b->first = in;
    at->prev = in;
}

void insert_after(Inst *at, Inst *in) {
    if (at == in || at->next == in)
        return;
    if (at->next) {
        insert_before(at->next, in);
        return;
    }
    if (in->parent)
        ir_remove(in);
    append(at->parent, in);
}

void insert_at_head(Block *b, Inst *in) {
    if (b->first) {
        insert_before(b->first, in);
        return;
    }
    if (in->parent)
        ir_remove(in);
    append(b, in);
}

Value *ir_call(Builder *b, const char *callee, Type *t, Value **args, int nargs) {
    Inst *in = new_inst(b, OP_CALL);
    in->callee = callee;
    in->effects = true;
    for (int i = 0; i < nargs; i++)
        vl_push(&in->args, args[i]);
    return add_result(b->fn, in, t);
}

void ir_slot_home(Block *home, Slot *s) {
    s->home = home;
    home->slots = array_grow(home->slots, home->nslots, &home->slot_cap, sizeof *home->slots);
    home->slots[home->nslots++] = s;
}

Slot *ir_slot(Func *f, Block *home, Value *of) {
    Slot *s = arena_alloc(sizeof *s);
    s->id = f->nslots++;
    s->type = of->type;
    s->of = of;
    ir_slot_home(home, s);
    return s;
}

Value *ir_adj_read(Builder *b, Slot *s) {
    Inst *in = new_inst(b, OP_ADJ_READ);
    in->slot = s;
    return add_result(b->fn, in, s->type);
}

void ir_adj_add(Builder *b, Slot *s, Value *v) {
    Inst *in = new_inst(b, OP_ADJ_ADD);
    in->slot = s;
    vl_push(&in->args, v);
}

Value *ir_adj_addr(Builder *b, Slot *s) {
    Inst *in = new_inst(b, OP_ADJ_ADDR);
    in->slot = s;
    return add_result(b->fn, in, pointer_to(s->type, false));
}

Value *ir_null(Builder *b, Type *t) {
    return t->kind == TY_PTR ? ir_int(b, t, 0) : ir_const(b, t, 0);
}

void ir_adj_set(Builder *b, Slot *s, Value *v) {
    Inst *in = new_inst(b, OP_ADJ_SET);
    in->slot = s;
    vl_push(&in->args, v);
}

/* shadow[index] += v, or *shadow += v when index is NULL. */
void ir_acc(Builder *b, Value *shadow, Value *index, Value *v) {
    Inst *in = new_inst(b, OP_ACC);
    vl_push(&in->args, shadow);
    vl_push(&in->args, v);
    if (index)
        vl_push(&in->args, index);
}

bool has_effects(Inst *in) {
    switch (in->op) {
    case OP_CALL:
        return in->effects;
    case OP_ADJ_ADD: case OP_ADJ_SET: case OP_ACC: case OP_STORE: case OP_FREE:
    case OP_PUSH: case OP_POP: case OP_SAVE: case OP_RESTORE: case OP_SPAN: case OP_TAKE:
    case OP_CLAIM: case OP_CLEAR:
        return true;
    default:
        break;
    }
    Block *r[2];
    int n = regions_of(in, r);
    for (int k = 0; k < n; k++)
        for (Inst *i = r[k]->first; i; i = i->next)
            if (has_effects(i))
                return true;
    return false;
}

/* ---- copies ---- */

void ir_clone_block(Func *f, Block *src, Block *dst, Value **map) {
    Builder b = {f, dst, src->owner ? src->owner->loc : f->loc, false};
    for (Inst *in = src->first; in; in = in->next) {
        b.loc = in->loc;
        Inst *c = new_inst(&b, in->op);
        c->fnum = in->fnum;
        c->inum = in->inum;
        c->callee = in->callee;
        c->effects = in->effects;
        c->writes = in->writes;
        c->target = in->target;
        c->adjoint = in->adjoint;
        c->cmp = in->cmp;
        c->step = in->step;
        c->zeroed = in->zeroed;
        c->backward = in->backward;
        c->slot = in->slot;
        c->prim = in->prim;
        c->param_index = in->param_index;
        c->forward = in->forward;
        c->note = in->note;
        in->clone = c;
        for (int i = 0; i < in->args.len; i++)
            vl_push(&c->args, map[in->args.v[i]->id]);
        for (int i = 0; i < in->iters.len; i++) {
            Value *it = in->iters.v[i];
            Value *nit = add_iter(f, c, it->type, NULL);
            nit->name = it->name;
            map[it->id] = nit;
        }
        Block *r[2], *cr[2] = {NULL, NULL};
        int n = regions_of(in, r);
        if (in->op == OP_IF) {
            c->then = cr[0] = new_block(c);
            c->els = cr[1] = new_block(c);
        } else if (in->body) {
            c->body = cr[0] = new_block(c);
        }
        for (int k = 0; k < n; k++)
            ir_clone_block(f, r[k], cr[k], map);
        for (int j = 0; j < in->results.len; j++) {
            Value *res = in->results.v[j];
            Value *nr = add_result(f, c, res->type);
            nr->name = res->name;
            map[res->id] = nr;
        }
    }
    for (int i = 0; i < src->yields.len; i++)
        vl_push(&dst->yields, map[src->yields.v[i]->id]);
}

Func *program_helper(Program *p, const char *name) {
    for (int i = 0; p && i < p->nhelpers; i++)
        if (streq(p->helpers[i]->name, name))
            return p->helpers[i];
    return NULL;
}

Func *ir_clone_func(Func *f) {
    Func *c = new_func(f->name, f->ret);
    c->loc = f->loc;
    c->is_helper = f->is_helper;
    c->returns_void = f->returns_void;
    c->grad_params = f->grad_params;
    c->named = new_array(bool, f->params.len);
    Value **map = new_array(Value *, f->nvalues);
    for (int i = 0; i < f->params.len; i++) {
        Value *p = f->params.v[i];
        map[p->id] = new_param(c, p->type, p->name);
        c->named[i] = f->named ? f->named[i] : false;
    }
    ir_clone_block(c, f->body, c->body, map);
    return c;
}

/* ---- uses and dead code ---- */

static void reset_uses(Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; i < in->results.len; i++)
            in->results.v[i]->uses = 0;
        for (int i = 0; i < in->iters.len; i++)
            in->iters.v[i]->uses = 0;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            reset_uses(r[k]);
    }
}

static void count_uses(Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; i < in->args.len; i++)
            in->args.v[i]->uses++;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            count_uses(r[k]);
    }
    for (int i = 0; i < b->yields.len; i++)
        b->yields.v[i]->uses++;
}

void ir_count_uses(Func *f) {
    for (int i = 0; i < f->params.len; i++)
        f->params.v[i]->uses = 0;
    reset_uses(f->body);
    count_uses(f->body);
}

/* Forgets the uses of in's operands, and of everything in its regions
 * (with their reads of slots, by slot id in reads). */
static void drop_uses(Inst *in, int *reads) {
    for (int i = 0; i < in->args.len; i++)
        in->args.v[i]->uses--;
    if (in->op == OP_ADJ_READ)
        reads[in->slot->id]--;
    Block *r[2];
    for (int k = 0, n = regions_of(in, r); k < n; k++) {
        for (Inst *x = r[k]->first; x; x = x->next)
            drop_uses(x, reads);
        for (int i = 0; i < r[k]->yields.len; i++)
            r[k]->yields.v[i]->uses--;
    }
}

/* Counts, by slot id, the instructions reading a slot (or all touching it). */
static void count_slot_refs(Block *b, int *refs, bool reads_only) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->slot && (!reads_only || in->op == OP_ADJ_READ))
            refs[in->slot->id]++;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            count_slot_refs(r[k], refs, reads_only);
    }
}

/* Removes result j of an IF and the values its blocks yield for it. */
static void drop_if_result(Inst *in, int j) {
    for (Block *b = in->then; b; b = b == in->then ? in->els : NULL) {
        b->yields.v[j]->uses--;
        memmove(&b->yields.v[j], &b->yields.v[j + 1],
                sizeof(Value *) * (size_t)(b->yields.len - j - 1));
        b->yields.len--;
    }
    memmove(&in->results.v[j], &in->results.v[j + 1],
            sizeof(Value *) * (size_t)(in->results.len - j - 1));
    in->results.len--;
    for (int k = 0; k < in->results.len; k++)
        in->results.v[k]->index = k;
}

static bool is_dead(Inst *in, int *reads) {
    if (in->op == OP_ADJ_ADD || in->op == OP_ADJ_SET)
        return reads[in->slot->id] == 0;
    if (in->op == OP_IF)
        return in->results.len == 0 && !in->then->first && !in->els->first;
    if (has_effects(in))
        return false;
    for (int i = 0; i < in->results.len; i++)
        if (in->results.v[i]->uses > 0)
            return false;
    return true;
}

static void remove_at(ValueList *l, int j) {
    memmove(&l->v[j], &l->v[j + 1], sizeof(Value *) * (size_t)(l->len - j - 1));
    l->len--;
}

/* Dead carries.  A variable a loop carries is dead when its value after
 * the loop is unused and, inside the body, it only feeds its own next
 * value (or those of other dead carries): `c = log(c2)` in a branch of the
 * body, with `c` read nowhere else, passes through the branch's IF and
 * back to the loop, so it has uses, but none that matter.  spread() marks
 * in `tainted` what depends on the carries under test and fails when that
 * reaches an effect, or control over one; the carries whose taint reaches
 * only the next values of carries in the set are dropped together. */
static bool spread(Block *b, bool *tainted);

static bool any_tainted(ValueList *l, int from, bool *tainted) {
    for (int i = from; i < l->len; i++)
        if (tainted[l->v[i]->id])
            return true;
    return false;
}

static void taint_all(ValueList *l, bool *tainted) {
    for (int i = 0; i < l->len; i++)
        tainted[l->v[i]->id] = true;
}

static bool spread_if(Inst *in, bool *tainted) {
    bool control = tainted[in->args.v[0]->id];
    if (control && has_effects(in))
        return false;
    if (!spread(in->then, tainted) || !spread(in->els, tainted))
        return false;
    for (int j = 0; j < in->results.len; j++)
        if (control || tainted[in->then->yields.v[j]->id] || tainted[in->els->yields.v[j]->id])
            tainted[in->results.v[j]->id] = true;
    return true;
}

/* A loop inside the body: taint goes around it until nothing changes. */
static bool spread_loop(Inst *in, bool *tainted) {
    int counter = in->op == OP_FOR, cond = in->op == OP_LOOP;
    bool control = counter && (tainted[in->args.v[0]->id] || tainted[in->args.v[1]->id]);
    for (bool changed = true; changed;) {
        if (!spread(in->body, tainted))
            return false;
        changed = false;
        for (int j = 0; j < in->results.len; j++) {
            Value *iter = in->iters.v[j + counter];
            if (!tainted[iter->id] && (tainted[in->args.v[j + 2 * counter]->id] ||
                                       tainted[in->body->yields.v[j + cond]->id])) {
                tainted[iter->id] = true;
                changed = true;
            }
        }
    }
    if (cond && tainted[in->body->yields.v[0]->id])
        control = true;
    if (control && has_effects(in))
        return false;
    for (int j = 0; j < in->results.len; j++)
        if (control || tainted[in->iters.v[j + counter]->id] ||
            tainted[in->body->yields.v[j + cond]->id])
            tainted[in->results.v[j]->id] = true;
    return true;
}

static bool spread(Block *b, bool *tainted) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_IF) {
            if (!spread_if(in, tainted))
                return false;
        } else if (is_loop(in)) {
            if (!spread_loop(in, tainted))
                return false;
        } else if (any_tainted(&in->args, 0, tainted)) {
            if (has_effects(in))
                return false;
            taint_all(&in->results, tainted);
        }
    }
    return true;
}

/* Whether carry j's taint stays within the carries marked in `dead`. */
static bool stays_dead(Func *f, Inst *loop, int j, bool *dead) {
    int counter = loop->op == OP_FOR, cond = loop->op == OP_LOOP;
    Value *iter = loop->iters.v[j + counter];
    if (iter->uses == 0)
        return true;
    bool *tainted = new_array(bool, f->nvalues);
    tainted[iter->id] = true;
    if (!spread(loop->body, tainted) || (cond && tainted[loop->body->yields.v[0]->id]))
        return false;
    for (int k = 0; k < loop->results.len; k++)
        if (!dead[k] && tainted[loop->body->yields.v[k + cond]->id])
            return false;
    return true;
}

/* Drops a loop's dead carries.  Returns whether it dropped any; what in the
 * body computed them is left for dce_block, now without uses. */
static bool drop_dead_carries(Func *f, Inst *loop) {
    int counter = loop->op == OP_FOR, cond = loop->op == OP_LOOP;
    bool *dead = new_array(bool, loop->results.len);
    for (int j = 0; j < loop->results.len; j++)
        dead[j] = loop->results.v[j]->uses == 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (int j = 0; j < loop->results.len; j++)
            if (dead[j] && !stays_dead(f, loop, j, dead))
                dead[j] = false, changed = true;
    }
    bool dropped = false;
    for (int j = loop->results.len - 1; j >= 0; j--) {
        if (!dead[j])
            continue;
        loop->body->yields.v[j + cond]->uses--;
        loop->args.v[j + 2 * counter]->uses--;
        remove_at(&loop->body->yields, j + cond);
        remove_at(&loop->args, j + 2 * counter);
        remove_at(&loop->iters, j + counter);
        remove_at(&loop->results, j);
        dropped = true;
    }
    for (int k = 0; k < loop->results.len; k++)
        loop->results.v[k]->index = k;
    for (int k = 0; k < loop->iters.len; k++)
        loop->iters.v[k]->index = k;
    return dropped;
}

/* A backward sweep: every use follows its definition, and every read of a
 * slot follows the adds into it, but for the values loops carry around,
 * which dce_block drops when they are dead, before and after it sweeps
 * the body (a loop goes only as a whole). */
static void dce_block(Func *f, Block *b, int *reads) {
    Inst *prev;
    for (Inst *in = b->last; in; in = prev) {
        prev = in->prev;
        if (in->op == OP_IF)
            for (int j = in->results.len - 1; j >= 0; j--)
                if (in->results.v[j]->uses == 0)
                    drop_if_result(in, j);
        if (is_loop(in)) {
            drop_dead_carries(f, in);
            do
                dce_block(f, in->body, reads);
            while (drop_dead_carries(f, in));
        }
        Block *r[2];
        for (int k = 0, n = is_loop(in) ? 0 : regions_of(in, r); k < n; k++)
            dce_block(f, r[k], reads);
        if (is_dead(in, reads)) {
            drop_uses(in, reads);
            ir_remove(in);
        }
    }
}

/* Slots nothing touches any more are dropped from their blocks. */
static void prune_slots(Block *b, int *refs) {
    int n = 0;
    for (int i = 0; i < b->nslots; i++)
        if (refs[b->slots[i]->id])
            b->slots[n++] = b->slots[i];
    b->nslots = n;
    for (Inst *in = b->first; in; in = in->next) {
        Block *r[2];
        for (int k = 0, m = regions_of(in, r); k < m; k++)
            prune_slots(r[k], refs);
    }
}

static bool drop_write_only_arrays(Func *f);

void ir_dce(Func *f) {
    int *reads;
    do {
        ir_count_uses(f);
        reads = new_array(int, f->nslots);
        count_slot_refs(f->body, reads, true);
        dce_block(f, f->body, reads);
    } while (drop_write_only_arrays(f));
    int *refs = new_array(int, f->nslots);
    count_slot_refs(f->body, refs, false);
    prune_slots(f->body, refs);
}

/* ---- common subexpressions ---- */

/* Two instructions compute the same value when they apply the same pure
 * operation (or load, with memory unchanged in between) to the same
 * operands.  The walk keeps, for each block and the blocks around it, the
 * instructions seen so far; a later twin is removed and its uses renamed.
 * Memory changes (stores, calls, regions that store) start a new epoch,
 * and loads match only within theirs. */
typedef struct {
    Inst *in;
    int epoch;                               /* memory epoch of its array when seen */
    int all;                                 /* and of all memory */
} Seen;

typedef struct {
    Seen *seen;                              /* available instructions, innermost last */
    int nseen, cap;
    int *epoch;                              /* by value id of an array: its writes so far */
    int all;                                 /* writes to memory bpgen cannot place */
    int counter;
    Value **rename;                          /* by value id: the twin it was replaced by */
    bool loads_only;                         /* merge loads and integer arithmetic only */
} Cse;

/* The array a pointer is computed from: parameter, local or buffer. */
static Value *array_of(Value *p) {
    while (!p->is_iter && p->def && (p->def->op == OP_PTRADD || p->def->op == OP_FIELD))
        p = p->def->args.v[0];
    Op op = p->is_iter || !p->def ? NUM_OPS : p->def->op;
    return op == OP_PARAM || op == OP_ALLOCA || op == OP_MALLOC || op == OP_CONST ? p : NULL;
}

/* Records that in writes memory: its arrays, or all memory if unknown. */
static void note_writes(Cse *c, Inst *in) {
    for (int i = 0; i < in->args.len; i++) {
        Value *a = in->args.v[i];
        bool writes = (in->op == OP_STORE && i == 0) || (in->op == OP_ACC && i == 0) ||
                      in->op == OP_RESTORE ||
                      ((in->op == OP_TAKE || in->op == OP_CLEAR) && i == 0) ||
                      (in->op == OP_CALL && a->type->kind == TY_PTR &&
                       pset_has(&in->writes, i)) ||
                      (in->op == OP_FREE);
        if (!writes)
            continue;
        Value *arr = array_of(a);
        if (arr)
            c->epoch[arr->id] = ++c->counter;
        else
            c->all = ++c->counter;
    }
    if (op_info[in->op].kind == K_REGION || (in->op == OP_CALL && in->target))
        c->all = ++c->counter;
}

bool is_memory_read(Inst *in) {
    return in->op == OP_LOAD || (in->op == OP_CAST && in->results.v[0]->type->kind == TY_STRUCT &&
                                 in->args.v[0]->type->kind == TY_PTR);
}

static int epoch_of(Cse *c, Inst *load) {
    Value *arr = array_of(load->args.v[0]);
    return arr ? c->epoch[arr->id] : -1;
}

static bool is_pure(Inst *in) {
    switch (op_info[in->op].kind) {
    case K_INFIX: case K_PREFIX: case K_COMPARE: case K_LOGIC: case K_CAST: case K_MATH:
    case K_SELECT: case K_PTRADD: case K_FIELD: case K_LOAD:
        return true;
    default:
        return false;
    }
}

/* The same value: one Value, or two constants alike (x[1] and x[1]). */
static bool same_value(Value *a, Value *b) {
    if (a == b)
        return true;
    Inst *x = a->def, *y = b->def;
    return x && y && x->op == OP_CONST && y->op == OP_CONST && same_type(a->type, b->type) &&
           x->inum == y->inum && x->fnum == y->fnum && !x->callee && !y->callee;
}

static bool same_inst(Inst *a, Inst *b) {
    if (a->op != b->op || a->args.len != b->args.len ||
        !same_type(a->results.v[0]->type, b->results.v[0]->type) ||
        (a->op == OP_FIELD && !streq(a->callee, b->callee)))
        return false;
    for (int i = 0; i < a->args.len; i++)
        if (!same_value(a->args.v[i], b->args.v[i]))
            return false;
    return true;
}

/* Does load read the element store writes? */
static bool stored_by(Inst *store, Inst *load) {
    return store->op == OP_STORE && load->op == OP_LOAD &&
           store->args.v[0] == load->args.v[0] && same_value(store->args.v[1], load->args.v[1]);
}

/* A store into p[k], k a constant, leaves p[j] for every other constant j
 * as it was: loads of those that were current (of epoch `before`) stay
 * current. */
static void keep_other_elements(Cse *c, Inst *store, int before) {
    Value *p = store->args.v[0], *k = store->args.v[1];
    if (k->def->op != OP_CONST || before < 0)
        return;
    int epoch = epoch_of(c, store);
    for (int i = c->nseen - 1; i >= 0; i--) {
        Inst *x = c->seen[i].in;
        if ((x->op == OP_LOAD || x->op == OP_STORE) && x->args.v[0] == p &&
            x->args.v[1]->def->op == OP_CONST && !same_value(x->args.v[1], k) &&
            c->seen[i].epoch == before && c->seen[i].all == c->all)
            c->seen[i].epoch = epoch;
    }
}

static bool changes_memory(Inst *in) {
    if (in->op == OP_STORE || in->op == OP_CALL || in->op == OP_FREE || in->op == OP_ACC ||
        in->op == OP_RESTORE || in->op == OP_TAKE || in->op == OP_CLEAR)
        return true;
    Block *r[2];
    for (int k = 0, n = regions_of(in, r); k < n; k++)
        for (Inst *i = r[k]->first; i; i = i->next)
            if (changes_memory(i))
                return true;
    return false;
}

static void rename_block(Block *b, Value **rename) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; i < in->args.len; i++)
            while (rename[in->args.v[i]->id])
                in->args.v[i] = rename[in->args.v[i]->id];
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            rename_block(r[k], rename);
    }
    for (int i = 0; i < b->yields.len; i++)
        while (rename[b->yields.v[i]->id])
            b->yields.v[i] = rename[b->yields.v[i]->id];
}

void ir_replace_uses(Func *f, Value **rename) {
    rename_block(f->body, rename);
}

static void cse_block(Cse *c, Block *b) {
    int mark = c->nseen;
    Inst *next;
    for (Inst *in = b->first; in; in = next) {
        next = in->next;
        for (int i = 0; i < in->args.len; i++)
            if (c->rename[in->args.v[i]->id])
                in->args.v[i] = c->rename[in->args.v[i]->id];
        if (is_loop(in) && changes_memory(in))
            c->all = ++c->counter;          /* the body sees memory of later trips */
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            cse_block(c, r[k]);
        if (changes_memory(in)) {
            if (op_info[in->op].kind == K_REGION)
                c->all = ++c->counter;
            else if (in->op == OP_STORE) {
                int before = epoch_of(c, in);
                note_writes(c, in);
                keep_other_elements(c, in, before);
            } else
                note_writes(c, in);
            /* What a store writes, a load of the same element reads back. */
            if (in->op == OP_STORE && same_type(in->args.v[2]->type, in->args.v[0]->type->base)) {
                c->seen = array_grow(c->seen, c->nseen, &c->cap, sizeof *c->seen);
                c->seen[c->nseen++] = (Seen){in, epoch_of(c, in), c->all};
            }
            continue;
        }
        if (!is_pure(in) || in->results.len != 1)
            continue;
        if (c->loads_only && in->op != OP_LOAD && in->results.v[0]->type->kind != TY_INT)
            continue;
        Inst *twin = NULL;
        for (int i = c->nseen - 1; i >= 0 && !twin; i--)
            if ((same_inst(c->seen[i].in, in) || stored_by(c->seen[i].in, in)) &&
                (!is_memory_read(in) ||
                 (c->seen[i].epoch == epoch_of(c, in) && c->seen[i].all == c->all)))
                twin = c->seen[i].in;
        if (twin) {
            Value *old = in->results.v[0];
            Value *keep = twin->op == OP_STORE ? twin->args.v[2] : twin->results.v[0];
            if (!keep->name)
                keep->name = old->name;
            c->rename[old->id] = keep;
            ir_remove(in);
            continue;
        }
        c->seen = array_grow(c->seen, c->nseen, &c->cap, sizeof *c->seen);
        c->seen[c->nseen++] = (Seen){in, is_memory_read(in) ? epoch_of(c, in) : 0, c->all};
    }
    for (int i = 0; i < b->yields.len; i++)
        if (c->rename[b->yields.v[i]->id])
            b->yields.v[i] = c->rename[b->yields.v[i]->id];
    c->nseen = mark;
}

/* Counts, by value id of a local array or buffer, the uses that only write
 * into it or free it. */
/* Memory nothing reads: a local array, buffer or struct, or a struct
 * parameter's own copy, whose every use writes it (stores, frees, adds)
 * or is an address (&s.m, a + k) only written through.  Counted over the
 * addresses last to first, as their uses follow them. */
typedef struct {
    int *writes;                             /* by value id: uses that only write */
    Inst **addrs;                            /* FIELD and PTRADD, in program order */
    int naddrs, cap;
} Writes;

static bool writes_through(Inst *in) {
    return in->op == OP_STORE || in->op == OP_FREE || in->op == OP_ACC || in->op == OP_CLEAR;
}

static void count_writes(Block *b, Writes *w) {
    for (Inst *in = b->first; in; in = in->next) {
        if (writes_through(in))
            w->writes[in->args.v[0]->id]++;
        if (in->op == OP_FIELD || in->op == OP_PTRADD) {
            w->addrs = array_grow(w->addrs, w->naddrs, &w->cap, sizeof *w->addrs);
            w->addrs[w->naddrs++] = in;
        }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            count_writes(r[k], w);
    }
}

static bool only_written(Value *p, int *writes) {
    return !p->is_iter && p->uses == writes[p->id];
}

static bool write_only(Value *p, int *writes) {
    Op op = p->def ? p->def->op : NUM_OPS;
    bool own = op == OP_ALLOCA || op == OP_MALLOC ||
               (op == OP_PARAM && p->type->kind == TY_STRUCT);
    return own && only_written(p, writes);
}

/* The root an address is computed from, if every address on the way is
 * only written through. */
static Value *written_root(Value *p, int *writes) {
    while (!p->is_iter && p->def && (p->def->op == OP_FIELD || p->def->op == OP_PTRADD)) {
        if (!only_written(p, writes))
            return NULL;
        p = p->def->args.v[0];
    }
    return p;
}

static bool drop_write_only(Block *b, int *writes) {
    bool dropped = false;
    for (Inst *in = b->first, *next; in; in = next) {
        next = in->next;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            dropped |= drop_write_only(r[k], writes);
        Value *root = writes_through(in)                          ? written_root(in->args.v[0], writes)
                      : in->op == OP_FIELD || in->op == OP_PTRADD ? written_root(in->results.v[0], writes)
                                                                  : NULL;
        bool dead = root && write_only(root, writes);
        if (dead || ((in->op == OP_ALLOCA || in->op == OP_MALLOC) &&
                     write_only(in->results.v[0], writes))) {
            ir_remove(in);
            dropped = true;
        }
    }
    return dropped;
}

/* Loads of what was just stored read the stored value instead, which can
 * leave a local array or struct nothing reads: its stores go, and it does. */
static bool drop_write_only_arrays(Func *f) {
    ir_count_uses(f);
    Writes w = {new_array(int, f->nvalues), NULL, 0, 0};
    count_writes(f->body, &w);
    for (int i = w.naddrs; i-- > 0;) {
        Value *addr = w.addrs[i]->results.v[0];
        if (only_written(addr, w.writes))
            w.writes[w.addrs[i]->args.v[0]->id]++;
    }
    return drop_write_only(f->body, w.writes);
}

void ir_cse(Func *f, bool loads_only) {
    Cse c = {0};
    c.loads_only = loads_only;
    c.rename = new_array(Value *, f->nvalues);
    c.epoch = new_array(int, f->nvalues);
    cse_block(&c, f->body);
    if (!loads_only)
        drop_write_only_arrays(f);
}

/* ---- verifier ---- */

typedef struct {
    Func *fn;
    bool *visible;                           /* by value id: defined and in scope */
} Verifier;

static void verify_fail(Verifier *vf, Inst *in, const char *what) {
    internal_error("malformed IR in %s: %s (op %s, line %d)", vf->fn->name, what,
                   in ? op_info[in->op].name : "-", in ? in->loc.line : 0);
}

static void verify_block(Verifier *vf, Block *b);

static void verify_region(Verifier *vf, Inst *in) {
    if (in->op == OP_IF) {
        if (in->then->yields.len != in->results.len || in->els->yields.len != in->results.len)
            verify_fail(vf, in, "region yields do not match its results");
        verify_block(vf, in->then);
        verify_block(vf, in->els);
        return;
    }
    int counter = in->op == OP_FOR, cond = in->op == OP_LOOP;
    if (in->iters.len - counter != in->results.len ||
        in->args.len != in->iters.len + counter ||
        in->body->yields.len != in->results.len + cond)
        verify_fail(vf, in, "loop iterations, yields and results do not match");
    for (int i = 0; i < in->iters.len; i++)
        vf->visible[in->iters.v[i]->id] = true;
    verify_block(vf, in->body);
    for (int i = 0; i < in->iters.len; i++)
        vf->visible[in->iters.v[i]->id] = false;
}

static void verify_block(Verifier *vf, Block *b) {
    int nlocal = 0;
    for (Inst *in = b->first; in; in = in->next)
        nlocal += in->results.len;
    Value **local = new_array(Value *, nlocal);
    nlocal = 0;
    for (Inst *in = b->first; in; in = in->next) {
        if (in->parent != b)
            verify_fail(vf, in, "instruction has the wrong parent block");
        int arity = op_info[in->op].arity;
        if (arity >= 0 && in->args.len != arity)
            verify_fail(vf, in, "wrong number of operands");
        for (int i = 0; i < in->args.len; i++) {
            Value *a = in->args.v[i];
            if (!a || !a->def || a->id >= vf->fn->nvalues || !vf->visible[a->id])
                verify_fail(vf, in, "operand used outside the scope of its definition");
        }
        if (op_info[in->op].kind == K_ADJ && in->op != OP_ACC && in->op != OP_CLEAR && !in->slot)
            verify_fail(vf, in, "adjoint instruction without a slot");
        if (op_info[in->op].kind == K_INFIX && is_floating(in->results.v[0]->type))
            for (int i = 0; i < in->args.len; i++)
                if (!same_type(in->args.v[i]->type, in->results.v[0]->type))
                    verify_fail(vf, in, "floating operand of another type");
        if (op_info[in->op].kind == K_REGION)
            verify_region(vf, in);
        for (int i = 0; i < in->results.len; i++) {
            Value *r = in->results.v[i];
            if (r->def != in || r->index != i || r->is_iter)
                verify_fail(vf, in, "result does not point back at its instruction");
            vf->visible[r->id] = true;
            local[nlocal++] = r;
        }
    }
    for (int i = 0; i < b->yields.len; i++)
        if (!b->yields.v[i] || !vf->visible[b->yields.v[i]->id])
            verify_fail(vf, NULL, "yield of a value not in scope");
    for (int i = 0; i < nlocal; i++)
        vf->visible[local[i]->id] = false;
}

void ir_verify(Func *f) {
    Verifier vf = {f, new_array(bool, f->nvalues)};
    for (int i = 0; i < f->params.len; i++)
        vf.visible[f->params.v[i]->id] = true;
    verify_block(&vf, f->body);
    if (f->body->yields.len != (f->ret->kind == TY_VOID ? 0 : 1))
        verify_fail(&vf, NULL, "body does not yield the return value");
}

/* ---- the SSA text ---- */

typedef struct {
    FILE *out;
    const char **names;                      /* by value id */
    const char **slot_names;                 /* by slot id */
    NameSet used;
} Printer;

static const char *unique(Printer *p, const char *base) {
    const char *name = base;
    for (int k = 1; names_has(&p->used, name); k++)
        name = format("%s.%d", base, k);
    names_add(&p->used, name);
    return name;
}

static void name_value(Printer *p, Value *v) {
    p->names[v->id] = v->name ? unique(p, v->name) : format("%d", v->id);
}

static void name_block(Printer *p, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; i < in->results.len; i++)
            name_value(p, in->results.v[i]);
        for (int i = 0; i < in->iters.len; i++)
            name_value(p, in->iters.v[i]);
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            name_block(p, r[k]);
    }
}

static void print_operand(Printer *p, Value *v) {
    Inst *d = v->def;
    if (d && d->op == OP_CONST && d->callee)
        fprintf(p->out, "@%s", d->callee);
    else if (d && d->op == OP_CONST)
        fputs(v->type->kind == TY_INT ? format("%lld", d->inum)
                                      : format_number(d->fnum, v->type->kind == TY_FLOAT),
              p->out);
    else if (d && d->op == OP_UNDEF)
        fputs("undef", p->out);
    else
        fprintf(p->out, "%%%s", p->names[v->id]);
}

static void print_activity(Printer *p, Value *v) {
    if (v->active)
        fputs("  ; active", p->out);
    else if (v->varied)
        fputs("  ; varied", p->out);
    else if (v->useful)
        fputs("  ; useful", p->out);
}

static void print_block(Printer *p, Block *b, int depth);

static void print_yields(Printer *p, Block *b, int depth, const char *word) {
    fprintf(p->out, "%*s%s", 2 * depth, "", word);
    for (int i = 0; i < b->yields.len; i++) {
        fputs(i ? ", " : " ", p->out);
        print_operand(p, b->yields.v[i]);
    }
    fputc('\n', p->out);
}

/* The closing brace of a region, with the activity of its results. */
static void print_region_end(Printer *p, Inst *in, int depth) {
    fprintf(p->out, "%*s}", 2 * depth, "");
    for (int i = 0; i < in->results.len; i++)
        if (in->results.v[i]->active || in->results.v[i]->varied) {
            print_activity(p, in->results.v[i]);
            break;
        }
    fputc('\n', p->out);
}

static void print_if(Printer *p, Inst *in, int depth) {
    for (int i = 0; i < in->results.len; i++)
        fprintf(p->out, "%s%%%s", i ? ", " : "", p->names[in->results.v[i]->id]);
    fputs(in->results.len ? " = if " : "if ", p->out);
    print_operand(p, in->args.v[0]);
    for (int i = 0; i < in->results.len; i++)
        fprintf(p->out, "%s%s", i ? ", " : " : ", in->results.v[i]->type->spelling);
    fputs(" {\n", p->out);
    print_block(p, in->then, depth + 1);
    print_yields(p, in->then, depth + 1, "yield");
    fprintf(p->out, "%*s} else {\n", 2 * depth, "");
    print_block(p, in->els, depth + 1);
    print_yields(p, in->els, depth + 1, "yield");
    print_region_end(p, in, depth);
}

/*   %s.1 = for %i = 0 while lt %n step +1, carry %s = 0.0 { ... yield %s.2 }
 *   %r.1 = loop carry %r = %x { ... yield %again, %r.2 } */
static void print_loop(Printer *p, Inst *in, int depth) {
    for (int i = 0; i < in->results.len; i++)
        fprintf(p->out, "%s%%%s", i ? ", " : "", p->names[in->results.v[i]->id]);
    fputs(in->results.len ? " = " : "", p->out);
    int first = 0;
    if (in->op == OP_FOR) {
        fprintf(p->out, "for %%%s = ", p->names[in->iters.v[0]->id]);
        print_operand(p, in->args.v[0]);
        fprintf(p->out, " while %s ", op_info[in->cmp].name);
        print_operand(p, in->args.v[1]);
        fprintf(p->out, " step %+d%s", in->step, in->backward ? " backward" : "");
        first = 1;
    } else {
        fputs("loop", p->out);
    }
    for (int i = first; i < in->iters.len; i++) {
        fprintf(p->out, "%s%%%s = ", i == first ? (first ? ", carry " : " carry ") : ", ",
                p->names[in->iters.v[i]->id]);
        print_operand(p, in->args.v[i + first]);
    }
    fputs(" {\n", p->out);
    print_block(p, in->body, depth + 1);
    print_yields(p, in->body, depth + 1, "yield");
    print_region_end(p, in, depth);
}

static void print_inst(Printer *p, Inst *in, int depth) {
    if (in->op == OP_CONST || in->op == OP_UNDEF)
        return;
    fprintf(p->out, "%*s", 2 * depth, "");
    if (in->op == OP_IF) {
        print_if(p, in, depth);
        return;
    }
    if (is_loop(in)) {
        print_loop(p, in, depth);
        return;
    }
    Value *r = in->results.len ? in->results.v[0] : NULL;
    if (r)
        fprintf(p->out, "%%%s = ", p->names[r->id]);
    const char *name = op_info[in->op].name;
    char lower[32];
    size_t n = 0;
    for (; name[n] && n + 1 < sizeof lower; n++)
        lower[n] = (char)(name[n] >= 'A' && name[n] <= 'Z' ? name[n] + 32 : name[n]);
    lower[n] = '\0';
    for (char *c = lower; *c; c++)
        if (*c == '_')
            *c = '.';
    fputs(lower, p->out);
    if (in->op == OP_CALL)
        fprintf(p->out, " @%s", in->callee);
    if (in->op == OP_FIELD)
        fprintf(p->out, " .%s", in->callee);
    if (in->slot)
        fprintf(p->out, " $%s", p->slot_names[in->slot->id]);
    for (int i = 0; i < in->args.len; i++) {
        fputs(i || in->slot ? ", " : " ", p->out);
        print_operand(p, in->args.v[i]);
    }
    if (r) {
        fprintf(p->out, " : %s", r->type->spelling);
        print_activity(p, r);
    }
    fputc('\n', p->out);
}

static void print_block(Printer *p, Block *b, int depth) {
    for (int i = 0; i < b->nslots; i++)
        fprintf(p->out, "%*sslot $%s : %s\n", 2 * depth, "", p->slot_names[b->slots[i]->id],
                b->slots[i]->type->spelling);
    for (Inst *in = b->first; in; in = in->next)
        print_inst(p, in, depth);
}

static void name_slots(Printer *p, Block *b) {
    for (int i = 0; i < b->nslots; i++) {
        Slot *s = b->slots[i];
        p->slot_names[s->id] = unique(p, format("d_%s", p->names[s->of->id]));
    }
    for (Inst *in = b->first; in; in = in->next) {
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            name_slots(p, r[k]);
    }
}

void ir_print(FILE *out, Func *f) {
    Printer p = {out, new_array(const char *, f->nvalues),
                 new_array(const char *, f->nslots), {0}};
    for (int i = 0; i < f->params.len; i++)
        name_value(&p, f->params.v[i]);
    name_block(&p, f->body);
    name_slots(&p, f->body);
    fprintf(out, "func @%s(", f->name);
    for (int i = 0; i < f->params.len; i++) {
        Value *v = f->params.v[i];
        fprintf(out, "%s%s %%%s", i ? ", " : "", v->type->spelling, p.names[v->id]);
        if (v->varied)
            fputs(v->useful ? " active" : " varied", out);
    }
    fprintf(out, ") -> %s {\n", f->ret->spelling);
    print_block(&p, f->body, 1);
    print_yields(&p, f->body, 1, "return");
    fputs("}\n", out);
}

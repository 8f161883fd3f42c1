/*
 * emit.c: gradient Funcs out as C.  The only file that prints C.
 *
 * The output should read like a careful person wrote it.  So:
 *   - values keep the names of the source variables they were assigned to
 *     (q, f; y, y_1 for a reassigned y), their adjoints are d_q, d_f, and
 *     values a person would not name (x + y inside a bigger expression)
 *     are printed inside the expression that uses them, when that is their
 *     only use, in the same block; the rest get t1, t2, ...;
 *   - each statement is one assignment; an adjoint is declared where it
 *     first receives a value (`double d_q = d_f * z;`) and later
 *     contributions add to it (`d_q += ...`, or `-=` for a negated one);
 *   - a region with one result and nothing to compute in its branches is a
 *     ternary, others are if/else with the results declared before;
 *   - parentheses follow C precedence, plus the ones -Wparentheses asks for,
 *     so the output compiles cleanly under -Wall -Wextra.
 * Names never collide with the model's file-scope names or math.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "ir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum {
    PREC_ANY = 0, PREC_COND = 3, PREC_LOR, PREC_LAND, PREC_BITOR, PREC_BITXOR, PREC_BITAND,
    PREC_EQ, PREC_REL, PREC_SHIFT, PREC_ADD, PREC_MUL, PREC_UNARY, PREC_POSTFIX, PREC_PRIMARY,
};

typedef struct {
    FILE *out;
    Func *fn;
    NameSet *reserved;                       /* taken in every function (file scope) */
    NameSet names;                           /* taken in this function */
    int ntemps;                              /* t1, t2, ... handed out */
    Block **use_block;                       /* by value id: block of its only use */
    Value **into;                            /* by value id: region result it is stored in */
    Value **passed;                          /* by slot id: the one value it holds, printed
                                                where it is read */
    Inst **use_inst;                         /* by value id: instruction of its last use */
    bool *reused;                            /* by value id: its variable goes on in a loop */
    const char **counters;                   /* names of the for counters in scope */
    int ncounters, counters_cap;
    bool *written;                           /* by value id of an array root: stored into */
    Inst **first_ref;                        /* by slot id: where its declaration goes */
    bool *printed;                           /* by slot id: declaration printed */
    EmitOptions *opts;
    Program *program;                        /* whose helpers the calls may call */
    struct Reads *reads;                     /* by value id: pin_moved's reads_of */
    bool *scratch;                           /* by value id: a buffer from bp_scratch */
    Inst *release;                           /* the free that gives the scratch back */
    const char *mark;                        /* the scratch mark's variable */
    SrcLoc last;                             /* the source line last named */
} Emitter;

static void print_expr(Emitter *E, Value *v, int prec);

/* ---- names ---- */

static bool taken(Emitter *E, const char *name) {
    return names_has(E->reserved, name) || names_has(&E->names, name);
}

/* Is name a for counter in scope?  (Counters are not among the names.) */
static bool a_counter(Emitter *E, const char *name) {
    for (int i = 0; i < E->ncounters; i++)
        if (streq(E->counters[i], name))
            return true;
    return false;
}

static const char *unique_name(Emitter *E, const char *base) {
    const char *name = base;
    for (int k = 1; taken(E, name) || a_counter(E, name); k++)
        name = format("%s_%d", base, k);
    names_add(&E->names, name);
    return name;
}

static const char *temp_name(Emitter *E) {
    const char *name;
    do
        name = format("t%d", ++E->ntemps);
    while (taken(E, name));
    names_add(&E->names, name);
    return name;
}

static void give_name(Emitter *E, Value *v) {
    if (v->cname)
        return;
    if (E->into[v->id])
        v->cname = E->into[v->id]->cname;
    else
        v->cname = v->name ? unique_name(E, v->name) : temp_name(E);
}

static bool yields_undef(Inst *ifi, int j) {
    return ifi->then->yields.v[j]->def->op == OP_UNDEF || ifi->els->yields.v[j]->def->op == OP_UNDEF;
}

/* A value a branch computes only to yield it (or to use and yield it) can
 * live in the region result's variable from the start: `h = exp(x);`
 * rather than `double t2 = exp(x); ... h = t2;`. */
static bool read_after(Value *p, Inst *from, Block *b, int skip_yield);

/* The variable a value finally lives in, following coalescing. */
static Value *home_of(Emitter *E, Value *v) {
    while (E->into[v->id])
        v = E->into[v->id];
    return v;
}

static void plan_coalescing(Emitter *E, Inst *ifi) {
    for (Block *b = ifi->then; b; b = b == ifi->then ? ifi->els : NULL)
        for (int j = 0; j < b->yields.len; j++) {
            Value *y = b->yields.v[j], *r = ifi->results.v[j];
            int times = 0;
            for (int k = 0; k < b->yields.len; k++)
                times += b->yields.v[k] == y;
            bool region = y->def && y->def->op == OP_IF;
            if (!y->def || y->def->parent != b || times != 1 ||
                (region && yields_undef(y->def, y->index)))
                continue;
            /* When the result itself lives in a loop's carried variable,
             * the branch must not read that variable's old value after y. */
            Value *home = home_of(E, r);
            if (home->is_iter && read_after(home, y->def, b, j))
                continue;
            E->into[y->id] = r;
        }
}

/* ---- which values are printed inside their user ---- */

static void note_use(Emitter *E, Value *v, Block *b, Inst *in) {
    E->use_block[v->id] = b;
    E->use_inst[v->id] = in;
}

/* The object a pointer is computed from: p + k -> p, &s->m -> s, and
 * the array a pointer member points to belongs to its struct (s->w -> s),
 * as activity.c places them. */
static Value *root_of(Value *p) {
    while (p->def && !p->is_iter &&
           (p->def->op == OP_PTRADD || p->def->op == OP_FIELD ||
            (p->def->op == OP_LOAD && p->type->kind == TY_PTR)))
        p = p->def->args.v[0];
    return p;
}

static void find_use_blocks(Emitter *E, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; i < in->args.len; i++)
            note_use(E, in->args.v[i], b, in);
        if (in->op == OP_STORE || in->op == OP_ACC)
            E->written[root_of(in->args.v[0])->id] = true;
        /* A call writes through what it takes as a pointer to non-const. */
        for (int i = 0; in->op == OP_CALL && i < in->args.len; i++) {
            Type *t = in->args.v[i]->type;
            if (t->kind == TY_PTR && (!t->is_const || pset_has(&in->writes, i)))
                E->written[root_of(in->args.v[i])->id] = true;
        }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            find_use_blocks(E, r[k]);
    }
    for (int i = 0; i < b->yields.len; i++)
        note_use(E, b->yields.v[i], b, NULL);
}

/* A load printed at its use must not move past a write to memory: only
 * when nothing between the two writes anything (or its array is never
 * written) is it printed inline. */
static bool load_can_move(Emitter *E, Value *v) {
    if (!E->written[root_of(v->def->args.v[0])->id])
        return true;
    if (v->uses != 1 || E->use_block[v->id] != v->def->parent)
        return false;
    for (Inst *in = v->def->next; in && in != E->use_inst[v->id]; in = in->next)
        if (has_effects(in))
            return false;
    return true;
}

static bool used_as_yield(Value *v, Block *b) {
    for (int i = 0; i < b->yields.len; i++)
        if (b->yields.v[i] == v)
            return true;
    return false;
}

static bool should_inline(Emitter *E, Value *v) {
    Inst *d = v->def;
    switch (d->op) {
    case OP_CONST:
    case OP_UNDEF:
    case OP_ADJ_READ:
    case OP_ADJ_ADDR:
    case OP_FIELD:                           /* an address: as cheap to write again */
        return true;
    case OP_LOAD:
        /* What a loop saved is read into a variable at the top of its
         * reverse trip, as a pop would be. */
        if (d->args.v[0]->def && d->args.v[0]->def->op == OP_SPAN)
            return v->uses == 1 && E->use_inst[v->id] && E->use_inst[v->id]->op == OP_CAST;
        return load_can_move(E, v);
    case OP_CAST:
        if (is_memory_read(d))               /* a struct's value, read whole */
            return load_can_move(E, v);
        break;
    case OP_PTRADD:                          /* &p[i] of structs: p[i].m reads best */
        if (v->type->base->kind == TY_STRUCT)
            return true;
        break;
    case OP_IF: case OP_FOR: case OP_LOOP: case OP_CALL: case OP_PARAM: case OP_ALLOCA:
    case OP_MALLOC: case OP_POP: case OP_SPAN: case OP_CLAIM: case OP_TAKE:
        return false;
    default:
        break;
    }
    /* A test or an index at the top level is cheaper to repeat than to
     * name: `if (x > 0.0)` and `w[i + 1]` in both sweeps read better than
     * `int t1 = x > 0.0` and `w[t2]`. */
    OpKind k = op_info[d->op].kind;
    bool is_test = k == K_COMPARE || k == K_LOGIC || d->op == OP_NOT;
    bool is_index = v->type->kind == TY_INT && (k == K_INFIX || k == K_PREFIX || k == K_CAST);
    if ((is_test || is_index) && !v->name && !d->parent->owner)
        return true;
    /* A loop's condition gets a name: it is read after the carried
     * variables have moved on. */
    if (d->parent->owner && d->parent->owner->op == OP_LOOP && d->parent->yields.v[0] == v)
        return false;
    if (v->uses != 1 || E->use_block[v->id] != d->parent)
        return false;
    /* A named variable stays a variable, unless its one use is to be
     * copied into a region result: then it is assigned there directly. */
    if (!v->name)
        return true;
    if (d->parent->owner && used_as_yield(v, d->parent))
        return true;
    return is_test;
}

static void plan_block(Emitter *E, Block *b);

/* A loop's carried variables are C variables declared before it; its
 * results are the same variables after it.  A value the body computes only
 * to carry it on is stored into the variable directly, when nothing in
 * the body reads the variable's old value after that point. */
/* Does anything from `first` on in block b (nested blocks included), or a
 * yield of b but yield `skip`, read p? */
static bool reads_from(Value *p, Inst *first, Block *b, int skip) {
    for (Inst *in = first; in; in = in->next) {
        for (int i = 0; i < in->args.len; i++)
            if (in->args.v[i] == p)
                return true;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            if (reads_from(p, r[k]->first, r[k], -1))
                return true;
    }
    for (int i = 0; i < b->yields.len; i++)
        if (i != skip && b->yields.v[i] == p)
            return true;
    return false;
}

static bool read_after(Value *p, Inst *from, Block *b, int skip_yield) {
    return reads_from(p, from->next, b, skip_yield);
}

/* A for loop's counter lives in the for statement only, so the reverse
 * loop may call its counter i again, as long as no variable in reach is
 * called i: counters in scope are kept on a stack, not among the names. */
static const char *counter_name(Emitter *E, const char *base) {
    const char *name = base ? base : "k";
    for (int k = 1;; k++) {
        if (!taken(E, name) && !a_counter(E, name))
            return name;
        name = format("%s_%d", base ? base : "k", k);
    }
}

/* Carrying init's variable on, the loop's result r lives in it after the
 * loop.  Does a later statement of the block assign that variable (an
 * enclosing loop's next value, stored straight into it) while r is still
 * to be read (saved for the reverse sweep, say)? */
static bool clobbered_later(Emitter *E, Inst *loop, Value *r, const char *var) {
    for (Inst *x = loop->next; x; x = x->next)
        for (int j = 0; j < x->results.len; j++) {
            Value *to = E->into[x->results.v[j]->id];
            if (to && to->cname == var && reads_from(r, x->next, loop->parent, -1))
                return true;
        }
    return false;
}

static void plan_loop(Emitter *E, Inst *loop) {
    int counter = loop->op == OP_FOR, cond = loop->op == OP_LOOP;
    if (counter)
        loop->iters.v[0]->cname = counter_name(E, loop->iters.v[0]->name);
    /* A variable the loop starts from and nothing else reads goes on as
     * the carried variable: `double s = ...; for (...) s = s + ...;`. */
    for (int i = counter; i < loop->iters.len; i++) {
        Value *init = loop->args.v[i + counter], *p = loop->iters.v[i];
        /* (Not one from outside a loop around this one: each trip of that
         * loop starts this one from it again.) */
        /* (Nor a for statement's counter, which its for goes on stepping.) */
        bool counter_var = init->is_iter && init->def->op == OP_FOR && init->def->iters.v[0] == init;
        if (!init->inlined && init->cname && init->uses == 1 && !init->is_shadow &&
            init->def->op != OP_PARAM && !E->reused[init->id] && !counter_var &&
            loop_of(init) == loop_around(loop) &&
            !clobbered_later(E, loop, loop->results.v[i - counter], init->cname)) {
            p->cname = init->cname;
            E->reused[init->id] = true;
        }
        give_name(E, p);
    }
    for (int j = 0; j < loop->results.len; j++) {
        Value *p = loop->iters.v[j + counter], *y = loop->body->yields.v[j + cond];
        loop->results.v[j]->cname = p->cname;
        int times = 0;
        for (int k = 0; k < loop->body->yields.len; k++)
            times += loop->body->yields.v[k] == y;
        if (y->def && !y->is_iter && y->def->parent == loop->body && times == 1 &&
            y->def->op != OP_PARAM && !read_after(p, y->def, loop->body, j + cond))
            E->into[y->id] = p;
    }
}

/* Where an inlined value ends up printed: inside the user it is inlined
 * into, and so on up; NULL when that is a yield, printed at the end of the
 * block. */
static Inst *print_point(Emitter *E, Value *v) {
    for (;;) {
        Inst *use = E->use_inst[v->id];
        if (!use)
            return NULL;
        Value *r = use->results.len == 1 ? use->results.v[0] : NULL;
        if (!r || !r->inlined)
            return use;
        v = r;
    }
}

static bool touches_slot(Inst *x, Slot *s) {
    if (x->slot == s && x->op != OP_ADJ_READ)
        return true;
    Block *r[2];
    for (int k = 0, n = regions_of(x, r); k < n; k++)
        for (Inst *i = r[k]->first; i; i = i->next)
            if (touches_slot(i, s))
                return true;
    return x->op == OP_CALL;                 /* it may be passed &d_x */
}

/* Does x (or anything in its regions) assign the C variable `name`? */
static bool assigns_name(Inst *x, const char *name) {
    for (int j = 0; j < x->results.len; j++)
        if (x->results.v[j]->cname == name)
            return true;
    for (int j = 0; j < x->iters.len; j++)
        if (x->iters.v[j]->cname == name)
            return true;
    Block *r[2];
    for (int k = 0, n = regions_of(x, r); k < n; k++)
        for (Inst *i = r[k]->first; i; i = i->next)
            if (assigns_name(i, name))
                return true;
    return false;
}

/* What the printed form of an inlined value reads, itself and through the
 * operands printed inside it (erfc(w[i] * r) reads memory, i and r):
 * worked out once a value, as pin_moved asks it of every statement a
 * value moves past. */
typedef struct Reads {
    bool done, memory;
    const char **names;                      /* C variables */
    Slot **slots;                            /* adjoints */
    int nnames, names_cap, nslots, slots_cap;
} Reads;

static void add_name(Reads *r, const char *name) {
    for (int i = 0; i < r->nnames; i++)
        if (r->names[i] == name)
            return;
    r->names = array_grow(r->names, r->nnames, &r->names_cap, sizeof *r->names);
    r->names[r->nnames++] = name;
}

static void add_slot(Reads *r, Slot *s) {
    for (int i = 0; i < r->nslots; i++)
        if (r->slots[i] == s)
            return;
    r->slots = array_grow(r->slots, r->nslots, &r->slots_cap, sizeof *r->slots);
    r->slots[r->nslots++] = s;
}

static Reads *reads_of(Emitter *E, Value *v) {
    Reads *r = &E->reads[v->id];
    if (r->done)
        return r;
    r->done = true;
    /* (Memory that nothing in the function writes stays as it is.) */
    r->memory = is_memory_read(v->def) && E->written[root_of(v->def->args.v[0])->id];
    if (v->def->op == OP_ADJ_READ)
        add_slot(r, v->def->slot);
    for (int i = 0; i < v->def->args.len; i++) {
        Value *w = v->def->args.v[i];
        if (w->inlined && !w->is_iter && w->def) {
            Reads *inner = reads_of(E, w);
            r->memory |= inner->memory;
            for (int k = 0; k < inner->nnames; k++)
                add_name(r, inner->names[k]);
            for (int k = 0; k < inner->nslots; k++)
                add_slot(r, inner->slots[k]);
        } else if (w->cname) {
            add_name(r, w->cname);
        }
    }
    return r;
}

/* Does x, printed between the definition of v and where v is printed,
 * change what v reads there: memory for a load, its slot for an adjoint's
 * read, and the C variables of its operands (a region's results, and a
 * carried value assigned in place, share their variables)? */
static bool may_change(Emitter *E, Inst *x, Value *v) {
    Reads *r = reads_of(E, v);
    if (r->memory && has_effects(x))
        return true;
    for (int i = 0; i < r->nslots; i++)
        if (touches_slot(x, r->slots[i]))
            return true;
    for (int i = 0; i < r->nnames; i++)
        if (assigns_name(x, r->names[i]))
            return true;
    return false;
}

/* Is x one of the inlined users v is printed inside? */
static bool on_chain(Emitter *E, Value *v, Inst *x) {
    for (Inst *use = E->use_inst[v->id]; use; use = E->use_inst[v->id]) {
        if (use == x)
            return true;
        if (use->results.len != 1 || !use->results.v[0]->inlined)
            return false;
        v = use->results.v[0];
    }
    return false;
}

/* A value printed inside a chain of inlined users, later than where it is
 * defined, must not move past anything that changes what it reads; such a
 * value gets a name of its own instead, printed where it is defined
 * (load_can_move and should_inline saw only the first user). */
static void pin_moved(Emitter *E, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            pin_moved(E, r[k]);
        Value *v = in->results.len == 1 ? in->results.v[0] : NULL;
        /* Summaries in program order: an operand's is there before its
         * user's, and reads_of never recurses deep (a sum of 2,000 terms). */
        if (v && v->inlined && !v->is_iter)
            reads_of(E, v);
        if (!v || !v->inlined || v->cname || in->op == OP_CONST || in->op == OP_UNDEF ||
            in->op == OP_ADJ_ADDR || in->op == OP_FIELD ||
            (is_memory_read(in) && !E->written[root_of(in->args.v[0])->id]))
            continue;
        Inst *at = print_point(E, v);
        for (Inst *x = in->next; x && x != at; x = x->next)
            if (may_change(E, x, v) && !on_chain(E, v, x)) {  /* on_chain walks: last */
                v->inlined = false;
                give_name(E, v);
                break;
            }
    }
}

static void plan_block(Emitter *E, Block *b) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int j = 0; j < in->results.len; j++) {
            Value *v = in->results.v[j];
            v->inlined = should_inline(E, v);
            if (!v->inlined && (v->uses > 0 || in->op == OP_IF) && !is_loop(in))
                give_name(E, v);
        }
        if (in->op == OP_IF)
            plan_coalescing(E, in);
        if (is_loop(in))
            plan_loop(E, in);
        if (in->op == OP_FOR) {
            E->counters = array_grow(E->counters, E->ncounters, &E->counters_cap,
                                     sizeof *E->counters);
            E->counters[E->ncounters++] = in->iters.v[0]->cname;
        }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            plan_block(E, r[k]);
        if (in->op == OP_FOR)
            E->ncounters--;
    }
}

/* The adjoint of a value printed inline has no name a reader could find
 * in the forward sweep.  When it receives one contribution, in its own
 * block, and is read once, the contribution is printed where it is read:
 * `*d_x -= d_r * x` rather than `double d_t1 = d_r * x; *d_x -= d_t1`. */
static void count_slot_uses(Block *b, int *adds, Inst **add, int *reads, Inst **read) {
    for (Inst *in = b->first; in; in = in->next) {
        if (in->op == OP_ADJ_ADD || in->op == OP_ADJ_SET || in->op == OP_ADJ_ADDR) {
            adds[in->slot->id]++;
            add[in->slot->id] = in->op == OP_ADJ_ADD ? in : NULL;
        } else if (in->op == OP_ADJ_READ) {
            reads[in->slot->id]++;
            read[in->slot->id] = in;
        }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            count_slot_uses(r[k], adds, add, reads, read);
    }
}

/* Does the printed form of v read memory? */
static bool reads_memory(Value *v) {
    if (!v->inlined)
        return false;
    if (is_memory_read(v->def))
        return true;
    for (int i = 0; i < v->def->args.len; i++)
        if (reads_memory(v->def->args.v[i]))
            return true;
    return false;
}

static void plan_passing(Emitter *E, Func *g) {
    int n = g->nslots;
    int *adds = new_array(int, n), *reads = new_array(int, n);
    Inst **add = new_array(Inst *, n), **read = new_array(Inst *, n);
    count_slot_uses(g->body, adds, add, reads, read);
    for (int i = 0; i < g->nslots; i++) {
        if (adds[i] != 1 || reads[i] != 1 || !add[i])
            continue;
        Slot *s = add[i]->slot;
        Value *v = add[i]->args.v[0], *r = read[i]->results.v[0];
        /* Moving a load to the read could carry it past a store. */
        if (s->of->inlined && add[i]->parent == s->home && v->inlined && v->uses == 1 &&
            r->uses == 1 && !reads_memory(v))
            E->passed[i] = v;
    }
}

/* Slots are named after their value; a value printed inline still lends
 * its name (t3 -> d_t3), reserved so nothing else takes it. */
/* Is v a value of the function being printed?  (A reverse half's slots
 * may hold the adjoints of its forward half's values.) */
static bool is_local(Emitter *E, Value *v) {
    for (int i = 0; i < E->fn->params.len; i++)
        if (E->fn->params.v[i] == v)
            return true;
    Block *b = v->def ? v->def->parent : NULL;
    while (b && b->owner)
        b = b->owner->parent;
    return b == E->fn->body;
}

static void name_slots(Emitter *E, Block *b) {
    for (int i = 0; i < b->nslots; i++) {
        Slot *s = b->slots[i];
        if (E->passed[s->id])
            continue;
        const char *base = s->of->cname;
        if (s->half_of) {
            s->cname = unique_name(E, format("%s_2nd", s->half_of->cname));
            continue;
        }
        if (is_local(E, s->of)) {
            give_name(E, s->of);
            base = s->of->cname;
        } else if (!base) {
            base = s->of->name ? s->of->name : temp_name(E);
        }
        s->cname = unique_name(E, format("d_%s", base));
    }
    for (Inst *in = b->first; in; in = in->next) {
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            name_slots(E, r[k]);
    }
}

/* Each slot is declared just before the first instruction of its home
 * block that touches it. */
typedef struct Frame {
    Block *block;
    Inst *inst;
    struct Frame *up;
} Frame;

static void note_slot(Emitter *E, Slot *s, Frame *f) {
    if (E->first_ref[s->id])
        return;
    for (; f; f = f->up)
        if (f->block == s->home) {
            E->first_ref[s->id] = f->inst;
            return;
        }
    internal_error("adjoint %s used outside its block", s->cname);
}

static void find_first_refs(Emitter *E, Block *b, Frame *up) {
    for (Inst *in = b->first; in; in = in->next) {
        Frame f = {b, in, up};
        if (in->slot)
            note_slot(E, in->slot, &f);
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            find_first_refs(E, r[k], &f);
    }
}

/* ---- expressions ---- */

static const char *number(double x, Type *t) {
    bool is_float = t->kind == TY_FLOAT;
    if (x != x)
        return "NAN";
    if (x == 1.0 / 0.0)
        return is_float ? "INFINITY" : "HUGE_VAL";
    if (x == -1.0 / 0.0)
        return is_float ? "-INFINITY" : "-HUGE_VAL";
    return format("%s%s", format_number(x, is_float), is_float ? "f" : "");
}

static const char *constant(Value *v) {
    Inst *d = v->def;
    if (d->callee)
        return d->callee;
    if (v->type->kind == TY_PTR)
        return "0";                          /* a null pointer */
    if (v->type->kind == TY_INT)
        return d->inum >= -2147483647LL && d->inum <= 2147483647LL ? format("%lld", d->inum)
                                                                   : format("%lldLL", d->inum);
    return number(d->fnum, v->type);
}

static int binary_prec(Op op) {
    switch (op) {
    case OP_MUL: case OP_DIV: case OP_REM: return PREC_MUL;
    case OP_ADD: case OP_SUB: case OP_PTRADD: case OP_PTRDIFF: return PREC_ADD;
    case OP_SHL: case OP_SHR: return PREC_SHIFT;
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: return PREC_REL;
    case OP_EQ: case OP_NE: return PREC_EQ;
    case OP_BITAND: return PREC_BITAND;
    case OP_BITXOR: return PREC_BITXOR;
    case OP_BITOR: return PREC_BITOR;
    case OP_LAND: return PREC_LAND;
    case OP_LOR: return PREC_LOR;
    default: return PREC_PRIMARY;
    }
}

/* Would v print with a leading minus?  Then `-` before it needs
 * parentheses, or C reads `--`. */
static bool starts_negative(Emitter *E, Value *v) {
    Inst *d = v->def;
    if (!v->inlined)
        return false;
    if (d->op == OP_ADJ_READ && E->passed[d->slot->id])
        return starts_negative(E, E->passed[d->slot->id]);
    if (d->op == OP_NEG)
        return true;
    if (d->op != OP_CONST || d->callee)
        return false;
    const char *text = constant(v);
    return text[0] == '-';
}

static int prec_of(Emitter *E, Value *v) {
    if (!v->inlined)
        return PREC_PRIMARY;
    Inst *d = v->def;
    if (d->op == OP_ADJ_READ && E->passed[d->slot->id])
        return prec_of(E, E->passed[d->slot->id]);
    switch (op_info[d->op].kind) {
    case K_INFIX: case K_COMPARE: case K_LOGIC:
        return binary_prec(d->op);
    case K_PREFIX: case K_CAST:
        return PREC_UNARY;
    case K_PTRADD:
        return PREC_ADD;
    case K_FIELD:
        return find_field(d->args.v[0]->type, d->callee)->count ? PREC_POSTFIX : PREC_UNARY;
    case K_SELECT:
        return PREC_COND;
    case K_CONST:
        return starts_negative(E, v) ? PREC_UNARY : PREC_PRIMARY;
    default:
        return PREC_POSTFIX;
    }
}

/* -Wparentheses wants `(a && b) || c`, `(a + b) << c`, `(a == b) & c`. */
static bool wants_parens(Op parent, Value *operand) {
    if (!operand->inlined)
        return false;
    int p = binary_prec(parent), c = binary_prec(operand->def->op);
    if (c == PREC_PRIMARY || operand->def->op == parent)
        return false;
    if (parent == OP_LOR && operand->def->op == OP_LAND)
        return true;
    if (p >= PREC_BITOR && p <= PREC_SHIFT && p != PREC_EQ && p != PREC_REL)
        return c > PREC_LAND && c != p;
    return (p == PREC_EQ || p == PREC_REL) && (c == PREC_EQ || c == PREC_REL);
}

static void print_operand(Emitter *E, Value *v, int prec, bool parens) {
    if (parens) {
        fputc('(', E->out);
        print_expr(E, v, PREC_ANY);
        fputc(')', E->out);
    } else {
        print_expr(E, v, prec);
    }
}

/* (double *)p: a pointer to const, where the model cast the const away to
 * write through it (the IR keeps one pointer for both). */
static void print_const_cast(Emitter *E, Value *p, int prec) {
    bool parens = prec > PREC_UNARY;
    fprintf(E->out, "%s(%s)", parens ? "(" : "", pointer_to(p->type->base, false)->spelling);
    print_expr(E, p, PREC_UNARY);
    fputs(parens ? ")" : "", E->out);
}

/* Does argument i of a call of name go to a parameter of pointer to
 * non-const: one the model's declaration of the callee gives (writes), or
 * one of a helper's halves? */
static bool to_non_const(Emitter *E, const char *name, int i, const ParamSet *writes) {
    if (writes && pset_has(writes, i))
        return true;
    Func *h = writes ? program_helper(E->program, name) : NULL;
    if (!h || i >= h->params.len)
        return false;
    Type *t = h->params.v[i]->type;
    return t->kind == TY_PTR && !t->is_const;
}

/* name(args); writes, for a call of a function (not of math.h), are the
 * arguments its declaration in the model lets it write through. */
static void print_call(Emitter *E, const char *name, Value **args, int n, const ParamSet *writes) {
    fprintf(E->out, "%s(", name);
    for (int i = 0; i < n; i++) {
        if (i)
            fputs(", ", E->out);
        if (args[i]->type->kind == TY_PTR && args[i]->type->is_const &&
            to_non_const(E, name, i, writes))
            print_const_cast(E, args[i], PREC_COND);
        else
            print_expr(E, args[i], PREC_COND);
    }
    fputc(')', E->out);
}

/* A local struct lives as `struct s t;`: an array of one in the IR. */
static bool is_local_struct(Value *v) {
    Inst *d = v->def;
    return !v->is_iter && d && d->op == OP_ALLOCA && v->type->base->kind == TY_STRUCT &&
           d->args.v[0]->def->op == OP_CONST && d->args.v[0]->def->inum == 1;
}

/* The member `name` of what p points to (or of struct value p), as an
 * lvalue: p->m, s.m, p->inner.m. */
static void print_element(Emitter *E, Value *ptr, Value *index);

static void print_member(Emitter *E, Value *p, const char *name) {
    Inst *d = p->is_iter ? NULL : p->def;
    if ((p->type->kind == TY_STRUCT || is_local_struct(p)) && !p->inlined) {
        fprintf(E->out, "%s.%s", p->cname, name);
        return;
    }
    if (p->type->kind == TY_STRUCT) {        /* a struct's value: (*q).m */
        print_expr(E, p, PREC_POSTFIX);
        fprintf(E->out, ".%s", name);
        return;
    }
    if (p->inlined && d && d->op == OP_PTRADD) { /* an element of an array of structs */
        print_element(E, d->args.v[0], d->args.v[1]);
        fprintf(E->out, ".%s", name);
        return;
    }
    if (p->inlined && d && d->op == OP_FIELD && find_field(d->args.v[0]->type, d->callee)->count) {
        print_member(E, d->args.v[0], d->callee); /* o->b[0].m, not o->b->m */
        fprintf(E->out, "[0].%s", name);
        return;
    }
    if (p->inlined && d && d->op == OP_FIELD && !find_field(d->args.v[0]->type, d->callee)->count) {
        print_member(E, d->args.v[0], d->callee);
        fprintf(E->out, ".%s", name);
        return;
    }
    print_expr(E, p, PREC_POSTFIX);
    fprintf(E->out, "->%s", name);
}

/* ptr[index], or p->m for a number member m. */
static void print_element(Emitter *E, Value *ptr, Value *index) {
    Inst *d = ptr->is_iter ? NULL : ptr->def;
    if (ptr->inlined && d && d->op == OP_FIELD && is_const(index, 0) &&
        !find_field(d->args.v[0]->type, d->callee)->count) {
        print_member(E, d->args.v[0], d->callee);
        return;
    }
    print_expr(E, ptr, PREC_POSTFIX);
    fputc('[', E->out);
    print_expr(E, index, PREC_ANY);
    fputc(']', E->out);
}

/* The operand of binary op to print: x, or what x converts, when C's usual
 * arithmetic conversions, against the other operand's type, would convert
 * it to the same type anyway: `n * sizeof(double)`, not
 * `(unsigned long)n * sizeof(double)`.  (Not for shifts, whose operands
 * convert apart, nor for a narrowing or a change of sign C would not make.) */
static Value *uncast(Op op, Value *x, Type *other) {
    if (!x->inlined || x->def->op != OP_CAST || op == OP_SHL || op == OP_SHR)
        return x;
    Type *from = x->def->args.v[0]->type, *to = x->type;
    int rf = int_rank(from), rt = int_rank(to);
    if (!rf || !rt || !same_type(other, to))
        return x;
    return rf < rt || (rf == rt && is_unsigned(to)) ? x->def->args.v[0] : x;
}

static void print_inline(Emitter *E, Value *v) {
    Inst *d = v->def;
    Value **a = d->args.v;
    switch (op_info[d->op].kind) {
    case K_CONST:
        fputs(d->op == OP_UNDEF ? (is_floating(v->type) ? number(0, v->type) : "0") : constant(v),
              E->out);
        return;
    case K_INFIX:
    case K_COMPARE:
    case K_LOGIC: {
        int p = binary_prec(d->op);
        /* y against x as printed: of (long)m + (long)n, one cast stays; and
         * a comparison keeps both of (unsigned)m < (unsigned)n, as gcc warns
         * of a signed against an unsigned. */
        Value *x = uncast(d->op, a[0], a[1]->type), *y = uncast(d->op, a[1], x->type);
        if (op_info[d->op].kind == K_COMPARE && is_unsigned(x->type) != is_unsigned(y->type))
            x = a[0], y = a[1];
        print_operand(E, x, p, wants_parens(d->op, x));
        fprintf(E->out, " %s ", op_info[d->op].spelling);
        print_operand(E, y, p + 1, wants_parens(d->op, y));
        return;
    }
    case K_PREFIX:
        fputs(op_info[d->op].spelling, E->out);
        print_operand(E, a[0], PREC_UNARY, d->op == OP_NEG && starts_negative(E, a[0]));
        return;
    case K_CAST:
        /* A struct's value, where memory holds it: the local itself, or *p. */
        if (v->type->kind == TY_STRUCT) {
            if (is_local_struct(a[0]) && !a[0]->inlined) {
                fputs(a[0]->cname, E->out);
            } else {
                fputc('*', E->out);
                print_expr(E, a[0], PREC_UNARY);
            }
            return;
        }
        fprintf(E->out, "(%s)", v->type->spelling);
        print_expr(E, a[0], PREC_UNARY);
        return;
    case K_SELECT:
        print_expr(E, a[0], PREC_LOR);
        fputs(" ? ", E->out);
        print_expr(E, a[1], PREC_ANY);
        fputs(" : ", E->out);
        print_expr(E, a[2], PREC_COND);
        return;
    case K_MATH:
        print_call(E, format("%s%s", op_info[d->op].spelling, v->type->kind == TY_FLOAT ? "f" : ""),
                   a, d->args.len, NULL);
        return;
    case K_CALL:
        print_call(E, d->callee, a, d->args.len, &d->writes);
        return;
    case K_LOAD:
        print_element(E, a[0], a[1]);
        return;
    case K_FIELD:
        /* An array member is its first element's address; others take &. */
        if (!find_field(a[0]->type, d->callee)->count)
            fputc('&', E->out);
        print_member(E, a[0], d->callee);
        return;
    case K_PTRADD:
        if (is_const(a[1], 0)) {             /* a span's first array: saved + 0 */
            print_expr(E, a[0], PREC_POSTFIX);
            return;
        }
        print_expr(E, a[0], PREC_ADD);
        if (a[1]->inlined && a[1]->def->op == OP_NEG) {
            fputs(" - ", E->out);
            print_expr(E, a[1]->def->args.v[0], PREC_ADD + 1);
        } else {
            fputs(" + ", E->out);
            print_expr(E, a[1], PREC_ADD + 1);
        }
        return;
    case K_ADJ:
        if (d->op == OP_ADJ_ADDR)
            fprintf(E->out, "&%s", d->slot->cname);
        else if (E->passed[d->slot->id])
            print_inline(E, E->passed[d->slot->id]);
        else
            fputs(d->slot->cname, E->out);
        return;
    default:
        internal_error("cannot print %s as an expression", op_info[d->op].name);
    }
}

/* The test !v, without the `!!` of a v that is itself a negation printed
 * in place (a reverse sweep testing that the forward did not branch). */
static void print_negated(Emitter *E, Value *v) {
    if (v->inlined && v->def->op == OP_NOT) {
        print_expr(E, v->def->args.v[0], PREC_ANY);
        return;
    }
    fputc('!', E->out);
    print_expr(E, v, PREC_UNARY);
}

static void print_expr(Emitter *E, Value *v, int prec) {
    if (!v->inlined) {
        if (is_local_struct(v))
            fputc('&', E->out);
        fputs(v->cname, E->out);
        return;
    }
    bool parens = prec_of(E, v) < prec;
    if (parens)
        fputc('(', E->out);
    print_inline(E, v);
    if (parens)
        fputc(')', E->out);
}

/* ---- statements ---- */

static void indent(Emitter *E, int depth) {
    fprintf(E->out, "%*s", 4 * depth, "");
}

static void print_block(Emitter *E, Block *b, int depth);
static void print_inst(Emitter *E, Inst *in, int depth);

/* Does the block print nothing at all (so its region can be a ternary)? */
static bool is_silent(Block *b) {
    if (b->nslots)
        return false;
    for (Inst *in = b->first; in; in = in->next)
        if (in->op == OP_IF || has_effects(in) || (in->results.len && !in->results.v[0]->inlined))
            return false;
    return true;
}

static void print_parallel_copy(Emitter *E, Value **dst, Value **src, int n, int depth);

static void print_yields(Emitter *E, Inst *ifi, Block *b, int depth) {
    print_parallel_copy(E, ifi->results.v, b->yields.v, b->yields.len, depth);
}

/* Does the block assign any result of its region (print_yields)? */
static bool assigns_results(Emitter *E, Inst *ifi, Block *b) {
    (void)E;
    for (int j = 0; j < b->yields.len; j++) {
        Value *y = b->yields.v[j], *r = ifi->results.v[j];
        if (y->def->op != OP_UNDEF && (y->inlined || y->cname != r->cname))
            return true;
    }
    return false;
}

static void print_if(Emitter *E, Inst *in, int depth) {
    Value *cond = in->args.v[0];
    if (in->results.len == 1 && is_silent(in->then) && is_silent(in->els) && !yields_undef(in, 0)) {
        Value *r = in->results.v[0];
        indent(E, depth);
        fprintf(E->out, "%s = ", E->into[r->id] ? r->cname : type_decl(r->type, r->cname));
        print_expr(E, cond, PREC_LOR);
        fputs(" ? ", E->out);
        print_expr(E, in->then->yields.v[0], PREC_ANY);
        fputs(" : ", E->out);
        print_expr(E, in->els->yields.v[0], PREC_COND);
        fputs(";\n", E->out);
        return;
    }
    for (int j = 0; j < in->results.len; j++) {
        Value *r = in->results.v[j];
        if (E->into[r->id])
            continue;                        /* declared with the outer result */
        indent(E, depth);
        /* Exported values are set on one path only: start them at zero. */
        if (yields_undef(in, j))
            fprintf(E->out, "%s = %s;\n", type_decl(r->type, r->cname),
                    is_floating(r->type) ? number(0, r->type) : "0");
        else
            fprintf(E->out, "%s;\n", type_decl(r->type, r->cname));
    }
    bool then_empty = !in->then->first && in->results.len == 0;
    bool else_empty = is_silent(in->els) && !assigns_results(E, in, in->els);
    indent(E, depth);
    fputs("if (", E->out);
    if (then_empty) {
        print_negated(E, cond);
    } else {
        print_expr(E, cond, PREC_ANY);
    }
    fputs(") {\n", E->out);
    Block *first = then_empty ? in->els : in->then;
    print_block(E, first, depth + 1);
    print_yields(E, in, first, depth + 1);
    indent(E, depth);
    if (!then_empty && !else_empty) {
        fputs("} else {\n", E->out);
        print_block(E, in->els, depth + 1);
        print_yields(E, in, in->els, depth + 1);
        indent(E, depth);
    }
    fputs("}\n", E->out);
}

/* x += v, or x -= u when v is an inlined -u. */
static void print_accumulate(Emitter *E, const char *target, Value *v) {
    if (v->inlined && v->def->op == OP_NEG) {
        fprintf(E->out, "%s -= ", target);
        print_expr(E, v->def->args.v[0], PREC_ANY);
    } else {
        fprintf(E->out, "%s += ", target);
        print_expr(E, v, PREC_ANY);
    }
    fputs(";\n", E->out);
}

/* ---- loops ---- */

static const char *tape_type(Type *t) {
    switch (t->kind) {
    case TY_DOUBLE: return "double";
    case TY_FLOAT: return "float";
    case TY_INT: return "int";
    default: return "pointer";
    }
}

/* The carried variables, declared before the loop from their initial
 * values (or zero, where the model left them unset). */
static void print_carried(Emitter *E, Inst *loop, int depth) {
    int counter = loop->op == OP_FOR;
    for (int i = counter; i < loop->iters.len; i++) {
        Value *p = loop->iters.v[i], *init = loop->args.v[i + counter];
        if (!init->inlined && init->cname == p->cname)
            continue;                        /* it goes on in its own variable */
        indent(E, depth);
        fprintf(E->out, "%s = ", type_decl(p->type, p->cname));
        if (init->def->op == OP_UNDEF)
            fputs(is_floating(p->type) ? number(0, p->type) : "0", E->out);
        else
            print_expr(E, init, PREC_ANY);
        fputs(";\n", E->out);
    }
}

/* Does the printed form of v read the C variable of p? */
static bool reads_var(Value *v, Value *p) {
    if (v == p || (!v->inlined && v->cname == p->cname))
        return true;
    if (!v->inlined)
        return false;
    for (int i = 0; i < v->def->args.len; i++)
        if (reads_var(v->def->args.v[i], p))
            return true;
    return false;
}

static void print_copy(Emitter *E, Value *dst, Value *src, const char *temp, int depth) {
    indent(E, depth);
    fprintf(E->out, "%s = ", dst->cname);
    if (temp)
        fputs(temp, E->out);
    else
        print_expr(E, src, PREC_ANY);
    fputs(";\n", E->out);
}

/* dst[j] = src[j] for all j at once, as C statements.  A copy whose
 * variable already holds the value is skipped; the others go in an order
 * where no copy overwrites a variable a later one still reads, and only a
 * cycle (a swap) goes through a temporary. */
static void print_parallel_copy(Emitter *E, Value **dst, Value **src, int n, int depth) {
    bool *done = new_array(bool, n);
    const char **temp = new_array(const char *, n);
    int left = 0;
    for (int j = 0; j < n; j++) {
        done[j] = src[j]->def->op == OP_UNDEF || src[j] == dst[j] ||
                  (!src[j]->inlined && src[j]->cname == dst[j]->cname);
        left += !done[j];
    }
    while (left > 0) {
        int pick = -1;
        for (int j = 0; j < n && pick < 0; j++) {
            if (done[j])
                continue;
            bool needed = false;
            for (int k = 0; k < n; k++)
                needed |= k != j && !done[k] && !temp[k] && reads_var(src[k], dst[j]);
            if (!needed)
                pick = j;
        }
        if (pick >= 0) {
            print_copy(E, dst[pick], src[pick], temp[pick], depth);
            done[pick] = true;
            left--;
            continue;
        }
        /* A cycle: evaluate one source now, into a temporary. */
        for (int j = 0; j < n; j++)
            if (!done[j] && !temp[j]) {
                temp[j] = temp_name(E);
                indent(E, depth);
                fprintf(E->out, "%s = ", type_decl(dst[j]->type, temp[j]));
                print_expr(E, src[j], PREC_ANY);
                fputs(";\n", E->out);
                break;
            }
    }
}

/* The end of an iteration: each carried variable takes the value the body
 * yields for it. */
static void print_next(Emitter *E, Inst *loop, int depth) {
    int counter = loop->op == OP_FOR, cond = loop->op == OP_LOOP;
    if (!loop->results.len)                  /* nothing carried (and no lists to offset) */
        return;
    print_parallel_copy(E, loop->iters.v + counter, loop->body->yields.v + cond,
                        loop->results.len, depth);
}

/* for (int i = a; i < n; i++), and its reverse, which visits the same
 * counters last first: for (int i = n; i-- > a;). */
static void print_for_header(Emitter *E, Inst *loop) {
    Value *i = loop->iters.v[0], *start = loop->args.v[0], *bound = loop->args.v[1];
    fprintf(E->out, "for (%s = ", type_decl(i->type, i->cname));
    if (!loop->backward) {
        print_expr(E, start, PREC_ANY);
        fprintf(E->out, "; %s %s ", i->cname, op_info[loop->cmp].spelling);
        print_expr(E, bound, PREC_REL + 1);
        fprintf(E->out, "; %s%s)", i->cname, loop->step > 0 ? "++" : "--");
        return;
    }
    bool up = loop->step > 0;
    int shift = loop->cmp == OP_LE ? 1 : loop->cmp == OP_GE ? -1 : 0;
    bool known = bound->def && bound->def->op == OP_CONST && bound->inlined;
    long long k = known ? bound->def->inum : 0;
    if (shift && known && (shift > 0 ? k == LLONG_MAX : k == LLONG_MIN)) {
        /* i <= LLONG_MAX: bound + 1 overflows (so does the user's loop, which
         * never ends), and the test goes the other way round instead. */
        print_expr(E, bound, PREC_ANY);
        fprintf(E->out, "; %s %s ", i->cname, up ? ">=" : "<=");
        print_expr(E, start, PREC_REL + 1);
        fprintf(E->out, "; %s%s)", i->cname, up ? "--" : "++");
        return;
    }
    if (shift && known) {
        fprintf(E->out, "%lld", k + shift);
    } else {
        print_expr(E, bound, shift ? PREC_ADD : PREC_ANY);
        fputs(shift > 0 ? " + 1" : shift < 0 ? " - 1" : "", E->out);
    }
    fprintf(E->out, "; %s%s %s ", i->cname, up ? "--" : "++", up ? ">" : "<");
    print_expr(E, start, PREC_REL + 1);
    fputs(";)", E->out);
}

/* A while loop prints as one: while (test) { trip; next values }, or, when
 * the test needs statements of its own, for (;;) { test; if (!t) break; ...}. */
static void print_while(Emitter *E, Inst *loop, Inst *guard, int depth) {
    Block *b = loop->body;
    bool plain = true;
    for (Inst *in = b->first; in != guard; in = in->next)
        plain &= !in->results.len || in->results.v[0]->inlined;
    indent(E, depth);
    if (plain) {
        fputs("while (", E->out);
        print_expr(E, guard->args.v[0], PREC_ANY);
        fputs(") {\n", E->out);
    } else {
        fputs("for (;;) {\n", E->out);
        for (Inst *in = b->first; in != guard; in = in->next)
            print_inst(E, in, depth + 1);
        indent(E, depth + 1);
        fputs("if (", E->out);
        print_negated(E, guard->args.v[0]);
        fputs(")\n", E->out);
        indent(E, depth + 2);
        fputs("break;\n", E->out);
    }
    print_block(E, guard->then, depth + 1);
    int n = loop->iters.len;
    Value **src = new_array(Value *, n);
    for (int j = 0; j < n; j++) {
        Value *y = b->yields.v[j + 1];
        src[j] = y->def == guard ? guard->then->yields.v[y->index] : y;
    }
    print_parallel_copy(E, loop->iters.v, src, n, depth + 1);
    indent(E, depth);
    fputs("}\n", E->out);
}

static void print_loop(Emitter *E, Inst *loop, int depth) {
    print_carried(E, loop, depth);
    Inst *guard = while_guard(loop);
    if (guard) {
        print_while(E, loop, guard, depth);
        return;
    }
    indent(E, depth);
    if (loop->op == OP_FOR)
        print_for_header(E, loop);
    else
        fputs("for (;;)", E->out);
    fputs(" {\n", E->out);
    print_block(E, loop->body, depth + 1);
    print_next(E, loop, depth + 1);
    if (loop->op == OP_LOOP) {
        indent(E, depth + 1);
        fputs("if (", E->out);
        print_negated(E, loop->body->yields.v[0]);
        fputs(")\n", E->out);
        indent(E, depth + 2);
        fputs("break;\n", E->out);
    }
    indent(E, depth);
    fputs("}\n", E->out);
}

/* ---- memory ---- */

static void print_alloca(Emitter *E, Inst *in, Value *a, int depth) {
    Value *n = in->args.v[0];
    indent(E, depth);
    if (is_local_struct(a)) {
        fprintf(E->out, "%s %s%s;\n", a->type->base->spelling, a->cname,
                in->zeroed ? " = {0}" : "");
        return;
    }
    fprintf(E->out, "%s %s[", a->type->base->spelling, a->cname);
    print_expr(E, n, PREC_ANY);
    bool fixed = n->def->op == OP_CONST;
    fprintf(E->out, "]%s;\n", in->zeroed && fixed ? " = {0}" : "");
    if (in->zeroed && !fixed) {
        indent(E, depth);
        fprintf(E->out, "memset(%s, 0, sizeof %s);\n", a->cname, a->cname);
    }
}

/* ---- scratch buffers ---- */

/* A gradient (not a helper's half) takes the buffers it frees before it
 * returns, the model's scratch buffers and their adjoints, from
 * bp_scratch_alloc and bp_scratch_calloc, and gives them back with one
 * bp_scratch_release at the first of those frees: no malloc per call once
 * the thread's scratch has grown (runtime/scratch.c).  The frees are at
 * the end of the function, after the reverse sweep (reverse.c). */
static void plan_scratch(Emitter *E, Func *g) {
    E->scratch = new_array(bool, g->nvalues);
    if (g->is_helper)
        return;
    for (Inst *in = g->body->first; in; in = in->next) {
        Value *p = in->op == OP_FREE ? in->args.v[0] : NULL;
        if (!p || p->is_iter || !p->def || p->def->op != OP_MALLOC || p->def->parent != g->body)
            continue;
        E->scratch[p->id] = true;
        if (!E->release)
            E->release = in;
    }
    if (E->release)
        E->mark = unique_name(E, "scratch");
}

static void print_malloc(Emitter *E, Inst *in, Value *a, int depth) {
    const char *alloc = E->scratch[a->id] ? in->zeroed ? "bp_scratch_calloc" : "bp_scratch_alloc"
                        : in->zeroed      ? "calloc"
                                          : "malloc";
    indent(E, depth);
    fprintf(E->out, "%s = %s(", type_decl(a->type, a->cname), alloc);
    if (in->zeroed && in->args.len == 1)
        fputs("1, ", E->out);
    for (int i = 0; i < in->args.len; i++) {
        fputs(i ? ", " : "", E->out);
        print_expr(E, in->args.v[i], PREC_COND);
    }
    fputs(");\n", E->out);
}

/* The bytes of count elements of what p points to, or of all of local
 * array p: `count * sizeof *p`, `sizeof p`. */
static void print_bytes(Emitter *E, Value *count, Value *p) {
    if (count && count->def->op == OP_CONST && count->def->inum == 1) {
        fprintf(E->out, "sizeof(%s)", p->type->base->spelling);
    } else if (count) {
        /* (unsigned long)(N * H) * sizeof(double) is N * H * sizeof(double) */
        print_expr(E, uncast(OP_MUL, count, int_type("unsigned long")), PREC_MUL);
        fputs(" * sizeof(", E->out);
        fputs(p->type->base->spelling, E->out);
        fputs(")", E->out);
    } else {
        fputs("sizeof ", E->out);
        print_expr(E, p, PREC_UNARY);
    }
}

static void print_inst(Emitter *E, Inst *in, int depth) {
    switch (in->op) {
    case OP_IF:
        print_if(E, in, depth);
        return;
    case OP_FOR:
    case OP_LOOP:
        print_loop(E, in, depth);
        return;
    case OP_ALLOCA:
        print_alloca(E, in, in->results.v[0], depth);
        return;
    case OP_MALLOC:
        print_malloc(E, in, in->results.v[0], depth);
        return;
    case OP_FREE:
        if (E->scratch[in->args.v[0]->id]) {
            if (in == E->release) {
                indent(E, depth);
                fprintf(E->out, "bp_scratch_release(%s);\n", E->mark);
            }
            return;
        }
        indent(E, depth);
        fprintf(E->out, "free(");
        print_expr(E, in->args.v[0], PREC_ANY);
        fputs(");\n", E->out);
        return;
    case OP_STORE:
        indent(E, depth);
        if (in->args.v[0]->type->is_const) { /* the model cast the const away */
            print_const_cast(E, in->args.v[0], PREC_POSTFIX);
            fputc('[', E->out);
            print_expr(E, in->args.v[1], PREC_ANY);
            fputc(']', E->out);
        } else {
            print_element(E, in->args.v[0], in->args.v[1]);
        }
        fputs(" = ", E->out);
        print_expr(E, in->args.v[2], PREC_ANY);
        fputs(";\n", E->out);
        return;
    case OP_SAVE: case OP_RESTORE: case OP_CLEAR:
        indent(E, depth);
        fputs(in->op == OP_SAVE ? "bp_push_array(" : in->op == OP_RESTORE ? "bp_pop_array("
                                                                           : "memset(",
              E->out);
        print_expr(E, in->args.v[0], PREC_ANY);
        fputs(in->op == OP_CLEAR ? ", 0, " : ", ", E->out);
        print_bytes(E, in->args.len > 1 ? in->args.v[1] : NULL, in->args.v[0]);
        fputs(");\n", E->out);
        return;
    case OP_SPAN: case OP_CLAIM: case OP_TAKE: {
        Value *r = in->results.v[0];
        indent(E, depth);
        if (r->uses)                         /* else only the tape moves */
            fprintf(E->out, "%s = ", type_decl(r->type, r->cname));
        if (in->op != OP_TAKE) {
            fputs(in->op == OP_SPAN ? "bp_pop_span(" : "bp_push_span(", E->out);
            print_bytes(E, in->args.v[0], r);
        } else {
            fputs("bp_tape_take(", E->out);
            print_expr(E, in->args.v[0], PREC_ANY);
            fputs(", ", E->out);
            print_bytes(E, in->args.v[1], in->args.v[0]);
        }
        fputs(");\n", E->out);
        return;
    }
    case OP_PUSH:
        indent(E, depth);
        fprintf(E->out, "bp_push_%s(", tape_type(in->args.v[0]->type));
        print_expr(E, in->args.v[0], PREC_ANY);
        fputs(");\n", E->out);
        return;
    case OP_POP: {
        Value *r = in->results.v[0];
        indent(E, depth);
        if (r->uses == 0)
            fprintf(E->out, "bp_pop_%s();\n", tape_type(r->type));
        else if (r->type->kind == TY_PTR)
            fprintf(E->out, "%s = (%s)bp_pop_pointer();\n", type_decl(r->type, r->cname),
                    r->type->spelling);
        else if (r->type->kind == TY_INT)
            fprintf(E->out, "%s = (%s)bp_pop_int();\n", type_decl(r->type, r->cname),
                    r->type->spelling);
        else
            fprintf(E->out, "%s = bp_pop_%s();\n", type_decl(r->type, r->cname),
                    tape_type(r->type));
        return;
    }
    case OP_ADJ_SET:
        indent(E, depth);
        fprintf(E->out, "%s = ", in->slot->cname);
        print_expr(E, in->args.v[0], PREC_ANY);
        fputs(";\n", E->out);
        return;
    case OP_ADJ_ADD:
        if (E->passed[in->slot->id])
            return;
        indent(E, depth);
        print_accumulate(E, in->slot->cname, in->args.v[0]);
        return;
    case OP_ACC: {
        Value *shadow = in->args.v[0];
        indent(E, depth);
        if (in->args.len == 2) {
            print_accumulate(E, format("*%s", shadow->cname), in->args.v[1]);
        } else {
            print_element(E, shadow, in->args.v[2]);
            print_accumulate(E, "", in->args.v[1]);
        }
        return;
    }
    default:
        break;
    }
    Value *r = in->results.len ? in->results.v[0] : NULL;
    if (r && r->inlined)
        return;
    if (r && r->uses == 0 && !has_effects(in))
        return;
    indent(E, depth);
    if (r && r->uses > 0 && r->type->kind != TY_VOID)
        fprintf(E->out, "%s = ", E->into[r->id] ? r->cname : type_decl(r->type, r->cname));
    if (r) {
        bool was = r->inlined;
        r->inlined = true;
        print_inline(E, r);
        r->inlined = was;
    }
    fputs(";\n", E->out);
}

/* The declaration of slot s, merged into `in` when in is its first add. */
static bool print_slot_decl(Emitter *E, Slot *s, Inst *in, int depth) {
    E->printed[s->id] = true;
    indent(E, depth);
    if (in->op == OP_ADJ_ADD && in->slot == s) {
        fprintf(E->out, "%s = ", type_decl(s->type, s->cname));
        print_expr(E, in->args.v[0], PREC_ANY);
        fputs(";\n", E->out);
        return true;
    }
    fprintf(E->out, "%s = %s;\n", type_decl(s->type, s->cname), number(0, s->type));
    return false;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The text of line `line` of file `path`, trimmed, or NULL. */
/* The model's lines, which the comments quote: read once per file, and
 * forgotten by emit_program (a process may run bpgen more than once, its
 * arena released in between). */
static struct {
    const char *path;
    char **lines;
    int n;
} source;

static void read_source(const char *path) {
    source.path = arena_strdup(path);
    source.lines = NULL;
    source.n = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    char *text = NULL, buf[4096];
    int len = 0, cap = 0, lines_cap = 0;
    for (size_t got; (got = fread(buf, 1, sizeof buf, f)) > 0; len += (int)got) {
        while (cap < len + (int)got + 1)
            text = array_grow(text, cap, &cap, 1);
        memcpy(text + len, buf, got);
    }
    fclose(f);
    if (!text)
        return;
    text[len] = '\0';
    for (char *s = text; *s;) {
        char *end = strchr(s, '\n');
        source.lines = array_grow(source.lines, source.n, &lines_cap, sizeof *source.lines);
        source.lines[source.n++] = s;
        if (!end)
            break;
        *end = '\0';
        s = end + 1;
    }
}

static const char *source_line(const char *path, int line) {
    if (!source.path || !streq(source.path, path))
        read_source(path);
    if (line < 1 || line > source.n)
        return NULL;
    char *s = source.lines[line - 1];
    while (*s == ' ' || *s == '\t')
        s++;
    /* The code only: up to a comment (a string holding one is cut short). */
    size_t n = strcspn(s, "\r\n");
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '/' && (s[i + 1] == '*' || s[i + 1] == '/'))
            n = i;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return format("%.*s", (int)n, s);
}

/* A comment naming the source line a block of adjoints reverses:
 * `/- model.c:12: q = x + y; -/`, shortened, and never closing itself. */
static void print_line_comment(Emitter *E, SrcLoc loc, int depth) {
    const char *text = source_line(loc.file, loc.line);
    indent(E, depth);
    fprintf(E->out, "/* %s:%d", base_name(loc.file), loc.line);
    if (text && *text) {
        char shown[64];
        size_t n = strlen(text);
        snprintf(shown, sizeof shown, "%.*s%s", n > 56 ? 53 : (int)n, text, n > 56 ? "..." : "");
        for (char *c = shown; *c; c++)
            if (c[0] == '*' && c[1] == '/')
                c[1] = '|';
        fprintf(E->out, ": %s", shown);
    }
    fputs(" */\n", E->out);
}

/* The #line, or in the reverse sweep the comment naming the source line,
 * in front of a statement of another line than the last. */
static void print_source_line(Emitter *E, FILE *out, Inst *in, int depth) {
    SrcLoc loc = in->loc;
    if (!loc.file || loc.line <= 0)
        return;
    if (E->opts->line_directives) {
        fprintf(out, "#line %d \"%s\"\n", loc.line, loc.file);
    } else if (!in->forward && loc.line != E->fn->loc.line &&
               (loc.line != E->last.line || !streq(loc.file, E->last.file))) {
        FILE *saved = E->out;
        E->out = out;
        print_line_comment(E, loc, depth);
        E->out = saved;
    }
    E->last = loc;
}

static void print_inst_and_slots(Emitter *E, Block *b, Inst *in, int depth) {
    bool merged = false;
    for (int i = 0; i < b->nslots; i++) {
        Slot *s = b->slots[i];
        if (E->first_ref[s->id] == in && !E->printed[s->id] && !E->passed[s->id])
            merged |= print_slot_decl(E, s, in, depth);
    }
    if (in->note) {
        indent(E, depth);
        fprintf(E->out, "/* %s */\n", in->note);
    }
    if (!merged)
        print_inst(E, in, depth);
}

/* One instruction (with the slot declarations that merge into it), and in
 * front of what it prints its source line (print_source_line).  A region
 * always prints a statement; anything else may print nothing, and is
 * printed into a buffer first to know. */
static void print_stmt(Emitter *E, Block *b, Inst *in, int depth) {
    if (in->op == OP_IF || is_loop(in)) {
        print_source_line(E, E->out, in, depth);
        print_inst_and_slots(E, b, in, depth);
        return;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = E->out;
    E->out = open_memstream(&text, &len);
    if (!E->out)
        internal_error("cannot allocate the output buffer");
    print_inst_and_slots(E, b, in, depth);
    fclose(E->out);
    E->out = out;
    if (len)
        print_source_line(E, out, in, depth);
    fwrite(text, 1, len, out);
    free(text);
}

static void print_block(Emitter *E, Block *b, int depth) {
    bool in_reverse = false;
    for (Inst *in = b->first; in; in = in->next) {
        if (depth == 1 && !in->forward && !in_reverse) {
            in_reverse = true;
            if (in != b->first)
                fputs("\n", E->out);
            indent(E, depth);
            fputs("/* reverse sweep: adjoints, last operation first */\n", E->out);
        }
        print_stmt(E, b, in, depth);
    }
}

/* ---- functions ---- */

/* Every file-scope name of the model and math.h is taken, but for the
 * BP_GRAD functions themselves: the gradients never call them, so the value
 * f returns may be called f, as in the lecture notes.  One set for all the
 * functions of the output. */
static NameSet *reserved_names(Program *p) {
    NameSet *set = arena_alloc(sizeof *set);
    for (int i = 0; i < p->globals.cap; i++) {
        const char *name = p->globals.keys[i];
        bool is_primal = false;
        for (int k = 0; name && k < p->nfuncs; k++)
            is_primal |= streq(name, p->funcs[k]->name);
        if (name && !is_primal)
            names_add(set, name);
    }
    for (int i = 0; i < p->nhelpers; i++)
        names_add(set, p->helpers[i]->name);
    for (int op = 0; op < NUM_OPS; op++)
        if (op_info[op].kind == K_MATH) {
            names_add(set, op_info[op].spelling);
            names_add(set, format("%sf", op_info[op].spelling));
        }
    return set;
}

/* What each half of a function of the model is for. */
static void print_helper_comment(Emitter *E, Func *g, const char *input) {
    Func *f = g->primal;
    bool reverse = g->ret->kind == TY_VOID && g->body->yields.len == 0 && g->params.len &&
                   strstr(g->name, "_rev");
    if (!reverse)
        fprintf(E->out, "/* %s: the forward sweep of %s (%s:%d): computes %s and saves on the "
                "tape what its reverse sweep needs. */\n", g->name, f->name, input, f->loc.line,
                f->name);
    else
        fprintf(E->out, "/* %s: the reverse sweep of %s (%s:%d): takes back what the forward "
                "sweep saved and adds the adjoints of its arguments. */\n", g->name, f->name,
                input, f->loc.line);
}

static void print_comment(Emitter *E, Func *g, const char *input) {
    Func *f = g->primal;
    if (g->is_helper) {
        print_helper_comment(E, g, input);
        return;
    }
    fprintf(E->out, "/*\n * %s: the gradient of %s (%s:%d), by reverse-mode AD.\n", g->name,
            f->name, input, f->loc.line);
    fprintf(E->out, " * Returns %s(", f->name);
    for (int i = 0; i < f->params.len; i++)
        fprintf(E->out, "%s%s", i ? ", " : "", f->params.v[i]->name);
    fputs(") and adds", E->out);
    int n = 0, total = 0;
    for (int i = 0; i < g->params.len; i++)
        total += g->params.v[i]->shadow != NULL;
    for (int i = 0; i < g->params.len; i++) {
        Value *p = g->params.v[i];
        if (!p->shadow)
            continue;
        const char *sep = n == 0 ? "" : n == total - 1 ? " and" : ",";
        if (p->scalar_shadow)
            fprintf(E->out, "%s d%s/d%s into *%s", sep, f->name, p->name, p->shadow->cname);
        else
            fprintf(E->out, "%s d%s/d%s[i] into %s[i]", sep, f->name, p->name, p->shadow->cname);
        n++;
    }
    fputs(".\n */\n", E->out);
}

static void print_prototype(FILE *out, Func *g) {
    fprintf(out, "%s%s %s(", g->is_helper ? "static " : "", g->ret->spelling, g->name);
    for (int i = 0; i < g->params.len; i++) {
        Value *p = g->params.v[i];
        fprintf(out, "%s%s", i ? ", " : "", type_decl(p->type, p->cname ? p->cname : p->name));
    }
    fputs(g->params.len ? ")" : "void)", out);
}

static void print_signature(Emitter *E, Func *g) {
    print_prototype(E->out, g);
    fputs("\n{\n", E->out);
}

/* Parameters the gradient never reads, said so, for -Wunused-parameter. */
/* Is p a reverse half's parameter for its result's adjoint (a shadow no
 * parameter owns)? */
static bool is_result_adjoint(Func *g, Value *p) {
    if (!p->is_shadow)
        return false;
    for (int i = 0; i < g->params.len; i++)
        if (g->params.v[i]->shadow == p)
            return false;
    return true;
}

static void print_unused(Emitter *E, Func *g) {
    for (int i = 0; i < g->params.len; i++) {
        Value *p = g->params.v[i];
        if (p->uses == 0 && !p->is_shadow) {
            indent(E, 1);
            fprintf(E->out, "(void)%s;\n", p->cname);
        }
        if (p->uses == 0 && is_result_adjoint(g, p)) {
            indent(E, 1);
            fprintf(E->out, "(void)%s;  /* %s does not depend on its arguments here */\n",
                    p->cname, g->primal->name);
        }
        if (p->shadow && p->shadow->uses == 0) {
            indent(E, 1);
            fprintf(E->out, "(void)%s;  /* %s does not depend on %s here */\n", p->shadow->cname,
                    g->primal->name, p->name);
        }
    }
}

static void emit_func(FILE *out, NameSet *reserved, Func *g, const char *input,
                      EmitOptions *opts, Program *program) {
    Emitter E = {.out = out, .fn = g, .opts = opts, .reserved = reserved, .program = program};
    E.use_block = new_array(Block *, g->nvalues);
    E.into = new_array(Value *, g->nvalues);
    E.passed = new_array(Value *, g->nslots);
    E.use_inst = new_array(Inst *, g->nvalues);
    E.reused = new_array(bool, g->nvalues);
    E.written = new_array(bool, g->nvalues);
    E.first_ref = new_array(Inst *, g->nslots);
    E.printed = new_array(bool, g->nslots);
    ir_count_uses(g);

    /* The adjoint parameters' names are part of the contract: first. */
    for (int i = 0; i < g->params.len; i++) {
        Value *shadow = g->params.v[i]->shadow;
        if (shadow) {
            shadow->cname = shadow->name;
            names_add(&E.names, shadow->name);
        }
    }
    for (int i = 0; i < g->params.len; i++)
        give_name(&E, g->params.v[i]);
    find_use_blocks(&E, g->body);
    plan_block(&E, g->body);
    E.reads = new_array(Reads, g->nvalues);
    pin_moved(&E, g->body);
    plan_passing(&E, g);
    name_slots(&E, g->body);
    find_first_refs(&E, g->body, NULL);
    plan_scratch(&E, g);

    print_comment(&E, g, input);
    print_signature(&E, g);
    print_unused(&E, g);
    if (E.mark)
        fprintf(out, "    size_t %s = bp_scratch_mark();\n", E.mark);
    print_block(&E, g->body, 1);
    if (g->body->yields.len) {
        indent(&E, 1);
        fputs("return ", out);
        print_expr(&E, g->body->yields.v[0], PREC_ANY);
        fputs(";\n", out);
    }
    fputs("}\n", out);
    if (opts->line_directives)
        fputs(LINE_RESET "\n", out);              /* back to this file's own lines */
}

static const char *constant_value(Type *t, double v) {
    return t->kind == TY_INT ? format("%lld", (long long)v) : number(v, t);
}

/* static const double half = 0.5;  static const double c[3] = {1.0, 2.0, 3.0}; */
static void print_constant(FILE *out, Constant *c) {
    if (!c->count) {
        fprintf(out, "static const %s = %s;\n", type_decl(c->type, c->name),
                constant_value(c->type, c->values[0]));
        return;
    }
    fprintf(out, "static const %s[%d] = {", type_decl(c->type, c->name), c->count);
    for (int i = 0; i < c->count; i++)
        fprintf(out, "%s%s", i ? ", " : "", constant_value(c->type, c->values[i]));
    fputs("};\n", out);
}

static void add_include(Program *p, const char *name) {
    for (int i = 0; i < p->nincludes; i++)
        if (streq(p->includes[i], name))
            return;
    p->includes = array_grow(p->includes, p->nincludes, &p->includes_cap, sizeof *p->includes);
    p->includes[p->nincludes++] = name;
}

/* Marks the helpers that the code of b calls, and those they call. */
static void mark_called(Program *p, Block *b, bool *called) {
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; in->op == OP_CALL && i < p->nhelpers; i++)
            if (!called[i] && streq(p->helpers[i]->name, in->callee)) {
                called[i] = true;
                mark_called(p, p->helpers[i]->body, called);
            }
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            mark_called(p, r[k], called);
    }
}

/* Which headers the output needs beyond math.h: bpgen.h for the tape,
 * stdlib.h for buffers, string.h to clear variable-length arrays. */
static void scan_needs(Block *b, bool *tape, bool *heap, bool *clear) {
    for (Inst *in = b->first; in; in = in->next) {
        *tape |= op_info[in->op].kind == K_TAPE;
        *heap |= in->op == OP_MALLOC || in->op == OP_FREE;
        *clear |= (in->op == OP_ALLOCA && in->zeroed && in->args.v[0]->def->op != OP_CONST) ||
                  in->op == OP_CLEAR;
        Block *r[2];
        for (int k = 0, n = regions_of(in, r); k < n; k++)
            scan_needs(r[k], tape, heap, clear);
    }
}

void emit_program(FILE *out, Program *p, Func **grads, EmitOptions *opts) {
    memset(&source, 0, sizeof source);
    const char *input = base_name(opts->input_name);
    bool tape = false, heap = false, clear = false;
    for (int i = 0; i < p->nfuncs; i++) {
        scan_needs(grads[i]->body, &tape, &heap, &clear);
        tape |= heap;                        /* bp_scratch (but for helpers) */
    }
    for (int i = 0; i < p->nhelpers; i++)
        scan_needs(p->helpers[i]->body, &tape, &heap, &clear);
    fprintf(out, "/* generated by bpgen %s from %s; do not edit */\n", BPGEN_TOOL_VERSION, input);
    if (tape)
        fputs("#include <bpgen.h>\n", out);
    fputs("#include <math.h>\n", out);
    if (heap)
        add_include(p, "stdlib.h");
    if (clear)
        add_include(p, "string.h");
    for (int i = 0; i < p->nincludes; i++)
        if (!streq(p->includes[i], "math.h"))
            fprintf(out, "#include <%s>\n", p->includes[i]);
    if (p->nrecords)
        fputc('\n', out);
    for (int i = 0; i < p->nrecords; i++)
        fprintf(out, "%s\n", p->records[i]);
    if (p->nconstants)
        fputc('\n', out);
    for (int i = 0; i < p->nconstants; i++)
        print_constant(out, p->constants[i]);
    if (p->nprototypes)
        fputc('\n', out);
    for (int i = 0; i < p->nprototypes; i++)
        fprintf(out, "%s\n", p->prototypes[i]);
    /* The halves of the functions of the model the gradients call: declared
     * first, as they may call each other in any order. */
    bool *called = new_array(bool, p->nhelpers);
    for (int i = 0; i < p->nfuncs; i++)
        mark_called(p, grads[i]->body, called);
    bool any = false;
    for (int i = 0; i < p->nhelpers; i++)
        any |= called[i];
    if (any)
        fputc('\n', out);
    for (int i = 0; i < p->nhelpers; i++)
        if (called[i]) {
            print_prototype(out, p->helpers[i]);
            fputs(";\n", out);
        }
    NameSet *reserved = reserved_names(p);
    for (int i = 0; i < p->nhelpers; i++)
        if (called[i]) {
            fputc('\n', out);
            emit_func(out, reserved, p->helpers[i], input, opts, p);
        }
    for (int i = 0; i < p->nfuncs; i++) {
        fputc('\n', out);
        emit_func(out, reserved, grads[i], input, opts, p);
    }
}

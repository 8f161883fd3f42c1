/*
 * split.c: an adjoint a reverse loop sums up, summed in two halves.
 *
 * A value the primal reads on every trip of a loop, x[i] in
 *
 *     for (int j = i + 1; j < d; j++)
 *         out[j] += l[idx + j] * x[i];
 *
 * gets its adjoint as a sum over the trips, which the reverse loop adds up
 * in one variable:
 *
 *     for (int j = d; j-- > i + 1;) {
 *         d_l[idx + j] += d_out[j] * xi;
 *         d_xi += d_out[j] * l[idx + j];
 *     }
 *
 * Each addition waits for the one before it (3 or 4 cycles), where the
 * primal's trips do not wait on each other: at d = 64 that one chain made
 * the GMM gradient 3.1 primal evaluations instead of 2.8.  A C compiler
 * may not reassociate the sum (-ffast-math aside).  So the reverse loop
 * takes its trips two at a time, in the same order, the second of each
 * pair adding into a second sum, and the last trip alone when their number
 * is odd:
 *
 *     int t1 = d > i + 1 ? d - (i + 1) : 0;
 *     for (int pair = 0; pair < t1 / 2; pair++) {
 *         int j = d - 1 - 2 * pair;   ...  d_xi += ...;
 *         int j_1 = j - 1;             ...  d_xi_2nd += ...;
 *     }
 *     if (t1 % 2 != 0) { ... the trip of j = i + 1 ...  d_xi += ...; }
 *     d_xi += d_xi_2nd;
 *
 * Everything but the sums happens as before, in the same order; a sum's
 * terms are added in another grouping, as any order of a reverse sweep is
 * as good as another.  Only the simplest loops qualify: a reversed counted
 * loop (i < n, by one, its bounds of the counter's type, int or wider)
 * carrying nothing but its counter, of at least SPLIT_TRIPS trips when
 * they are known, whose body is straight-line code of at most SPLIT_MAX
 * instructions (no branch, call, tape or memory management), adding into
 * an adjoint (a variable, not memory) declared outside it, which the body
 * does not otherwise touch, and touching no other such adjoint but to read
 * it.  Runs on a gradient Func, after reverse.c's clean-up.
 */
#include "ir.h"

enum { SPLIT_MAX = 40, SUMS_MAX = 8, SPLIT_TRIPS = 8 };
#define SPLIT_KNOWN_MAX (1ll << 30)

/* Whether the loop's bounds are constants; then *trips is its number of
 * trips (SPLIT_KNOWN_MAX + 1 for any more). */
static bool known_trips(Inst *loop, long long *trips) {
    Value *start = loop->args.v[0], *bound = loop->args.v[1];
    if (start->def->op != OP_CONST || bound->def->op != OP_CONST || start->type->kind != TY_INT)
        return false;
    long long a = start->def->inum, n = bound->def->inum;
    unsigned long long d = (unsigned long long)n - (unsigned long long)a;
    *trips = n <= a ? 0 : d > SPLIT_KNOWN_MAX ? SPLIT_KNOWN_MAX + 1 : (long long)d;
    return true;
}

/* Is the loop of the form the pass takes: for (i = n; i-- > a;) over
 * straight-line code, of more than a few trips when they are known? */
static bool simple_reverse_loop(Inst *loop) {
    if (loop->op != OP_FOR || !loop->backward || loop->step != 1 || loop->cmp != OP_LT ||
        loop->iters.len != 1 || loop->results.len != 0)
        return false;
    Type *t = loop->iters.v[0]->type;
    if (!same_type(loop->args.v[0]->type, t) || !same_type(loop->args.v[1]->type, t) ||
        int_rank(t) < int_rank(ty_int))
        return false;                        /* C's conversions would have their say */
    long long trips;
    if (known_trips(loop, &trips) && (trips < SPLIT_TRIPS || trips > SPLIT_KNOWN_MAX))
        return false;
    int n = 0;
    for (Inst *in = loop->body->first; in; in = in->next, n++) {
        OpKind k = op_info[in->op].kind;
        if (n >= SPLIT_MAX || k == K_REGION || k == K_CALL || k == K_TAPE || k == K_ALLOC ||
            k == K_FREE || in->op == OP_CLEAR)
            return false;
    }
    return true;
}

/* Does the body read an adjoint declared outside it that it also writes?
 * Then each trip waits for the one before it anyway (newton's iteration:
 * d_r is read and set every trip), and two sums would not help. */
static bool carries_adjoint(Inst *loop) {
    for (Inst *in = loop->body->first; in; in = in->next) {
        if (in->op != OP_ADJ_READ || in->slot->home == loop->body)
            continue;
        for (Inst *x = loop->body->first; x; x = x->next)
            if (x->slot == in->slot && x->op != OP_ADJ_READ)
                return true;
    }
    return false;
}

/* The adjoints declared outside the loop that its body only adds into:
 * their number, in sums. */
static int sums_of(Inst *loop, Slot **sums) {
    if (carries_adjoint(loop))
        return 0;
    int n = 0;
    for (Inst *in = loop->body->first; in; in = in->next) {
        if (in->op != OP_ADJ_ADD || in->slot->home == loop->body || !is_floating(in->slot->type))
            continue;
        bool only_adds = true, known = false;
        for (Inst *x = loop->body->first; x; x = x->next)
            only_adds &= x->slot != in->slot || x->op == OP_ADJ_ADD;
        for (int k = 0; k < n; k++)
            known |= sums[k] == in->slot;
        if (only_adds && !known && n < SUMS_MAX)
            sums[n++] = in->slot;
    }
    return n;
}

/* Copies body into the end of b with its counter reading j, the sums'
 * additions going into halves (when not NULL), and the adjoints the body
 * declares into new ones of the copy's own.  map: by value id, what a
 * value of body reads as in the copy. */
static void copy_trip(Func *f, Block *body, Block *b, Value **map, Value *counter, Value *j,
                      Slot **sums, Slot **halves, int nsums) {
    for (Inst *in = body->first; in; in = in->next)
        for (int i = 0; i < in->args.len; i++)
            map[in->args.v[i]->id] = in->args.v[i];
    map[counter->id] = j;
    Inst *last = b->last;
    ir_clone_block(f, body, b, map);
    Slot **own = new_array(Slot *, body->nslots);
    for (Inst *in = last ? last->next : b->first; in; in = in->next) {
        for (int k = 0; halves && k < nsums; k++)
            if (in->slot == sums[k])
                in->slot = halves[k];
        for (int k = 0; in->slot && k < body->nslots; k++)
            if (in->slot == body->slots[k]) {
                if (!own[k])
                    own[k] = ir_slot(f, b, body->slots[k]->of);
                in->slot = own[k];
                break;
            }
    }
}

/* Moves the instructions of b, in order, to just after `at`. */
static void move_after(Inst *at, Block *b) {
    while (b->first) {
        Inst *in = b->first;
        insert_after(at, in);
        at = in;
    }
}

/* In the odd trip's copy the counter is the loop's start a: integer
 * arithmetic on it folds, x - x, x + 0, x * 1 and constants, so that the
 * span a trip reads at j - a is read at 0, and a counter from 0 times 2
 * is 0; a constant counter made floating is a floating constant. */
static void fold_copy(Func *f, Block *b) {
    Value **to = new_array(Value *, f->nvalues);
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; i < in->args.len; i++) {
            Value *a = in->args.v[i];
            if (a->id < f->nvalues && to[a->id])
                in->args.v[i] = to[a->id];
        }
        if (in->op == OP_CAST && in->args.v[0]->def->op == OP_CONST &&
            in->args.v[0]->type->kind == TY_INT && is_floating(in->results.v[0]->type)) {
            Builder kb = {f, b, in->loc, false};
            Value *k = ir_cast(&kb, in->results.v[0]->type, in->args.v[0]);   /* folds it */
            insert_before(in, k->def);
            to[in->results.v[0]->id] = k;
            continue;
        }
        if ((in->op != OP_SUB && in->op != OP_ADD && in->op != OP_MUL) ||
            in->results.v[0]->type->kind != TY_INT)
            continue;
        Value *r = in->results.v[0], *x = in->args.v[0], *y = in->args.v[1];
        bool kx = x->def->op == OP_CONST, ky = y->def->op == OP_CONST;
        long long folded;
        bool fits = kx && ky && same_type(x->type, r->type) && same_type(y->type, r->type) &&
                    !(in->op == OP_ADD ? __builtin_add_overflow(x->def->inum, y->def->inum, &folded)
                      : in->op == OP_SUB ? __builtin_sub_overflow(x->def->inum, y->def->inum, &folded)
                      : __builtin_mul_overflow(x->def->inum, y->def->inum, &folded)) &&
                    int_fits(r->type, folded);
        if (in->op == OP_SUB && x == y)
            fits = true, folded = 0;
        if (fits) {
            Builder kb = {f, b, in->loc, false};
            Value *k = ir_int(&kb, r->type, folded);
            insert_before(in, k->def);
            to[r->id] = k;
        } else if (in->op != OP_MUL && is_const(y, 0) && same_type(x->type, r->type)) {
            to[r->id] = x;
        } else if (in->op == OP_ADD && is_const(x, 0) && same_type(y->type, r->type)) {
            to[r->id] = y;
        } else if (in->op == OP_MUL && is_const(y, 1) && same_type(x->type, r->type)) {
            to[r->id] = x;
        } else if (in->op == OP_MUL && is_const(x, 1) && same_type(y->type, r->type)) {
            to[r->id] = y;
        }
    }
}

/* n - 1 - 2 * pair: the counter of the first trip of a pair. */
static Value *first_of_pair(Builder *b, Value *bound, Value *pair, Type *t) {
    Value *top = bound->def->op == OP_CONST ? ir_int(b, t, bound->def->inum - 1)
                                            : ir_op(b, OP_SUB, t, bound, ir_int(b, t, 1), NULL);
    return ir_op(b, OP_SUB, t, top, ir_op(b, OP_MUL, t, ir_int(b, t, 2), pair, NULL), NULL);
}

static void split_loop(Func *f, Inst *loop, Slot **sums, int nsums) {
    Value *counter = loop->iters.v[0], *start = loop->args.v[0], *bound = loop->args.v[1];
    Type *t = counter->type;
    Block *before = new_block(NULL);
    /* What the split adds quotes no source line of its own: the loop's
     * comment stands once, in front of the pairs. */
    SrcLoc quiet = {loop->loc.file, 0, 0};
    Builder b = {f, before, loop->loc, true};
    Value **map = new_array(Value *, f->nvalues);

    /* The number of trips, b - a only where b > a, as C never computed
     * b - a (nor a narrower count) when the loop did not run. */
    long long known = -1;
    Value *trips, *halve;
    if (known_trips(loop, &known)) {
        trips = ir_int(&b, t, known);
        halve = ir_int(&b, t, known / 2);
    } else {
        trips = ir_op(&b, OP_SELECT, t, ir_op(&b, OP_GT, ty_int, bound, start, NULL),
                      ir_op(&b, OP_SUB, t, bound, start, NULL), ir_int(&b, t, 0));
        halve = ir_op(&b, OP_DIV, t, trips, ir_int(&b, t, 2), NULL);
    }
    Inst *pairs = ir_for(&b, ir_int(&b, t, 0), halve, OP_LT, 1, "pair");
    pairs->note = "two trips a turn; the second adds into sums of its own (_2nd), so that "
                  "additions need not wait";
    Slot **halves = new_array(Slot *, nsums);
    for (int k = 0; k < nsums; k++) {
        halves[k] = ir_slot(f, loop->parent, sums[k]->of);
        halves[k]->half_of = sums[k];
    }
    Builder pb = {f, pairs->body, quiet, true};
    Value *hi = first_of_pair(&pb, bound, pairs->iters.v[0], t);
    hi->name = counter->name;
    copy_trip(f, loop->body, pairs->body, map, counter, hi, sums, NULL, nsums);
    pb.loc = quiet;
    Value *lo = ir_op(&pb, OP_SUB, t, hi, ir_int(&pb, t, 1), NULL);
    lo->name = counter->name;
    copy_trip(f, loop->body, pairs->body, map, counter, lo, sums, halves, nsums);

    /* The last trip, counter a, when their number is odd. */
    b.loc = quiet;
    if (known < 0 || known % 2) {
        Value *odd = known < 0 ? ir_op(&b, OP_NE, ty_int,
                                       ir_op(&b, OP_REM, t, trips, ir_int(&b, t, 2), NULL),
                                       ir_int(&b, t, 0), NULL)
                               : ir_int(&b, ty_int, 1);
        Inst *last = ir_if(&b, odd);
        last->note = "the last trip, when their number is odd";
        copy_trip(f, loop->body, last->then, map, counter, start, sums, NULL, nsums);
        fold_copy(f, last->then);
        if (known >= 0) {                    /* the trip is certain: no if */
            while (last->then->first)
                insert_before(last, last->then->first);
            for (int k = 0; k < last->then->nslots; k++)
                ir_slot_home(loop->parent, last->then->slots[k]);
            ir_remove(last);
        }
    }
    b.loc = quiet;
    for (int k = 0; k < nsums; k++)
        ir_adj_add(&b, sums[k], ir_adj_read(&b, halves[k]));
    move_after(loop, before);
    ir_remove(loop);
}

static int split_in(Func *f, Block *b) {
    int n = 0;
    for (Inst *in = b->first; in; in = in->next) {
        Block *r[2];
        for (int k = 0, nr = regions_of(in, r); k < nr; k++)
            n += split_in(f, r[k]);
        Slot *sums[SUMS_MAX];
        int nsums = simple_reverse_loop(in) ? sums_of(in, sums) : 0;
        if (nsums) {
            Inst *prev = in->prev;
            split_loop(f, in, sums, nsums);
            in = prev ? prev : b->first;     /* the loop is gone: go on from before it */
            n++;
        }
    }
    return n;
}

bool split_sums(Func *f) {
    return split_in(f, f->body) > 0;
}

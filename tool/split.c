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
 * pair adding into a second sum, and a loop of the original form takes the
 * last trip when their number is odd:
 *
 *     int t1 = d > i + 1 ? d - (i + 1) : 0;
 *     for (int pair = 0; pair < t1 / 2; pair++) {
 *         int j = d - 1 - 2 * pair;   ...  d_xi += ...;
 *         int j_1 = j - 1;             ...  d_xi_1 += ...;
 *     }
 *     for (int j = i + 1 + t1 % 2; j-- > i + 1;) { ... d_xi += ...; }
 *     d_xi += d_xi_1;
 *
 * Everything but the sums happens as before, in the same order; a sum's
 * terms are added in another grouping, as any order of a reverse sweep is
 * as good as another.  Only the simplest loops qualify: a reversed counted
 * loop (i < n, by one) carrying nothing but its counter, whose body is
 * straight-line code of at most SPLIT_MAX instructions (no branch, call,
 * tape or memory management), adding into an adjoint declared outside it
 * that the body does not otherwise touch.  Runs on a gradient Func, after
 * reverse.c's clean-up.
 */
#include "ir.h"

enum { SPLIT_MAX = 40, SUMS_MAX = 8, SPLIT_TRIPS = 8 };

/* Whether the loop's bounds are constants; then *trips is its number of
 * trips, or -1 when that is more than a loop of the model can have run. */
static bool known_trips(Inst *loop, long long *trips) {
    Value *start = loop->args.v[0], *bound = loop->args.v[1];
    if (start->def->op != OP_CONST || bound->def->op != OP_CONST || start->type->kind != TY_INT)
        return false;
    long long a = start->def->inum, n = bound->def->inum;
    unsigned long long d = (unsigned long long)n - (unsigned long long)a;
    *trips = n <= a ? 0 : d > (1ull << 30) ? -1 : (long long)d;
    return true;
}

/* Is the loop of the form the pass takes: for (i = n; i-- > a;) over
 * straight-line code, of more than a few trips when they are known? */
static bool simple_reverse_loop(Inst *loop) {
    if (loop->op != OP_FOR || !loop->backward || loop->step != 1 || loop->cmp != OP_LT ||
        loop->iters.len != 1 || loop->results.len != 0)
        return false;
    long long trips;
    if (known_trips(loop, &trips) && (trips < SPLIT_TRIPS || trips < 0))
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

/* In the odd trip's copy the counter is the loop's start a, and the span
 * a trip reads, saved[j - a], is saved[a - a]: x - x and x + 0 folded, it
 * reads saved[0]. */
static void fold_copy(Func *f, Block *b) {
    Value **to = new_array(Value *, f->nvalues);
    for (Inst *in = b->first; in; in = in->next) {
        for (int i = 0; i < in->args.len; i++) {
            Value *a = in->args.v[i];
            if (a->id < f->nvalues && to[a->id])
                in->args.v[i] = to[a->id];
        }
        if ((in->op != OP_SUB && in->op != OP_ADD) || in->results.v[0]->type->kind != TY_INT)
            continue;
        Value *r = in->results.v[0], *x = in->args.v[0], *y = in->args.v[1];
        if (in->op == OP_SUB && x == y) {
            Builder zb = {f, b, in->loc, false};
            Value *zero = ir_int(&zb, r->type, 0);
            insert_before(in, zero->def);
            to[r->id] = zero;
        } else if (is_const(y, 0) && same_type(x->type, r->type)) {
            to[r->id] = x;
        } else if (in->op == OP_ADD && is_const(x, 0) && same_type(y->type, r->type)) {
            to[r->id] = y;
        }
    }
}

static void split_loop(Func *f, Inst *loop, Slot **sums, int nsums) {
    Value *counter = loop->iters.v[0], *start = loop->args.v[0], *bound = loop->args.v[1];
    Type *t = counter->type;
    Block *before = new_block(NULL);
    Builder b = {f, before, loop->loc, true};
    Value **map = new_array(Value *, f->nvalues);

    /* The number of trips, as reverse.c counts a span's elements. */
    long long known;
    Value *span = ir_op(&b, OP_SUB, t, bound, start, NULL), *trips;
    if (known_trips(loop, &known))
        trips = ir_int(&b, t, known);
    else if (is_unsigned(t))                 /* the span wraps: the bounds tell */
        trips = ir_op(&b, OP_SELECT, t, ir_op(&b, OP_GT, ty_int, bound, start, NULL), span,
                      ir_int(&b, t, 0));
    else
        trips = ir_op(&b, OP_SELECT, t, ir_op(&b, OP_GT, ty_int, span, ir_int(&b, t, 0), NULL),
                      span, ir_int(&b, t, 0));
    Value *two = ir_int(&b, t, 2), *one = ir_int(&b, t, 1);
    Inst *pairs = ir_for(&b, ir_int(&b, t, 0), ir_op(&b, OP_DIV, t, trips, two, NULL), OP_LT, 1,
                         "pair");
    pairs->note = "two trips a turn, in the same order, the second adding into sums of its "
                  "own: the additions need not wait on each other";
    Slot **halves = new_array(Slot *, nsums);
    for (int k = 0; k < nsums; k++)
        halves[k] = ir_slot(f, loop->parent, sums[k]->of);
    Builder pb = {f, pairs->body, loop->loc, true};
    Value *hi = ir_op(&pb, OP_SUB, t, ir_op(&pb, OP_SUB, t, bound, one, NULL),
                      ir_op(&pb, OP_MUL, t, two, pairs->iters.v[0], NULL), NULL);
    hi->name = counter->name;
    copy_trip(f, loop->body, pairs->body, map, counter, hi, sums, NULL, nsums);
    Value *lo = ir_op(&pb, OP_SUB, t, hi, one, NULL);
    lo->name = counter->name;
    copy_trip(f, loop->body, pairs->body, map, counter, lo, sums, halves, nsums);

    /* The last trip, counter a, when their number is odd. */
    Value *odd = ir_op(&b, OP_NE, ty_int, ir_op(&b, OP_REM, t, trips, two, NULL),
                       ir_int(&b, t, 0), NULL);
    Inst *last = ir_if(&b, odd);
    last->note = "the last trip, when their number is odd";
    copy_trip(f, loop->body, last->then, map, counter, start, sums, NULL, nsums);
    fold_copy(f, last->then);
    b.loc = loop->loc;
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
            in = prev ? prev : b->first;     /* the loop is gone: go on after what replaced it */
            n++;
        }
    }
    return n;
}

bool split_sums(Func *f) {
    return split_in(f, f->body) > 0;
}

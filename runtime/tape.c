/*
 * tape.c: the slow path of the tape, the stack where the forward sweep of a
 * loop saves what its reverse sweep needs (bpgen.h has the inline pushes
 * and pops).
 *
 * One tape per thread, kept between calls: a gradient that has run once
 * allocates nothing the next time.  Growth doubles the buffer, so pushes
 * cost amortised O(1) and memory stays within twice the deepest use.  Out
 * of memory, the tape stops growing and marks itself failed instead of
 * printing or exiting: pops then return NaN and bp_tape_failed() says so.
 */
#include <bpgen.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Thread_local bp_tape bp_the_tape;

/* The room bp_tape_take moves adjoints to: apart from the tape, whose
 * spans the same reverse step may be reading, and kept between calls. */
static _Thread_local unsigned char *scratch;
static _Thread_local size_t scratch_cap;
static void free_nans(void);

static void release_at_exit(void) {
    bp_tape_release();
}

/* A failed tape is empty and has no room: pushes find no room and are
 * dropped, pops find it empty and give NaN (so the inline pops test one
 * thing, the top), until bp_tape_release. */
static int fail(bp_tape *t) {
    t->failed = 1;
    t->top = t->cap = 0;
    return -1;
}

int bp_tape_reserve(size_t bytes) {
    bp_tape *t = &bp_the_tape;
    if (t->failed)
        return -1;
    if (t->cap - t->top >= bytes)
        return 0;
    size_t cap = t->cap ? t->cap : 4096;
    while (cap - t->top < bytes) {
        if (cap > ((size_t)-1) / 2)
            return fail(t);
        cap *= 2;
    }
    unsigned char *data = realloc(t->data, cap);
    if (!data)
        return fail(t);
    static _Thread_local int registered;
    if (!t->data && !registered) {
        registered = 1;
        atexit(release_at_exit);
    }
    t->data = data;
    t->cap = cap;
    return 0;
}

void bp_tape_release(void) {
    bp_tape *t = &bp_the_tape;
    free(scratch);
    scratch = NULL;
    scratch_cap = 0;
    free_nans();
    free(t->data);
    t->data = NULL;
    t->top = t->cap = 0;
    t->failed = 0;
}

void *bp_tape_room(size_t room) {
    bp_tape *t = &bp_the_tape;
    if (bp_tape_reserve(room) == 0) {
        void *p = t->data + t->top;
        t->top += room;
        return p;
    }
    /* Failed: somewhere to write that nothing reads. */
    static _Thread_local void *sink;
    static _Thread_local size_t sink_cap;
    if (room > sink_cap) {
        void *more = realloc(sink, room);
        if (!more) {
            fputs("libbpgen: out of memory for the tape\n", stderr);
            abort();
        }
        sink = more;
        sink_cap = room;
    }
    return sink;
}

int bp_tape_failed(void) {
    return bp_the_tape.failed;
}

/* What a failed tape gives back: `bytes` of all ones (NaN as floating
 * point), in a buffer of this thread's; NULL only if even that cannot be
 * had.  A larger request gets a larger buffer, but the smaller ones stay
 * until bp_tape_release: a reverse half reads the span it popped (its
 * saved arrays, in place) while the halves it calls pop theirs. */
typedef struct Nans {
    struct Nans *older;
    size_t bytes;
    unsigned char data[];
} Nans;
static _Thread_local Nans *nans;

static void free_nans(void) {
    while (nans) {
        Nans *older = nans->older;
        free(nans);
        nans = older;
    }
}

void *bp_tape_nans(size_t bytes) {
    if (!nans || bytes > nans->bytes) {
        Nans *more = malloc(sizeof *more + bytes);
        if (!more)
            return NULL;
        more->older = nans;
        more->bytes = bytes;
        nans = more;
    }
    memset(nans->data, 0xff, bytes);
    return nans->data;
}

void *bp_tape_take(void *d, size_t bytes) {
    if (bytes > scratch_cap) {
        unsigned char *more = realloc(scratch, bytes);
        if (!more) {
            bp_the_tape.failed = 1;
            memset(d, 0, bytes);
            return bp_tape_nans(bytes);
        }
        scratch = more;
        scratch_cap = bytes;
    }
    if (bytes) {
        memcpy(scratch, d, bytes);
        memset(d, 0, bytes);
    }
    return scratch;
}

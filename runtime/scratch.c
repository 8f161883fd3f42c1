/*
 * scratch.c: the buffers a gradient allocates for one call, without malloc
 * in steady state.
 *
 * A model's scratch buffers (double *h = malloc(...), freed before it
 * returns) live, in its gradient, until the reverse sweep has used them,
 * and each has a zeroed adjoint twin.  A gradient takes them here instead:
 * bp_scratch_mark at its start, bp_scratch_alloc and bp_scratch_calloc for
 * the buffers, bp_scratch_release(mark) before it returns, which gives back
 * all taken since the mark.  The memory is a stack of chunks per thread,
 * kept from call to call: a chunk too small for a request is left for the
 * next (bigger) one, so after the first call a gradient finds all the room
 * it needs.  Chunks never move, so a buffer stays where it is while others
 * are taken after it.
 *
 * Built with AddressSanitizer, every buffer is a malloc of its own (and the
 * release frees them), so that the sanitizer still sees each buffer's
 * bounds.
 */
#include <bpgen.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define BP_SCRATCH_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BP_SCRATCH_MALLOC 1
#endif
#endif

/* Every buffer starts on a multiple of ALIGN, as malloc's would, and GAP
 * bytes after the one before.  Packed end to end, a model's buffers and
 * their adjoints fell into a pattern of addresses that made GMM's gradient
 * at d = 64 run 25% slower (the same instructions: 3.9 primal evaluations
 * instead of 3.1); a cache line between buffers, as malloc leaves its
 * headers, breaks it. */
#define ALIGN 16
#define GAP 64

#ifndef BP_SCRATCH_MALLOC

typedef struct {
    unsigned char *data;
    size_t size, used;
    size_t start;                            /* the mark of its first byte */
} Chunk;

static _Thread_local Chunk *chunks;
static _Thread_local int nchunks, top;      /* chunks[top] is the one in use */

static void free_chunks(void) {
    for (int i = 0; i < nchunks; i++)
        free(chunks[i].data);
    free(chunks);
    chunks = NULL;
    nchunks = top = 0;
}

/* A new chunk on top of the stack, of at least `bytes` bytes. */
static int grow(size_t bytes) {
    size_t last = nchunks ? chunks[nchunks - 1].size : 0;
    size_t size = last ? 2 * last : 64 * 1024;
    while (size < bytes) {
        if (size > SIZE_MAX / 2)
            return -1;
        size *= 2;
    }
    Chunk *more = realloc(chunks, (size_t)(nchunks + 1) * sizeof *chunks);
    if (!more)
        return -1;
    chunks = more;
    unsigned char *data = malloc(size);
    if (!data)
        return -1;
    if (!nchunks)
        atexit(free_chunks);
    Chunk *prev = nchunks ? &chunks[nchunks - 1] : NULL;
    chunks[nchunks++] = (Chunk){data, size, 0, prev ? prev->start + prev->size : 0};
    return 0;
}

size_t bp_scratch_mark(void) {
    return nchunks ? chunks[top].start + chunks[top].used : 0;
}

void *bp_scratch_alloc(size_t bytes) {
    if (bytes > PTRDIFF_MAX)
        return NULL;
    size_t room = ((bytes + ALIGN - 1) & ~(size_t)(ALIGN - 1)) + GAP;
    /* The first chunk from the top on that has room, or a new one. */
    while (!nchunks || chunks[top].size - chunks[top].used < room) {
        if (nchunks && top + 1 < nchunks) {
            top++;
            chunks[top].used = 0;
        } else {
            if (grow(room) != 0)
                return NULL;
            top = nchunks - 1;
        }
    }
    void *p = chunks[top].data + chunks[top].used;
    chunks[top].used += room;
    return p;
}

void bp_scratch_release(size_t mark) {
    while (top > 0 && chunks[top].start > mark) {
        chunks[top].used = 0;
        top--;
    }
    if (nchunks && mark - chunks[top].start < chunks[top].used)
        chunks[top].used = mark - chunks[top].start;
}

#else /* BP_SCRATCH_MALLOC: one malloc a buffer, for the sanitizer */

static _Thread_local void **taken;
static _Thread_local size_t ntaken, taken_cap;

size_t bp_scratch_mark(void) {
    return ntaken;
}

void *bp_scratch_alloc(size_t bytes) {
    if (bytes > PTRDIFF_MAX)                 /* as malloc, without the sanitizer's abort */
        return NULL;
    if (ntaken == taken_cap) {
        size_t cap = taken_cap ? 2 * taken_cap : 64;
        void **more = realloc(taken, cap * sizeof *taken);
        if (!more)
            return NULL;
        taken = more;
        taken_cap = cap;
    }
    void *p = malloc(bytes ? bytes : 1);
    if (p)
        taken[ntaken++] = p;
    return p;
}

void bp_scratch_release(size_t mark) {
    while (ntaken > mark)
        free(taken[--ntaken]);
    if (!ntaken) {
        free(taken);
        taken = NULL;
        taken_cap = 0;
    }
}

#endif

void *bp_scratch_calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = bp_scratch_alloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

/*
 * util.c: the arena every compiler structure lives in, formatted strings,
 * growable value lists, and a set of identifiers.
 *
 * bpgen is a batch tool: it builds its data structures, writes one file and
 * exits.  So nothing is ever freed; allocation is a pointer bump in large
 * zeroed chunks, and running out of memory is reported once, here.
 */
#include "ir.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (1 << 20)

static char *chunk;                          /* current chunk */
static size_t chunk_used, chunk_size;

void *arena_alloc(size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (chunk_used + size > chunk_size) {
        size_t n = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        chunk = calloc(1, n);
        if (!chunk)
            internal_error("out of memory");
        chunk_used = 0;
        chunk_size = n;
    }
    void *p = chunk + chunk_used;
    chunk_used += size;
    return p;
}

char *arena_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    return memcpy(arena_alloc(n), s, n);
}

char *format(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *buf = arena_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return buf;
}

bool streq(const char *a, const char *b) {
    return a && b && strcmp(a, b) == 0;
}

void vl_push(ValueList *l, Value *v) {
    if (l->len == l->cap) {
        int cap = l->cap ? 2 * l->cap : 4;
        Value **nv = arena_alloc(sizeof(Value *) * (size_t)cap);
        if (l->len)
            memcpy(nv, l->v, sizeof(Value *) * (size_t)l->len);
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->len++] = v;
}

/* FNV-1a: names are short and the set small; any decent hash will do. */
static uint32_t hash_name(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int name_slot(NameSet *s, const char *name) {
    uint32_t i = hash_name(name) & (uint32_t)(s->cap - 1);
    while (s->keys[i] && strcmp(s->keys[i], name) != 0)
        i = (i + 1) & (uint32_t)(s->cap - 1);
    return (int)i;
}

bool names_has(NameSet *s, const char *name) {
    return s->cap && s->keys[name_slot(s, name)];
}

void names_add(NameSet *s, const char *name) {
    if (2 * (s->len + 1) > s->cap) {
        NameSet bigger = {arena_alloc(sizeof(char *) * (size_t)(s->cap ? 2 * s->cap : 64)),
                          s->cap ? 2 * s->cap : 64, 0};
        for (int i = 0; i < s->cap; i++)
            if (s->keys[i])
                names_add(&bigger, s->keys[i]);
        *s = bigger;
    }
    int i = name_slot(s, name);
    if (!s->keys[i]) {
        s->keys[i] = arena_strdup(name);
        s->len++;
    }
}

/*
 * util.c: the arena every compiler structure lives in, formatted strings,
 * growable value lists, and a set of identifiers.
 *
 * bpgen is a batch tool: it builds its data structures, writes one file and
 * exits.  So nothing is ever freed; allocation is a pointer bump in large
 * zeroed chunks, and running out of memory is reported once, here.  Only
 * the front-door fuzzer, which runs bpgen once per input in one process,
 * gives memory back: everything allocated since a mark, at once.
 */
#include "ir.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (1 << 20)
#define LINK_SIZE 16                         /* a chunk starts with the previous one */

static char *chunk;                          /* current chunk; each links the one before,
                                                so that leak checkers see them all held */
static size_t chunk_used, chunk_size;

void *arena_alloc(size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (chunk_used + size > chunk_size) {
        size_t n = LINK_SIZE + (size > CHUNK_SIZE ? size : CHUNK_SIZE);
        char *next = calloc(1, n);
        if (!next)
            internal_error("out of memory");
        memcpy(next, &chunk, sizeof chunk);
        chunk = next;
        chunk_used = LINK_SIZE;
        chunk_size = n;
    }
    void *p = chunk + chunk_used;
    chunk_used += size;
    return p;
}

ArenaMark arena_mark(void) {
    return (ArenaMark){chunk, chunk_used, chunk_size};
}

/* Frees the chunks begun after the mark and zeroes the rest of the mark's
 * own chunk, which arena_alloc hands out again. */
void arena_release(ArenaMark m) {
    while (chunk != m.chunk) {
        if (!chunk)
            internal_error("arena_release: the mark is not in the arena");
        char *prev;
        memcpy(&prev, chunk, sizeof prev);
        free(chunk);
        chunk = prev;
    }
    if (chunk)
        memset(chunk + m.used, 0, m.size - m.used);
    chunk_used = m.used;
    chunk_size = m.size;
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

void *array_grow(void *items, int len, int *cap, size_t size) {
    if (len < *cap)
        return items;
    int n = *cap ? 2 * *cap : 8;
    void *bigger = arena_alloc(size * (size_t)n);
    if (len)
        memcpy(bigger, items, size * (size_t)len);
    *cap = n;
    return bigger;
}

void vl_push(ValueList *l, Value *v) {
    l->v = array_grow(l->v, l->len, &l->cap, sizeof *l->v);
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

/* The shortest decimal that reads back as the same double (or float), in
 * the form a person writes: 10.0 and 0.001 rather than 1e+01 and 1e-03,
 * exponents only for very large or small magnitudes. */
const char *format_number(double x, bool is_float) {
    char buf[64];
    int prec = 1;
    for (; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
        if (is_float ? (float)strtod(buf, NULL) == (float)x : strtod(buf, NULL) == x)
            break;
    }
    double mag = fabs(x);
    if (x == 0 || (mag >= 1e-4 && mag < 1e16)) {
        int exp10 = x == 0 ? 0 : (int)floor(log10(mag));
        int decimals = prec - 1 - exp10;
        snprintf(buf, sizeof buf, "%.*f", decimals > 0 ? decimals : 0, x);
        if (!strchr(buf, '.'))
            strcat(buf, ".0");
    } else {
        /* 1.5e-08 -> 1.5e-8, 1e+20 -> 1e20 */
        snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
        char *e = strchr(buf, 'e');
        if (e[1] == '+')
            memmove(e + 1, e + 2, strlen(e + 2) + 1);
        char *digits = e[1] == '-' ? e + 2 : e + 1;
        while (*digits == '0' && digits[1])
            memmove(digits, digits + 1, strlen(digits));
    }
    return arena_strdup(buf);
}

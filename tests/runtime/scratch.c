// The scratch stack a gradient takes its buffers from (runtime/scratch.c):
// buffers are 16-byte aligned and apart, bp_scratch_calloc zeroes, a
// release gives back all taken since its mark (and only that), the same
// requests after a release get the same memory (nothing allocated in
// steady state), requests bigger than a chunk work, and sizes that
// overflow give NULL.  Built with ASan, the runtime mallocs each buffer
// (the sanitizer sees its bounds), so the same-memory check is skipped.
// RUN: %cc %s -o %t %libs && %run %t | FileCheck %s
#include <bpgen.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

static int round_trip(void **got, int n) {
    size_t mark = bp_scratch_mark();
    int bad = 0;
    for (int i = 0; i < n; i++) {
        size_t bytes = (size_t)(i + 1) * 1000;
        double *p = bp_scratch_calloc(bytes / sizeof(double), sizeof(double));
        bad |= p == NULL || (uintptr_t)p % 16 != 0;
        for (size_t k = 0; p && k < bytes / sizeof(double); k++)
            bad |= p[k] != 0.0;
        if (p)
            memset(p, 0xab, bytes);          /* a neighbour's overrun would show */
        got[i] = p;
    }
    for (int i = 0; i + 1 < n; i++)
        bad |= (char *)got[i] + (size_t)(i + 1) * 1000 > (char *)got[i + 1] &&
               (char *)got[i + 1] + (size_t)(i + 2) * 1000 > (char *)got[i];
    bp_scratch_release(mark);
    bad |= bp_scratch_mark() != mark;
    return bad;
}

int main(void) {
    void *first[200], *again[200];
    int bad = round_trip(first, 200);        /* 20 MB in all: several chunks */
    bad |= round_trip(again, 200);
    printf("aligned, zeroed, apart: %s\n", bad ? "FAILED" : "ok");
    // CHECK: aligned, zeroed, apart: ok

    int same = 1;
    for (int i = 0; i < 200; i++)
        same &= first[i] == again[i];
    printf("same memory the second time: %s\n", same || SANITIZED ? "ok" : "FAILED");
    // CHECK: same memory the second time: ok

    size_t outer = bp_scratch_mark();
    double *a = bp_scratch_alloc(64);
    size_t inner = bp_scratch_mark();
    double *b = bp_scratch_alloc(64);
    bp_scratch_release(inner);
    double *c = bp_scratch_alloc(64);
    printf("release to an inner mark: %s\n",
           (c == b || SANITIZED) && a != b && bp_scratch_mark() != outer ? "ok" : "FAILED");
    // CHECK: release to an inner mark: ok
    bp_scratch_release(outer);
    printf("back to the outer mark: %s\n", bp_scratch_mark() == outer ? "ok" : "FAILED");
    // CHECK: back to the outer mark: ok

    volatile size_t quarter = SIZE_MAX / 4, most = SIZE_MAX - 4; /* (past gcc's own check) */
    void *huge = bp_scratch_calloc(quarter, 8);
    void *huger = bp_scratch_alloc(most);
    printf("overflowing sizes: %s\n", !huge && !huger ? "ok" : "FAILED");
    // CHECK: overflowing sizes: ok
    return 0;
}

// The tape: last in, first out across types and whole arrays (entries 8-byte
// aligned, spans read where they lie, adjoints taken aside); it keeps its memory between
// uses (no allocation once it is big enough), grows by doubling, is empty
// again after balanced pushes and pops, and bp_tape_release gives the
// memory back.  A tape that cannot grow (a reservation past what memory
// can address) fails: what was on it and what comes after pops as NaN, and
// bp_tape_failed says so until the release.
// RUN: %cc %s -o %t %libs && %t | FileCheck %s
#include <bpgen.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    int bad = 0;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 100000; i++) {
            bp_push_double(i * 0.5);
            bp_push_int(i);
            bp_push_float((float)i);
        }
        for (int i = 100000; i-- > 0;) {
            bad |= bp_pop_float() != (float)i;
            bad |= bp_pop_int() != i;
            bad |= bp_pop_double() != i * 0.5;
        }
        bad |= bp_the_tape.top != 0;
    }
    printf("lifo: %s\n", bad ? "FAILED" : "ok");
    // CHECK: lifo: ok

    size_t cap = bp_the_tape.cap;
    for (int i = 0; i < 100000; i++)
        bp_push_double(1.0);
    for (int i = 0; i < 100000; i++)
        bp_pop_double();
    printf("reuse: %s\n", bp_the_tape.cap == cap ? "ok" : "FAILED (grew)");
    // CHECK: reuse: ok

    double x = 3.0;
    bp_push_pointer(&x);
    printf("pointer: %s\n", bp_pop_pointer() == &x ? "ok" : "FAILED");
    // CHECK: pointer: ok

    printf("reserve: %s\n", bp_tape_reserve(1 << 20) == 0 && bp_the_tape.cap - bp_the_tape.top >= (1 << 20) ? "ok" : "FAILED");
    // CHECK: reserve: ok

    /* Whole arrays: of any length, entries stay 8-byte aligned, a span is
     * read where it lies, and a take moves adjoints aside and clears them. */
    float f3[3] = {1, 2, 3}, back[3] = {0};
    double d5[5] = {1, 2, 3, 4, 5};
    bp_push_float(7);
    bp_push_array(f3, sizeof f3);
    bp_push_array(d5, sizeof d5);
    bp_push_array(d5, 0);
    bp_pop_span(0);
    const double *span = bp_pop_span(sizeof d5);
    int arrays = ((size_t)span % 8 == 0) && !memcmp(span, d5, sizeof d5);
    bp_pop_array(back, sizeof back);
    arrays &= !memcmp(back, f3, sizeof f3) && bp_pop_float() == 7 && bp_the_tape.top == 0;
    double dy[4] = {1, -2, 3, -4};
    const double *aside = bp_tape_take(dy, sizeof dy);
    arrays &= aside[0] == 1 && aside[3] == -4 && dy[0] == 0 && dy[3] == 0;
    printf("arrays: %s\n", arrays ? "ok" : "FAILED");
    bad |= !arrays;
    // CHECK: arrays: ok

    bp_push_double(1.0);
    bp_push_int(2);
    int failed = bp_tape_reserve((size_t)-1 / 2 + 1) == -1 && bp_tape_failed();
    bp_push_double(3.0);
    double nan1 = bp_pop_double(), nan2 = bp_pop_double();
    failed &= nan1 != nan1 && nan2 != nan2 && bp_pop_int() == 0 && bp_tape_failed();
    const double *gone = bp_pop_span(2 * sizeof(double));
    failed &= gone[0] != gone[0] && gone[1] != gone[1];
    printf("failure: %s\n", failed ? "ok" : "FAILED");
    bad |= !failed;
    // CHECK: failure: ok

    bp_tape_release();
    printf("release: %s\n", bp_the_tape.data == NULL && bp_the_tape.cap == 0 && !bp_tape_failed() ? "ok" : "FAILED");
    // CHECK: release: ok
    return bad;
}

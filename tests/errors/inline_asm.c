// Inline assembly cannot be differentiated.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    __asm__("nop");
    return x;
}
// CHECK: inline_asm.c:[[@LINE-3]]:5: error: inline assembly cannot be differentiated

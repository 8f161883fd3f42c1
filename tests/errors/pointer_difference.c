// Differences of pointers.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(const double *x, const double *end) {
    return x[0] * (double)(end - x);
}
// CHECK: pointer_difference.c:[[@LINE-2]]:28: error: bpgen does not support differences or comparisons of pointers; use integer indexes

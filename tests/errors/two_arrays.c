// A pointer that may point into either of two arrays: bpgen cannot tell whose adjoints to use.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x, y)
double f(const double *x, const double *y, int n) {
    const double *p = x;
    if (n > 2)
        p = y;
    return p[0] * p[1];
}
// CHECK: two_arrays.c:[[@LINE-4]]:5: error: bpgen cannot tell which array this pointer points into: it is set from two different arrays; use an index into one array instead

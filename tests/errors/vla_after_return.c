// A variable-length array after an early return is on only some paths:
// the message says so, and where to move it.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(const double *x, int n) {
    double s = x[0];
    if (s > 2)
        return s;
    double t[n];
    for (int i = 0; i < n; i++)
        t[i] = x[i] * s;
    return t[0] + t[n - 1];
}
// CHECK: vla_after_return.c:[[@LINE-5]]:12: error: the variable-length array 't' comes after an early return (or break or continue), which leaves it on only some paths through the function; bpgen allocates such arrays on every path: declare it before that return

// --emit=dot --at evaluates scalar code only: a loop is reported at the
// loop, with what to do instead.
// RUN: rm -f %t.dot
// RUN: %bpgen %s --emit=dot --at x=1,n=3 -o %t.dot 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.dot
#include <bpgen.h>
BP_GRAD(x)
double f(double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x * i;
    return s;
}
// CHECK: dot_at_loop.c:[[@LINE-4]]:5: error: --at evaluates scalar code only (arithmetic, math.h functions and branches); this function has a loop, so draw it without --at

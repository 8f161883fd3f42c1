// malloc inside a loop.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <stdlib.h>
#include <bpgen.h>
BP_GRAD(x)
double f(const double *x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
        double *b = malloc(sizeof(double));
        b[0] = x[i];
        s += b[0];
        free(b);
    }
    return s;
}
// CHECK: malloc_in_loop.c:[[@LINE-7]]:21: error: 'malloc' is inside a loop or a branch, which bpgen does not support for such arrays; declare it once, at the top of the function

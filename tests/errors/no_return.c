// A path that falls off the end of the function.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    if (x > 0)
        return x;
}
// CHECK: no_return.c:[[@LINE-4]]:8: error: 'f' can reach the end of its body without returning a value

// Writing a global variable.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
double last;
BP_GRAD(x)
double f(double x) {
    last = x;
    return x;
}
// CHECK: global_write.c:[[@LINE-3]]:5: error: this assignment writes the global variable 'last'

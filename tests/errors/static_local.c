// A static local keeps state between calls.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    static double calls = 0;
    return x * calls;
}
// CHECK: static_local.c:[[@LINE-3]]:19: error: 'calls' is declared static inside the function; bpgen supports automatic local variables only

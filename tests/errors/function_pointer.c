// A call through a function pointer on an active value.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
double (*activation)(double);
BP_GRAD(x)
double f(double x) {
    return activation(x);
}
// CHECK: function_pointer.c:[[@LINE-2]]:12: error: calls through function pointers are not supported; call the function by name

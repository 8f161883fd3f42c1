// Calls to the model's own functions are not differentiated yet.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
double square(double v) { return v * v; }
BP_GRAD(x)
double f(double x) {
    return square(x) + x;
}
// CHECK: model_function.c:[[@LINE-2]]:12: error: bpgen does not differentiate calls to functions of the model yet ('square'); write its body into the function, or compute its result outside and pass it as a parameter

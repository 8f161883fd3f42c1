// Reading a global that is not const.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
double scale = 2.0;
BP_GRAD(x)
double f(double x) {
    return scale * x;
}
// CHECK: global_read.c:[[@LINE-2]]:12: error: 'scale' is a global variable that is not const

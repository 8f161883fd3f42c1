// switch is not differentiated yet; the message says what to write.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x, int k) {
    switch (k) {
    case 0: return x;
    default: return -x;
    }
}
// CHECK: switch.c:[[@LINE-5]]:5: error: 'switch' is not supported yet; write it as if / else if / else

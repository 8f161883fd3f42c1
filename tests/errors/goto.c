// goto is not differentiated; the message says what to write instead.
// RUN: rm -f %t.c
// RUN: %bpgen %s -o %t.c 2>%t.err; test $? -eq 1
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.c
#include <bpgen.h>
BP_GRAD(x)
double f(double x) {
    if (x > 0) goto done;
    x = -x;
done:
    return x;
}
// CHECK: goto.c:[[@LINE-5]]:16: error: 'goto' and labels are not supported; write the control flow with if/else and return

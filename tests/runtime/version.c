// RUN: %cc %fdcheck %s -o %t %libs && %t | FileCheck %s
//
// bp_version: the library reports the version of the header it was built
// with, a dotted triple, and the header this test sees agrees.
//
// CHECK:      bpgen {{[0-9]+\.[0-9]+\.[0-9]+$}}
// CHECK-NEXT: version matches header: ok
#include <bpgen.h>
#include <string.h>

#include "fdcheck.h"

int main(void)
{
    const char *version = bp_version();
    printf("bpgen %s\n", version ? version : "(null)");
    fd_expect_true("version matches header", version && strcmp(version, BPGEN_VERSION) == 0);
    return fd_failures != 0;
}

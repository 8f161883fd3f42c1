#!/usr/bin/env python3
"""Writes the models of tests/cli/bad_input.test that are too big to keep.

stress_models.py big OUT    a 100,000-line model: 12,000 small functions,
                            3,000 of them called by the BP_GRAD function
stress_models.py deep N OUT N nested ifs (clang's limit on brackets is 256)
stress_models.py loops N OUT N nested for loops
"""
import sys


def big(out):
    out.write('#include <bpgen.h>\n#include <math.h>\n\n')
    for i in range(12000):
        out.write('static double h%d(double x)\n{\n    double y = x * %d.0;\n'
                  '    y = sin(y) + x;\n    y = y * y;\n    return y;\n}\n\n' % (i, i % 7 + 1))
    out.write('BP_GRAD(x)\ndouble f(double x)\n{\n    double s = 0;\n')
    for i in range(3000):
        out.write('    s = s + h%d(x) * 0.5;\n' % (4 * i))
    out.write('    return s;\n}\n')


def nested(out, n, opener):
    out.write('#include <bpgen.h>\n\nBP_GRAD(x)\ndouble f(double x)\n{\n    double s = x;\n')
    for i in range(n):
        out.write('    ' * (i + 1) + opener(i) + ' {\n')
    out.write('    ' * (n + 1) + 's = s * 0.5 + x;\n')
    for i in reversed(range(n)):
        out.write('    ' * (i + 1) + '}\n')
    out.write('    return s;\n}\n')


def main():
    kind = sys.argv[1]
    with open(sys.argv[-1], 'w') as out:
        if kind == 'big':
            big(out)
        elif kind == 'deep':
            nested(out, int(sys.argv[2]), lambda i: 'if (s > %d)' % (-i - 10))
        else:
            nested(out, int(sys.argv[2]), lambda i: 'for (int i%d = 0; i%d < 2; i%d++)' % (i, i, i))


main()

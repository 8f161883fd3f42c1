#!/usr/bin/env python3
"""Writes the front-door fuzzer's corner cases, one model a file, into DIR.

    corners.py DIR

Small models written by hand for the corners of C a byte-level mutator
rarely reaches from the test suite's models: odd control flow, odd types,
odd names, constants at the limits, size and depth (kept well under the 5 s
a run may take), and the constructs bpgen rejects, each of which must end in
a file:line:col error.  scripts/fuzz-frontdoor.sh adds them to the seeds,
frontdoor.test runs them through the harness once each.
"""
import os
import sys

HEADER = "#include <bpgen.h>\n#include <math.h>\n#include <stdlib.h>\n"

CORNERS = {
    "adjoint_self": """\
BP_ADJOINT(f, f);
BP_GRAD(x)
double f(double x) {
    return x * x;
}
""",
    "adjoint_weird": """\
double g(double);
void g_adj(double, double, double *);
BP_ADJOINT(g, g_adj);
BP_ADJOINT(g, g_adj);
BP_ADJOINT(h, nothing);
BP_GRAD(x)
double f(double x) {
    return g(x) * x;
}
""",
    "alias_params": """\
BP_GRAD(a, b)
double f(double *a, double *b, int n) {
    for (int i = 0; i < n; i++) a[i] = b[i] * a[i];
    for (int i = 0; i < n; i++) b[i] = a[n - 1 - i] * b[i];
    return a[0] + b[0];
}
""",
    "alignof": """\
BP_GRAD(x)
double f(double x) {
    return x * _Alignof(double);
}
""",
    "alloca_huge": """\
BP_GRAD(x)
double f(double x) {
    double a[100000000];
    a[0] = x;
    return a[0] * x;
}
""",
    "alloca_neg": """\
BP_GRAD(x)
double f(double x, int n) {
    double a[3];
    a[-1] = x;
    a[2] = x * x;
    return a[2] * a[-1];
}
""",
    "annotate_garbage": """\
__attribute__((annotate("bpgen.grad:(((("))) double f(double x) {
    return x * x;
}
__attribute__((annotate("bpgen.grad:x y z"))) double g(double x) { return x; }
""",
    "annotate_manual": """\
__attribute__((annotate("bpgen.grad:x,,y,"))) double f(double x, double y) {
    return x * y;
}
__attribute__((annotate("bpgen.grad:"))) __attribute__((annotate("bpgen.grad:x"))) double g(double x) { return x; }
""",
    "anon_struct": """\
BP_GRAD(x)
double f(double x) {
    struct { double a; struct { double b; }; } s;
    s.a = x;
    s.b = x * x;
    return s.a * s.b;
}
""",
    "asm_label": """\
BP_GRAD(x)
double f(double x) __asm__("other");
double f(double x) { return x * x; }
""",
    "assign_chain": """\
BP_GRAD(x)
double f(double x) {
    double a, b, c;
    a = b = c = x * x;
    a += b -= c *= x;
    return a + b + c;
}
""",
    "attribute": """\
BP_GRAD(x)
__attribute__((noinline, hot)) static inline double f(double x) {
    return x * x;
}
""",
    "bitfield": """\
struct s { int a : 3; double d; };
BP_GRAD(x)
double f(double x, struct s *p) {
    p->a = 5;
    return x * p->d * p->a;
}
""",
    "bool_ops": """\
#include <stdbool.h>
BP_GRAD(x)
double f(double x) {
    bool b = x > 0 && x < 10 || !(x == 3);
    return b ? x * x : -x;
}
""",
    "calloc_zero": """\
BP_GRAD(x)
double f(double x) {
    double *a = calloc(0, 8);
    double r = x * x;
    free(a);
    return r;
}
""",
    "cast_ptr": """\
BP_GRAD(x)
double f(double x, float *p) {
    double *q = (double *)p;
    q[0] = x;
    return q[0] * (float)x;
}
""",
    "char_ops": """\
BP_GRAD(x)
double f(double x, const char *s) {
    double t = x;
    while (*s) { t = t * x + *s; s++; }
    return t;
}
""",
    "comma": """\
BP_GRAD(x)
double f(double x) {
    double y = (x, x * x, sin(x));
    return (y = y * 2, y + x);
}
""",
    "complex": """\
BP_GRAD(x)
double f(double x) {
    _Complex double z = x;
    return __real__ (z * z);
}
""",
    "compound_lit": """\
BP_GRAD(x)
double f(double x) {
    double *p = (double[]){x, x * x, 3};
    return p[0] * p[1] + p[2];
}
""",
    "dead_code": """\
BP_GRAD(x)
double f(double x) {
    return x;
    x = x * x;
    return x;
}
""",
    "decl_after": """\
double f(double x);
BP_GRAD(x)
double f(double x) { return x * x; }
double f(double x);
""",
    "desig_init": """\
struct s { double a, b; int n; };
BP_GRAD(x)
double f(double x) {
    struct s v = {.b = x, .a = x * x};
    double arr[4] = {[2] = x, [0] = 1};
    return v.a * v.b + arr[2] * arr[0];
}
""",
    "double_inc": """\
BP_GRAD(x)
double f(double x) {
    double y = x;
    y++;
    ++y;
    y--;
    double z = y++ * --y;
    return z;
}
""",
    "early_return": """\
BP_GRAD(x)
double f(double x, int n) {
    for (int i = 0; i < n; i++) {
        if (x > 5) return x * i;
        x = x * x;
    }
    if (x < 0) return -x;
    return x;
}
""",
    "empty_body": """\
BP_GRAD(x)
double f(double x) {
}
""",
    "enum": """\
enum e { A = 3, B = -7 };
BP_GRAD(x)
double f(double x) {
    enum e k = B;
    return x * k * A;
}
""",
    "extern_const": """\
extern const double K;
BP_GRAD(x)
double f(double x) {
    return x * K;
}
""",
    "flex_array": """\
struct s { int n; double d[]; };
BP_GRAD(p)
double f(const struct s *p) {
    double t = 0;
    for (int i = 0; i < p->n; i++) t += p->d[i] * p->d[i];
    return t;
}
""",
    "float_loop_var": """\
BP_GRAD(x)
double f(double x) {
    double s = 0;
    for (double t = 0; t < 1; t += 0.25) s += t * x;
    return s;
}
""",
    "float_mix": """\
BP_GRAD(x, y)
float f(float x, double y) {
    float z = x * y;
    long double w = z;
    return (float)(z * sinf(x) + sqrt(y));
}
""",
    "fnptr": """\
static double sq(double v) { return v * v; }
BP_GRAD(x)
double f(double x) {
    double (*g)(double) = sq;
    return g(x);
}
""",
    "for_ge_min": """\
BP_GRAD(x)
double f(double x, const double *a) {
    double s = 0;
    for (long long i = 0; i >= -9223372036854775807LL - 1; i--)
        s += a[0] * x;
    return s;
}
""",
    "for_ne": """\
BP_GRAD(x)
double f(double x) {
    double s = x;
    for (int i = 0; i != 10; i += 3)
        s = s * x;
    return s;
}
""",
    "for_step_big": """\
BP_GRAD(x)
double f(double x) {
    double s = x;
    for (int i = 0; i < 10; i += 2147483647)
        s = s * x;
    return s;
}
""",
    "generic": """\
BP_GRAD(x)
double f(double x) {
    return _Generic(x, double: x * x, default: 0.0);
}
""",
    "global_const_big": """\
static const double T[100000] = {1};
BP_GRAD(x)
double f(double x, int i) {
    return x * T[i];
}
""",
    "global_struct_const": """\
static const struct { double a; double b[2]; } K = {1, {2, 3}};
static const double T[3] = {1, 2};
BP_GRAD(x)
double f(double x) {
    return x * K.a + K.b[1] * T[2] + T[1];
}
""",
    "goto_loop": """\
BP_GRAD(x)
double f(double x) {
    int i = 0;
again:
    x = x * 0.5;
    if (++i < 3) goto again;
    return x;
}
""",
    "grad_on_helper_called": """\
BP_GRAD(x)
double g(double x) { return x * x; }
BP_GRAD(x)
double f(double x) {
    return g(x) * g(g(x));
}
""",
    "huge_literal_count": """\
BP_GRAD(x)
double f(double x) {
    double a[3] = {x, x, x};
    return a[2147483647] * a[-2147483647 - 1];
}
""",
    "if_const": """\
BP_GRAD(x)
double f(double x) {
    if (0) x = x * x; else if (1) x = sin(x);
    while (0) x = 3;
    for (;0;) x = 4;
    return x;
}
""",
    "infinite_loop": """\
BP_GRAD(x)
double f(double x) {
    for (;;) { x = x * x; if (x > 1) break; }
    while (1) { x = x * 0.5; if (x < 1) return x; }
}
""",
    "int_div_zero": """\
BP_GRAD(x)
double f(double x) {
    int n = 1 / 0;
    int k = 5 % 0;
    return x * n * k;
}
""",
    "int_ret": """\
BP_GRAD(x)
int f(double x) {
    return x * x;
}
""",
    "keyword_like_names": """\
BP_GRAD(bp_tape, malloc)
double f(double bp_tape, double malloc) {
    return bp_tape * malloc;
}
""",
    "knr": """\
BP_GRAD(x)
double f(x) double x; {
    return x * x;
}
""",
    "label_only": """\
BP_GRAD(x)
double f(double x) {
    a: b: ;
    { } ;;; { { } }
    return x;
}
""",
    "local_array_init_loop": """\
BP_GRAD(x)
double f(double x) {
    double a[5] = {0};
    for (int i = 1; i < 5; i++) a[i] = a[i - 1] * x + x;
    double s = 0;
    for (int i = 4; i >= 0; i--) s = s * a[i] + sin(a[i]);
    return s;
}
""",
    "long_double": """\
BP_GRAD(x)
long double f(long double x) {
    return x * x;
}
""",
    "loop_no_body_effect": """\
BP_GRAD(x)
double f(double x, int n) {
    for (int i = 0; i < n; i++);
    for (int i = 0; i < n; i++) { int j = i * 2; (void)j; }
    return x * n;
}
""",
    "loop_var_active": """\
BP_GRAD(x)
double f(double x) {
    double s = 0;
    for (double t = x; t < 10; t = t * 2) s += t;
    return s;
}
""",
    "macro_body": """\
#define SQ(a) ((a) * (a))
#define BODY { return SQ(x) + SQ(SQ(x)); }
BP_GRAD(x)
double f(double x) BODY
""",
    "macro_grad": """\
#define G BP_GRAD(x)
G
double f(double x) { return x * x; }
""",
    "math_all": """\
BP_GRAD(x, y)
double f(double x, double y) {
    return acos(x) + asin(x) + atan(x) + atan2(x, y) + cbrt(x) + ceil(x) + cos(x) + cosh(x) + erf(x) + erfc(x) + exp(x) + exp2(x) + expm1(x) + fabs(x) + floor(x) + fma(x, y, x) + fmax(x, y) + fmin(x, y) + fmod(x, y) + hypot(x, y) + log(x) + log10(x) + log1p(x) + log2(x) + pow(x, y) + round(x) + sin(x) + sinh(x) + sqrt(x) + tan(x) + tanh(x) + trunc(x);
}
""",
    "math_int_args": """\
BP_GRAD(x)
double f(double x, int n) {
    return pow(n, n) * pow(x, 2) + pow(2, x) + fmax(n, x) + atan2(1, x);
}
""",
    "memset_memcpy": """\
#include <string.h>
BP_GRAD(x)
double f(double x, double *buf) {
    double a[4];
    memset(a, 0, sizeof a);
    a[1] = x;
    memcpy(buf, a, sizeof a);
    return buf[1] * x;
}
""",
    "nan_inf_consts": """\
BP_GRAD(x)
double f(double x) {
    return x * NAN + x * INFINITY - HUGE_VAL * 0.0 + 1e-320 * x + 0x1p-1074 * x;
}
""",
    "neg_count_for": """\
BP_GRAD(x)
double f(double x) {
    double s = x;
    for (int i = 10; i < -10; i++)
        s = s * x;
    return s;
}
""",
    "neg_zero": """\
BP_GRAD(x)
double f(double x) {
    return -0.0 * x + x * -(-x) - (-x) * 0;
}
""",
    "nested_break": """\
BP_GRAD(x)
double f(double x, int n) {
    double s = x;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            if (s > 10) break;
            s = s * x;
        }
        if (s > 100) break;
    }
    return s;
}
""",
    "only_return_const": """\
BP_GRAD(x)
double f(double x) {
    return 1.0;
}
""",
    "param_shadow_names": """\
BP_GRAD(d_x, x)
double f(double d_x, double x) {
    double f_grad = d_x * x, d_d_x = x, t1 = f_grad + d_d_x;
    return t1;
}
""",
    "pow_chain": """\
BP_GRAD(x)
double f(double x) {
    return pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(pow(x, 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01), 1.01);
}
""",
    "pragma": """\
#pragma once
#pragma STDC FP_CONTRACT ON
BP_GRAD(x)
double f(double x) {
#pragma GCC unroll 4
    for (int i = 0; i < 3; i++) x = x * x;
    return x;
}
""",
    "prim_alias": """\
BP_GRAD(W)
double f(double *W, int n) {
    bp_matmul(n, n, n, W, W, W);
    return bp_sumsq(n * n, W);
}
""",
    "prim_bad_args": """\
BP_GRAD(W)
double f(const double *W, int n) {
    return bp_sumsq(-1, W) + bp_sumsq(0, W);
}
""",
    "prim_calls": """\
BP_GRAD(W)
double f(const double *X, const double *W, int n) {
    double *h = malloc(sizeof(double) * n * n);
    bp_matmul(n, n, n, X, W, h);
    bp_relu(n * n, h, h);
    bp_sigmoid(n * n, h, h);
    bp_tanh(n * n, h, h);
    double r = bp_sumsq(n * n, h);
    free(h);
    return r;
}
""",
    "ptr_minus_min": """\
BP_GRAD(p)
double f(const double *p) {
    const double *q = p - (-9223372036854775807LL - 1);
    return q[0] * q[0];
}
""",
    "ptr_plus_max": """\
BP_GRAD(p)
double f(const double *p) {
    const double *q = p + 9223372036854775807LL;
    const double *r = q + 9223372036854775807LL;
    return r[0] * q[1];
}
""",
    "ptr_to_ptr": """\
BP_GRAD(x)
double f(double x, double **pp) {
    pp[0][0] = x;
    return pp[0][0] * x;
}
""",
    "recursive_grad": """\
BP_GRAD(x)
double f(double x, int n) {
    return n ? f(x, n - 1) * x : x;
}
""",
    "register_": """\
BP_GRAD(x)
double f(register double x) {
    register double y = x * x;
    return y;
}
""",
    "return_in_switch": """\
BP_GRAD(x)
double f(double x, int k) {
    switch (k) { case 1: return x; case 2: return x * x; }
    return 0;
}
""",
    "shift_big": """\
BP_GRAD(x)
double f(double x) {
    int n = 1 << 40;
    long long m = 1LL << 63;
    return x * n * m;
}
""",
    "sizeof_expr": """\
BP_GRAD(x)
double f(double x) {
    double a[7];
    return x * sizeof a / sizeof a[0] + sizeof(x * x);
}
""",
    "static_arr_param": """\
BP_GRAD(a)
double f(const double a[static 3], int n) {
    return a[0] * a[1] * a[2];
}
""",
    "static_assert_in_fn": """\
BP_GRAD(x)
double f(double x) {
    _Static_assert(1, "bpgen adjoint f g");
    return x * x;
}
""",
    "stmt_expr": """\
BP_GRAD(x)
double f(double x) {
    double y = ({ double t = x * x; t + 1; });
    return y;
}
""",
    "struct_nested": """\
struct in { double v[3]; };
struct out { struct in a, b[2]; double *p; };
BP_GRAD(o)
double f(const struct out *o) {
    return o->a.v[1] * o->b[1].v[2] + o->p[0] * o->b[0].v[0];
}
""",
    "struct_ret": """\
struct s { double a, b; };
BP_GRAD(x)
struct s f(double x) {
    struct s r = {x, x};
    return r;
}
""",
    "struct_self_ref": """\
struct node { double v; struct node *next; };
BP_GRAD(n)
double f(const struct node *n) {
    double s = 0;
    while (n) { s += n->v * n->v; n = n->next; }
    return s;
}
""",
    "switch_cases": """\
BP_GRAD(x)
double f(double x, int k) {
    double s = x;
    switch (k) {
    case 2147483647: s *= x;
    case -1: s += x; break;
    default: s = sin(s);
    case 0: ;
    }
    return s;
}
""",
    "switch_empty": """\
BP_GRAD(x)
double f(double x, int k) {
    switch (k) {}
    switch (k) default: x = x * x;
    return x;
}
""",
    "tape_restore_big": """\
BP_GRAD(x)
double f(double x, int n) {
    double a[1000000];
    for (int i = 0; i < n; i++)
        a[i % 1000000] = sin(a[i % 1000000] + x);
    return a[0];
}
""",
    "ternary_nest": """\
BP_GRAD(x, y)
double f(double x, double y) {
    return x > y ? (x > 0 ? x * y : y) : (y > 0 ? sin(x) : x < y ? cos(y) : 0.0);
}
""",
    "threadlocal": """\
static _Thread_local double T;
BP_GRAD(x)
double f(double x) {
    return x * T;
}
""",
    "two_defs_grad": """\
BP_GRAD(x)
double f(double x) { return x * x; }
BP_GRAD(y)
double g(double y) { return f(y) * y; }
BP_GRAD(y)
double h(double y) { return g(y) * f(y); }
""",
    "twod_local": """\
BP_GRAD(x)
double f(double x) {
    double a[3][4];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            a[i][j] = x * i + j;
    return a[2][3] * a[1][1];
}
""",
    "union_local": """\
union u { double d; long long i; };
BP_GRAD(x)
double f(double x) {
    union u v;
    v.d = x * x;
    v.i += 1;
    return v.d;
}
""",
    "unsigned_loop": """\
BP_GRAD(x)
double f(double x, unsigned n) {
    double s = x;
    for (unsigned i = n; i-- > 0;) s = s * x;
    for (unsigned long i = 0; i < n; i += 2) s = s + x;
    return s;
}
""",
    "unused_param": """\
BP_GRAD()
double f(double x, double y, float z, int n) {
    return 2.0;
}
""",
    "variadic": """\
BP_GRAD(x)
double f(double x, ...) {
    return x * x;
}
""",
    "vla_param": """\
BP_GRAD(a)
double f(int n, int m, const double a[n][m]) {
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            s += a[i][j] * a[j][i];
    return s;
}
""",
    "void_ptr": """\
BP_GRAD(x)
double f(double x, void *p) {
    double *q = p;
    *q = x;
    return *q * x;
}
""",
    "volatile": """\
BP_GRAD(x)
double f(double x) {
    volatile double y = x * x;
    return y * x;
}
""",
    "while_break_cont": """\
BP_GRAD(x)
double f(double x, int n) {
    double s = 0;
    int i = 0;
    while (1) {
        if (i >= n) break;
        if (i % 2) { i++; continue; }
        s = s * x + sin(s);
        i++;
    }
    do { s += x; } while (0);
    return s;
}
""",
    "write_through_const": """\
BP_GRAD(a)
double f(const double *a) {
    ((double *)a)[0] = 3;
    return a[0] * a[1];
}
""",
}


def repeated(name, n, head, each, tail):
    return name, head + "".join(each(i) for i in range(n)) + tail


def generated():
    """The cases of size and depth, and line endings, written by code."""
    yield repeated("deep_sum", 300, "BP_GRAD(x)\ndouble f(double x) {\n    return x", lambda i: " + x", ";\n}\n")
    yield repeated("deep_calls", 100, "BP_GRAD(x)\ndouble f(double x) {\n    return ", lambda i: "sin(",
                   "x" + ")" * 100 + ";\n}\n")
    yield repeated("many_statements", 300, "BP_GRAD(x)\ndouble f(double x) {\n    double y = x;\n",
                   lambda i: "    y = y * x + %d.0;\n" % i, "    return y;\n}\n")
    yield repeated("many_params", 60, "BP_GRAD()\ndouble f(double p, ", lambda i: "double p%d, " % i,
                   "int n) {\n    return p" + "".join(" + p%d * p%d" % (i, i) for i in range(60)) + ";\n}\n")
    yield repeated("helper_30_params", 30, "static double g(double p, ", lambda i: "double p%d, " % i,
                   "int n) {\n    return p" + "".join(" * p%d" % i for i in range(30)) + ";\n}\n"
                   "BP_GRAD(x)\ndouble f(double x) {\n    return g(x" + ", x" * 30 + ", 1);\n}\n")
    yield repeated("nested_ifs", 60, "BP_GRAD(x)\ndouble f(double x) {\n    double y = x;\n",
                   lambda i: "    if (y > %d) {\n" % i, "    y = y * x;\n" + "    }\n" * 60 + "    return y;\n}\n")
    yield repeated("nested_fors", 30, "BP_GRAD(x)\ndouble f(double x, int n) {\n    double y = x;\n",
                   lambda i: "    for (int i%d = 0; i%d < n; i%d++) {\n" % (i, i, i),
                   "    y = sin(y) * x;\n" + "    }\n" * 30 + "    return y;\n}\n")
    yield repeated("chain_of_helpers", 60, "static double g0(double v) { return v * v; }\n",
                   lambda i: "static double g%d(double v) { return g%d(v) + v; }\n" % (i + 1, i),
                   "BP_GRAD(x)\ndouble f(double x) {\n    return g60(x);\n}\n")
    name = "n" * 1000
    yield "long_name", "BP_GRAD(%s)\ndouble f(double %s) {\n    return %s * 2;\n}\n" % (name, name, name)
    yield "long_line", "BP_GRAD(x)\ndouble f(double x) {\n    double y = x" + " * x" * 40 + "; /* " + "z" * 5000 + " */\n    return y;\n}\n"
    plain = "BP_GRAD(x)\ndouble f(double x) {\n    double y = x * x;\n    return y * x;\n}\n"
    yield "crlf", plain.replace("\n", "\r\n")
    yield "cr_only", plain.replace("\n", "\r")
    yield "line_directive", '#line 2000000000 "other.c"\n' + plain
    yield "no_final_newline", plain.rstrip()
    yield "nul_in_comment", plain.replace("return", "/* \0 */ return")
    yield "utf8_names", "BP_GRAD(\u00e9)\ndouble f(double \u00e9) {\n    double \u03b1 = \u00e9 * \u00e9;\n    return \u03b1;\n}\n"
    yield "grad_twice", "BP_GRAD(x, x)\ndouble f(double x) {\n    return x * x;\n}\n"
    yield "names_taken", plain + "double f_grad(double x) { return x; }\ndouble d_x, d_f, t1, f_fwd, f_rev;\n"
    yield "two_gradients", plain + "BP_GRAD(x)\ndouble g(double x) {\n    return f(x) * f(x);\n}\n"
    yield "recursion", "static double g(double v, int n) { return n ? g(v, n - 1) * v : v; }\n" \
        "BP_GRAD(x)\ndouble f(double x) {\n    return g(x, 3);\n}\n"
    yield "mutual_recursion", "static double h(double v, int n);\n" \
        "static double g(double v, int n) { return n ? h(v, n - 1) * v : v; }\n" \
        "static double h(double v, int n) { return n ? g(v, n - 1) + v : v; }\n" \
        "BP_GRAD(x)\ndouble f(double x) {\n    return g(x, 3);\n}\n"
    yield "self_include", "#ifndef ONCE\n#define ONCE\n#include __FILE__\n" \
        "BP_GRAD(x)\ndouble f(double x) {\n    return sq(x) * x;\n}\n#else\n" \
        "static double sq(double v) {\n    double r = v * v;\n    return r;\n}\n#endif\n"
    yield "comment_closers", "BP_GRAD(x)\ndouble f(double x) {\n    double y = x * x; /* */ const char *s = \"*/\";\n" \
        "    double z = y /* a */ * 2; // */\n    (void)s;\n    return z;\n}\n"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, body in list(CORNERS.items()) + list(generated()):
        with open(os.path.join(out, name + ".c"), "w", encoding="utf-8", newline="") as f:
            f.write(HEADER + body)


if __name__ == "__main__":
    main()

/*
 * dot.c: --emit=dot, the computation graph of each BP_GRAD function as
 * Graphviz, drawn the way the backpropagation lectures draw circuits.
 *
 * A node per operation (its C spelling: +, *, exp) and per input; a wire
 * per value, from the operation that computes it to each one that uses it,
 * and one to the result.  Branches and loops are boxes (clusters) around
 * their bodies, and the values a region passes out are "phi" nodes fed
 * by what each path yields.  Values that carry a derivative are drawn
 * solid, the rest dashed and grey.
 *
 * With --at x=-2,y=5,z=-4 bpgen also evaluates the function there (scalar
 * code: arithmetic, math.h, branches; no loops, arrays or calls) and its
 * reverse sweep, with the same derivative rules the generated code uses,
 * and labels each wire with its value above and, in red, the gradient of
 * the result with respect to it below, as the lecture notes do.
 */
#include "ir.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    FILE *out;
    Func *fn;
    bool evaluate;                           /* --at given */
    double *val, *grad;                      /* by value id */
    bool *known;                             /* by value id: evaluated (on the path taken) */
    int clusters;
    Builder scratch;                         /* where rules are instantiated to evaluate */
    Block **taken;                           /* the blocks the evaluation ran */
    int ntaken, taken_cap;
} Dot;

/* ---- evaluation ---- */

static double apply(Op op, Type *t, double a, double b, double c) {
    bool i = t->kind == TY_INT;
    switch (op) {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_DIV: return i ? (double)((long long)a / (long long)b) : a / b;
    case OP_REM: return (double)((long long)a % (long long)b);
    case OP_NEG: return -a;
    case OP_CAST: return i ? trunc(a) : t->kind == TY_FLOAT ? (float)a : a;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_NOT: return !a;
    case OP_LAND: return a && b;
    case OP_LOR: return a || b;
    case OP_SELECT: return a ? b : c;
    case OP_SIN: return sin(a);
    case OP_COS: return cos(a);
    case OP_TAN: return tan(a);
    case OP_ASIN: return asin(a);
    case OP_ACOS: return acos(a);
    case OP_ATAN: return atan(a);
    case OP_ATAN2: return atan2(a, b);
    case OP_SINH: return sinh(a);
    case OP_COSH: return cosh(a);
    case OP_TANH: return tanh(a);
    case OP_EXP: return exp(a);
    case OP_EXP2: return exp2(a);
    case OP_EXPM1: return expm1(a);
    case OP_LOG: return log(a);
    case OP_LOG2: return log2(a);
    case OP_LOG10: return log10(a);
    case OP_LOG1P: return log1p(a);
    case OP_SQRT: return sqrt(a);
    case OP_CBRT: return cbrt(a);
    case OP_POW: return pow(a, b);
    case OP_HYPOT: return hypot(a, b);
    case OP_FABS: return fabs(a);
    case OP_FMIN: return fmin(a, b);
    case OP_FMAX: return fmax(a, b);
    case OP_ERF: return erf(a);
    case OP_ERFC: return erfc(a);
    case OP_FMOD: return fmod(a, b);
    case OP_FMA: return fma(a, b, c);
    case OP_FLOOR: return floor(a);
    case OP_CEIL: return ceil(a);
    case OP_TRUNC: return trunc(a);
    case OP_ROUND: return round(a);
    default: return NAN;
    }
}

/* The value of v: a primal value already evaluated, or an expression a
 * rule was instantiated into (in the scratch block), computed here. */
static double value_of(Dot *D, Value *v) {
    Inst *d = v->def;
    if (d->parent != D->scratch.block)
        return D->val[v->id];
    if (d->op == OP_CONST)
        return v->type->kind == TY_INT ? (double)d->inum : d->fnum;
    double a[3] = {0};
    for (int i = 0; i < d->args.len && i < 3; i++)
        a[i] = value_of(D, d->args.v[i]);
    return apply(d->op, v->type, a[0], a[1], a[2]);
}

static void eval_block(Dot *D, Block *b);

static void eval_inst(Dot *D, Inst *in) {
    if (in->op == OP_PARAM)
        return;
    if (in->op == OP_IF) {
        Block *taken = D->val[in->args.v[0]->id] != 0 ? in->then : in->els;
        eval_block(D, taken);
        for (int j = 0; j < in->results.len; j++) {
            D->val[in->results.v[j]->id] = D->val[taken->yields.v[j]->id];
            D->known[in->results.v[j]->id] = true;
        }
        return;
    }
    OpKind k = op_info[in->op].kind;
    if (k != K_CONST && k != K_INFIX && k != K_PREFIX && k != K_COMPARE && k != K_LOGIC &&
        k != K_SELECT && k != K_CAST && k != K_MATH)
        error_at(in->loc, "--at evaluates scalar code only (arithmetic, math.h functions and "
                 "branches); this function has a %s, so draw it without --at",
                 is_loop(in) ? "loop" : k == K_CALL ? "call" : "memory access");
    Value *r = in->results.v[0];
    double a[3] = {0};
    for (int i = 0; i < in->args.len && i < 3; i++)
        a[i] = D->val[in->args.v[i]->id];
    D->val[r->id] = in->op == OP_CONST ? (r->type->kind == TY_INT ? (double)in->inum : in->fnum)
                    : in->op == OP_UNDEF ? 0
                                         : apply(in->op, r->type, a[0], a[1], a[2]);
    D->known[r->id] = true;
}

static void eval_block(Dot *D, Block *b) {
    D->taken = array_grow(D->taken, D->ntaken, &D->taken_cap, sizeof *D->taken);
    D->taken[D->ntaken++] = b;
    for (Inst *in = b->first; in; in = in->next)
        eval_inst(D, in);
}

/* The reverse sweep, numerically: each operation on the path taken hands
 * its gradient to its operands through the rules of ops.def. */
static void grad_block(Dot *D, Block *b) {
    for (Inst *in = b->last; in; in = in->prev) {
        if (in->op == OP_IF) {
            Block *taken = D->val[in->args.v[0]->id] != 0 ? in->then : in->els;
            for (int j = 0; j < in->results.len; j++)
                D->grad[taken->yields.v[j]->id] += D->grad[in->results.v[j]->id];
            grad_block(D, taken);
            continue;
        }
        if (!in->results.len || in->op == OP_PARAM || !is_floating(in->results.v[0]->type))
            continue;
        Value *r = in->results.v[0];
        for (int i = 0; i < in->args.len && i < 3; i++) {
            Value *a = in->args.v[i];
            if (!rule_exists(in->op, i) || !is_floating(a->type))
                continue;
            Value *args[3] = {0};
            for (int k = 0; k < in->args.len && k < 3; k++)
                args[k] = in->args.v[k];
            Value *d = ir_const(&D->scratch, r->type, D->grad[r->id]);
            Value *c = rule_apply(&D->scratch, in->op, i, args, in->args.len, r, d, r->type, NULL);
            D->grad[a->id] += value_of(D, c);
        }
    }
}

static void evaluate(Dot *D, const char *at) {
    Func *f = D->fn;
    for (int i = 0; i < f->params.len; i++) {
        Value *p = f->params.v[i];
        const char *s = at;
        size_t n = strlen(p->name);
        while (s && !(strncmp(s, p->name, n) == 0 && s[n] == '='))
            s = (s = strchr(s, ',')) ? s + 1 : NULL;
        if (!s)
            usage_error("--at gives no value for parameter '%s' of %s; write --at %s=VALUE,...",
                        p->name, f->name, p->name);
        if (is_object(p->type))
            error_at(f->loc, "--at evaluates scalar functions; parameter '%s' is an array",
                     p->name);
        char *end;
        D->val[p->id] = strtod(s + n + 1, &end);
        if (end == s + n + 1 || (*end && *end != ','))
            usage_error("--at: '%.*s' is not a number", (int)strcspn(s + n + 1, ","), s + n + 1);
        D->known[p->id] = true;
    }
    eval_block(D, f->body);
    Value *ret = f->body->yields.v[0];
    D->grad[ret->id] = 1;
    grad_block(D, f->body);
}

/* ---- drawing ---- */

/* As the lecture notes write numbers: -2, 0.73, -0.20. */
static const char *number(double x) {
    if (x == 0)
        return "0";
    if (x == round(x) && fabs(x) < 1e6)
        return format("%.0f", x);
    return format(fabs(x) >= 1e4 || fabs(x) < 1e-3 ? "%.3g" : "%.2f", x);
}

/* The label of the wire carrying v. */
static void wire_label(Dot *D, Value *v) {
    if (!D->evaluate || !D->known[v->id])
        return;
    fprintf(D->out, ", label=<<font color=\"darkgreen\">%s</font>", number(D->val[v->id]));
    if (v->active)
        fprintf(D->out, "<br/><font color=\"red\">%s</font>", number(D->grad[v->id]));
    fputs(">", D->out);
}

static const char *node_label(Inst *in, Value *v) {
    switch (in->op) {
    case OP_PARAM:
        return v->name;
    case OP_CONST:
        return in->callee ? in->callee : format_number(in->fnum ? in->fnum : (double)in->inum,
                                                       v->type->kind == TY_FLOAT);
    case OP_CAST:
        return format("(%s)", v->type->spelling);
    case OP_SELECT:
        return "?:";
    default:
        return op_info[in->op].spelling;
    }
}

static void draw_node(Dot *D, Value *v, const char *label, const char *shape) {
    fprintf(D->out, "  v%d [label=\"%s\", shape=%s%s];\n", v->id, label, shape,
            v->active ? "" : ", style=dashed, color=grey, fontcolor=grey");
}

static void draw_edge(Dot *D, Value *from, const char *to) {
    fprintf(D->out, "  v%d -> %s [%s", from->id, to,
            from->active ? "color=black" : "style=dashed, color=grey");
    wire_label(D, from);
    fputs("];\n", D->out);
}

static void draw_block(Dot *D, Block *b, const char *title);

static void draw_region(Dot *D, Inst *in) {
    Block *r[2];
    int n = regions_of(in, r);
    if (is_loop(in))
        for (int j = 0; j < in->iters.len; j++) {
            Value *it = in->iters.v[j];
            draw_node(D, it, format("%s (each trip)", it->name ? it->name : "carried"),
                      "plaintext");
        }
    for (int k = 0; k < n; k++) {
        const char *title = in->op == OP_IF ? (k == 0 ? "then" : "else")
                            : in->op == OP_FOR ? format("for each %s", in->iters.v[0]->name)
                                               : "loop";
        draw_block(D, r[k], title);
    }
    if (in->op == OP_IF) {
        const char *node = format("if%d", D->clusters);
        fprintf(D->out, "  %s [label=\"if\", shape=diamond];\n", node);
        draw_edge(D, in->args.v[0], node);
    }
    for (int j = 0; j < in->results.len; j++) {
        Value *res = in->results.v[j];
        draw_node(D, res, res->name ? format("phi %s", res->name) : "phi", "diamond");
        int cond = in->op == OP_LOOP;
        for (int k = 0; k < n; k++)
            draw_edge(D, r[k]->yields.v[j + cond], format("v%d", res->id));
    }
}

static void draw_block(Dot *D, Block *b, const char *title) {
    bool cluster = b->owner != NULL;
    if (cluster) {
        bool dim = D->evaluate;
        for (int i = 0; i < D->ntaken; i++)
            dim &= D->taken[i] != b;
        fprintf(D->out, "  subgraph cluster_%d {\n  label=\"%s\"; style=%s;\n", D->clusters++,
                title, dim ? "dotted" : "rounded");
    }
    for (Inst *in = b->first; in; in = in->next) {
        if (op_info[in->op].kind == K_REGION) {
            draw_region(D, in);
            continue;
        }
        if (!in->results.len)
            continue;
        Value *v = in->results.v[0];
        draw_node(D, v, node_label(in, v),
                  in->op == OP_PARAM || in->op == OP_CONST ? "plaintext" : "circle");
        for (int i = 0; i < in->args.len; i++)
            draw_edge(D, in->args.v[i], format("v%d", v->id));
    }
    if (cluster)
        fputs("  }\n", D->out);
}

void emit_dot(FILE *out, Func *f, const char *at) {
    Dot D = {out, f, at != NULL};
    D.val = new_array(double, f->nvalues);
    D.grad = new_array(double, f->nvalues);
    D.known = new_array(bool, f->nvalues);
    Func *scratch = new_func("rules", ty_double);
    D.scratch = (Builder){scratch, scratch->body, f->loc, false};
    if (at)
        evaluate(&D, at);
    fprintf(out, "digraph %s {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n"
                 "  edge [fontname=\"Helvetica\", fontsize=10];\n", f->name);
    for (int i = 0; i < f->params.len; i++) {
        Value *p = f->params.v[i];
        draw_node(&D, p, p->name, "plaintext");
    }
    draw_block(&D, f->body, f->name);
    Value *ret = f->body->yields.v[0];
    fprintf(out, "  result [label=\"%s\", shape=plaintext];\n", f->name);
    draw_edge(&D, ret, "result");
    fputs("}\n", out);
}

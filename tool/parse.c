/*
 * parse.c: the front end.  libclang parses model.c; every function definition
 * in it marked BP_GRAD (an `annotate("bpgen.grad:...")` attribute) is lowered
 * from clang's cursors to a primal Func in SSA form.  This is the only file
 * that includes clang-c.
 *
 * Lowering keeps, for each local variable and parameter, its current SSA
 * value.  An assignment just rebinds the variable, so `y = y * y; y += x;`
 * becomes two values.  An if/else or a ternary becomes an IF region: each
 * branch is lowered from the same bindings, and every variable bound to
 * different values at the end of the two branches becomes a result of the
 * region, with the branch values as its yields.
 *
 * A `return` ends its path.  Statements are lowered with their continuation
 * (the statements that follow, out to the end of the function), so an if
 * that returns on some path takes the rest of the function into each branch
 * that falls through, and every path ends in exactly one return: the body
 * then yields the return value, and an IF whose branches return yields it as
 * its result.
 *
 * Whatever bpgen cannot differentiate yet is reported here, at its source
 * location, with what to do instead.
 */
#include "ir.h"

#include <clang-c/Index.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;                        /* as declared */
    Type *type;
    CXCursor decl;                           /* ParmDecl or VarDecl */
    Value *value;                            /* current SSA value */
} Var;

typedef struct {
    Program *prog;
    CXTranslationUnit tu;
    Func *fn;                                /* being lowered */
    CXCursor fn_cursor;
    Builder b;
    Var **vars;                              /* of fn, in declaration order */
    int nvars, cap;
    Var **map;                               /* open addressing by cursor hash */
    int map_cap;
} Parser;

/* A path's remaining statements: stmts[i..n), then those of outer. */
typedef struct Cont {
    CXCursor *stmts;
    int n, i;
    struct Cont *outer;
} Cont;

static Value *lower_expr(Parser *P, CXCursor e);
static bool lower_stmt(Parser *P, CXCursor s, Cont *k, Value **ret);
static Value *lower_rest(Parser *P, Cont *k);

/* ---- cursors ---- */

static char *str(CXString s) {
    char *r = arena_strdup(clang_getCString(s) ? clang_getCString(s) : "");
    clang_disposeString(s);
    return r;
}

typedef struct {
    CXCursor *v;
    int n, cap;
} CursorList;

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data) {
    (void)parent;
    CursorList *l = data;
    l->v = array_grow(l->v, l->n, &l->cap, sizeof *l->v);
    l->v[l->n++] = c;
    return CXChildVisit_Continue;
}

static CursorList children(CXCursor c) {
    CursorList l = {0};
    clang_visitChildren(c, collect, &l);
    return l;
}

/* The expression children of c, skipping type references and attributes. */
static CursorList expr_children(CXCursor c) {
    CursorList all = children(c), l = {0};
    l.v = all.v;
    for (int i = 0; i < all.n; i++)
        if (clang_isExpression(clang_getCursorKind(all.v[i])))
            l.v[l.n++] = all.v[i];
    return l;
}

static SrcLoc loc_of(Parser *P, CXCursor c) {
    CXFile file;
    unsigned line, col;
    clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, NULL);
    SrcLoc loc = {P->prog->input, (int)line, (int)col};
    if (file && !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
        loc.file = str(clang_getFileName(file));
    return loc;
}

static const char *kind_name(CXCursor c) {
    return str(clang_getCursorKindSpelling(clang_getCursorKind(c)));
}

static CXCursor strip_parens(CXCursor c) {
    while (clang_getCursorKind(c) == CXCursor_ParenExpr ||
           (clang_getCursorKind(c) == CXCursor_UnexposedExpr && expr_children(c).n == 1))
        c = expr_children(c).v[0];
    return c;
}

/* Does the subtree of c hold a cursor of this kind? */
typedef struct {
    enum CXCursorKind kind;
    bool found;
} Search;

static enum CXChildVisitResult search_visit(CXCursor c, CXCursor parent, CXClientData data) {
    (void)parent;
    Search *s = data;
    if (clang_getCursorKind(c) == s->kind) {
        s->found = true;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
}

static bool contains(CXCursor c, enum CXCursorKind kind) {
    Search s = {kind, clang_getCursorKind(c) == kind};
    if (!s.found)
        clang_visitChildren(c, search_visit, &s);
    return s.found;
}

/* ---- types ---- */

static Type *convert_type(Parser *P, CXType t, CXCursor where, const char *what) {
    CXType ct = clang_getCanonicalType(t);
    switch (ct.kind) {
    case CXType_Void:
        return ty_void;
    case CXType_Float:
        return ty_float;
    case CXType_Double:
        return ty_double;
    case CXType_Bool: case CXType_Char_U: case CXType_UChar: case CXType_UShort:
    case CXType_UInt: case CXType_ULong: case CXType_ULongLong: case CXType_Char_S:
    case CXType_SChar: case CXType_WChar: case CXType_Short: case CXType_Int:
    case CXType_Long: case CXType_LongLong: case CXType_Char16: case CXType_Char32: {
        char *s = str(clang_getTypeSpelling(ct));
        /* The spelling of a qualified canonical type carries its qualifiers. */
        for (const char *q; (q = strstr(s, "const ")) || (q = strstr(s, "volatile "));)
            memmove((char *)q, strchr(q, ' ') + 1, strlen(strchr(q, ' ') + 1) + 1);
        return int_type(s);
    }
    case CXType_Enum:
        return convert_type(P, clang_getEnumDeclIntegerType(clang_getTypeDeclaration(ct)), where,
                            what);
    case CXType_Pointer:
    case CXType_ConstantArray:
    case CXType_IncompleteArray:
    case CXType_VariableArray: {
        CXType elem = ct.kind == CXType_Pointer ? clang_getPointeeType(ct)
                                                : clang_getArrayElementType(ct);
        CXType celem = clang_getCanonicalType(elem);
        if (celem.kind == CXType_Float || celem.kind == CXType_Double ||
            (celem.kind >= CXType_Bool && celem.kind <= CXType_Int128)) {
            Type *base = convert_type(P, elem, where, what);
            /* The canonical `const double[3]` carries its const on the array. */
            bool is_const = clang_isConstQualifiedType(elem) ||
                            (ct.kind != CXType_Pointer && clang_isConstQualifiedType(ct));
            return pointer_to(base, is_const);
        }
        error_at(loc_of(P, where),
                 "%s has type '%s'; bpgen supports pointers and arrays of scalars only "
                 "(double *, const float *, int *), not pointers to pointers, structs or functions",
                 what, str(clang_getTypeSpelling(t)));
    }
    case CXType_LongDouble:
        error_at(loc_of(P, where), "%s has type long double, which bpgen does not support; use double",
                 what);
    case CXType_Record:
        error_at(loc_of(P, where), "%s has struct or union type '%s', which bpgen does not "
                 "support yet; pass the members as separate parameters",
                 what, str(clang_getTypeSpelling(t)));
    default:
        error_at(loc_of(P, where), "%s has type '%s', which bpgen does not support", what,
                 str(clang_getTypeSpelling(t)));
    }
}

static Type *type_of(Parser *P, CXCursor c) {
    return convert_type(P, clang_getCursorType(c), c, "this expression");
}

/* The type C's usual arithmetic conversions give two operands. */
static Type *common_type(Type *a, Type *b) {
    if (a->kind == TY_DOUBLE || b->kind == TY_DOUBLE)
        return ty_double;
    if (a->kind == TY_FLOAT || b->kind == TY_FLOAT)
        return ty_float;
    return a;
}

/* ---- variables ---- */

static unsigned var_slot(Parser *P, CXCursor decl) {
    unsigned i = clang_hashCursor(decl) & (unsigned)(P->map_cap - 1);
    while (P->map[i] && !clang_equalCursors(P->map[i]->decl, decl))
        i = (i + 1) & (unsigned)(P->map_cap - 1);
    return i;
}

static Var *find_var(Parser *P, CXCursor decl) {
    return P->map_cap ? P->map[var_slot(P, decl)] : NULL;
}

static Var *add_var(Parser *P, CXCursor decl, const char *name, Type *t, Value *v) {
    Var *var = arena_alloc(sizeof *var);
    var->name = name;
    var->type = t;
    var->decl = decl;
    var->value = v;
    P->vars = array_grow(P->vars, P->nvars, &P->cap, sizeof *P->vars);
    P->vars[P->nvars++] = var;
    if (2 * P->nvars > P->map_cap) {
        P->map_cap = P->map_cap ? 2 * P->map_cap : 64;
        P->map = arena_alloc(sizeof(Var *) * (size_t)P->map_cap);
        for (int i = 0; i < P->nvars; i++)
            P->map[var_slot(P, P->vars[i]->decl)] = P->vars[i];
    } else {
        P->map[var_slot(P, decl)] = var;
    }
    return var;
}

/* Binds var to v; a value computed for this assignment takes its name. */
static Value *assign(Parser *P, Var *var, Value *v) {
    v = ir_cast(&P->b, var->type, v);
    if (!v->name && v->def && v->def->op != OP_CONST && v->def->op != OP_UNDEF)
        v->name = var->name;
    var->value = v;
    return v;
}

typedef struct {
    Value **vals;                            /* value of each var, by position */
    int n;
} Bindings;

static Bindings save_bindings(Parser *P) {
    Bindings s = {new_array(Value *, P->nvars), P->nvars};
    for (int i = 0; i < P->nvars; i++)
        s.vals[i] = P->vars[i]->value;
    return s;
}

static void restore_bindings(Parser *P, Bindings s) {
    for (int i = 0; i < s.n; i++)
        P->vars[i]->value = s.vals[i];
}

/* After both branches of an IF: variables bound differently become results.
 * Variables declared inside a branch (position >= before.n) are out of
 * scope after it. */
static void merge_bindings(Parser *P, Inst *ifi, Bindings then_b, Bindings else_b) {
    int n = then_b.n < else_b.n ? then_b.n : else_b.n;
    for (int i = 0; i < n; i++) {
        Var *var = P->vars[i];
        Value *t = then_b.vals[i], *e = else_b.vals[i];
        if (t == e) {
            var->value = t;
            continue;
        }
        Value *r = add_result(P->fn, ifi, var->type);
        r->name = var->name;
        vl_push(&ifi->then->yields, t);
        vl_push(&ifi->els->yields, e);
        var->value = r;
    }
}

/* ---- expressions ---- */

static Value *lower_literal(Parser *P, CXCursor e) {
    Type *t = type_of(P, e);
    CXEvalResult r = clang_Cursor_Evaluate(e);
    if (!r)
        error_at(loc_of(P, e), "cannot evaluate this constant");
    Value *v;
    if (clang_EvalResult_getKind(r) == CXEval_Int)
        v = ir_int(&P->b, t->kind == TY_INT ? t : ty_int, clang_EvalResult_getAsLongLong(r));
    else if (clang_EvalResult_getKind(r) == CXEval_Float)
        v = ir_const(&P->b, t, clang_EvalResult_getAsDouble(r));
    else
        error_at(loc_of(P, e), "this constant is neither an integer nor a floating-point number");
    clang_EvalResult_dispose(r);
    return ir_cast(&P->b, t, v);
}

static double evaluate(Parser *P, CXCursor e, const char *name, CXCursor use) {
    CXEvalResult r = clang_Cursor_Evaluate(e);
    int kind = r ? clang_EvalResult_getKind(r) : CXEval_UnExposed;
    if (kind != CXEval_Int && kind != CXEval_Float)
        error_at(loc_of(P, use), "the global constant '%s' has an initializer bpgen cannot "
                 "evaluate; give it a constant one, or pass it as a parameter", name);
    double v = kind == CXEval_Int ? (double)clang_EvalResult_getAsLongLong(r)
                                  : clang_EvalResult_getAsDouble(r);
    clang_EvalResult_dispose(r);
    return v;
}

/* The values of `static const double c[3] = {...}`; missing ones are 0. */
static void evaluate_array(Parser *P, CXCursor decl, Constant *c, CXCursor use) {
    c->values = new_array(double, c->count);
    CursorList init = expr_children(decl);
    CXCursor list = init.n ? strip_parens(init.v[init.n - 1]) : clang_getNullCursor();
    if (clang_Cursor_isNull(list) || clang_getCursorKind(list) != CXCursor_InitListExpr)
        error_at(loc_of(P, use), "the constant array '%s' needs an initializer list ({...}) "
                 "bpgen can read", c->name);
    CursorList elems = expr_children(list);
    for (int i = 0; i < elems.n && i < c->count; i++)
        c->values[i] = evaluate(P, elems.v[i], c->name, use);
}

/* A file-scope const variable or array: its value, printed under its own
 * name (the output repeats its declaration). */
static Value *lower_global(Parser *P, CXCursor ref, CXCursor use) {
    const char *name = str(clang_getCursorSpelling(ref));
    CXType t = clang_getCanonicalType(clang_getCursorType(ref));
    bool is_array = t.kind == CXType_ConstantArray;
    if (!clang_isConstQualifiedType(is_array ? clang_getArrayElementType(t) : t) &&
        !clang_isConstQualifiedType(t))
        error_at(loc_of(P, use),
                 "'%s' is a global variable that is not const; bpgen reads only global constants: "
                 "declare it 'static const' with a constant initializer, or pass it as a parameter",
                 name);
    Constant *c = NULL;
    for (int i = 0; i < P->prog->nconstants; i++)
        if (streq(P->prog->constants[i]->name, name))
            c = P->prog->constants[i];
    if (!c) {
        c = arena_alloc(sizeof *c);
        c->name = name;
        if (is_array) {
            c->type = convert_type(P, clang_getArrayElementType(t), use, format("'%s'", name));
            c->count = (int)clang_getArraySize(t);
            if (c->type->kind == TY_PTR || c->count <= 0)
                error_at(loc_of(P, use), "the constant array '%s' must be a one-dimensional array "
                         "of numbers with a size", name);
            evaluate_array(P, ref, c, use);
        } else {
            c->type = convert_type(P, t, use, format("'%s'", name));
            if (c->type->kind == TY_PTR)
                error_at(loc_of(P, use), "the global pointer '%s' cannot be read; pass the "
                         "array it points to as a parameter", name);
            c->values = new_array(double, 1);
            c->values[0] = evaluate(P, ref, name, use);
        }
        Program *prog = P->prog;
        prog->constants = array_grow(prog->constants, prog->nconstants, &prog->constants_cap,
                                     sizeof *prog->constants);
        prog->constants[prog->nconstants++] = c;
    }
    Value *v = c->count ? ir_int(&P->b, pointer_to(c->type, true), 0)
               : c->type->kind == TY_INT ? ir_int(&P->b, c->type, (long long)c->values[0])
                                         : ir_const(&P->b, c->type, c->values[0]);
    v->def->callee = name;
    return v;
}

static Value *lower_ref(Parser *P, CXCursor e) {
    CXCursor ref = clang_getCursorReferenced(e);
    switch (clang_getCursorKind(ref)) {
    case CXCursor_ParmDecl:
    case CXCursor_VarDecl: {
        Var *var = find_var(P, ref);
        if (var)
            return var->value;
        if (clang_getCursorKind(ref) == CXCursor_VarDecl &&
            clang_getCursorKind(clang_getCursorSemanticParent(ref)) == CXCursor_TranslationUnit)
            return lower_global(P, ref, e);
        error_at(loc_of(P, e), "'%s' is a static local or a variable bpgen cannot see; declare it "
                 "inside the function, or make it a parameter", str(clang_getCursorSpelling(e)));
    }
    case CXCursor_EnumConstantDecl:
        return ir_int(&P->b, ty_int, clang_getEnumConstantDeclValue(ref));
    case CXCursor_FunctionDecl:
        error_at(loc_of(P, e), "the function '%s' is used as a value; bpgen does not support "
                 "function pointers: call the function directly", str(clang_getCursorSpelling(e)));
    default:
        error_at(loc_of(P, e), "bpgen does not support references to '%s' (%s)",
                 str(clang_getCursorSpelling(e)), kind_name(ref));
    }
}

/* The local variable an assignment writes. */
static Var *lvalue(Parser *P, CXCursor lhs, const char *verb) {
    CXCursor c = strip_parens(lhs);
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_DeclRefExpr) {
        Var *var = find_var(P, clang_getCursorReferenced(c));
        if (var)
            return var;
        error_at(loc_of(P, lhs), "%s the global variable '%s'; bpgen differentiates functions "
                 "that write only their local variables: return the value instead",
                 verb, str(clang_getCursorSpelling(c)));
    }
    if (k == CXCursor_ArraySubscriptExpr || k == CXCursor_UnaryOperator)
        error_at(loc_of(P, lhs), "%s memory through a pointer, which bpgen does not support yet; "
                 "compute the value in a local variable and return it", verb);
    error_at(loc_of(P, lhs), "%s this kind of expression (%s) is not supported", verb,
             kind_name(c));
}

static Op binary_op(enum CXBinaryOperatorKind k) {
    switch (k) {
    case CXBinaryOperator_Mul: case CXBinaryOperator_MulAssign: return OP_MUL;
    case CXBinaryOperator_Div: case CXBinaryOperator_DivAssign: return OP_DIV;
    case CXBinaryOperator_Rem: case CXBinaryOperator_RemAssign: return OP_REM;
    case CXBinaryOperator_Add: case CXBinaryOperator_AddAssign: return OP_ADD;
    case CXBinaryOperator_Sub: case CXBinaryOperator_SubAssign: return OP_SUB;
    case CXBinaryOperator_Shl: case CXBinaryOperator_ShlAssign: return OP_SHL;
    case CXBinaryOperator_Shr: case CXBinaryOperator_ShrAssign: return OP_SHR;
    case CXBinaryOperator_And: case CXBinaryOperator_AndAssign: return OP_BITAND;
    case CXBinaryOperator_Or: case CXBinaryOperator_OrAssign: return OP_BITOR;
    case CXBinaryOperator_Xor: case CXBinaryOperator_XorAssign: return OP_BITXOR;
    case CXBinaryOperator_LT: return OP_LT;
    case CXBinaryOperator_GT: return OP_GT;
    case CXBinaryOperator_LE: return OP_LE;
    case CXBinaryOperator_GE: return OP_GE;
    case CXBinaryOperator_EQ: return OP_EQ;
    case CXBinaryOperator_NE: return OP_NE;
    case CXBinaryOperator_LAnd: return OP_LAND;
    case CXBinaryOperator_LOr: return OP_LOR;
    default: return NUM_OPS;
    }
}

static void check_no_pointer_math(Parser *P, CXCursor e, Value *x, Value *y) {
    if (x->type->kind == TY_PTR || (y && y->type->kind == TY_PTR))
        error_at(loc_of(P, e), "pointer arithmetic is not supported yet; index the pointer "
                 "instead (w[i + 1] rather than *(w + i + 1))");
}

/* a && b, a || b with a call in b: b runs only when it must, so it goes
 * into a region; without calls, both sides are pure and C's own
 * short-circuit in the printed expression is enough. */
static Value *lower_logic(Parser *P, CXCursor e, Op op, CXCursor lhs, CXCursor rhs) {
    Value *a = lower_expr(P, lhs);
    if (!contains(rhs, CXCursor_CallExpr)) {
        Value *b = lower_expr(P, rhs);
        return ir_op(&P->b, op, ty_int, a, b, NULL);
    }
    Block *outer = P->b.block;
    Inst *ifi = ir_if(&P->b, a);
    Bindings before = save_bindings(P);
    P->b.block = op == OP_LAND ? ifi->then : ifi->els;
    Value *b = lower_expr(P, rhs);
    Value *zero = ir_int(&P->b, ty_int, 0);
    Value *truth = ir_op(&P->b, OP_NE, ty_int, b, ir_cast(&P->b, b->type, zero), NULL);
    Bindings after = save_bindings(P);
    restore_bindings(P, before);
    P->b.block = op == OP_LAND ? ifi->els : ifi->then;
    Value *fixed = ir_int(&P->b, ty_int, op == OP_LAND ? 0 : 1);
    P->b.block = outer;
    Value *r = add_result(P->fn, ifi, ty_int);
    vl_push(&ifi->then->yields, op == OP_LAND ? truth : fixed);
    vl_push(&ifi->els->yields, op == OP_LAND ? fixed : truth);
    if (op == OP_LAND)
        merge_bindings(P, ifi, after, before);
    else
        merge_bindings(P, ifi, before, after);
    (void)e;
    return r;
}

static Value *lower_binary(Parser *P, CXCursor e) {
    CursorList kids = expr_children(e);
    if (kids.n != 2)
        error_at(loc_of(P, e), "malformed binary expression");
    enum CXBinaryOperatorKind k = clang_getCursorBinaryOperatorKind(e);
    if (k == CXBinaryOperator_Assign) {
        Var *var = lvalue(P, kids.v[0], "this assignment writes");
        return assign(P, var, lower_expr(P, kids.v[1]));
    }
    if (k == CXBinaryOperator_Comma) {
        lower_expr(P, kids.v[0]);
        return lower_expr(P, kids.v[1]);
    }
    Op op = binary_op(k);
    if (op == NUM_OPS)
        error_at(loc_of(P, e), "this binary operator is not supported");
    if (op == OP_LAND || op == OP_LOR)
        return lower_logic(P, e, op, kids.v[0], kids.v[1]);
    Value *x = lower_expr(P, kids.v[0]);
    Value *y = lower_expr(P, kids.v[1]);
    check_no_pointer_math(P, e, x, y);
    Type *t = type_of(P, e);
    if (op_info[op].kind == K_COMPARE) {
        Type *ct = common_type(x->type, y->type);
        return ir_op(&P->b, op, t, ir_cast(&P->b, ct, x), ir_cast(&P->b, ct, y), NULL);
    }
    if (op == OP_SHL || op == OP_SHR)
        return ir_op(&P->b, op, t, x, y, NULL);
    return ir_op(&P->b, op, t, ir_cast(&P->b, t, x), ir_cast(&P->b, t, y), NULL);
}

/* y op= x: computed in the common type of y and x, converted back to y's. */
static Value *lower_compound_assign(Parser *P, CXCursor e) {
    CursorList kids = expr_children(e);
    Var *var = lvalue(P, kids.v[0], "this assignment writes");
    Op op = binary_op(clang_getCursorBinaryOperatorKind(e));
    Value *x = lower_expr(P, kids.v[1]);
    check_no_pointer_math(P, e, var->value, x);
    Type *t = common_type(var->type, x->type);
    if (op == OP_SHL || op == OP_SHR)
        t = var->type;
    Value *y = ir_op(&P->b, op, t, ir_cast(&P->b, t, var->value), ir_cast(&P->b, t, x), NULL);
    return assign(P, var, y);
}

static Value *lower_unary(Parser *P, CXCursor e) {
    CursorList kids = expr_children(e);
    CXCursor operand = kids.v[0];
    enum CXUnaryOperatorKind k = clang_getCursorUnaryOperatorKind(e);
    switch (k) {
    case CXUnaryOperator_PostInc: case CXUnaryOperator_PostDec:
    case CXUnaryOperator_PreInc: case CXUnaryOperator_PreDec: {
        Var *var = lvalue(P, operand, "this increment writes");
        Value *old = var->value;
        check_no_pointer_math(P, e, old, NULL);
        bool inc = k == CXUnaryOperator_PostInc || k == CXUnaryOperator_PreInc;
        Value *one = ir_cast(&P->b, var->type, ir_int(&P->b, ty_int, 1));
        Value *nv = assign(P, var, ir_op(&P->b, inc ? OP_ADD : OP_SUB, var->type, old, one, NULL));
        return k == CXUnaryOperator_PostInc || k == CXUnaryOperator_PostDec ? old : nv;
    }
    case CXUnaryOperator_Plus:
    case CXUnaryOperator_Extension:
        return ir_cast(&P->b, type_of(P, e), lower_expr(P, operand));
    case CXUnaryOperator_Minus: {
        Type *t = type_of(P, e);
        return ir_op(&P->b, OP_NEG, t, ir_cast(&P->b, t, lower_expr(P, operand)), NULL, NULL);
    }
    case CXUnaryOperator_LNot:
        return ir_op(&P->b, OP_NOT, ty_int, lower_expr(P, operand), NULL, NULL);
    case CXUnaryOperator_Not: {
        Type *t = type_of(P, e);
        return ir_op(&P->b, OP_BITNOT, t, ir_cast(&P->b, t, lower_expr(P, operand)), NULL, NULL);
    }
    case CXUnaryOperator_Deref: {
        Value *p = lower_expr(P, operand);
        if (p->type->kind != TY_PTR)
            error_at(loc_of(P, e), "dereference of a value that is not a pointer");
        return ir_load(&P->b, p, ir_int(&P->b, ty_int, 0));
    }
    case CXUnaryOperator_AddrOf:
        error_at(loc_of(P, e), "taking an address (&) is not supported yet; pass values, "
                 "not pointers to locals");
    default:
        error_at(loc_of(P, e), "this unary operator is not supported");
    }
}

/* c ? a : b is a region, so that only the taken side is evaluated, and in
 * the reverse sweep only the taken side receives an adjoint. */
static Value *lower_ternary(Parser *P, CXCursor e) {
    CursorList kids = expr_children(e);
    if (kids.n != 3)
        error_at(loc_of(P, e), "the GNU 'a ?: b' form is not supported; write 'a ? a : b'");
    Type *t = type_of(P, e);
    Value *cond = lower_expr(P, kids.v[0]);
    Block *outer = P->b.block;
    Inst *ifi = ir_if(&P->b, cond);
    Bindings before = save_bindings(P);
    P->b.block = ifi->then;
    Value *a = ir_cast(&P->b, t, lower_expr(P, kids.v[1]));
    Bindings after_then = save_bindings(P);
    restore_bindings(P, before);
    P->b.block = ifi->els;
    Value *b = ir_cast(&P->b, t, lower_expr(P, kids.v[2]));
    Bindings after_else = save_bindings(P);
    P->b.block = outer;
    Value *r = add_result(P->fn, ifi, t);
    vl_push(&ifi->then->yields, a);
    vl_push(&ifi->els->yields, b);
    merge_bindings(P, ifi, after_then, after_else);
    return r;
}

static Value *lower_math(Parser *P, CXCursor e, Op op, Type *t, const char *name) {
    int n = clang_Cursor_getNumArguments(e);
    if (n != op_info[op].arity)
        error_at(loc_of(P, e), "'%s' takes %d arguments here, not %d", name, op_info[op].arity, n);
    Value *args[3] = {0};
    for (int i = 0; i < n; i++)
        args[i] = ir_cast(&P->b, t, lower_expr(P, clang_Cursor_getArgument(e, (unsigned)i)));
    return ir_op(&P->b, op, t, args[0], args[1], args[2]);
}

static Value *lower_call(Parser *P, CXCursor e) {
    CXCursor callee = clang_getCursorReferenced(e);
    if (clang_getCursorKind(callee) != CXCursor_FunctionDecl)
        error_at(loc_of(P, e), "calls through function pointers are not supported; call the "
                 "function by name");
    const char *name = str(clang_getCursorSpelling(callee));
    Type *t = type_of(P, e);
    const char *plain = name;
    if (strncmp(name, "__builtin_", 10) == 0)
        plain = name + 10;
    /* INFINITY, HUGE_VAL and NAN expand to these builtins: constants. */
    if (streq(plain, "inf") || streq(plain, "inff") || streq(plain, "huge_val") ||
        streq(plain, "huge_valf"))
        return ir_const(&P->b, t, HUGE_VAL);
    if (streq(plain, "nan") || streq(plain, "nanf"))
        return ir_const(&P->b, t, NAN);
    Op op = op_by_spelling(plain, K_MATH);
    if (op != NUM_OPS && t->kind == TY_DOUBLE)
        return lower_math(P, e, op, t, name);
    size_t len = strlen(plain);
    if (len > 1 && plain[len - 1] == 'f' && t->kind == TY_FLOAT) {
        op = op_by_spelling(format("%.*s", (int)len - 1, plain), K_MATH);
        if (op != NUM_OPS)
            return lower_math(P, e, op, t, name);
    }
    /* Any other function runs as it is; activity analysis later makes sure
     * no derivative has to flow through it. */
    int n = clang_Cursor_getNumArguments(e);
    Value **args = new_array(Value *, n);
    for (int i = 0; i < n; i++)
        args[i] = lower_expr(P, clang_Cursor_getArgument(e, (unsigned)i));
    if (clang_Cursor_getStorageClass(callee) == CX_SC_Static)
        error_at(loc_of(P, e), "'%s' is a static function, which the generated file cannot "
                 "call; bpgen does not differentiate calls to functions of the model yet",
                 name);
    if (clang_Location_isFromMainFile(clang_getCursorLocation(callee)) ||
        !clang_Location_isInSystemHeader(clang_getCursorLocation(callee)))
        error_at(loc_of(P, e), "bpgen does not differentiate calls to functions of the model "
                 "yet ('%s'); write its body into the function, or compute its result outside "
                 "and pass it as a parameter", name);
    Value *v = ir_call(&P->b, name, t, args, n);
    v->def->loc = loc_of(P, e);
    return v;
}

static Value *lower_subscript(Parser *P, CXCursor e) {
    CursorList kids = expr_children(e);
    Value *base = lower_expr(P, kids.v[0]);
    Value *index = lower_expr(P, kids.v[1]);
    if (base->type->kind != TY_PTR) {
        if (index->type->kind != TY_PTR)
            error_at(loc_of(P, e), "subscript of a value that is not a pointer");
        Value *swap = base;
        base = index;
        index = swap;
    }
    return ir_load(&P->b, base, index);
}

static Value *lower_expr(Parser *P, CXCursor e) {
    SrcLoc saved = P->b.loc;
    P->b.loc = loc_of(P, e);
    Value *v;
    switch (clang_getCursorKind(e)) {
    case CXCursor_UnexposedExpr:
    case CXCursor_ParenExpr:
    case CXCursor_CStyleCastExpr: {
        /* Implicit conversions are unexposed expressions around their operand. */
        CursorList kids = expr_children(e);
        if (kids.n != 1)
            error_at(loc_of(P, e), "bpgen does not support this kind of expression");
        v = lower_expr(P, kids.v[kids.n - 1]);
        Type *t = type_of(P, e);
        if (t->kind != TY_VOID && (t->kind != TY_PTR || v->type->kind != TY_PTR))
            v = ir_cast(&P->b, t, v);
        break;
    }
    case CXCursor_IntegerLiteral:
    case CXCursor_FloatingLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_UnaryExpr:
        v = lower_literal(P, e);
        break;
    case CXCursor_StringLiteral:
        /* Only ever an argument of a call that runs as it is (printf):
         * a constant printed as it was spelled. */
        v = ir_int(&P->b, pointer_to(int_type("char"), true), 0);
        v->def->callee = str(clang_getCursorSpelling(e));
        break;
    case CXCursor_DeclRefExpr:
        v = lower_ref(P, e);
        break;
    case CXCursor_BinaryOperator:
        v = lower_binary(P, e);
        break;
    case CXCursor_CompoundAssignOperator:
        v = lower_compound_assign(P, e);
        break;
    case CXCursor_UnaryOperator:
        v = lower_unary(P, e);
        break;
    case CXCursor_ConditionalOperator:
        v = lower_ternary(P, e);
        break;
    case CXCursor_CallExpr:
        v = lower_call(P, e);
        break;
    case CXCursor_ArraySubscriptExpr:
        v = lower_subscript(P, e);
        break;
    case CXCursor_MemberRefExpr:
        error_at(loc_of(P, e), "struct member access is not supported yet; pass the members "
                 "as separate parameters");
    default:
        error_at(loc_of(P, e), "bpgen does not support this kind of expression (%s)",
                 kind_name(e));
    }
    P->b.loc = saved;
    return v;
}

/* ---- statements ---- */

static void lower_decl(Parser *P, CXCursor s) {
    CursorList decls = children(s);
    for (int i = 0; i < decls.n; i++) {
        CXCursor d = decls.v[i];
        if (clang_getCursorKind(d) != CXCursor_VarDecl)
            error_at(loc_of(P, d), "only variable declarations are supported inside the function");
        const char *name = str(clang_getCursorSpelling(d));
        enum CX_StorageClass sc = clang_Cursor_getStorageClass(d);
        if (sc == CX_SC_Static || sc == CX_SC_Extern)
            error_at(loc_of(P, d), "'%s' is declared %s inside the function; bpgen supports "
                     "automatic local variables only", name, sc == CX_SC_Static ? "static" : "extern");
        CXType ct = clang_getCanonicalType(clang_getCursorType(d));
        if (ct.kind == CXType_ConstantArray || ct.kind == CXType_VariableArray ||
            ct.kind == CXType_IncompleteArray)
            error_at(loc_of(P, d), "'%s' is a local array, which bpgen does not support yet; "
                     "use scalar locals", name);
        Type *t = convert_type(P, clang_getCursorType(d), d, format("'%s'", name));
        if (t->kind == TY_PTR)
            error_at(loc_of(P, d), "'%s' is a local pointer, which bpgen does not support yet; "
                     "index the parameter directly", name);
        CursorList init = expr_children(d);
        P->b.loc = loc_of(P, d);
        Value *v = init.n ? lower_expr(P, init.v[init.n - 1]) : ir_undef(&P->b, t);
        Var *var = add_var(P, d, name, t, NULL);
        assign(P, var, v);
    }
}

/* if without a return inside: a region whose results are the variables
 * the branches bind differently. */
static void lower_plain_if(Parser *P, CXCursor s, CursorList kids) {
    Value *cond = lower_expr(P, kids.v[0]);
    Block *outer = P->b.block;
    Inst *ifi = ir_if(&P->b, cond);
    ifi->loc = loc_of(P, s);
    Bindings before = save_bindings(P);
    P->b.block = ifi->then;
    lower_rest(P, &(Cont){&kids.v[1], 1, 0, NULL});
    Bindings after_then = save_bindings(P);
    restore_bindings(P, before);
    P->b.block = ifi->els;
    if (kids.n > 2)
        lower_rest(P, &(Cont){&kids.v[2], 1, 0, NULL});
    Bindings after_else = save_bindings(P);
    P->b.block = outer;
    merge_bindings(P, ifi, after_then, after_else);
}

static Cont *copy_cont(Cont *k) {
    if (!k)
        return NULL;
    Cont *c = arena_alloc(sizeof *c);
    *c = *k;
    c->outer = copy_cont(k->outer);
    return c;
}

/* if with a return inside: each branch takes its own copy of the rest of the
 * function, so both end in a return, and the region yields the value
 * returned. */
static Value *lower_returning_if(Parser *P, CXCursor s, CursorList kids, Cont *k) {
    Value *cond = lower_expr(P, kids.v[0]);
    Block *outer = P->b.block;
    Inst *ifi = ir_if(&P->b, cond);
    ifi->loc = loc_of(P, s);
    Bindings before = save_bindings(P);
    Value *ret[2];
    for (int branch = 0; branch < 2; branch++) {
        restore_bindings(P, before);
        P->b.block = branch == 0 ? ifi->then : ifi->els;
        Cont *rest = copy_cont(k);
        ret[branch] = branch == 0 || kids.n > 2
                          ? lower_rest(P, &(Cont){&kids.v[1 + branch], 1, 0, rest})
                          : lower_rest(P, rest);
        if (!ret[branch])
            return NULL;
        vl_push(&P->b.block->yields, ir_cast(&P->b, P->fn->ret, ret[branch]));
    }
    P->b.block = outer;
    Value *r = add_result(P->fn, ifi, P->fn->ret);
    return r;
}

/* What to say about a statement bpgen does not differentiate yet. */
static const char *unsupported_stmt(enum CXCursorKind k) {
    static const char loops[] = "is not supported yet: this version of bpgen differentiates "
                                "straight-line code with if/else and ?:; unroll the loop, or "
                                "move it out of the BP_GRAD function";
    switch (k) {
    case CXCursor_ForStmt: return format("a 'for' loop %s", loops);
    case CXCursor_WhileStmt: return format("a 'while' loop %s", loops);
    case CXCursor_DoStmt: return format("a 'do' loop %s", loops);
    case CXCursor_BreakStmt: return format("'break' %s", loops);
    case CXCursor_ContinueStmt: return format("'continue' %s", loops);
    case CXCursor_SwitchStmt:
        return "'switch' is not supported yet; write it as if / else if / else";
    case CXCursor_GotoStmt: case CXCursor_IndirectGotoStmt: case CXCursor_LabelStmt:
        return "'goto' and labels are not supported; write the control flow with if/else and "
               "return";
    case CXCursor_GCCAsmStmt: case CXCursor_MSAsmStmt:
        return "inline assembly cannot be differentiated; move it out of the BP_GRAD function";
    default: return NULL;
    }
}

/* Lowers s; true if it took the rest of the path (then *ret is the value
 * that path returns, or NULL if it falls off the end). */
static bool lower_stmt(Parser *P, CXCursor s, Cont *k, Value **ret) {
    enum CXCursorKind kind = clang_getCursorKind(s);
    P->b.loc = loc_of(P, s);
    switch (kind) {
    case CXCursor_CompoundStmt: {
        CursorList kids = children(s);
        *ret = lower_rest(P, &(Cont){kids.v, kids.n, 0, k});
        return true;
    }
    case CXCursor_DeclStmt:
        lower_decl(P, s);
        return false;
    case CXCursor_NullStmt:
        return false;
    case CXCursor_ReturnStmt: {
        CursorList kids = expr_children(s);
        if (!kids.n)
            error_at(loc_of(P, s), "'return' without a value in a BP_GRAD function");
        *ret = ir_cast(&P->b, P->fn->ret, lower_expr(P, kids.v[0]));
        return true;
    }
    case CXCursor_IfStmt: {
        CursorList kids = children(s);
        if (kids.n < 2 || !clang_isExpression(clang_getCursorKind(kids.v[0])))
            error_at(loc_of(P, s), "this form of 'if' is not supported");
        if (!contains(s, CXCursor_ReturnStmt)) {
            lower_plain_if(P, s, kids);
            return false;
        }
        *ret = lower_returning_if(P, s, kids, k);
        return true;
    }
    default:
        break;
    }
    if (clang_isExpression(kind)) {
        lower_expr(P, s);
        return false;
    }
    const char *why = unsupported_stmt(kind);
    if (why)
        error_at(loc_of(P, s), "%s", why);
    error_at(loc_of(P, s), "bpgen does not support this statement (%s)", kind_name(s));
}

static Value *lower_rest(Parser *P, Cont *k) {
    for (; k; k = k->outer)
        while (k->i < k->n) {
            Value *ret = NULL;
            if (lower_stmt(P, k->stmts[k->i++], k, &ret))
                return ret;
        }
    return NULL;
}

/* ---- functions ---- */

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

/* Marks the parameters BP_GRAD names (all floating ones for BP_GRAD()). */
static void mark_active(Parser *P, CXCursor attr, const char *list) {
    Func *f = P->fn;
    char *names = arena_strdup(list);
    bool any = false;
    if (!*trim(names)) {
        for (int i = 0; i < f->params.len; i++) {
            Value *p = f->params.v[i];
            if (is_floating(p->type) || is_floating_ptr(p->type))
                p->varied = any = true;
        }
        if (!any)
            error_at(loc_of(P, attr), "BP_GRAD() asks for every floating-point parameter of '%s', "
                     "but it has none; differentiate with respect to float or double parameters",
                     f->name);
        return;
    }
    for (char *tok = strtok(names, ","); tok; tok = strtok(NULL, ",")) {
        char *name = trim(tok);
        Value *p = NULL;
        for (int i = 0; i < f->params.len; i++)
            if (streq(f->params.v[i]->name, name))
                p = f->params.v[i];
        if (!p) {
            char *known = "";
            for (int i = 0; i < f->params.len; i++)
                known = format("%s%s'%s'", known, i ? ", " : "", f->params.v[i]->name);
            error_at(loc_of(P, attr), "BP_GRAD names '%s', which is not a parameter of '%s' "
                     "(its parameters: %s)", name, f->name, *known ? known : "none");
        }
        if (!is_floating(p->type) && !is_floating_ptr(p->type))
            error_at(loc_of(P, attr), "BP_GRAD names '%s', which has type '%s'; gradients exist "
                     "only for float and double parameters and pointers or arrays of them",
                     name, p->type->spelling);
        if (p->varied)
            error_at(loc_of(P, attr), "BP_GRAD names '%s' twice", name);
        p->varied = true;
    }
}

static void lower_function(Parser *P, CXCursor fn, CXCursor attr, const char *list) {
    const char *name = str(clang_getCursorSpelling(fn));
    CXType ft = clang_getCursorType(fn);
    Type *ret = convert_type(P, clang_getResultType(ft), fn, format("the result of '%s'", name));
    if (!is_floating(ret))
        error_at(loc_of(P, fn), "BP_GRAD function '%s' returns '%s'; it must return float or "
                 "double, the value whose gradient bpgen computes", name, ret->spelling);
    if (clang_isFunctionTypeVariadic(ft))
        error_at(loc_of(P, fn), "BP_GRAD function '%s' is variadic, which bpgen does not support",
                 name);
    P->fn = new_func(name, ret);
    P->fn->loc = loc_of(P, fn);
    P->fn->grad_params = arena_strdup(list);
    P->fn_cursor = fn;
    P->b = (Builder){P->fn, P->fn->body, P->fn->loc, false};
    P->nvars = 0;
    P->map_cap = 0;
    P->map = NULL;
    int n = clang_Cursor_getNumArguments(fn);
    for (int i = 0; i < n; i++) {
        CXCursor pc = clang_Cursor_getArgument(fn, (unsigned)i);
        const char *pname = str(clang_getCursorSpelling(pc));
        if (!*pname)
            pname = format("unnamed%d", i);
        Type *t = convert_type(P, clang_getCursorType(pc), pc, format("parameter '%s'", pname));
        Value *v = new_param(P->fn, t, pname);
        add_var(P, pc, pname, t, v);
    }
    mark_active(P, attr, list);

    CXCursor body = clang_getNullCursor();
    CursorList kids = children(fn);
    for (int i = 0; i < kids.n; i++)
        if (clang_getCursorKind(kids.v[i]) == CXCursor_CompoundStmt)
            body = kids.v[i];
    CursorList stmts = children(body);
    Value *r = lower_rest(P, &(Cont){stmts.v, stmts.n, 0, NULL});
    if (!r)
        error_at(loc_of(P, fn), "'%s' can reach the end of its body without returning a value; "
                 "every path of a BP_GRAD function must return", name);
    /* The returned value is named after the function, as in f = q * z. */
    if (!r->name && r->def && r->def->op != OP_CONST && r->def->op != OP_PARAM)
        r->name = name;
    vl_push(&P->fn->body->yields, r);

    Program *prog = P->prog;
    prog->funcs = array_grow(prog->funcs, prog->nfuncs, &prog->funcs_cap, sizeof *prog->funcs);
    prog->funcs[prog->nfuncs++] = P->fn;
}

/* ---- the translation unit ---- */

static const char *grad_annotation(CXCursor fn, CXCursor *attr) {
    CursorList kids = children(fn);
    for (int i = 0; i < kids.n; i++)
        if (clang_getCursorKind(kids.v[i]) == CXCursor_AnnotateAttr) {
            const char *s = str(clang_getCursorSpelling(kids.v[i]));
            if (strncmp(s, "bpgen.grad:", 11) == 0) {
                *attr = kids.v[i];
                return s + 11;
            }
        }
    return NULL;
}

static void add_include(Program *prog, const char *name) {
    for (int i = 0; i < prog->nincludes; i++)
        if (streq(prog->includes[i], name))
            return;
    prog->includes = array_grow(prog->includes, prog->nincludes, &prog->includes_cap,
                                sizeof *prog->includes);
    prog->includes[prog->nincludes++] = name;
}

/* #include <x.h> of the model: repeated in the output, for the types and
 * functions the forward sweep uses. */
static void note_include(Parser *P, CXCursor c) {
    CXToken *toks;
    unsigned ntoks;
    clang_tokenize(P->tu, clang_getCursorExtent(c), &toks, &ntoks);
    bool angled = false;
    for (unsigned i = 0; i < ntoks; i++)
        if (streq(str(clang_getTokenSpelling(P->tu, toks[i])), "<"))
            angled = true;
    clang_disposeTokens(P->tu, toks, ntoks);
    const char *name = str(clang_getCursorSpelling(c));
    if (angled && !streq(name, "bpgen.h"))
        add_include(P->prog, name);
}

static void visit_top(Parser *P, CXCursor c) {
    const char *name = str(clang_getCursorSpelling(c));
    if (*name)
        names_add(&P->prog->globals, name);
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
        return;
    if (clang_getCursorKind(c) == CXCursor_InclusionDirective) {
        note_include(P, c);
        return;
    }
    CXCursor attr;
    const char *list;
    if (clang_getCursorKind(c) == CXCursor_FunctionDecl && (list = grad_annotation(c, &attr))) {
        if (!clang_isCursorDefinition(c))
            error_at(loc_of(P, c), "BP_GRAD must be written on the definition of '%s', not on "
                     "a declaration", name);
        lower_function(P, c, attr, list);
    }
}

static bool report_clang_errors(Parser *P) {
    unsigned n = clang_getNumDiagnostics(P->tu);
    bool failed = false;
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(P->tu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev >= CXDiagnostic_Error) {
            CXFile file;
            unsigned line, col;
            clang_getSpellingLocation(clang_getDiagnosticLocation(d), &file, &line, &col, NULL);
            SrcLoc loc = {file ? str(clang_getFileName(file)) : P->prog->input, (int)line, (int)col};
            if (file && clang_Location_isFromMainFile(clang_getDiagnosticLocation(d)))
                loc.file = P->prog->input;
            diag_print(loc, sev == CXDiagnostic_Fatal ? "fatal error" : "error",
                       str(clang_getDiagnosticSpelling(d)));
            failed = true;
        }
        clang_disposeDiagnostic(d);
    }
    return failed;
}

Program *parse_program(ParseOptions *opts) {
    Program *prog = arena_alloc(sizeof *prog);
    prog->input = opts->input;
    FILE *probe = fopen(opts->input, "rb");
    if (!probe)
        error_at((SrcLoc){opts->input, 0, 0}, "cannot open the model file: %s",
                 "no such file, or not readable");
    fclose(probe);

    CXIndex index = clang_createIndex(0, 0);
    Parser P = {.prog = prog};
    enum CXErrorCode rc = clang_parseTranslationUnit2(
        index, opts->input, opts->clang_args, opts->nclang_args, NULL, 0,
        CXTranslationUnit_DetailedPreprocessingRecord | CXTranslationUnit_KeepGoing, &P.tu);
    if (rc != CXError_Success || !P.tu)
        error_at((SrcLoc){opts->input, 0, 0}, "clang could not parse the model (error %d)", (int)rc);
    if (report_clang_errors(&P))
        exit(EXIT_INPUT);

    CursorList top = children(clang_getTranslationUnitCursor(P.tu));
    for (int i = 0; i < top.n; i++)
        visit_top(&P, top.v[i]);
    if (prog->nfuncs == 0)
        error_at((SrcLoc){opts->input, 0, 0}, "no function is marked BP_GRAD; write "
                 "'BP_GRAD(x, y)' before a function definition (with #include <bpgen.h>)");
    /* The tree stays alive: locations and names are already copied. */
    clang_disposeTranslationUnit(P.tu);
    clang_disposeIndex(index);
    return prog;
}

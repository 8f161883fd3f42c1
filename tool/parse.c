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
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Var {
    const char *name;                        /* as declared */
    Type *type;
    CXCursor decl;                           /* ParmDecl or VarDecl; null for bpgen's own */
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
    int depth;                               /* regions (if, loop) around the builder */
    int after_exit;                          /* of which: the paths an early return, break
                                                or continue splits the rest into */
    struct Callee *callees;                  /* functions of the model called so far */
    int ncallees, callees_cap;
    const char **adjoints;                   /* BP_ADJOINT pairs: function, adjoint, ... */
    int nadjoints, adjoints_cap;
    CXCursor *struct_decls;                  /* struct types met so far, and their Types */
    Type **structs;
    int nstructs, structs_cap, struct_decls_cap;
    Inst *hoisted;                           /* last instruction moved to the top */
    struct Loop *loop;                       /* innermost loop being lowered */
} Parser;

/* A function of the model called by a BP_GRAD function (or by another
 * such): lowered once, after the function that first calls it. */
typedef struct Callee {
    CXCursor def;                            /* its definition */
    Func *fn;
    bool lowered;
} Callee;

/* The loop being lowered: break, continue and return inside it set `exit`
 * (and `retval`) and end their path; the loop body's regions merge them. */
typedef struct Loop {
    struct Var *exit;                        /* EXIT_* of the path, an int */
    struct Var *retval;                      /* value of a return inside the loop */
    struct Loop *outer;
} Loop;

/* In this order: a trip that ends with NONE or CONTINUE goes on. */
enum { EXIT_NONE, EXIT_CONTINUE, EXIT_BREAK, EXIT_RETURN };

/* A path's remaining statements: stmts[i..n), then those of outer. */
typedef struct Cont {
    CXCursor *stmts;
    int n, i;
    struct Cont *outer;
} Cont;

static Value *lower_expr(Parser *P, CXCursor e);
static Value *member_address(Parser *P, CXCursor e);
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

static bool is_loop_stmt(enum CXCursorKind k) {
    return k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt;
}

/* Does a statement of kind k own the statements of kind `kind` inside it? */
static bool owns(enum CXCursorKind k, enum CXCursorKind kind) {
    if (is_loop_stmt(k))
        return kind == CXCursor_ContinueStmt || kind == CXCursor_BreakStmt;
    return k == CXCursor_SwitchStmt && kind != CXCursor_ContinueStmt;
}

/* Search, but not inside the statements that own what is searched for: a
 * continue in a nested loop, a break in a nested loop or switch, a case
 * label of a nested switch belong to those. */
static enum CXChildVisitResult search_own(CXCursor c, CXCursor parent, CXClientData data) {
    (void)parent;
    Search *s = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == s->kind) {
        s->found = true;
        return CXChildVisit_Break;
    }
    return owns(k, s->kind) ? CXChildVisit_Continue : CXChildVisit_Recurse;
}

/* Does c hold a break, continue or case label of its own (one that is
 * not a nested loop's or switch's)? */
static bool contains_own(CXCursor c, enum CXCursorKind kind) {
    Search s = {kind, clang_getCursorKind(c) == kind};
    if (!s.found && !owns(clang_getCursorKind(c), kind))
        clang_visitChildren(c, search_own, &s);
    return s.found;
}

/* ---- types ---- */

static Type *convert_type(Parser *P, CXType t, CXCursor where, const char *what);

/* The source text of a declaration, as the model wrote it. */
static const char *source_text(Parser *P, CXCursor c) {
    CXSourceRange r = clang_getCursorExtent(c);
    CXFile file;
    unsigned start, end;
    clang_getFileLocation(clang_getRangeStart(r), &file, NULL, NULL, &start);
    clang_getFileLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &end);
    size_t size;
    const char *buf = file ? clang_getFileContents(P->tu, file, &size) : NULL;
    if (!buf || end > size || end < start)
        return NULL;
    return format("%.*s", (int)(end - start), buf + start);
}

/* A struct of the model: its members, and its definition to repeat in
 * the output (a typedef of an anonymous struct is repeated whole). */
static Type *struct_type(Parser *P, CXType t, CXCursor where, const char *what) {
    CXType ct = clang_getCanonicalType(t);
    CXCursor decl = clang_getCursorDefinition(clang_getTypeDeclaration(ct));
    if (clang_Cursor_isNull(decl))
        error_at(loc_of(P, where), "%s has type '%s', whose definition bpgen cannot see", what,
                 str(clang_getTypeSpelling(t)));
    if (clang_getCursorKind(decl) == CXCursor_UnionDecl)
        error_at(loc_of(P, where), "%s has union type '%s', which bpgen does not support; use "
                 "a struct", what, str(clang_getTypeSpelling(t)));
    for (int i = 0; i < P->nstructs; i++)
        if (clang_equalCursors(P->struct_decls[i], decl))
            return P->structs[i];
    Type *st = arena_alloc(sizeof *st);
    st->kind = TY_STRUCT;
    /* typedef struct { ... } name: the struct has no tag, and only the
     * typedef can be repeated and named. */
    const char *spelling = str(clang_getTypeSpelling(clang_getCursorType(decl)));
    bool anonymous = strncmp(spelling, "struct ", 7) != 0;
    CXCursor typedef_decl = clang_getNullCursor();
    if (anonymous) {
        CursorList top = children(clang_getTranslationUnitCursor(P->tu));
        for (int i = 0; i < top.n && clang_Cursor_isNull(typedef_decl); i++)
            if (clang_getCursorKind(top.v[i]) == CXCursor_TypedefDecl &&
                clang_equalCursors(clang_getCursorDefinition(clang_getTypeDeclaration(
                                       clang_getCanonicalType(
                                           clang_getTypedefDeclUnderlyingType(top.v[i])))),
                                   decl))
                typedef_decl = top.v[i];
        if (clang_Cursor_isNull(typedef_decl))
            error_at(loc_of(P, where), "%s has an anonymous struct type without a typedef "
                     "name; give the struct a name", what);
        spelling = str(clang_getCursorSpelling(typedef_decl));
    }
    st->spelling = spelling;
    P->struct_decls = array_grow(P->struct_decls, P->nstructs, &P->struct_decls_cap,
                                 sizeof *P->struct_decls);
    P->structs = array_grow(P->structs, P->nstructs, &P->structs_cap, sizeof *P->structs);
    P->struct_decls[P->nstructs] = decl;
    P->structs[P->nstructs++] = st;
    CursorList kids = children(decl);
    int cap = 0;
    for (int i = 0; i < kids.n; i++) {
        if (clang_getCursorKind(kids.v[i]) != CXCursor_FieldDecl)
            continue;
        const char *name = str(clang_getCursorSpelling(kids.v[i]));
        CXType ft = clang_getCanonicalType(clang_getCursorType(kids.v[i]));
        Field f = {name, NULL, 0};
        const char *member = format("member '%s' of %s", name, st->spelling);
        if (ft.kind == CXType_ConstantArray) {
            f.count = (int)clang_getArraySize(ft);
            f.type = convert_type(P, clang_getArrayElementType(ft), kids.v[i], member);
            if (f.type->kind == TY_PTR)
                error_at(loc_of(P, kids.v[i]), "%s is an array of arrays or pointers; bpgen "
                         "supports one-dimensional arrays in structs", member);
        } else {
            f.type = convert_type(P, clang_getCursorType(kids.v[i]), kids.v[i], member);
        }
        st->fields = array_grow(st->fields, st->nfields, &cap, sizeof *st->fields);
        st->fields[st->nfields++] = f;
    }
    /* Its definition comes after those of the structs it holds. */
    if (!clang_Location_isInSystemHeader(clang_getCursorLocation(decl))) {
        const char *text = source_text(P, anonymous ? typedef_decl : decl);
        if (!text)
            error_at(loc_of(P, where), "bpgen cannot read the definition of %s", st->spelling);
        Program *prog = P->prog;
        prog->records = array_grow(prog->records, prog->nrecords, &prog->records_cap,
                                   sizeof *prog->records);
        prog->records[prog->nrecords++] = format("%s;", text);
    }
    return st;
}

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
        /* The element type as written, when it can be had: a typedef
         * names an anonymous struct. */
        CXType written = t.kind == CXType_Pointer ? clang_getPointeeType(t)
                         : t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray ||
                                   t.kind == CXType_VariableArray
                             ? clang_getArrayElementType(t)
                             : (CXType){CXType_Invalid, {0, 0}};
        CXType elem = written.kind != CXType_Invalid ? written
                      : ct.kind == CXType_Pointer    ? clang_getPointeeType(ct)
                                                     : clang_getArrayElementType(ct);
        CXType celem = clang_getCanonicalType(elem);
        if (celem.kind == CXType_Float || celem.kind == CXType_Double ||
            (celem.kind >= CXType_Bool && celem.kind <= CXType_Int128) ||
            celem.kind == CXType_Record) {
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
        return struct_type(P, t, where, what);
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
    if (clang_Cursor_isNull(decl))
        return var;
    if (2 * P->nvars > P->map_cap) {
        P->map_cap = P->map_cap ? 2 * P->map_cap : 64;
        P->map = arena_alloc(sizeof(Var *) * (size_t)P->map_cap);
        for (int i = 0; i < P->nvars; i++)
            if (!clang_Cursor_isNull(P->vars[i]->decl))
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

/* sizeof(double), or sizeof *p of a pointer to double: spelled
 * sizeof(double) in the output rather than 8, for the arithmetic types of
 * C's own (the model's typedefs and structs may not be in scope there).
 * NULL for other sizes, and for alignof. */
static const char *sizeof_spelling(Parser *P, CXCursor e) {
    const char *text = source_text(P, e);
    if (clang_getCursorKind(e) != CXCursor_UnaryExpr || !text || strncmp(text, "sizeof", 6) != 0)
        return NULL;
    CursorList kids = expr_children(e);
    if (kids.n == 1) {                       /* sizeof expr */
        CXType t = clang_getCanonicalType(clang_getCursorType(kids.v[0]));
        if (t.kind < CXType_FirstBuiltin || t.kind > CXType_LastBuiltin || t.kind == CXType_Void)
            return NULL;
        return format("sizeof(%s)", str(clang_getTypeSpelling(t)));
    }
    /* sizeof(type): only words of C's arithmetic types. */
    const char *p = text + 6;
    while (*p == ' ' || *p == '(')
        p++;
    size_t n = strcspn(p, ")");
    if (!n || p[n] != ')' || p[n + 1])
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(p[i] == ' ' || (p[i] >= 'a' && p[i] <= 'z')))
            return NULL;
    static const char *words[] = {"char", "short", "int", "long", "float", "double",
                                  "signed", "unsigned", "_Bool"};
    for (const char *w = p; w < p + n;) {
        size_t len = strcspn(w, " )");
        bool known = false;
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
            known |= strlen(words[k]) == len && strncmp(words[k], w, len) == 0;
        if (!known)
            return NULL;
        w += len;
        while (*w == ' ')
            w++;
    }
    return format("sizeof(%.*s)", (int)n, p);
}

/* (Not inlined into lower_expr: its frame is on the stack once a level of
 * an expression's nesting.) */
__attribute__((noinline)) static Value *lower_literal(Parser *P, CXCursor e) {
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
    v = ir_cast(&P->b, t, v);
    if (v->def->op == OP_CONST)
        v->def->callee = sizeof_spelling(P, e);
    return v;
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

/* What an assignment writes: a local variable, or memory ptr[index]. */
typedef struct {
    Var *var;
    Value *ptr, *index;
    Type *type;                              /* of the value held there */
} Place;

static Place place_of(Parser *P, CXCursor lhs, const char *verb) {
    CXCursor c = strip_parens(lhs);
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_DeclRefExpr) {
        Var *var = find_var(P, clang_getCursorReferenced(c));
        if (var)
            return (Place){var, NULL, NULL, var->type};
        error_at(loc_of(P, lhs), "%s the global variable '%s'; bpgen differentiates functions "
                 "that write only their local variables and arrays: return the value, or pass "
                 "an array for it", verb, str(clang_getCursorSpelling(c)));
    }
    if (k == CXCursor_ArraySubscriptExpr) {
        CursorList kids = expr_children(c);
        Value *base = lower_expr(P, kids.v[0]), *index = lower_expr(P, kids.v[1]);
        if (base->type->kind != TY_PTR) {
            Value *swap = base;
            base = index;
            index = swap;
        }
        return (Place){NULL, base, index, base->type->base};
    }
    if (k == CXCursor_MemberRefExpr) {
        Value *f = member_address(P, c);
        Field *field = find_field(f->def->args.v[0]->type, f->def->callee);
        if (field->count || field->type->kind == TY_STRUCT)
            error_at(loc_of(P, lhs), "%s a whole array or struct member; assign its elements "
                     "one by one", verb);
        return (Place){NULL, f, ir_int(&P->b, ty_int, 0), f->type->base};
    }
    if (k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_Deref) {
        Value *ptr = lower_expr(P, expr_children(c).v[0]);
        return (Place){NULL, ptr, ir_int(&P->b, ty_int, 0), ptr->type->base};
    }
    error_at(loc_of(P, lhs), "%s this kind of expression (%s), which bpgen does not support",
             verb, kind_name(c));
}

static Value *read_place(Parser *P, Place pl) {
    return pl.var ? pl.var->value : ir_load(&P->b, pl.ptr, pl.index);
}

static Value *write_place(Parser *P, Place pl, Value *v) {
    if (pl.var)
        return assign(P, pl.var, v);
    return ir_store(&P->b, pl.ptr, pl.index, ir_cast(&P->b, pl.type, v));
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

/* p + k, k + p and p - k move a pointer within its array. */
static Value *pointer_math(Parser *P, CXCursor e, Op op, Value *x, Value *y) {
    if (x->type->kind == TY_PTR && y->type->kind == TY_PTR)
        error_at(loc_of(P, e), "bpgen does not support differences or comparisons of pointers; "
                 "use integer indexes");
    if (op == OP_ADD && y->type->kind == TY_PTR)
        return ir_ptradd(&P->b, y, x);
    if (op == OP_ADD)
        return ir_ptradd(&P->b, x, y);
    if (op == OP_SUB && x->type->kind == TY_PTR)
        return ir_ptradd(&P->b, x, ir_op(&P->b, OP_NEG, y->type, y, NULL, NULL));
    error_at(loc_of(P, e), "this arithmetic on a pointer is not supported; use p + k, p - k or "
             "p[k]");
}

static bool is_pointer(Value *v) {
    return v->type->kind == TY_PTR;
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
        Value *v = lower_expr(P, kids.v[1]);
        return write_place(P, place_of(P, kids.v[0], "this assignment writes"), v);
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
    if (is_pointer(x) || is_pointer(y))
        return pointer_math(P, e, op, x, y);
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
    Op op = binary_op(clang_getCursorBinaryOperatorKind(e));
    Value *x = lower_expr(P, kids.v[1]);
    Place pl = place_of(P, kids.v[0], "this assignment writes");
    Value *old = read_place(P, pl);
    if (is_pointer(old))
        return write_place(P, pl, pointer_math(P, e, op, old, x));
    Type *t = common_type(pl.type, x->type);
    if (op == OP_SHL || op == OP_SHR)
        t = pl.type;
    Value *y = ir_op(&P->b, op, t, ir_cast(&P->b, t, old), ir_cast(&P->b, t, x), NULL);
    return write_place(P, pl, y);
}

static Value *lower_unary(Parser *P, CXCursor e) {
    CursorList kids = expr_children(e);
    CXCursor operand = kids.v[0];
    enum CXUnaryOperatorKind k = clang_getCursorUnaryOperatorKind(e);
    switch (k) {
    case CXUnaryOperator_PostInc: case CXUnaryOperator_PostDec:
    case CXUnaryOperator_PreInc: case CXUnaryOperator_PreDec: {
        Place pl = place_of(P, operand, "this increment writes");
        Value *old = read_place(P, pl);
        bool inc = k == CXUnaryOperator_PostInc || k == CXUnaryOperator_PreInc;
        Value *nv;
        if (is_pointer(old)) {
            nv = ir_ptradd(&P->b, old, ir_int(&P->b, ty_int, inc ? 1 : -1));
        } else {
            Value *one = ir_cast(&P->b, pl.type, ir_int(&P->b, ty_int, 1));
            nv = ir_op(&P->b, inc ? OP_ADD : OP_SUB, pl.type, old, one, NULL);
        }
        nv = write_place(P, pl, nv);
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
    case CXUnaryOperator_AddrOf: {
        CXCursor c = strip_parens(operand);
        if (clang_getCursorKind(c) == CXCursor_ArraySubscriptExpr) {
            Place pl = place_of(P, c, "&");
            return ir_ptradd(&P->b, pl.ptr, pl.index);
        }
        if (clang_getCursorKind(c) == CXCursor_MemberRefExpr)
            return member_address(P, c);
        if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
            Var *var = find_var(P, clang_getCursorReferenced(c));
            if (var && var->type->kind == TY_PTR && var->type->base->kind == TY_STRUCT &&
                var->value->def->op == OP_ALLOCA)
                return var->value;           /* &s of a local struct */
        }
        error_at(loc_of(P, e), "taking the address of a variable (&) is not supported; "
                 "make it an array, or pass its value");
    }
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

/* Why `what` (a buffer, an array) cannot be where it is: bpgen makes the
 * adjoints of such arrays once, for the whole function. */
static const char *not_at_top(Parser *P, const char *what) {
    if (P->after_exit == P->depth)
        return format("%s comes after an early return (or break or continue), which leaves it "
                      "on only some paths through the function; bpgen allocates such arrays on "
                      "every path: declare it before that return", what);
    return format("%s is inside a loop or a branch, which bpgen does not support for such "
                  "arrays; declare it once, at the top of the function", what);
}

/* malloc and calloc of scratch buffers, and free.  The buffer's element
 * type comes from the conversion around the call (double *p = malloc(...)),
 * which retypes it.  A free waits for the end of the gradient, after the
 * reverse sweep has used the buffer. */
static Value *lower_allocation(Parser *P, CXCursor e, const char *name) {
    int n = clang_Cursor_getNumArguments(e);
    Value *args[2] = {0};
    for (int i = 0; i < n && i < 2; i++)
        args[i] = lower_expr(P, clang_Cursor_getArgument(e, (unsigned)i));
    if (streq(name, "free")) {
        if (!is_pointer(args[0]))
            error_at(loc_of(P, e), "free of something that is not a pointer");
        ir_free(&P->b, args[0]);
        return ir_int(&P->b, ty_int, 0);
    }
    if (P->depth > 0)
        error_at(loc_of(P, e), "%s", not_at_top(P, format("'%s'", name)));
    Value *v = ir_malloc(&P->b, ty_void, args, n, streq(name, "calloc"));
    v->def->loc = loc_of(P, e);
    return v;
}

/* The C declaration of function fn, from its canonical types. */
static const char *prototype_of(CXCursor fn) {
    CXType ft = clang_getCursorType(fn);
    const char *text = format("%s %s(", str(clang_getTypeSpelling(clang_getCanonicalType(
                                             clang_getResultType(ft)))),
                              str(clang_getCursorSpelling(fn)));
    int n = clang_getNumArgTypes(ft);
    for (int i = 0; i < n; i++)
        text = format("%s%s%s", text, i ? ", " : "",
                      str(clang_getTypeSpelling(clang_getCanonicalType(
                          clang_getArgType(ft, (unsigned)i)))));
    return format("%s%s);", text, n ? "" : "void");
}

/* Functions of the model's own files the output calls must be declared
 * there: their declarations are repeated (library functions come with the
 * model's #include <...> lines). */
static void need_prototype(Parser *P, CXCursor fn) {
    if (clang_Location_isInSystemHeader(clang_getCursorLocation(fn)))
        return;
    const char *text = prototype_of(fn);
    Program *prog = P->prog;
    for (int i = 0; i < prog->nprototypes; i++)
        if (streq(prog->prototypes[i], text))
            return;
    prog->prototypes = array_grow(prog->prototypes, prog->nprototypes, &prog->prototypes_cap,
                                  sizeof *prog->prototypes);
    prog->prototypes[prog->nprototypes++] = text;
}

/* The declaration of a file-scope function named name, or a null cursor. */
static CXCursor find_function(Parser *P, const char *name) {
    CursorList top = children(clang_getTranslationUnitCursor(P->tu));
    for (int i = 0; i < top.n; i++)
        if (clang_getCursorKind(top.v[i]) == CXCursor_FunctionDecl &&
            streq(str(clang_getCursorSpelling(top.v[i])), name))
            return top.v[i];
    return clang_getNullCursor();
}

static const char *adjoint_of(Parser *P, const char *name) {
    for (int i = 0; i + 1 < P->nadjoints; i += 2)
        if (streq(P->adjoints[i], name))
            return P->adjoints[i + 1];
    return NULL;
}

static Type *result_type(Parser *P, CXCursor fn, const char *name) {
    return convert_type(P, clang_getResultType(clang_getCursorType(fn)), fn,
                        format("the result of '%s'", name));
}

/* Does the model ask that fn stay a call, with __attribute__((noinline))
 * on its definition or its first declaration? */
static bool asks_noinline(Parser *P, CXCursor fn) {
    CXCursor decls[2] = {fn, clang_getCanonicalCursor(fn)};
    for (int d = 0; d < 2; d++) {
        CursorList kids = children(decls[d]);
        for (int i = 0; i < kids.n; i++) {
            const char *text = clang_getCursorKind(kids.v[i]) == CXCursor_UnexposedAttr
                                   ? source_text(P, kids.v[i])
                                   : NULL;
            if (text && strstr(text, "noinline"))
                return true;
        }
    }
    return false;
}

/* The Func of a function of the model, lowered later (see parse_program). */
static Func *callee_func(Parser *P, CXCursor def, SrcLoc at) {
    for (int i = 0; i < P->ncallees; i++)
        if (clang_equalCursors(P->callees[i].def, def))
            return P->callees[i].fn;
    const char *name = str(clang_getCursorSpelling(def));
    if (clang_isFunctionTypeVariadic(clang_getCursorType(def)))
        error_at(at, "'%s' is variadic; bpgen differentiates calls to functions with a fixed "
                 "list of parameters", name);
    Func *f = new_func(name, result_type(P, def, name));
    f->loc = loc_of(P, def);
    f->is_helper = true;
    f->noinline = asks_noinline(P, def);
    P->callees = array_grow(P->callees, P->ncallees, &P->callees_cap, sizeof *P->callees);
    P->callees[P->ncallees++] = (Callee){def, f, false};
    Program *prog = P->prog;
    prog->callees = array_grow(prog->callees, prog->ncallees, &prog->callees_cap,
                               sizeof *prog->callees);
    prog->callees[prog->ncallees++] = f;
    return f;
}

static Value *lower_call(Parser *P, CXCursor e) {
    CXCursor callee = clang_getCursorReferenced(e);
    if (clang_getCursorKind(callee) != CXCursor_FunctionDecl)
        error_at(loc_of(P, e), "calls through function pointers are not supported; call the "
                 "function by name");
    const char *name = str(clang_getCursorSpelling(callee));
    if (streq(name, "malloc") || streq(name, "calloc") || streq(name, "free"))
        return lower_allocation(P, e, name);
    CXType rt = clang_getCanonicalType(clang_getCursorType(e));
    bool void_ptr = rt.kind == CXType_Pointer && clang_getPointeeType(rt).kind == CXType_Void;
    Type *t = void_ptr ? pointer_to(ty_void, false) : type_of(P, e);
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
    /* A function of the model is differentiated too; one with a BP_ADJOINT
     * calls its adjoint; any other runs as it is, and activity analysis
     * makes sure no derivative has to flow through it. */
    int n = clang_Cursor_getNumArguments(e);
    if (n > PARAMS_MAX)
        error_at(loc_of(P, e), "this call of '%s' has %d arguments, and bpgen handles at most %d "
                 "(C promises 127): pass them in an array or a struct", name, n, PARAMS_MAX);
    Value **args = new_array(Value *, n);
    for (int i = 0; i < n; i++)
        args[i] = lower_expr(P, clang_Cursor_getArgument(e, (unsigned)i));
    Value *v = ir_call(&P->b, name, t, args, n);
    v->def->loc = loc_of(P, e);
    v->def->adjoint = adjoint_of(P, name);
    bool is_float;
    CXCursor def = clang_getCursorDefinition(callee);
    if (!v->def->adjoint && (v->def->prim = prim_find(name, &is_float))) {
        if (n != v->def->prim->nparams)
            error_at(loc_of(P, e), "'%s' takes %d arguments, as bpgen.h declares it", name,
                     v->def->prim->nparams);
    } else if (v->def->adjoint) {
        CXCursor adj = find_function(P, v->def->adjoint);
        if (clang_Cursor_isNull(adj))
            error_at(loc_of(P, e), "'%s' has BP_ADJOINT '%s', which is not declared; declare "
                     "it before the call (see BP_ADJOINT in bpgen.h for its parameters)", name,
                     v->def->adjoint);
        need_prototype(P, adj);
        need_prototype(P, callee);
    } else if (!clang_Cursor_isNull(def) &&
               !clang_Location_isInSystemHeader(clang_getCursorLocation(def))) {
        v->def->target = callee_func(P, def, loc_of(P, e));
    } else if (clang_Cursor_getStorageClass(callee) == CX_SC_Static) {
        error_at(loc_of(P, e), "'%s' is a static function with no body in this file, which the "
                 "generated file cannot call", name);
    } else {
        need_prototype(P, callee);
    }
    /* Which arrays the callee may write: pointers to non-const (a struct
     * passed by value is the callee's own copy). */
    CXType ft = clang_getCursorType(callee);
    int nparams = clang_getNumArgTypes(ft);
    for (int i = 0; i < n; i++) {
        if (!is_pointer(args[i]) || args[i]->type->kind == TY_STRUCT)
            continue;
        if (i >= nparams || !clang_isConstQualifiedType(clang_getPointeeType(
                                clang_getCanonicalType(clang_getArgType(ft, (unsigned)i)))))
            pset_add(&v->def->writes, i);
    }
    return v;
}

/* p->m and s.m: the address of the member (a pointer to it, or to the
 * first element of an array member). */
static Value *member_address(Parser *P, CXCursor e) {
    CursorList kids = expr_children(e);
    if (!kids.n)
        error_at(loc_of(P, e), "bpgen cannot read this member access");
    Value *base = lower_expr(P, kids.v[0]);
    const char *name = str(clang_getCursorSpelling(e));
    if (!find_field(base->type, name))
        error_at(loc_of(P, e), "bpgen cannot read member '%s' of a value of type '%s'", name,
                 base->type->spelling);
    return ir_field(&P->b, base, name);
}

/* The value of p->m: a number is loaded; an array or struct member stands
 * for its address, as C's arrays do. */
static Value *lower_member(Parser *P, CXCursor e) {
    Value *f = member_address(P, e);
    Field *field = find_field(f->def->args.v[0]->type, f->def->callee);
    if (field->count || field->type->kind == TY_STRUCT)
        return f;
    return ir_load(&P->b, f, ir_int(&P->b, ty_int, 0));
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
    /* An element of an array of structs stands for its address, as a
     * struct member does: p[i].w is a member of it. */
    if (base->type->base->kind == TY_STRUCT)
        return ir_ptradd(&P->b, base, index);
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
        CXType ct = clang_getCanonicalType(clang_getCursorType(e));
        v = lower_expr(P, kids.v[kids.n - 1]);
        if (v->def && v->def->op == OP_MALLOC && v->type->base == ty_void &&
            ct.kind == CXType_Pointer) {
            v->type = convert_type(P, clang_getCursorType(e), e, "the allocated buffer");
            break;
        }
        if (ct.kind == CXType_Pointer && clang_getPointeeType(ct).kind == CXType_Void &&
            is_pointer(v))
            break;                           /* (void *)p, as free's argument */
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
        v = lower_member(P, e);
        break;
    default:
        error_at(loc_of(P, e), "bpgen does not support this kind of expression (%s)",
                 kind_name(e));
    }
    P->b.loc = saved;
    return v;
}

/* ---- statements ---- */

/* Moves in (just built) to the top of the function, after what was moved
 * before: local arrays live for the whole call, whatever block declared
 * them, so that the reverse sweep can still reach them. */
static void hoist(Parser *P, Inst *in) {
    if (P->hoisted)
        insert_after(P->hoisted, in);
    else
        insert_at_head(P->fn->body, in);
    P->hoisted = in;
}

/* a[0..count) = 0, as a counted loop, for an array initialized inside a
 * region (its storage is hoisted, its zeroing is not). */
static void zero_fill(Parser *P, Value *a, int count) {
    Block *outer = P->b.block;
    Inst *loop = ir_for_count(&P->b, count, "k");
    P->b.block = loop->body;
    ir_store(&P->b, a, loop->iters.v[0], ir_cast(&P->b, a->type->base, ir_int(&P->b, ty_int, 0)));
    P->b.block = outer;
}

/* double a[3] = {...}, double a[n], double c[] = {...}. */
static Value *lower_array_decl(Parser *P, CXCursor d, const char *name, CXType ct) {
    Type *elem = convert_type(P, clang_getArrayElementType(ct), d, format("'%s'", name));
    if (elem->kind == TY_PTR)
        error_at(loc_of(P, d), "'%s' is an array of arrays or pointers; bpgen supports "
                 "one-dimensional arrays of numbers: index a flat array with i * n + j", name);
    CursorList kids = expr_children(d);
    CXCursor init = clang_getNullCursor();
    for (int i = 0; i < kids.n; i++)
        if (clang_getCursorKind(kids.v[i]) == CXCursor_InitListExpr)
            init = kids.v[i];
    if (ct.kind == CXType_VariableArray) {
        if (P->depth > 0)
            error_at(loc_of(P, d), "%s",
                     not_at_top(P, format("the variable-length array '%s'", name)));
        Value *n = lower_expr(P, kids.v[0]);
        return ir_alloca(&P->b, elem, n, false);
    }
    int count = (int)clang_getArraySize(ct);
    if (count <= 0)
        error_at(loc_of(P, d), "the array '%s' has no size bpgen can read", name);
    Block *here = P->b.block;
    P->b.block = P->fn->body;
    Value *n = ir_int(&P->b, ty_int, count);
    hoist(P, n->def);
    bool zeroed = !clang_Cursor_isNull(init) && P->depth == 0;
    Value *a = ir_alloca(&P->b, elem, n, zeroed);
    hoist(P, a->def);
    P->b.block = here;
    if (clang_Cursor_isNull(init))
        return a;
    if (P->depth > 0)
        zero_fill(P, a, count);
    CursorList elems = expr_children(init);
    for (int i = 0; i < elems.n && i < count; i++) {
        Value *v = lower_expr(P, elems.v[i]);
        if (!is_const(v, 0))
            ir_store(&P->b, a, ir_int(&P->b, ty_int, i), ir_cast(&P->b, elem, v));
    }
    return a;
}

/* struct s t; or struct s t = {0}; a local struct lives in memory, as an
 * array of one, hoisted like the arrays. */
static Value *lower_struct_decl(Parser *P, CXCursor d, const char *name, CXType ct) {
    Type *st = convert_type(P, ct, d, format("'%s'", name));
    CursorList init = expr_children(d);
    bool zeroed = false;
    if (init.n) {
        CXCursor list = strip_parens(init.v[init.n - 1]);
        CursorList elems = expr_children(list);
        bool all_zero = clang_getCursorKind(list) == CXCursor_InitListExpr;
        for (int i = 0; i < elems.n && all_zero; i++) {
            CXEvalResult r = clang_Cursor_Evaluate(elems.v[i]);
            all_zero = r && ((clang_EvalResult_getKind(r) == CXEval_Int &&
                              clang_EvalResult_getAsLongLong(r) == 0) ||
                             (clang_EvalResult_getKind(r) == CXEval_Float &&
                              clang_EvalResult_getAsDouble(r) == 0));
            if (r)
                clang_EvalResult_dispose(r);
        }
        if (!all_zero || P->depth > 0)
            error_at(loc_of(P, d), "'%s' is a local struct initialized with values; bpgen "
                     "supports '= {0}' at the top of the function, and assignments to its "
                     "members", name);
        zeroed = true;
    }
    Block *here = P->b.block;
    P->b.block = P->fn->body;
    Value *n = ir_int(&P->b, ty_int, 1);
    hoist(P, n->def);
    Value *a = ir_alloca(&P->b, st, n, zeroed);
    hoist(P, a->def);
    P->b.block = here;
    return a;
}

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
        P->b.loc = loc_of(P, d);
        CXType ct = clang_getCanonicalType(clang_getCursorType(d));
        if (ct.kind == CXType_ConstantArray || ct.kind == CXType_VariableArray ||
            ct.kind == CXType_IncompleteArray) {
            Value *a = lower_array_decl(P, d, name, ct);
            a->name = name;
            add_var(P, d, name, a->type, a);
            continue;
        }
        if (ct.kind == CXType_Record) {
            Value *a = lower_struct_decl(P, d, name, ct);
            a->name = name;
            add_var(P, d, name, a->type, a);
            continue;
        }
        Type *t = convert_type(P, clang_getCursorType(d), d, format("'%s'", name));
        CursorList init = expr_children(d);
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
    P->depth++;
    P->b.block = ifi->then;
    lower_rest(P, &(Cont){&kids.v[1], 1, 0, NULL});
    Bindings after_then = save_bindings(P);
    restore_bindings(P, before);
    P->b.block = ifi->els;
    if (kids.n > 2)
        lower_rest(P, &(Cont){&kids.v[2], 1, 0, NULL});
    Bindings after_else = save_bindings(P);
    P->depth--;
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

/* A return: in the function's own body it ends the path with the value;
 * inside a loop it records the value and ends the path through the loop. */
static Value *perform_return(Parser *P, Value *v) {
    if (!P->loop)
        return v;
    assign(P, P->loop->exit, ir_int(&P->b, ty_int, EXIT_RETURN));
    assign(P, P->loop->retval, v);
    return NULL;
}

/* A split path: each branch runs its statement (or returns then_return),
 * then its own copy of the rest k.  In the function's body both branches
 * end in a return and the region yields the value returned; in a loop's
 * body both end at the end of the body and the region merges the
 * variables. */
static Value *perform_continue(Parser *P) {
    if (P->loop && P->loop->exit)
        assign(P, P->loop->exit, ir_int(&P->b, ty_int, EXIT_CONTINUE));
    return NULL;
}

/* then_return: the then-branch returns this value; a null then_return with
 * then_continue: it continues the enclosing loop. */
static Value *lower_split_jump(Parser *P, Value *cond, CXCursor *stmt[2], Value *then_return,
                               bool then_continue, Cont *k, SrcLoc loc);

static Value *lower_split(Parser *P, Value *cond, CXCursor *stmt[2], Value *then_return, Cont *k,
                          SrcLoc loc) {
    return lower_split_jump(P, cond, stmt, then_return, false, k, loc);
}

static Value *lower_split_jump(Parser *P, Value *cond, CXCursor *stmt[2], Value *then_return,
                               bool then_continue, Cont *k, SrcLoc loc) {
    Block *outer = P->b.block;
    Inst *ifi = ir_if(&P->b, cond);
    ifi->loc = loc;
    Bindings before = save_bindings(P), after[2];
    Value *ret[2];
    P->depth++;
    P->after_exit++;
    for (int branch = 0; branch < 2; branch++) {
        restore_bindings(P, before);
        P->b.block = branch == 0 ? ifi->then : ifi->els;
        Cont *rest = copy_cont(k);
        if (branch == 0 && then_return)
            ret[0] = perform_return(P, then_return);
        else if (branch == 0 && then_continue)
            ret[0] = perform_continue(P);
        else if (stmt[branch])
            ret[branch] = lower_rest(P, &(Cont){stmt[branch], 1, 0, rest});
        else
            ret[branch] = lower_rest(P, rest);
        after[branch] = save_bindings(P);
        if (!P->loop) {
            if (!ret[branch]) {
                P->after_exit--;
                return NULL;
            }
            vl_push(&P->b.block->yields, ir_cast(&P->b, P->fn->ret, ret[branch]));
        }
    }
    P->depth--;
    P->after_exit--;
    P->b.block = outer;
    if (P->loop) {
        merge_bindings(P, ifi, after[0], after[1]);
        return NULL;
    }
    return add_result(P->fn, ifi, P->fn->ret);
}

/* Does s leave its path early (return, or break/continue in a loop)? */
static bool ends_early(Parser *P, CXCursor s) {
    return contains(s, CXCursor_ReturnStmt) ||
           (P->loop && (contains_own(s, CXCursor_BreakStmt) ||
                        contains_own(s, CXCursor_ContinueStmt)));
}

/* ---- loops ---- */

static unsigned offset_of(CXSourceLocation loc) {
    unsigned off;
    clang_getFileLocation(loc, NULL, NULL, NULL, &off);
    return off;
}


typedef struct {
    Parser *P;
    Var **vars;                              /* assigned, declared before the loop */
    int n, cap;
    unsigned from, to;                       /* the statement's extent: its own
                                                declarations are not carried */
} Assigned;

/* The lvalue an assignment, compound assignment, ++ or -- writes, or a
 * null cursor for any other cursor. */
static CXCursor write_target(CXCursor c) {
    enum CXCursorKind k = clang_getCursorKind(c);
    bool writes = k == CXCursor_CompoundAssignOperator ||
                  (k == CXCursor_BinaryOperator &&
                   clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign);
    if (k == CXCursor_UnaryOperator) {
        enum CXUnaryOperatorKind u = clang_getCursorUnaryOperatorKind(c);
        writes = u == CXUnaryOperator_PostInc || u == CXUnaryOperator_PostDec ||
                 u == CXUnaryOperator_PreInc || u == CXUnaryOperator_PreDec;
    }
    return writes ? strip_parens(expr_children(c).v[0]) : clang_getNullCursor();
}

static enum CXChildVisitResult find_assigned(CXCursor c, CXCursor parent, CXClientData data) {
    (void)parent;
    Assigned *a = data;
    CXCursor target = write_target(c);
    if (clang_getCursorKind(target) != CXCursor_DeclRefExpr)
        return CXChildVisit_Recurse;
    CXCursor decl = clang_getCursorReferenced(target);
    Var *var = find_var(a->P, decl);
    /* A variable declared inside: a path lowered before may have left it
     * bound, but each trip declares it afresh. */
    unsigned at = offset_of(clang_getCursorLocation(decl));
    if (at >= a->from && at < a->to)
        return CXChildVisit_Recurse;
    bool seen = false;
    for (int i = 0; i < a->n; i++)
        seen |= a->vars[i] == var;
    if (var && !seen) {
        a->vars = array_grow(a->vars, a->n, &a->cap, sizeof *a->vars);
        a->vars[a->n++] = var;
    }
    return CXChildVisit_Recurse;
}

typedef struct {
    CXCursor decl;
    bool found;
} DeclWrite;

static enum CXChildVisitResult find_decl_write(CXCursor c, CXCursor parent, CXClientData data) {
    (void)parent;
    DeclWrite *w = data;
    CXCursor target = write_target(c);
    if (clang_getCursorKind(target) == CXCursor_DeclRefExpr &&
        clang_equalCursors(clang_getCursorReferenced(target), w->decl)) {
        w->found = true;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
}

/* Does s assign the variable declared by decl? */
static bool writes_decl(CXCursor s, CXCursor decl) {
    DeclWrite w = {decl, false};
    if (find_decl_write(s, clang_getNullCursor(), &w) != CXChildVisit_Break)
        clang_visitChildren(s, find_decl_write, &w);
    return w.found;
}

/* The variables of the function that s assigns, but those declared in
 * `fresh` (the loop's body), which each trip declares anew. */
static Assigned assigned_in(Parser *P, CXCursor s, CXCursor fresh) {
    CXSourceRange r = clang_getCursorExtent(fresh);
    Assigned a = {P, NULL, 0, 0, offset_of(clang_getRangeStart(r)),
                  offset_of(clang_getRangeEnd(r))};
    find_assigned(s, clang_getNullCursor(), &a);
    clang_visitChildren(s, find_assigned, &a);
    return a;
}

static bool assigns(Assigned *a, Var *var) {
    for (int i = 0; i < a->n; i++)
        if (a->vars[i] == var)
            return true;
    return false;
}

/* The parts of for (init; cond; inc) body, any of the first three absent. */
static void for_parts(Parser *P, CXCursor s, CXCursor part[4]) {
    for (int i = 0; i < 4; i++)
        part[i] = clang_getNullCursor();
    CursorList kids = children(s);
    part[3] = kids.v[kids.n - 1];
    CXToken *toks;
    unsigned ntoks, semi[2] = {0, 0}, nsemi = 0;
    clang_tokenize(P->tu, clang_getCursorExtent(s), &toks, &ntoks);
    int depth = 0;
    for (unsigned i = 0; i < ntoks && nsemi < 2; i++) {
        const char *t = str(clang_getTokenSpelling(P->tu, toks[i]));
        depth += streq(t, "(") - streq(t, ")");
        if (depth == 1 && streq(t, ";"))
            semi[nsemi++] = offset_of(clang_getTokenLocation(P->tu, toks[i]));
    }
    clang_disposeTokens(P->tu, toks, ntoks);
    if (nsemi < 2)
        error_at(loc_of(P, s), "bpgen cannot read the header of this 'for' loop");
    for (int i = 0; i + 1 < kids.n; i++) {
        unsigned at = offset_of(clang_getRangeStart(clang_getCursorExtent(kids.v[i])));
        part[at < semi[0] ? 0 : at < semi[1] ? 1 : 2] = kids.v[i];
    }
}

/* Does e read only values that stay the same during the loop? */
static bool is_invariant(Parser *P, CXCursor e, Assigned *a);

typedef struct {
    Parser *P;
    Assigned *assigned;
    bool ok;
} Invariance;

static enum CXChildVisitResult check_invariant(CXCursor c, CXCursor parent, CXClientData data) {
    (void)parent;
    Invariance *inv = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_CallExpr || k == CXCursor_ArraySubscriptExpr ||
        k == CXCursor_CompoundAssignOperator ||
        (k == CXCursor_UnaryOperator &&
         clang_getCursorUnaryOperatorKind(c) != CXUnaryOperator_Minus &&
         clang_getCursorUnaryOperatorKind(c) != CXUnaryOperator_Plus) ||
        (k == CXCursor_BinaryOperator &&
         clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign)) {
        inv->ok = false;
        return CXChildVisit_Break;
    }
    if (k == CXCursor_DeclRefExpr) {
        Var *var = find_var(inv->P, clang_getCursorReferenced(c));
        if (var && assigns(inv->assigned, var)) {
            inv->ok = false;
            return CXChildVisit_Break;
        }
    }
    return CXChildVisit_Recurse;
}

static bool is_invariant(Parser *P, CXCursor e, Assigned *a) {
    Invariance inv = {P, a, true};
    check_invariant(e, clang_getNullCursor(), &inv);
    if (inv.ok)
        clang_visitChildren(e, check_invariant, &inv);
    return inv.ok;
}

/* The counted loop for (int i = a; i < b; i++): i is declared in the loop,
 * moves by 1 in the increment only, and b does not change in the loop; the
 * body neither breaks nor returns.  Its trip count is known at entry, and
 * its reverse runs i back down without saving it. */
typedef struct {
    CXCursor counter;                        /* the VarDecl of i */
    CXCursor start, bound;                   /* a and b */
    Op cmp;
    int step;
} Counted;

static bool unsigned_kind(enum CXTypeKind k) {
    return k == CXType_Bool || k == CXType_Char_U || k == CXType_UChar || k == CXType_UShort ||
           k == CXType_UInt || k == CXType_ULong || k == CXType_ULongLong || k == CXType_UInt128;
}

static bool is_counted(Parser *P, CXCursor part[4], Counted *c) {
    if (clang_Cursor_isNull(part[0]) || clang_Cursor_isNull(part[1]) ||
        clang_Cursor_isNull(part[2]) || clang_getCursorKind(part[0]) != CXCursor_DeclStmt)
        return false;
    CursorList decls = children(part[0]);
    if (decls.n != 1 || clang_getCursorKind(decls.v[0]) != CXCursor_VarDecl)
        return false;
    c->counter = decls.v[0];
    CXType ct = clang_getCanonicalType(clang_getCursorType(c->counter));
    CursorList init = expr_children(c->counter);
    if (ct.kind < CXType_Bool || ct.kind > CXType_Int128 || init.n != 1)
        return false;
    c->start = init.v[0];
    CXCursor cond = strip_parens(part[1]);
    if (clang_getCursorKind(cond) != CXCursor_BinaryOperator)
        return false;
    c->cmp = binary_op(clang_getCursorBinaryOperatorKind(cond));
    if (c->cmp != OP_LT && c->cmp != OP_LE && c->cmp != OP_GT && c->cmp != OP_GE && c->cmp != OP_NE)
        return false;
    CursorList sides = expr_children(cond);
    CXCursor lhs = strip_parens(sides.v[0]);
    if (clang_getCursorKind(lhs) != CXCursor_DeclRefExpr ||
        !clang_equalCursors(clang_getCursorReferenced(lhs), c->counter))
        return false;
    /* int i < unsigned n compares (unsigned)i: -1 < 5u is false.  Such a
     * loop is reversed by its trip count, not by counting i back. */
    CXType compared = clang_getCanonicalType(clang_getCursorType(sides.v[0]));
    if (unsigned_kind(compared.kind) != unsigned_kind(ct.kind))
        return false;
    c->bound = sides.v[1];
    CXCursor inc = strip_parens(part[2]);
    CursorList target = expr_children(inc);
    if (!target.n || clang_getCursorKind(strip_parens(target.v[0])) != CXCursor_DeclRefExpr ||
        !clang_equalCursors(clang_getCursorReferenced(strip_parens(target.v[0])), c->counter))
        return false;
    c->step = 0;
    if (clang_getCursorKind(inc) == CXCursor_UnaryOperator) {
        enum CXUnaryOperatorKind u = clang_getCursorUnaryOperatorKind(inc);
        c->step = u == CXUnaryOperator_PostInc || u == CXUnaryOperator_PreInc   ? 1
                  : u == CXUnaryOperator_PostDec || u == CXUnaryOperator_PreDec ? -1
                                                                                : 0;
    } else if (clang_getCursorKind(inc) == CXCursor_CompoundAssignOperator && target.n == 2) {
        CXEvalResult r = clang_Cursor_Evaluate(target.v[1]);
        if (r && clang_EvalResult_getKind(r) == CXEval_Int &&
            clang_EvalResult_getAsLongLong(r) == 1) {
            enum CXBinaryOperatorKind b = clang_getCursorBinaryOperatorKind(inc);
            c->step = b == CXBinaryOperator_AddAssign ? 1 : b == CXBinaryOperator_SubAssign ? -1 : 0;
        }
        if (r)
            clang_EvalResult_dispose(r);
    }
    if (c->step == 0 || (c->step > 0 && (c->cmp == OP_GT || c->cmp == OP_GE)) ||
        (c->step < 0 && (c->cmp == OP_LT || c->cmp == OP_LE)))
        return false;
    CXCursor body = part[3];
    if (contains_own(body, CXCursor_BreakStmt) || contains(body, CXCursor_ReturnStmt) ||
        contains(body, CXCursor_GotoStmt))
        return false;
    Assigned in_body = assigned_in(P, body, body);
    return is_invariant(P, c->bound, &in_body) && !writes_decl(body, c->counter);
}
/* Carries the variables in a: each gets an iteration value (its binding in
 * the body) from its current value. */
static void carry(Parser *P, Inst *loop, Assigned *a) {
    for (int i = 0; i < a->n; i++) {
        Var *var = a->vars[i];
        Value *init = var->value ? var->value : ir_undef(&P->b, var->type);
        Value *it = add_iter(P->fn, loop, var->type, init);
        it->name = var->name;
        var->value = it;
    }
}

/* After the loop the variables hold its results. */
static void take_results(Parser *P, Inst *loop, Assigned *a) {
    for (int i = 0; i < a->n; i++) {
        Value *r = add_result(P->fn, loop, a->vars[i]->type);
        r->name = a->vars[i]->name;
        a->vars[i]->value = r;
    }
}

/* The statements of a loop's body: their own scope, where break, continue
 * and return end the path at the end of the body. */
static void lower_body(Parser *P, CXCursor body, Loop *L) {
    Loop *outer = P->loop;
    P->loop = L;
    P->depth++;
    lower_rest(P, &(Cont){&body, 1, 0, NULL});
    P->depth--;
    P->loop = outer;
}

static void lower_counted_for(Parser *P, CXCursor s, CXCursor part[4], Counted *c) {
    const char *name = str(clang_getCursorSpelling(c->counter));
    Type *t = convert_type(P, clang_getCursorType(c->counter), c->counter, format("'%s'", name));
    Value *start = ir_cast(&P->b, t, lower_expr(P, c->start));
    Value *bound = lower_expr(P, c->bound);
    Assigned a = assigned_in(P, part[3], part[3]);
    Inst *loop = ir_for(&P->b, start, bound, c->cmp, c->step, name);
    loop->loc = loc_of(P, s);
    carry(P, loop, &a);
    add_var(P, c->counter, name, t, loop->iters.v[0]);
    Block *outer = P->b.block;
    P->b.block = loop->body;
    Loop L = {NULL, NULL, P->loop};
    lower_body(P, part[3], &L);
    for (int i = 0; i < a.n; i++)
        vl_push(&loop->body->yields, ir_cast(&P->b, a.vars[i]->type, a.vars[i]->value));
    P->b.block = outer;
    take_results(P, loop, &a);
}

static Var *pseudo_var(Parser *P, const char *name, Type *t, Value *v) {
    return add_var(P, clang_getNullCursor(), name, t, v);
}

/* while, do, and for loops that are not counted: a LOOP region that runs
 * its body again while the condition it yields holds.  The body of a
 * while (c) S is `if (c) { S } else { exit = break }`; break, continue and
 * return inside S set `exit` and end their path. */
static bool lower_general_loop(Parser *P, CXCursor s, Cont *k, Value **ret) {
    enum CXCursorKind kind = clang_getCursorKind(s);
    CXCursor part[4] = {clang_getNullCursor(), clang_getNullCursor(), clang_getNullCursor(),
                        clang_getNullCursor()};
    if (kind == CXCursor_ForStmt) {
        for_parts(P, s, part);
        if (!clang_Cursor_isNull(part[0]))
            lower_stmt(P, part[0], NULL, ret);
    } else {
        CursorList kids = children(s);
        part[1] = kids.v[kind == CXCursor_WhileStmt ? 0 : 1];
        part[3] = kids.v[kind == CXCursor_WhileStmt ? 1 : 0];
    }
    bool has_return = contains(part[3], CXCursor_ReturnStmt);
    bool leaves = has_return || contains_own(part[3], CXCursor_BreakStmt);
    Assigned a = assigned_in(P, s, part[3]);
    Loop L = {pseudo_var(P, "exit_kind", ty_int, ir_int(&P->b, ty_int, EXIT_NONE)),
              has_return ? pseudo_var(P, "retval", P->fn->ret, ir_undef(&P->b, P->fn->ret)) : NULL,
              P->loop};
    Var *again = pseudo_var(P, "again", ty_int, NULL);
    /* exit starts at EXIT_NONE in each trip; only a return reads it after
     * the loop, and only then is it carried. */
    if (L.retval) {
        a.vars = array_grow(a.vars, a.n, &a.cap, sizeof *a.vars);
        a.vars[a.n++] = L.exit;
        a.vars = array_grow(a.vars, a.n, &a.cap, sizeof *a.vars);
        a.vars[a.n++] = L.retval;
    }
    Inst *loop = ir_loop(&P->b);
    loop->loc = loc_of(P, s);
    carry(P, loop, &a);
    Block *outer = P->b.block;
    P->b.block = loop->body;
    P->depth++;
    assign(P, L.exit, ir_int(&P->b, ty_int, EXIT_NONE));
    Value *zero = ir_int(&P->b, ty_int, 0);
    if (kind == CXCursor_DoStmt) {
        lower_body(P, part[3], &L);
        Value *c = lower_expr(P, part[1]);
        if (leaves) {
            Value *normal = ir_op(&P->b, OP_LE, ty_int, L.exit->value,
                                  ir_int(&P->b, ty_int, EXIT_CONTINUE), NULL);
            c = ir_op(&P->b, OP_LAND, ty_int, normal, c, NULL);
        }
        assign(P, again, ir_op(&P->b, OP_NE, ty_int, c, ir_cast(&P->b, c->type, zero), NULL));
    } else {
        Value *c = clang_Cursor_isNull(part[1]) ? ir_int(&P->b, ty_int, 1) : lower_expr(P, part[1]);
        Inst *guard = ir_if(&P->b, c);
        Bindings before = save_bindings(P);
        P->b.block = guard->then;
        lower_body(P, part[3], &L);
        if (!clang_Cursor_isNull(part[2])) {
            if (leaves) {
                CXCursor *inc[2] = {&part[2], NULL};
                Value *normal = ir_op(&P->b, OP_LE, ty_int, L.exit->value,
                                      ir_int(&P->b, ty_int, EXIT_CONTINUE), NULL);
                P->loop = &L;
                lower_split(P, normal, inc, NULL, NULL, loc_of(P, part[2]));
                P->loop = L.outer;
            } else {
                lower_expr(P, part[2]);
            }
        }
        assign(P, again, leaves ? ir_op(&P->b, OP_LE, ty_int, L.exit->value,
                                        ir_int(&P->b, ty_int, EXIT_CONTINUE), NULL)
                                : ir_int(&P->b, ty_int, 1));
        Bindings after_then = save_bindings(P);
        restore_bindings(P, before);
        P->b.block = guard->els;
        assign(P, L.exit, ir_int(&P->b, ty_int, EXIT_BREAK));
        assign(P, again, ir_int(&P->b, ty_int, 0));
        Bindings after_else = save_bindings(P);
        P->b.block = loop->body;
        merge_bindings(P, guard, after_then, after_else);
    }
    P->depth--;
    vl_push(&loop->body->yields, again->value);
    for (int i = 0; i < a.n; i++)
        vl_push(&loop->body->yields, ir_cast(&P->b, a.vars[i]->type, a.vars[i]->value));
    P->b.block = outer;
    take_results(P, loop, &a);
    if (!has_return) {
        L.exit->value = ir_int(&P->b, ty_int, EXIT_NONE);
        return false;
    }
    /* A return inside: after the loop, return its value, or go on. */
    Value *returned = ir_op(&P->b, OP_EQ, ty_int, L.exit->value,
                            ir_int(&P->b, ty_int, EXIT_RETURN), NULL);
    CXCursor *none[2] = {NULL, NULL};
    *ret = lower_split(P, returned, none, L.retval->value, k, loc_of(P, s));
    return true;
}

/* ---- switch ---- */

/* The statements from one group of case labels to the next. */
typedef struct {
    long long *values;                       /* its case values */
    int nvalues, values_cap;
    bool is_default;
    CXCursor *stmts;
    int n, cap;
} Segment;

typedef struct {
    Segment *v;
    int n, cap;
} Segments;

static Segment *open_segment(Segments *segs) {
    Segment *last = segs->n ? &segs->v[segs->n - 1] : NULL;
    if (last && last->n == 0)
        return last;                         /* case 1: case 2: ... share one */
    segs->v = array_grow(segs->v, segs->n, &segs->cap, sizeof *segs->v);
    segs->v[segs->n] = (Segment){0};
    return &segs->v[segs->n++];
}

static Segments switch_segments(Parser *P, CXCursor body) {
    Segments segs = {0};
    CursorList kids = clang_getCursorKind(body) == CXCursor_CompoundStmt
                          ? children(body)
                          : (CursorList){&body, 1, 1};
    for (int i = 0; i < kids.n; i++) {
        CXCursor c = kids.v[i];
        Segment *seg = segs.n ? &segs.v[segs.n - 1] : NULL;
        for (;;) {
            enum CXCursorKind k = clang_getCursorKind(c);
            if (k != CXCursor_CaseStmt && k != CXCursor_DefaultStmt)
                break;
            CursorList parts = children(c);
            seg = open_segment(&segs);
            if (k == CXCursor_DefaultStmt) {
                seg->is_default = true;
            } else {
                CXEvalResult r = clang_Cursor_Evaluate(parts.v[0]);
                if (!r || clang_EvalResult_getKind(r) != CXEval_Int || parts.n != 2)
                    error_at(loc_of(P, c), "bpgen reads only case labels that are integer "
                             "constants (not GNU case ranges)");
                seg->values = array_grow(seg->values, seg->nvalues, &seg->values_cap,
                                         sizeof *seg->values);
                seg->values[seg->nvalues++] = clang_EvalResult_getAsLongLong(r);
                clang_EvalResult_dispose(r);
            }
            c = parts.v[parts.n - 1];
        }
        if (!seg)
            continue;                        /* before the first label: never runs */
        if (contains_own(c, CXCursor_CaseStmt) || contains_own(c, CXCursor_DefaultStmt))
            error_at(loc_of(P, c), "a case label inside a nested statement of a switch is not "
                     "supported; put every label at the top level of the switch body");
        seg->stmts = array_grow(seg->stmts, seg->n, &seg->cap, sizeof *seg->stmts);
        seg->stmts[seg->n++] = c;
    }
    return segs;
}

/* After a switch (in a loop) that both returns and continues: return, or
 * else continue, or else go on with the rest k. */
static void leave_switch_both(Parser *P, Loop *S, Cont *k, SrcLoc loc) {
    Value *is_return = ir_op(&P->b, OP_EQ, ty_int, S->exit->value,
                             ir_int(&P->b, ty_int, EXIT_RETURN), NULL);
    Block *outer = P->b.block;
    Inst *ifi = ir_if(&P->b, is_return);
    ifi->loc = loc;
    Bindings before = save_bindings(P), after[2];
    P->depth++;
    P->b.block = ifi->then;
    perform_return(P, S->retval->value);
    after[0] = save_bindings(P);
    restore_bindings(P, before);
    P->b.block = ifi->els;
    Value *is_continue = ir_op(&P->b, OP_EQ, ty_int, S->exit->value,
                               ir_int(&P->b, ty_int, EXIT_CONTINUE), NULL);
    CXCursor *none[2] = {NULL, NULL};
    lower_split_jump(P, is_continue, none, NULL, true, k, loc);
    after[1] = save_bindings(P);
    P->depth--;
    P->b.block = outer;
    merge_bindings(P, ifi, after[0], after[1]);
}

/* switch (e) with fall-through: m, the segment the value of e enters at,
 * then each segment i under `if (m <= i && exit == none)`.  break ends the
 * path through the switch; return and continue end it and leave after it. */
static bool lower_switch(Parser *P, CXCursor s, Cont *k, Value **ret) {
    CursorList kids = children(s);
    Value *e = lower_expr(P, kids.v[0]);
    CXCursor body = kids.v[kids.n - 1];
    Segments segs = switch_segments(P, body);
    bool has_return = contains(body, CXCursor_ReturnStmt);
    bool has_continue = contains_own(body, CXCursor_ContinueStmt);
    if (has_continue && !P->loop)
        error_at(loc_of(P, s), "'continue' in a switch outside a loop");
    Value *m = ir_int(&P->b, ty_int, segs.n);
    for (int i = segs.n; i-- > 0;)
        if (segs.v[i].is_default)
            m = ir_int(&P->b, ty_int, i);
    for (int i = segs.n; i-- > 0;)
        for (int j = segs.v[i].nvalues; j-- > 0;) {
            Value *c = ir_cast(&P->b, e->type, ir_int(&P->b, ty_int, segs.v[i].values[j]));
            Value *hit = ir_op(&P->b, OP_EQ, ty_int, e, c, NULL);
            m = ir_op(&P->b, OP_SELECT, ty_int, hit, ir_int(&P->b, ty_int, i), m);
        }
    if (!m->name)
        m->name = "entry";
    Loop S = {pseudo_var(P, "exit_kind", ty_int, ir_int(&P->b, ty_int, EXIT_NONE)),
              has_return ? pseudo_var(P, "retval", P->fn->ret, ir_undef(&P->b, P->fn->ret)) : NULL,
              P->loop};
    for (int i = 0; i < segs.n; i++) {
        Value *entered = ir_op(&P->b, OP_LE, ty_int, m, ir_int(&P->b, ty_int, i), NULL);
        Value *open = ir_op(&P->b, OP_EQ, ty_int, S.exit->value, ir_int(&P->b, ty_int, EXIT_NONE),
                            NULL);
        bool nothing_left = is_const(S.exit->value, EXIT_NONE);
        Value *runs = nothing_left ? entered : ir_op(&P->b, OP_LAND, ty_int, entered, open, NULL);
        Block *outer = P->b.block;
        Inst *ifi = ir_if(&P->b, runs);
        ifi->loc = loc_of(P, segs.v[i].stmts[0]);
        Bindings before = save_bindings(P);
        P->b.block = ifi->then;
        Loop *saved = P->loop;
        P->loop = &S;
        P->depth++;
        lower_rest(P, &(Cont){segs.v[i].stmts, segs.v[i].n, 0, NULL});
        P->depth--;
        P->loop = saved;
        Bindings after = save_bindings(P);
        restore_bindings(P, before);
        P->b.block = outer;
        merge_bindings(P, ifi, after, before);
    }
    if (!has_return && !has_continue)
        return false;
    CXCursor *none[2] = {NULL, NULL};
    if (has_return && has_continue) {
        *ret = NULL;
        leave_switch_both(P, &S, k, loc_of(P, s));
        return true;
    }
    Value *left = ir_op(&P->b, OP_EQ, ty_int, S.exit->value,
                        ir_int(&P->b, ty_int, has_return ? EXIT_RETURN : EXIT_CONTINUE), NULL);
    *ret = lower_split_jump(P, left, none, has_return ? S.retval->value : NULL, has_continue, k,
                            loc_of(P, s));
    return true;
}

static bool lower_loop(Parser *P, CXCursor s, Cont *k, Value **ret) {
    if (clang_getCursorKind(s) == CXCursor_ForStmt) {
        CXCursor part[4];
        Counted c;
        for_parts(P, s, part);
        if (is_counted(P, part, &c)) {
            lower_counted_for(P, s, part, &c);
            return false;
        }
    }
    return lower_general_loop(P, s, k, ret);
}

/* What to say about a statement bpgen does not differentiate yet. */
static const char *unsupported_stmt(enum CXCursorKind k) {
    switch (k) {
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
        if (P->fn->returns_void) {
            if (kids.n)
                lower_expr(P, kids.v[0]);
            *ret = perform_return(P, ir_int(&P->b, ty_int, 0));
            return true;
        }
        if (!kids.n)
            error_at(loc_of(P, s), "'return' without a value in a function that returns '%s'",
                     P->fn->ret->spelling);
        *ret = perform_return(P, ir_cast(&P->b, P->fn->ret, lower_expr(P, kids.v[0])));
        return true;
    }
    case CXCursor_BreakStmt:
    case CXCursor_ContinueStmt:
        if (!P->loop)
            error_at(loc_of(P, s), "'%s' outside a loop is not supported; write the control "
                     "flow with if/else", kind == CXCursor_BreakStmt ? "break" : "continue");
        if (P->loop->exit)
            assign(P, P->loop->exit, ir_int(&P->b, ty_int, kind == CXCursor_BreakStmt
                                                                ? EXIT_BREAK
                                                                : EXIT_CONTINUE));
        *ret = NULL;
        return true;
    case CXCursor_ForStmt:
    case CXCursor_WhileStmt:
    case CXCursor_DoStmt:
        return lower_loop(P, s, k, ret);
    case CXCursor_SwitchStmt:
        return lower_switch(P, s, k, ret);
    case CXCursor_IfStmt: {
        CursorList kids = children(s);
        if (kids.n < 2 || !clang_isExpression(clang_getCursorKind(kids.v[0])))
            error_at(loc_of(P, s), "this form of 'if' is not supported");
        if (!ends_early(P, s)) {
            lower_plain_if(P, s, kids);
            return false;
        }
        CXCursor *branch[2] = {&kids.v[1], kids.n > 2 ? &kids.v[2] : NULL};
        *ret = lower_split(P, lower_expr(P, kids.v[0]), branch, NULL, k, loc_of(P, s));
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
            if (has_floating(p->type))
                p->varied = f->named[i] = any = true;
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
            if (streq(f->params.v[i]->name, name)) {
                p = f->params.v[i];
                f->named[i] = true;
            }
        if (!p) {
            char *known = "";
            for (int i = 0; i < f->params.len; i++)
                known = format("%s%s'%s'", known, i ? ", " : "", f->params.v[i]->name);
            error_at(loc_of(P, attr), "BP_GRAD names '%s', which is not a parameter of '%s' "
                     "(its parameters: %s)", name, f->name, *known ? known : "none");
        }
        if (!has_floating(p->type))
            error_at(loc_of(P, attr), "BP_GRAD names '%s', which has type '%s'; gradients exist "
                     "only for float and double parameters, and pointers, arrays and structs "
                     "of them", name, p->type->spelling);
        if (p->varied)
            error_at(loc_of(P, attr), "BP_GRAD names '%s' twice", name);
        p->varied = true;
    }
}

/* Lowers the body of function fn into f, whose parameters it creates. */
static void begin_function(Parser *P, Func *f, CXCursor fn) {
    P->fn = f;
    P->fn_cursor = fn;
    P->b = (Builder){f, f->body, f->loc, false};
    P->nvars = 0;
    P->map_cap = 0;
    P->map = NULL;
    P->hoisted = NULL;
    P->depth = 0;
    P->loop = NULL;
    /* A void function returns an int nobody reads, internally. */
    f->returns_void = f->ret->kind == TY_VOID;
    if (f->returns_void)
        f->ret = ty_int;
    int n = clang_Cursor_getNumArguments(fn);
    if (n > PARAMS_MAX)
        error_at(loc_of(P, fn), "'%s' has %d parameters, and bpgen handles at most %d (C promises "
                 "127): pass them in an array or a struct", f->name, n, PARAMS_MAX);
    for (int i = 0; i < n; i++) {
        CXCursor pc = clang_Cursor_getArgument(fn, (unsigned)i);
        const char *pname = str(clang_getCursorSpelling(pc));
        if (!*pname)
            pname = format("unnamed%d", i);
        Type *t = convert_type(P, clang_getCursorType(pc), pc, format("parameter '%s'", pname));
        Value *v = new_param(f, t, pname);
        add_var(P, pc, pname, t, v);
    }
    f->named = new_array(bool, f->params.len);
}

static void lower_statements(Parser *P, CXCursor fn) {
    Func *f = P->fn;
    CXCursor body = clang_getNullCursor();
    CursorList kids = children(fn);
    for (int i = 0; i < kids.n; i++)
        if (clang_getCursorKind(kids.v[i]) == CXCursor_CompoundStmt)
            body = kids.v[i];
    CursorList stmts = children(body);
    Value *r = lower_rest(P, &(Cont){stmts.v, stmts.n, 0, NULL});
    if (!r && f->returns_void)
        r = ir_int(&P->b, ty_int, 0);
    if (!r)
        error_at(loc_of(P, fn), "'%s' can reach the end of its body without returning a value; "
                 "every path of a function bpgen differentiates must return", f->name);
    /* The returned value is named after the function, as in f = q * z. */
    if (!r->name && r->def && r->def->op != OP_CONST && r->def->op != OP_PARAM)
        r->name = f->name;
    vl_push(&f->body->yields, r);
}

static void lower_function(Parser *P, CXCursor fn, CXCursor attr, const char *list) {
    const char *name = str(clang_getCursorSpelling(fn));
    Type *ret = result_type(P, fn, name);
    if (!is_floating(ret))
        error_at(loc_of(P, fn), "BP_GRAD function '%s' returns '%s'; it must return float or "
                 "double, the value whose gradient bpgen computes", name, ret->spelling);
    if (clang_isFunctionTypeVariadic(clang_getCursorType(fn)))
        error_at(loc_of(P, fn), "BP_GRAD function '%s' is variadic, which bpgen does not support",
                 name);
    Func *f = new_func(name, ret);
    f->loc = loc_of(P, fn);
    f->grad_params = arena_strdup(list);
    begin_function(P, f, fn);
    mark_active(P, attr, list);
    lower_statements(P, fn);
    Program *prog = P->prog;
    prog->funcs = array_grow(prog->funcs, prog->nfuncs, &prog->funcs_cap, sizeof *prog->funcs);
    prog->funcs[prog->nfuncs++] = f;
}

/* The functions of the model that the BP_GRAD ones call, and those they
 * call in turn, each lowered once. */
static void lower_callees(Parser *P) {
    for (int i = 0; i < P->ncallees; i++) {
        Callee *c = &P->callees[i];
        if (c->lowered)
            continue;
        c->lowered = true;
        begin_function(P, c->fn, c->def);
        lower_statements(P, c->def);
    }
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

/* BP_ADJOINT(f, f_adj) is _Static_assert(1, "bpgen adjoint f f_adj"). */
static void note_adjoint(Parser *P, CXCursor c) {
    CursorList kids = expr_children(c);
    for (int i = 0; i < kids.n; i++) {
        if (clang_getCursorKind(kids.v[i]) != CXCursor_StringLiteral)
            continue;
        char f[256], adj[256];
        const char *text = str(clang_getCursorSpelling(kids.v[i]));
        if (sscanf(text, "\"bpgen adjoint %255s %255[^\"]\"", f, adj) != 2)
            continue;
        P->adjoints = array_grow(P->adjoints, P->nadjoints, &P->adjoints_cap, sizeof *P->adjoints);
        P->adjoints[P->nadjoints++] = arena_strdup(f);
        P->adjoints = array_grow(P->adjoints, P->nadjoints, &P->adjoints_cap, sizeof *P->adjoints);
        P->adjoints[P->nadjoints++] = arena_strdup(adj);
    }
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

/* Each file of the translation unit, once: what the output depends on. */
static void note_file(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data) {
    (void)stack;
    (void)depth;
    Program *prog = data;
    const char *name = str(clang_getFileName(file));
    for (int i = 0; i < prog->nfiles; i++)
        if (streq(prog->files[i], name))
            return;
    prog->files = array_grow(prog->files, prog->nfiles, &prog->files_cap, sizeof *prog->files);
    prog->files[prog->nfiles++] = name;
}

/* A model that cannot be read is an I/O error (status 2), not an error
 * in the model: say so before clang says something vaguer. */
static void check_readable(const char *path) {
    struct stat st;
    FILE *probe = fopen(path, "rb");
    const char *why = !probe ? strerror(errno)
                      : stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? "it is a directory"
                                                                             : NULL;
    if (probe)
        fclose(probe);
    if (why) {
        diag_print((SrcLoc){path, 0, 0}, "error", format("cannot read the model file: %s", why));
        exit(EXIT_USAGE);
    }
}

Program *parse_program(ParseOptions *opts) {
    Program *prog = arena_alloc(sizeof *prog);
    prog->input = opts->input;
    check_readable(opts->input);

    CXIndex index = clang_createIndex(0, 0);
    Parser P = {.prog = prog};
    enum CXErrorCode rc = clang_parseTranslationUnit2(
        index, opts->input, opts->clang_args, opts->nclang_args, NULL, 0,
        CXTranslationUnit_DetailedPreprocessingRecord | CXTranslationUnit_KeepGoing, &P.tu);
    if (rc != CXError_Success || !P.tu)
        error_at((SrcLoc){opts->input, 0, 0}, "clang could not parse the model (error %d)", (int)rc);
    if (report_clang_errors(&P))
        exit(EXIT_INPUT);

    clang_getInclusions(P.tu, note_file, prog);
    CursorList top = children(clang_getTranslationUnitCursor(P.tu));
    for (int i = 0; i < top.n; i++)
        if (clang_getCursorKind(top.v[i]) == CXCursor_StaticAssert)
            note_adjoint(&P, top.v[i]);
    for (int i = 0; i < top.n; i++)
        visit_top(&P, top.v[i]);
    lower_callees(&P);
    if (prog->nfuncs == 0)
        error_at((SrcLoc){opts->input, 0, 0}, "no function is marked BP_GRAD; write "
                 "'BP_GRAD(x, y)' before a function definition (with #include <bpgen.h>)");
    /* The tree stays alive: locations and names are already copied. */
    clang_disposeTranslationUnit(P.tu);
    clang_disposeIndex(index);
    return prog;
}

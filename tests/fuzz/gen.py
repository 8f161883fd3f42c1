#!/usr/bin/env python3
"""gen.py: the seeded generator of random differentiable C programs.

In: a seed.  Out: a Program, the text of a `model.c` (helpers and a
`BP_GRAD` function `model`) and its meta: the precision, the array length n,
and each parameter's kind and whether BP_GRAD names it, from which
oracle.py writes the test harness.  The same seed gives the same program on
every machine (the standard library's `random.Random(seed)` only).

Key idea: every program is differentiable wherever the oracle samples it,
except at the places the oracle can see.  Math functions are fed through
guards that keep them smooth on the whole real line (`sqrt(1 + e * e)`,
`log(1 + e * e)`, a division by `1.5 + sin(e)`, `asin(0.9 * tanh(e))`);
every comparison of real values is wrapped in `FZ_T(...)`, and the
functions with kinks or jumps (fabs, fmax, fmin, floor, fmod) are hooked by
the harness, so that the oracle records which way each ran and skips finite
differences and Taylor steps that cross a switch.  In model.c `FZ_T(c)` is
`(c)`, so bpgen sees plain C.

The programs use the language bpgen supports: expressions over math.h,
locals reassigned, if/else chains and `?:`, for/while/do loops with break
and continue, switch with fall-through, return anywhere, parameter arrays
read and written (a written one is an output), local arrays, VLAs, malloc
and calloc buffers, pointer offsets, calls to generated helpers (scalar,
reading an array, writing an array, taking a struct), a struct parameter by
pointer (an array, a scalar, a pointer and an int member) and a small struct
by value.  They avoid bpgen's documented limitations: buffers and VLAs are
allocated only at the top level of the function, before any return, break
or continue; case labels sit at the top level of their switch; a struct is
initialized only with `= {0}`; arrays of arrays, unions, goto and function
pointers never appear.

Run `python3 gen.py SEED` to print a program and `--meta` to add its meta.
"""
import json
import random
import sys

# ---- the values statements work on ----


class Var:
    """A real scalar: a local, a parameter, or a struct member (`p->b`)."""

    def __init__(self, name, writable=True, ftype=False):
        self.name = name          # the C lvalue
        self.writable = writable  # may be assigned
        self.ftype = ftype        # declared float in a double function
        self.used = False         # read somewhere (else it is added to a sum)


class Arr:
    """A real array: its C name (`x`, `p->w`, `u3`), length and writability."""

    def __init__(self, name, length, writable, heap=False, ftype=False):
        self.name = name          # the C expression of its first element's address
        self.length = length      # 'n', 'n-1', 'm' (a helper's length) or an int
        self.writable = writable  # elements may be stored
        self.heap = heap          # a malloc/calloc buffer (freed before returns)
        self.ftype = ftype        # float elements in a double function
        self.used = False         # read somewhere


class Index:
    """A loop counter: kind 'full' ranges over [0, length), 'inner' over
    [1, length - 1), 'trip' counts a while loop's trips (1 and up).  Its
    type is int, or the ctype of a for loop counting up from 0 (unsigned,
    unsigned long, long, short, signed char, unsigned char, unsigned
    short), which a comparison with another counter avoids
    (-Wsign-compare).  An int counter from 0 may be compared as unsigned,
    `(unsigned)i < (unsigned)n`."""

    def __init__(self, name, kind, length, ctype='int'):
        self.name = name
        self.kind = kind
        self.length = length
        self.ctype = ctype


class Scope:
    """What a statement may use: the scalars, arrays and counters in sight,
    and those this block declared (which it must use before it closes)."""

    def __init__(self, parent=None):
        self.scalars = list(parent.scalars) if parent else []
        self.arrays = list(parent.arrays) if parent else []
        self.ints = list(parent.ints) if parent else []
        self.own_scalars = []
        self.own_arrays = []


class Func:
    """The function being written: its name, whether it returns a value,
    its accumulators, heap buffers, statement budget, and whether an early
    exit has been written (after which bpgen allows no allocation)."""

    def __init__(self, name, returns, budget, is_model):
        self.name = name
        self.returns = returns    # True: returns a real; False: void
        self.acc = []             # accumulator Vars; acc[0] collects leftovers
        self.heap = []            # names of malloc/calloc buffers
        self.budget = budget      # statements left to write
        self.exited = False       # a return/break/continue has been written
        self.is_model = is_model
        self.size = 'n'           # an int parameter (or constant) in sight


class Helper:
    """A generated function the model (or a later helper) may call."""

    def __init__(self, name, kind):
        self.name = name
        self.kind = kind          # 'scalar', 'reduce', 'write', 'inplace', 'layer', 'pair', 'rec'


# ---- the generator ----

MATH_UNARY = ['sin', 'cos', 'tanh', 'atan', 'erf']


class Gen:
    """One program: a seed, the precision, n, the structs, the helpers and
    the model, written as lines of C."""

    def __init__(self, seed):
        self.seed = seed
        r = self.r = random.Random(seed)
        self.mode = r.choices(['double', 'float', 'mixed'], [0.74, 0.13, 0.13])[0]
        self.rt = 'float' if self.mode == 'float' else 'double'
        self.sfx = 'f' if self.mode == 'float' else ''
        self.n = r.randint(3, 6)
        self.count = 0
        self.layer = None         # the pointer struct: dict(k, z, int member), or None
        self.pair = None          # the by-value struct's C type name, or None
        self.helpers = []
        self.pairs_in_sight = []  # the model's pair structs: q and locals
        self.fn = None

    # -- names and literals --

    def fresh(self, prefix):
        self.count += 1
        return '%s%d' % (prefix, self.count)

    def lit(self, lo=-2.0, hi=2.0):
        """A literal of the function's precision, e.g. `0.37` or `(-1.20f)`."""
        s = '%.2f' % self.r.uniform(lo, hi)
        if s in ('0.00', '-0.00'):
            s = '0.25'
        s += self.sfx
        return '(' + s + ')' if s.startswith('-') else s

    def num(self, text):
        """A fixed literal in the function's precision."""
        return text + self.sfx

    def m(self, f, *args):
        """A call of a math.h function in the function's precision."""
        return '%s%s(%s)' % (f, self.sfx, ', '.join(args))

    def size_name(self):
        """An int parameter in sight: n in the model, else the helper's
        first int parameter (m or k), else a constant."""
        return self.fn.size

    @staticmethod
    def length_expr(length):
        return {'n': 'n', 'n-1': '(n - 1)'}.get(length, str(length))

    @staticmethod
    def min_length(length):
        """The least value a length takes: n >= 3, and a helper's m >= 2."""
        return {'n': 3, 'n-1': 2, 'm': 2}.get(length, length)

    # -- expressions --

    def index(self, sc, arr):
        """An index into arr that is in bounds for every n >= 3."""
        r = self.r
        L, Le = arr.length, self.length_expr(arr.length)
        cands = []
        for v in sc.ints:
            if v.kind == 'full' and v.length == L:
                cands += [v.name] * 3 + ['%s - 1 - %s' % (Le, v.name)]
            if v.kind == 'inner' and v.length == L:
                cands += [v.name] * 2 + ['%s - 1' % v.name, '%s + 1' % v.name]
            if v.kind == 'inner' and L == 'n-1' and v.length == 'n':
                cands += [v.name, '%s - 1' % v.name]
            cands.append('(%s + %d) %% %s' % (v.name, r.randint(0, 3), Le))
            if r.random() < 0.3:
                cands.append('(%s * %d + %d) %% %s' % (v.name, r.randint(2, 3), r.randint(0, 2), Le))
        if len(sc.ints) >= 2 and r.random() < 0.5:
            a, b = r.sample(sc.ints, 2)
            cands.append('(%s + %s) %% %s' % (a.name, b.name, Le))
        if not cands or r.random() < 0.2:
            cands.append(str(r.randrange(min(self.min_length(L), 3))))
        return r.choice(cands)

    def read(self, sc, arr):
        arr.used = True
        return '%s[%s]' % (arr.name, self.index(sc, arr))

    def scalar_read(self, sc):
        v = self.r.choice(sc.scalars)
        v.used = True
        return v.name

    def leaf(self, sc):
        """A variable, an array element, a scaled counter or a literal."""
        r = self.r
        k = r.random()
        if k < 0.35 and sc.scalars:
            name = self.scalar_read(sc)
            return self.m(r.choice(['sin', 'tanh']), name) if r.random() < 0.3 else name
        if k < 0.75 and sc.arrays:
            return self.read(sc, r.choice(sc.arrays))
        if k < 0.82 and sc.ints:
            return '%s * (%s)%s' % (self.lit(0.05, 0.5), self.rt, r.choice(sc.ints).name)
        if k < 0.86 and self.fn.is_model:
            return '%s * (%s)n' % (self.lit(0.05, 0.4), self.rt)
        return self.lit()

    def expr(self, sc, d):
        """A real expression of depth at most d, smooth except where traced."""
        r = self.r
        if d <= 0 or r.random() < 0.2:
            return self.leaf(sc)
        e = lambda: self.expr(sc, d - 1)
        k = r.choices(['add', 'mul', 'div', 'unary', 'exp', 'sqrt', 'log', 'ternary', 'scale',
                       'sub', 'more', 'kink', 'call'],
                      [3, 2, 1, 1.5, 1, 0.7, 0.7, 1, 1, 1, 2.5, 0.6, 1.2 if self.helpers else 0])[0]
        if k == 'add':
            return '(%s %s %s)' % (e(), r.choice(['+', '-', '+']), e())
        if k == 'mul':
            return '%s * %s' % (paren(e()), paren(e()))
        if k == 'div':
            b = e()
            if r.random() < 0.5:
                return '%s / (%s + %s)' % (paren(e()), self.num('1.5'), self.m('sin', b))
            return '%s / (%s + %s * %s)' % (paren(e()), self.num('1.0'), paren(b), paren(b))
        if k == 'unary':
            return self.m(r.choice(MATH_UNARY), e())
        if k == 'exp':
            if r.random() < 0.5:
                return self.m('exp', '%s * %s' % (self.num('0.5'), self.m(r.choice(['sin', 'tanh', 'cos']), e())))
            return self.m('exp', self.m('sin', e()))
        if k == 'sqrt':
            b = paren(e())
            return self.m('sqrt', '%s + %s * %s' % (self.num('1.0'), b, b))
        if k == 'log':
            b = paren(e())
            return self.m('log', '%s + %s * %s' % (self.num('1.0'), b, b))
        if k == 'ternary':
            return '(%s ? %s : %s)' % (self.cond(sc, d - 1), e(), e())
        if k == 'scale':
            return '%s * %s' % (self.lit(), paren(e()))
        if k == 'more':
            return self.more_math(e)
        if k == 'kink':
            return self.kink_math(e)
        if k == 'call':
            return self.call_expr(sc)
        return '(%s - %s)' % (e(), e())

    def more_math(self, e):
        """The rest of math.h, each guarded to be smooth everywhere."""
        r, m, num = self.r, self.m, self.num
        k = r.randrange(16)
        if k == 0:
            return m('hypot', e(), num('1.0'))
        if k == 1:
            b = paren(e())
            return m('log1p', '%s * %s' % (b, b))
        if k == 2:
            return m('log2', '%s + %s' % (num('1.5'), m('sin', e())))
        if k == 3:
            b = paren(e())
            return m('log10', '%s + %s * %s' % (num('2.0'), b, b))
        if k == 4:
            return m('cbrt', '%s + %s' % (num('2.0'), m('sin', e())))
        if k == 5:
            return m('pow', '%s + %s' % (num('1.5'), m('sin', e())),
                     '%s + %s * %s' % (num('1.5'), num('0.5'), m('tanh', e())))
        if k == 6:
            return m('pow', e(), r.choice([num('2.0'), num('3.0')]))
        if k == 7:
            return m(r.choice(['sinh', 'cosh']), m('tanh', e()))
        if k == 8:
            return m('atan2', e(), '%s + %s' % (num('1.5'), m('sin', e())))
        if k == 9:
            return m('fma', e(), e(), e())
        if k == 10:
            return m(r.choice(['asin', 'acos']), '%s * %s' % (num('0.9'), m('tanh', e())))
        if k == 11:
            return m('tan', '%s * %s' % (num('0.5'), m('sin', e())))
        if k == 12:
            return m('expm1', '%s * %s' % (num('0.5'), m('tanh', e())))
        if k == 13:
            return m('exp2', m('sin', e()))
        if k == 14:
            b = paren(e())
            return m('exp', '-%s * %s' % (b, b))
        return m('erfc', e())

    def kink_math(self, e):
        """Functions with kinks or jumps; the harness hooks them to record
        which side each call took."""
        r = self.r
        k = r.randrange(4)
        if k == 0:
            return self.m('fabs', e())
        if k == 1:
            return self.m(r.choice(['fmax', 'fmin']), e(), e())
        if k == 2:
            return '%s * %s' % (self.num('0.25'), self.m('floor', '%s * %s' % (self.num('2.0'), paren(e()))))
        return self.m('fmod', e(), self.num('1.7'))

    def call_expr(self, sc):
        """A call of a helper that returns a value."""
        r = self.r
        cands = [h for h in self.helpers if h.kind in ('scalar', 'reduce', 'rec')
                 or (h.kind == 'layer' and self.layer_in(sc))
                 or (h.kind == 'pair' and self.pair_args(sc))]
        if not cands:
            return self.leaf(sc)
        h = r.choice(cands)
        e = lambda: self.expr(sc, 1)
        if h.kind == 'scalar':
            return '%s(%s, %s)' % (h.name, e(), e())
        if h.kind == 'rec':
            return '%s(%s, %d)' % (h.name, e(), r.randint(0, 3))
        if h.kind == 'reduce':
            arrs = [a for a in sc.arrays if not a.ftype]
            if not arrs:
                return self.leaf(sc)
            arr = r.choice(arrs)
            arr.used = True
            return '%s(%s, %s, %s)' % (h.name, arr.name, self.length_expr(arr.length), e())
        if h.kind == 'layer':
            return '%s(%s, %s)' % (h.name, self.layer_in(sc), e())
        return '%s(%s, %s)' % (h.name, r.choice(self.pair_args(sc)), e())

    def layer_in(self, sc):
        """The struct pointer in sight, if any (only the model has one)."""
        return 'p' if self.layer and self.fn.is_model else None

    def pair_args(self, sc):
        """The pair structs in sight: the parameter q and local pairs."""
        return self.pairs_in_sight if self.fn.is_model else []

    def cond(self, sc, d=1):
        """A condition: a traced comparison of reals, an integer test, or a
        combination with && || !."""
        r = self.r
        k = r.random()
        if k < 0.6:
            return self.real_cond(sc, d)
        if k < 0.8:
            return self.int_cond(sc)
        a = self.real_cond(sc, d) if r.random() < 0.7 else self.int_cond(sc)
        b = self.real_cond(sc, d) if r.random() < 0.5 else self.int_cond(sc)
        c = '(%s) %s (%s)' % (a, r.choice(['&&', '||']), b)
        return '!(%s)' % c if r.random() < 0.15 else c

    def real_cond(self, sc, d):
        op = self.r.choice(['<', '>', '<=', '>='])
        return 'FZ_T(%s %s %s)' % (self.expr(sc, max(d, 0)), op, self.lit(-1, 1))

    def int_cond(self, sc):
        r = self.r
        if not sc.ints:
            return '%s > %d' % (self.size_name(), r.randint(2, 5))
        v = r.choice(sc.ints)
        k = r.randrange(4)
        if k == 0:
            return '%s %% 2 == %d' % (v.name, r.randint(0, 1))
        if k == 1:
            return '%s == %d' % (v.name, r.randint(0, 3))
        if k == 2 and len(sc.ints) >= 2:
            a, b = r.sample(sc.ints, 2)
            if a.ctype == b.ctype:
                return '%s %s %s' % (a.name, r.choice(['<', '>', '==', '!=']), b.name)
        return '%s > %d' % (v.name, r.randint(0, 3))

    # -- statements --

    def emit(self, out, ind, s):
        out.append('    ' * ind + s)

    def block(self, sc, ind, ctx, nmin=1, nmax=3):
        out = []
        for _ in range(self.r.randint(nmin, nmax)):
            self.stmt(sc, ind, ctx, out)
        self.close_scope(sc, ind, out)
        return out

    def close_scope(self, sc, ind, out):
        """Use every local this block declared and never read, so that no
        variable is set but unused."""
        acc = self.fn.acc[0]
        for v in sc.own_scalars:
            if not v.used:
                self.emit(out, ind, '%s += %s;' % (acc.name, v.name))
                v.used = True
        for a in sc.own_arrays:
            if not a.used:
                self.emit(out, ind, '%s += %s[%d];' % (acc.name, a.name, self.r.randrange(2)))
                a.used = True

    def writable_scalar(self, sc):
        return self.r.choice([v for v in sc.scalars if v.writable])

    def assign(self, sc, ind, out, d=2):
        r, num = self.r, self.num
        v = self.writable_scalar(sc)
        e = self.expr(sc, d)
        cast = '(float)' if v.ftype else ''
        forms = ['%(v)s = %(c)s%(pe)s;', '%(v)s += %(e)s;',
                 '%(v)s *= %(p9)s + %(p1)s * %(tanh)s;', '%(v)s = %(c)s(%(h)s * %(v)s + %(e)s);',
                 '%(v)s -= %(pe)s;', '%(v)s = %(c)s%(tanhv)s;', '%(v)s += %(l)s * %(pe)s;']
        if r.random() < 0.08:
            self.emit(out, ind, r.choice(['%s++;', '--%s;']) % v.name)
            return
        self.emit(out, ind, r.choice(forms) % dict(
            v=v.name, e=e, pe=paren(e), c=cast, p9=num('0.9'), p1=num('0.1'), h=num('0.5'),
            tanh=self.m('tanh', e), tanhv=self.m('tanh', '%s + %s' % (v.name, e)), l=self.lit()))

    def store(self, sc, ind, out):
        """A store into a writable array element."""
        r, num = self.r, self.num
        arrs = [a for a in sc.arrays if a.writable]
        if not arrs:
            return self.assign(sc, ind, out)
        a = r.choice(arrs)
        ref = '%s[%s]' % (a.name, self.index(sc, a))
        e = self.expr(sc, 2)
        k = r.randrange(5)
        if k == 0:
            s = '%s = %s;' % (ref, e)
        elif k == 1:
            s = '%s += %s;' % (ref, e)
        elif k == 2:
            s = '%s *= %s + %s * %s;' % (ref, num('0.8'), num('0.2'), self.m('cos', e))
        elif k == 3:
            s = '%s = %s * %s + %s;' % (ref, ref, num('0.5'), self.m('sin', e))
        else:
            s = '%s = %s;' % (ref, self.m('tanh', '%s * %s + %s' % (ref, paren(self.leaf(sc)), e)))
        self.emit(out, ind, s)

    def free_heap(self, ind, out):
        for h in self.fn.heap:
            self.emit(out, ind, 'free(%s);' % h)

    def result_expr(self, sc):
        return '%s + %s' % (self.fn.acc[0].name, self.expr(sc, 2))

    def stmt(self, sc, ind, ctx, out):
        """One statement, chosen by weight among those allowed here."""
        r = self.r
        fn = self.fn
        fn.budget -= 1
        can_nest = fn.budget > 0 and ctx['depth'] < 3
        can_branch = fn.budget > 0 and ctx['ifd'] < 3
        w = {
            'assign': 5, 'store': 4, 'temp': 1.5,
            'if': 2 if can_branch else 0,
            'for': 3 if can_nest else 0,
            'while': 1 if can_nest else 0,
            'do': 1 if can_nest else 0,
            'switch': (0.05 if ctx['insw'] else 1) if can_branch else 0,
            'break': 1.5 if ctx['brk'] else 0,
            'continue': 1.0 if ctx['loop'] else 0,
            'return': (0.7 if (ctx['loop'] or ctx['ifd']) else 0.1) if fn.returns else 0,
            'array': 0.8 if ctx['depth'] < 3 else 0,
            'ftemp': 1 if self.mode == 'mixed' else 0,
            'callst': 1.0 if self.writer_helpers() else 0,
        }
        kind = r.choices(list(w), list(w.values()))[0]
        getattr(self, 'stmt_' + kind)(sc, ind, ctx, out)

    def stmt_assign(self, sc, ind, ctx, out):
        self.assign(sc, ind, out)

    def stmt_store(self, sc, ind, ctx, out):
        self.store(sc, ind, out)

    def stmt_temp(self, sc, ind, ctx, out, ftype=False):
        name = self.fresh('t')
        e = self.expr(sc, 2)
        if ftype:
            self.emit(out, ind, 'float %s = (float)%s;' % (name, paren(e)))
        else:
            self.emit(out, ind, '%s %s = %s;' % (self.rt, name, e))
        v = Var(name, ftype=ftype)
        sc.scalars.append(v)
        sc.own_scalars.append(v)

    def stmt_ftemp(self, sc, ind, ctx, out):
        self.stmt_temp(sc, ind, ctx, out, ftype=True)

    def stmt_if(self, sc, ind, ctx, out):
        r = self.r
        self.emit(out, ind, 'if (%s) {' % self.cond(sc, 1))
        nctx = dict(ctx, ifd=ctx['ifd'] + 1)
        out += self.block(Scope(sc), ind + 1, nctx)
        if r.random() < 0.5:
            if r.random() < 0.3:
                self.emit(out, ind, '} else if (%s) {' % self.cond(sc, 1))
                out += self.block(Scope(sc), ind + 1, nctx)
            self.emit(out, ind, '} else {')
            out += self.block(Scope(sc), ind + 1, nctx)
        self.emit(out, ind, '}')

    def stmt_break(self, sc, ind, ctx, out):
        self.fn.exited = True
        if self.r.random() < 0.5:
            self.emit(out, ind, 'if (%s) break;' % self.cond(sc, 1))
        else:
            self.emit(out, ind, 'if (%s) {' % self.cond(sc, 1))
            self.assign(sc, ind + 1, out)
            self.emit(out, ind + 1, 'break;')
            self.emit(out, ind, '}')

    def stmt_continue(self, sc, ind, ctx, out):
        self.fn.exited = True
        if self.r.random() < 0.5:
            self.emit(out, ind, 'if (%s) continue;' % self.cond(sc, 1))
        else:
            self.emit(out, ind, 'if (%s) {' % self.cond(sc, 1))
            self.store(sc, ind + 1, out)
            self.emit(out, ind + 1, 'continue;')
            self.emit(out, ind, '}')

    def stmt_return(self, sc, ind, ctx, out):
        self.fn.exited = True
        self.emit(out, ind, 'if (%s) {' % self.cond(sc, 1))
        if self.r.random() < 0.3:
            self.assign(sc, ind + 1, out)
        if self.fn.heap:
            rv = self.fresh('r')
            self.emit(out, ind + 1, '%s %s = %s;' % (self.rt, rv, self.result_expr(sc)))
            self.free_heap(ind + 1, out)
            self.emit(out, ind + 1, 'return %s;' % rv)
        else:
            self.emit(out, ind + 1, 'return %s;' % self.result_expr(sc))
        self.emit(out, ind, '}')

    def stmt_array(self, sc, ind, ctx, out):
        top = ctx['depth'] == 0 and ctx['ifd'] == 0 and self.fn.is_model and not self.fn.exited
        self.local_array(sc, ind, out, allocate=top)

    def stmt_callst(self, sc, ind, ctx, out):
        """A call of a helper that writes an array: in place, or from another
        array of the same length."""
        r = self.r
        h = r.choice(self.writer_helpers())
        dsts = [a for a in sc.arrays if a.writable and not a.ftype]
        if not dsts:
            return self.assign(sc, ind, out)
        dst = r.choice(dsts)
        Le = self.length_expr(dst.length)
        e = self.expr(sc, 1)
        srcs = [a for a in sc.arrays if a is not dst and a.length == dst.length and not a.ftype]
        if h.kind == 'inplace' or not srcs:
            h = r.choice([g for g in self.writer_helpers() if g.kind == 'inplace'] or [None])
            if h is None:
                return self.assign(sc, ind, out)
            self.emit(out, ind, '%s(%s, %s, %s);' % (h.name, dst.name, Le, e))
            return
        src = r.choice(srcs)
        src.used = True
        self.emit(out, ind, '%s(%s, %s, %s, %s);' % (h.name, dst.name, src.name, Le, e))

    def writer_helpers(self):
        return [h for h in self.helpers if h.kind in ('write', 'inplace')]

    def local_array(self, sc, ind, out, allocate):
        """A local array: fixed size anywhere; a VLA, malloc or calloc buffer,
        or a pointer into an array, only where allocate says bpgen allows
        it (the function's top level, before any early exit)."""
        r = self.r
        name = self.fresh('u')
        ty = 'float' if (self.mode == 'mixed' and r.random() < 0.5) else self.rt
        k = r.random() if allocate else r.random() * 0.5
        if k < 0.25:
            K = r.randint(2, 7)
            self.emit(out, ind, '%s %s[%d] = {0};' % (ty, name, K))
            a = Arr(name, K, True, ftype=ty != self.rt)
        elif k < 0.5:
            K = r.randint(2, 7)
            self.emit(out, ind, '%s %s[%d];' % (ty, name, K))
            a = Arr(name, K, True, ftype=ty != self.rt)
            self.fill(sc, ind, out, a, ty)
        elif k < 0.7:
            self.emit(out, ind, '%s %s[n];' % (ty, name))
            a = Arr(name, 'n', True, ftype=ty != self.rt)
            self.fill(sc, ind, out, a, ty)
        elif k < 0.88:
            name = self.fresh('h')
            if r.random() < 0.5:
                self.emit(out, ind, '%s *%s = malloc(n * sizeof *%s);' % (ty, name, name))
                a = Arr(name, 'n', True, heap=True, ftype=ty != self.rt)
                self.fill(sc, ind, out, a, ty)
            else:
                self.emit(out, ind, '%s *%s = calloc(n, sizeof(%s));' % (ty, name, ty))
                a = Arr(name, 'n', True, heap=True, ftype=ty != self.rt)
            self.fn.heap.append(name)
        else:
            src = [x for x in sc.arrays if x.length == 'n' and not x.heap and '->' not in x.name]
            if not src:
                return
            s = r.choice(src)
            s.used = True
            name = self.fresh('p')
            ty = 'float' if s.ftype else self.rt
            if s.writable:
                self.emit(out, ind, '%s *%s = %s;' % (
                    ty, name, r.choice(['%s + 1' % s.name, '&%s[1]' % s.name])))
            else:
                self.emit(out, ind, 'const %s *%s = %s + 1;' % (ty, name, s.name))
            a = Arr(name, 'n-1', s.writable, ftype=s.ftype)
        sc.arrays.append(a)
        sc.own_arrays.append(a)

    def fill(self, sc, ind, out, a, ty):
        q = self.fresh('q')
        L = self.length_expr(a.length)
        self.emit(out, ind, 'for (int %s = 0; %s < %s; %s++)' % (q, q, L, q))
        s2 = Scope(sc)
        s2.ints.append(Index(q, 'full', a.length))
        e = self.expr(s2, 2)
        if ty == 'float' and self.rt == 'double':
            e = '(float)%s' % paren(e)
        self.emit(out, ind + 1, '%s[%s] = %s;' % (a.name, q, e))

    def loop_ctx(self, ctx):
        return dict(ctx, loop=True, brk=True, insw=False, depth=ctx['depth'] + 1)

    def stmt_for(self, sc, ind, ctx, out):
        r = self.r
        i = self.fresh('i')
        base = {'n': ['n'] * 3, 'm': ['m'] * 3}.get(self.fn.size, [r.randint(2, 5)])
        L = r.choice(base + [a.length for a in sc.arrays])
        Le = self.length_expr(L)
        if self.layer and L == self.layer['k'] and any(a.name == 'p->w' for a in sc.arrays) \
                and r.random() < 0.5:
            Le = 'p->m'
        outer = [v for v in sc.ints if v.kind == 'full' and v.length == L and v.ctype == 'int']
        up = r.choice(['%s++', '++%s', '%s++', '%s += 2', '%s += 3']) % i
        down = r.choice(['%s--', '--%s', '%s -= 2', '%s--']) % i
        k = r.randrange(9)
        if k <= 2:
            hdr, kind = 'for (int %s = 0; %s < %s; %s)' % (i, i, Le, up), 'full'
        elif k == 3:
            hdr, kind = 'for (int %s = %s - 1; %s >= 0; %s)' % (i, Le, i, down), 'full'
        elif k == 4 and L in ('n', 'm'):
            hdr, kind = 'for (int %s = 1; %s < %s - 1; %s)' % (i, i, L, up), 'inner'
        elif k == 5 and L in ('n', 'm'):
            hdr, kind = 'for (int %s = %s - 2; %s > 0; %s)' % (i, L, i, down), 'inner'
        elif k == 6:
            L = r.randint(2, 5)
            hdr, kind = 'for (int %s = 0; %s < %d; %s)' % (i, i, L, up), 'full'
        elif k == 7 and outer:
            o = r.choice(outer).name
            if r.random() < 0.5:
                hdr = 'for (int %s = 0; %s < %s; %s)' % (i, i, o, up)
            else:
                hdr = 'for (int %s = %s; %s < %s; %s)' % (i, o, i, Le, up)
            kind = 'full'
        else:
            hdr, kind = 'for (int %s = 0; %s < %s; %s)' % (i, i, Le, up), 'full'
        ctype = 'int'
        if kind == 'full' and hdr.startswith('for (int %s = 0; ' % i) and r.random() < 0.3:
            ctype = r.choice(['unsigned', 'unsigned long', 'long', 'short', 'signed char',
                              'unsigned char', 'unsigned short', 'int'])
            bound = hdr[hdr.index('< ') + 2:hdr.rindex(';')]
            if ctype == 'int':      # compared as unsigned, both sides cast
                hdr = 'for (int %s = 0; (unsigned)%s < (unsigned)%s; %s)' % (i, i, paren(bound), up)
            else:
                if ctype != 'long':
                    bound = '(%s)%s' % (ctype, paren(bound))
                hdr = 'for (%s %s = 0; %s < %s; %s)' % (ctype, i, i, bound, up)
        self.emit(out, ind, hdr + ' {')
        s2 = Scope(sc)
        s2.ints.append(Index(i, kind, L, ctype))
        out += self.block(s2, ind + 1, self.loop_ctx(ctx), 1, 4)
        self.emit(out, ind, '}')

    def stmt_while(self, sc, ind, ctx, out, do=False):
        """A loop whose trip count depends on real values: a variable w
        rises (or decays) until it crosses a threshold, capped by a counter."""
        r, num = self.r, self.num
        it, wv = self.fresh('it'), self.fresh('w')
        cap = r.randint(2, 9)
        self.emit(out, ind, 'int %s = 0;' % it)
        self.emit(out, ind, '%s %s = %s;' % (self.rt, wv, self.expr(sc, 1)))
        if r.random() < 0.6:
            upd = '%s += %s + %s * %s;' % (wv, num('0.3'), num('0.2'),
                                          self.m(r.choice(['sin', 'tanh']), self.expr(sc, 1)))
            c = 'FZ_T(%s < %s)' % (wv, self.lit(0.2, 2.5))
        else:
            upd = '%s = %s * %s + %s * %s;' % (wv, num('0.6'), wv, num('0.3'),
                                               self.m('tanh', self.expr(sc, 1)))
            c = 'FZ_T(%s > %s)' % (wv, self.lit(-0.3, 0.3))
        full = '%s < %d && %s' % (it, cap, c) if r.random() < 0.5 else '%s && %s < %d' % (c, it, cap)
        s2 = Scope(sc)
        w = Var(wv)
        w.used = True
        s2.ints.append(Index(it, 'trip', None))
        s2.scalars.append(w)
        self.emit(out, ind, 'do {' if do else 'while (%s) {' % full)
        self.emit(out, ind + 1, '%s++;' % it)
        self.emit(out, ind + 1, upd)
        out += self.block(s2, ind + 1, self.loop_ctx(ctx), 0, 3)
        self.emit(out, ind, '} while (%s);' % full if do else '}')
        target = self.fn.acc[0] if r.random() < 0.7 else self.writable_scalar(sc)
        self.emit(out, ind, '%s += %s;' % (target.name, wv))
        sc.scalars.append(w)

    def stmt_do(self, sc, ind, ctx, out):
        self.stmt_while(sc, ind, ctx, out, do=True)

    def stmt_switch(self, sc, ind, ctx, out):
        """A switch on an int, with fall-through, breaks and a default; every
        case label at the top level of the body."""
        r = self.r
        if sc.ints and r.random() < 0.7:
            v = r.choice(sc.ints).name
            if len(sc.ints) >= 2 and r.random() < 0.3:
                v = '%s + %s' % tuple(x.name for x in r.sample(sc.ints, 2))
            sel = '(%s) %% %d' % (v, r.randint(2, 4))
        elif r.random() < 0.2:
            sel = '%s %% %d' % (self.size_name(), r.randint(2, 4))
        else:
            sel = '(int)%s' % self.m('floor', '%s + %s * %s' % (
                self.num('1.5'), self.num('1.4'), self.m('tanh', self.expr(sc, 1))))
        labels = ['case %d:' % l for l in sorted(r.sample(range(4), r.randint(1, 4)))]
        if r.random() < 0.6:
            labels.append('default:')
        self.emit(out, ind, 'switch (%s) {' % sel)
        nctx = dict(ctx, brk=True, ifd=ctx['ifd'] + 1, insw=True)
        for ai, lab in enumerate(labels):
            self.emit(out, ind, lab + ' {')
            out += self.block(Scope(sc), ind + 1, nctx, 0 if r.random() < 0.2 else 1, 2)
            if r.random() < 0.55 or ai == len(labels) - 1:
                self.emit(out, ind + 1, 'break;')
                self.emit(out, ind, '}')
            else:
                self.emit(out, ind, '}')
                self.emit(out, ind, '/* fall through */')
        self.emit(out, ind, '}')

    # -- helpers --

    def helper(self, kind):
        """Write one helper function of the given kind; its body comes from
        the same statement generator, with a smaller budget."""
        r, rt = self.r, self.rt
        name = self.fresh('g')
        static = 'static ' if r.random() < 0.7 else ''
        sc = Scope()
        if kind == 'scalar':
            params = ['%s u' % rt, '%s v' % rt]
            sc.scalars += [Var('u', writable=r.random() < 0.5), Var('v', writable=False)]
        elif kind == 'rec':
            params = ['%s u' % rt, 'int k']
        elif kind == 'reduce':
            params = ['const %s *w' % rt, 'int m', '%s u' % rt]
            sc.arrays.append(Arr('w', 'm', False))
            sc.scalars.append(Var('u', writable=False))
        elif kind == 'write':
            params = ['%s *out' % rt, 'const %s *w' % rt, 'int m', '%s u' % rt]
            sc.arrays += [Arr('out', 'm', True), Arr('w', 'm', False)]
            sc.scalars.append(Var('u', writable=False))
        elif kind == 'inplace':
            params = ['%s *w' % rt, 'int m', '%s u' % rt]
            sc.arrays.append(Arr('w', 'm', True))
            sc.scalars.append(Var('u', writable=False))
        elif kind == 'layer':
            params = ['const struct fz_layer *p', '%s u' % rt]
            self.layer_scope(sc, writable=False, with_z=False)
            sc.scalars.append(Var('u', writable=False))
        else:  # pair
            params = ['%s q' % self.pair, '%s u' % rt]
            # a callee may change its own copy of a struct passed by value
            sc.scalars += [Var('q.u', writable=r.random() < 0.5), Var('q.v', writable=False),
                           Var('u', writable=False)]
        returns = kind not in ('write', 'inplace')
        lines = ['%s%s %s(%s)' % (static, rt if returns else 'void', name, ', '.join(params)), '{']
        if kind == 'rec':
            lines += self.rec_body(name)
        else:
            lines += self.helper_body(name, sc, returns, kind)
        lines += ['}', '']
        self.helpers.append(Helper(name, kind))
        return lines

    def rec_body(self, name):
        e = self.m(self.r.choice(['sin', 'tanh', 'cos']), 'u')
        return ['    if (k <= 0)',
                '        return %s;' % e,
                '    return %s * %s(%s, k - 1) + %s;' % (self.lit(0.2, 0.9), name, self.m('sin', 'u'), self.lit())]

    def helper_body(self, name, sc, returns, kind):
        r = self.r
        self.fn = Func(name, returns, r.randint(2, 7), is_model=False)
        self.fn.size = 'm' if kind in ('reduce', 'write', 'inplace') else str(r.randint(2, 4))
        body = []
        acc = Var('r0')
        init = self.expr(sc, 1) if r.random() < 0.6 else self.lit()
        body.append('    %s r0 = %s;' % (self.rt, init))
        self.fn.acc.append(acc)
        sc.scalars.append(acc)
        if kind in ('write', 'inplace') and r.random() < 0.8:
            self.elementwise(sc, body, kind)
        ctx = dict(depth=0, ifd=0, loop=False, brk=False, insw=False)
        while self.fn.budget > 0:
            self.stmt(sc, 1, ctx, body)
        self.close_scope(sc, 1, body)
        unused = [v.name for v in sc.scalars if not v.used and v is not acc]
        unused += ['%s[0]' % a.name for a in sc.arrays if not a.used and a.name != 'out']
        if returns:
            terms = ['r0'] + unused
            if kind == 'layer':
                terms.append('%s * (%s)p->m' % (self.lit(0.01, 0.1), self.rt))
            body.append('    return %s;' % ' + '.join(terms))
        else:
            dst = 'out' if kind == 'write' else 'w'
            body.append('    %s[m - 1] += %s;' % (dst, ' + '.join(['r0'] + unused)))
        return body

    def elementwise(self, sc, body, kind):
        """The loop a writing helper is for: out[i] (or w[i]) from w[i]."""
        i = self.fresh('i')
        s2 = Scope(sc)
        s2.ints.append(Index(i, 'full', 'm'))
        dst = 'out' if kind == 'write' else 'w'
        e = self.expr(s2, 1)
        body.append('    for (int %s = 0; %s < m; %s++)' % (i, i, i))
        body.append('        %s[%s] = %s * w[%s] + %s;' % (dst, i, self.m('tanh', e), i, self.m('sin', 'u')))
        for v in sc.arrays + sc.scalars:
            if v.name in ('w', 'u'):
                v.used = True

    def layer_scope(self, sc, writable, with_z):
        """The members of the pointer struct p, as scalars and arrays (the
        pointer member z holds n values, so only the model reads it)."""
        L = self.layer
        sc.arrays.append(Arr('p->w', L['k'], writable))
        sc.scalars.append(Var('p->b', writable=writable))
        if L['z'] and with_z:
            sc.arrays.append(Arr('p->z', 'n', writable))

    # -- the model --

    def struct_defs(self):
        lines = []
        if self.layer:
            L = self.layer
            lines += ['struct fz_layer {',
                      '    %s w[%d];' % (self.rt, L['k']),
                      '    %s b;' % self.rt]
            if L['z']:
                lines.append('    %s *z;' % self.rt)
            lines += ['    int m;', '};', '']
        if self.pair:
            if self.pair == 'pair_t':
                lines += ['typedef struct fz_pair {', '    %s u;' % self.rt, '    %s v;' % self.rt,
                          '} pair_t;', '']
            else:
                lines += ['struct fz_pair {', '    %s u;' % self.rt, '    %s v;' % self.rt, '};', '']
        return lines

    def choose_params(self):
        """The model's parameters, in order: dicts with name, kind ('int',
        'scalar', 'array', 'layer', 'pair'), writable, and named (in
        BP_GRAD)."""
        r = self.r
        params = [dict(name=s, kind='scalar') for s in ['a', 'b', 'c'][:r.randint(1, 3)]]
        arrs = r.choice([['x'], ['y'], ['x', 'y'], ['x', 'y'], ['x', 'z'], ['y', 'z']])
        for a in arrs:
            params.append(dict(name=a, kind='array', writable=a == 'y' or (a == 'z' and 'y' not in arrs)))
        if r.random() < 0.4:
            self.layer = dict(k=r.randint(3, 5), z=r.random() < 0.5)
            params.append(dict(name='p', kind='layer', writable=r.random() < 0.3, k=self.layer['k'],
                               z=self.layer['z']))
        if r.random() < 0.3:
            self.pair = 'pair_t' if r.random() < 0.3 else 'struct fz_pair'
            # the model may change its own copy of a struct passed by value
            params.append(dict(name='q', kind='pair', writable=r.random() < 0.5, type=self.pair))
        r.shuffle(params)
        n_param = dict(name='n', kind='int')
        if r.random() < 0.25:
            params.insert(0, n_param)
        else:
            params.append(n_param)
        return params

    def choose_named(self, params):
        """Which parameters BP_GRAD names: writable ones always (bpgen wants
        an output named, and a struct by value it writes), the others
        mostly; BP_GRAD() sometimes."""
        r = self.r
        everything = r.random() < 0.15
        for p in params:
            if p['kind'] == 'int':
                p['named'] = False
            elif p.get('writable'):
                p['named'] = True
            else:
                p['named'] = everything or r.random() < (0.85 if p['kind'] == 'scalar' else 0.9)
        if not any(p['named'] for p in params):
            next(p for p in params if p['kind'] != 'int')['named'] = True
        if everything and all(p['named'] for p in params if p['kind'] != 'int'):
            return 'BP_GRAD()'
        return 'BP_GRAD(%s)' % ', '.join(p['name'] for p in params if p['named'])

    def declare(self, p, n_first):
        rt, k = self.rt, p['kind']
        if k == 'int':
            return 'int n'
        if k == 'scalar':
            return '%s %s' % (rt, p['name'])
        if k == 'layer':
            return '%sstruct fz_layer *p' % ('' if p['writable'] else 'const ')
        if k == 'pair':
            return '%s q' % self.pair
        const = '' if p['writable'] else 'const '
        form = self.r.randrange(3)
        if form == 1:
            return '%s%s %s[]' % (const, rt, p['name'])
        if form == 2 and n_first:
            return '%s%s %s[n]' % (const, rt, p['name'])
        return '%s%s *%s' % (const, rt, p['name'])

    def generate(self):
        r = self.r
        params = self.choose_params()
        n_first = params[0]['kind'] == 'int'
        # helpers first, so that the model (and later helpers) can call them
        helper_lines = []
        kinds = ['scalar', 'reduce', 'write', 'inplace', 'rec']
        if self.layer:
            kinds += ['layer'] * 2
        if self.pair:
            kinds += ['pair'] * 2
        for _ in range(r.choices([0, 1, 2, 3], [0.35, 0.3, 0.25, 0.1])[0]):
            helper_lines += self.helper(r.choice(kinds))
        gline = self.choose_named(params)
        self.fn = Func('model', True, r.randint(6, 22), is_model=True)
        sc = Scope()
        for p in params:
            if p['kind'] == 'scalar':
                v = Var(p['name'], writable=r.random() < 0.3)
                p['var'] = v
                sc.scalars.append(v)
            elif p['kind'] == 'array':
                sc.arrays.append(Arr(p['name'], 'n', p['writable']))
            elif p['kind'] == 'layer':
                self.layer_scope(sc, p['writable'], with_z=True)
            elif p['kind'] == 'pair':
                sc.scalars += [Var('q.u', writable=p['writable']), Var('q.v', writable=p['writable'])]
                self.pairs_in_sight.append('q')
        body = []
        for j in range(r.randint(1, 3)):
            name = 's%d' % j
            init = self.lit() if j == 0 or r.random() < 0.5 else self.expr(sc, 1)
            body.append('    %s %s = %s;' % (self.rt, name, init))
            self.fn.acc.append(Var(name))
        sc.scalars += self.fn.acc
        if self.pair and r.random() < 0.4:
            t = self.fresh('pq')
            body.append('    %s %s = {0};' % (self.pair, t))
            body.append('    %s.u = %s;' % (t, self.expr(sc, 1)))
            body.append('    %s.v = %s;' % (t, self.expr(sc, 1)))
            sc.scalars += [Var('%s.u' % t), Var('%s.v' % t)]
            self.pairs_in_sight.append(t)
        ctx = dict(depth=0, ifd=0, loop=False, brk=False, insw=False)
        for _ in range(r.choices([0, 1, 2, 3], [0.3, 0.35, 0.25, 0.1])[0]):
            self.local_array(sc, 1, body, allocate=True)
        while self.fn.budget > 0:
            self.stmt(sc, 1, ctx, body)
            if r.random() < 0.15:
                self.local_array(sc, 1, body, allocate=not self.fn.exited)
        body += self.final_return(sc, params)
        text = ['#include <bpgen.h>', '#include <math.h>', '#include <stdlib.h>', '',
                '/* The harness redefines FZ_T to record the way each comparison went. */',
                '#ifndef FZ_T', '#define FZ_T(c) (c)', '#endif', '']
        text += self.struct_defs() + helper_lines
        decl = ', '.join(self.declare(p, n_first) for p in params)
        text += [gline, '%s model(%s)' % (self.rt, decl), '{'] + body + ['}', '']
        for p in params:
            p.pop('var', None)
        meta = dict(seed=self.seed, mode=self.mode, n=self.n, params=params,
                    functions=['model'] + [h.name for h in self.helpers])
        return Program('\n'.join(text), meta)

    def final_return(self, sc, params):
        """The return: the accumulators, every scalar never read (locals and
        parameters), an element of arrays never read and of some written
        ones, and n."""
        r = self.r
        acc = self.fn.acc
        terms = [acc[0].name] + ['%s * %s' % (self.lit(0.1, 1.5), v.name) for v in acc[1:]]
        for v in sc.scalars:
            if not v.used and v not in acc:
                terms.append('%s * %s' % (self.lit(), v.name))
                v.used = True
        for a in sc.arrays:
            if not a.used or (a.writable and '->' not in a.name and r.random() < 0.3):
                terms.append('%s[%d]' % (a.name, r.randrange(2)))
                a.used = True
        if self.layer:
            terms.append('%s * (%s)p->m' % (self.lit(0.01, 0.1), self.rt))
        terms.append('%s * (%s)n' % (self.num('0.01'), self.rt))
        out = []
        if self.fn.heap:
            out.append('    %s ret = %s;' % (self.rt, ' + '.join(terms)))
            self.free_heap(1, out)
            out.append('    return ret;')
        else:
            out.append('    return %s;' % ' + '.join(terms))
        return out


def paren(s):
    """s in parentheses unless it is a name, a number, an element or already
    one parenthesized group."""
    if s.startswith('(') and s.endswith(')') and balanced(s[1:-1]):
        return s
    if all(c.isalnum() or c in '_.' for c in s):
        return s
    return '(' + s + ')'


def balanced(s):
    depth = 0
    for c in s:
        depth += (c == '(') - (c == ')')
        if depth < 0:
            return False
    return depth == 0


class Program:
    """A generated program: model.c's text and its meta (see Gen.generate)."""

    def __init__(self, text, meta):
        self.text = text
        self.meta = meta


def generate(seed):
    return Gen(seed).generate()


if __name__ == '__main__':
    prog = generate(int(sys.argv[1]))
    print(prog.text)
    if '--meta' in sys.argv:
        print(json.dumps(prog.meta, indent=1))

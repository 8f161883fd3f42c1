#!/usr/bin/python3
"""Where a bpgen gradient's instructions go, from callgrind.

    profile.py OUT.csv ID:PRIMAL_FILE:GRADIENT_FILE ...

Each FILE is a callgrind output (--compress-strings=no --compress-pos=no)
of one call (compare_c --once).  The primal's total Ir, the gradient's,
and the gradient's Ir split four ways:

  forward   the generated code before the reverse sweep (in <f>_grad and
            every <helper>_fwd), with the library calls it makes (libm,
            libbpgen's primitives and BLAS)
  reverse   the generated code after its "reverse sweep" comment (and
            every <helper>_rev), with its library calls
  tape      pushing and popping values (libbpgen's inline bp_push_*,
            bp_pop_*) and bp_tape_reserve
  alloc     malloc, calloc and free: the model's buffers and their twins

The phase of a line is read from the generated file itself (the
<model>_grad.c that callgrind names), so inlining changes nothing:
callgrind keeps each instruction's source line.  What is left (the
benchmark's own call) is "other", a few instructions.
"""
import csv
import re
import sys
from collections import defaultdict

CATEGORIES = ("forward", "reverse", "tape", "alloc")
ALLOC = re.compile(r"^(__wrap_)?(malloc|calloc|realloc|free|cfree)\b")
TAPE = re.compile(r"^bp_(tape|push|pop)")


def line_phases(path):
    """{line: 'forward' | 'reverse'} for a generated file: in each function,
    the lines after its 'reverse sweep' comment are reverse; all of a
    <helper>_rev function is."""
    phases, phase = {}, "forward"
    with open(path) as f:
        for number, line in enumerate(f, 1):
            head = re.match(r"^(?:static )?\w[\w\s\*]*?\b(\w+)\(", line)
            if head and not line.rstrip().endswith(";"):
                phase = "reverse" if head.group(1).endswith("_rev") else "forward"
            if "/* reverse sweep" in line:
                phase = "reverse"
            phases[number] = phase
    return phases


def parse(path):
    """Yields (fn, file, line, cost, callee or None, callee object) for
    every cost line of a callgrind file without compression."""
    fn = file = fl = callee = cob = None
    pending_call = False
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            key, _, value = line.partition("=")
            if key == "fl":
                fl = file = value
            elif key in ("fi", "fe"):
                file = value
            elif key == "fn":
                fn, file = value, fl
            elif key == "cfn":
                callee = value
            elif key == "cob":
                cob = value
            elif key == "calls":
                pending_call = True
            elif line and line[0].isdigit():
                number, cost = line.split()[:2]
                if pending_call:
                    yield fn, file, int(number), int(cost), callee, cob
                    pending_call, cob = False, None
                else:
                    yield fn, file, int(number), int(cost), None, None


def summary(path):
    with open(path) as f:
        for line in f:
            if line.startswith("summary:"):
                return int(line.split()[1])
    raise ValueError(f"{path}: no summary line")


def split_gradient(path):
    """{category: Ir} of the gradient's call, and its total."""
    generated_fns, phases, split = set(), {}, defaultdict(int)
    records = list(parse(path))
    for fn, file, *_ in records:
        if file and file.endswith("_grad.c"):
            generated_fns.add(fn)
            if file not in phases:
                phases[file] = line_phases(file)
    for fn, file, number, cost, callee, _ in records:
        if fn not in generated_fns:
            continue
        if callee is None:
            if file in phases:
                split[phases[file].get(number, "forward")] += cost
            elif file and file.endswith("bpgen.h"):
                split["tape"] += cost
            else:
                split["forward"] += cost   # code inlined from elsewhere: math.h, string.h
            continue
        if callee in generated_fns:
            continue                       # counted in its own records
        if ALLOC.match(callee):
            split["alloc"] += cost
        elif TAPE.match(callee):
            split["tape"] += cost
        elif file in phases:
            split[phases[file].get(number, "forward")] += cost
        else:
            split["forward"] += cost
    total = summary(path)
    split["other"] = total - sum(split[c] for c in CATEGORIES)
    return split, total


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: profile.py OUT.csv ID:PRIMAL:GRADIENT ...")
    with open(argv[1], "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["problem", "primal_ir", "gradient_ir", "ratio", *CATEGORIES, "other"])
        for spec in argv[2:]:
            pid, primal, gradient = spec.split(":")
            split, total = split_gradient(gradient)
            p = summary(primal)
            w.writerow([pid, p, total, f"{total / p:.3f}",
                        *(split[c] for c in CATEGORIES), split["other"]])


if __name__ == "__main__":
    main(sys.argv)

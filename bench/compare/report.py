#!/usr/bin/python3
"""The report of bench/compare: one table, one CSV, one plot, the goals.

    report.py OUT [PLOT.png]

Reads what the drivers wrote in OUT (c.csv and c_facts.csv from
compare_c, adolc.csv from compare_adolc, torch.csv from torch_bench.py,
profile.csv from profile.py, machine.txt from run.sh; any but the first
two may be missing) and writes

  OUT/results.csv   one row per problem and tool: the times, the ratio of
                    the gradient's time to the C primal's (the function
                    the user wrote), the tool's own primal and the
                    difference of its gradient to bpgen's
  OUT/table.md      the table and the goals, as Markdown for the README
  OUT/bench.png     gradient time / primal time per tool per problem, log
                    scale (also copied to PLOT.png if given)

and prints the table, the gradients' agreement, the goals of issue 7 met or
missed with their numbers, and where the gradient's instructions go.
Every ratio divides by the same primal, the C of examples/, timed in the
same rounds as the tool (each driver runs it), so the bars of one problem
compare the tools' times; the goals' speed-ups are the tools' times over
bpgen's gradient's, timed in the same rounds too.
"""
import csv
import os
import shutil
import sys

TOOLS = ["bpgen", "hand-written", "ADOL-C (reuse tape)", "ADOL-C (retape)", "PyTorch",
         "finite differences"]
SHORT = {"bpgen": "bpgen", "hand-written": "by hand", "ADOL-C (reuse tape)": "ADOL-C reuse",
         "ADOL-C (retape)": "ADOL-C retape", "PyTorch": "PyTorch",
         "finite differences": "central FD"}
GOAL_FAMILIES = ("GMM", "BA", "LSTM", "MLP")
TOLERANCE = {"finite differences": 1e-5}   # others: 1e-10


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def fmt_ratio(r):
    if r is None:
        return "-"
    if r < 10:
        return f"{r:.2f}"
    if r < 1000:
        return f"{r:.0f}"
    return f"{r:.1e}".replace("e+0", "e").replace("e+", "e")


def fmt_time(seconds):
    us = 1e6 * seconds
    if us < 1:
        return f"{1e3 * us:.0f} ns"
    if us < 1000:
        return f"{us:.3g} us"
    return f"{us / 1000:.3g} ms"


class Results:
    """Everything the drivers measured, by problem and tool."""

    def __init__(self, out):
        self.out = out
        self.facts = {f["problem"]: f for f in read_csv(os.path.join(out, "c_facts.csv"))}
        self.order = list(self.facts)
        self.rows = {}
        for name in ("c.csv", "adolc.csv", "torch.csv"):
            for r in read_csv(os.path.join(out, name)):
                self.rows[(r["problem"], r["tool"])] = r
        self.profile = {p["problem"]: p for p in read_csv(os.path.join(out, "profile.csv"))}
        path = os.path.join(out, "machine.txt")
        self.machine = open(path).read().strip() if os.path.exists(path) else ""

    def primal(self, pid):
        return float(self.facts[pid]["primal_seconds"])

    def field(self, pid, tool, name):
        r = self.rows.get((pid, tool))
        return float(r[name]) if r else None

    def seconds(self, pid, tool):
        return self.field(pid, tool, "seconds")

    def ratio(self, pid, tool):
        """Gradient time over the C primal's, in the tool's own rounds."""
        return self.field(pid, tool, "ratio")

    def vs_bpgen(self, pid, tool):
        """Gradient time over bpgen's, in the tool's own rounds."""
        return self.field(pid, tool, "vs_bpgen")

    def ir_ratio(self, pid):
        p = self.profile.get(pid)
        return float(p["ratio"]) if p else None

    def tools_present(self):
        return [t for t in TOOLS if any((pid, t) in self.rows for pid in self.order)]

    def write_csv(self):
        path = os.path.join(self.out, "results.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["problem", "title", "tool", "gradient_us", "ratio_to_primal",
                        "time_vs_bpgen", "own_primal_us", "c_primal_us", "instructions_ratio",
                        "samples", "max_rel_diff_vs_bpgen", "note"])
            for pid in self.order:
                for tool in TOOLS:
                    r = self.rows.get((pid, tool))
                    if not r:
                        continue
                    ir = self.ir_ratio(pid) if tool == "bpgen" else None
                    w.writerow([pid, self.facts[pid]["title"], tool,
                                f"{1e6 * float(r['seconds']):.6g}", r["ratio"], r["vs_bpgen"],
                                f"{1e6 * float(r['own_primal_seconds']):.6g}",
                                f"{1e6 * self.primal(pid):.6g}",
                                "" if ir is None else f"{ir:.4g}", r["samples"], r["check"],
                                r["note"]])
        return path


# ---- The table -------------------------------------------------------------

def table(res):
    """Markdown: per problem the primal, bpgen's gradient and their ratio
    (in time and in instructions), then every other tool's ratio."""
    others = [t for t in res.tools_present() if t != "bpgen"]
    head = ["problem", "params", "primal", "bpgen gradient", "ratio", "ratio (Ir)"]
    head += [SHORT[t] for t in others]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["--:"] * (len(head) - 1)) + "|"]
    scaled_up = False
    for pid in res.order:
        f = res.facts[pid]
        cells = [f["title"], f["params"], fmt_time(res.primal(pid)),
                 fmt_time(res.seconds(pid, "bpgen")), fmt_ratio(res.ratio(pid, "bpgen")),
                 fmt_ratio(res.ir_ratio(pid))]
        for t in others:
            cell = fmt_ratio(res.ratio(pid, t))
            if t == "finite differences" and "scaled up" in res.rows[(pid, t)]["note"]:
                cell += "*"
                scaled_up = True
            cells.append(cell)
        lines.append("| " + " | ".join(cells) + " |")
    notes = ["Each ratio is a gradient's time over the time of the C primal of examples/, "
             "the median over rounds in which both ran; \"ratio (Ir)\" is bpgen's gradient "
             "over the primal in instructions (callgrind), which load on the machine does "
             "not change."]
    if scaled_up:
        notes.append("\\* timed on a subset of the coordinates (spread evenly) and scaled up "
                     "to all of them; 2 primal calls per coordinate.")
    return lines, notes


def agreement(res):
    """Lines: the largest difference of each tool's gradient to bpgen's."""
    lines, bad = [], False
    for t in res.tools_present():
        if t == "bpgen":
            continue
        diffs = [(pid, res.rows[(pid, t)]["check"]) for pid in res.order if (pid, t) in res.rows]
        worst = max(float(d) for _, d in diffs if d)
        ok = worst <= TOLERANCE.get(t, 1e-10)
        bad |= not ok
        lines.append(f"  {t:22s} largest max|g - g_bpgen|/max|g_bpgen| {worst:.1e}"
                     f" over {len(diffs)} problems: {'agrees' if ok else 'DIFFERS'}")
    return lines, bad


# ---- The goals of issue 7 --------------------------------------------------

def goals(res):
    """Lines, one per problem of the goals' families, and the misses."""
    lines, misses = [], []
    for pid in res.order:
        f = res.facts[pid]
        if f["family"] not in GOAL_FAMILIES:
            continue
        title, parts = f["title"], []
        r, ir = res.ratio(pid, "bpgen"), res.ir_ratio(pid)
        ok = r <= 3
        parts.append(f"gradient/primal {r:.2f}" + (f" (Ir {ir:.2f})" if ir else "")
                     + ("" if ok else " > 3 MISSED"))
        if not ok:
            misses.append(f"{title}: gradient/primal {r:.2f} > 3")
        for tool, need, word in (("ADOL-C (reuse tape)", 10, "ADOL-C reusing its tape"),
                                 ("ADOL-C (retape)", 10, "ADOL-C retaping"),
                                 ("PyTorch", 1, "PyTorch")):
            speedup = res.vs_bpgen(pid, tool)
            if speedup is None:
                continue
            ok = speedup >= need if need > 1 else speedup > need
            parts.append(f"{word} takes {speedup:.1f}x bpgen's time"
                         + ("" if ok else f" (goal {'>' if need == 1 else ''}{need}x) MISSED"))
            if not ok:
                misses.append(f"{title}: {word} takes {speedup:.2f}x bpgen's time,"
                              f" goal {'above ' if need == 1 else ''}{need}x")
        pa, ga = int(f["primal_allocs"]), int(f["gradient_allocs"])
        grew = int(f["tape_growth"])
        parts.append(f"allocations per call: primal {pa}, gradient {ga}"
                     + (f", tape grew {grew} bytes" if grew else ", tape never grew"))
        if ga > pa or grew:
            misses.append(f"{title}: {ga} allocations per gradient call ({pa} in the primal)")
        lines.append(f"  {title}: " + "; ".join(parts))
    return lines, misses


def where_time_goes(res):
    """Lines: each gradient's instructions as multiples of the primal's."""
    if not res.profile:
        return []
    lines = ["  gradient Ir / primal Ir = forward + reverse + tape + alloc (+ other), "
             "in units of the primal's Ir"]
    for pid in res.order:
        p = res.profile.get(pid)
        if not p:
            continue
        primal = float(p["primal_ir"])
        parts = {k: float(p[k]) / primal for k in ("forward", "reverse", "tape", "alloc", "other")}
        lines.append(f"  {res.facts[pid]['title']:30s} {float(p['ratio']):5.2f} = "
                     f"{parts['forward']:.2f} + {parts['reverse']:.2f} + {parts['tape']:.2f}"
                     f" + {parts['alloc']:.3f}  (primal {int(primal):,} Ir)")
    return lines


# ---- The plot --------------------------------------------------------------

def two_lines(title):
    """A problem's title broken at its middle space, for the axis."""
    spaces = [i for i, c in enumerate(title) if c == " "]
    if not spaces:
        return title
    cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return title[:cut] + "\n" + title[cut + 1:]


def plot(res, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no matplotlib (Debian: python3-matplotlib): no plot")
        return False
    tools = res.tools_present()
    colours = {"bpgen": "#1f77b4", "hand-written": "#9edae5", "ADOL-C (reuse tape)": "#ff7f0e",
               "ADOL-C (retape)": "#ffbb78", "PyTorch": "#d62728",
               "finite differences": "#7f7f7f"}
    fig, ax = plt.subplots(figsize=(13, 5.5))
    width = 0.8 / len(tools)
    for i, tool in enumerate(tools):
        xs, ys = [], []
        for j, pid in enumerate(res.order):
            r = res.ratio(pid, tool)
            if r is not None:
                xs.append(j - 0.4 + (i + 0.5) * width)
                ys.append(r)
        ax.bar(xs, ys, width, label=tool, color=colours[tool])
        if tool == "bpgen":
            for x, y in zip(xs, ys):
                ax.text(x, y * 1.08, f"{y:.1f}", ha="center", va="bottom", fontsize=7)
    ax.set_yscale("log")
    ax.set_ylim(bottom=0.5)
    ax.axhline(3, color="black", linestyle="--", linewidth=0.8)
    ax.text(len(res.order) - 0.5, 3.2, "goal: 3", ha="right", va="bottom", fontsize=8)
    ax.set_xticks(range(len(res.order)))
    ax.set_xticklabels([two_lines(res.facts[p]["title"]) for p in res.order], fontsize=8)
    ax.set_ylabel("gradient time / primal time (C of examples/)")
    ax.set_title("bpgen and the alternatives: time of one gradient, in primal evaluations"
                 " (lower is better)")
    ax.legend(ncol=len(tools), fontsize=8, loc="upper left")
    ax.grid(axis="y", which="major", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main(argv):
    if len(argv) < 2:
        sys.exit("usage: report.py OUT [PLOT.png]")
    res = Results(argv[1])
    lines, notes = table(res)
    agree, bad = agreement(res)
    goal_lines, misses = goals(res)
    where = where_time_goes(res)
    csv_path = res.write_csv()
    png = os.path.join(argv[1], "bench.png")
    plotted = plot(res, png)
    if plotted and len(argv) > 2:
        shutil.copyfile(png, argv[2])

    text = [res.machine, "", *lines, "", *notes, "", "Gradients against bpgen's:", *agree,
            "", "Goals of issue 7:", *goal_lines]
    if where:
        text += ["", "Where bpgen's gradient spends its instructions (callgrind):", *where]
    text += ["", f"Goals missed: {len(misses)}", *("  " + m for m in misses)]
    print("\n".join(text))
    with open(os.path.join(argv[1], "table.md"), "w") as f:
        f.write("\n".join(text) + "\n")
    print(f"\nwrote {csv_path}" + (f", {png}" if plotted else "")
          + (f" and {argv[2]}" if plotted and len(argv) > 2 else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

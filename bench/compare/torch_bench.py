#!/usr/bin/python3
"""PyTorch on the problems of bench/compare.

    torch_bench.py LIB DATA OUT.csv ID ...

For each problem DATA/<id>/ (problems.h: problem_dump, written by
compare_c) the same objective as examples/ in torch operations, vectorised
as a torch user writes them (GMM over points and components with batched
matrix products, BA over observations, the MLP as two matmuls; the LSTM's
recurrence stays a loop over steps and layers, its gates one tensor), in
float64 on one thread.  Times, in rounds of batches as compare.c does, the
C primal and bpgen's gradient (through LIB, libcompare_problems.so, by
ctypes: each batch runs and is timed in C), the forward pass alone under
torch.no_grad() (torch's primal) and forward plus loss.backward() (into
.grad buffers zeroed in place, as optimizer.zero_grad() of torch 1.13 does:
no new gradient tensors per call, bpgen's adjoints' contract); checks
the gradient against bpgen's (DATA/<id>/d_*.bin) and appends a row in
compare_c's CSV format.
"""
import ctypes
import math
import os
import sys
import time

import numpy as np
import torch

BATCH_SECONDS = 1e-3   # a timed batch lasts at least this
TIME_BUDGET = 3.0      # seconds of rounds per problem, at most
MIN_ROUNDS, MAX_ROUNDS = 5, 41


# ---- The problem, as compare_c wrote it ------------------------------------

class Problem:
    """Constants, arrays (as tensors), and which arrays are parameters."""

    def __init__(self, data, pid):
        self.id = pid
        self.const, self.arrays, self.params, self.reference = {}, {}, [], {}
        folder = os.path.join(data, pid)
        with open(os.path.join(folder, "meta.txt")) as meta:
            for line in meta:
                what, rest = line.rstrip("\n").split(" ", 1)
                if what == "title":
                    self.title = rest
                elif what == "const":
                    name, value = rest.split()
                    self.const[name] = float(value)
                elif what == "array":
                    self.read_array(folder, *rest.split())

    def read_array(self, folder, name, kind, length, role):
        dtype = np.float64 if kind == "f64" else np.int32
        values = np.fromfile(os.path.join(folder, name + ".bin"), dtype=dtype)
        assert values.size == int(length), name
        tensor = torch.from_numpy(values.astype(np.int64) if kind == "i32" else values)
        self.arrays[name] = tensor
        if role == "param":
            self.params.append(name)
            self.reference[name] = np.fromfile(os.path.join(folder, "d_" + name + ".bin"))

    def c(self, name):
        return int(self.const[name])


# ---- The objectives --------------------------------------------------------

def gmm(p, a):
    """examples/gmm/model.c: Q_j = diag(exp(icf diag)) + the lower triangle,
    applied to all n*k centred points in one batched product."""
    d, k, n = p.c("d"), p.c("k"), p.c("n")
    gamma, m = p.const["gamma"], p.c("m")
    alphas, means = a["alphas"], a["means"].view(k, d)
    icf, x = a["icf"].view(k, d * (d + 1) // 2), a["x"].view(n, d)
    log_diag, ltri = icf[:, :d], icf[:, d:]
    qdiag = torch.exp(log_diag)
    rows, cols = p.tril_index
    Q = torch.diag_embed(qdiag).index_put((torch.arange(k)[:, None], rows, cols), ltri)
    xcentered = x[:, None, :] - means[None, :, :]                  # n k d
    Qx = torch.einsum("kij,nkj->nki", Q, xcentered)
    sum_qs = log_diag.sum(1)
    main_term = alphas + sum_qs - 0.5 * (Qx * Qx).sum(2)           # n k
    slse = torch.logsumexp(main_term, 1).sum()
    constant = -n * d * 0.5 * math.log(2 * math.pi)
    wn = d + m + 1
    C = wn * d * (math.log(gamma) - 0.5 * math.log(2.0)) - log_gamma_distrib(0.5 * wn, d)
    frobenius = (qdiag * qdiag).sum(1) + (ltri * ltri).sum(1)
    prior = (0.5 * gamma * gamma * frobenius - m * sum_qs).sum() - k * C
    return constant + slse - n * torch.logsumexp(alphas, 0) + prior


def log_gamma_distrib(a, p):
    return 0.25 * p * (p - 1) * math.log(math.pi) + sum(
        math.lgamma(a + 0.5 * (1 - j)) for j in range(1, p + 1))


def gmm_setup(p):
    """The below-diagonal entries of Q, column by column: (row j, column i)."""
    d = p.c("d")
    pairs = [(j, i) for i in range(d) for j in range(i + 1, d)]
    p.tril_index = (torch.tensor([r for r, _ in pairs], dtype=torch.long),
                    torch.tensor([c for _, c in pairs], dtype=torch.long))


def ba(p, a):
    """examples/ba/model.c over all observations at once; where the angle is
    zero, the first-order rotation (torch.where, with a safe sqrt)."""
    obs = a["obs"].view(-1, 2)
    cam = a["cams"].view(-1, 11)[obs[:, 0]]
    X = a["X"].view(-1, 3)[obs[:, 1]]
    w, feats = a["w"], a["feats"].view(-1, 2)
    rot, Xo = cam[:, 0:3], X - cam[:, 3:6]
    sqtheta = (rot * rot).sum(1, keepdim=True)
    nonzero = sqtheta != 0
    theta = torch.sqrt(torch.where(nonzero, sqtheta, torch.ones_like(sqtheta)))
    costheta, sintheta = torch.cos(theta), torch.sin(theta)
    axis = rot / theta
    tmp = (1.0 - costheta) * (axis * Xo).sum(1, keepdim=True)
    rotated = Xo * costheta + torch.cross(axis, Xo, dim=1) * sintheta + axis * tmp
    Xcam = torch.where(nonzero, rotated, Xo + torch.cross(rot, Xo, dim=1))
    proj = Xcam[:, :2] / Xcam[:, 2:3]
    rsq = (proj * proj).sum(1, keepdim=True)
    proj = proj * (1.0 + cam[:, 9:10] * rsq + cam[:, 10:11] * rsq * rsq)
    err = w[:, None] * (proj * cam[:, 6:7] + cam[:, 7:9] - feats)
    e = 1.0 - w * w
    return (err * err).sum() + (e * e).sum()


def lstm(p, a):
    """examples/lstm/model.c: a loop over steps and layers, the four gates
    of a layer as one (4, b) tensor (forget and output read the input,
    input gate and change the hidden vector)."""
    l, c, b = p.c("l"), p.c("c"), p.c("b")
    weights = a["main_params"].view(l, 2, 4, b)
    w_in, w_out, b_out = a["extra_params"].view(3, b)
    state = a["state"].view(l, 2, b)
    hidden = [state[i, 0] for i in range(l)]
    cell = [state[i, 1] for i in range(l)]
    sequence = a["sequence"].view(c, b)
    total = 0.0
    for t in range(c - 1):
        inp = sequence[t] * w_in
        for i in range(l):
            pre = torch.stack((inp, hidden[i], inp, hidden[i])) * weights[i, 0] + weights[i, 1]
            gates = torch.sigmoid(pre[:3])
            cell[i] = cell[i] * gates[0] + gates[1] * torch.tanh(pre[3])
            hidden[i] = gates[2] * torch.tanh(cell[i])
            inp = hidden[i]
        ypred = inp * w_out + b_out
        lse = torch.log(torch.exp(ypred).sum() + 2)
        total = total + (sequence[t + 1] * (ypred - lse)).sum()
    return -total / ((c - 1) * b)


def mlp(p, a):
    """examples/mlp/model.c: two layers, cross-entropy and weight decay."""
    D, H, C = p.c("D"), p.c("H"), p.c("C")
    W1, W2 = a["W1"].view(D, H), a["W2"].view(H, C)
    hidden = torch.relu(a["X"].view(-1, D) @ W1 + a["b1"])
    scores = hidden @ W2 + a["b2"]
    data_loss = torch.nn.functional.cross_entropy(scores, a["labels"])
    return data_loss + 0.5 * p.const["reg"] * ((W1 * W1).sum() + (W2 * W2).sum())


def neuron(p, a):
    s = a["w0"] * a["x0"] + a["w1"] * a["x1"] + a["w2"]
    return (1.0 / (1.0 + torch.exp(-s))).sum()


def logistic(p, a):
    x, t, lam = p.const["x"], p.const["t"], p.const["lambda"]
    w = a["w"]
    y = 1.0 / (1.0 + torch.exp(-(w * x + a["b"])))
    return (0.5 * (y - t) * (y - t) + lam * 0.5 * w * w).sum()


def objective_of(pid):
    for prefix, f in (("gmm", gmm), ("ba", ba), ("lstm", lstm), ("mlp", mlp),
                      ("neuron", neuron), ("logistic", logistic)):
        if pid.startswith(prefix):
            return f
    raise KeyError(pid)


# ---- Timing and checking ---------------------------------------------------

def batch_of(call):
    """A kind of call as a batch: reps calls, seconds per call."""
    def batch(reps):
        t0 = time.perf_counter()
        for _ in range(reps):
            call()
        return (time.perf_counter() - t0) / reps
    return batch


def c_batch(lib, problem, kind):
    """A batch of the C primal (kind 0) or bpgen's gradient (1), in C."""
    return lambda reps: lib.problem_time(problem, kind, reps)


def time_in_rounds(kinds):
    """Medians over rounds of batches (compare.c: time_kinds), per kind:
    seconds per call, and the ratios to kinds 0 (the C primal) and 1
    (bpgen's gradient) of the same round."""
    reps, round_time = [], 0.0
    for batch in kinds:
        r = 1
        while batch(r) * r < BATCH_SECONDS:
            r *= 2
        reps.append(r)
        round_time += batch(r) * r
    rounds = min(MAX_ROUNDS, max(MIN_ROUNDS, int(TIME_BUDGET / round_time))) | 1
    t = [[0.0] * rounds for _ in kinds]
    for r in range(rounds):
        for i in range(len(kinds)):
            k = (r + i) % len(kinds)
            t[k][r] = kinds[k](reps[k])

    def median(v):
        return sorted(v)[len(v) // 2]
    return ([median(tk) for tk in t],
            [median([tk[r] / t[0][r] for r in range(rounds)]) for tk in t],
            [median([tk[r] / t[1][r] for r in range(rounds)]) for tk in t], rounds)


def difference(p, grads):
    """max |g - bpgen's| / max |bpgen's| over each parameter, the largest."""
    worst = 0.0
    for name in p.params:
        ref, g = p.reference[name], grads[name]
        scale = np.abs(ref).max()
        diff = np.abs(g - ref).max()
        worst = max(worst, diff / scale if scale > 0 else diff)
    return worst


def run(lib, p, out):
    f = objective_of(p.id)
    if f is gmm:
        gmm_setup(p)
    leaves = dict(p.arrays)
    for name in p.params:
        leaves[name] = p.arrays[name].clone().requires_grad_(True)

    def forward():
        with torch.no_grad():
            f(p, p.arrays)

    def gradient():
        for name in p.params:
            leaves[name].grad.zero_()
        f(p, leaves).backward()

    f(p, leaves).backward()             # the .grad buffers, zeroed in place from now on
    check = difference(p, {n: leaves[n].grad.numpy() for n in p.params})
    problem = lib.problem_new(p.id.encode())
    kinds = [c_batch(lib, problem, 0), c_batch(lib, problem, 1), batch_of(forward),
             batch_of(gradient)]
    seconds, ratio, vs_bpgen, rounds = time_in_rounds(kinds)
    lib.problem_delete(problem)
    out.write(f"{p.id},PyTorch,{seconds[3]:.9g},{ratio[3]:.6g},{vs_bpgen[3]:.6g},"
              f"{seconds[2]:.9g},{rounds},{check:.3g},"
              f"\"torch {torch.__version__} float64 {torch.get_num_threads()} thread\"\n")
    out.flush()
    print(f"{p.title:30s} {1e6 * seconds[0]:11.2f} {1e6 * seconds[2]:11.2f}"
          f" {1e6 * seconds[3]:13.2f} {check:9.1e}", flush=True)


def load(path):
    lib = ctypes.CDLL(path)
    lib.problem_new.restype = ctypes.c_void_p
    lib.problem_new.argtypes = [ctypes.c_char_p]
    lib.problem_delete.argtypes = [ctypes.c_void_p]
    lib.problem_time.restype = ctypes.c_double
    lib.problem_time.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_long]
    return lib


def main(argv):
    if len(argv) < 5:
        sys.exit("usage: torch_bench.py LIB DATA OUT.csv ID ...")
    lib = load(argv[1])
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread, float64")
    print(f"{'problem':30s} {'C primal us':>11s} {'forward us':>11s} {'fwd+bwd us':>13s}"
          f" {'vs bpgen':>9s}")
    with open(argv[3], "w") as out:
        out.write("problem,tool,seconds,ratio,vs_bpgen,own_primal_seconds,samples,check,note\n")
        for pid in argv[4:]:
            run(lib, Problem(argv[2], pid), out)


if __name__ == "__main__":
    main(sys.argv)

"""A seeded fuzz of the matrix products against PyTorch 2.13: matmul/@ (every rank pair, folded or
batched as PyTorch chooses), mm, bmm, mv, dot, vdot, inner, outer, ger, kron, the fused addmm/addmv/
addbmm/baddbmm/addr (beta and alpha of every kind), tensordot, linalg.cross/multi_dot/vecdot/matmul,
chain_matmul and cdist, with random shapes (often compatible, sometimes not), dtypes (mixed too),
layouts and out= dtypes. Each call must give PyTorch's values or its exception type and message: the
products check ranks, shapes, dtypes, out= and the bool kernel in orders of their own.

Left out on purpose: einsum (its own table is test_einsum_outcomes), kron of non-contiguous operands
(PyTorch's view fails where a copy would do), and matmul of an empty
batch of mixed dtypes (PyTorch then takes the second operand's dtype).
"""
from __future__ import annotations

import random

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore")

DTYPES = ["float32", "float64", "int64", "int32", "bool", "complex64", "float16", "uint8"]
OPS = ["matmul", "mm", "bmm", "mv", "dot", "vdot", "inner", "outer", "addmm", "addmv", "addbmm", "baddbmm", "addr",
       "tensordot", "kron", "cross", "chain_matmul", "multi_dot", "__matmul__", "ger", "matmul_out", "mm_out",
       "vecdot", "linalg_matmul", "cdist", "tensordot_int"]
TRIALS = 6000


def _shape(rng: random.Random, ndim: int | None = None) -> tuple:
    ndim = rng.choice([0, 1, 1, 2, 2, 2, 3, 4]) if ndim is None else ndim
    return tuple(rng.choice([0, 1, 2, 3, 4]) if rng.random() < 0.08 else rng.choice([1, 2, 3, 4]) for _ in range(ndim))


def _second_shape(rng: random.Random, op: str, s1: tuple) -> tuple:
    """Often a shape the product accepts, else a random one."""
    s2 = _shape(rng)
    if not s1 or rng.random() >= 0.6:
        return s2
    if op in ("matmul", "__matmul__", "linalg_matmul", "matmul_out"):
        return s2[:-2] + (s1[-1],) + s2[-1:] if len(s2) >= 2 else (s1[-1],)
    if op in ("mm", "mm_out", "addmm") and len(s1) == 2:
        return (s1[1], rng.choice([1, 2, 3]))
    if op in ("bmm", "baddbmm", "addbmm") and len(s1) == 3:
        return (s1[0], s1[2], rng.choice([1, 2, 3]))
    if op in ("mv", "addmv") and len(s1) == 2:
        return (s1[1],)
    if op in ("dot", "vdot", "inner", "vecdot"):
        return s1 if rng.random() < 0.7 else s1[-1:]
    return s2


def _case(trial: int):
    rng = random.Random(trial)
    op = rng.choice(OPS)
    s1 = _shape(rng)
    s2 = _second_shape(rng, op, s1)
    d1 = rng.choice(DTYPES)
    d2 = rng.choice(DTYPES) if rng.random() < 0.3 else d1
    s3 = _shape(rng, rng.choice([0, 1, 2]))
    beta, alpha = rng.choice([1, 0, 2, 0.5, True]), rng.choice([1, 2, 0.5, 1j])
    transposed, out_dtype = rng.random() < 0.5, rng.choice([d1, "float32", "float64"])
    dims = rng.choice([1, 2, 0, ([1], [0]), ([0], [1]), ([-1], [0])])
    skip = ((op == "kron" and transposed)
            or (op in ("matmul", "__matmul__", "linalg_matmul", "matmul_out") and d1 != d2 and (0 in s1 or 0 in s2)))

    def call(T, _):
        def make(shape, dtype, seed):
            n = int(np.prod(shape)) if shape else 1
            x = ((T.arange(n, dtype=T.float64).reshape(shape) * (3 + seed)) % 7 - 3).to(getattr(T, dtype))
            if transposed and len(shape) >= 2:
                x = x.transpose(-1, -2).contiguous().transpose(-1, -2)
            return x

        a, b, c = make(s1, d1, 0), make(s2, d2, 1), make(s3, d1, 2)
        if op in ("matmul_out", "mm_out"):
            out = T.empty(0, dtype=getattr(T, out_dtype))
            getattr(T, op[:-4])(a, b, out=out)
            return out
        calls = {
            "matmul": lambda: T.matmul(a, b), "__matmul__": lambda: a @ b,
            "linalg_matmul": lambda: T.linalg.matmul(a, b),
            "addmm": lambda: T.addmm(c, a, b, beta=beta, alpha=alpha),
            "addmv": lambda: T.addmv(c, a, b, beta=beta, alpha=alpha),
            "addbmm": lambda: T.addbmm(c, a, b, beta=beta, alpha=alpha),
            "baddbmm": lambda: T.baddbmm(c, a, b, beta=beta, alpha=alpha),
            "addr": lambda: T.addr(c, a, b, beta=beta, alpha=alpha),
            "tensordot": lambda: T.tensordot(a, b, dims=dims), "tensordot_int": lambda: T.tensordot(a, b, dims=1),
            "cross": lambda: T.linalg.cross(a, b), "chain_matmul": lambda: T.chain_matmul(a, b),
            "multi_dot": lambda: T.linalg.multi_dot([a, b]),
            "vecdot": lambda: T.linalg.vecdot(a, b), "cdist": lambda: T.cdist(a, b),
        }
        return calls[op]() if op in calls else getattr(T, op)(a, b)

    label = (f"{trial}: {op} {d1}{s1} {d2}{s2} input={s3} beta={beta} alpha={alpha} "
             f"{'transposed ' if transposed else ''}out={out_dtype} dims={dims}")
    return label, call, skip


def test_seeded_product_fuzz_matches_pytorch():
    cases = ((label, call) for label, call, skip in map(_case, range(TRIALS)) if not skip)
    failures = oracle.mismatches(cases, lambda call: oracle.check_outcome(call, np.zeros(1), parser_errors_by_type=True,
                                                                         rtol=1e-3, atol=1e-3))
    oracle.assert_no_mismatches(failures, TRIALS)


@pytest.mark.parametrize("requires_grad", [False, True])
@pytest.mark.parametrize("shapes", [((2, 3, 4), (5,)), ((3,), (2, 3, 4)), ((3,), (2, 1, 4)), ((2, 3), (2, 4, 2)),
                                    ((2, 2, 3), (4, 2)), ((2, 1, 3), (2, 1))])
def test_matmul_reports_the_product_it_lowers_to(shapes, requires_grad):
    """PyTorch folds a batch into mm/mv or broadcasts it into bmm by its should_fold rule (strides, and
    whether the smaller operand requires grad); the error then comes from that product."""
    def call(T, a, b):
        a, b = a.detach(), b.detach()
        if requires_grad:
            a.requires_grad_(True)
            b.requires_grad_(True)
        return T.matmul(a, b)

    oracle.check_outcome(call, np.ones(shapes[0]), np.ones(shapes[1]))

"""Oracle table (PyTorch 2.13) of how tensors print: repr/str over dtypes, magnitudes (fixed, integer-valued,
scientific), NaN/inf, summarised long tensors and matrices, print options and profiles; and the complex
constructors keeping each part exact (signed zeros, infinities)."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

CASES: list = []


def case(label, fn, value):
    CASES.append(pytest.param(fn, value, id=label))


def _printed_with(**options):
    """``repr`` under print options, restored to the default profile afterwards."""
    def call(T, x):
        T.set_printoptions(**options)
        try:
            return repr(x)
        finally:
            T.set_printoptions(profile="default")
    return call


VALS = {
 "small": np.array([[-2.5, -1.0, 0.0], [0.5, 1.0, 3.0]]),
 "ints": np.array([[1, -20, 300], [4, 5, 6]]),
 "big": np.array([1e10, 2.5, -3e-5]),
 "tiny": np.array([1e-10, 2e-12]),
 "mixed": np.array([123456.789, 0.001, 1.0]),
 "nan": np.array([np.nan, np.inf, -np.inf, 1.5]),
 "intfloat": np.array([1.0, 2.0, 300.0]),
 "long": np.arange(2000.0),
 "matrix": np.arange(1200.0).reshape(40, 30),
 "3d": np.arange(24.0).reshape(2, 3, 4),
 "empty": np.zeros((0, 3)),
 "scalar": np.array(3.14159),
 "neg0": np.array([-0.0, 0.0]),
 "sci": np.array([1e-5, 1e5, 1.0]),
 "large_int_vals": np.array([1e8, 1.0]),
}
DT = ["float32", "float64", "float16", "int64", "int32", "uint8", "bool", "complex64", "complex128", "int8"]
for k, v in VALS.items():
    for dt in DT:
        case(f"repr-{k}-{dt}", lambda T, x, dt=dt: repr(x.to(getattr(T, dt))), v)
    case(f"str-{k}", lambda T, x: str(x), v)
    case(f"repr-grad-{k}", lambda T, x: repr(x.float().requires_grad_() * 2) if x.numel() else repr(x), v)
    case(f"fmt-{k}", lambda T, x: f"{x.sum():.3f}", v)
case("repr-param", lambda T, x: repr(x.float().requires_grad_()), VALS["small"])
case("repr-view", lambda T, x: repr(x[0]), VALS["small"])
case("repr-sparse-ish", lambda T, x: repr(x.t()), VALS["matrix"])
case("repr-complex-mixed", lambda T, x: repr(T.complex(x, -x * 1000)), VALS["small"].astype(np.float32))
for label, options, value in [
    ("precision", dict(precision=2), "small"), ("sci", dict(sci_mode=True), "small"),
    ("threshold", dict(threshold=5), "matrix"), ("linewidth", dict(linewidth=40), "3d"),
    ("edgeitems", dict(edgeitems=1), "long"), ("short", dict(profile="short"), "mixed"),
    ("full", dict(profile="full"), "intfloat"), ("no-sci", dict(sci_mode=False), "big"),
]:
    case(f"repr-options-{label}", _printed_with(**options), VALS[value])

@pytest.mark.parametrize("fn, value", CASES)
def test_printing_matches_pytorch(fn, value):
    oracle.check_outcome(fn, value)


@pytest.mark.parametrize("op", ["complex", "polar"])
def test_complex_constructors_keep_each_part(op):
    parts = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.5])
    oracle.check(lambda T, a, b: getattr(T, op)(a, b), parts, parts[::-1].copy())
    oracle.check(lambda T, a, b: T.view_as_real(getattr(T, op)(a, b)).signbit(), parts, parts[::-1].copy())

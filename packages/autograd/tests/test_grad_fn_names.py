"""``grad_fn.name()`` as PyTorch's: every case of the gradient test files (the tables test_formula_coverage
reads, ``CASE_FILES``) and a few calls for the overloads those leave out, run by both libraries, the
names of the outputs' ``grad_fn`` compared. Where flambeau's graph is built from a different composition
than PyTorch's, the case is in ``EXPECTED_DIFFERENCES`` with the reason; the test fails when such a case
starts to match (remove its entry then). Cases PyTorch cannot run are skipped."""
from __future__ import annotations

import numpy as np
import pytest

import flambeau_autograd
import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

from ._grad_checks import case_parts
from .test_formula_coverage import CASE_FILES, case_module

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _key(module_name: str, case_id: str) -> str:
    return f"{module_name.removeprefix('test_')}/{case_id}"


CASES = [(_key(m, case_parts(c)[0]),) + case_parts(c)[1:] for m in CASE_FILES for c in case_module(m).CASES]

_rng = np.random.default_rng(3)
M, N, V = _rng.uniform(0.3, 0.9, (3, 3)), _rng.uniform(0.3, 0.9, (3, 3)), _rng.uniform(0.3, 0.9, 3)


def _assigned(index, value=None):
    """``x[index] = v`` on a copy of ``x`` (``v`` a leaf, or ``value`` when given); ``index(lib)``."""
    def fn(lib, x, v):
        z = x * 1
        z[index(lib)] = v if value is None else value
        return z
    return fn


# Overloads (scalar or tensor operands, dims, ranks, dtypes) the case tables do not reach.
OVERLOAD_CASES = [
    ("setitem-int", _assigned(lambda lib: 0), [M, V]),
    ("setitem-slice", _assigned(lambda lib: (slice(None), slice(1, 3))), [M, M[:, :2]]),
    ("setitem-full-scalar", _assigned(lambda lib: (Ellipsis,), 2.0), [M, V]),
    ("setitem-full-tensor", _assigned(lambda lib: (slice(None), slice(0, 3))), [M, V]),
    ("setitem-full-0d", _assigned(lambda lib: slice(None)), [M, np.array(0.5)]),
    ("setitem-advanced", _assigned(lambda lib: lib.tensor([0, 2])), [M, V]),
    ("setitem-mask", _assigned(lambda lib: lib.tensor([True, False, True]), 1.5), [M, V]),
    ("index_put_", lambda lib, x, v: (x * 1).index_put_((lib.tensor([0, 2]),), v), [M, V]),
    ("clamp-scalars", lambda lib, x: lib.clamp(x, 0.4, 0.8), [M]),
    ("clip-min-scalar", lambda lib, x: lib.clip(x, min=0.4), [M]),
    ("lerp-scalar-weight", lambda lib, x, y: lib.lerp(x, y, 0.3), [M, N]),
    ("fmod-tensors", lambda lib, x, y: lib.fmod(x, y), [M, N]),
    ("remainder-tensors", lambda lib, x, y: lib.remainder(x, y), [M, N]),
    ("copysign-scalar", lambda lib, x: lib.copysign(x, -1.0), [M]),
    ("float_power-scalar-exponent", lambda lib, x: lib.float_power(x, 2.0), [M]),
    ("float_power-scalar-base", lambda lib, x: lib.float_power(2.0, x), [M]),
    ("xlogy-scalar-other", lambda lib, x: lib.xlogy(x, 2.0), [M]),
    ("xlog1py-scalar-self", lambda lib, y: lib.special.xlog1py(2.0, y), [M]),
    ("zeta-scalar-other", lambda lib, x: lib.special.zeta(x + 1, 2.0), [M]),
    ("round-decimals", lambda lib, x: lib.round(x, decimals=2), [M]),
    ("squeeze-all", lambda lib, x: x.reshape(3, 1, 3).squeeze(), [M]),
    ("squeeze-dim", lambda lib, x: x.reshape(3, 1, 3).squeeze(1), [M]),
    ("squeeze-dims", lambda lib, x: x.reshape(3, 1, 3, 1).squeeze((1, 3)), [M]),
    ("reshape-copy", lambda lib, x: x.t().reshape(9), [M]),
    ("reshape-view", lambda lib, x: x.reshape(9), [M]),
    ("swapaxes", lambda lib, x: x.swapaxes(0, 1), [M]),
    ("diag-matrix", lambda lib, x: lib.diag(x, 1), [M]),
    ("real-imag", lambda lib, x: lib.view_as_complex(x).imag * lib.view_as_complex(x).real, [M[:, :2]]),
    ("fill-tensor-value", lambda lib, x, v: lib.fill(x, v), [M, np.array(0.5)]),
    ("fill_-scalar", lambda lib, x: (x * 1).fill_(0.5), [M]),
    ("masked_fill-tensor-value", lambda lib, x, v: x.masked_fill(x > 0.6, v), [M, np.array(0.5)]),
    ("index_fill-tensor-value", lambda lib, x, v: x.index_fill(0, lib.tensor([1]), v), [M, np.array(0.5)]),
    ("scatter-scalar-value", lambda lib, x: x.scatter(0, lib.tensor([[1, 0, 2]]), 0.5), [M]),
    ("max-all", lambda lib, x: x.max(), [M]), ("min-all", lambda lib, x: x.min(), [M]),
    ("prod-all", lambda lib, x: x.prod(), [M]), ("nanmedian-all", lambda lib, x: x.nanmedian(), [M]),
    ("median-dim", lambda lib, x: x.median(0).values, [M]),
    ("norm-inf-dim", lambda lib, x: x.norm(p=float("inf"), dim=1), [M]),
    ("matmul-dot", lambda lib, x, y: x @ y, [V, V]), ("matmul-mv", lambda lib, x, y: x @ y, [M, V]),
    ("matmul-vector-matrix", lambda lib, x, y: x @ y, [V, M]), ("matmul-mm", lambda lib, x, y: x @ y, [M, N]),
    ("matmul-batched", lambda lib, x, y: x @ y, [np.stack([M, N]), N]),
    ("fft-real", lambda lib, x: lib.fft.fft(x), [M]),
    ("fft-complex", lambda lib, x: lib.fft.fft(x * 1j), [M]),
    ("ifft-complex", lambda lib, x: lib.fft.ifft2(x * 1j), [M]),
    ("ifft-real", lambda lib, x: lib.fft.ifft(x), [M]),
    ("hfft", lambda lib, x: lib.fft.hfft(x * 1j), [M]),
    ("linalg.inv_ex", lambda lib, x: lib.linalg.inv_ex(x + 3 * lib.eye(3, dtype=x.dtype)).inverse, [M]),
    ("linalg.matrix_norm-fro", lambda lib, x: lib.linalg.matrix_norm(x), [M]),
    ("eq_-tensor", lambda lib, x, y: (x * 1).eq_(y), [M, N]),
    ("lt_-scalar", lambda lib, x: (x * 1).lt_(0.5), [M]),
]
CASES += [(f"overloads/{case_id}", fn, arrays) for case_id, fn, arrays in OVERLOAD_CASES]

_COMPOSED = "tensor-core composes it from other ops (its output node is {}); a node of its own needs tensor-core " \
            "to record the op"
_TORCH_COMPOSES = "PyTorch composes it and names the last op of its composition ({}); flambeau records one " \
                  "node of its own"
_IN_PLACE = "in place: PyTorch's in-place overload has its own number ({}); tensor-core records in-place ops " \
            "under the out-of-place op's name and the node does not know it was in place"
_BOTH_COMPOSE = "both libraries compose it, from different ops: PyTorch's last op is {}, flambeau's {}"
_COPY = "tensor-core copies the view with clone (CloneBackward0); PyTorch has a node of its own ({})"

EXPECTED_DIFFERENCES = {
    **{f"formulas/{k}": _TORCH_COMPOSES.format(v) for k, v in {
        "ndtr": "MulBackward1", "matrix_power": "MmBackward0", "diff": "SubBackward0",
        "kron": "UnsafeViewBackward0", "outer": "MulBackward0", "einsum": "ViewBackward0",
        "einsum_implicit": "ViewBackward0", "tensordot": "ViewBackward0", "einsum_diagonal": "PermuteBackward0",
        "einsum_trace": "SumBackward1", "einsum_diagonal_summed": "SumBackward1",
        "einsum_diagonal_of_second": "ViewBackward0"}.items()},
    **{f"formula_coverage/{k}": _TORCH_COMPOSES.format(v) for k, v in {
        "matrix_power": "MmBackward0", "chain_matmul": "ViewBackward0", "linalg.multi_dot": "ViewBackward0",
        "inner": "ViewBackward0", "einsum-ellipsis": "ViewBackward0",
        "einsum-implicit-ellipsis": "MulBackward0"}.items()},
    **{f"formula_coverage/{k}": _BOTH_COMPOSE.format(*v) for k, v in {
        "repeat_interleave": ("ViewBackward0", "IndexSelectBackward0"),
        "Tensor.repeat_interleave": ("ViewBackward0", "IndexSelectBackward0"),
        "trapz": ("MulBackward1", "SumBackward1"), "linalg.cond-1": ("NanToNumBackward0", "WhereBackward0"),
        "linalg.cond--1": ("NanToNumBackward0", "WhereBackward0"),
        "linalg.cond-inf": ("NanToNumBackward0", "WhereBackward0")}.items()},
    **{f"math_extras_grad/{k}": _BOTH_COMPOSE.format(*v) for k, v in {
        "trapezoid": ("DivBackward1", "SumBackward1"), "cond_2": ("SqueezeBackward1", "DivBackward0"),
        "cond_fro": ("NanToNumBackward0", "WhereBackward0"), "tensorinv": ("ReshapeAliasBackward0", "ViewBackward0"),
        "combinations": ("StackBackward0", "IndexBackward0"),
        "linalg_vander": ("CatBackward0", "CumprodBackward0")}.items()},
    **{f"math_extras_grad/{k}": _COMPOSED.format(v) for k, v in {
        "ldexp": "MulBackward0", "deg2rad": "MulBackward0", "rad2deg": "MulBackward0", "renorm": "MulBackward0",
        "renorm_p1": "MulBackward0", "dist": "LinalgVectorNormBackward0 of the difference",
        "block_diag": "CatBackward0", "lu": "AddBackward0/MulBackward0 of the unpacked factors",
        "lu_solve": "MmBackward0 after triangular solves", "lu_solve_right": "TransposeBackward0",
        "householder_product": "SubBackward0"}.items()},
    **{f"formula_coverage/{k}": _COMPOSED.format(v) for k, v in {
        "deg2rad_": "MulBackward0", "rad2deg_": "MulBackward0", "ldexp_": "MulBackward0",
        "Tensor.renorm_": "CopyBackwards", "Tensor.renorm_-p1": "CopyBackwards",
        "lu_unpack": "AddBackward0/MulBackward0", "lu_solve": "LinalgSolveTriangularBackward0",
        "rot90": "TransposeBackward0 of a flip", "orgqr": "SubBackward0", "ormqr": "SubBackward0",
        "ormqr-right-transpose": "SubBackward0"}.items()},
    "math_extras_grad/triangular_solve": "tensor-core records triangular_solve as linalg.solve_triangular (the "
                                         "same node for both), PyTorch names it TriangularSolveBackward0",
    **{f"formula_coverage/{k}": _IN_PLACE.format(v) for k, v in {
        "Tensor.t_": "TBackward1", "Tensor.squeeze_": "SqueezeBackward4", "acosh_": "AcoshBackward1",
        "arcsinh_": "AsinhBackward1", "arctanh_": "AtanhBackward1", "Tensor.polygamma_": "PolygammaBackward1",
        "Tensor.swapaxes_": "TransposeBackward1", "Tensor.swapdims_": "TransposeBackward1",
        "Tensor.transpose_": "TransposeBackward1", "Tensor.unsqueeze_": "UnsqueezeBackward1"}.items()},
    "complex_views_grad/conj_physical_": _IN_PLACE.format("ConjPhysicalBackward1"),
    **{f"formula_coverage/{k}": _COPY.format(v) for k, v in {
        "alias_copy": "AliasBackward0_copy", "as_strided_copy": "AsStridedBackward0_copy",
        "diagonal_copy": "DiagonalBackward0_copy", "expand_copy": "ExpandBackward0_copy",
        "narrow_copy": "NarrowCopyBackward0", "permute_copy": "PermuteBackward0_copy",
        "select_copy": "SelectBackward0_copy", "slice_copy": "SliceBackward0_copy",
        "split_with_sizes_copy": "SplitWithSizesBackward0_copy", "squeeze_copy": "SqueezeBackward0_copy",
        "t_copy": "TBackward0_copy", "unbind_copy": "UnbindBackward0_copy", "unfold_copy": "UnfoldBackward0_copy",
        "unsqueeze_copy": "UnsqueezeBackward0_copy", "view_copy": "ViewBackward0_copy"}.items()},
    "complex_views_grad/view_as_real_copy": _COPY.format("ViewAsRealBackward0_copy"),
}


def _output_names(lib, fn, arrays) -> list:
    leaves = [lib.tensor(np.array(a, dtype=np.float64), requires_grad=True) for a in arrays]
    return [None if t.grad_fn is None else t.grad_fn.name().replace("torch::autograd::", "")
            for t in _tensors(fn(lib, *leaves))]


def _tensors(result) -> list:
    if isinstance(result, (tuple, list)):
        return [t for r in result for t in _tensors(r)]
    return [result] if hasattr(result, "grad_fn") else []


@pytest.mark.parametrize("key, fn, arrays", CASES, ids=[c[0] for c in CASES])
def test_grad_fn_name_as_pytorch(key, fn, arrays):
    torch = oracle.torch()
    try:
        theirs = _output_names(torch, fn, arrays)
    except Exception as error:     # any failure: there is no name to compare with
        pytest.skip(f"PyTorch cannot run it: {type(error).__name__}: {error}")
    ours = _output_names(ft, fn, arrays)
    leaves = [ft.tensor(np.array(a, dtype=np.float64), requires_grad=True) for a in arrays]
    nodes = [t.grad_fn for t in _tensors(fn(ft, *leaves)) if t.grad_fn is not None]
    assert [type(node).__name__ for node in nodes] == [node.name() for node in nodes]
    if key in EXPECTED_DIFFERENCES:
        assert ours != theirs, f"{key} now has PyTorch's names {theirs}: remove it from EXPECTED_DIFFERENCES"
    else:
        assert ours == theirs


def test_every_expected_difference_names_a_case():
    assert not set(EXPECTED_DIFFERENCES) - {c[0] for c in CASES}


def _type_names(lib, function_type) -> list:
    """``type(...).__name__`` of nodes of several kinds: plain ops, a name set by params, an in-place
    write into a view (CopySlices), a custom Function, and the AccumulateGrad of a leaf."""
    class Double(function_type):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    x = lib.tensor([0.5, 1.0], requires_grad=True)
    written = x * 1
    written[0] = 3.0
    nodes = [x.log1p().grad_fn, (x * x).grad_fn, (x + 1).grad_fn, (2.0 - x).grad_fn, x.sum().grad_fn,
             x.sum(0).grad_fn, x[0].grad_fn, written.grad_fn, Double.apply(x).grad_fn,
             (x * 1).grad_fn.next_functions[0][0]]
    return [type(node).__name__ for node in nodes]


def test_type_of_grad_fn_is_named_as_pytorchs():
    """Each node is an instance of a class named after it (``MulBackward0``...), as PyTorch's are, and
    still a ``Node``."""
    torch = oracle.torch()
    assert _type_names(ft, flambeau_autograd.Function) == _type_names(torch, torch.autograd.Function)
    x = ft.tensor([0.5, 1.0], requires_grad=True)
    node = (x * x).grad_fn
    assert isinstance(node, flambeau_autograd.graph.Node) and type(node) is type((x * 3.0).grad_fn)
    assert type(node).__name__ == node.name() == "MulBackward0"


def test_sub_nodes_recorded_as_rsub_are_named_as_pytorchs():
    """tensor-core marks ``number - tensor`` with params {"rsub": 1} (and rsub of two tensors with 0);
    the node is then PyTorch's RsubBackward1/0 with the gradient of sub."""
    x = ft.tensor([1.0, 2.0], requires_grad=True)
    for n in (0, 1):
        result = ft.tensor([2.0, 2.0]) - x.detach()
        ft._core.record("sub", (2.0, x), {"rsub": n}, (result,))
        assert result.grad_fn.name() == f"RsubBackward{n}"
        result.sum().backward()
        assert x.grad.tolist() == [-1.0, -1.0]
        x.grad = None
    assert (ft.tensor([2.0]) - x).grad_fn.name() == "SubBackward0"


@pytest.mark.parametrize("call", [
    lambda lib, x: 2.0 - x, lambda lib, x: lib.sub(2.0, x), lambda lib, x: lib.rsub(x, 2.0),
    lambda lib, x: lib.rsub(x, lib.ones(2)), lambda lib, x: x.__rsub__(2), lambda lib, x: x - 1,
    lambda lib, x: lib.rsub(x, 3.0, alpha=2),
], ids=["number-tensor", "sub(number,tensor)", "rsub(tensor,number)", "rsub(tensor,tensor)", "__rsub__",
        "tensor-number", "rsub-alpha"])
def test_reversed_subtractions_name_their_nodes_as_pytorch(call):
    torch = oracle.torch()
    names, values = [], []
    for lib in (ft, torch):
        x = lib.tensor([1.0, 4.0], requires_grad=True)
        result = call(lib, x)
        result.sum().backward()
        names.append(result.grad_fn.name())
        values.append((result.tolist(), x.grad.tolist()))
    assert names[0] == names[1] and values[0] == values[1]


@pytest.mark.parametrize("ord_", ["nuc", 2, -2, 1, -1, float("inf"), float("-inf"), "fro"])
@pytest.mark.parametrize("dim", [(-2, -1), (0, 2), (2, 0)])
@pytest.mark.parametrize("keepdim", [False, True])
def test_matrix_norm_node_is_named_as_pytorchs_last_node(ord_, dim, keepdim):
    """PyTorch's matrix_norm is composite: its grad_fn is its last op (SumBackward1 for 'nuc', Amax/Amin for
    the others, PermuteBackward0 for the singular-value orders with keepdim)."""
    torch = oracle.torch()
    names = []
    for lib in (torch, ft):
        x = lib.ones(2, 3, 4, dtype=lib.float64, requires_grad=True)
        names.append(lib.linalg.matrix_norm(x + 0.5 * lib.arange(24.0).reshape(2, 3, 4), ord_, dim, keepdim)
                     .grad_fn.name())
    assert names[1] == names[0]


@pytest.mark.parametrize("fn", [
    lambda lib, x, y: lib.nanmean(x), lambda lib, x, y: lib.nanmean(x, 1, keepdim=True),
    lambda lib, x, y: lib.linalg.vecdot(x, y), lambda lib, x, y: lib.linalg.vecdot(x[0], y[0]),
    lambda lib, x, y: lib.linalg.vecdot(y, x), lambda lib, x, y: lib.linalg.vecdot(x[0], y),
])
def test_composite_reductions_are_named_as_pytorchs_last_node(fn):
    """nanmean is nansum / count in PyTorch (DivBackward0); vecdot a sum (SumBackward1), or vdot of two vectors."""
    torch = oracle.torch()
    names = [fn(lib, lib.ones(2, 3, requires_grad=True), lib.ones(2, 3)).grad_fn.name() for lib in (torch, ft)]
    assert names[1] == names[0]

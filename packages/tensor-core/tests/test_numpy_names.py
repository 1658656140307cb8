"""NumPy's argument spellings (``axis=``, ``keepdims=``, ``x=``/``a=``/``x1=``, ``x2=``), accepted by the
ops PyTorch binds in C++ and refused by its Python-level ones, checked against PyTorch 2.13."""
from __future__ import annotations

import inspect
import types

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core import numpy_names
from flambeau_tensor_core.testing import oracle

X = oracle.randn(3, 4, dtype=np.float64)
INDEX = np.array([[0, 2, 1, 0]])
ROWS = np.array([0, 2])

CALLS = {
    "sum": lambda T, x: T.sum(x, axis=1, keepdims=True),
    "sum_method": lambda T, x: x.sum(axis=(0, 1)),
    "sum_a": lambda T, x: T.sum(a=x),
    "mean": lambda T, x: x.mean(axis=0, keepdims=True),
    "nansum": lambda T, x: T.nansum(x, axis=1),
    "nanmean": lambda T, x: x.nanmean(axis=1, keepdims=True),
    "prod": lambda T, x: x.prod(axis=1, keepdims=True),
    "std": lambda T, x: T.std(x, axis=1, correction=0),
    "var": lambda T, x: x.var(axis=0, keepdims=True),
    "std_mean": lambda T, x: tuple(T.std_mean(x, axis=1)),
    "var_mean": lambda T, x: tuple(T.var_mean(x, axis=1, keepdims=True)),
    "max": lambda T, x: tuple(T.max(x, axis=1, keepdims=True)),
    "min_method": lambda T, x: tuple(x.min(axis=0)),
    "amax": lambda T, x: x.amax(axis=1, keepdims=True),
    "amin": lambda T, x: T.amin(x, axis=(0, 1)),
    "aminmax": lambda T, x: tuple(T.aminmax(x, axis=1, keepdims=True)),
    "argmax": lambda T, x: x.argmax(axis=1, keepdims=True),
    "argmin": lambda T, x: T.argmin(x, axis=0),
    "all": lambda T, x: (x > 0).all(axis=1, keepdims=True),
    "any": lambda T, x: T.any(x > 0, axis=0),
    "count_nonzero": lambda T, x: T.count_nonzero(x > 0, axis=1),
    "logsumexp": lambda T, x: x.logsumexp(axis=1, keepdims=True),
    "median": lambda T, x: tuple(x.median(axis=1, keepdims=True)),
    "nanmedian": lambda T, x: tuple(T.nanmedian(x, axis=0)),
    "mode": lambda T, x: tuple(x.round().mode(axis=1)),
    "quantile": lambda T, x: T.quantile(x, 0.25, axis=1, keepdims=True),
    "nanquantile": lambda T, x: x.nanquantile(0.5, axis=0),
    "kthvalue": lambda T, x: tuple(x.kthvalue(2, axis=1, keepdims=True)),
    "cumsum": lambda T, x: T.cumsum(x, axis=1),
    "cumsum_": lambda T, x: x.clone().cumsum_(axis=0),
    "cumprod": lambda T, x: x.cumprod(axis=1),
    "cummax": lambda T, x: tuple(T.cummax(x, axis=0)),
    "cummin": lambda T, x: tuple(x.cummin(axis=1)),
    "logcumsumexp": lambda T, x: x.logcumsumexp(axis=1),
    "softmax": lambda T, x: x.softmax(axis=1),
    "log_softmax": lambda T, x: T.log_softmax(x, axis=0),
    "sort": lambda T, x: tuple(T.sort(x, axis=0, descending=True)),
    "argsort": lambda T, x: x.argsort(axis=1),
    "topk": lambda T, x: tuple(x.topk(2, axis=0)),
    "diff": lambda T, x: T.diff(x, axis=0),
    "cat": lambda T, x: T.cat([x, x], axis=1),
    "concatenate": lambda T, x: T.concatenate([x, x], axis=0),
    "stack": lambda T, x: T.stack([x, x], axis=2),
    "chunk": lambda T, x: x.chunk(2, axis=1),
    "tensor_split": lambda T, x: T.tensor_split(x, 3, axis=1),
    "split_with_sizes": lambda T, x: x.split_with_sizes([1, 3], axis=1),
    "unbind": lambda T, x: x.unbind(axis=1),
    "narrow": lambda T, x: x.narrow(axis=1, start=1, length=2),
    "select": lambda T, x: T.select(x, axis=1, index=3),
    "squeeze": lambda T, x: x[:1].squeeze(axis=0),
    "unsqueeze": lambda T, x: T.unsqueeze(x, axis=1),
    "unsqueeze_": lambda T, x: x.clone().unsqueeze_(axis=0),
    "unflatten": lambda T, x: T.unflatten(x, axis=1, sizes=(2, 2)),
    "repeat_interleave": lambda T, x: x.repeat_interleave(2, axis=0),
    "index_select": lambda T, x, rows: x.index_select(axis=0, index=rows),
    "index_add": lambda T, x, rows: T.index_add(x, axis=0, index=rows, source=x[:2]),
    "index_fill_": lambda T, x, rows: x.clone().index_fill_(axis=0, index=rows, value=-1.0),
    "gather": lambda T, x, index: x.gather(axis=0, index=index),
    "scatter_add": lambda T, x, index: T.scatter_add(x, axis=0, index=index, src=x[:1]),
    "take_along_dim": lambda T, x, index: T.take_along_dim(x, index, axis=0),
    "renorm": lambda T, x: x.renorm(2, axis=0, maxnorm=1.0),
    "cosine_similarity": lambda T, x: T.cosine_similarity(x1=x, x2=x.flip(0), axis=1),
    "cross": lambda T, x: T.cross(x[:, :3], x[:, 1:], axis=1),
    "trapezoid": lambda T, x: T.trapezoid(x, axis=0),
    "linalg.vector_norm": lambda T, x: T.linalg.vector_norm(x, axis=1, keepdims=True),
    "linalg.matrix_norm": lambda T, x: T.linalg.matrix_norm(x[None], axis=(1, 2), keepdims=True),
    "linalg.norm": lambda T, x: T.linalg.norm(x, axis=0),
    "linalg.vecdot": lambda T, x: T.linalg.vecdot(x, x, axis=0),
    "fft.fft": lambda T, x: T.fft.fft(x, axis=0),
    "fft.rfftn": lambda T, x: T.fft.rfftn(x, axis=(0, 1)),
    "fft.fftshift": lambda T, x: T.fft.fftshift(x, axis=1),
    "special.logsumexp": lambda T, x: T.special.logsumexp(x, axis=1, keepdims=True),
    "special.softmax": lambda T, x: T.special.softmax(x, axis=0),
}


def _arguments(call) -> tuple:
    extra = {"rows": ROWS, "index": INDEX}
    return (X,) + tuple(extra[p] for p in list(inspect.signature(call).parameters)[2:])


@pytest.mark.parametrize("case", CALLS)
def test_numpy_spellings_work_as_in_pytorch(case):
    call = CALLS[case]
    oracle.check(call, *_arguments(call), rtol=1e-9, atol=1e-12)


REFUSED = {
    "both_dim_and_axis": lambda T, x: T.sum(x, dim=1, axis=1),
    "split_is_python_in_pytorch": lambda T, x: T.split(x, 2, axis=1),
    "norm_is_python_in_pytorch": lambda T, x: T.norm(x, axis=1),
    "unique_is_python_in_pytorch": lambda T, x: x.unique(axis=0),
    "permute_has_dims_not_dim": lambda T, x: x.permute(axis=(1, 0)),
    "flip_has_dims_not_dim": lambda T, x: T.flip(x, axis=(0,)),
}


@pytest.mark.parametrize("case", REFUSED)
def test_other_spellings_are_type_errors_as_in_pytorch(case):
    oracle.check_outcome(REFUSED[case], X, parser_errors_by_type=True)


def _namespace_tables():
    return [(ft, numpy_names.FUNCTIONS, "torch"), (ft.Tensor, numpy_names.METHODS, "torch.Tensor"),
            (ft.linalg, numpy_names.LINALG, "torch.linalg"), (ft.fft, numpy_names.FFT, "torch.fft"),
            (ft.special, numpy_names.SPECIAL, "torch.special")]


def test_every_listed_op_is_wrapped_once():
    wrapper_code = numpy_names.accepting_numpy_names(len).__code__
    for namespace, names, _ in _namespace_tables():
        for name in names:
            wrapped = getattr(namespace, name)
            assert getattr(wrapped, "__code__", None) is wrapper_code, f"{name} is not wrapped"
            assert getattr(wrapped.__wrapped__, "__code__", None) is not wrapper_code, f"{name} is wrapped twice"


def test_every_listed_op_is_bound_in_cpp_by_pytorch():
    """Only ops PyTorch parses in C++ take the spellings; its Python-level ops must not be listed."""
    torch = oracle.torch()
    for _, names, path in _namespace_tables():
        namespace = torch
        for part in path.split(".")[1:]:
            namespace = getattr(namespace, part)
        for name in names:
            counterpart = getattr(namespace, name)
            assert not isinstance(counterpart, types.FunctionType), f"{path}.{name} is Python in PyTorch"


def test_a_real_parameter_named_like_an_alias_is_not_translated():
    a, b = ft.tensor([[1.0, 0.0]]), ft.tensor([[1.0, 1.0]])
    assert ft.cosine_similarity(x1=a, x2=b).item() == pytest.approx(2 ** -0.5)

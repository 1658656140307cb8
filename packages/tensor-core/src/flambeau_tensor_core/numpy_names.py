"""NumPy's spellings of argument names, accepted where PyTorch's argument parser accepts them.

PyTorch's C++-bound functions and methods take ``axis=`` for ``dim=``, ``keepdims=`` for ``keepdim=``,
``x=``/``a=``/``x1=`` for ``input=`` and ``x2=`` for ``other=`` (``x.sum(axis=1, keepdims=True)``),
unless the function has a parameter of that name itself (``cosine_similarity(x1, x2)``). Its
Python-level functions (``split``, ``norm``, ``unique``, ``nn.functional``) do not.

Here the ops that take a ``dim`` or ``keepdim`` and are C++ in PyTorch are wrapped: the wrapper costs one
call and a set test when keyword arguments are given, so other ops — ``size``/``stride``, pointwise ops
whose only aliases would be ``x=``/``x2=`` — are left unwrapped to keep their per-call overhead.
"""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any

_ALIASES = {"axis": "dim", "keepdims": "keepdim", "x": "input", "a": "input", "x1": "input", "x2": "other"}
_ALIAS_NAMES = frozenset(_ALIASES)

# Ops that PyTorch binds in C++ and that take a ``dim``/``keepdim``, by namespace.
FUNCTIONS = (
    "all", "amax", "amin", "aminmax", "any", "argmax", "argmin", "argsort", "cat", "chunk", "concat",
    "concatenate", "cosine_similarity", "count_nonzero", "cross", "cummax", "cummin", "cumprod", "cumsum",
    "cumulative_trapezoid", "diff", "frobenius_norm", "gather", "gradient", "index_add", "index_copy",
    "index_fill", "index_reduce", "index_select", "kthvalue", "log_softmax", "logcumsumexp", "logsumexp", "max",
    "mean", "median", "min", "mode", "nanmean", "nanmedian", "nanquantile", "nansum", "narrow", "narrow_copy",
    "nuclear_norm", "pairwise_distance", "prod", "quantile", "renorm", "repeat_interleave", "scatter",
    "scatter_add", "scatter_reduce", "select", "select_copy", "select_scatter", "slice_copy", "slice_scatter",
    "softmax", "sort", "split_copy", "split_with_sizes", "split_with_sizes_copy", "squeeze", "squeeze_copy",
    "stack", "std", "std_mean", "sum", "take_along_dim", "tensor_split", "topk", "trapezoid", "trapz", "unbind",
    "unbind_copy", "unflatten", "unsafe_chunk", "unsafe_split", "unsafe_split_with_sizes", "unsqueeze",
    "unsqueeze_copy", "var", "var_mean",
)
METHODS = (
    "all", "amax", "amin", "aminmax", "any", "argmax", "argmin", "argsort", "chunk", "count_nonzero", "cross",
    "cummax", "cummin", "cumprod", "cumprod_", "cumsum", "cumsum_", "diff", "gather", "index_add", "index_add_",
    "index_copy", "index_copy_", "index_fill", "index_fill_", "index_reduce", "index_reduce_", "index_select",
    "kthvalue", "log_softmax", "logcumsumexp", "logsumexp", "max", "mean", "median", "min", "mode", "nanmean",
    "nanmedian", "nanquantile", "nansum", "narrow", "narrow_copy", "prod", "quantile", "renorm", "renorm_",
    "repeat_interleave", "scatter", "scatter_", "scatter_add", "scatter_add_", "scatter_reduce",
    "scatter_reduce_", "select", "select_scatter", "slice_scatter", "softmax", "sort", "split_with_sizes",
    "squeeze", "squeeze_", "std", "sum", "take_along_dim", "tensor_split", "topk", "unbind", "unsafe_chunk",
    "unsafe_split", "unsafe_split_with_sizes", "unsqueeze", "unsqueeze_", "var",
)
LINALG = ("cross", "matrix_norm", "norm", "vecdot", "vector_norm")
FFT = ("fft", "fft2", "fftn", "fftshift", "hfft", "hfft2", "hfftn", "ifft", "ifft2", "ifftn", "ifftshift", "ihfft",
       "ihfft2", "ihfftn", "irfft", "irfft2", "irfftn", "rfft", "rfft2", "rfftn")
SPECIAL = ("log_softmax", "logsumexp", "softmax")


@functools.cache
def _own_parameters(function: Callable) -> frozenset:
    """The parameter names ``function`` declares (an alias that is one of them is not translated)."""
    try:
        return frozenset(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return frozenset()


def _translated(function: Callable, name: str, kwargs: dict) -> dict:
    own = _own_parameters(function)
    translated: dict = {}
    for key, value in kwargs.items():
        target = _ALIASES[key] if key in _ALIAS_NAMES and key not in own else key
        if target in translated:
            raise TypeError(f"{name}() got multiple values for argument '{target}'")
        translated[target] = value
    return translated


def accepting_numpy_names(function: Callable) -> Callable:
    """``function`` that also takes ``axis=``, ``keepdims=``, ``x=``/``a=``/``x1=`` and ``x2=``."""
    name = function.__name__

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        if kwargs and not _ALIAS_NAMES.isdisjoint(kwargs):
            kwargs = _translated(function, name, kwargs)
        return function(*args, **kwargs)

    return call


def install(namespace: Any, names: Iterable[str]) -> None:
    """Replace each of ``names`` in ``namespace`` (a module's globals dict, a module or a class) by its
    wrapped form; a name shared by two namespaces gets one wrapper each."""
    for name in names:
        if isinstance(namespace, dict):
            namespace[name] = accepting_numpy_names(namespace[name])
        else:
            setattr(namespace, name, accepting_numpy_names(getattr(namespace, name)))

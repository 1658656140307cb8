"""Memory formats and layouts: ``flambeau.channels_last`` & co., as ``torch.memory_format``/``torch.layout``.

A memory format names an order of a tensor's elements in memory: ``contiguous_format`` (row-major),
``channels_last`` (NCHW sizes laid out as NHWC, for 4-d tensors), ``channels_last_3d`` (NCDHW as
NDHWC, 5-d) and ``preserve_format`` (the order of the input, for ops that make one tensor like
another). Strides are PyTorch's, element for element, so ``stride()`` and
``is_contiguous(memory_format=...)`` answer as in PyTorch. The rules, from c10's ``TensorImpl`` and
ATen's ``empty_like``:

* a tensor *is* ``channels_last`` contiguous when, visiting dims C, W, H, N and skipping size-1 ones,
  each stride equals the product of the sizes visited before;
* ``preserve_format`` keeps the input's strides when they are dense and non-overlapping, and otherwise
  lays the result out densely in the order of the input's strides (``infer_dense_strides``), which is
  also how ``clone`` and ``to`` choose strides by default.

This module also gives ``Tensor.layout`` (always ``strided``) and the methods ``contiguous`` and
``is_contiguous``; the ``*_like``/``clone``/``to``/``empty`` functions call :func:`like_strides`,
:func:`format_strides` and :func:`empty_strided_array`.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._backend import array_module_of
from ._core import TensorBase, fills_memory_densely
from .tensor import Tensor

# ---- the types --------------------------------------------------------------------------------------


class _NamedSingleton:
    """A fixed set of named objects that scripts compare by identity (``x.layout is torch.strided``):
    not constructible, printed with PyTorch's spelling, pickled by name (loads as the same object)."""

    __module__ = "flambeau_tensor_core"
    __slots__ = ("_name",)

    def __new__(cls, *args: Any, **kwargs: Any) -> _NamedSingleton:
        raise TypeError(f"cannot create 'torch.{cls.__name__}' instances")

    @classmethod
    def _define(cls, name: str) -> Any:
        instance = object.__new__(cls)
        instance._name = name
        return instance

    def __repr__(self) -> str:
        return "torch." + self._name   # PyTorch's spelling, as dtypes

    def __reduce__(self) -> str:
        return self._name          # the module attribute of that name


class memory_format(_NamedSingleton):  # noqa: N801  (PyTorch's spelling)
    """A memory format (``channels_last`` …), as ``torch.memory_format``."""

    __slots__ = ()


class layout(_NamedSingleton):  # noqa: N801  (PyTorch's spelling)
    """A tensor layout; every flambeau tensor is ``strided`` (``sparse_coo`` exists as a name only)."""

    __slots__ = ()


contiguous_format = memory_format._define("contiguous_format")
channels_last = memory_format._define("channels_last")
channels_last_3d = memory_format._define("channels_last_3d")
preserve_format = memory_format._define("preserve_format")

strided = layout._define("strided")
sparse_coo = layout._define("sparse_coo")

# the dims visited from fastest to slowest by each channels-last format, and the rank it needs
_CHANNELS_LAST_ORDER = {channels_last: ((1, 3, 2, 0), 4), channels_last_3d: ((1, 4, 3, 2, 0), 5)}


def memory_format_argument(value: Any, function: str, default: memory_format = preserve_format) -> memory_format:
    """``value`` checked as a ``memory_format=`` argument of ``function`` (``None`` means ``default``)."""
    if value is None:
        return default
    if type(value) is not memory_format:
        raise TypeError(f"{function}(): argument 'memory_format' must be flambeau.memory_format, "
                        f"not {type(value).__name__}")
    return value


# ---- stride rules -------------------------------------------------------------------------------------
def _rank_checked(fmt: memory_format, ndim: int) -> tuple:
    order, rank = _CHANNELS_LAST_ORDER[fmt]
    if ndim != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {fmt._name} format")
    return order


def contiguous_strides(shape: Sequence[int]) -> tuple:
    """Row-major strides in elements (a size-0 or size-1 dim counts as 1, as in PyTorch)."""
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def format_strides(shape: Sequence[int], fmt: memory_format) -> tuple:
    """The strides of a fresh tensor of ``shape`` in ``fmt`` (not ``preserve_format``), with PyTorch's
    error for a channels-last format on a tensor of the wrong rank."""
    if fmt is contiguous_format:
        return contiguous_strides(shape)
    if fmt is preserve_format:
        raise RuntimeError("unsupported memory format Preserve")
    strides, step = [0] * len(shape), 1
    for d in _rank_checked(fmt, len(shape)):
        strides[d] = step
        step *= shape[d]      # (unlike row-major strides, a size-0 dim is not counted as 1: c10's rule)
    return tuple(strides)


def is_format_contiguous(shape: Sequence[int], strides: Sequence[int], fmt: memory_format) -> bool:
    """Whether ``strides`` are exactly ``fmt``'s order of ``shape``, size-1 dims ignored (c10's
    ``is_channels_last_contiguous``); for ``contiguous_format``/``preserve_format``: row-major."""
    if fmt in _CHANNELS_LAST_ORDER:
        order, rank = _CHANNELS_LAST_ORDER[fmt]
        if len(shape) != rank:
            return False
    else:
        if 0 in shape:
            return True
        order = range(len(shape) - 1, -1, -1)
    expected = 1
    for d in order:
        if shape[d] != 1:
            if strides[d] != expected:
                return False
            expected *= shape[d]
    return True


def is_non_overlapping_and_dense(shape: Sequence[int], strides: Sequence[int]) -> bool:
    """Whether the elements fill a block of memory exactly once in some order of the dims (c10)."""
    return fills_memory_densely(tuple(shape), tuple(strides), 1)


def insertion_sort_dims(perm: list, should_swap: Callable[[int, int], int]) -> list:
    """ATen's stable insertion sort of a dimension order, in place: ``should_swap(a, b)`` > 0 moves ``b``
    in front of ``a``, < 0 stops the walk, 0 (undecided) walks on past ``a``."""
    for i in range(1, len(perm)):
        right = i
        for left in reversed(range(i)):
            order = should_swap(perm[left], perm[right])
            if order > 0:
                perm[left], perm[right] = perm[right], perm[left]
                right = left
            elif order < 0:
                break
    return perm


def infer_dense_strides(shape: Sequence[int], strides: Sequence[int]) -> tuple:
    """Dense strides keeping the order of ``strides`` (ATen's ``infer_dense_strides``, TensorIterator's
    order): dims sorted by stride, ties broken by size, stride-0 dims left where they are."""
    ndim = len(shape)
    perm = list(range(ndim - 1, -1, -1))    # fastest first

    def should_swap(d0: int, d1: int) -> int:
        s0, s1 = strides[d0], strides[d1]
        if s0 == 0 or s1 == 0:
            return 0
        if s0 != s1:
            return -1 if s0 < s1 else 1
        return 1 if shape[d0] > shape[d1] else 0

    insertion_sort_dims(perm, should_swap)
    result, step = [0] * ndim, 1
    for d in perm:
        result[d] = step
        if shape[d] > 1:
            step *= shape[d]
    return tuple(result)


def element_strides(array: Any) -> tuple:
    itemsize = array.itemsize
    return tuple(s // itemsize for s in array.strides)


def like_strides(input: TensorBase, fmt: memory_format) -> tuple:
    """The strides of a new tensor made like ``input`` in ``fmt`` (``preserve_format``: see the module doc)."""
    shape = input._data.shape
    if fmt is not preserve_format:
        return format_strides(shape, fmt)
    strides = element_strides(input._data)
    if is_non_overlapping_and_dense(shape, strides):
        return strides
    return infer_dense_strides(shape, strides)


def suggest_memory_format(input: TensorBase) -> memory_format:
    """The format ``input``'s strides look like (c10's ``is_strides_like_channels_last``): what a
    convolution gives its output, and what ``to(memory_format=f)`` compares with ``f`` to return ``input``."""
    shape, strides = input._data.shape, element_strides(input._data)
    for fmt, (order, rank) in _CHANNELS_LAST_ORDER.items():
        if len(shape) == rank and _strides_like(shape, strides, order):
            return fmt
    return contiguous_format


def _strides_like(shape: tuple, strides: tuple, order: tuple) -> bool:
    if strides[1] == 0:
        return False
    smallest = 0
    for d in order:
        if shape[d] == 0 or strides[d] < smallest:
            return False
        if d == 0 and smallest == strides[1]:   # N111-like ambiguity: PyTorch defaults to contiguous
            return False
        smallest = strides[d] * shape[d] if shape[d] > 1 else strides[d]
    return True


# ---- allocation ----------------------------------------------------------------------------------------
def empty_strided_array(xp: Any, shape: Sequence[int], strides: Sequence[int], numpy_dtype: Any) -> Any:
    """An uninitialised NumPy/CuPy array of ``shape`` with ``strides`` (in elements, non-negative) over
    a fresh buffer just large enough."""
    shape = tuple(shape)
    if strides == contiguous_strides(shape):
        return xp.empty(shape, dtype=numpy_dtype)
    extent = 1 + sum((n - 1) * s for n, s in zip(shape, strides)) if all(shape) else 0
    buffer = xp.empty(extent, dtype=numpy_dtype)
    itemsize = buffer.itemsize
    return xp.lib.stride_tricks.as_strided(buffer, shape, tuple(s * itemsize for s in strides))


def copy_with_strides(array: Any, strides: Sequence[int]) -> Any:
    """A copy of ``array`` (same module, dtype) laid out with ``strides``."""
    xp = array_module_of(array)
    if array.ndim == 0:
        return array.copy()
    out = empty_strided_array(xp, array.shape, strides, array.dtype)
    out[...] = array
    return out


def copy_laid_out_like(array: Any, input: TensorBase) -> Any:
    """A copy of ``array`` (``input``'s shape) in the layout of ``empty_like(input)`` -- PyTorch's
    preserve format, which ops such as flip allocate their results with."""
    if array.ndim == 0:
        return array.copy()
    return copy_with_strides(array, like_strides(input, preserve_format))


def restride_like(result: TensorBase, input: TensorBase, fmt: Any, function: str) -> TensorBase:
    """``result`` (a fresh C-contiguous tensor with ``input``'s shape) rewritten into the layout that
    ``function(input, memory_format=fmt)`` has in PyTorch; the random ``*_like`` samplers use it."""
    if fmt is None and input._data.flags.c_contiguous:
        return result
    strides = like_strides(input, memory_format_argument(fmt, function))
    if strides != contiguous_strides(result._data.shape):
        result._data = copy_with_strides(result._data, strides)
    return result


# ---- Tensor methods -----------------------------------------------------------------------------------
def _required_format(value: Any, function: str) -> memory_format:
    if type(value) is not memory_format:   # None included: these methods have no "unset" value
        raise TypeError(f"{function}(): argument 'memory_format' must be flambeau.memory_format, "
                        f"not {type(value).__name__}")
    return value


def is_contiguous(self: TensorBase, *, memory_format: memory_format = contiguous_format) -> bool:
    """Whether the elements lie in memory in ``memory_format``'s order, without gaps."""
    if memory_format is contiguous_format or _required_format(memory_format, "is_contiguous") is preserve_format:
        return bool(self._data.flags.c_contiguous)
    return is_format_contiguous(self._data.shape, element_strides(self._data), memory_format)


def contiguous(self: TensorBase, *, memory_format: memory_format = contiguous_format) -> Tensor:
    """``self`` if it is already contiguous in ``memory_format`` (default: row-major), else a copy that is
    (recorded as ``clone``)."""
    if memory_format is contiguous_format and self._data.flags.c_contiguous:
        return self
    if is_contiguous(self, memory_format=_required_format(memory_format, "contiguous")):
        return self
    if memory_format is preserve_format:
        raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
    return self.clone(memory_format=memory_format)


def _layout(self: TensorBase) -> layout:
    return strided


Tensor.is_contiguous = is_contiguous
Tensor.contiguous = contiguous
Tensor.layout = property(_layout, doc="The tensor's layout: always ``flambeau.strided``.")

__all__ = ["memory_format", "layout", "contiguous_format", "channels_last", "channels_last_3d", "preserve_format",
           "strided", "sparse_coo"]

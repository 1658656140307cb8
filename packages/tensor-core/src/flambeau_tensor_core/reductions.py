"""Reductions: sum/mean/std/var/max/min/arg*/logsumexp/norm/all/any, cumulative ops, unique, histograms.

``dim`` is an int, a tuple/list of ints or ``None`` (all dimensions); it is normalised once by
:func:`normalize_dims` and reported to autograd as a sorted tuple of non-negative ints (or ``None``).
Ops returning values and indices return named tuples (:func:`return_type`), like
``torch.return_types``. Large float sums and means on CPU go to the OpenMP kernel in
``kernels/reduction_cpu.pyx``.
"""
from __future__ import annotations

import builtins
import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, row_major
from ._core import TensorBase, dtype as DType
from .kernels import sort_dispatch
from .pointwise import (
    finish,
    floating_dtype,
    is_integral,
    kernel_or_ufunc,
    maximum,
    minimum,
    new_tensor as _new_tensor,
    require_tensor,
    write_inplace,
)
from .return_types import named_result
from .tensor import (
    bool_argument,
    dim_size,
    int_argument,
    int_list_argument,
    normalize_dim,
    optional_int_argument,
    tensor_method,
)


def new_tensor(xp: Any, value: Any, d: DType, device: Any) -> TensorBase:
    """A reduction's (or scan's) result, laid out row-major as PyTorch allocates it: NumPy's reductions
    keep a permuted input's order, which would make ``x.permute(...).sum(1).view(-1)`` fail here."""
    return _new_tensor(xp, row_major(xp.asarray(value)), d, device)


DimArg = Any   # int | tuple[int, ...] | list[int] | None
# the default of an argument whose PyTorch overloads tell "left out" from an explicit None
# (``prod(x)`` reduces everything, ``prod(x, dim=None)`` is a TypeError)
_NOT_GIVEN: Any = object()


# ---------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------
def return_type(name: str, fields: tuple[str, ...] = ("values", "indices")) -> type:
    """The named-tuple class ``return_types.<name>`` (made once per name)."""
    return named_result(name, fields)


def normalize_dims(dim: DimArg, ndim: int, name: str, *, empty_means_all: bool = True,
                   one_element_tensor: bool = True, one_pass: bool = False) -> tuple[int, ...] | None:
    """``dim`` (PyTorch's ``int[1]?``: an int, a 0-d or one-element integer tensor, or a tuple/list of
    them) as a sorted tuple of non-negative ints, or ``None`` for all dimensions (``None``, and ``()``
    unless ``empty_means_all`` is false: for ``all``/``any`` ``()`` reduces nothing). Ops whose PyTorch
    overloads are ``int`` and ``int[]?`` rather than ``int[1]`` (``all``, ``any``, ``count_nonzero``) pass
    ``one_element_tensor=False``: a lone tensor must then be 0-d. PyTorch wraps every dim before it looks
    for repeats, except in the ops (``one_pass``: var/std, nansum) that do both dim by dim."""
    dims = dim_list(dim, name, one_element_tensor=one_element_tensor)
    if dims is None or (not dims and empty_means_all):
        return None
    seen = []
    for d in dims:
        seen.append(normalize_dim(d, ndim))
        if one_pass and seen[-1] in seen[:-1]:
            break
    repeated = next((d for i, d in enumerate(seen) if d in seen[:i]), None)
    if repeated is not None:
        raise RuntimeError(f"dim {repeated} appears multiple times in the list of dims")
    return tuple(sorted(seen))


def dim_list(dim: DimArg, name: str, *, one_element_tensor: bool = True) -> tuple[int, ...] | None:
    """The type check of :func:`normalize_dims` alone: ``dim`` as a tuple of ints, not yet range-checked
    (ops call it first, since PyTorch's argument parser refuses a bad type before any other check)."""
    if dim is None:
        return None
    if type(dim) is int:
        return (dim,)
    if one_element_tensor or isinstance(dim, (tuple, list)):
        return int_list_argument(dim, name, "dim")
    return (int_argument(dim, name, "dim"),)


def _optional_keepdim(name: str, dim: Any, keepdim: Any) -> bool:
    """``keepdim`` of an op whose PyTorch overloads take it only together with ``dim`` (``prod``,
    ``median``, ``max``): giving it without ``dim`` is PyTorch's TypeError."""
    if keepdim is _NOT_GIVEN:
        return False
    if dim is _NOT_GIVEN:
        raise TypeError(f"{name}() received an invalid combination of arguments: 'keepdim' without 'dim'")
    return bool_argument(keepdim, name, "keepdim")


def _axis(dims: tuple[int, ...] | None, ndim: int):
    """The NumPy ``axis=`` for normalised dims (a 0-d tensor has no axis to reduce)."""
    return None if dims is None or ndim == 0 else dims


def _reduction_params(dims, keepdim, **extra) -> dict:
    params = {"dim": dims, "keepdim": bool(keepdim)}
    params.update(extra)
    return params


def _check_dtype_arg(dtype: Any) -> DType | None:
    """A ``dtype=`` argument as a flambeau dtype (``None`` kept; Python types as PyTorch takes them;
    ``TypeError`` for anything else)."""
    if dtype is None:
        return None
    return _core.check_dtype(dtype)


def _accumulate_dtype(input: TensorBase, dtype: DType | None) -> DType:
    """sum/prod/cumsum's result dtype: ``dtype=``, else int64 for bool/integer inputs."""
    if dtype is not None:
        return dtype
    return _core.int64 if is_integral(input._dtype) else input._dtype


def _cast(array, d: DType):
    if array.dtype == d.numpy_dtype:
        return array
    if array.dtype.kind == "c" and not d.is_complex:   # (an out= of a real dtype for a complex input)
        warnings.warn("Casting complex values to real discards the imaginary part", UserWarning, stacklevel=4)
        array = array.real
    return array.astype(d.numpy_dtype)


def _reduced_shape(shape: tuple, dims, keepdim: bool) -> tuple:
    if dims is None:
        return (1,) * len(shape) if keepdim else ()
    if keepdim:
        return tuple(1 if i in dims else s for i, s in enumerate(shape))
    return tuple(s for i, s in enumerate(shape) if i not in dims)


def _check_nonempty(name: str, input: TensorBase, dims, error: type = RuntimeError) -> None:
    shape = input._data.shape
    if dims is None:
        if input._data.size == 0:    # PyTorch's RuntimeError adds the hint, its IndexError (argmax/argmin) not
            hint = " Specify the reduction dim with the 'dim' argument." if error is RuntimeError else ""
            raise error(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.{hint}")
        return
    for d in dims:
        if input._data.ndim and shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _no_complex(name: str, input: TensorBase, kernel: str | None = None) -> None:
    """Refuse a complex input as PyTorch does: RuntimeError ``<name>(): does not support complex input``,
    or with ``kernel`` its dispatcher's NotImplementedError naming that kernel."""
    if input._dtype.is_complex:
        if kernel is not None:
            raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(input._dtype)}'")
        raise RuntimeError(f"{name}(): does not support complex input")


def _require_out_scalar_type(out: Any, expected: DType) -> None:
    """``_core.require_out_dtype``'s check in the wording of PyTorch's cumulative kernels (cummax, logcumsumexp)."""
    if isinstance(out, TensorBase) and out._dtype is not expected:
        raise RuntimeError(f"expected scalar_type {_core.type_name(expected)} but found "
                           f"{_core.type_name(out._dtype)}")


# ---------------------------------------------------------------------------------------------------
# sum, mean, prod and friends
# ---------------------------------------------------------------------------------------------------
_KERNEL_MIN_SIZE = _core.LARGE_OP_SIZE
_reduction_kernels = None


def _contiguous_block(shape: tuple, dims: tuple[int, ...] | None):
    """``(outer, n, inner)`` when ``dims`` is one unbroken run of dimensions, else ``None``."""
    if dims is None:
        dims = tuple(range(len(shape)))
    if not dims or dims[-1] - dims[0] != len(dims) - 1:
        return None
    return (math.prod(shape[:dims[0]]), math.prod(shape[dims[0]:dims[-1] + 1]),
            math.prod(shape[dims[-1] + 1:]))


def _sum_kernel(xp, a, axis, keepdim: bool, mean: bool):
    """Sum/mean of a contiguous float array over one block of dimensions by the CPU/CUDA kernel, or
    None when the layout or dtype does not fit it."""
    global _reduction_kernels
    if a.dtype not in (np.float32, np.float64) or not a.flags.c_contiguous:
        return None
    block = _contiguous_block(a.shape, axis)
    if block is None:
        return None
    if xp is np:
        if _reduction_kernels is None:
            from .kernels import reduction_cpu
            _reduction_kernels = reduction_cpu
        kernels = _reduction_kernels
    else:
        from .kernels import reduction_cuda as kernels
    return kernels.sum_middle(a, *block, mean).reshape(_reduced_shape(a.shape, axis, keepdim))


def _sum_compute(xp, a, axis, keepdim: bool, mean: bool):
    if xp is not np or a.size >= _KERNEL_MIN_SIZE:
        total = _sum_kernel(xp, a, axis, keepdim, mean)
        if total is not None:
            return total
    # (np.add.reduce is np.sum without its Python-level dispatch, which costs more than a small sum)
    total = np.add.reduce(a, axis=axis, keepdims=keepdim) if xp is np else xp.sum(a, axis=axis, keepdims=keepdim)
    if not mean:
        return total
    with _core.quiet_fp():
        return total / (a.size if axis is None else math.prod(a.shape[i] for i in axis))


def _simple_reduction(name: str, input: TensorBase, dim: DimArg, keepdim: bool, result: DType,
                      compute: Callable, compute_dtype: DType | None = None, out=None, **params) -> TensorBase:
    """Reduce with ``compute(xp, array, axis, keepdim)`` on ``input`` cast to ``compute_dtype``."""
    require_tensor(input, name)
    keepdim = bool_argument(keepdim, name, "keepdim")
    dims = normalize_dims(dim, input._data.ndim, name)
    xp = array_module(input._device)
    data = _cast(input._data, compute_dtype or result)
    if data.dtype == np.float16:   # half precision accumulates in float32, as in PyTorch
        data = data.astype(np.float32)
    array = compute(xp, data, _axis(dims, input._data.ndim), keepdim)
    tensor = new_tensor(xp, array, result, input._device)
    _core.record(name, (input,), _reduction_params(dims, keepdim, **params), (tensor,))
    return finish(tensor, out, name)


def _check_out_is_dtype(out: Any, dtype: DType | None) -> None:
    """With ``dtype=`` and ``out=`` both given, PyTorch's sum/prod/mean/cumsum/cumprod want them equal."""
    if dtype is not None:
        _core.require_out_dtype(out, dtype)


def _out_decides(dtype: DType | None, out: Any) -> DType | None:
    """sum/prod/cumsum/cumprod with ``out=`` and no ``dtype=`` accumulate in the out tensor's dtype, as
    PyTorch's kernels do (``sum(0.6s, out=long)`` adds zeros)."""
    return out._dtype if dtype is None and isinstance(out, TensorBase) else dtype


def _sum_general(input, dim: DimArg = None, keepdim: bool = False, *, dtype: DType | None = None, out=None):
    """Sum over ``dim`` (all dimensions by default); bool/integer inputs sum to int64."""
    require_tensor(input, "sum")
    keepdim = bool_argument(keepdim, "sum", "keepdim")   # the argument types, then the dims, then dtype=/out=
    normalize_dims(dim, input._data.ndim, "sum")
    _check_out_is_dtype(out, _check_dtype_arg(dtype))
    dtype = _out_decides(dtype, out)
    d = _accumulate_dtype(input, _check_dtype_arg(dtype))
    return _simple_reduction("sum", input, dim, keepdim, d,
                             lambda xp, a, axis, k: _sum_compute(xp, a, axis, k, False), out=out, dtype=dtype)


@tensor_method()
def nansum(input, dim: DimArg = None, keepdim: bool = False, *, dtype: DType | None = None, out=None):
    """Sum treating NaN as zero."""
    require_tensor(input, "nansum")
    keepdim = bool_argument(keepdim, "nansum", "keepdim")   # the argument types, then the dims
    normalize_dims(dim, input._data.ndim, "nansum", one_pass=True)
    if input._dtype.is_complex:
        raise RuntimeError("nansum on CPU does not support complex inputs")
    d, compute_dtype = _nansum_dtypes(input, _check_dtype_arg(dtype), out)

    def compute(xp, a, axis, k):
        if d is not compute_dtype:   # floats into an integer dtype: each element, NaN as 0, cast first
            return xp.sum(xp.where(xp.isnan(a), 0, a).astype(d.numpy_dtype), axis=axis, keepdims=k)
        return xp.nansum(a, axis=axis, keepdims=k)

    return _simple_reduction("nansum", input, dim, keepdim, d, compute, compute_dtype, out=out, dtype=dtype)


def _nansum_dtypes(input: TensorBase, dtype: DType | None, out: Any) -> tuple[DType, DType]:
    """nansum's result dtype and the dtype it sums in. Integer inputs are summed as by ``sum``; floating
    ones by PyTorch's nansum kernel in ``dtype=`` (which must be ``out``'s), else ``out``'s, else their own
    dtype, and only a floating one; under an integer ``dtype=`` each element is cast (NaN as 0) and summed."""
    integral_input = is_integral(input._dtype)
    if dtype is not None and isinstance(out, TensorBase) and out._dtype is not dtype:
        if integral_input or is_integral(dtype):
            _check_out_is_dtype(out, dtype)
        raise RuntimeError(f"nansum: provided dtype must match dtype of result. Got "
                           f"{_core.type_name(out._dtype)} and {_core.type_name(dtype)}.")
    if integral_input:
        d = dtype or (out._dtype if isinstance(out, TensorBase) else _accumulate_dtype(input, None))
        return d, d
    if dtype is not None and is_integral(dtype):
        return dtype, input._dtype
    d = dtype or (out._dtype if isinstance(out, TensorBase) else input._dtype)
    if not d.is_floating_point and input._data.size:   # (an empty input never reaches the kernel)
        raise NotImplementedError(f"\"nansum_cpu\" not implemented for '{_core.type_name(d)}'")
    return d, d


def _mean_dtype(name: str, input: TensorBase, dtype: DType | None) -> DType:
    if dtype is not None:
        if is_integral(dtype):
            raise RuntimeError(f"{name}(): could not infer output dtype. Optional dtype must be either a "
                               f"floating point or complex dtype. Got: {_core.type_name(dtype)}")
        return dtype
    if is_integral(input._dtype):
        raise RuntimeError(f"{name}(): could not infer output dtype. Input dtype must be either a floating "
                           f"point or complex dtype. Got: {_core.type_name(input._dtype)}")
    return input._dtype


def _mean_into(out: TensorBase) -> DType:
    """PyTorch's mean with ``out=`` sums into ``out`` and divides it in place: in its dtype, which must
    hold the quotient's default float."""
    _core.check_result_fits(_core.get_default_dtype(), out)
    return out._dtype


def _mean_general(input, dim: DimArg = None, keepdim: bool = False, *, dtype: DType | None = None, out=None):
    """Arithmetic mean over ``dim``; floating/complex inputs only (or give ``dtype=``)."""
    require_tensor(input, "mean")
    dim = dim_list(dim, "mean")   # argument types are checked before the dtype, as in PyTorch
    keepdim = bool_argument(keepdim, "mean", "keepdim")
    d = _mean_dtype("mean", input, _check_dtype_arg(dtype))
    normalize_dims(dim, input._data.ndim, "mean")   # then the dims, then out=
    _check_out_is_dtype(out, _check_dtype_arg(dtype))
    if dtype is None and isinstance(out, TensorBase):
        d = _mean_into(out)
    return _simple_reduction("mean", input, dim, keepdim, d,
                             lambda xp, a, axis, k: _sum_compute(xp, a, axis, k, True), out=out, dtype=dtype)


# small float sums/means over all dims or one int dim run in C; every other call in the functions above
sum = tensor_method("sum")(_core.fast_reduction("sum", _sum_general))
mean = tensor_method("mean")(_core.fast_reduction("mean", _mean_general))


@tensor_method()
def nanmean(input, dim: DimArg = None, keepdim: bool = False, *, dtype: DType | None = None, out=None):
    """Mean over the non-NaN elements."""
    require_tensor(input, "nanmean")
    dim = dim_list(dim, "nanmean")
    keepdim = bool_argument(keepdim, "nanmean", "keepdim")
    if is_integral(input._dtype):
        if out is not None:
            raise RuntimeError("nanmean(): integral types and 'Bool' are not supported for nanmean, even for "
                               "empty tensors.")
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype but got "
                           f"{_core.type_name(input._dtype)}")
    _mean_dtype("nanmean", input, _check_dtype_arg(dtype))
    normalize_dims(dim, input._data.ndim, "nanmean")   # the dims before nansum's refusals
    if input._dtype.is_complex:   # PyTorch's nanmean is nansum / count: nansum refuses it
        raise RuntimeError("nansum on CPU does not support complex inputs")
    d, _ = _nansum_dtypes(input, _check_dtype_arg(dtype), out)

    def compute(xp, a, axis, k):
        with _core.quiet_fp():
            count = xp.sum(~xp.isnan(a), axis=axis, keepdims=k)
            return xp.nansum(a, axis=axis, keepdims=k) / count

    return _simple_reduction("nanmean", input, dim, keepdim, d, compute, out=out, dtype=dtype)


@tensor_method()
def prod(input, dim: int = _NOT_GIVEN, keepdim: bool = _NOT_GIVEN, *, dtype: DType | None = None, out=None):
    """Product over ``dim`` (one dimension) or, with ``dim`` left out, over all elements."""
    require_tensor(input, "prod")
    if dim is _NOT_GIVEN and out is not None:   # PyTorch's prod(input, *, dtype) overload has no out=
        raise TypeError("prod() received an invalid combination of arguments - got (Tensor, out=Tensor)")
    keepdim = _optional_keepdim("prod", dim, keepdim)
    dim = None if dim is _NOT_GIVEN else normalize_dim(int_argument(dim, "prod", "dim"), input._data.ndim)
    _check_out_is_dtype(out, _check_dtype_arg(dtype))
    dtype = _out_decides(dtype, out)
    d = _accumulate_dtype(input, _check_dtype_arg(dtype))
    return _simple_reduction("prod", input, dim, keepdim, d,
                             lambda xp, a, axis, k: xp.prod(a, axis=axis, keepdims=k), out=out, dtype=dtype)


# ---------------------------------------------------------------------------------------------------
# var, std
# ---------------------------------------------------------------------------------------------------
def _moment_arguments(name: str, args: tuple, dim: Any, unbiased: Any, keepdim: Any, correction: Any):
    """Bind the arguments of ``var``/``std``/``var_mean``/``std_mean`` to PyTorch's overloads
    ``(input, unbiased)``, ``(input, dim, unbiased, keepdim)`` and ``(input, dim=None, *, correction=None,
    keepdim=False)``: a bool second argument means ``unbiased`` only when given positionally (``dim=True``
    is a TypeError). Returns ``(dim, correction, keepdim)``."""
    if len(args) > 3:
        raise TypeError(f"{name}() takes from 1 to 4 positional arguments but {len(args) + 1} were given")
    if args and (args[0] is True or args[0] is False):
        others = (dim, unbiased, keepdim)
        if len(args) > 1 or correction is not None or builtins.any(v is not _NOT_GIVEN for v in others):
            raise TypeError(f"{name}() received an invalid combination of arguments: a positional 'unbiased' "
                            "takes no other argument")
        return None, int(args[0]), False
    given = dict(zip(("dim", "unbiased", "keepdim"), args))
    for key, value in (("dim", dim), ("unbiased", unbiased), ("keepdim", keepdim)):
        if value is not _NOT_GIVEN:
            if key in given:
                raise TypeError(f"{name}() got multiple values for argument '{key}'")
            given[key] = value
    keepdim = bool_argument(given.get("keepdim", False), name, "keepdim")
    if "unbiased" not in given:
        return given.get("dim"), 1 if correction is None else correction, keepdim
    if correction is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments: both 'unbiased' and 'correction'")
    return given.get("dim"), int(bool_argument(given["unbiased"], name, "unbiased")), keepdim


def _moment(name: str, input, dim, correction, keepdim: bool, out, root: bool, label: str = "std and var"):
    require_tensor(input, name)
    dim = dim_list(dim, name)   # PyTorch: argument types, then the dtype, then the dims' range
    if is_integral(input._dtype):
        raise RuntimeError(f"{label} only support floating point and complex dtypes")
    dims = normalize_dims(dim, input._data.ndim, name, one_pass=True)
    d = input._dtype.to_real() if out is None else _moment_into(input, out)
    shape = input._data.shape
    count = input._data.size if dims is None else math.prod(shape[i] for i in dims if i < len(shape))
    if count - correction <= 0:
        warnings.warn(f"{label if label.endswith('_mean') else name}(): degrees of freedom is <= 0. Correction "
                      "should be strictly less than the reduction factor (input numel divided by output numel).",
                      UserWarning, stacklevel=3)

    def compute(xp, a, axis, k):
        with _core.quiet_fp():
            n = a.size if axis is None else math.prod(a.shape[i] for i in axis)
            # (NumPy's mean of nothing warns; its 0/0 here is PyTorch's NaN, quietly)
            mean_ = xp.mean(a, axis=axis, keepdims=True) if n else xp.sum(a, axis=axis, keepdims=True) / n
            centered = a - mean_
            dof = builtins.max(n - correction, 0)
            if a.dtype.kind == "c":   # PyTorch's var of the real parts plus var of the imaginary parts
                parts = (centered.real, centered.imag)
                result = builtins.sum(xp.sum(p * p, axis=axis, keepdims=k) / dof for p in parts)
            else:
                result = xp.sum(centered * centered, axis=axis, keepdims=k) / dof
            return xp.sqrt(result) if root else result

    compute_dtype = d.to_complex() if input._dtype.is_complex else d
    return _simple_reduction(name, input, dims, keepdim, d, compute, compute_dtype=compute_dtype, out=out,
                             correction=correction)


def _moment_into(input: TensorBase, out: Any) -> DType:
    """std/var with ``out=`` run PyTorch's kernel in the out tensor's (real) dtype: no complex kernel for
    a real input, and no integer out at all."""
    if not isinstance(out, TensorBase):
        raise TypeError(f"argument 'out' must be Tensor, not {type(out).__name__}")
    _core.check_result_fits(input._dtype.to_real(), out)
    if out._dtype.is_complex and not input._dtype.is_complex:
        raise NotImplementedError(f"\"std_cpu\" not implemented for '{_core.type_name(out._dtype)}'")
    return out._dtype.to_real()


@tensor_method()
def var(input, *args, dim: DimArg = _NOT_GIVEN, unbiased: bool = _NOT_GIVEN, keepdim: bool = _NOT_GIVEN,
        correction: float | None = None, out=None):
    """Variance over ``dim`` (all dimensions by default) with Bessel's ``correction`` (1 by default;
    ``unbiased=False`` means 0); positionally ``var(input, unbiased)`` or ``var(input, dim, unbiased,
    keepdim)``, as in PyTorch."""
    dim, c, keepdim = _moment_arguments("var", args, dim, unbiased, keepdim, correction)
    return _moment("var", input, dim, c, keepdim, out, False)


@tensor_method()
def std(input, *args, dim: DimArg = _NOT_GIVEN, unbiased: bool = _NOT_GIVEN, keepdim: bool = _NOT_GIVEN,
        correction: float | None = None, out=None):
    """Standard deviation: the square root of :func:`var` (same arguments)."""
    dim, c, keepdim = _moment_arguments("std", args, dim, unbiased, keepdim, correction)
    return _moment("std", input, dim, c, keepdim, out, True)


def var_mean(input, *args, dim: DimArg = _NOT_GIVEN, unbiased: bool = _NOT_GIVEN, keepdim: bool = _NOT_GIVEN,
             correction: float | None = None):
    """``(var, mean)`` over the same dims (the arguments of :func:`var`)."""
    dim, c, keepdim = _moment_arguments("var_mean", args, dim, unbiased, keepdim, correction)
    return _moment_and_mean("var_mean", input, dim, c, keepdim)


def std_mean(input, *args, dim: DimArg = _NOT_GIVEN, unbiased: bool = _NOT_GIVEN, keepdim: bool = _NOT_GIVEN,
             correction: float | None = None):
    """``(std, mean)`` over the same dims (the arguments of :func:`var`)."""
    dim, c, keepdim = _moment_arguments("std_mean", args, dim, unbiased, keepdim, correction)
    return _moment_and_mean("std_mean", input, dim, c, keepdim)


def _moment_and_mean(name: str, input, dim, correction, keepdim: bool) -> tuple:
    """``(std or var, mean)`` recorded as one node, as PyTorch's StdMeanBackward0/VarMeanBackward0."""
    require_tensor(input, name)
    source = input.detach()
    moment = _moment(name[:3], source, dim, correction, keepdim, None, name == "std_mean", name)
    result = (moment, mean(source, dim, keepdim))
    dims = normalize_dims(dim_list(dim, name), input._data.ndim, name)
    _core.record(name, (input,), _reduction_params(dims, keepdim, correction=correction), result)
    return result


# ---------------------------------------------------------------------------------------------------
# max, min, amax, amin, argmax, argmin, aminmax
# ---------------------------------------------------------------------------------------------------
def _extreme_compute(largest: bool):
    def compute(xp, a, axis, k):
        return (xp.max if largest else xp.min)(a, axis=axis, keepdims=k)
    return compute


# the kernels PyTorch's dispatcher names when refusing complex input
_EXTREME_KERNELS = {"amax": "max_values_cpu", "amin": "min_values_cpu", "max": "max_all", "min": "min_all"}


def _extreme(name: str, input: TensorBase, dim: DimArg, keepdim: bool, largest: bool, out=None):
    require_tensor(input, name)
    keepdim = bool_argument(keepdim, name, "keepdim")
    if name in ("amax", "amin"):   # each dim in range and not empty (named as given), then no repeats
        for d in dim_list(dim, name) or ():
            if input._data.ndim and input._data.shape[normalize_dim(d, input._data.ndim)] == 0:
                raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    if isinstance(out, TensorBase) and out._dtype is not input._dtype and name in ("amax", "amin"):
        raise RuntimeError(f"Expected the dtype for input and out to match, but got {_core.type_name(input._dtype)} "
                           f"for input's dtype and {_core.type_name(out._dtype)} for out's dtype.")
    dims = normalize_dims(dim, input._data.ndim, name)
    _no_complex(name, input, _EXTREME_KERNELS[name])
    _check_nonempty(name, input, dims)
    return _simple_reduction(name, input, dims, keepdim, input._dtype, _extreme_compute(largest), out=out)


@tensor_method()
def amax(input, dim: DimArg = (), keepdim: bool = False, *, out=None):
    """Largest value over ``dim`` (all dimensions by default); NaN propagates."""
    return _extreme("amax", input, dim, keepdim, True, out)


@tensor_method()
def amin(input, dim: DimArg = (), keepdim: bool = False, *, out=None):
    """Smallest value over ``dim`` (all dimensions by default); NaN propagates."""
    return _extreme("amin", input, dim, keepdim, False, out)


def _arg_extreme_array(xp, a, axis: int | None, keepdim: bool, largest: bool):
    if a.dtype.kind == "b":
        a = a.view(np.uint8) if xp is np else a.astype(np.uint8)
    if axis is None:
        index = (xp.argmax if largest else xp.argmin)(a.reshape(-1))
        return index.reshape((1,) * a.ndim) if keepdim else index
    index = (xp.argmax if largest else xp.argmin)(a, axis=axis)
    return xp.expand_dims(index, axis) if keepdim else index


def _arg_extreme(name: str, input, dim, keepdim: bool, largest: bool, out=None):
    require_tensor(input, name)
    dim = optional_int_argument(dim, name, "dim")
    keepdim = bool_argument(keepdim, name, "keepdim")
    _no_complex(name, input)
    if input._dtype is _core.bool_:
        raise RuntimeError(f"{name}(): does not support bool input")
    dims = None if dim is None else (normalize_dim(dim, input._data.ndim),)
    _check_nonempty(name, input, dims, IndexError)
    xp = array_module(input._device)
    axis = None if dims is None or input._data.ndim == 0 else dims[0]
    result = new_tensor(xp, _arg_extreme_array(xp, input._data, axis, keepdim, largest), _core.int64,
                        input._device)
    _core.require_out_dtype(out, _core.int64)
    return finish(result, out, name)


@tensor_method()
def argmax(input, dim: int | None = None, keepdim: bool = False, *, out=None):
    """Index of the (first) largest value, over the flattened tensor when ``dim`` is None."""
    return _arg_extreme("argmax", input, dim, keepdim, True, out)


@tensor_method()
def argmin(input, dim: int | None = None, keepdim: bool = False, *, out=None):
    """Index of the (first) smallest value, over the flattened tensor when ``dim`` is None."""
    return _arg_extreme("argmin", input, dim, keepdim, False, out)


def _values_and_indices(name: str, input: TensorBase, dim, keepdim: bool, largest: bool):
    d = normalize_dim(dim, input._data.ndim)   # the dim first, then the dtype, then the dim's size
    _no_complex(name, input)
    _check_nonempty(name, input, (d,))
    xp = array_module(input._device)
    data = input._data
    if data.ndim == 0:
        values, indices = data.copy(), xp.zeros((), np.int64)
    else:
        indices = _arg_extreme_array(xp, data, d, True, largest)
        values = xp.take_along_axis(data, indices, axis=d)
        if not keepdim:
            values, indices = values.squeeze(d), indices.squeeze(d)
    result = return_type(name)(new_tensor(xp, values, input._dtype, input._device),
                               new_tensor(xp, indices, _core.int64, input._device))
    _core.record(name, (input,), _reduction_params((d,), keepdim), tuple(result))
    return result


def _max_or_min(name: str, largest: bool, pairwise: Callable):
    def function(input, *args, dim: int = _NOT_GIVEN, keepdim: bool = _NOT_GIVEN, other=_NOT_GIVEN, out=None):
        require_tensor(input, name)
        if len(args) > 2:
            raise TypeError(f"{name}() takes from 1 to 3 positional arguments but {len(args) + 1} were given")
        # PyTorch's overloads: a lone positional tensor (even a 0-d integer one) is ``other``; ``dim=`` by
        # keyword, or followed by ``keepdim``, is a dim
        lone_tensor = len(args) == 1 and isinstance(args[0], TensorBase) and dim is keepdim is _NOT_GIVEN
        if lone_tensor or other is not _NOT_GIVEN:
            if other is _NOT_GIVEN:
                other, args = args[0], ()
            if args or dim is not _NOT_GIVEN or keepdim is not _NOT_GIVEN or not isinstance(other, TensorBase):
                raise TypeError(f"{name}() received an invalid combination of arguments: 'other' must be a "
                                "Tensor, given without 'dim' and 'keepdim'")
            return pairwise(input, other, out=out)
        if args:
            if dim is not _NOT_GIVEN or (len(args) == 2 and keepdim is not _NOT_GIVEN):
                raise TypeError(f"{name}() got multiple values for argument 'dim' or 'keepdim'")
            dim = args[0]
            keepdim = args[1] if len(args) == 2 else keepdim
        keepdim = _optional_keepdim(name, dim, keepdim)
        if dim is _NOT_GIVEN:
            return _extreme(name, input, None, False, largest, out)
        result = _values_and_indices(name, input, int_argument(dim, name, "dim"), keepdim, largest)
        if out is not None:
            _core.check_out_tuple(out, 2, name)
            _core.require_out_dtype(out[0], input._dtype)
            _core.require_out_dtype(out[1], _core.int64)
            return return_type(name)(*_core.copy_into_outs(tuple(result), out, name))
        return result

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"``{name}(input)``: the {name}imum element; ``{name}(input, dim, keepdim=False)``: "
                        f"named tuple ``(values, indices)`` along ``dim``; ``{name}(input, other)``: "
                        f"``{pairwise.__name__}``.")
    return tensor_method()(function)


max = _max_or_min("max", True, maximum)
min = _max_or_min("min", False, minimum)


@tensor_method()
def aminmax(input, *, dim: int | None = None, keepdim: bool = False, out=None):
    """Named tuple ``(min, max)`` over ``dim`` (or over all elements); ``out=(min, max)`` tensors of the
    input's dtype receive them."""
    dim = optional_int_argument(dim, "aminmax", "dim")
    keepdim = bool_argument(keepdim, "aminmax", "keepdim")
    require_tensor(input, "aminmax")
    if dim is None:
        _no_complex("aminmax", input, "aminmax_cpu")
    if dim is None and input._data.size == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                           "identity.")
    if dim is not None and input._data.ndim and input._data.shape[normalize_dim(dim, input._data.ndim)] == 0:
        raise IndexError(f"aminmax: Expected reduction dim {normalize_dim(dim, input._data.ndim)} to have non-zero "
                         "size.")
    if dim is not None and input._dtype.is_complex:   # the dim checks first; a 0-d input words it apart
        if input._data.ndim == 0:
            normalize_dim(dim, 0)
            raise RuntimeError(f"aminmax not implemented for {_core.type_name(input._dtype)}")
        _no_complex("aminmax", input, "aminmax_cpu")
    cls = return_type("aminmax", ("min", "max"))
    source, reduced = input.detach(), () if dim is None else dim
    result = cls(amin(source, reduced, keepdim), amax(source, reduced, keepdim))
    # one node for both, as PyTorch's AminmaxBackward0 (the formula is amin's plus amax's)
    dims = None if dim is None else (normalize_dim(dim, input._data.ndim),)
    _core.record("aminmax", (input,), _reduction_params(dims, keepdim), tuple(result))
    if out is None:
        return result
    _core.check_out_tuple(out, 2, "aminmax")
    for target in out:
        _core.require_out_dtype(target, input._dtype)
    return cls(*_core.copy_into_outs(tuple(result), out, "aminmax"))


# ---------------------------------------------------------------------------------------------------
# logsumexp, norm, all, any, count_nonzero
# ---------------------------------------------------------------------------------------------------
def _logsumexp_compute(xp, a, axis, k):
    with _core.quiet_fp():
        # complex inputs shift by the largest real part only, as PyTorch does: the result's imaginary part
        # is then the angle of the shifted sum, in (-pi, pi] (a complex shift lands on another branch)
        values = a.real if a.dtype.kind == "c" else a
        peak = xp.max(values, axis=axis, keepdims=True) if a.size else xp.zeros((1,) * a.ndim, values.dtype)
        # an infinite peak would give inf - inf = nan: shift by 0 there instead
        peak = xp.where(xp.isinf(peak), 0, peak)
        total = xp.log(xp.sum(xp.exp(a - peak), axis=axis, keepdims=True)) + peak
        return total if k else (total.reshape(()) if axis is None else total.squeeze(axis))


def _logsumexp_half_compute(xp, a, axis, k):
    """float16 logsumexp as PyTorch composes it from half-precision ops: each step (shift, exp, sum, log,
    unshift) rounded to half, the sum accumulated in float32."""
    def half(v):
        return v.astype(np.float16).astype(np.float32)

    with _core.quiet_fp():
        peak = xp.max(a, axis=axis, keepdims=True) if a.size else xp.zeros((1,) * a.ndim, a.dtype)
        peak = xp.where(xp.isinf(peak), 0, peak)
        total = half(half(xp.log(half(xp.sum(half(xp.exp(half(a - peak))), axis=axis, keepdims=True)))) + peak)
        return total if k else (total.reshape(()) if axis is None else total.squeeze(axis))


@tensor_method()
def logsumexp(input, dim: DimArg = _NOT_GIVEN, keepdim: bool = False, *, out=None):
    """``log(sum(exp(input), dim))`` computed without overflow (``dim`` is required, as in PyTorch)."""
    require_tensor(input, "logsumexp")
    if dim is _NOT_GIVEN:
        raise TypeError('logsumexp() missing 1 required positional arguments: "dim"')
    dim = int_list_argument(dim, "logsumexp", "dim")   # required: None is a TypeError
    keepdim = bool_argument(keepdim, "logsumexp", "keepdim")
    d = floating_dtype(input._dtype)
    if isinstance(out, TensorBase):   # PyTorch computes in the out tensor's (floating) dtype
        if not (out._dtype.is_floating_point or out._dtype.is_complex):
            raise RuntimeError(f"logsumexp(): Expected floating point type for result tensor, but got: "
                               f"{_core.type_name(out._dtype)}")
        d = out._dtype if input._dtype.is_complex else out._dtype.to_real()
    compute = _logsumexp_half_compute if d is _core.float16 else _logsumexp_compute
    return _simple_reduction("logsumexp", input, dim, keepdim, d, compute, out=out)


def _vector_norm_compute(p: float):
    def compute(xp, a, axis, k):
        magnitude = xp.abs(a)
        if p == math.inf:
            return xp.max(magnitude, axis=axis, keepdims=k) if a.size else xp.zeros(
                _reduced_shape(a.shape, axis, k), magnitude.dtype)
        if p == -math.inf:
            return xp.min(magnitude, axis=axis, keepdims=k)
        if p == 0:
            return xp.sum(magnitude != 0, axis=axis, keepdims=k).astype(magnitude.dtype)
        if p == 1:
            return xp.sum(magnitude, axis=axis, keepdims=k)
        if p == 2:
            return xp.sqrt(xp.sum(magnitude * magnitude, axis=axis, keepdims=k))
        return xp.sum(magnitude ** p, axis=axis, keepdims=k) ** (1.0 / p)
    return compute


@tensor_method()
def norm(input, p: Any = "fro", dim: DimArg = None, keepdim: bool = False, out=None, dtype: DType | None = None):
    """Vector p-norm over ``dim`` (``"fro"`` is the 2-norm of the flattened dims)."""
    require_tensor(input, "norm")
    if isinstance(p, TensorBase) and not p._data.ndim:   # a Number argument: a 0-d tensor is its value
        p = p.item()
    if not (p is None or isinstance(p, (str, int, float, np.number))):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' must be Number, not {type(p).__name__}")
    dim = dim_list(dim, "norm")   # argument types before the dtype, as in PyTorch
    keepdim = bool_argument(keepdim, "norm", "keepdim")
    dtype = _check_dtype_arg(dtype)
    if isinstance(p, str) and not (p == "fro" and (dim is None or len(dim) <= 2)):
        # PyTorch's torch.norm: 'nuc', any other string, and 'fro' over more than two dims are matrix norms
        # (over all dims when none are given), whose checks then refuse all but two dims and known orders
        from .linalg import matrix_norm
        return matrix_norm(input, p, tuple(range(input._data.ndim)) if dim is None else dim, keepdim,
                           dtype=dtype, out=out)
    if is_integral(input._dtype):
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. "
                           f"Got {_core.type_name(input._dtype)}")
    order = 2.0 if p in ("fro", None) else float(p)
    if order < 0 or order == math.inf:   # refused before dtype= is looked at
        _check_norm_identity(input, order, dim)
    if dtype is None:
        source = input
    else:
        from .linalg import _norm_dtype
        source = input.to(_norm_dtype("vector_norm", input, dtype))
    if isinstance(out, TensorBase) and out._dtype is not source._dtype.to_real():
        words = [_core.cpp_type_name(t) for t in (source._dtype.to_real(), out._dtype)]
        raise RuntimeError(f"Expected out tensor to have dtype {words[0]}, but got {words[1]} instead")
    return _simple_reduction("norm", source, dim, keepdim, source._dtype.to_real(),
                             _vector_norm_compute(order), compute_dtype=source._dtype, out=out, p=order)


def _check_norm_identity(input: TensorBase, order: float, dim: tuple[int, ...] | None) -> None:
    """A norm of negative or infinite order reduces by a min or max, which has no value over no elements:
    PyTorch refuses an empty reduced dimension (named as given)."""
    shape = input._data.shape
    if input._data.size:   # only an empty tensor can reduce over nothing
        return
    if dim is None or not dim:
        if input._data.size == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {_order_word(order)} norm on an empty "
                               f"tensor because the operation does not have an identity")
        return
    for d in dim:
        if shape and shape[normalize_dim(d, len(shape))] == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {_order_word(order)} norm on the dimension "
                               f"{d}because this dimension is empty and the operation does not have an identity")


def _order_word(order: float) -> str:
    """``order`` as PyTorch prints it: ``-1``, ``-0.5``, ``inf``, ``-inf``."""
    return str(int(order)) if order.is_integer() else str(order)


def _truth_reduction(name: str, combine: str):
    def function(input, dim: DimArg = None, keepdim: bool = False, *, out=None):
        require_tensor(input, name)
        # PyTorch keeps uint8 for uint8 inputs; everything else gives bool
        d = _core.uint8 if input._dtype is _core.uint8 else _core.bool_
        if isinstance(out, TensorBase):
            if out._dtype not in (_core.bool_, _core.uint8):
                raise RuntimeError(f"{name} only supports bool tensor for result, got: "
                                   f"{_core.type_name(out._dtype)}")
            d = out._dtype
        compute = lambda xp, a, axis, k: getattr(xp, combine)(a, axis=axis, keepdims=k)  # noqa: E731
        keepdim = bool_argument(keepdim, name, "keepdim")
        dims = normalize_dims(dim, input._data.ndim, name, empty_means_all=False, one_element_tensor=False)
        xp = array_module(input._device)
        result = new_tensor(xp, compute(xp, input._data, _axis(dims, input._data.ndim), keepdim), d,
                            input._device)
        return finish(result, out, name)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Whether {'every' if combine == 'all' else 'some'} element over ``dim`` is nonzero."
    return tensor_method()(function)


all = _truth_reduction("all", "all")
any = _truth_reduction("any", "any")


@tensor_method()
def count_nonzero(input, dim: DimArg = None):
    """How many elements over ``dim`` are nonzero (int64)."""
    require_tensor(input, "count_nonzero")
    dims = normalize_dims(dim, input._data.ndim, "count_nonzero", one_element_tensor=False)
    xp = array_module(input._device)
    array = xp.count_nonzero(input._data, axis=_axis(dims, input._data.ndim))
    return new_tensor(xp, array, _core.int64, input._device)


# ---------------------------------------------------------------------------------------------------
# softmax, log_softmax
# ---------------------------------------------------------------------------------------------------
_exp = kernel_or_ufunc("exp", "exp")


def _softmax_array(xp, a, axis: int, log: bool):
    if axis == a.ndim - 1 and a.dtype in (np.float32, np.float64) and a.flags.c_contiguous:
        if xp is np:   # the fused kernels: one pass per row in cache, rows over all cores
            from .kernels import softmax_cpu
            return softmax_cpu.softmax_last_axis(a, log)
        from .kernels import softmax_cuda
        return softmax_cuda.softmax_last_axis(a, log)
    with _core.quiet_fp():
        peak = xp.max(a, axis=axis, keepdims=True) if a.size else xp.zeros(a.shape, a.dtype)
        shifted = a - xp.where(peak == -xp.inf, 0, peak) if a.dtype.kind == "f" else a - peak
        exps = _exp(xp, shifted)
        total = xp.sum(exps, axis=axis, keepdims=True)
        return shifted - xp.log(total) if log else exps / total


def _half_softmax(xp, a, axis: int, log: bool):
    """float16 (log-)softmax rounded where PyTorch's CPU kernels round to half: along the last dim
    log_softmax rounds the sum of exponentials and its log; along another dim softmax rounds each
    exponential (the sum stays float32). The rest is float32."""
    with _core.quiet_fp():
        shifted = a.astype(np.float32)
        peak = xp.max(shifted, axis=axis, keepdims=True)
        shifted = shifted - xp.where(peak == -xp.inf, 0, peak)
        exps = xp.exp(shifted)
        total = xp.sum(exps, axis=axis, keepdims=True)
        last = axis == a.ndim - 1
        if log:
            if last:
                total = total.astype(np.float16).astype(np.float32)
                return shifted - xp.log(total).astype(np.float16).astype(np.float32)
            return shifted - xp.log(total)
        if not last:
            exps = exps.astype(np.float16).astype(np.float32)
        return exps / total


def _softmax(name: str, log: bool):
    def function(input, dim: int, dtype: DType | None = None, *, out=None):
        require_tensor(input, name)
        axis = normalize_dim(dim, input._data.ndim)   # before the dtype check, as in PyTorch
        d = _check_dtype_arg(dtype) or input._dtype
        if not d.is_floating_point and input._data.size:    # (an empty tensor never reaches a kernel)
            kernel = f"{name}_lastdim_kernel_impl" if axis == input._data.ndim - 1 or input._data.ndim == 0 \
                else f"{name}_kernel_impl"
            raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(d)}'")
        xp = array_module(input._device)
        data = _cast(input._data, d)
        if data.size == 0:
            array = data
        elif data.ndim == 0:   # as a 1-element row: NaN for NaN or infinite input
            array = _softmax_array(xp, data.reshape(1).astype(np.float32 if data.dtype == np.float16 else data.dtype),
                                   0, log).reshape(())
        elif data.dtype == np.float16:   # half precision evaluates in float32, rounded where PyTorch rounds
            array = _half_softmax(xp, data, axis, log)
        else:
            array = _softmax_array(xp, data, axis, log)
        result = new_tensor(xp, array, d, input._device)
        _core.require_out_dtype(out, d)
        _core.record(name, (input,), {"dim": axis, "dtype": dtype}, (result,))
        return finish(result, out, name)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = ("``log(softmax(input, dim))``, computed stably." if log else
                        "``exp(input) / sum(exp(input), dim)``, computed stably (max subtracted first).")
    return tensor_method()(function)


softmax = _softmax("softmax", False)
log_softmax = _softmax("log_softmax", True)


# ---------------------------------------------------------------------------------------------------
# cumulative ops
# ---------------------------------------------------------------------------------------------------
def _cumulative(name: str, compute: Callable, integral_to_int64: bool):
    def function(input, dim: int, *, dtype: DType | None = None, out=None):
        require_tensor(input, name)
        if dtype is not None and not integral_to_int64:   # PyTorch's logcumsumexp has no dtype=
            raise TypeError(f"{name}() got an unexpected keyword argument 'dtype'")
        if not integral_to_int64:   # logcumsumexp wants out= of the input's dtype, checked first
            _require_out_scalar_type(out, input._dtype)
        axis = normalize_dim(dim, input._data.ndim)   # before cumsum/cumprod's dtype check, as in PyTorch
        if integral_to_int64:
            _check_out_is_dtype(out, _check_dtype_arg(dtype))
        d = _check_dtype_arg(_out_decides(dtype, out) if integral_to_int64 else dtype)
        no_kernel_call = input._data.ndim == 0 or input._data.size == 0   # PyTorch copies these directly
        if (not integral_to_int64 and is_integral(d or input._dtype)) or (d is _core.bool_ and not no_kernel_call):
            raise NotImplementedError(f"\"{name}_out_cpu\" not implemented for '{_core.type_name(d or input._dtype)}'")
        if d is None:
            d = _accumulate_dtype(input, None) if integral_to_int64 else floating_dtype(input._dtype)
        xp = array_module(input._device)
        data = _cast(input._data, d)
        array = data.copy() if data.ndim == 0 else compute(xp, data, axis)
        result = new_tensor(xp, array, d, input._device)
        _core.record(name, (input,), {"dim": axis, "dtype": dtype}, (result,))
        return finish(result, out, name)

    def function_(self, dim: int, *, dtype: DType | None = None):
        # evaluated on a detached self and recorded as one in-place op: autograd keeps self's old value
        require_tensor(self, name + "_")
        axis = normalize_dim(dim, self._data.ndim)
        d = _check_dtype_arg(dtype)
        if d is not None and d is not self._dtype:
            words = [_core.cpp_type_name(t) for t in (self._dtype, d)]
            raise RuntimeError(f"Bad in-place call: input tensor dtype {words[0]} and output tensor dtype "
                               f"{words[1]} should match")
        if self._dtype is _core.bool_ and self._data.ndim and self._data.size:
            raise NotImplementedError(f"\"{name}_out_cpu\" not implemented for 'Bool'")
        result = function(self.detach(), axis, dtype=self._dtype if integral_to_int64 else None)
        return write_inplace(name, self, (), {"dim": axis, "dtype": dtype}, result)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Running ``{name[3:]}`` along ``dim``."
    function_.__name__ = function_.__qualname__ = name + "_"
    tensor_method()(function_)
    return tensor_method()(function)


def _logcumsumexp_array(xp, a, axis):
    with _core.quiet_fp():
        if a.dtype.kind == "c":
            return _logcumsumexp_complex(xp, a, axis)
        return xp.logaddexp.accumulate(a, axis=axis) if xp is np else _logcumsumexp_stable(xp, a, axis)


def _logcumsumexp_complex(xp, a, axis):
    """The running complex ``log(exp(acc) + exp(x))``, each step shifted by the operand of larger real part
    (no under/overflow however far apart the terms are); ±inf real parts pass through."""
    moved = xp.moveaxis(a, axis, 0)
    result = xp.empty_like(moved)
    if moved.shape[0]:
        acc = result[0] = moved[0]
        for i in range(1, moved.shape[0]):
            first = acc.real >= moved[i].real
            high, low = xp.where(first, acc, moved[i]), xp.where(first, moved[i], acc)
            acc = result[i] = xp.where(xp.isinf(high.real), high, high + xp.log1p(xp.exp(low - high)))
    return xp.moveaxis(result, 0, axis)


def _logcumsumexp_stable(xp, a, axis):
    """``log(cumsum(exp(a)))`` shifted by the largest value along ``axis``."""
    peak = xp.max(a, axis=axis, keepdims=True)
    peak = xp.where(xp.isinf(peak), 0, peak)
    return xp.log(xp.cumsum(xp.exp(a - peak), axis=axis)) + peak


cumsum = _cumulative("cumsum", lambda xp, a, axis: xp.cumsum(a, axis=axis), True)
cumprod = _cumulative("cumprod", lambda xp, a, axis: xp.cumprod(a, axis=axis), True)
logcumsumexp = _cumulative("logcumsumexp", _logcumsumexp_array, False)


def _nanquantile_by_sorting(data, q, axis: int | None, method: str, keepdims: bool):
    """``numpy.nanquantile`` for array modules without one (CuPy): each slice sorted (NaN last), the
    quantile read from its non-NaN part at rank ``q * (count - 1)``; NaN where a slice is all NaN."""
    import cupy as xp

    q = xp.asarray(q)
    ordered = xp.sort(data.reshape(-1) if axis is None else xp.moveaxis(data, axis, -1), axis=-1)
    count = (~xp.isnan(ordered)).sum(axis=-1)
    rank = q.reshape(q.shape + (1,) * count.ndim) * (count - 1)
    low, high = (xp.round(rank),) * 2 if method == "nearest" else (xp.floor(rank), xp.ceil(rank))
    candidates = xp.broadcast_to(ordered, rank.shape + ordered.shape[-1:])

    def at(position):
        return xp.take_along_axis(candidates, xp.clip(position, 0, None).astype(np.int64)[..., None], -1)[..., 0]

    below, above = at(low), at(high)
    if method in ("lower", "nearest"):
        result = below
    elif method == "higher":
        result = above
    else:   # linear and midpoint: PyTorch's lerp, exact at both ends
        weight = (rank - low if method == "linear" else xp.full(rank.shape, 0.5)).astype(ordered.dtype)
        diff = above - below
        result = xp.where(weight < 0.5, below + weight * diff, above - diff * (1 - weight))
    result = xp.where(count == 0, xp.nan, result).astype(data.dtype)
    if keepdims:
        result = result.reshape(q.shape + (1,) * data.ndim) if axis is None else xp.expand_dims(result,
                                                                                             q.ndim + axis)
    return result


def _cumulative_extreme(name: str, largest: bool):
    def function(input, dim: int, *, out=None):
        require_tensor(input, name)
        dim = int_argument(dim, name, "dim", 2)
        data = input._data
        if data.ndim == 0 and dim not in (0, -1):
            raise IndexError(f"{name}(): Expected reduction dim -1 or 0 for scalar but got {dim}")
        # PyTorch returns an empty tensor's empty results before it checks the dim's range
        axis = 0 if data.size == 0 and not -data.ndim <= dim < data.ndim else normalize_dim(dim, data.ndim)
        if data.ndim and data.size:   # (0-d and empty tensors are copied without a kernel)
            _no_complex(name, input, name + "_cpu")
        xp = array_module(input._device)
        if data.ndim == 0 or data.size == 0:
            values, indices = data.copy(), xp.zeros(data.shape, np.int64)
        elif xp is not np:
            from .kernels import scan_cuda
            values, indices = scan_cuda.cumulative_extreme(data, axis, largest)
        else:
            values = (xp.maximum if largest else xp.minimum).accumulate(data, axis=axis)
            # position i holds the running extreme when data[i] equals it (NaN counts as equal to NaN);
            # ties take the later index, as PyTorch's kernels do
            attained = (data == values)
            if data.dtype.kind == "f":
                attained |= xp.isnan(data)
            shape = [1] * data.ndim
            shape[axis] = data.shape[axis]
            positions = xp.arange(data.shape[axis], dtype=np.int64).reshape(shape)
            indices = xp.maximum.accumulate(xp.where(attained, positions, 0), axis=axis)
        cls = return_type(name)
        result = cls(new_tensor(xp, values, input._dtype, input._device),
                     new_tensor(xp, indices, _core.int64, input._device))
        _core.record(name, (input,), {"dim": axis}, tuple(result))
        if out is not None:
            _core.check_out_tuple(out, 2, name)
            _require_out_scalar_type(out[0], input._dtype)
            _require_out_scalar_type(out[1], _core.int64)
            return cls(*_core.copy_into_outs(tuple(result), out, name))
        return result

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Named tuple ``(values, indices)`` of the running {name[3:]}imum along ``dim``."
    return tensor_method()(function)


cummax = _cumulative_extreme("cummax", True)
cummin = _cumulative_extreme("cummin", False)


# ---------------------------------------------------------------------------------------------------
# median, nanmedian, mode, quantile
# ---------------------------------------------------------------------------------------------------
def _median_along(xp, a, axis: int, ignore_nan: bool):
    """Values and indices of the lower median along ``axis`` (NaN wins unless ``ignore_nan``)."""
    order = xp.argsort(a, axis=axis, kind="stable")
    nan_count = xp.sum(xp.isnan(a), axis=axis, keepdims=True) if a.dtype.kind == "f" else \
        xp.zeros([1 if i == axis else s for i, s in enumerate(a.shape)], np.int64)
    n = a.shape[axis]
    if ignore_nan:
        valid = n - nan_count
        rank = xp.where(valid > 0, (valid - 1) // 2, 0)
    else:
        rank = xp.where(nan_count > 0, n - nan_count, (n - 1) // 2)
    indices = xp.take_along_axis(order, rank.astype(np.int64), axis=axis)
    return xp.take_along_axis(a, indices, axis=axis), indices


def _median(name: str, ignore_nan: bool):
    def function(input, dim: int = _NOT_GIVEN, keepdim: bool = _NOT_GIVEN, *, out=None):
        require_tensor(input, name)
        keepdim = _optional_keepdim(name, dim, keepdim)
        dim = None if dim is _NOT_GIVEN else int_argument(dim, name, "dim")
        # PyTorch's kernels: median_cpu over all elements, median_out along a dim (nanmedian too)
        kernel = "median_cpu" if dim is None else "median_out"
        if dim is not None and out is not None:
            _core.check_out_tuple(out, 2, name)
        if dim is not None:   # the dim's range and size before the dtype
            _check_nonempty("median", input, (normalize_dim(dim, input._data.ndim),))
        if input._dtype.is_complex or input._dtype is _core.bool_:
            raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(input._dtype)}'")
        xp = array_module(input._device)
        if dim is None and out is not None:   # PyTorch's median(input) overload has no out=
            raise TypeError(f"{name}() missing 1 required positional arguments: \"dim\"")
        if dim is None:
            if input._data.size == 0:
                return new_tensor(xp, xp.full((), np.nan), input._dtype, input._device)
            values, _ = _median_along(xp, input._data.reshape(-1), 0, ignore_nan)
            result = new_tensor(xp, values.reshape(()), input._dtype, input._device)
            _core.record(name, (input,), _reduction_params(None, False), (result,))
            return finish(result, out, name)
        d = normalize_dim(dim, input._data.ndim)
        _check_nonempty("median", input, (d,))   # PyTorch's sentence says median for nanmedian too
        data = input._data if input._data.ndim else input._data.reshape(1)
        values, indices = _median_along(xp, data, d, ignore_nan)
        if not keepdim or input._data.ndim == 0:
            values, indices = values.squeeze(d), indices.squeeze(d)
        cls = return_type(name)
        result = cls(new_tensor(xp, values, input._dtype, input._device),
                     new_tensor(xp, indices, _core.int64, input._device))
        _core.record(name, (input,), _reduction_params((d,), keepdim), tuple(result))
        if out is None:
            return result
        _check_median_out(name, input, out)
        return cls(*_core.copy_into_outs(tuple(result), out, name))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = ("The lower median (of the flattened tensor, or a named tuple ``(values, indices)`` "
                        f"along ``dim``){'; NaN ignored' if ignore_nan else '; NaN propagates'}.")
    return tensor_method()(function)


def _check_median_out(name: str, input: TensorBase, out: Any) -> None:
    """``out=(values, indices)`` of median/nanmedian along a dim, checked with PyTorch's messages (which
    say median for both)."""
    _core.check_out_tuple(out, 2, name)
    values, indices = out
    if values._dtype is not input._dtype:
        raise RuntimeError(f"Expected tensor for 'values' to have the same type as tensor for argument #2 'self'; "
                           f"but type {values.type()} does not equal {input.type()} (while checking arguments "
                           "for median)")
    if indices._dtype is not _core.int64:
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have scalar type Long; but got "
                           f"{indices.type()} instead (while checking arguments for median)")


median = _median("median", False)
nanmedian = _median("nanmedian", True)


@tensor_method()
def mode(input, dim: int = -1, keepdim: bool = False, *, out=None):
    """Named tuple ``(values, indices)``: the most frequent value along ``dim`` (the smallest among
    equally frequent ones) and the last index where it occurs; ``out=(values, indices)`` receives them.
    A NaN equals nothing, so each counts once (PyTorch's answer for rows holding NaN depends on how
    its sort happens to order them)."""
    require_tensor(input, "mode")
    keepdim = bool_argument(keepdim, "mode", "keepdim")
    xp = array_module(input._device)
    d = normalize_dim(dim, input._data.ndim)
    if input._data.ndim and input._data.shape[d] == 0:
        raise IndexError(f"mode(): Expected reduction dim {d} to have non-zero size.")
    if input._data.ndim and input._data.size:   # (0-d and empty inputs never reach the kernel)
        _no_complex("mode", input, "mode_cpu")
    data = input._data if input._data.ndim else input._data.reshape(1)
    moved = xp.moveaxis(data, d, -1)
    values, indices = _mode_of_rows(xp, moved.reshape(-1, moved.shape[-1]))
    shape = moved.shape[:-1]
    values, indices = values.reshape(shape), indices.reshape(shape)
    if keepdim and input._data.ndim:
        values, indices = xp.expand_dims(values, d), xp.expand_dims(indices, d)
    cls = return_type("mode")
    result = cls(new_tensor(xp, values, input._dtype, input._device),
                 new_tensor(xp, indices, _core.int64, input._device))
    _core.record("mode", (input,), _reduction_params((d,), keepdim), tuple(result))
    if out is None:
        return result
    _core.check_out_tuple(out, 2, "mode")
    for target, expected, what in zip(out, (input._dtype, _core.int64), ("values", "indices")):
        if target._dtype is not expected:
            raise RuntimeError(f"expected scalar type '{_core.type_name(expected)}' but got "
                               f"'{_core.type_name(target._dtype)}' for {what} output")
    return cls(*_core.copy_into_outs(tuple(result), out, "mode"))


def _mode_of_rows(xp, rows):
    """Per row: the value of the longest run of equal values in stable sorted order (the first such run,
    so the smallest value) and the original position of that run's last element."""
    ordered, order = sort_dispatch.sort(rows, 1, False)
    n = rows.shape[1]
    ends = xp.ones(rows.shape, dtype=bool)
    ends[:, :-1] = ordered[:, :-1] != ordered[:, 1:]
    starts = xp.ones(rows.shape, dtype=bool)
    starts[:, 1:] = ends[:, :-1]
    positions = xp.arange(n, dtype=np.int64)
    run_start = xp.maximum.accumulate(xp.where(starts, positions, 0), axis=1)
    lengths = xp.where(ends, positions - run_start + 1, 0)
    best = xp.argmax(lengths, axis=1)[:, None]
    return xp.take_along_axis(ordered, best, axis=1)[:, 0], xp.take_along_axis(order, best, axis=1)[:, 0]


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(name: str, ignore_nan: bool):
    def function(input, q, dim: int | None = None, keepdim: bool = False, *, interpolation: str = "linear",
                 out=None):
        require_tensor(input, name)
        if not isinstance(q, (TensorBase, int, float, np.number)):   # PyTorch: a Tensor or a float
            raise TypeError(f"{name}(): argument 'q' must be Tensor or float, not {type(q).__name__}")
        dim = optional_int_argument(dim, name, "dim")
        keepdim = bool_argument(keepdim, name, "keepdim")
        if not isinstance(interpolation, str):
            raise TypeError(f"{name}(): argument 'interpolation' must be str, not {type(interpolation).__name__}")
        # PyTorch's order: the scalar q's range, the interpolation, then quantile_checks
        if not isinstance(q, TensorBase) and not 0 <= q <= 1:    # says quantile() for nanquantile too
            raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {float(q):g}")
        if interpolation not in _INTERPOLATIONS:
            raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, midpoint or "
                               f"nearest, but got {interpolation}")
        if input._data.size == 0:
            raise RuntimeError("quantile() input tensor must be non-empty")
        if isinstance(q, TensorBase) and q._data.ndim > 1:
            raise RuntimeError("quantile() q must be a scalar or 1D tensor")
        if input._dtype not in (_core.float32, _core.float64):
            raise RuntimeError("quantile() input tensor must be either float or double dtype")
        if isinstance(q, TensorBase) and q._dtype is not input._dtype:
            raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
        xp = array_module(input._device)
        q_array = q._data if isinstance(q, TensorBase) else np.asarray(q, dtype=input._dtype.numpy_dtype)
        if bool(((q_array < 0) | (q_array > 1)).any()):
            raise RuntimeError("quantile() q values must be in the range [0, 1]")
        dims = None if dim is None else (normalize_dim(dim, input._data.ndim),)
        data = input._data if input._data.ndim else input._data.reshape(1)
        axis = None if dims is None else dims[0]
        fn = (xp.nanquantile if xp is np else _nanquantile_by_sorting) if ignore_nan else xp.quantile
        with _core.quiet_fp(), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)   # NumPy's "All-NaN slice"; PyTorch is silent
            array = fn(data, q_array, axis=axis, method=interpolation, keepdims=keepdim)
        if not ignore_nan and data.dtype.kind == "f":
            has_nan = xp.isnan(data).any(axis=axis, keepdims=keepdim)
            array = xp.where(has_nan, np.nan, array)
        if keepdim and axis is None:
            array = array.reshape(q_array.shape + (1,) * input._data.ndim)
        elif input._data.ndim == 0 and keepdim:
            array = array.reshape(q_array.shape)
        result = new_tensor(xp, array, input._dtype, input._device)
        if isinstance(out, TensorBase) and out._dtype is not input._dtype:
            raise RuntimeError("quantile() out tensor must be same dtype as the input tensor")
        _core.record(name, (input, q), {"dim": dims, "keepdim": keepdim, "interpolation": interpolation},
                     (result,))
        return finish(result, out, name)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"The ``q``-th quantiles along ``dim`` (of all elements when None) with "
                        f"``interpolation``{'; NaN ignored' if ignore_nan else ''}.")
    return tensor_method()(function)


quantile = _quantile("quantile", False)
nanquantile = _quantile("nanquantile", True)


# ---------------------------------------------------------------------------------------------------
# unique, bincount, histc, diff, trace
# ---------------------------------------------------------------------------------------------------
def _host(array):
    return array if isinstance(array, np.ndarray) else array.get()


def _unique_result(xp, device, d: DType, values, inverse, counts, return_inverse, return_counts):
    outputs = [new_tensor(xp, xp.asarray(values), d, device)]
    if return_inverse:
        outputs.append(new_tensor(xp, xp.asarray(inverse), _core.int64, device))
    if return_counts:
        outputs.append(new_tensor(xp, xp.asarray(counts), _core.int64, device))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def _unique_axis(data, dim: int) -> int:
    """``dim`` wrapped (a 0-d tensor has none to take); PyTorch refuses an empty tensor whose empty
    dimensions are not ``dim``."""
    dim_size(data.shape, dim)   # (a 0-d tensor has none to take)
    axis = normalize_dim(dim, data.ndim)
    if data.size == 0 and data.ndim and data.shape[axis] != 0:
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied")
    return axis


def _refuse_complex_unique(input: TensorBase, kernel: str) -> None:
    """PyTorch's unique kernels have no complex instance (complex numbers have no order to sort by)."""
    if input._dtype.is_complex:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(input._dtype)}'")


@tensor_method()
def unique(input, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,
           dim: int | None = None):
    """The distinct elements (or slices along ``dim``), sorted; optionally inverse indices and counts."""
    require_tensor(input, "unique")
    for argument, value in (("sorted", sorted), ("return_inverse", return_inverse), ("return_counts", return_counts)):
        bool_argument(value, "unique", argument)
    dim = optional_int_argument(dim, "unique", "dim")
    _refuse_complex_unique(input, "unique" if dim is None else "unique_dim")
    xp = array_module(input._device)
    data = _host(input._data)
    if dim is None:
        # NaN equals nothing, so every NaN is its own element (NumPy would merge them)
        values, inverse, counts = np.unique(data.reshape(-1), return_inverse=True, return_counts=True,
                                            equal_nan=False)
        inverse = inverse.reshape(data.shape)
    else:
        axis = _unique_axis(data, dim)
        values, inverse, counts = np.unique(data, return_inverse=True, return_counts=True, axis=axis)
        inverse = inverse.reshape(-1)
    return _unique_result(xp, input._device, input._dtype, values, inverse, counts, return_inverse,
                          return_counts)


@tensor_method()
def unique_consecutive(input, return_inverse: bool = False, return_counts: bool = False, dim: int | None = None):
    """Collapse runs of equal consecutive elements (or slices along ``dim``)."""
    require_tensor(input, "unique_consecutive")
    for argument, value in (("return_inverse", return_inverse), ("return_counts", return_counts)):
        bool_argument(value, "unique_consecutive", argument)
    dim = optional_int_argument(dim, "unique_consecutive", "dim")
    if dim is not None and input._data.ndim == 1 and dim in (0, -1):
        dim = None   # PyTorch takes a 1-d tensor's only dim as no dim
    _refuse_complex_unique(input, "unique" if dim is None else "unique_dim")
    xp = array_module(input._device)
    data = _host(input._data)
    if dim is None:
        flat = data.reshape(-1)
        starts = np.ones(flat.shape[0], bool)
        starts[1:] = flat[1:] != flat[:-1]
        values = flat[starts]
        inverse_shape = data.shape
    elif data.size == 0:   # (the empty dim is the one asked for: nothing to collapse)
        _unique_axis(data, dim)
        return _unique_result(xp, input._device, input._dtype, data.copy(), np.zeros(0, np.int64),
                              np.zeros(0, np.int64), return_inverse, return_counts)
    else:
        axis = _unique_axis(data, dim)
        moved = np.moveaxis(data, axis, 0).reshape(data.shape[axis], -1)
        starts = np.ones(moved.shape[0], bool)
        starts[1:] = (moved[1:] != moved[:-1]).any(axis=1)
        values = np.compress(starts, data, axis=axis)
        inverse_shape = (data.shape[axis],)
    inverse = (np.cumsum(starts) - 1).reshape(inverse_shape)
    counts = np.diff(np.append(np.flatnonzero(starts), starts.shape[0]))
    return _unique_result(xp, input._device, input._dtype, values, inverse, counts, return_inverse,
                          return_counts)


@tensor_method()
def bincount(input, weights=None, minlength: int = 0):
    """Count of each non-negative integer value in the 1-D ``input`` (summing ``weights`` if given)."""
    require_tensor(input, "bincount")
    minlength = int_argument(minlength, "bincount", "minlength")
    if not is_integral(input._dtype) or input._dtype is _core.bool_:   # PyTorch's dtype dispatch comes first
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{_core.type_name(input._dtype)}'")
    if input._data.ndim != 1 or (input._data.size and bool((input._data < 0).any())):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    xp = array_module(input._device)
    if weights is None:
        return new_tensor(xp, xp.bincount(input._data, minlength=minlength), _core.int64, input._device)
    require_tensor(weights, "bincount", "weights", 2)
    if weights._data.shape != input._data.shape:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    d = _core.float32 if weights._dtype is _core.float32 else _core.float64
    return new_tensor(xp, xp.bincount(input._data, weights=weights._data.astype(np.float64), minlength=minlength),
                      d, input._device)


@tensor_method()
def histc(input, bins: int = 100, min: float = 0, max: float = 0, *, out=None):
    """Histogram of ``bins`` equal-width bins over ``[min, max]`` (the data's range when both are 0)."""
    require_tensor(input, "histc")
    bins = int_argument(bins, "histc", "bins")
    for argument, value in (("min", min), ("max", max)):
        if not (isinstance(value, (int, float, np.number)) or isinstance(value, TensorBase) and value._data.ndim == 0):
            raise TypeError(f"histc(): argument '{argument}' must be Number, not {type(value).__name__}")
    # PyTorch's dispatch order: bool fails in the bin edges' linspace, complex in the default range's aminmax
    kernel = "linspace_cpu" if input._dtype is _core.bool_ else "histogram_cpu"
    if input._dtype.is_complex and float(min) == float(max):
        kernel = "aminmax_cpu"
    if is_integral(input._dtype) or input._dtype.is_complex:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(input._dtype)}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    xp = array_module(input._device)
    data = input._data.reshape(-1)
    low, high = float(min), float(max)
    shown = (f"{low:g}", f"{high:g}")
    if low == high and data.size:
        with _core.quiet_fp():
            low, high = float(data.min()), float(data.max())
        # PyTorch prints the range its min/max reduction found (a NaN there is printed -nan)
        shown = tuple("-nan" if math.isnan(v) else f"{v:g}" for v in (low, high))
    if not (math.isfinite(low) and math.isfinite(high)):
        raise RuntimeError(f"torch.histc: range of [{shown[0]}, {shown[1]}] is not finite")
    if low == high:
        low, high = low - 1, high + 1
    if low > high:
        raise RuntimeError("torch.histc: max must be larger than min")
    counts, _ = xp.histogram(data[(data >= low) & (data <= high)], bins=bins, range=(low, high))
    return finish(new_tensor(xp, counts, input._dtype, input._device), out, "histc")


@tensor_method()
def diff(input, n: int = 1, dim: int = -1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim`` (after concatenating ``prepend``/``append``)."""
    require_tensor(input, "diff")
    n = int_argument(n, "diff", "n")
    dim = int_argument(dim, "diff", "dim")
    for argument, value in (("prepend", prepend), ("append", append)):
        if value is not None and not isinstance(value, TensorBase):
            raise TypeError(f"diff(): argument '{argument}' must be Tensor, not {type(value).__name__}")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    if input._data.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    axis = normalize_dim(dim, input._data.ndim)
    xp = array_module(input._device)
    pieces = [p._data for p in (prepend, input, append) if p is not None]
    data = xp.concatenate(pieces, axis=axis) if len(pieces) > 1 else input._data
    if input._dtype is _core.bool_:
        array = data
        for _ in range(n):
            array = xp.logical_xor(xp.take(array, range(1, array.shape[axis]), axis=axis),
                                   xp.take(array, range(0, array.shape[axis] - 1), axis=axis))
    else:
        array = xp.diff(data, n=n, axis=axis)
    result = new_tensor(xp, array, input._dtype, input._device)
    _core.record("diff", (input, prepend, append), {"n": n, "dim": axis}, (result,))
    return result


@tensor_method()
def trace(input):
    """Sum of the main diagonal of a 2-D tensor."""
    require_tensor(input, "trace")
    if input._dtype is _core.bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input._data.ndim}")
    xp = array_module(input._device)
    d = _accumulate_dtype(input, None)
    result = new_tensor(xp, xp.trace(_cast(input._data, d)), d, input._device)
    _core.record("trace", (input,), None, (result,))
    return result


__all__ = [
    "sum", "nansum", "mean", "nanmean", "prod", "var", "std", "var_mean", "std_mean", "amax", "amin", "max",
    "min", "argmax", "argmin", "aminmax", "logsumexp", "softmax", "log_softmax", "norm", "all", "any",
    "count_nonzero", "cumsum", "cumprod", "logcumsumexp", "cummax", "cummin", "median", "nanmedian", "mode",
    "quantile", "nanquantile", "unique", "unique_consecutive", "bincount", "histc", "diff", "trace",
]

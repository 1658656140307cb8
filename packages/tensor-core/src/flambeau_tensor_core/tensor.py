"""``Tensor``: the public tensor class, a Python subclass of the Cython ``TensorBase``.

``TensorBase`` holds the fields and hot operators; this class adds the rest of the method surface.
Op modules attach their functions as methods with :func:`tensor_method`, so each op family is written
once, in its own module, and is both ``flambeau.exp(t)`` and ``t.exp()``.
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from . import _core
from ._core import TensorBase, device as Device, dtype as DType


class Size(tuple):
    """A tensor shape: a tuple of ints, as ``torch.Size``."""

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n

    def __repr__(self) -> str:
        return f"torch.Size([{', '.join(str(s) for s in self)}])"   # PyTorch's spelling, as dtypes

    def __getitem__(self, item):
        result = tuple.__getitem__(self, item)
        return Size(result) if isinstance(item, slice) else result

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))


class Tensor(TensorBase):
    """A multi-dimensional array of one dtype on one device, with PyTorch's semantics."""

    __module__ = "flambeau_tensor_core"
    # NumPy defers binary operators to us (``ndarray + tensor`` → ``Tensor.__radd__``), as with PyTorch.
    __array_priority__ = 1000

    # ---- shape and memory layout ------------------------------------------------------------------
    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim: int | None = None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[normalize_dim(dim, self._data.ndim)]

    def stride(self, dim: int | None = None):
        itemsize = self._data.itemsize
        strides = tuple(s // itemsize for s in self._data.strides)
        if self._data.size == 0 and not any(strides):
            strides = _empty_strides(self._data.shape)
        if dim is None:
            return strides
        return strides[normalize_dim(dim, self._data.ndim)]

    def storage_offset(self) -> int:
        if self._base is None:
            return 0
        base = self._base._data
        return (_data_pointer(self._data) - _data_pointer(base)) // self._data.itemsize

    def data_ptr(self) -> int:
        return _data_pointer(self._data)

    # is_contiguous / contiguous / layout: memory_formats.py

    def _is_view(self) -> bool:
        return self._base is not None

    # ---- conversion -------------------------------------------------------------------------------
    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The CPU tensor's memory as a NumPy array (shared, not copied)."""
        if force:
            return np.array(self.detach().cpu()._data)
        if self._requires_grad and _core.autograd_hook().is_grad_enabled():   # (under no_grad it is allowed)
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                               "Use tensor.detach().numpy() instead.")
        if self._device.type != "cpu":
            raise TypeError(f"can't convert {self._device} device type tensor to numpy. "
                            "Use Tensor.cpu() to copy the tensor to host memory first.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        array = self.detach().cpu()._data
        if dtype is not None:
            array = array.astype(dtype, copy=False)
        return np.array(array, copy=True) if copy else array

    def tolist(self):
        return self._host_array().tolist()

    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._host_array().reshape(()).item()

    def _host_array(self) -> np.ndarray:
        data = self._data
        return data if isinstance(data, np.ndarray) else data.get()

    def __format__(self, spec: str) -> str:
        """A 0-d tensor formats as its number; others only with an empty spec (their repr), as PyTorch."""
        if self._data.ndim == 0:
            return format(self.item(), spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return repr(self)

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __contains__(self, element) -> bool:
        return bool((self == element).any())

    def __repr__(self) -> str:
        from ._format import tensor_repr
        return tensor_repr(self)

    __str__ = __repr__

    def __reduce_ex__(self, protocol):
        args = (self._host_array(), self._device, self._requires_grad)
        if not self._data.flags.c_contiguous:   # NumPy pickles such arrays row-major: keep the layout apart
            from .memory_formats import like_strides, preserve_format
            args += (like_strides(self, preserve_format),)
        return (_rebuild_tensor, args)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        copied = self.detach().clone()
        copied.requires_grad_(self._requires_grad)
        if self._grad is not None:
            copied.grad = self._grad.__deepcopy__(memo)
        memo[id(self)] = copied
        return copied

    # ---- device and dtype moves -------------------------------------------------------------------
    def to(self, *args, **kwargs) -> Tensor:
        """``to(dtype)``, ``to(device, dtype=None)``, ``to(other)``; ``non_blocking=``, ``copy=``."""
        from .conversion import tensor_to
        return tensor_to(self, *args, **kwargs)

    def cpu(self, memory_format: Any = None) -> Tensor:
        return self.to("cpu", memory_format=memory_format)

    def cuda(self, device: Any = None, non_blocking: bool = False, memory_format: Any = None) -> Tensor:
        from .cuda import cuda_device
        return self.to(cuda_device(device), non_blocking=non_blocking, memory_format=memory_format)

    def type(self, dtype: Any = None, non_blocking: bool = False):
        """The legacy type name, or this tensor converted to a dtype or legacy type (``FloatTensor``)."""
        from .legacy_types import tensor_type
        return tensor_type(self, dtype, non_blocking)

    def double(self) -> Tensor:
        return self.to(_core.float64)

    def float(self) -> Tensor:
        return self.to(_core.float32)

    def half(self) -> Tensor:
        return self.to(_core.float16)

    def long(self) -> Tensor:
        return self.to(_core.int64)

    def int(self) -> Tensor:
        return self.to(_core.int32)

    def short(self) -> Tensor:
        return self.to(_core.int16)

    def char(self) -> Tensor:
        return self.to(_core.int8)

    def byte(self) -> Tensor:
        return self.to(_core.uint8)

    def bool(self) -> Tensor:
        return self.to(_core.bool_)

    def cfloat(self) -> Tensor:
        return self.to(_core.complex64)

    def cdouble(self) -> Tensor:
        return self.to(_core.complex128)

    # ---- copies and aliases -----------------------------------------------------------------------
    def clone(self, *, memory_format: Any = None) -> Tensor:
        """A copy in fresh memory, laid out in ``memory_format`` (default: like ``self``, as PyTorch)."""
        data = self._data
        if memory_format is None and data.flags.c_contiguous:
            array = data.copy()
        else:
            from .memory_formats import copy_with_strides, like_strides, memory_format_argument
            array = copy_with_strides(data, like_strides(self, memory_format_argument(memory_format, "clone")))
        out = _core.wrap(array, self._dtype, self._device)
        _core.record("clone", (self,), None, (out,))
        return out

    def detach(self) -> Tensor:
        """A tensor sharing this one's memory and version counter, outside the autograd graph."""
        alias = _core.wrap(self._data, self._dtype, self._device)
        alias._is_inference = self._is_inference   # (a view: what its base is, wherever it is made)
        if self._version_counter is None:
            self._version_counter = _core.VersionCounter()
        alias._version_counter = self._version_counter
        alias._base = self._base
        return alias

    @property
    def data(self) -> Tensor:
        return self.detach()

    @data.setter
    def data(self, value: Tensor) -> None:
        if not isinstance(value, TensorBase):
            raise TypeError(f"data must be a Tensor, not {type(value).__name__}")
        self._data = value._data
        self._dtype = value._dtype
        self._device = value._device

    # ---- gradients (the work is done by the autograd plug-in; ``.grad`` lives in TensorBase) -----
    def backward(self, gradient=None, retain_graph=None, create_graph: bool = False, inputs=None) -> None:
        """Accumulate the gradient of this tensor w.r.t. graph leaves into their ``.grad``."""
        _core.require_autograd("backward()").backward(self, gradient, retain_graph, create_graph, inputs)

    def register_hook(self, hook: Callable):
        return _core.require_autograd("register_hook()").register_hook(self, hook)

    def register_post_accumulate_grad_hook(self, hook: Callable):
        hooks = _core.require_autograd("register_post_accumulate_grad_hook()")
        return hooks.register_post_accumulate_grad_hook(self, hook)

    def retain_grad(self) -> None:
        _core.require_autograd("retain_grad()").retain_grad(self)

    @property
    def retains_grad(self) -> bool:
        hook = _core.autograd_hook()
        return bool(hook is not None and hook.retains_grad(self))

    def detach_(self) -> Tensor:
        hook = _core.autograd_hook()
        if hook is not None:
            hook.detach_(self)
        return self

    def stft(self, *args: Any, **kwargs: Any) -> Tensor:   # in the deferred fft module (import cost)
        from .fft import stft
        return stft(self, *args, **kwargs)

    def istft(self, *args: Any, **kwargs: Any) -> Tensor:
        from .fft import istft
        return istft(self, *args, **kwargs)


_core.set_tensor_class(Tensor)


def tensor_method(name: str | None = None) -> Callable[[Callable], Callable]:
    """Decorator: also expose a function ``f(input, ...)`` as the method ``Tensor.<name>``."""

    def attach(function: Callable) -> Callable:
        setattr(Tensor, name or function.__name__, function)
        return function

    return attach


def normalize_dim(dim: int, ndim: int) -> int:
    """``dim`` wrapped into ``[0, ndim)`` (a 0-d tensor accepts -1 and 0), or PyTorch's IndexError;
    like PyTorch's argument parser it takes a one-element integer tensor and refuses other types."""
    if type(dim) is not int:
        dim = _as_dim_int(dim)
    bound = max(ndim, 1)
    if not -bound <= dim < bound:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-bound}, {bound - 1}], "
                         f"but got {dim})")
    return dim + bound if dim < 0 else dim


def dim_size(shape: tuple, dim: int) -> int:
    """``size(dim)`` of a tensor of ``shape``, with PyTorch's IndexErrors: a 0-d tensor has no dims to
    name, others refuse a dim out of range (ops that read sizes before their checks fail there)."""
    if not shape:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return shape[normalize_dim(dim, len(shape))]


def _as_dim_int(dim: Any) -> int:
    value = int_or_none(dim)
    if value is None:
        raise TypeError(f"argument 'dim' must be int, not {type_name(dim)}")
    return value


# ---- argument parsing ----------------------------------------------------------------------------
# Every op checks its int, int-list, shape and dim arguments here, as PyTorch's argument parser does and
# with its TypeError messages ("tril(): argument 'diagonal' (position 2) must be int, not Tensor"):
# - an ``int`` argument (``dim``, ``chunks``, ``offset`` …) takes a Python int, a NumPy integer or a 0-d
#   integer tensor; bool, float, None, str, list and other tensors are TypeErrors;
# - a ``SymInt`` one (a size or an index: ``narrow``'s ``start``, ``split_size``, ``topk``'s ``k``,
#   ``tril``'s ``diagonal``, ``eye``'s ``n`` …) also takes a one-element integer tensor of any rank and
#   any object with ``__index__``; a one-element bool tensor passes the type check and fails as a
#   RuntimeError;
# - an int list (a shape, ``dims``) is a tuple or list of such SymInts; where PyTorch's signature says
#   ``int[1]`` a single int stands for a one-item list;
# - a ``bool`` argument (``keepdim``, ``unbiased``, ``sorted`` …) takes only ``True`` or ``False``.
# Each helper tries the plain ``int`` first, so hot ops pay one ``type(x) is int``.
_CAT_INT = 1   # dtype.category of the integer dtypes (0 is bool)


def type_name(value: Any) -> str:
    """The type name PyTorch's argument errors print: ``Tensor``, ``float``, ``numpy.float64``."""
    if isinstance(value, TensorBase):
        return "Tensor"
    cls = type(value)
    return cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def _where(name: str, argument: str, position: int | None) -> str:
    at = "" if position is None else f" (position {position})"
    return f"{name}(): argument '{argument}'{at}"


def _bool_tensor_error() -> RuntimeError:
    return RuntimeError("Expected scalar.isIntegral(false) to be true, but got false: a bool tensor is not an int")


def _symint_or_none(value: Any) -> int | None:
    """``value`` as an int under PyTorch's SymInt rule (one-element integer tensor, ``__index__``), or
    ``None`` when it does not qualify; a one-element bool tensor is PyTorch's RuntimeError."""
    if isinstance(value, TensorBase):
        if value._data.size != 1 or value._dtype.category > _CAT_INT:
            return None
        if value._dtype.category != _CAT_INT:
            raise _bool_tensor_error()
        return int(value._data.reshape(()).item())
    if isinstance(value, (bool, np.bool_, float, np.floating)):
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def int_or_none(value: Any) -> int | None:
    """``value`` as an int under PyTorch's rule for an ``int`` argument (int, NumPy integer, 0-d integer
    tensor), or ``None`` when it does not qualify."""
    if type(value) is int:
        return value
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, TensorBase) and value._data.ndim == 0 and value._dtype.category == _CAT_INT:
        return int(value._data.item())
    return None


def int_argument(value: Any, name: str, argument: str, position: int | None = None, *,
                 symint: bool = False) -> int:
    """``value`` as a Python int under PyTorch's rule for an ``int`` argument (``symint=True``: for a
    ``SymInt`` one), else its TypeError naming the op, the argument and its position."""
    if type(value) is int:
        return value
    result = int_or_none(value)
    if result is not None:
        return result
    if symint:
        result = _symint_or_none(value)
        if result is not None:
            return result
    raise TypeError(f"{_where(name, argument, position)} must be int, not {type_name(value)}")


def optional_int_argument(value: Any, name: str, argument: str, position: int | None = None, *,
                          symint: bool = False) -> int | None:
    """:func:`int_argument` that lets ``None`` through (PyTorch's ``int?``)."""
    return None if value is None else int_argument(value, name, argument, position, symint=symint)


def bool_argument(value: Any, name: str, argument: str, position: int | None = None) -> bool:
    """``value`` if it is ``True`` or ``False`` (PyTorch's ``bool``: no ints, NumPy bools or tensors),
    else its TypeError naming the op, the argument and its position."""
    if value is True or value is False:
        return value
    raise TypeError(f"{_where(name, argument, position)} must be bool, not {type_name(value)}")


def _list_item(item: Any, index: int, name: str, argument: str, position: int | None) -> int:
    if isinstance(item, np.integer):
        return int(item)
    result = _symint_or_none(item)
    if result is None:
        raise TypeError(f"{_where(name, argument, position)} must be tuple of ints, but found element of type "
                        f"{type_name(item)} at pos {index}")
    return result


def int_list_argument(value: Any, name: str, argument: str, position: int | None = None, *,
                      single: bool = True) -> tuple[int, ...]:
    """A tuple/list of ints (``torch.Size`` included) as a tuple of Python ints; with ``single`` (PyTorch's
    ``int[1]``) one int, or one-element integer tensor, stands for a one-item list."""
    if isinstance(value, (tuple, list)):
        return tuple(item if type(item) is int else _list_item(item, i, name, argument, position)
                     for i, item in enumerate(value))
    if single:
        if type(value) is int:
            return (value,)
        if isinstance(value, np.integer):
            return (int(value),)
        result = _symint_or_none(value)
        if result is not None:
            return (result,)
    raise TypeError(f"{_where(name, argument, position)} must be tuple of ints, not {type_name(value)}")


def size_argument(args: tuple, name: str, argument: str = "size") -> tuple[int, ...]:
    """A varargs shape: ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])``, ``f(Size)`` and ``f(tensor(2))`` give
    ints; ``f()`` is PyTorch's missing-argument TypeError (``f(())`` is a 0-d shape). Negative sizes are
    left to the op (``-1`` means "infer" for ``view``/``reshape``/``expand``)."""
    if len(args) == 1:
        first = args[0]
        if isinstance(first, (tuple, list)):
            args = first
        elif isinstance(first, TensorBase) and first._data.size != 1:
            raise TypeError(f"{_where(name, argument, 1)} must be tuple of ints, not Tensor")
    elif not args:
        raise TypeError(f'{name}() missing 1 required positional arguments: "{argument}"')
    return int_list_argument(args, name, argument)


def dims_argument(dim: Any, ndim: int, name: str, argument: str = "dim",
                  position: int | None = None) -> tuple[int, ...]:
    """An int or a sequence of ints (``int[1]``) as a tuple of dims wrapped into ``[0, ndim)``."""
    return tuple(normalize_dim(d, ndim) for d in int_list_argument(dim, name, argument, position))


def optional_dims_argument(dim: Any, ndim: int, name: str, argument: str = "dim",
                           position: int | None = None) -> tuple[int, ...] | None:
    """:func:`dims_argument` that maps ``None`` (all dims) to ``None``."""
    return None if dim is None else dims_argument(dim, ndim, name, argument, position)


def _empty_strides(shape: tuple) -> tuple:
    """The strides PyTorch gives a new empty tensor (row-major, each size counted as at least 1), where
    NumPy gives an empty array zero strides."""
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


def _data_pointer(array) -> int:
    if isinstance(array, np.ndarray):
        return array.__array_interface__["data"][0]
    return array.data.ptr


def _rebuild_tensor(array, device, requires_grad, strides=None):
    if strides is None:
        array = np.array(array)
    else:
        from .memory_formats import copy_with_strides
        array = copy_with_strides(array, strides)
    tensor = _core.wrap(array, None, None)
    if device.type != "cpu":
        tensor = tensor.to(device)
    return factory_requires_grad(tensor) if requires_grad else tensor


def factory_requires_grad(tensor: TensorBase) -> TensorBase:
    """``requires_grad=True`` given to a factory: ``tensor`` made to require grad, with PyTorch's factory
    message for dtypes that cannot (``requires_grad_()`` words it differently)."""
    if not (tensor.dtype.is_floating_point or tensor.dtype.is_complex):
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    return tensor.requires_grad_(True)


_LEGACY_TYPE_NAMES = {
    "float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor", "int64": "LongTensor",
    "int32": "IntTensor", "int16": "ShortTensor", "int8": "CharTensor", "uint8": "ByteTensor",
    "bool": "BoolTensor", "complex64": "ComplexFloatTensor", "complex128": "ComplexDoubleTensor",
}


def _legacy_type_name(t: Tensor) -> str:
    # PyTorch's spelling: scripts run with ``import flambeau as torch`` compare x.type() with these strings
    prefix = "torch.cuda." if t._device.type == "cuda" else "torch."
    return prefix + _LEGACY_TYPE_NAMES[t._dtype.name]


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, TensorBase)


__all__ = ["Tensor", "Size", "tensor_method", "normalize_dim", "is_tensor", "DType", "Device"]

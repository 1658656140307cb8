"""The PyTorch oracle: run one call through flambeau and through PyTorch 2.13 and compare.

A test writes the call once, as a function of the library namespace::

    from flambeau_tensor_core.testing import oracle

    def test_add_alpha():
        a, b = oracle.randn(3, 4), oracle.randn(4)
        oracle.check(lambda lib, x, y: lib.add(x, y, alpha=2), a, b)

NumPy arrays among the arguments become tensors of each library (same values, dtype); the results are
compared for values, dtype and shape, or, if PyTorch raises, flambeau must raise the same exception type
(``check_message``: and the same message).
``check(..., grad=True)`` also backpropagates the same upstream gradient through both and compares the
gradients of every floating-point input. Tests of other packages pass their own namespaces
(``flambeau=SimpleNamespace(nn=flambeau_nn, ...)``). With PyTorch absent every oracle test is skipped.
"""
from __future__ import annotations

import functools
import importlib
import sys
import zlib
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .._core import TensorBase
from . import as_numpy, assert_close

TORCH_VERSION = "2.13"


def torch():
    """The PyTorch module, or skip the calling test when it is not installed."""
    import pytest

    try:
        module = importlib.import_module("torch")
    except ImportError:
        pytest.skip("PyTorch (the test oracle) is not installed")
    return module


def available() -> bool:
    try:
        importlib.import_module("torch")
    except ImportError:
        return False
    return True


_streams: dict[str, np.random.Generator] = {}


def _stream() -> np.random.Generator:
    """The random stream of the module calling ``randn``/``randint``: seeded by its name, so that a test
    module's inputs do not depend on which other modules drew before it (adding a test file must not
    change another file's data)."""
    module = sys._getframe(2).f_globals.get("__name__", "")
    stream = _streams.get(module)
    if stream is None:
        stream = _streams[module] = np.random.default_rng([20261123, zlib.crc32(module.encode())])
    return stream


def randn(*shape: int, dtype: Any = np.float32) -> np.ndarray:
    """Normal samples as a NumPy array, the input format ``check`` converts for both libraries."""
    return _stream().standard_normal(shape).astype(dtype)


def randint(low: int, high: int, *shape: int, dtype: Any = np.int64) -> np.ndarray:
    return _stream().integers(low, high, size=shape).astype(dtype)


def _default_flambeau():
    return importlib.import_module("flambeau_tensor_core")


def _convert(value: Any, lib: Any, requires_grad: bool, leaves: list) -> Any:
    if isinstance(value, np.ndarray):
        tensor = lib.tensor(value.copy()) if lib.__name__ == "torch" else lib.from_numpy(value.copy())
        if requires_grad and value.dtype.kind in "fc":
            tensor.requires_grad_(True)
            leaves.append(tensor)
        return tensor
    if isinstance(value, (list, tuple)) and any(isinstance(v, np.ndarray) for v in value):
        return type(value)(_convert(v, lib, requires_grad, leaves) for v in value)
    return value


def _builtin_base(error: BaseException) -> type:
    for cls in type(error).__mro__:
        if cls.__module__ == "builtins":
            return cls
    return Exception


def _run(fn: Callable, lib: Any, args: tuple, kwargs: dict, grad: bool):
    leaves: list = []
    converted = [_convert(a, lib, grad, leaves) for a in args]
    try:
        return fn(lib, *converted, **kwargs), leaves, None
    except Exception as error:   # the oracle compares exception types, so any error is a result
        return None, leaves, error


def _tensors_in(value: Any) -> list:
    if hasattr(value, "dtype") and hasattr(value, "shape") and not isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _tensors_in(v)]
    return []


def check(fn: Callable, *args: Any, flambeau: Any = None, grad: bool = False, rtol: float | None = None,
          atol: float | None = None, check_dtype: bool = True, **kwargs: Any) -> Any:
    """Compare ``fn(flambeau_namespace, *args)`` with ``fn(torch, *args)``; return flambeau's result."""
    torch_module = torch()
    fl = _default_flambeau() if flambeau is None else flambeau
    expected, torch_leaves, torch_error = _run(fn, torch_module, args, kwargs, grad)
    actual, fl_leaves, fl_error = _run(fn, fl, args, kwargs, grad)
    if torch_error is not None:
        base = _builtin_base(torch_error)
        if fl_error is None:
            raise AssertionError(f"PyTorch raised {type(torch_error).__name__}: {torch_error}; flambeau returned "
                                 f"{actual!r}")
        if not isinstance(fl_error, base):
            raise AssertionError(f"PyTorch raised {base.__name__} ({torch_error}); flambeau raised "
                                 f"{type(fl_error).__name__}: {fl_error}") from fl_error
        return fl_error
    if fl_error is not None:
        raise fl_error
    _compare(actual, expected, rtol, atol, check_dtype)
    if grad:
        _compare_gradients(actual, expected, fl_leaves, torch_leaves, torch_module, rtol, atol)
    return actual


def check_raises(fn: Callable, *args: Any, flambeau: Any = None, **kwargs: Any) -> BaseException:
    """Like :func:`check`, but PyTorch must raise: flambeau must raise the same exception type."""
    torch_module = torch()
    fl = _default_flambeau() if flambeau is None else flambeau
    _, _, torch_error = _run(fn, torch_module, args, kwargs, False)
    assert torch_error is not None, "the oracle did not raise; use check() for this case"
    return check(fn, *args, flambeau=fl, **kwargs)


def check_message(fn: Callable, *args: Any, flambeau: Any = None, **kwargs: Any) -> str:
    """``fn`` must raise in both libraries: the same built-in exception type (PyTorch's own error classes,
    such as ``_LinAlgError``, count as their built-in base) and the same message. Returns the message."""
    torch_module = torch()
    fl = _default_flambeau() if flambeau is None else flambeau
    _, _, expected = _run(fn, torch_module, args, kwargs, False)
    _, _, actual = _run(fn, fl, args, kwargs, False)
    assert expected is not None, "the oracle did not raise; use check() for this case"
    assert actual is not None, f"flambeau did not raise; PyTorch raised {type(expected).__name__}: {expected}"
    assert (_builtin_base(actual), str(actual)) == (_builtin_base(expected), str(expected)), (
        f"flambeau raised {type(actual).__name__}: {actual}\nPyTorch raised {type(expected).__name__}: {expected}")
    return str(expected)


def check_outcome(fn: Callable, *args: Any, flambeau: Any = None, rtol: float | None = None,
                  atol: float | None = None, parser_errors_by_type: bool = False) -> Any:
    """PyTorch's outcome of ``fn``, whichever it is: where PyTorch raises, the same exception type and
    message (:func:`check_message`); where it returns, the same values (:func:`check`). With
    ``parser_errors_by_type``, a TypeError (PyTorch's argument parser words them by listing its C++
    overloads) is matched by type only."""
    _, _, expected = _run(fn, torch(), args, {}, False)
    if expected is not None:
        if parser_errors_by_type and isinstance(expected, TypeError):
            return check(fn, *args, flambeau=flambeau)
        return check_message(fn, *args, flambeau=flambeau)
    return check(fn, *args, flambeau=flambeau, rtol=rtol, atol=atol)


def _compare(actual, expected, rtol, atol, check_dtype):
    if isinstance(expected, (bool, int, float, complex)) and not hasattr(expected, "dtype"):
        if isinstance(actual, TensorBase) or hasattr(actual, "dtype"):
            raise AssertionError(f"PyTorch returned the Python value {expected!r}, flambeau {actual!r}")
        assert type(actual) is type(expected) or {type(actual), type(expected)} <= {int, float}, (
            f"type {type(actual).__name__} != {type(expected).__name__}")
        np.testing.assert_allclose(actual, expected, rtol=rtol or 1e-6, atol=atol or 1e-6)
        return
    if isinstance(expected, (tuple, list)) and not hasattr(expected, "dtype"):
        assert isinstance(actual, (tuple, list)), f"expected a sequence, got {type(actual).__name__}"
        assert len(actual) == len(expected), f"{len(actual)} results != {len(expected)}"
        for a, e in zip(actual, expected):
            _compare(a, e, rtol, atol, check_dtype)
        return
    if expected is None or isinstance(expected, str):
        assert actual == expected, f"{actual!r} != {expected!r}"
        return
    if hasattr(expected, "shape") and type(expected).__module__.startswith("torch") and \
            expected.__class__.__name__ == "Size":
        assert tuple(actual) == tuple(expected), f"size {tuple(actual)} != {tuple(expected)}"
        return
    assert_close(actual, expected, rtol=rtol, atol=atol, check_dtype=check_dtype)


def _compare_gradients(actual, expected, fl_leaves, torch_leaves, torch_module, rtol, atol):
    fl_outputs = [t for t in _tensors_in(actual) if t.requires_grad]
    torch_outputs = [t for t in _tensors_in(expected) if t.requires_grad]
    assert len(fl_outputs) == len(torch_outputs), "different number of differentiable outputs"
    if not torch_outputs:
        return
    upstream = [randn(*t.shape, dtype=as_numpy(t).dtype) for t in torch_outputs]
    torch_module.autograd.backward(torch_outputs, [torch_module.tensor(g) for g in upstream])
    fl = fl_outputs[0]
    fl_lib = importlib.import_module(type(fl).__module__.split(".")[0])
    fl_lib_autograd = importlib.import_module("flambeau_autograd")
    fl_lib_autograd.backward(fl_outputs, [fl_lib.from_numpy(g).to(o.device) for g, o in zip(upstream, fl_outputs)])
    for i, (a, e) in enumerate(zip(fl_leaves, torch_leaves)):
        if e.grad is None:
            assert a.grad is None, f"input {i}: PyTorch has no gradient, flambeau has one"
        else:
            assert a.grad is not None, f"input {i}: flambeau computed no gradient"
            assert a.grad.device == a.device, f"input {i} is on {a.device}, its gradient on {a.grad.device}"
            assert_close(a.grad, e.grad, rtol=rtol, atol=atol, msg=f"grad of input {i}: ")


def mismatches(cases: Iterable[tuple[str, Callable[[Callable], Any]]], run: Callable[[Callable], Any],
               tolerated: Callable[[BaseException], bool] | None = None) -> list[str]:
    """For seeded fuzzes: ``run(call)`` (an oracle check) for each ``(label, call)``; the labels and first
    lines of the cases whose outcome differs from PyTorch's (an AssertionError, or any error that
    ``tolerated`` does not accept)."""
    failures = []
    for label, call in cases:
        try:
            run(call)
        except Exception as error:   # AssertionError: a difference; others: flambeau raised where PyTorch did not
            if tolerated is not None and tolerated(error):
                continue
            if not isinstance(error, AssertionError):
                raise
            failures.append(f"{label}: {str(error).splitlines()[0][:300]}")
    return failures


def assert_no_mismatches(failures: list[str], trials: int) -> None:
    """The fuzz's verdict: every case agreed, or the first twenty that did not."""
    assert failures == [], f"{len(failures)} of {trials} calls differ:\n" + "\n".join(failures[:20])


class on_device:
    """flambeau's namespace with every tensor made on ``device``: ``check(..., flambeau=on_device("cuda"))``
    re-runs an oracle case on the GPU (inputs moved there, creation functions default to it)."""

    _MAKERS = frozenset({"tensor", "as_tensor", "scalar_tensor", "zeros", "ones", "empty", "empty_strided", "full",
                         "arange", "eye", "linspace", "logspace", "tril_indices", "triu_indices", "rand", "randn",
                         "randint", "randperm"})

    def __init__(self, device: str):
        self.device = device
        self.__name__ = f"flambeau_tensor_core[{device}]"

    def from_numpy(self, array: np.ndarray):
        return _default_flambeau().from_numpy(array).to(self.device)

    def __getattr__(self, name: str):
        attr = getattr(_default_flambeau(), name)
        return functools.partial(attr, device=self.device) if name in self._MAKERS else attr


__all__ = ["torch", "available", "check", "check_raises", "check_message", "check_outcome", "mismatches",
           "assert_no_mismatches", "on_device", "randn", "randint", "TORCH_VERSION"]

"""Test helpers shared by every flambeau package (``flambeau.testing``).

* :func:`assert_close` – compare tensors/arrays/numbers (values, dtype, shape) with dtype-aware tolerances;
* :mod:`.oracle` – run the same call through flambeau and through PyTorch and compare the results,
  the gradients, or the exception types (skipped where PyTorch is not installed).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .._core import TensorBase

# PyTorch's default tolerances per dtype (torch.testing.assert_close)
_TOLERANCES = {
    "float16": (1e-3, 1e-5), "float32": (1.3e-6, 1e-5), "float64": (1e-7, 1e-7),
    "complex64": (1.3e-6, 1e-5), "complex128": (1e-7, 1e-7),
}


def as_numpy(value: Any) -> np.ndarray:
    """A host NumPy array for a flambeau tensor, a PyTorch tensor, an array or a number."""
    if isinstance(value, TensorBase):
        return np.asarray(value.detach().cpu()._data)
    if type(value).__module__.startswith("torch"):
        return value.detach().cpu().resolve_conj().numpy(force=True)   # (force: PyTorch's ZeroTensor gradients)
    return np.asarray(value)


def dtype_name(value: Any) -> str:
    """``"float32"`` for flambeau and PyTorch tensors alike (``None`` for non-tensors)."""
    dtype = getattr(value, "dtype", None)
    if dtype is None:
        return type(value).__name__
    return str(dtype).rsplit(".", 1)[-1]


def assert_close(actual: Any, expected: Any, *, rtol: float | None = None, atol: float | None = None,
                 equal_nan: bool = True, check_dtype: bool = True, msg: str = "") -> None:
    """Fail unless ``actual`` and ``expected`` have the same shape (and dtype) and close values."""
    if isinstance(expected, (tuple, list)) and not hasattr(expected, "dtype"):
        assert isinstance(actual, (tuple, list)), f"{msg}expected a sequence, got {type(actual).__name__}"
        assert len(actual) == len(expected), f"{msg}length {len(actual)} != {len(expected)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_close(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan, check_dtype=check_dtype,
                         msg=f"{msg}[{i}] ")
        return
    is_tensor = hasattr(expected, "dtype") and hasattr(expected, "shape")
    if check_dtype and is_tensor:
        assert dtype_name(actual) == dtype_name(expected), (
            f"{msg}dtype {dtype_name(actual)} != expected {dtype_name(expected)}")
    a, e = as_numpy(actual), as_numpy(expected)
    assert a.shape == e.shape, f"{msg}shape {a.shape} != expected {e.shape}"
    default_rtol, default_atol = _TOLERANCES.get(str(e.dtype), (0.0, 0.0))
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    if e.dtype.kind in "fc" or a.dtype.kind in "fc":
        np.testing.assert_allclose(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan, err_msg=msg)
    else:
        np.testing.assert_array_equal(a, e, err_msg=msg)


__all__ = ["assert_close", "as_numpy", "dtype_name"]

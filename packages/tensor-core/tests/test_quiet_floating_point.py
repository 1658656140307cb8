"""PyTorch's kernels never warn about division by zero, overflow or invalid values; NumPy's ufuncs
do. Every op must give PyTorch's inf/NaN results silently (``_core.quiet_fp``), and must not change
the caller's own NumPy error settings."""
import warnings

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core import _core
from flambeau_tensor_core.testing import oracle

EDGE_VALUES = np.array([0.0, -1.0, 1.0, 3e38, -3e38, np.inf, -np.inf, np.nan], dtype=np.float32)

CASES = {
    "true divide by zero": lambda lib, x: x / lib.zeros_like(x),
    "reflected divide": lambda lib, x: 1.0 / x,
    "overflowing product": lambda lib, x: x * x,
    "pow": lambda lib, x: x ** 40,
    "log": lambda lib, x: x.log(),
    "sqrt of negatives": lambda lib, x: x.sqrt(),
    "exp overflow": lambda lib, x: x.exp(),
    "reciprocal": lambda lib, x: x.reciprocal(),
    "fmod by zero": lambda lib, x: lib.fmod(x, lib.zeros_like(x)),
    "sum of inf and -inf": lambda lib, x: x.sum(),
    "mean of nothing": lambda lib, x: x[:0].mean(),
    "in-place divide": lambda lib, x: x.clone().div_(0.0),
    "acos out of domain": lambda lib, x: x.acos(),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_edge_values_give_pytorchs_results_without_warnings(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        oracle.check(CASES[name], EDGE_VALUES.copy())


def test_callers_numpy_error_settings_survive():
    with np.errstate(divide="raise"):
        ft.tensor([1.0]) / 0.0                      # quiet inside flambeau's op …
        with pytest.raises(FloatingPointError):
            np.float64(1.0) / np.float64(0.0)       # … and the caller's setting is back afterwards


def test_quiet_fp_restores_settings_after_an_error():
    before = np.geterr()
    with pytest.raises(ZeroDivisionError):
        with _core.quiet_fp():
            assert np.geterr()["divide"] == "ignore"
            raise ZeroDivisionError
    assert np.geterr() == before


def test_nanquantile_of_an_all_nan_slice_is_silent_like_torch():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        oracle.check(lambda lib, x: lib.nanquantile(x, 0.5, dim=1), np.array([[np.nan, np.nan], [1.0, 2.0]]))

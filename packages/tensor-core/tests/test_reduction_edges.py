"""Oracle table (PyTorch 2.13) of reductions, scans and selections on the inputs where they differ most:
an empty tensor (which dims may be reduced, with which exception), NaN (propagated, skipped or — for
``unique`` — each NaN its own element) and ties (which index wins)."""
from __future__ import annotations

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

DATA = {
    "empty": np.zeros((0, 3)),
    "nan": np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, 2.0]]),
    "ties": np.array([[3.0, 1.0, 3.0], [2.0, 2.0, 1.0]]),
}
OPS = ("sum", "mean", "prod", "std", "var", "max", "min", "amax", "amin", "argmax", "argmin", "logsumexp", "all",
       "any", "median", "nanmedian", "nansum", "nanmean", "mode", "count_nonzero", "norm", "aminmax", "cumsum",
       "cumprod", "cummax", "cummin", "logcumsumexp", "std_mean", "var_mean", "sort", "argsort", "msort", "unique",
       "kthvalue", "topk")
VARIANTS = ((), (0,), (1,), (1, True))


def _call(name: str, variant: tuple):
    if name == "kthvalue":
        return lambda T, x: T.kthvalue(x, 1, *variant)
    if name == "topk":
        return lambda T, x: T.topk(x, 1, *variant)
    return lambda T, x: getattr(T, name)(x, *variant)


# PyTorch's mode sorts with a comparison that NaN breaks, so its answer for a row holding NaN depends on
# the row's order; flambeau counts each NaN once (see reductions.mode).
NAN_ORDER_DEPENDENT = {("nan", "mode")}
CASES = [pytest.param(data, name, variant, id=f"{data}-{name}{variant}")
         for data in DATA for name in OPS for variant in VARIANTS
         if not (name in ("msort", "unique") and variant) and (data, name) not in NAN_ORDER_DEPENDENT]


@pytest.mark.parametrize("data, name, variant", CASES)
def test_reduction_on_edge_input_matches_pytorch(data, name, variant):
    oracle.check_outcome(_call(name, variant), DATA[data], parser_errors_by_type=True)


def test_mode_where_nan_is_outnumbered_matches_pytorch():
    oracle.check(lambda T, x: tuple(T.mode(x)), np.array([np.nan, np.nan, 1.0, 1.0, 1.0]))


def test_mode_of_many_short_rows_matches_pytorch():
    oracle.check(lambda T, x: tuple(T.mode(x, 1)), oracle.randint(0, 4, 500, 7))


def test_mode_of_long_rows_matches_pytorchs_values():
    """Past 16 elements PyTorch's (unstable) sort picks any of the equal positions; the value is fixed
    and flambeau's index is one of its positions (the last)."""
    data = oracle.randint(0, 4, 500, 7)
    values = oracle.check(lambda T, x: T.mode(x, 0).values, data)
    indices = ft.mode(ft.tensor(data), 0).indices.numpy()
    assert (data[indices, np.arange(7)] == values.numpy()).all()
    assert all(indices[c] == np.flatnonzero(data[:, c] == values.numpy()[c]).max() for c in range(7))


def test_mode_counts_each_nan_once():
    values, indices = ft.mode(ft.tensor([[np.nan, np.nan, 2.0], [5.0, np.nan, 5.0]]), 1)
    assert values.tolist() == [2.0, 5.0] and indices.tolist() == [2, 2]


@pytest.mark.parametrize("data", ([np.nan, 1.0, np.nan], [[np.nan, 1.0], [np.nan, 1.0]]), ids=("flat", "rows"))
def test_unique_keeps_every_nan_as_pytorch_does(data):
    oracle.check(lambda T, x: T.unique(x, return_inverse=True, return_counts=True), np.array(data))


@pytest.mark.parametrize("call, name", [
    (lambda T: T.var(T.ones(3), correction=3), "var"),
    (lambda T: T.std(T.ones(1, 3), 0), "std"),
    (lambda T: T.std_mean(T.ones(1, 3), 0), "std_mean"),
    (lambda T: T.var(T.zeros(0, 3)), "var"),
], ids=("correction", "one_row", "std_mean", "empty"))
def test_no_degrees_of_freedom_warns_as_pytorch(call, name):
    torch = oracle.torch()
    with pytest.warns(UserWarning, match=rf"^{name}\(\): degrees of freedom is <= 0"):
        call(torch)
    with pytest.warns(UserWarning, match=rf"^{name}\(\): degrees of freedom is <= 0"):
        call(ft)

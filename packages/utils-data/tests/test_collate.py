"""default_collate / default_convert against torch.utils.data: same output structure (container types,
tuples turned into lists, namedtuples and mappings kept), same tensor dtypes/shapes/values, same errors."""
from __future__ import annotations

import collections

import numpy as np
import pytest

import flambeau_tensor_core as ft
import flambeau_utils_data as fud
from flambeau_tensor_core.testing import oracle

Point = collections.namedtuple("Point", ["x", "y"])


class FrozenMapping(collections.abc.Mapping):
    """A read-only mapping type: collate must rebuild it from a dict."""

    def __init__(self, data):
        self._data = dict(data)

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


def canonical(value):
    """A library-independent description of a collated value: container types, keys and tensors
    as (dtype name, shape, values)."""
    if hasattr(value, "dtype") and hasattr(value, "shape") and not isinstance(value, np.ndarray):
        array = np.asarray(value.numpy())
        return ("tensor", str(value.dtype).split(".")[-1], tuple(value.shape), array.tolist())
    if isinstance(value, collections.abc.Mapping):
        return (type(value).__name__, {k: canonical(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [canonical(v) for v in value])
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.tolist())
    return (type(value).__name__, value)


def run_both(fn, *batch_args):
    """``fn(collate_module, *args)`` through torch and flambeau: same canonical result or same error type."""
    torch = oracle.torch()
    outcomes = []
    for module in (torch.utils.data, fud):
        try:
            outcomes.append(("ok", canonical(fn(module, *batch_args))))
        except Exception as error:   # the comparison is about which exception type both raise
            outcomes.append(("error", next(c for c in type(error).__mro__ if c.__module__ == "builtins")))
    assert outcomes[0] == outcomes[1]
    return outcomes[1]


def tensors(lib, arrays):
    return [lib.tensor(a) if lib.__name__ == "torch" else ft.from_numpy(a.copy()) for a in arrays]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.int32, np.uint8, np.bool_])
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_collate_tensors_stacks_with_dtype(dtype, shape):
    arrays = [np.asarray(oracle.randn(*shape) * 3).astype(dtype) for _ in range(4)]
    run_both(lambda m, a: m.default_collate(tensors(_lib(m), a)), arrays)


def test_collate_mixed_tensor_dtypes_promote():
    arrays = [np.arange(3, dtype=np.int64), np.arange(3, dtype=np.float32)]
    run_both(lambda m, a: m.default_collate(tensors(_lib(m), a)), arrays)


def test_collate_unequal_tensor_shapes_raise():
    arrays = [np.zeros(3, np.float32), np.zeros(4, np.float32)]
    assert run_both(lambda m, a: m.default_collate(tensors(_lib(m), a)), arrays) == ("error", RuntimeError)


@pytest.mark.parametrize("batch", [
    [1, 2, 3],
    [1.5, 2.0],
    [1, 2.5],
    [True, False],
    ["a", "bc"],
    [b"x", b"y"],
    [np.float32(1.5), np.float32(2)],
    [np.int16(3), np.int16(4)],
    [np.bool_(True), np.bool_(False)],
    [np.arange(3.0), np.ones(3)],
    [np.arange(4, dtype=np.int32).reshape(2, 2)] * 3,
    [(1, 2.0, "a"), (3, 4.0, "b")],
    [[1, 2], [3, 4]],
    [Point(1, np.ones(2)), Point(2, np.zeros(2))],
    [{"a": 1, "b": [np.ones(2), 2.0]}, {"a": 2, "b": [np.zeros(2), 3.0]}],
    [collections.OrderedDict(z=1, y=2.0), collections.OrderedDict(z=3, y=4.0)],
    [FrozenMapping({"k": 1}), FrozenMapping({"k": 2})],
    [(1, [2, {"deep": np.ones(1)}])] * 2,
])
def test_collate_structures_match_torch(batch):
    run_both(lambda m, b: m.default_collate(b), batch)


@pytest.mark.parametrize("batch", [
    [None, None],
    [object(), object()],
    [np.array(["a", "b"]), np.array(["c", "d"])],
    [np.array([object()]), np.array([object()])],
    [[1, 2], [3]],
])
def test_collate_errors_match_torch(batch):
    outcome = run_both(lambda m, b: m.default_collate(b), batch)
    assert outcome[0] == "error"


def test_collate_tensor_samples_with_labels():
    images = [oracle.randn(3, 4, 4) for _ in range(5)]
    samples = lambda m: [(t, i) for i, t in enumerate(tensors(_lib(m), images))]  # noqa: E731
    run_both(lambda m: m.default_collate(samples(m)))


@pytest.mark.parametrize("data", [
    np.arange(4.0),
    np.float64(2.5),
    np.int32(7),
    (np.ones(2), 3),
    [np.ones(2), "s"],
    {"a": np.zeros(3, np.float32), "b": 1},
    Point(np.ones(1), np.zeros(1)),
    np.array(["x", "y"]),
    "text",
    5,
])
def test_default_convert_matches_torch(data):
    run_both(lambda m, d: m.default_convert(d), data)


def test_default_convert_shares_memory_with_numpy():
    array = np.zeros(3)
    converted = fud.default_convert(array)
    array[0] = 5
    assert converted[0].item() == 5


def _lib(module):
    if module is fud:
        return ft
    return oracle.torch()

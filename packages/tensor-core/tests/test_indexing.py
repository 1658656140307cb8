"""``__getitem__``/``__setitem__`` against PyTorch: basic and advanced indices, masks, errors."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

X = oracle.randn(3, 4, 5)


CUDA = oracle.on_device("cuda")


def _get(index_of):
    """A call that builds the index with the library (for tensor indices) and reads ``x[index]``."""
    return lambda lib, x: x[index_of(lib)]


GET_CASES = [
    ("int", lambda lib: 1),
    ("neg-int", lambda lib: -1),
    ("ints", lambda lib: (0, -1, 2)),
    ("slice", lambda lib: slice(1, None)),
    ("slice-step", lambda lib: (slice(None, None, 2), slice(1, 4, 2))),
    ("slice-clamped", lambda lib: slice(-10, 10)),
    ("slice-empty", lambda lib: slice(2, 1)),
    ("none", lambda lib: (None, 1, None)),
    ("ellipsis", lambda lib: (Ellipsis, 0)),
    ("ellipsis-none", lambda lib: (0, Ellipsis, None)),
    ("zero-dim-tensor", lambda lib: lib.tensor(2)),
    ("long-tensor", lambda lib: lib.tensor([0, 2, 2])),
    ("int32-tensor", lambda lib: lib.tensor([[0, 1], [2, 1]], dtype=lib.int32)),
    ("bool-mask", lambda lib: lib.tensor([True, False, True])),
    ("bool-mask-2d", lambda lib: lib.arange(12).reshape(3, 4) % 3 == 0),
    ("list", lambda lib: [0, 2]),
    ("list-of-lists", lambda lib: ([0, 1], [3, 2])),
    ("adjacent-advanced", lambda lib: (slice(None), lib.tensor([0, 1]), lib.tensor([4, 3]))),
    ("separated-advanced", lambda lib: (lib.tensor([0, 1]), slice(None), lib.tensor([4, 3]))),
    ("advanced-broadcast", lambda lib: (lib.tensor([[0], [2]]), lib.tensor([1, 3]))),
    ("advanced-with-none", lambda lib: (None, lib.tensor([0, 1]), Ellipsis, 1)),
    ("python-true", lambda lib: True),
    ("python-false", lambda lib: (False, 1)),
    ("mask-and-slice", lambda lib: (lib.tensor([True, False, True]), slice(1, 3))),
    ("int-out-of-range", lambda lib: 3),
    ("int-out-of-range-dim1", lambda lib: (0, -5)),
    ("too-many", lambda lib: (0, 0, 0, 0)),
    ("tensor-out-of-range", lambda lib: lib.tensor([0, 3])),
    ("mask-wrong-shape", lambda lib: lib.tensor([True, False])),
    ("float-tensor", lambda lib: lib.tensor([1.0])),
    ("float", lambda lib: 1.0),
    ("negative-step", lambda lib: slice(None, None, -1)),
    ("zero-step", lambda lib: slice(None, None, 0)),
]


@pytest.mark.parametrize("index_of", [pytest.param(c[1], id=c[0]) for c in GET_CASES])
def test_getitem_matches_torch(index_of):
    oracle.check(_get(index_of), X)


def test_getitem_of_scalar_tensor():
    scalar = np.array(3.0, np.float32)
    oracle.check(lambda lib, x: x[...], scalar)
    oracle.check(lambda lib, x: x[None], scalar)
    oracle.check(lambda lib, x: x[0], scalar)


@pytest.mark.gpu
@pytest.mark.parametrize("index_of", [pytest.param(c[1], id=c[0]) for c in GET_CASES])
def test_getitem_on_cuda_matches_torch(index_of):
    oracle.check(_get(index_of), X, flambeau=CUDA)


def _set(index_of, value_of):
    def call(lib, x):
        x[index_of(lib)] = value_of(lib)
        return x
    return call


SET_CASES = [
    ("int-scalar", lambda lib: 1, lambda lib: 7.0),
    ("slice-broadcast", lambda lib: (slice(None), 1), lambda lib: lib.arange(5.0)),
    ("ellipsis-int-scalar", lambda lib: Ellipsis, lambda lib: 2),
    ("mask", lambda lib: lib.arange(60).reshape(3, 4, 5) % 7 == 0, lambda lib: -1.0),
    ("mask-values", lambda lib: lib.tensor([False, True, True]), lambda lib: lib.zeros(2, 4, 5)),
    ("long-index", lambda lib: (lib.tensor([0, 2]), slice(None), 0), lambda lib: lib.ones(2, 4)),
    ("none", lambda lib: (None, 0), lambda lib: lib.ones(1, 4, 5)),
    ("int-tensor-value", lambda lib: 0, lambda lib: lib.tensor(3)),
    ("zero-dim-value", lambda lib: (0, 0), lambda lib: lib.tensor([5.0, 6.0, 7.0, 8.0, 9.0])),
    ("bad-shape", lambda lib: (slice(None), 1), lambda lib: lib.ones(3)),
    ("bad-shape-advanced", lambda lib: lib.tensor([0, 1]), lambda lib: lib.ones(3)),
    ("complex-into-float", lambda lib: 0, lambda lib: 1j),
    ("out-of-range", lambda lib: 5, lambda lib: 1.0),
    ("list-value", lambda lib: (0, 0), lambda lib: [1.0, 2.0, 3.0, 4.0, 5.0]),
]


@pytest.mark.parametrize("index_of,value_of", [pytest.param(c[1], c[2], id=c[0]) for c in SET_CASES])
def test_setitem_matches_torch(index_of, value_of):
    oracle.check(_set(index_of, value_of), X)


@pytest.mark.gpu
@pytest.mark.parametrize("index_of,value_of", [pytest.param(c[1], c[2], id=c[0]) for c in SET_CASES])
def test_setitem_on_cuda_matches_torch(index_of, value_of):
    oracle.check(_set(index_of, value_of), X, flambeau=CUDA)


def test_setitem_into_int_tensor_truncates_like_torch():
    oracle.check(_set(lambda lib: 0, lambda lib: 2.7), np.arange(4))


def test_setitem_bumps_version_and_reaches_views():
    base = ft.zeros(3, 4)
    row = base[1]
    base[1, 2] = 5.0
    assert row[2].item() == 5.0
    assert base._version == row._version == 1
    row[ft.tensor([0, 3])] = 1.0
    assert base[1].tolist() == [1.0, 0.0, 5.0, 1.0] and base._version == 2


def test_advanced_getitem_is_a_copy():
    base = ft.zeros(3, 4)
    picked = base[[0, 1]]
    assert not picked._is_view()
    picked[0, 0] = 1.0
    assert base[0, 0].item() == 0.0


@st.composite
def _mixed_index(draw, shape):
    parts = []
    for size in shape:
        kind = draw(st.sampled_from(["int", "slice", "list", "mask", "full"]))
        if kind == "int":
            parts.append(("int", draw(st.integers(-size, size - 1))))
        elif kind == "slice":
            parts.append(("slice", (draw(st.integers(-size, size)), draw(st.integers(-size, size)),
                                    draw(st.integers(1, 2)))))
        elif kind == "list":
            parts.append(("list", draw(st.lists(st.integers(-size, size - 1), min_size=1, max_size=3))))
        elif kind == "mask":
            parts.append(("mask", draw(st.lists(st.booleans(), min_size=size, max_size=size))))
        else:
            parts.append(("full", None))
    cut = draw(st.integers(0, len(parts)))
    return parts[:cut]


def _build(lib, parts):
    built = []
    for kind, value in parts:
        if kind == "int":
            built.append(value)
        elif kind == "slice":
            built.append(slice(*value))
        elif kind == "list":
            built.append(lib.tensor(value))
        elif kind == "mask":
            built.append(lib.tensor(value))
        else:
            built.append(slice(None))
    return tuple(built)


@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple), data=st.data())
@settings(max_examples=25, deadline=None)
def test_mixed_indexing_matches_torch(shape, data):
    """Hypothesis: any mix of ints, slices, integer tensors and masks reads and writes like PyTorch
    (including PyTorch's errors for index tensors that do not broadcast)."""
    parts = data.draw(_mixed_index(shape))
    x = oracle.randn(*shape)
    oracle.check(lambda lib, t: t[_build(lib, parts)], x)

    def write(lib, t):
        t[_build(lib, parts)] = -1.0
        return t

    oracle.check(write, x)


class RecordingHook:
    """A stand-in autograd plug-in that remembers what ops report (tests of the record contract)."""

    def __init__(self):
        self.records = []

    def set_requires_grad(self, tensor, flag):
        tensor._requires_grad = flag

    def record(self, name, inputs, params, outputs):
        self.records.append((name, inputs, params, outputs))

    def record_inplace(self, name, target, inputs, params, mutate):
        self.records.append((name, (target,) + inputs, params, None))
        mutate()


@pytest.fixture
def recording_hook():
    from flambeau_tensor_core import _core

    previous = _core.autograd_hook()
    hook = RecordingHook()
    _core.install_autograd_hook(hook)
    try:
        yield hook
    finally:
        _core.install_autograd_hook(previous)


@pytest.mark.parametrize("index_of", [pytest.param(c[1], id=c[0]) for c in GET_CASES[:24]])
def test_recorded_getitem_index_reproduces_the_result(recording_hook, index_of):
    """The index autograd receives, applied by NumPy, gives the same values and shape."""
    x = ft.from_numpy(X.copy()).requires_grad_()
    result = x[index_of(ft)]
    name, inputs, params, outputs = recording_hook.records[-1]
    assert name == "getitem" and inputs[0] is x and outputs[0] is result
    np.testing.assert_array_equal(X[params["index"]], result.numpy())


def test_recorded_setitem(recording_hook):
    x = ft.zeros(3, 4).requires_grad_()
    value = ft.ones(2)
    x[ft.tensor([0, 2]), 1] = value
    name, inputs, params, _ = recording_hook.records[-1]
    assert name == "setitem" and inputs[0] is x and inputs[-1] is value
    expected = np.zeros((3, 4), np.float32)
    expected[params["index"]] = 1.0
    np.testing.assert_array_equal(x.detach().numpy(), expected)

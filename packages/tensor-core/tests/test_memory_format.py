"""Memory formats and layouts against PyTorch: the ``memory_format``/``layout`` objects, ``is_contiguous``/
``contiguous``/``clone``/``to``/``empty``/``*_like`` with ``memory_format=``, the strides that pointwise ops
give channels-last inputs, ``view`` on them, and gradients through a change of layout.

The oracle converts NumPy inputs to row-major tensors, so each case builds its layout inside the call
(``LAYOUTS``) and returns ``(result, result.stride(), contiguity flags)`` for the oracle to compare."""
import copy
import pickle

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

FORMATS = ["contiguous_format", "channels_last", "channels_last_3d", "preserve_format"]
X4 = oracle.randn(2, 3, 4, 5)
X5 = oracle.randn(2, 3, 2, 4, 3)


def _layout(lib, t, name):
    """``t`` (row-major) re-laid out as the layout ``name``; the same calls in both libraries."""
    if name == "contiguous":
        return t
    if name == "channels_last":
        return t.contiguous(memory_format=lib.channels_last)
    if name == "channels_last_3d":
        return t.contiguous(memory_format=lib.channels_last_3d)
    if name == "sliced_channels_last":      # not dense: strides keep channels-last order
        return t.contiguous(memory_format=lib.channels_last)[:, :, ::2]
    if name == "transposed":                # dense, neither format
        return t.transpose(0, t.ndim - 1)
    if name == "sliced":                    # not dense, row-major order
        return t[..., ::2]
    if name == "expanded":                  # overlapping (stride 0)
        return t[:, :1].expand(*t.shape)
    raise ValueError(name)


LAYOUTS4 = ["contiguous", "channels_last", "sliced_channels_last", "transposed", "sliced", "expanded"]
LAYOUTS5 = ["contiguous", "channels_last_3d", "transposed", "expanded"]
CASES = [(X4, name) for name in LAYOUTS4] + [(X5, name) for name in LAYOUTS5] + \
    [(oracle.randn(3, 4), "contiguous"), (oracle.randn(3, 4), "transposed"), (oracle.randn(6), "sliced")]
CASE_IDS = [f"{x.ndim}d-{name}" for x, name in CASES]


def _described(lib, t):
    """What the oracle compares about a result: values, strides and each format's contiguity."""
    return (t, t.stride(), t.is_contiguous(), t.is_contiguous(memory_format=lib.channels_last),
            t.is_contiguous(memory_format=lib.channels_last_3d))


# ---- the objects --------------------------------------------------------------------------------------
def test_objects_have_pytorch_names_and_reprs():
    torch = oracle.torch()
    for name in FORMATS + ["strided", "sparse_coo"]:
        ours, theirs = getattr(ft, name), getattr(torch, name)
        assert repr(ours) == repr(theirs)
        assert str(ours) == repr(ours)
        assert type(ours).__name__ == type(theirs).__name__
    assert isinstance(ft.channels_last, ft.memory_format) and isinstance(ft.strided, ft.layout)
    assert ft.channels_last != ft.contiguous_format and ft.channels_last == ft.channels_last


@pytest.mark.parametrize("kind", ["memory_format", "layout"])
def test_types_cannot_be_instantiated(kind):
    oracle.check_raises(lambda lib: getattr(lib, kind)())


@pytest.mark.parametrize("name", FORMATS + ["strided", "sparse_coo"])
def test_objects_are_singletons_through_pickle_and_copy(name):
    value = getattr(ft, name)
    assert pickle.loads(pickle.dumps(value)) is value
    assert copy.deepcopy(value) is value and copy.copy(value) is value


def test_meta_package_exports_them():
    import flambeau as torch
    assert torch.channels_last is ft.channels_last and torch.memory_format is ft.memory_format
    assert torch.strided is ft.strided and torch.zeros(2).layout is torch.strided


def test_layout_of_tensors():
    oracle.check(lambda lib, x: (x.layout == lib.strided, x.t().layout == lib.strided, x.layout == lib.sparse_coo),
                 oracle.randn(2, 3))


# ---- is_contiguous / contiguous ---------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("x,layout", CASES, ids=CASE_IDS)
def test_is_contiguous_matches_torch(x, layout, fmt):
    oracle.check(lambda lib, t: _layout(lib, t, layout).is_contiguous(memory_format=getattr(lib, fmt)), x)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("x,layout", CASES, ids=CASE_IDS)
def test_contiguous_matches_torch(x, layout, fmt):
    """Strides, flags and errors: wrong rank for a channels-last format, ``preserve_format`` refused
    unless the input is already contiguous."""
    def call(lib, t):
        source = _layout(lib, t, layout)
        result = source.contiguous(memory_format=getattr(lib, fmt))
        return (*_described(lib, result), result is source)

    oracle.check(call, x)


@pytest.mark.parametrize("shape", [(1, 3, 1, 1), (2, 1, 4, 5), (2, 3, 1, 1), (1, 1, 1, 1), (2, 3, 1, 5),
                                   (0, 3, 4, 5), (2, 0, 2, 2), (1, 1, 4, 0), (1, 3, 1, 1, 1), (2, 3, 0, 4, 5)])
def test_size_one_and_empty_shapes(shape):
    """Size-1 dims are skipped by the contiguity rules; channels-last strides of a size-0 dim are c10's."""
    x = np.zeros(shape, np.float32)
    fmt = "channels_last" if len(shape) == 4 else "channels_last_3d"
    oracle.check(lambda lib, t: (t.is_contiguous(memory_format=getattr(lib, fmt)),
                                 *_described(lib, t.contiguous(memory_format=getattr(lib, fmt))),
                                 lib.empty(shape, memory_format=getattr(lib, fmt)).stride()), x)


@pytest.mark.parametrize("method", ["contiguous", "is_contiguous", "clone", "to"])
@pytest.mark.parametrize("value", ["channels_last", 1, 2.5, None])
def test_memory_format_argument_type(method, value):
    """A non-memory_format argument is PyTorch's TypeError (the message names flambeau.memory_format);
    ``None`` is refused by ``contiguous``/``is_contiguous`` only."""
    result = oracle.check(lambda lib, t: _described(lib, getattr(t, method)(memory_format=value))
                          if method in ("clone", "to") else getattr(t, method)(memory_format=value), X4)
    if value is not None or method in ("contiguous", "is_contiguous"):
        assert isinstance(result, TypeError) and "memory_format" in str(result)


def test_positional_memory_format_is_refused():
    oracle.check_raises(lambda lib, t: t.contiguous(lib.channels_last), X4)
    oracle.check_raises(lambda lib, t: t.is_contiguous(lib.channels_last), X4)


def test_wrong_rank_message():
    error = oracle.check_raises(lambda lib, t: t.contiguous(memory_format=lib.channels_last), X5)
    assert str(error) == "required rank 4 tensor to use channels_last format"
    error = oracle.check_raises(lambda lib, t: t.contiguous(memory_format=lib.channels_last_3d), X4)
    assert str(error) == "required rank 5 tensor to use channels_last_3d format"


# ---- clone / to / empty / *_like ----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", [None] + FORMATS)
@pytest.mark.parametrize("x,layout", CASES, ids=CASE_IDS)
def test_clone_matches_torch(x, layout, fmt):
    def call(lib, t):
        kwargs = {} if fmt is None else {"memory_format": getattr(lib, fmt)}
        return _described(lib, lib.clone(_layout(lib, t, layout), **kwargs))

    oracle.check(call, x)


@pytest.mark.parametrize("fmt", [None] + FORMATS)
@pytest.mark.parametrize("x,layout", CASES, ids=CASE_IDS)
def test_to_matches_torch(x, layout, fmt):
    """``to`` returns its input when nothing changes (the format compared with the one its strides
    suggest), else a copy in ``fmt`` (default: the input's layout), also when converting the dtype."""
    def call(lib, t):
        source = _layout(lib, t, layout)
        kwargs = {} if fmt is None else {"memory_format": getattr(lib, fmt)}
        same = source.to(**kwargs)
        converted = source.to(lib.float64, **kwargs)
        return (*_described(lib, same), same is source, *_described(lib, converted))

    oracle.check(call, x)


def test_to_with_device_and_cpu_take_memory_format():
    oracle.check(lambda lib, t: (*_described(lib, t.to("cpu", lib.float64, memory_format=lib.channels_last)),
                                 *_described(lib, t.cpu(memory_format=lib.channels_last))), X4)


LIKE = {
    "empty_like": lambda lib, t, **k: lib.empty_like(t, **k).stride(),
    "zeros_like": lambda lib, t, **k: _described(lib, lib.zeros_like(t, **k)),
    "ones_like": lambda lib, t, **k: _described(lib, lib.ones_like(t, dtype=lib.int64, **k)),
    "full_like": lambda lib, t, **k: _described(lib, lib.full_like(t, 2.5, **k)),
    "rand_like": lambda lib, t, **k: lib.rand_like(t, **k).stride(),        # values differ: strides only
    "randn_like": lambda lib, t, **k: lib.randn_like(t, **k).stride(),
    "randint_like": lambda lib, t, **k: lib.randint_like(t, 7, **k).stride(),
}


@pytest.mark.parametrize("fmt", [None] + FORMATS)
@pytest.mark.parametrize("x,layout", CASES, ids=CASE_IDS)
@pytest.mark.parametrize("name", list(LIKE))
def test_like_functions_match_torch(name, x, layout, fmt):
    kwargs = (lambda lib: {}) if fmt is None else (lambda lib: {"memory_format": getattr(lib, fmt)})
    oracle.check(lambda lib, t: LIKE[name](lib, _layout(lib, t, layout), **kwargs(lib)), x)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (2, 3, 2, 4, 3), (3, 4)])
def test_empty_memory_format(shape, fmt):
    oracle.check(lambda lib: lib.empty(*shape, memory_format=getattr(lib, fmt)).stride())


@pytest.mark.parametrize("name", list(LIKE))
def test_like_functions_check_the_argument_type(name):
    oracle.check_raises(lambda lib, t: LIKE[name](lib, t, memory_format="channels_last"), X4)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_preserve_format_strides_property(data):
    """For any strides (dense in some order, gapped, overlapping), ``clone``/``empty_like``/``to`` keep
    PyTorch's layout: the input's strides when dense, else ATen's inferred dense order. Strides of size-1
    dims are left out: NumPy normalises them in row-major arrays, so they can differ without meaning."""
    torch = oracle.torch()
    ndim = data.draw(st.integers(1, 5))
    shape = data.draw(st.lists(st.integers(1, 4), min_size=ndim, max_size=ndim))
    order = data.draw(st.permutations(range(ndim)))
    strides, step = [0] * ndim, 1
    for d in reversed(order):
        strides[d] = step
        step *= shape[d]
    changed = data.draw(st.integers(0, ndim - 1))
    strides[changed] *= data.draw(st.sampled_from([1, 2, 0]))

    def layouts(lib):
        x = lib.arange(4096, dtype=lib.float32).as_strided(shape, strides)
        results = [x.clone(), lib.empty_like(x), x.to(lib.float64), lib.zeros_like(x)]
        if ndim == 4:
            results.append(x.contiguous(memory_format=lib.channels_last))
        return [tuple(s for s, n in zip(r.stride(), shape) if n > 1) for r in results] + \
            [np.asarray(results[0]).tolist()]

    assert layouts(ft) == layouts(torch)


# ---- ops on channels-last tensors -------------------------------------------------------------------------
POINTWISE = {
    "add-scalar": lambda t, u: t + 1,
    "rsub-scalar": lambda t, u: 2 - t,
    "mul": lambda t, u: t * u,
    "div": lambda t, u: t / u,
    "add-self": lambda t, u: t + t,
    "broadcast-bias": lambda t, u: t + u[:1, :, :1, :1].contiguous(),
    "clamp-min (relu)": lambda t, u: t.clamp(min=0),
    "exp": lambda t, u: t.exp(),
    "abs": lambda t, u: t.abs(),
    "neg": lambda t, u: -t,
    "pow": lambda t, u: t ** 2,
    "maximum": lambda t, u: t.maximum(u),
    "compare": lambda t, u: t > u,
    "to-float64": lambda t, u: t.double(),
    "mul_": lambda t, u: t.clone().mul_(2),
}
# the CPU float kernels (kernels/pointwise_cpu.pyx ``unary``, also every unary op from 65,536 elements)
# copy a non-row-major input to row-major, and NumPy breaks a tie of two layouts towards row-major where
# TensorIterator follows the first operand: results have the right values in another layout
@pytest.mark.parametrize("name", ["exp", "tanh", "sigmoid", "log"])
def test_large_unary_kernels_keep_channels_last(name):
    x = np.abs(oracle.randn(8, 16, 32, 32)) + 0.5    # 131,072 elements: the OpenMP kernel's size
    oracle.check(lambda lib, t: _described(lib, getattr(t.contiguous(memory_format=lib.channels_last), name)()), x)
    oracle.check(lambda lib, t: _described(lib, getattr(t[:, :, ::2].flip(1), name)()), x)


MIXED_LAYOUTS = {
    "cl+contiguous": lambda lib, t, u: t + u.contiguous(),
    "contiguous+cl": lambda lib, t, u: t.contiguous() * u,
    "cl-broadcast": lambda lib, t, u: t - u.contiguous()[0],
    "cl>contiguous": lambda lib, t, u: t > u.contiguous(),
    "cl+transposed": lambda lib, t, u: t + u.transpose(2, 3).contiguous().transpose(2, 3),
    "number-cl": lambda lib, t, u: 2.0 - t,
}


@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (4, 8, 32, 32)])
@pytest.mark.parametrize("name", sorted(MIXED_LAYOUTS))
def test_mixed_layouts_follow_the_first_operand_as_torch(name, shape):
    a, b = oracle.randn(*shape), oracle.randn(*shape)
    oracle.check(lambda lib, t, u: _described(lib, MIXED_LAYOUTS[name](
        lib, t.contiguous(memory_format=lib.channels_last), u.contiguous(memory_format=lib.channels_last))), a, b)


@pytest.mark.parametrize("shape", [(2, -1), (6, 20), (-1,), (2, 3, 20), (2, 3, 4, 5), (2, 3, 2, 2, 5)])
def test_view_of_channels_last(shape):
    """``view`` merges only dims that are adjacent in memory: flattening C with H/W raises as in PyTorch."""
    oracle.check(lambda lib, t: _described(lib, t.contiguous(memory_format=lib.channels_last).view(*shape)), X4)


def test_reshape_and_flatten_of_channels_last():
    oracle.check(lambda lib, t: (_described(lib, t.contiguous(memory_format=lib.channels_last).reshape(2, -1)),
                                 _described(lib, t.contiguous(memory_format=lib.channels_last).flatten(1))), X4)


# ---- autograd ------------------------------------------------------------------------------------------
LAYOUT_CHANGES = {
    "contiguous-channels_last": lambda lib, t: t.contiguous(memory_format=lib.channels_last),
    "clone-channels_last": lambda lib, t: t.clone(memory_format=lib.channels_last),
    "to-channels_last": lambda lib, t: t.to(memory_format=lib.channels_last),
    "round-trip": lambda lib, t: t.contiguous(memory_format=lib.channels_last).contiguous(),
}


@pytest.mark.parametrize("name", list(LAYOUT_CHANGES))
def test_layout_change_gradcheck(name):
    autograd = pytest.importorskip("flambeau_autograd")
    x = ft.from_numpy(oracle.randn(2, 3, 2, 3, dtype=np.float64)).requires_grad_()
    assert autograd.gradcheck(lambda t: LAYOUT_CHANGES[name](ft, t).exp() * 2, (x,))


@pytest.mark.parametrize("name", list(LAYOUT_CHANGES))
def test_layout_change_gradient_matches_torch(name):
    pytest.importorskip("flambeau_autograd")
    oracle.check(lambda lib, t: LAYOUT_CHANGES[name](lib, t) * t.sin(), X4, grad=True)


def test_grad_fn_of_layout_changes():
    pytest.importorskip("flambeau_autograd")
    oracle.check(lambda lib, t: [f(lib, t).grad_fn.name() for f in LAYOUT_CHANGES.values()],
                 X4.astype(np.float64), grad=True)


@pytest.mark.parametrize("layout", ["channels_last", "transposed", "contiguous"])
def test_pickle_and_deepcopy_keep_the_layout(layout):
    oracle.check(lambda lib, t: (_described(lib, pickle.loads(pickle.dumps(_layout(lib, t, layout)))),
                                 _described(lib, copy.deepcopy(_layout(lib, t, layout)))), X4)

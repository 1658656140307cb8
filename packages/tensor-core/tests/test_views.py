"""Views share memory and version counter exactly where PyTorch's do, with PyTorch's strides."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

# ops whose result may or may not be a view: each one's `_is_view()`, strides and storage offset
# must equal PyTorch's, and writing into a view must show in the base
VIEW_OR_COPY = [
    ("view", lambda x: x.view(6, 4)),
    ("view_as", lambda x: x.view_as(x)),
    ("view-dtype", lambda x: x.view(x.dtype)),
    ("reshape-view", lambda x: x.reshape(4, 6)),
    ("reshape-copy", lambda x: x.transpose(0, 1).reshape(-1)),
    ("reshape-of-transposed-view", lambda x: x.transpose(0, 1).reshape(3, 2, 2, 2)),
    ("flatten", lambda x: x.flatten()),
    ("flatten-noncontig", lambda x: x.transpose(1, 2).flatten(0, 1)),
    ("unflatten", lambda x: x.unflatten(-1, (2, 2))),
    ("permute", lambda x: x.permute(2, 0, 1)),
    ("transpose", lambda x: x.transpose(0, 2)),
    ("T", lambda x: x.T),
    ("mT", lambda x: x.mT),
    ("t", lambda x: x[0].t()),
    ("movedim", lambda x: x.movedim(0, 2)),
    ("squeeze", lambda x: x[:, :1].squeeze()),
    ("squeeze-noop", lambda x: x.squeeze()),
    ("unsqueeze", lambda x: x.unsqueeze(1)),
    ("expand", lambda x: x[:, :1].expand(2, 3, 4)),
    ("expand-lead", lambda x: x.expand(2, 2, 3, 4)),
    ("narrow", lambda x: x.narrow(1, 1, 2)),
    ("select", lambda x: x.select(2, 3)),
    ("split", lambda x: x.split(2, 2)[1]),
    ("chunk", lambda x: x.chunk(3, 1)[2]),
    ("unbind", lambda x: x.unbind(1)[1]),
    ("tensor_split", lambda x: x.tensor_split([1, 3], 2)[1]),
    ("diagonal", lambda x: x.diagonal(1, 1, 2)),
    ("unfold", lambda x: x.unfold(2, 2, 1)),
    ("as_strided", lambda x: x.as_strided((2, 3), (5, 2), 1)),
    ("atleast_3d", lambda x: x[0, 0].unsqueeze(0)),
    ("getitem-basic", lambda x: x[1, ::2, None, 1:]),
    ("getitem-ellipsis", lambda x: x[..., 1]),
    ("getitem-advanced", lambda x: x[[0, 1], 1]),
    ("contiguous-noop", lambda x: x.contiguous()),
    ("contiguous-copy", lambda x: x.transpose(0, 1).contiguous()),
    ("clone", lambda x: x.clone()),
    ("flip", lambda x: x.flip(0)),
    ("roll", lambda x: x.roll(1)),
    ("repeat", lambda x: x.repeat(1, 1, 1)),
    ("cat", lambda x: x.split(1)[0].flatten(0, 1)),
]


@pytest.mark.parametrize("op", [pytest.param(c[1], id=c[0]) for c in VIEW_OR_COPY])
def test_view_semantics_match_torch(op):
    torch = oracle.torch()
    data = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    ours, theirs = op(ft.from_numpy(data.copy())), op(torch.from_numpy(data.copy()))
    oracle.assert_close(ours, theirs)
    assert ours._is_view() == theirs._is_view()
    if theirs._is_view():
        assert ours.stride() == theirs.stride()
        assert ours.storage_offset() == theirs.storage_offset()


@pytest.mark.parametrize("op", [pytest.param(c[1], id=c[0]) for c in VIEW_OR_COPY])
def test_writes_through_views_reach_the_base(op):
    base = ft.from_numpy(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    derived = op(base)
    before = base._version
    if derived.numel() == 0:
        return
    shared = np.shares_memory(derived.numpy(), base.numpy())
    assert shared == (derived._is_view() or derived is base or derived.dtype is not ft.float32 or
                      derived.shape == base.shape and derived.stride() == base.stride() and shared)
    derived.zero_()   # (mul_ would refuse expanded views, as PyTorch does)
    if shared:
        assert base._version == before + 1 and derived._version == base._version
        assert float(np.abs(base.numpy()).sum()) < 276.0   # the sum of 0..23: something was zeroed
    else:
        assert base._version == before
        assert float(base.numpy().sum()) == 276.0


def test_view_of_view_keeps_root_base_and_counter():
    base = ft.zeros(4, 6)
    inner = base.t().unsqueeze(0).narrow(2, 1, 2)
    assert inner._base is base
    inner[0, 0, 0] = 5.0
    assert base[1, 0].item() == 5.0 and base._version == 1 and inner._version == 1


def test_detach_shares_memory_and_version():
    base = ft.zeros(3)
    alias = base.detach()
    alias[1] = 2.0
    assert base[1].item() == 2.0 and base._version == alias._version == 1


@pytest.mark.parametrize("name,args", [("t_", ()), ("transpose_", (0, 1)), ("swapaxes_", (1, 0)),
                                       ("swapdims_", (0, 1)), ("squeeze_", ()), ("squeeze_", (1,)),
                                       ("unsqueeze_", (-1,))])
def test_inplace_metadata_ops_match_torch(name, args):
    torch = oracle.torch()
    data = np.arange(6, dtype=np.float32).reshape(3, 1, 2)[:, :, 0] if name.startswith("t") else \
        np.arange(6, dtype=np.float32).reshape(3, 1, 2)
    ours, theirs = ft.from_numpy(data.copy()), torch.from_numpy(data.copy())
    assert getattr(ours, name)(*args) is ours
    getattr(theirs, name)(*args)
    oracle.assert_close(ours, theirs)
    assert ours._version == theirs._version


def test_expanded_view_reads_shared_memory():
    base = ft.tensor([1.0, 2.0, 3.0])
    wide = base.expand(4, 3)
    assert wide.stride() == (0, 1)
    base[0] = 7.0
    assert wide[:, 0].tolist() == [7.0] * 4


def _basic_index(draw, shape):
    parts = []
    for size in shape:
        kind = draw(st.sampled_from(["int", "slice", "full"]))
        if kind == "int":
            parts.append(draw(st.integers(-size, size - 1)))
        elif kind == "slice":
            parts.append(slice(draw(st.integers(-size - 1, size + 1)), draw(st.integers(-size - 1, size + 1)),
                               draw(st.integers(1, 3))))
        else:
            parts.append(slice(None))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), None)
    return tuple(parts)


@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=4), data=st.data())
@settings(max_examples=25, deadline=None)
def test_basic_indexing_is_a_writable_view(shape, data):
    """Hypothesis: basic indexing gives NumPy's values as a view; writes reach the base."""
    array = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    index = _basic_index(data.draw, shape)
    base = ft.from_numpy(array.copy())
    picked = base[index]
    np.testing.assert_array_equal(picked.numpy(), array[index])
    assert picked._base is base
    picked.fill_(-1.0) if hasattr(picked, "fill_") else picked.__setitem__(..., -1.0)
    expected = array.copy()
    expected[index] = -1.0
    np.testing.assert_array_equal(base.numpy(), expected)


@given(shape=st.lists(st.integers(1, 4), min_size=2, max_size=4), data=st.data())
@settings(max_examples=25, deadline=None)
def test_chained_view_strides_match_torch(shape, data):
    """Hypothesis: chains of permute/narrow/unsqueeze/view give PyTorch's strides and offsets."""
    torch = oracle.torch()
    order = data.draw(st.permutations(range(len(shape))))
    dim = data.draw(st.integers(0, len(shape) - 1))
    start = data.draw(st.integers(0, shape[order[dim]] - 1))

    def chain(x):
        y = x.permute(*order).narrow(dim, start, shape[order[dim]] - start).unsqueeze(0)
        return y.flatten(0, 1)

    array = oracle.randn(*shape)
    ours, theirs = chain(ft.from_numpy(array.copy())), chain(torch.from_numpy(array.copy()))
    oracle.assert_close(ours, theirs)
    assert ours.stride() == theirs.stride() and ours.storage_offset() == theirs.storage_offset()

"""Oracle table (PyTorch 2.13) of the shape and view ops on one 2x3x4 tensor: valid calls give PyTorch's
values, shapes and dtypes; bad ones (dims out of range, sizes that do not fit, duplicate dims, negative
repeats, a wrong output_size …) raise PyTorch's exception with its message."""
from __future__ import annotations

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

X = np.arange(24.0).reshape(2, 3, 4)

SHAPE_CALLS = {
    "view": [
        lambda T, x: x.view(4, 6),
        lambda T, x: x.view(-1),
        lambda T, x: x.view(5, 5),
        lambda T, x: x.view(-1, -1),
        lambda T, x: x.view(T.int32),
        lambda T, x: x.view(T.int16),
        lambda T, x: x.transpose(0, 1).view(-1),
        lambda T, x: x.view((2, 12)),
        lambda T, x: x.view(2.5),
        lambda T, x: x.view(-2, 12),
    ],
    "reshape": [
        lambda T, x: x.reshape(5, -1),
        lambda T, x: x.reshape(-1, 0),
        lambda T, x: T.reshape(x, (3, -1)),
        lambda T, x: x.reshape([]),
    ],
    "flatten": [
        lambda T, x: x.flatten(1),
        lambda T, x: x.flatten(2, 1),
        lambda T, x: x.flatten(0, 5),
        lambda T, x: T.flatten(x, -2, -1),
        lambda T, x: x.flatten(start_dim=1, end_dim=1),
    ],
    "unflatten": [
        lambda T, x: x.unflatten(2, (2, 2)),
        lambda T, x: x.unflatten(2, (3, -1)),
        lambda T, x: x.unflatten(5, (2, 2)),
        lambda T, x: x.unflatten(-1, (5, -1)),
        lambda T, x: x.unflatten(0, ()),
    ],
    "squeeze": [
        lambda T, x: x.squeeze(3),
        lambda T, x: x.squeeze((0, 1)),
        lambda T, x: x.unsqueeze(4),
        lambda T, x: x.unsqueeze(-4),
        lambda T, x: x.unsqueeze(-5),
    ],
    "permute": [
        lambda T, x: x.permute(2, 0, 1),
        lambda T, x: x.permute(0, 0, 1),
        lambda T, x: x.permute(0, 1),
        lambda T, x: x.permute(0, 1, 3),
        lambda T, x: T.permute(x, (-1, 0, 1)),
        lambda T, x: x.permute([2, 1, 0]),
    ],
    "transpose": [
        lambda T, x: x.transpose(0, 3),
        lambda T, x: x.t(),
        lambda T, x: x.mT,
        lambda T, x: x.mH,
        lambda T, x: x.H,
        lambda T, x: x.T,
        lambda T, x: T.swapaxes(x, 0, 2),
        lambda T, x: T.swapdims(x, 0, -1),
        lambda T, x: x.adjoint(),
    ],
    "expand": [
        lambda T, x: x.expand(2, 2, 3, 4),
        lambda T, x: x.expand(3, 3, 4),
        lambda T, x: x.expand(-1, -1, -1),
        lambda T, x: x.expand(2, 3),
        lambda T, x: x[:, :1].expand(2, 5, 4),
        lambda T, x: x.expand(-1, 2, 3, 4),
        lambda T, x: x.expand_as(T.zeros(3, 2, 3, 4)),
    ],
    "repeat": [
        lambda T, x: x.repeat(2),
        lambda T, x: x.repeat(1, 2, 1, 2),
        lambda T, x: x.repeat(-1, 1, 1),
        lambda T, x: x.repeat(0, 1, 1),
        lambda T, x: T.tile(x, (2,)),
        lambda T, x: T.tile(x, (1, 1, 1, 2)),
    ],
    "repeat_interleave": [
        lambda T, x: x.repeat_interleave(2),
        lambda T, x: x.repeat_interleave(2, dim=1),
        lambda T, x: x.repeat_interleave(T.tensor([1, 2]), dim=0),
        lambda T, x: x.repeat_interleave(T.tensor([1, 2, 3]), dim=0),
        lambda T, x: x.repeat_interleave(-1),
        lambda T, x: T.repeat_interleave(T.tensor([2, 0, 1])),
        lambda T, x: x.repeat_interleave(T.tensor([1, -1]), dim=0),
        lambda T, x: x.repeat_interleave(2, dim=1, output_size=6),
        lambda T, x: x.repeat_interleave(2, dim=1, output_size=5),
    ],
    "narrow": [
        lambda T, x: x.narrow(1, 1, 2),
        lambda T, x: x.narrow(1, 2, 2),
        lambda T, x: x.narrow(1, -1, 1),
        lambda T, x: x.narrow(5, 0, 1),
        lambda T, x: x.narrow(1, T.tensor(1), 2),
        lambda T, x: x.narrow(1, 0, -1),
        lambda T, x: x.narrow(1, 4, 0),
        lambda T, x: x.narrow(1, -4, 1),
    ],
    "select": [
        lambda T, x: x.select(1, 2),
        lambda T, x: x.select(1, 3),
        lambda T, x: x.select(1, -4),
        lambda T, x: x.select(3, 0),
        lambda T, x: x.unbind(1),
        lambda T, x: x.unbind(3),
    ],
    "split": [
        lambda T, x: x.split(2, 2),
        lambda T, x: x.split([1, 3], 2),
        lambda T, x: x.split([1, 2], 2),
        lambda T, x: x.split(0, 2),
        lambda T, x: x.split(-1, 2),
        lambda T, x: x.chunk(3, 2),
        lambda T, x: x.chunk(0, 2),
        lambda T, x: x.chunk(5, 1),
        lambda T, x: x.tensor_split(3, 2),
        lambda T, x: x.tensor_split([1, 3], 2),
        lambda T, x: x.tensor_split(T.tensor([1, 3]), 2),
        lambda T, x: x.tensor_split(0, 2),
        lambda T, x: x.tensor_split(T.tensor(2), 2),
        lambda T, x: x.tensor_split(T.tensor([[1]]), 2),
        lambda T, x: x.tensor_split(T.tensor([1.0]), 2),
        lambda T, x: x.split_with_sizes([1, 3], 2),
        lambda T, x: x.hsplit(2),
        lambda T, x: x.vsplit(2),
        lambda T, x: x.dsplit(2),
        lambda T, x: x.dsplit(3),
        lambda T, x: x.hsplit([1]),
    ],
    "cat": [
        lambda T, x: T.cat([x, x], 1),
        lambda T, x: T.cat([x, x[:, :2]], 1),
        lambda T, x: T.cat([x, x[:, :2]], 0),
        lambda T, x: T.cat([x, T.zeros(0)]),
        lambda T, x: T.cat([x, x.int()], 0),
        lambda T, x: T.cat([]),
        lambda T, x: T.cat([x, x], 3),
        lambda T, x: T.cat(x, 0),
        lambda T, x: T.cat([x, x[0]]),
        lambda T, x: T.concat([x, x], -1),
        lambda T, x: T.concatenate([x, x], axis=0),
        lambda T, x: T.cat((x, x.bool())),
        lambda T, x: T.cat([x.int(), x.bool()]),
    ],
    "stack": [
        lambda T, x: T.stack([x, x]),
        lambda T, x: T.stack([x, x], 3),
        lambda T, x: T.stack([x, x], 4),
        lambda T, x: T.stack([x, x[0]]),
        lambda T, x: T.stack([]),
        lambda T, x: T.hstack([x, x]),
        lambda T, x: T.vstack([x, x]),
        lambda T, x: T.dstack([x, x]),
        lambda T, x: T.column_stack([x[0], x[0]]),
        lambda T, x: T.row_stack([x[0, 0], x[0, 0]]),
        lambda T, x: T.stack([x, x.int()]),
        lambda T, x: T.hstack([x[0, 0], x[1, 0]]),
        lambda T, x: T.column_stack([x[0, 0], x[0]]),
    ],
    "movedim": [
        lambda T, x: x.movedim(0, 2),
        lambda T, x: x.movedim((0, 1), (2, 0)),
        lambda T, x: x.movedim((0, 0), (1, 2)),
        lambda T, x: x.movedim(0, 3),
        lambda T, x: x.moveaxis(-1, 0),
        lambda T, x: x.movedim((0, 1), (1,)),
    ],
    "unfold": [
        lambda T, x: x.unfold(2, 2, 1),
        lambda T, x: x.unfold(2, 5, 1),
        lambda T, x: x.unfold(2, 2, 0),
        lambda T, x: x.unfold(3, 1, 1),
        lambda T, x: x.unfold(2, 0, 1),
        lambda T, x: x.unfold(-1, 4, 2),
    ],
    "flip": [
        lambda T, x: x.flip(0),
        lambda T, x: x.flip((0, 2)),
        lambda T, x: x.flip(0, 0),
        lambda T, x: x.flip(3),
        lambda T, x: x.fliplr(),
        lambda T, x: x.flipud(),
        lambda T, x: x[0, 0].fliplr(),
        lambda T, x: T.flip(x, []),
    ],
    "roll": [
        lambda T, x: x.roll(1),
        lambda T, x: x.roll(1, 1),
        lambda T, x: x.roll((1, 2), (0, 2)),
        lambda T, x: x.roll((1, 2), (0,)),
        lambda T, x: x.roll(1, 5),
        lambda T, x: x.roll(-7, 2),
        lambda T, x: x.roll([], []),
    ],
    'rot90': [
        lambda T, x: x.rot90(),
        lambda T, x: x.rot90(2, (1, 2)),
        lambda T, x: x.rot90(1, (0, 0)),
        lambda T, x: x.rot90(1, (0,)),
        lambda T, x: x.rot90(-1, (0, 2)),
        lambda T, x: x[0, 0].rot90(),
        lambda T, x: x.rot90(1, (0, 5)),
    ],
    "as_strided": [
        lambda T, x: x.as_strided((2, 2), (1, 2)),
        lambda T, x: x.as_strided((2, 2), (1, 2), 3),
        lambda T, x: x.as_strided((30,), (1,)),
        lambda T, x: x.as_strided((2,), (1, 2)),
        lambda T, x: x.as_strided((2, 2), (-1, 2)),
    ],
    "diagonal": [
        lambda T, x: x.diagonal(),
        lambda T, x: x.diagonal(1, 1, 2),
        lambda T, x: x.diagonal(-5),
        lambda T, x: x.diagonal(0, 1, 1),
        lambda T, x: x.diagonal(0, 0, 3),
        lambda T, x: T.diagonal(x, offset=2, dim1=-1, dim2=-2),
        lambda T, x: x[0, 0].diagonal(),
    ],
    "broadcast": [
        lambda T, x: T.broadcast_to(x, (2, 2, 3, 4)),
        lambda T, x: T.broadcast_to(x, (3, 4)),
        lambda T, x: T.broadcast_tensors(x, x[0]),
        lambda T, x: T.broadcast_tensors(x, x[:, :2]),
        lambda T, x: T.broadcast_shapes((2, 1), (1, 3)),
        lambda T, x: T.broadcast_shapes((2, 2), (3,)),
        lambda T, x: T.broadcast_to(x, (-1, 3, 4)),
        lambda T, x: T.broadcast_shapes(2, (3, 1)),
    ],
    "atleast": [
        lambda T, x: T.atleast_1d(x[0, 0, 0]),
        lambda T, x: T.atleast_2d(x[0, 0]),
        lambda T, x: T.atleast_3d(x[0]),
        lambda T, x: T.atleast_3d(x[0, 0, 0]),
        lambda T, x: T.atleast_1d(x[0, 0, 0], x[0, 0]),
        lambda T, x: T.atleast_2d([x[0, 0, 0], x[0, 0]]),
        lambda T, x: T.atleast_3d(x[0, 0]),
    ],
    "misc": [
        lambda T, x: x.contiguous().is_contiguous(),
        lambda T, x: x.transpose(0, 1).is_contiguous(),
        lambda T, x: x.view_as(T.zeros(6, 4)),
        lambda T, x: x.view_as(T.zeros(6, 5)),
        lambda T, x: x.ravel(),
        lambda T, x: x.transpose(0, 2).ravel(),
        lambda T, x: x.squeeze_(),
        lambda T, x: x.unsqueeze_(0).shape,
        lambda T, x: x.t_(),
        lambda T, x: x.transpose_(0, 2).shape,
        lambda T, x: x.resize_(2, 2).shape,
        lambda T, x: x.swapaxes_(0, 1).shape,
        lambda T, x: x.as_strided_((2,), (1,)).shape,
    ],
}


CASES = [(f"{name}-{i}", call) for name, calls in SHAPE_CALLS.items() for i, call in enumerate(calls)]


@pytest.mark.parametrize("call", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_shape_op_outcome_matches_pytorch(call):
    oracle.check_outcome(call, X, parser_errors_by_type=True)


@pytest.mark.parametrize("sizes", [(-1, 0), (0, -1), (2, -1, 0)])
def test_reshape_of_nothing_with_an_inferred_dim_is_ambiguous(sizes):
    oracle.check_outcome(lambda T, z: z.reshape(sizes), np.zeros((0, 3)))


@pytest.mark.parametrize("output_size", (3, 2))
def test_repeat_interleave_of_counts_checks_output_size(output_size):
    oracle.check_outcome(lambda T, c: T.repeat_interleave(c, output_size=output_size), np.array([1, 2]))


def test_unflatten_with_two_inferred_sizes_says_so():
    torch = oracle.torch()
    with pytest.raises(RuntimeError) as expected:
        torch.zeros(2, 4).unflatten(1, (-1, -1))
    with pytest.raises(RuntimeError) as actual:
        ft.zeros(2, 4).unflatten(1, (-1, -1))
    # PyTorch's message goes on with a C++ stack trace after these two lines
    assert str(actual.value).split("\n")[:2] == str(expected.value).split("\n")[:2]

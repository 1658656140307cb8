"""Oracle table (PyTorch 2.13) of the creation ops: ``tensor`` from every kind of data (ragged lists,
``None``, strings, tensors inside lists, numbers that do not fit the dtype), ``arange``/``linspace``/
``logspace``, ``full``/``zeros``/``empty`` and their ``_like`` forms, ``eye``, ``diag``/``diag_embed``/
``tril``/``tril_indices``, ``meshgrid``/``cartesian_prod``/``complex``/``polar`` and ``asarray``/
``as_tensor``/``from_numpy``: PyTorch's values and dtypes, or its exception and message."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

CREATION_CALLS = {
    "tensor": [
        lambda T: T.tensor([1, 2]),
        lambda T: T.tensor([1, 2.0]),
        lambda T: T.tensor([True, 1]),
        lambda T: T.tensor([1, 2 + 1j]),
        lambda T: T.tensor([[1], [2, 3]]),
        lambda T: T.tensor([]),
        lambda T: T.tensor([[]]),
        lambda T: T.tensor(3),
        lambda T: T.tensor(3.5, dtype=T.int64),
        lambda T: T.tensor([1, 2], dtype=T.bool),
        lambda T: T.tensor('a'),
        lambda T: T.tensor([1, 'a']),
        lambda T: T.tensor(2 ** 63),
        lambda T: T.tensor([2 ** 63]),
        lambda T: T.tensor(-2 ** 63),
        lambda T: T.tensor([1.5], dtype=T.uint8),
        lambda T: T.tensor([-1], dtype=T.uint8),
        lambda T: T.tensor([300], dtype=T.uint8),
        lambda T: T.tensor([1e+40], dtype=T.float32),
        lambda T: T.tensor([70000.0], dtype=T.float16),
        lambda T: T.tensor(np.float32(2.5)),
        lambda T: T.tensor(np.array([1, 2], dtype=np.int16)),
        lambda T: T.tensor([np.float32(1), 2]),
        lambda T: T.tensor([T.tensor(1.0), T.tensor(2.0)]),
        lambda T: T.tensor([T.tensor([1.0]), T.tensor([2.0])]),
        lambda T: T.tensor(None),
        lambda T: T.tensor([None]),
        lambda T: T.tensor((1, 2)),
        lambda T: T.tensor(range(3)),
        lambda T: T.tensor([[1, 2], [3]]),
        lambda T: T.tensor([float('nan')], dtype=T.int64),
        lambda T: T.tensor(1j),
        lambda T: T.tensor([1, np.int64(3)]),
    ],
    "arange": [
        lambda T: T.arange(5),
        lambda T: T.arange(5.0),
        lambda T: T.arange(1, 4, 0.5),
        lambda T: T.arange(0, 1, 0.1),
        lambda T: T.arange(5, 1),
        lambda T: T.arange(5, 1, -1),
        lambda T: T.arange(0, 5, 0),
        lambda T: T.arange(1, 5, -1),
        lambda T: T.arange(T.tensor(3)),
        lambda T: T.arange(3, dtype=T.float32),
        lambda T: T.arange(0.5, 3, dtype=T.int64),
        lambda T: T.arange(float('inf')),
        lambda T: T.arange(float('nan')),
        lambda T: T.arange(3, dtype=T.bool),
        lambda T: T.arange(-3.7, 2.2, 0.3),
        lambda T: T.arange(10, dtype=T.uint8),
        lambda T: T.arange(1 + 1j),
        lambda T: T.arange(0, 10, 3, dtype=T.float16),
        lambda T: T.arange(True),
        lambda T: T.arange(np.int64(4)),
        lambda T: T.arange(np.float32(2.5)),
    ],
    "linspace": [
        lambda T: T.linspace(0, 1, 5),
        lambda T: T.linspace(0, 1, 1),
        lambda T: T.linspace(0, 1, 0),
        lambda T: T.linspace(0, 1, -1),
        lambda T: T.linspace(0, 10, 5, dtype=T.int64),
        lambda T: T.linspace(0, 1, 5, dtype=T.int64),
        lambda T: T.linspace(T.tensor(0.0), T.tensor(1.0), 3),
        lambda T: T.linspace(0, 1 + 1j, 3),
        lambda T: T.linspace(0, 1, 2.5),
        lambda T: T.linspace(5, -5, 7),
        lambda T: T.linspace(0, 255, 4, dtype=T.uint8),
        lambda T: T.linspace(-10, 10, 6, dtype=T.int32),
        lambda T: T.linspace(0, 1, 5, dtype=T.bool),
        lambda T: T.logspace(0, 2, 3),
        lambda T: T.logspace(0, 2, 3, base=2),
        lambda T: T.logspace(0, 2, 3, dtype=T.int64),
        lambda T: T.logspace(0, 1, 0),
        lambda T: T.logspace(-1, 1, 3, base=0.5),
    ],
    "full": [
        lambda T: T.full((2,), 3),
        lambda T: T.full((2,), 3.0),
        lambda T: T.full((2,), True),
        lambda T: T.full((2,), 1 + 1j),
        lambda T: T.full((2,), 3, dtype=T.float16),
        lambda T: T.full((2,), 1.5, dtype=T.int64),
        lambda T: T.full((2,), 300, dtype=T.uint8),
        lambda T: T.full((-1,), 1),
        lambda T: T.full([2, 2], T.tensor(3.0)),
        lambda T: T.full((2,), 'a'),
        lambda T: T.full(2, 1.0),
        lambda T: T.full((), 4),
        lambda T: T.full((2,), float('inf'), dtype=T.int32),
        lambda T: T.full_like(T.zeros(2, dtype=T.int32), 2.7),
        lambda T: T.full_like(T.zeros(2), 7, dtype=T.int64),
        lambda T: T.zeros(2, 3, dtype=T.int16),
        lambda T: T.zeros((2, 3)),
        lambda T: T.zeros([2, 3]),
        lambda T: T.zeros(2, -3),
        lambda T: T.ones(2, 2.5),
        lambda T: T.zeros(()),
        lambda T: T.zeros([]),
        lambda T: T.ones(T.Size([2, 3])),
        lambda T: T.zeros((2, 3), (4,)),
        lambda T: T.empty(2, 3).shape,
        lambda T: T.empty((2, -1)),
        lambda T: T.ones_like(T.zeros(2, 3, dtype=T.int32)),
        lambda T: T.zeros_like(T.zeros(2), dtype=T.bool),
        lambda T: T.ones(2, dtype=T.complex64),
        lambda T: T.zeros(2, dtype='float32'),
        lambda T: T.ones(np.int64(3)),
        lambda T: T.zeros(T.tensor(3)),
    ],
    "eye": [
        lambda T: T.eye(3),
        lambda T: T.eye(2, 3),
        lambda T: T.eye(0),
        lambda T: T.eye(-1),
        lambda T: T.eye(3, dtype=T.int64),
        lambda T: T.eye(3, dtype=T.bool),
        lambda T: T.eye(2, -1),
        lambda T: T.eye(2.5),
        lambda T: T.eye(3, 0),
    ],
    "diag": [
        lambda T: T.diag(T.tensor([1, 2])),
        lambda T: T.diag(T.tensor([1, 2]), 1),
        lambda T: T.diag(T.tensor([1, 2]), -2),
        lambda T: T.diag(T.arange(9).reshape(3, 3)),
        lambda T: T.diag(T.arange(9).reshape(3, 3), 4),
        lambda T: T.diag(T.zeros(2, 2, 2)),
        lambda T: T.diag(T.tensor(1)),
        lambda T: T.diag_embed(T.arange(6.0).reshape(2, 3)),
        lambda T: T.diag_embed(T.arange(6.0).reshape(2, 3), 1, 0, 2),
        lambda T: T.diag_embed(T.arange(6.0).reshape(2, 3), 0, 1, 1),
        lambda T: T.diagflat(T.tensor([[1, 2], [3, 4]])),
        lambda T: T.diagflat(T.tensor([1, 2]), -1),
        lambda T: T.tril(T.ones(3, 3)),
        lambda T: T.tril(T.ones(3, 3), -1),
        lambda T: T.triu(T.ones(2, 3, 3), 1),
        lambda T: T.tril(T.ones(3)),
        lambda T: T.tril_indices(3, 3),
        lambda T: T.tril_indices(3, 4, 1),
        lambda T: T.triu_indices(4, 3, -1),
        lambda T: T.tril_indices(3, 3, dtype=T.int32),
        lambda T: T.tril_indices(-1, 3),
        lambda T: T.triu_indices(3, 3, dtype=T.float32),
        lambda T: T.tril_indices(0, 0),
    ],
    "mesh": [
        lambda T: T.meshgrid(T.arange(2), T.arange(3), indexing='ij'),
        lambda T: T.meshgrid(T.arange(2), T.arange(3), indexing='xy'),
        lambda T: T.meshgrid([T.arange(2), T.arange(3)], indexing='ij'),
        lambda T: T.meshgrid(T.arange(2), T.zeros(2, 2), indexing='ij'),
        lambda T: T.meshgrid(T.arange(2), T.arange(3.0), indexing='ij'),
        lambda T: T.meshgrid(T.arange(2), indexing='bad'),
        lambda T: T.meshgrid(indexing='ij'),
        lambda T: T.cartesian_prod(T.arange(2), T.arange(3)),
        lambda T: T.cartesian_prod(T.arange(2)),
        lambda T: T.cartesian_prod(T.arange(2), T.arange(2.0)),
        lambda T: T.complex(T.tensor([1.0]), T.tensor([2.0])),
        lambda T: T.complex(T.tensor([1.0]), T.tensor([2.0], dtype=T.float64)),
        lambda T: T.complex(T.tensor([1]), T.tensor([2])),
        lambda T: T.polar(T.tensor([2.0]), T.tensor([0.5])),
        lambda T: T.polar(T.tensor([2]), T.tensor([0.5])),
        lambda T: T.polar(T.tensor([2.0], dtype=T.float64), T.tensor([0.5])),
    ],
    "asarray": [
        lambda T: T.asarray([1, 2]),
        lambda T: T.asarray(np.array([1.0, 2.0], dtype=np.float32)),
        lambda T: T.asarray([1.0, 2.0], dtype=T.float64),
        lambda T: T.as_tensor([1, 2], dtype=T.float32),
        lambda T: T.asarray(3.5),
        lambda T: T.as_tensor(T.tensor([1, 2]), dtype=T.float32),
        lambda T: T.from_numpy([1, 2]),
        lambda T: T.from_numpy(np.array(['a'])),
        lambda T: T.from_numpy(np.array([1, 2], dtype=np.int8)),
        lambda T: T.asarray(np.float64(2.5)),
        lambda T: T.as_tensor(np.array([1 + 2j], dtype=np.complex64)),
    ],
    "zeros_dtype": [
        lambda T: T.zeros(2, dtype=T.int64, requires_grad=True),
        lambda T: T.tensor([1, 2], requires_grad=True),
        lambda T: T.arange(3, requires_grad=True),
        lambda T: T.full((2,), 1, requires_grad=True),
        lambda T: T.ones(2, requires_grad=True).requires_grad,
        lambda T: T.empty(2, dtype=T.bool, requires_grad=True),
    ],
}


CASES = [(f"{name}-{i}", call) for name, calls in CREATION_CALLS.items() for i, call in enumerate(calls)]


@pytest.mark.parametrize("call", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_creation_outcome_matches_pytorch(call):
    oracle.check_outcome(call, parser_errors_by_type=True)


# Deliberate differences (docs/architecture.md): dtypes flambeau does not have.
DELIBERATE = [
    pytest.param(lambda T: T.complex(T.tensor([1.0], dtype=T.float16), T.tensor([2.0], dtype=T.float16)),
                 id="no complex32: two float16 parts make complex64"),
    pytest.param(lambda T: T.as_tensor(np.array([1, 2], dtype=np.uint16)), id="no uint16 dtype"),
    pytest.param(lambda T: T.from_numpy(np.array([1, 2], dtype=np.uint32)), id="no uint32 dtype"),
]


@pytest.mark.xfail(strict=True, reason="a dtype flambeau does not have (complex32, uint16, uint32)")
@pytest.mark.parametrize("call", DELIBERATE)
def test_missing_dtypes_differ_from_pytorch(call):
    oracle.check_outcome(call)


@pytest.mark.parametrize("dtype", ("uint8", "int8", "int16", "int32", "int64", "bool"))
@pytest.mark.parametrize("data", ([[0, 1.5], [-2, 3]], [-2.0], [-255], [-256], [127.0, 128], [2**31], [float("nan")],
                                  [[1, 2**63]], [2**64], [1.0, -1]), ids=repr)
def test_numbers_into_integer_dtypes_are_checked_as_pytorch_checks_them(data, dtype):
    oracle.check_outcome(lambda T: T.tensor(data, dtype=getattr(T, dtype)))

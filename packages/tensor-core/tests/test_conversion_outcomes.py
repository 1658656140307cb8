"""Oracle table (PyTorch 2.13) of conversions and tensor facts over every dtype kind: ``to``/``type``/``new_*``,
Python number protocols (``int``/``float``/``bool``/``complex``/``__index__``/``format``/``round``/``divmod``),
containment and iteration, sizes and strides, the dtype casts and the unary operators."""
from __future__ import annotations

import operator

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

X = np.array([[-2.5, -1.0, 0.0], [0.5, 1.0, 3.0]])
DTYPES = ["bool", "uint8", "int8", "int32", "int64", "float16", "float32", "float64", "complex64"]
operator_index = operator.index
# methods called without arguments (sizes, dtype predicates, casts)
NO_ARGUMENT_METHODS = ("type tolist element_size is_floating_point is_complex is_signed dim ndimension nelement "
                       "stride is_contiguous double half bool char short byte cfloat cdouble").split()


def _calls(dt: str) -> list:
    def t(T, x):
        return x.to(getattr(T, dt))

    return [lambda T, x, method=method: getattr(t(T, x), method)() for method in NO_ARGUMENT_METHODS] + [
        lambda T, x: t(T, x).to("cpu"),
        lambda T, x: t(T, x).to(T.float64),
        lambda T, x: t(T, x).to("cpu", T.int32),
        lambda T, x: t(T, x).to(dtype=T.int16, copy=True),
        lambda T, x: t(T, x).to(x),
        lambda T, x: t(T, x).to(T.device("cpu"), non_blocking=True),
        lambda T, x: t(T, x).type(T.float64),
        lambda T, x: t(T, x).type("torch.IntTensor"),
        lambda T, x: t(T, x).type("torch.DoubleTensor"),
        lambda T, x: t(T, x).new_zeros(2),
        lambda T, x: t(T, x).new_ones((2, 1)),
        lambda T, x: t(T, x).new_full((2,), 7),
        lambda T, x: t(T, x).new_empty(0).shape,
        lambda T, x: t(T, x).new_tensor([1, 2]),
        lambda T, x: t(T, x).new_tensor([1.5]),
        lambda T, x: t(T, x)[0, 0].item(),
        lambda T, x: bool(t(T, x)[1, 2]),
        lambda T, x: int(t(T, x)[1, 2]),
        lambda T, x: float(t(T, x)[1, 0]),
        lambda T, x: complex(t(T, x)[1, 0]),
        lambda T, x: [10, 20, 30, 40][t(T, x)[1, 2]],
        lambda T, x: 1 in t(T, x),
        lambda T, x: 1.0 in t(T, x),
        lambda T, x: len(t(T, x)),
        lambda T, x: [r.tolist() for r in t(T, x)],
        lambda T, x: t(T, x).nbytes,
        lambda T, x: t(T, x).itemsize,
        lambda T, x: t(T, x).t().stride(1),
        lambda T, x: t(T, x)[:, 1:].storage_offset(),
        lambda T, x: t(T, x).t().is_contiguous(),
        lambda T, x: t(T, x).numpy().dtype.name,
        lambda T, x: int(t(T, x)),
        lambda T, x: float(t(T, x)),
        lambda T, x: bool(t(T, x)),
        lambda T, x: t(T, x)[0, 0].__index__(),
        lambda T, x: operator_index(t(T, x)[1, 2]),
        lambda T, x: f"{t(T, x)[1, 0]:.2f}",
        lambda T, x: f"{t(T, x)[1, 0]}",
        lambda T, x: format(t(T, x)),
        lambda T, x: hash(t(T, x)) is not None,
        lambda T, x: t(T, x).real,
        lambda T, x: t(T, x).imag,
        lambda T, x: abs(t(T, x)),
        lambda T, x: -t(T, x),
        lambda T, x: ~t(T, x),
        lambda T, x: +t(T, x),
        lambda T, x: round(t(T, x)[1, 0]),
        lambda T, x: round(t(T, x)[1, 0], 1),
        lambda T, x: divmod(t(T, x), 2),
        lambda T, x: t(T, x) @ t(T, x).T,
        lambda T, x: 2 ** t(T, x),
        lambda T, x: 5 // t(T, x),
        lambda T, x: 5 % t(T, x),
        lambda T, x: t(T, x).apply_(lambda v: v * 2) if dt in ("float32","float64","int64","int32") else 0,
        lambda T, x: t(T, x).map_(t(T, x), lambda a, b: a + b) if dt in ("float32", "float64") else 0,
        lambda T, x: t(T, x).tolist()[0][0].__class__.__name__,
        lambda T, x: type(t(T, x)[0, 0].item()).__name__,
        lambda T, x: t(T, x).dtype.is_floating_point,
        lambda T, x: t(T, x).dtype.itemsize,
        lambda T, x: str(t(T, x).dtype),
        lambda T, x: t(T, x).dtype.is_signed,
    ]


@pytest.mark.parametrize("dt", DTYPES)
def test_conversions_match_pytorch(dt):
    failures = []
    for i, call in enumerate(_calls(dt)):
        try:
            oracle.check_outcome(call, X, parser_errors_by_type=True)
        except (AssertionError, RuntimeError, TypeError, ValueError) as error:
            failures.append(f"#{i}: {str(error).splitlines()[0][:200]}")
    assert failures == []

"""Complex views and the conj family against PyTorch: values, dtypes, errors, strides, and writes through
``real``/``imag``/``view_as_real``/``view_as_complex`` reaching the base."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

CUDA = oracle.on_device("cuda")


def crandn(*shape, dtype=np.complex64):
    return (oracle.randn(*shape, dtype=np.float64) + 1j * oracle.randn(*shape, dtype=np.float64)).astype(dtype)


Z23 = crandn(2, 3)
Z128 = crandn(4, dtype=np.complex128)
Z0 = crandn()
X23 = oracle.randn(2, 3)
X32 = oracle.randn(3, 2)
I4 = oracle.randint(-3, 3, 4)
SPECIAL = np.array([1.0, -2.0, 0.0, -0.0, np.nan, -np.inf], dtype=np.float32)
ZSPECIAL = np.array([0, -1, 1j, -1j, -1 - 0j, np.nan + 1j], dtype=np.complex64)

CASES = [
    ("real", lambda lib, z: lib.real(z), Z23),
    ("real-method", lambda lib, z: z.real, Z128),
    ("real-0d", lambda lib, z: z.real, Z0),
    ("real-of-real-is-self", lambda lib, x: lib.real(x) is x, X23),
    ("imag", lambda lib, z: lib.imag(z), Z23),
    ("imag-method", lambda lib, z: z.imag, Z128),
    ("imag-of-real", lambda lib, x: x.imag, X23),
    ("imag-of-int", lambda lib, x: lib.imag(x), I4),
    ("real-strides", lambda lib, z: (z.real.stride(), z.imag.storage_offset()), Z23),
    ("real-of-transposed", lambda lib, z: z.t().imag, Z23),
    ("angle", lambda lib, z: lib.angle(z), Z23),
    ("angle-complex-special", lambda lib, z: z.angle(), ZSPECIAL),
    ("angle-real-special", lambda lib, x: lib.angle(x), SPECIAL),
    ("angle-int", lambda lib, x: lib.angle(x), I4),
    ("angle-out", lambda lib, z: lib.angle(z, out=lib.empty(0)), Z23),
    ("conj", lambda lib, z: lib.conj(z), Z23),
    ("conj-method", lambda lib, z: z.conj().resolve_conj(), Z128),
    ("conj-of-real-is-self", lambda lib, x: lib.conj(x) is x, X23),
    ("conj_physical", lambda lib, z: lib.conj_physical(z), Z23),
    ("conj_physical-real", lambda lib, x: lib.conj_physical(x), X23),
    ("conj_physical-out", lambda lib, z: lib.conj_physical(z, out=lib.empty(2, 3, dtype=lib.complex64)), Z23),
    ("conj_physical_", lambda lib, z: z.conj_physical_(), Z23),
    ("conj_physical_-real", lambda lib, x: lib.conj_physical_(x), X23),
    ("resolve_conj-real-is-self", lambda lib, x: lib.resolve_conj(x) is x, X23),
    ("resolve_neg-is-self", lambda lib, z: lib.resolve_neg(z) is z, Z23),
    ("is_conj-physical", lambda lib, z: lib.conj_physical(z).is_conj(), Z23),
    ("is_neg", lambda lib, z: lib.is_neg(z), Z23),
    ("H", lambda lib, z: z.H, Z23),
    ("view_as_real", lambda lib, z: lib.view_as_real(z), Z23),
    ("view_as_real-0d", lambda lib, z: lib.view_as_real(z), Z0),
    ("view_as_real-strides", lambda lib, z: (lib.view_as_real(z.t()).stride(),
                                            lib.view_as_real(z[1]).storage_offset()), Z23),
    ("view_as_real-of-real", lambda lib, x: lib.view_as_real(x), X23),
    ("view_as_complex", lambda lib, x: lib.view_as_complex(x), X32),
    ("view_as_complex-double", lambda lib, x: lib.view_as_complex(x.double()), X32),
    ("view_as_complex-strided", lambda lib, x: lib.view_as_complex(x[::2]), X32),
    ("view_as_complex-strides", lambda lib, x: lib.view_as_complex(x.reshape(3, 1, 2)).stride(), X32),
    ("view_as_complex-empty", lambda lib, x: lib.view_as_complex(x[:0]), X32),
    ("view_as_complex-last-not-2", lambda lib, x: lib.view_as_complex(x), X23),
    ("view_as_complex-last-stride", lambda lib, x: lib.view_as_complex(x.t().t().contiguous().t()[:2].t()), X32),
    ("view_as_complex-odd-stride", lambda lib, x: lib.view_as_complex(x.reshape(6)[1:5].reshape(2, 2)[:1]),
     X32),
    ("view_as_complex-int", lambda lib, x: lib.view_as_complex(x.reshape(2, 2)), I4),
    ("view_as_complex-0d", lambda lib, x: lib.view_as_complex(x[0, 0]), X32),
    ("round-trip", lambda lib, z: lib.view_as_complex(lib.view_as_real(z)), Z23),
]


@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in CASES])
def test_complex_op_matches_torch(call, inputs):
    oracle.check(call, *inputs)


@pytest.mark.gpu
@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in CASES])
def test_complex_op_on_cuda_matches_torch(call, inputs):
    oracle.check(call, *inputs, flambeau=CUDA)


def _written(write):
    """Run ``write(lib, z)`` and return ``z``: the write must have gone through the view into z."""
    return lambda lib, z: (write(lib, z), z)[1]


WRITES = [
    ("real-setitem", lambda lib, z: z.real.__setitem__(0, 5.0), Z23),
    ("imag-add_", lambda lib, z: z.imag.add_(1), Z23),
    ("real-assign-number", lambda lib, z: setattr(z, "real", 3.0), Z23),
    ("imag-assign-tensor", lambda lib, z: setattr(z, "imag", lib.arange(3.0)), Z23),
    ("real-assign-on-real", lambda lib, x: setattr(x, "real", 2.0), X23),
    ("imag-assign-on-real", lambda lib, x: setattr(x, "imag", 2.0), X23),
    ("view_as_real-mul_", lambda lib, z: lib.view_as_real(z)[..., 1].mul_(-1), Z23),
    ("view_as_complex-mul_", lambda lib, x: lib.view_as_complex(x).mul_(1j), X32),
    ("view_as_complex-strided-fill", lambda lib, x: lib.view_as_complex(x[1:]).fill_(2 + 3j), X32),
]


@pytest.mark.parametrize("call,inputs", [pytest.param(_written(c[1]), c[2:], id=c[0]) for c in WRITES])
def test_writes_through_complex_views_reach_the_base(call, inputs):
    oracle.check(call, *inputs)


def test_complex_views_share_the_version_counter():
    z = ft.from_numpy(Z23.copy())
    parts = [z.real, z.imag, ft.view_as_real(z)]
    before = z._version
    parts[1].add_(1)
    assert z._version == before + 1
    assert all(p._version == z._version for p in parts)
    assert all(p._is_view() for p in parts)


def test_conj_is_a_copy_and_says_so():
    z = ft.from_numpy(Z23.copy())
    c = z.conj()
    c.mul_(0)
    assert not c.is_conj() and c.resolve_conj() is c
    np.testing.assert_array_equal(z.numpy(), Z23)


@settings(max_examples=25, deadline=None)
@given(shape=st.lists(st.integers(1, 3), min_size=1, max_size=3), data=st.data())
def test_view_as_real_of_any_slice_matches_torch(shape, data):
    z = crandn(*shape, dtype=np.complex128)
    steps = tuple(slice(None, None, data.draw(st.integers(1, 2))) for _ in shape)
    oracle.check(lambda lib, t: lib.view_as_real(t[steps]).stride(), z)
    oracle.check(lambda lib, t: lib.view_as_complex(lib.view_as_real(t[steps])), z)

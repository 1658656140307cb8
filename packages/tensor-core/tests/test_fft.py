"""``flambeau.fft`` against ``torch.fft``: values, dtypes, shapes (n/s/dim/norm), errors."""
import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

randn = oracle.randn
NORMS = [None, "backward", "ortho", "forward"]


def complex_randn(*shape, dtype=np.complex64):
    return (randn(*shape) + 1j * randn(*shape)).astype(dtype)


def signal(kind, *shape):
    return {"float32": lambda: randn(*shape), "float64": lambda: randn(*shape).astype(np.float64),
            "complex64": lambda: complex_randn(*shape), "int64": lambda: oracle.randint(-5, 5, *shape)}[kind]()


@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"])
@pytest.mark.parametrize("kind", ["float32", "float64", "complex64", "int64"])
@pytest.mark.parametrize("norm", NORMS)
def test_one_dimensional(name, kind, norm):
    x = signal(kind, 3, 8)
    oracle.check(lambda lib, t: getattr(lib.fft, name)(t, norm=norm), x, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"])
@pytest.mark.parametrize("n, dim", [(5, 0), (12, -1), (None, 1), (0, -1)], ids=str)
def test_one_dimensional_n_and_dim(name, n, dim):
    oracle.check(lambda lib, t: getattr(lib.fft, name)(t, n=n, dim=dim), randn(6, 7).astype(np.float64),
                 rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn", "fft2", "ifft2", "rfft2",
                                  "irfft2", "hfft2", "ihfft2"])
@pytest.mark.parametrize("s, dim", [(None, None), ((4, 6), None), (None, (0, 2)), ((3, 5), (-1, 0)), ((-1, 4), (1, 2)),
                                    (None, 1), ((2, 2), (0, 0))], ids=str)
def test_n_dimensional(name, s, dim):
    norm = "ortho" if s else None
    if name.endswith("2") and dim is None:
        dim = (-2, -1)
    if name.endswith("2") and isinstance(dim, int):
        pytest.skip("fft2's dim is a pair")
    x = randn(3, 4, 5).astype(np.float64)
    oracle.check(lambda lib, t: getattr(lib.fft, name)(t, s=s, dim=dim, norm=norm), x, rtol=1e-6, atol=1e-6)
    oracle.check(lambda lib, t: getattr(lib.fft, name)(t, s=s, dim=dim, norm=norm), complex_randn(3, 4, 5)
                 if not name.startswith("rfft") else randn(3, 4, 5), rtol=1e-4, atol=1e-4)


def test_errors():
    oracle.check_raises(lambda lib, t: lib.fft.fft(t, norm="sideways"), randn(4))
    oracle.check_raises(lambda lib, t: lib.fft.rfft(t), complex_randn(4))
    oracle.check_raises(lambda lib, t: lib.fft.fft(t, dim=2), randn(4))
    oracle.check_raises(lambda lib, t: lib.fft.fftn(t, s=(2, 2), dim=(0,)), randn(4, 4))
    with pytest.raises(TypeError):
        ft.fft.fft([1.0, 2.0])


def test_round_trips():
    x = ft.from_numpy(randn(4, 16).astype(np.float64))
    assert_close(ft.fft.ifft(ft.fft.fft(x)).numpy().real, x.numpy(), atol=1e-12)
    assert_close(ft.fft.irfft(ft.fft.rfft(x), n=16), x, atol=1e-12)
    assert_close(ft.fft.irfftn(ft.fft.rfftn(x), s=x.shape), x, atol=1e-12)


@pytest.mark.parametrize("fn", ["fftfreq", "rfftfreq"])
@pytest.mark.parametrize("n, d", [(8, 1.0), (7, 0.1), (1, 2.0), (0, 1.0)], ids=str)
def test_frequencies(fn, n, d):
    oracle.check(lambda lib: getattr(lib.fft, fn)(n, d))
    oracle.check(lambda lib: getattr(lib.fft, fn)(n, d, dtype=lib.float64))


@pytest.mark.parametrize("fn", ["fftshift", "ifftshift"])
@pytest.mark.parametrize("shape, dim", [((8,), None), ((7,), None), ((4, 5), None), ((4, 5), 1), ((4, 5, 3), (0, 2)),
                                        ((), None)], ids=str)
def test_shifts(fn, shape, dim):
    oracle.check(lambda lib, t: getattr(lib.fft, fn)(t, dim=dim), np.asarray(randn(*shape)))


@pytest.mark.gpu
@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "irfft", "fftn", "rfft2", "fftshift"])
def test_fft_on_cuda_matches_cpu(name):
    x = ft.from_numpy(randn(4, 8).astype(np.float64))
    assert_close(getattr(ft.fft, name)(x.cuda()).cpu(), getattr(ft.fft, name)(x), rtol=1e-9, atol=1e-9)

"""``stft``/``istft`` (functions and methods) against PyTorch's: values, shapes and dtypes over their
parameters (windows, hops, centring and its pad modes, batches, complex inputs and windows, onesided,
normalized, return_complex, length), errors with PyTorch's messages, gradients, and round trips."""
import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")   # PyTorch's rectangular-window/deprecation notes

rng = np.random.default_rng(11)
SIGNAL = rng.standard_normal(64)
BATCH = rng.standard_normal((3, 40))
COMPLEX = rng.standard_normal(48) + 1j * rng.standard_normal(48)


def check(fn, *args, **kwargs):
    """``oracle.check`` of a call that must succeed (the oracle also passes when both libraries raise)."""
    result = oracle.check(fn, *args, **kwargs)
    assert not isinstance(result, BaseException), result


def window(lib, kind, length, like, dtype="float64"):
    """No window, a periodic Hann window, or a complex one, as each library makes it, on ``like``'s device."""
    if kind is None:
        return None
    made = lib.hann_window(length, dtype=getattr(lib, dtype), device=like.device)
    return made * (1 - 0.5j) if kind == "complex" else made


STFT_CASES = [   # keyword arguments of stft(x, 16, ...), the window ("hann"/None) made with win_length
    dict(return_complex=True),
    dict(return_complex=True, window="hann"),
    dict(return_complex=False, window="hann"),
    dict(return_complex=True, hop_length=3, window="hann"),
    dict(return_complex=True, win_length=8),
    dict(return_complex=True, win_length=7, window="hann"),
    dict(return_complex=True, center=False, window="hann"),
    dict(return_complex=True, center=False, win_length=9, window="hann", align_to_window=True),
    dict(return_complex=True, center=False, win_length=8, align_to_window=False),
    dict(return_complex=True, pad_mode="constant", hop_length=5),
    dict(return_complex=True, pad_mode="replicate", window="hann"),
    dict(return_complex=True, pad_mode="circular", window="hann"),
    dict(return_complex=True, onesided=False, window="hann"),
    dict(return_complex=True, normalized=True, window="hann"),
    dict(return_complex=False, normalized=True, onesided=False),
    dict(return_complex=True, window="complex"),
]


def _stft(lib, x, n_fft=16, **kwargs):
    kwargs["window"] = window(lib, kwargs.get("window"), kwargs.get("win_length") or n_fft, x)
    return lib.stft(x, n_fft, **kwargs)


@pytest.mark.parametrize("kwargs", STFT_CASES, ids=str)
@pytest.mark.parametrize("signal", ["1d", "batch"])
def test_stft_matches_torch(kwargs, signal):
    x = SIGNAL if signal == "1d" else BATCH
    check(lambda lib, t: _stft(lib, t, **kwargs), x)


@pytest.mark.parametrize("kwargs", [dict(), dict(onesided=False, window="hann"), dict(return_complex=False),
                                    dict(normalized=True, center=False, hop_length=2)], ids=str)
def test_stft_of_complex_signal(kwargs):
    check(lambda lib, t: _stft(lib, t, 8, **kwargs), COMPLEX)
    check(lambda lib, t: _stft(lib, t, 8, **kwargs), COMPLEX.reshape(2, 24))


@pytest.mark.parametrize("dtype, window_dtype", [("float32", "float32"), ("float32", "float64"),
                                                 ("float64", "float32")])
def test_stft_dtypes(dtype, window_dtype):
    x = SIGNAL.astype(dtype)
    check(lambda lib, t: lib.stft(t, 16, window=window(lib, "hann", 16, t, window_dtype), return_complex=True),
                 x, rtol=1e-5, atol=1e-5)


def test_stft_method_and_positional_arguments():
    check(lambda lib, t: t.stft(8, 2, 6, window(lib, "hann", 6, t), False, "constant", True, True, True), SIGNAL)
    check(lambda lib, t: t.stft(16, return_complex=True), BATCH)


def _same_error(fn, *args):
    """PyTorch raises; flambeau raises the same type with the same message."""
    error = oracle.check_raises(fn, *args)
    try:
        fn(oracle.torch(), *(oracle.torch().from_numpy(np.array(a)) for a in args))
    except Exception as expected:   # noqa: BLE001 (any error PyTorch raises is the reference)
        assert str(error) == str(expected)


STFT_ERRORS = [
    lambda lib, t: lib.stft(t, 16),                                         # return_complex missing
    lambda lib, t: lib.stft(t, 16, return_complex=True, pad_mode="bogus"),
    lambda lib, t: lib.stft(t[:5], 16, return_complex=True),                 # reflect pad too long
    lambda lib, t: lib.stft(t[:0], 16, return_complex=True, pad_mode="replicate"),
    lambda lib, t: lib.stft(t[:5], 16, return_complex=True, pad_mode="circular"),
    lambda lib, t: lib.stft(t[:5], 16, return_complex=True, center=False),   # n_fft > length
    lambda lib, t: lib.stft(t, 0, return_complex=True, center=False),
    lambda lib, t: lib.stft(t, 16, hop_length=0, return_complex=True),
    lambda lib, t: lib.stft(t, 16, win_length=20, return_complex=True),
    lambda lib, t: lib.stft(t, 16, window=lib.ones(15), return_complex=True),
    lambda lib, t: lib.stft(t, 16, window=lib.ones(8, 2), onesided=True, return_complex=True),
    lambda lib, t: lib.stft(t.reshape(2, 2, 16), 8, return_complex=True),
    lambda lib, t: lib.stft(t.reshape(2, 2, 2, 8), 8, return_complex=True),
    lambda lib, t: lib.stft(t.reshape(2, 2, 2, 8), 8, return_complex=True, pad_mode="constant"),
    lambda lib, t: lib.stft(t.long(), 16, return_complex=True),
    lambda lib, t: lib.stft(t, 16, return_complex=True, align_to_window=True),
    lambda lib, t: lib.stft(t[:9], 16, win_length=8, return_complex=True, center=False, align_to_window=True),
    lambda lib, t: lib.stft(t * 1j, 16, onesided=True),
]


@pytest.mark.parametrize("fn", STFT_ERRORS)
def test_stft_errors(fn):
    _same_error(fn, SIGNAL)


SPECTRUM = np.fft.rfft(rng.standard_normal((9, 16)), axis=1).T.copy()        # (9 freqs, 9 frames), n_fft 16
ISTFT_ERRORS = [
    lambda lib, s: lib.istft(s.real, 16),
    lambda lib, s: lib.istft(s[0], 16),
    lambda lib, s: lib.istft(s[None, None], 16),
    lambda lib, s: lib.istft(s, 32),
    lambda lib, s: lib.istft(s, 16, onesided=False),
    lambda lib, s: lib.istft(s, 16, hop_length=20),
    lambda lib, s: lib.istft(s, 16, hop_length=0),
    lambda lib, s: lib.istft(s, 16, win_length=20),
    lambda lib, s: lib.istft(s, 16, window=lib.ones(15)),
    lambda lib, s: lib.istft(s, 16, window=lib.hann_window(16, dtype=lib.float64), center=False),   # NOLA
    lambda lib, s: lib.istft(s, 16, return_complex=True),
    lambda lib, s: lib.istft(s, 16, window=lib.ones(16, dtype=lib.complex128)),
    lambda lib, s: lib.istft(s, 16, length=0),
]


@pytest.mark.parametrize("fn", ISTFT_ERRORS)
def test_istft_errors(fn):
    _same_error(fn, SPECTRUM)


ISTFT_CASES = [   # (stft keyword arguments, istft keyword arguments); n_fft 16 and a Hann window unless said
    (dict(), dict()),
    (dict(hop_length=5), dict(hop_length=5)),
    (dict(), dict(length=60)),
    (dict(), dict(length=75)),                                  # padded with zeros past the signal
    (dict(center=False, window=None), dict(center=False, window=None, length=50)),
    (dict(win_length=8, window=None), dict(win_length=8, window=None)),
    (dict(normalized=True), dict(normalized=True)),
    (dict(onesided=False), dict()),
    (dict(onesided=False), dict(onesided=False, return_complex=True)),
]


def _round_trip(lib, x, stft_kwargs, istft_kwargs):
    stft_kwargs = {"window": "hann", "return_complex": True, **stft_kwargs}
    istft_kwargs = {"window": "hann", **istft_kwargs}
    istft_kwargs["window"] = window(lib, istft_kwargs["window"], istft_kwargs.get("win_length") or 16, x)
    return lib.istft(_stft(lib, x, **stft_kwargs), 16, **istft_kwargs)


@pytest.mark.parametrize("stft_kwargs, istft_kwargs", ISTFT_CASES, ids=str)
@pytest.mark.parametrize("signal", ["1d", "batch"])
def test_istft_matches_torch(stft_kwargs, istft_kwargs, signal):
    x = SIGNAL if signal == "1d" else BATCH
    check(lambda lib, t: _round_trip(lib, t, stft_kwargs, istft_kwargs), x)


def test_istft_of_complex_signal_and_method():
    check(lambda lib, t: lib.stft(t, 8, window=window(lib, "hann", 8, t)).istft(
        8, window=window(lib, "hann", 8, t), return_complex=True), COMPLEX)
    check(lambda lib, s: s.istft(16, 4, 16, window(lib, "hann", 16, s), True, False, None, 30), SPECTRUM)


@pytest.mark.parametrize("stft_kwargs, istft_kwargs", [case for case in ISTFT_CASES
                                                       if "length" not in case[1] or case[1]["length"] < 64], ids=str)
def test_round_trip_recovers_the_signal(stft_kwargs, istft_kwargs):
    x = ft.from_numpy(SIGNAL)
    restored = _round_trip(ft, x, stft_kwargs, istft_kwargs)
    if restored.dtype.is_complex:
        restored = restored.real
    length = min(istft_kwargs.get("length", 64), restored.shape[-1])
    assert_close(restored, x[:length], atol=1e-10, rtol=1e-10)


@pytest.mark.parametrize("kwargs", [dict(window="hann", return_complex=False),
                                    dict(win_length=9, hop_length=3, window="hann", pad_mode="reflect",
                                         return_complex=False),
                                    dict(center=False, normalized=True, return_complex=False),
                                    dict(pad_mode="replicate", onesided=False, window="hann", return_complex=False),
                                    dict(pad_mode="constant", window="complex", return_complex=False)], ids=str)
def test_stft_gradient(kwargs):
    check(lambda lib, t: _stft(lib, t, **kwargs), SIGNAL[:40], grad=True)
    check(lambda lib, t: _stft(lib, t, **kwargs), BATCH[:2], grad=True)


def test_stft_gradient_of_window_and_complex_signal():
    check(lambda lib, t, w: lib.view_as_real(lib.stft(t, 8, window=w, return_complex=True)),
                 SIGNAL[:32], np.hanning(8), grad=True)
    check(lambda lib, t: lib.stft(t, 8, hop_length=3, return_complex=False), COMPLEX[:30], grad=True)


@pytest.mark.parametrize("stft_kwargs, istft_kwargs", ISTFT_CASES[:7], ids=str)
def test_istft_gradient(stft_kwargs, istft_kwargs):
    check(lambda lib, t: _round_trip(lib, t, stft_kwargs, istft_kwargs), SIGNAL[:40], grad=True)


def test_istft_gradient_of_spectrum_and_window():
    check(lambda lib, s, w: lib.istft(s, 16, window=w, length=40), SPECTRUM, np.hanning(18)[1:-1] + 0.1,
                 grad=True)
    check(lambda lib, s: lib.view_as_real(lib.istft(s, 8, onesided=False, return_complex=True)),
                 np.fft.fft(rng.standard_normal((5, 8)), axis=1).T.copy(), grad=True)


def test_top_level_names_are_the_fft_module_functions():
    assert ft.stft is ft.fft.stft and ft.istft is ft.fft.istft
    assert callable(ft.Tensor.stft) and callable(ft.Tensor.istft)


GPU_CASES = [
    lambda lib, t: _stft(lib, t, window="hann", return_complex=True),
    lambda lib, t: _stft(lib, t, win_length=9, pad_mode="circular", normalized=True, return_complex=False),
    lambda lib, t: _stft(lib, t, center=False, onesided=False, window="complex", return_complex=True),
    lambda lib, t: t.stft(16, window=window(lib, "hann", 16, t), return_complex=True).istft(
        16, window=window(lib, "hann", 16, t)),
    lambda lib, t: _round_trip(lib, t, dict(hop_length=5), dict(hop_length=5, length=70)),
    lambda lib, t: _round_trip(lib, t, dict(onesided=False), dict(onesided=False, return_complex=True)),
]


@pytest.mark.gpu
@pytest.mark.parametrize("fn", GPU_CASES)
@pytest.mark.parametrize("signal", ["1d", "batch"])
def test_stft_istft_on_cuda(fn, signal):
    x = SIGNAL if signal == "1d" else BATCH
    check(fn, x, flambeau=oracle.on_device("cuda"))
    check(fn, x[..., :40], flambeau=oracle.on_device("cuda"), grad=True)

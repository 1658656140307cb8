"""Oracle table (PyTorch 2.13) of ``torch.fft``: transforms over every dtype, length, norm and dim
argument, the n-dimensional ``s``/``dim`` rules and the frequency helpers — PyTorch's values and dtypes,
or its exception and message."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

X = np.arange(24.0).reshape(2, 3, 4)

FFT_CALLS = {
    "fft": [
        lambda T, x: T.fft.fft(x),
        lambda T, x: T.fft.fft(x, n=6),
        lambda T, x: T.fft.fft(x, n=2, dim=1),
        lambda T, x: T.fft.fft(x, n=0),
        lambda T, x: T.fft.fft(x, dim=3),
        lambda T, x: T.fft.fft(x, norm='ortho'),
        lambda T, x: T.fft.fft(x, norm='forward'),
        lambda T, x: T.fft.fft(x, norm='bad'),
        lambda T, x: T.fft.fft(x.int()),
        lambda T, x: T.fft.fft(x.bool()),
        lambda T, x: T.fft.fft(x.half()),
        lambda T, x: T.fft.fft(x.float()),
        lambda T, x: T.fft.fft(x[0, 0, 0]),
        lambda T, x: T.fft.fft(x.to(T.complex64)),
        lambda T, x: T.fft.ifft(x),
        lambda T, x: T.fft.rfft(x),
        lambda T, x: T.fft.rfft(x.to(T.complex64)),
        lambda T, x: T.fft.irfft(x),
        lambda T, x: T.fft.irfft(x, n=1),
        lambda T, x: T.fft.irfft(x[..., :1]),
        lambda T, x: T.fft.hfft(x),
        lambda T, x: T.fft.ihfft(x),
        lambda T, x: T.fft.ihfft(x.to(T.complex64)),
        lambda T, x: T.fft.rfft(x.half()),
        lambda T, x: T.fft.irfft(x.int(), n=4),
    ],
    "fftn": [
        lambda T, x: T.fft.fftn(x),
        lambda T, x: T.fft.fftn(x, s=(2, 2)),
        lambda T, x: T.fft.fftn(x, s=(2, 2), dim=(0, 2)),
        lambda T, x: T.fft.fftn(x, s=(2,), dim=(0, 2)),
        lambda T, x: T.fft.fftn(x, dim=(0, 0)),
        lambda T, x: T.fft.fftn(x, s=(-1, 3)),
        lambda T, x: T.fft.fft2(x),
        lambda T, x: T.fft.fft2(x[0, 0]),
        lambda T, x: T.fft.rfft2(x),
        lambda T, x: T.fft.irfft2(x),
        lambda T, x: T.fft.irfftn(x, s=(3, 6)),
        lambda T, x: T.fft.rfftn(x, dim=()),
        lambda T, x: T.fft.fftn(x, dim=()),
        lambda T, x: T.fft.hfft2(x),
        lambda T, x: T.fft.ihfftn(x),
        lambda T, x: T.fft.ifft2(x, norm='forward'),
        lambda T, x: T.fft.fftn(x, s=(0, 2)),
        lambda T, x: T.fft.fftn(x, s=(2, 2, 2, 2)),
    ],
    "freq": [
        lambda T, x: T.fft.fftfreq(5),
        lambda T, x: T.fft.fftfreq(4, d=0.5),
        lambda T, x: T.fft.rfftfreq(5),
        lambda T, x: T.fft.fftfreq(0),
        lambda T, x: T.fft.fftfreq(-1),
        lambda T, x: T.fft.fftfreq(5, dtype=T.float64),
        lambda T, x: T.fft.fftfreq(5, dtype=T.int64),
        lambda T, x: T.fft.fftshift(x),
        lambda T, x: T.fft.fftshift(x, dim=1),
        lambda T, x: T.fft.ifftshift(x, dim=(0, 2)),
        lambda T, x: T.fft.fftshift(x, dim=3),
        lambda T, x: T.fft.fftfreq(5, d=T.tensor(2.0)),
        lambda T, x: T.fft.fftfreq(5.5),
    ],
    "halving": [
        lambda T, x: T.fft.irfftn(x, dim=()),
        lambda T, x: T.fft.hfftn(x, dim=()),
        lambda T, x: T.fft.ihfftn(x, dim=()),
        lambda T, x: T.fft.fftn(x[0, 0, 0]),
        lambda T, x: T.fft.rfft(x[0, 0, 0]),
        lambda T, x: T.fft.irfftn(x[..., :1]),
        lambda T, x: T.fft.hfft(x[..., :1]),
        lambda T, x: T.fft.fft(x, n=-1),
        lambda T, x: T.fft.rfftfreq(5, dtype=T.int32),
        lambda T, x: T.fft.fftfreq(5, dtype=T.complex64),
        lambda T, x: T.fft.rfftfreq(-2),
        lambda T, x: T.fft.rfftfreq(-3),
        lambda T, x: T.fft.rfftfreq(0),
    ],
}


CASES = [(f"{name}-{i}", call) for name, calls in FFT_CALLS.items() for i, call in enumerate(calls)]


@pytest.mark.parametrize("call", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_fft_outcome_matches_pytorch(call):
    oracle.check_outcome(call, X, parser_errors_by_type=True, rtol=1e-4, atol=1e-4)

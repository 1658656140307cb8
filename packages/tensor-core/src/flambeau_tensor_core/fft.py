"""``flambeau.fft``: PyTorch's discrete Fourier transforms."""

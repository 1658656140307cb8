"""``torch.backends.mkldnn``: oneDNN, which flambeau does not use (its CPU kernels are Cython/OpenMP)."""

enabled: bool = True


def is_available() -> bool:
    return False

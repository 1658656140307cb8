"""``torch.backends.openmp``: whether the OpenMP runtime of flambeau's CPU kernels is loaded."""


def is_available() -> bool:
    from ..threads import _openmp

    return _openmp() is not None

"""Pointwise math: exp/log/trig, rounding, clamp, where, logical/bitwise, special-function kernels."""

__all__: list[str] = []

"""Compiled kernels of flambeau-utils-data (Cython, CPU)."""

"""Interop: DLPack, finfo/iinfo, numel and other small utilities."""

__all__: list[str] = []

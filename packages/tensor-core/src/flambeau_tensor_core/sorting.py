"""Sorting and selection by value: sort/argsort/msort/topk/kthvalue."""

__all__: list[str] = []

"""Reductions: sum/mean/std/var/max/min/arg*/logsumexp/norm/all/any, cumulative ops, unique, histograms."""

__all__: list[str] = []

"""Tensor ``repr`` in PyTorch's layout (``tensor([1.0000, 2.5000], dtype=flambeau.float64)``).

The rules follow PyTorch's printing: one width for every element, integer-valued floats printed as
``1.``, scientific notation when the magnitudes span more than 1e3 or leave [1e-4, 1e8], summarised
with ``...`` past ``threshold`` elements, and suffixes for non-default dtype, device and autograd state.
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from . import _core

_PROFILES = {"default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
             "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
             "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80)}
# A namespace rather than a dataclass: ``dataclasses`` alone would cost ``import flambeau_tensor_core``
# over a millisecond.
PRINT_OPTIONS = SimpleNamespace(**_PROFILES["default"], sci_mode=None)


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                     sci_mode=None) -> None:
    """Set how tensors print, as ``torch.set_printoptions``."""
    if profile is not None:
        for key, value in _PROFILES[profile].items():
            setattr(PRINT_OPTIONS, key, value)
    for key, value in dict(precision=precision, threshold=threshold, edgeitems=edgeitems,
                           linewidth=linewidth).items():
        if value is not None:
            setattr(PRINT_OPTIONS, key, value)
    PRINT_OPTIONS.sci_mode = sci_mode


class _Formatter:
    """Chooses one fixed/scientific/integer style and width for every element of an array."""

    def __init__(self, values: np.ndarray):
        self.floating = values.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        precision = PRINT_OPTIONS.precision
        if not self.floating:
            for value in values.reshape(-1).tolist():
                self.max_width = max(self.max_width, len(str(value)))
        else:
            finite = values[np.isfinite(values) & (values != 0)].astype(np.float64)
            if finite.size:
                magnitudes = np.abs(finite)
                smallest, largest = magnitudes.min(), magnitudes.max()
                self.int_mode = bool(np.all(finite == np.ceil(finite)))
                spread_too_wide = largest / smallest > 1000.0 or largest > 1.0e8
                self.sci_mode = spread_too_wide or (not self.int_mode and smallest < 1.0e-4)
                if PRINT_OPTIONS.sci_mode is not None:   # (the widths are those of the forced style)
                    self.sci_mode = PRINT_OPTIONS.sci_mode
                if self.sci_mode:
                    widths = [len(f"{v:.{precision}e}") for v in finite.tolist()]
                elif self.int_mode:
                    widths = [len(f"{v:.0f}") + 1 for v in finite.tolist()]
                else:
                    widths = [len(f"{v:.{precision}f}") for v in finite.tolist()]
                self.max_width = max([self.max_width] + widths)
        if PRINT_OPTIONS.sci_mode is not None:
            self.sci_mode = PRINT_OPTIONS.sci_mode

    def width(self) -> int:
        return self.max_width

    def format(self, value) -> str:
        precision = PRINT_OPTIONS.precision
        if self.floating:
            if self.sci_mode:
                text = f"{value:{self.max_width}.{precision}e}"
            elif self.int_mode:
                text = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    text += "."
            else:
                text = f"{value:.{precision}f}"
        else:
            text = f"{value}"
        return (self.max_width - len(text)) * " " + text


class _ComplexFormatter:
    def __init__(self, values: np.ndarray):
        self.real = _Formatter(values.real)
        self.imag = _Formatter(values.imag)

    def width(self) -> int:
        return self.real.width() + self.imag.width() + 1    # (the "j"; PyTorch counts no room for the sign)

    def format(self, value) -> str:
        real = self.real.format(value.real)
        imag = self.imag.format(value.imag).lstrip()
        sign = "" if imag.startswith("-") else "+"
        return f"{real}{sign}{imag}j"


def _summarized(array: np.ndarray) -> np.ndarray:
    """The elements that will be shown (edge items only) when the tensor is summarised."""
    edge = PRINT_OPTIONS.edgeitems
    if array.ndim == 0:
        return array
    if array.shape[0] > 2 * edge:
        array = np.concatenate([array[:edge], array[-edge:]])
    if array.ndim == 1:
        return array
    return np.stack([_summarized(row) for row in array])


def _vector_str(array, indent, summarize, formatter) -> str:
    element_length = formatter.width() + 2
    per_line = max(1, int(math.floor((PRINT_OPTIONS.linewidth - indent) / element_length)))
    edge = PRINT_OPTIONS.edgeitems
    if summarize and array.shape[0] > 2 * edge:
        data = ([formatter.format(v) for v in array[:edge].tolist()] + [" ..."]
                + [formatter.format(v) for v in array[-edge:].tolist()])
    else:
        data = [formatter.format(v) for v in array.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _array_str(array, indent, summarize, formatter) -> str:
    if array.ndim == 0:
        return formatter.format(array.item())
    if array.ndim == 1:
        return _vector_str(array, indent, summarize, formatter)
    edge = PRINT_OPTIONS.edgeitems
    if summarize and array.shape[0] > 2 * edge:
        rows = ([_array_str(array[i], indent + 1, summarize, formatter) for i in range(edge)] + ["..."]
                + [_array_str(array[i], indent + 1, summarize, formatter)
                   for i in range(array.shape[0] - edge, array.shape[0])])
    else:
        rows = [_array_str(array[i], indent + 1, summarize, formatter) for i in range(array.shape[0])]
    return "[" + ("," + "\n" * (array.ndim - 1) + " " * (indent + 1)).join(rows) + "]"


def _add_suffixes(text: str, suffixes: list[str], indent: int) -> str:
    parts = [text]
    last_line_length = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_length + len(suffix) + 2 > PRINT_OPTIONS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_length = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_length += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def _default_dtypes():
    default_float = _core.get_default_dtype()
    return {default_float, _core.int64, _core.bool_, _core.default_complex_dtype()}


def tensor_repr(tensor, prefix: str = "tensor(") -> str:
    array = tensor._host_array()
    indent = len(prefix)
    suffixes = []
    if tensor.device.type != "cpu":
        suffixes.append(f"device='{tensor.device}'")
    if array.size == 0:
        body = "[]"
        if array.shape != (0,):
            suffixes.append(f"size={tuple(array.shape)}")
    else:
        summarize = array.size > PRINT_OPTIONS.threshold
        shown = _summarized(array) if summarize else array
        formatter = _ComplexFormatter(shown) if shown.dtype.kind == "c" else _Formatter(shown)
        body = _array_str(array, indent, summarize, formatter)
    shows_dtype = (tensor.dtype is not _core.get_default_dtype() if array.size == 0
                   else tensor.dtype not in _default_dtypes())
    if shows_dtype:
        suffixes.append(f"dtype={tensor.dtype!r}")
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{tensor.grad_fn.name()}>")
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)

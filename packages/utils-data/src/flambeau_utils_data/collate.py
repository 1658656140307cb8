"""Collation: turning a list of samples into one batch (``default_collate``) and converting NumPy data
in a single sample to tensors (``default_convert``), with PyTorch's output structures and dtypes.

``collate(batch, collate_fn_map=...)`` is the engine: a map from element types to handlers, then the
structural cases (mappings, namedtuples, sequences) recursing into each field.
"""
from __future__ import annotations

import collections.abc
import copy
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import flambeau_tensor_core as ft

from . import shared_memory
from .kernels.collate_cpu import stack_into

# NumPy dtype codes of byte/str/object arrays, which cannot become tensors
_STRING_OR_OBJECT_DTYPE = re.compile(r"[SaUO]")

default_collate_err_msg_format = ("default_collate: batch must contain tensors, numpy arrays, numbers, "
                                  "dicts or lists; found {}")

def stack_tensors(batch: Sequence[ft.Tensor]) -> ft.Tensor:
    """``stack(batch)`` along a new first dim. CPU tensors are copied straight into one fresh array
    (in a worker process, one in shared memory, so that sending the batch copies nothing) by the
    Cython kernel, which costs one ``memcpy`` per sample."""
    try:
        samples = [t.numpy() for t in batch]
    except (RuntimeError, TypeError):   # a CUDA tensor or one requiring grad: the general op handles it
        return ft.stack(batch, 0)
    shape, dtype = samples[0].shape, samples[0].dtype
    for i, sample in enumerate(samples):
        if sample.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shape)} at entry 0 "
                               f"and {list(sample.shape)} at entry {i}")
    same_dtype = all(s.dtype == dtype for s in samples)
    out_dtype = dtype if same_dtype else ft.result_type(*batch).numpy_dtype
    out = shared_memory.empty_array((len(samples),) + shape, out_dtype)
    if not (same_dtype and stack_into(samples, out)):
        np.stack(samples, out=out, casting="unsafe")   # casting or strided samples: NumPy's general path
    return ft.from_numpy(out)


def collate_tensor_fn(batch: list, *, collate_fn_map: dict | None = None) -> ft.Tensor:
    return stack_tensors(batch)


def collate_numpy_array_fn(batch: list, *, collate_fn_map: dict | None = None) -> Any:
    if _STRING_OR_OBJECT_DTYPE.search(batch[0].dtype.str) is not None:
        raise TypeError(default_collate_err_msg_format.format(batch[0].dtype))
    return collate([ft.as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def collate_numpy_scalar_fn(batch: list, *, collate_fn_map: dict | None = None) -> ft.Tensor:
    return ft.as_tensor(np.array(batch))


def collate_float_fn(batch: list, *, collate_fn_map: dict | None = None) -> ft.Tensor:
    return ft.tensor(batch, dtype=ft.float64)


def collate_int_fn(batch: list, *, collate_fn_map: dict | None = None) -> ft.Tensor:
    return ft.tensor(batch)


def collate_str_fn(batch: list, *, collate_fn_map: dict | None = None) -> list:
    return batch


default_collate_fn_map: dict[type | tuple[type, ...], Callable] = {
    ft.Tensor: collate_tensor_fn,
    np.ndarray: collate_numpy_array_fn,
    (np.bool_, np.number, np.object_): collate_numpy_scalar_fn,
    float: collate_float_fn,
    int: collate_int_fn,
    str: collate_str_fn,
    bytes: collate_str_fn,
}


def collate(batch: Sequence, *, collate_fn_map: dict | None = None) -> Any:
    """Collate ``batch`` with the handler ``collate_fn_map`` gives for the type of its first element
    (exact type first, then ``isinstance``), else recursing through mappings and sequences."""
    elem = batch[0]
    elem_type = type(elem)
    if collate_fn_map is not None:
        if elem_type in collate_fn_map:
            return collate_fn_map[elem_type](batch, collate_fn_map=collate_fn_map)
        for collate_type, handler in collate_fn_map.items():
            if isinstance(elem, collate_type):
                return handler(batch, collate_fn_map=collate_fn_map)
    if isinstance(elem, collections.abc.Mapping):
        fields = {key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map) for key in elem}
        return _rebuild_mapping(elem, fields)
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return elem_type(*(collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(e) != size for e in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch)]
        return fields if isinstance(elem, tuple) else _rebuild_sequence(elem, fields)
    raise TypeError(default_collate_err_msg_format.format(elem_type))


def _rebuild_mapping(template: collections.abc.Mapping, fields: dict) -> Any:
    """A mapping of ``template``'s type holding ``fields`` (a plain dict if the type cannot be rebuilt)."""
    try:
        if isinstance(template, collections.abc.MutableMapping):
            clone = copy.copy(template)
            clone.update(fields)
            return clone
        return type(template)(fields)
    except TypeError:
        return fields


def _rebuild_sequence(template: collections.abc.Sequence, fields: list) -> Any:
    """A sequence of ``template``'s type holding ``fields`` (a list if the type cannot be rebuilt)."""
    try:
        if isinstance(template, collections.abc.MutableSequence):
            clone = copy.copy(template)
            for i, field in enumerate(fields):
                clone[i] = field
            return clone
        return type(template)(fields)
    except TypeError:
        return fields


def default_collate(batch: list) -> Any:
    """Stack a list of samples into a batch: tensors, NumPy arrays and numbers become one tensor with a
    new first dimension (floats → float64, ints → int64), strings/bytes stay a list, and mappings,
    namedtuples and sequences are collated field by field (tuples become lists, as in PyTorch)."""
    return collate(batch, collate_fn_map=default_collate_fn_map)


def default_convert(data: Any) -> Any:
    """NumPy arrays and scalars in ``data`` become tensors (sharing memory); structures are kept."""
    elem_type = type(data)
    if isinstance(data, ft.Tensor):
        return data
    if elem_type.__module__ == "numpy" and elem_type.__name__ not in ("str_", "string_", "bytes_"):
        if isinstance(data, np.ndarray) and _STRING_OR_OBJECT_DTYPE.search(data.dtype.str) is not None:
            return data
        return ft.as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return _rebuild_mapping(data, {key: default_convert(data[key]) for key in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return elem_type(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _rebuild_sequence(data, [default_convert(d) for d in data])
    return data


__all__ = ["default_collate", "default_convert", "collate", "default_collate_fn_map",
           "default_collate_err_msg_format"]

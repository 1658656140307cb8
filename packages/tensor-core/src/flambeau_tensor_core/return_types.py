"""``torch.return_types``: the named tuples that ops with several results return (``max(x, dim)`` gives
``values, indices``; ``aminmax`` gives ``min, max``).

Each class is made once per op name by :func:`named_result` and kept as an attribute of this module, so
its instances pickle (by reference to ``flambeau_tensor_core.return_types.<name>``). They print as
PyTorch's do, one field per line.
"""
from __future__ import annotations

import collections
import functools
import sys


def _repr(self) -> str:
    fields = ",\n".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
    return f"torch.return_types.{type(self).__name__}(\n{fields})"


@functools.cache
def named_result(name: str, fields: tuple[str, ...] = ("values", "indices")) -> type:
    """The named-tuple class ``return_types.<name>`` with ``fields`` (made once per name)."""
    cls = collections.namedtuple(name, fields, module=__name__)
    cls.__repr__ = _repr
    existing = getattr(sys.modules[__name__], name, None)
    if existing is not None and existing._fields != fields:
        raise ValueError(f"return_types.{name} already has fields {existing._fields}, not {fields}")
    setattr(sys.modules[__name__], name, cls)
    return cls

"""Which library functions a test case calls, read from its bytecode: the coverage tests (every
differentiable op has a gradient case, every public op has a CUDA case) compare these names with the
library's public callables."""
from __future__ import annotations

import dis
import types

NAMESPACES = ("linalg", "fft", "special")
_OTHER_MODULE = "<module>"


def called_names(fn, roots: tuple[str, ...] = ("lib",), seen: set | None = None) -> set:
    """Names ``fn`` calls: ``<root>.x`` → "x", ``<root>.linalg.x`` → "linalg.x" (``roots``: the names the
    cases call the library through), any other ``obj.x`` → "Tensor.x" except attributes of modules
    (``np.sort``, ``pytest.raises``); plus ``fn.covers``, through nested functions, closures and the helper
    functions of ``fn``'s own module."""
    seen = set() if seen is None else seen
    names = set(getattr(fn, "covers", ()))
    if not isinstance(fn, types.FunctionType) or fn.__code__ in seen:
        return names
    seen.add(fn.__code__)
    for cell in fn.__closure__ or ():
        try:
            names |= called_names(cell.cell_contents, roots, seen)
        except ValueError:            # an empty cell
            pass
    codes = [fn.__code__]
    while codes:
        code = codes.pop()
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        chain = None
        for ins in dis.get_instructions(code):
            if ins.opname in ("LOAD_ATTR", "LOAD_METHOD"):
                if chain is None:
                    names.add("Tensor." + ins.argval)
                elif chain == [_OTHER_MODULE]:
                    continue
                elif ins.argval in NAMESPACES and not chain:
                    chain.append(ins.argval)
                else:
                    names.add(".".join(chain + [ins.argval]))
                    chain = None
                continue
            chain = [] if ins.opname in ("LOAD_FAST", "LOAD_DEREF", "LOAD_GLOBAL") and ins.argval in roots else None
            if ins.opname == "LOAD_GLOBAL":
                helper = fn.__globals__.get(ins.argval)
                if isinstance(helper, types.ModuleType) and chain is None:
                    chain = [_OTHER_MODULE]
                if isinstance(helper, types.FunctionType) and helper.__module__ == fn.__module__:
                    names |= called_names(helper, roots, seen)
    return names


__all__ = ["called_names", "NAMESPACES"]

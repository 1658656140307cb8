"""``torch.func``'s function transforms, built on this package's tape: ``grad``, ``grad_and_value``,
``vjp``, ``jvp``, ``jacrev``, ``jacfwd``, ``hessian`` and ``vmap``.

PyTorch implements them as composable interpreter levels; here each transform runs the function on
inputs connected to the caller's graph (views of tensors that require grad, fresh leaves otherwise)
and differentiates with ``autograd.grad``, keeping the graph only when an outer level needs it, so the
transforms nest (``grad(grad(f))``, ``jacrev(jacrev(f))``) and their results stay differentiable
where the caller's inputs require grad. ``jacfwd`` computes the same Jacobian as ``jacrev`` by the
reverse-mode route. ``vmap`` maps by running the function once per batch element and stacking the
results: the values are PyTorch's (its batching rules compute the same per-element results) at a
loop's speed, random ops under ``randomness="error"`` are detected after the fact from the default
generator's state, and data-dependent Python control flow, which PyTorch refuses inside vmap, is
allowed.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import flambeau_tensor_core as ft
from flambeau_tensor_core._core import TensorBase

from ._backward import grad as _autograd_grad
from ._grad_mode import enable_grad


# ---- pytrees of tuples, lists and dicts -----------------------------------------------------------------
def _flatten(tree: Any) -> tuple[list, Any]:
    """The leaves of ``tree`` in order and a spec to rebuild it."""
    if isinstance(tree, (tuple, list)):
        leaves, specs = [], []
        for item in tree:
            item_leaves, item_spec = _flatten(item)
            leaves.extend(item_leaves)
            specs.append((len(item_leaves), item_spec))
        return leaves, (type(tree), specs)
    if isinstance(tree, dict):
        leaves, specs = [], []
        for key, item in tree.items():
            item_leaves, item_spec = _flatten(item)
            leaves.extend(item_leaves)
            specs.append((key, len(item_leaves), item_spec))
        return leaves, (dict, specs)
    return [tree], None


def _unflatten(leaves: Sequence, spec: Any) -> Any:
    if spec is None:
        return leaves[0]
    kind, specs = spec
    position, items = 0, []
    if kind is dict:
        result = {}
        for key, count, item_spec in specs:
            result[key] = _unflatten(leaves[position:position + count], item_spec)
            position += count
        return result
    for count, item_spec in specs:
        items.append(_unflatten(leaves[position:position + count], item_spec))
        position += count
    return kind(*items) if hasattr(kind, "_fields") else kind(items)


# ---- differentiation ------------------------------------------------------------------------------------
def _differentiable(value: TensorBase) -> TensorBase:
    """``value`` as an input to differentiate at: a view that keeps the caller's graph when it requires
    grad (so an outer transform sees through this one), else a fresh leaf."""
    return value.view_as(value) if value.requires_grad else value.detach().requires_grad_(True)


def _argnums_tuple(argnums: int | tuple[int, ...], count: int, name: str) -> tuple[int, ...]:
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not positions:
        raise RuntimeError(f"{name}: argnums must be non-empty")
    for position in positions:
        if not isinstance(position, int):
            raise RuntimeError(f"{name}: argnums must be int or Tuple[int, ...], got: {type(position)}")
        if not -count <= position < count:
            raise RuntimeError(f"Got argnum={position}, but only {count} positional inputs")
    return tuple(p % count for p in positions)


def _select(args: tuple, argnums: int | tuple[int, ...], name: str) -> tuple[tuple, tuple[int, ...], Any]:
    """``args`` with the differentiated ones made differentiable; their positions and pytree specs."""
    positions = _argnums_tuple(argnums, len(args), name)
    args = list(args)
    specs = {}
    for position in positions:
        leaves, spec = _flatten(args[position])
        for leaf in leaves:
            if not isinstance(leaf, TensorBase):
                raise RuntimeError(f"{name}: Expected f to be a function that has only Tensors as inputs, got "
                                   f"{type(leaf)}")
            if not (leaf.dtype.is_floating_point or leaf.dtype.is_complex):
                raise RuntimeError("only Tensors of floating point dtype can require gradients")
        args[position] = _unflatten([_differentiable(leaf) for leaf in leaves], spec)
        specs[position] = spec
    return tuple(args), positions, specs


def _keeps_graph(tensors: Sequence) -> bool:
    """Whether results must stay differentiable: an outer level (or the caller) differentiates the inputs."""
    return any(isinstance(t, TensorBase) and t.requires_grad for t in tensors)


def _gradients(output: TensorBase, inputs: list, create_graph: bool) -> list:
    found = _autograd_grad((output,), tuple(inputs), allow_unused=True, create_graph=create_graph,
                           retain_graph=create_graph) if output.requires_grad else (None,) * len(inputs)
    return [ft.zeros_like(x) if g is None else (g if create_graph else g.detach()) for x, g in zip(inputs, found)]


def grad_and_value(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False) -> Callable:
    """``func``'s gradient w.r.t. ``args[argnums]`` (a scalar output) and its value (with aux if asked)."""
    def wrapper(*args: Any, **kwargs: Any) -> tuple:
        outer = _keeps_graph([leaf for a in args for leaf in _flatten(a)[0]])
        with enable_grad():
            inputs, positions, specs = _select(args, argnums, "grad_and_value(f)(*args)")
            result = func(*inputs, **kwargs)
            output, aux = _split_aux(result, has_aux, "grad_and_value(f)(*args)")
            if not isinstance(output, TensorBase):
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got "
                                   f"{type(output)}")
            if output.dim() != 0:
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                                   f"tensor with {output.dim()} dims. Maybe you wanted to use the vjp or jacrev "
                                   "APIs instead?")
            leaves = [_flatten(inputs[p])[0] for p in positions]
            flat = _gradients(output, [leaf for group in leaves for leaf in group], outer)
        grads, start = [], 0
        for p, group in zip(positions, leaves):
            grads.append(_unflatten(flat[start:start + len(group)], specs[p]))
            start += len(group)
        gradient = grads[0] if isinstance(argnums, int) else tuple(grads)
        value = output if outer else output.detach()
        return (gradient, (value, aux)) if has_aux else (gradient, value)
    return wrapper


def grad(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False) -> Callable:
    """The gradient of ``func`` (which returns a scalar) w.r.t. ``args[argnums]``."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        gradient, value = grad_and_value(func, argnums, has_aux)(*args, **kwargs)
        return (gradient, value[1]) if has_aux else gradient
    return wrapper


def _split_aux(result: Any, has_aux: bool, name: str) -> tuple[Any, Any]:
    if not has_aux:
        return result, None
    if not isinstance(result, tuple) or len(result) != 2:
        raise RuntimeError(f"{name}: output of function f should be a tuple: (output, aux) if has_aux is True")
    return result


def vjp(func: Callable, *primals: Any, has_aux: bool = False) -> tuple:
    """``(func(*primals), vjp_fn)``; ``vjp_fn(cotangents)`` gives one gradient per primal."""
    outer = _keeps_graph([leaf for p in primals for leaf in _flatten(p)[0]])
    with enable_grad():
        inputs, positions, specs = _select(primals, tuple(range(len(primals))), "vjp(f, *primals)")
        result = func(*inputs)
        output, aux = _split_aux(result, has_aux, "vjp(f, *primals)")
    output_leaves, output_spec = _flatten(output)
    input_leaves = [leaf for p in positions for leaf in _flatten(inputs[p])[0]]

    def vjp_fn(cotangents: Any, *, retain_graph: bool = True, create_graph: bool | None = None) -> tuple:
        cotangent_leaves, _ = _flatten(cotangents)
        if len(cotangent_leaves) != len(output_leaves):
            raise RuntimeError(f"Expected pytree structure of cotangents to be the same as pytree structure of "
                               f"outputs to the function, got {len(cotangent_leaves)} and {len(output_leaves)} leaves")
        keep = outer if create_graph is None else create_graph
        pairs = [(o, c) for o, c in zip(output_leaves, cotangent_leaves) if o.requires_grad]
        with enable_grad():
            found = _autograd_grad(tuple(o for o, _ in pairs), tuple(input_leaves), tuple(c for _, c in pairs),
                                   retain_graph=retain_graph, create_graph=keep, allow_unused=True) \
                if pairs else (None,) * len(input_leaves)
        flat = [ft.zeros_like(x) if g is None else (g if keep else g.detach()) for x, g in zip(input_leaves, found)]
        grads, start = [], 0
        for p in positions:
            count = len(_flatten(inputs[p])[0])
            grads.append(_unflatten(flat[start:start + count], specs[p]))
            start += count
        return tuple(grads)

    shown = output if outer else _unflatten([o.detach() for o in output_leaves], output_spec)
    return (shown, vjp_fn, aux) if has_aux else (shown, vjp_fn)


def jvp(func: Callable, primals: Any, tangents: Any, *, strict: bool = False, has_aux: bool = False) -> tuple:
    """``(func(*primals), J @ tangents)``, by differentiating the (linear) vector-Jacobian product."""
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to be tuples")
    if len(primals) != len(tangents):
        raise RuntimeError(f"jvp(f, primals, tangents): Expected primals and tangents to have the same python "
                           f"structure. For example, if primals is a tuple of 3 tensors, tangents also must be. "
                           f"Got primals with structure {len(primals)} and tangents with structure {len(tangents)}")
    results = vjp(func, *primals, has_aux=has_aux)
    output, vjp_fn = results[0], results[1]
    output_leaves, output_spec = _flatten(output)
    with enable_grad():
        dummies = [ft.zeros_like(o).requires_grad_(True) for o in output_leaves]
        pulled = vjp_fn(_unflatten(dummies, output_spec), create_graph=True)
        pulled_leaves = [leaf for p in pulled for leaf in _flatten(p)[0]]
        tangent_leaves = [leaf for t in tangents for leaf in _flatten(t)[0]]
        keep = _keeps_graph(list(_flatten(primals)[0]) + tangent_leaves)
        pairs = [(p, t) for p, t in zip(pulled_leaves, tangent_leaves) if p.requires_grad]
        found = _autograd_grad(tuple(p for p, _ in pairs), tuple(dummies), tuple(t for _, t in pairs),
                               create_graph=keep, allow_unused=True) if pairs else (None,) * len(dummies)
    out_tangents = [ft.zeros_like(o) if g is None else (g if keep else g.detach())
                    for o, g in zip(output_leaves, found)]
    result = (output, _unflatten(out_tangents, output_spec))
    return result + (results[2],) if has_aux else result


def _jacobian(func: Callable, argnums: int | tuple[int, ...], has_aux: bool, name: str) -> Callable:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        positions = _argnums_tuple(argnums, len(args), f"{name}(f, ...)(*args)")
        outer = _keeps_graph([leaf for a in args for leaf in _flatten(a)[0]])
        with enable_grad():
            inputs, positions, specs = _select(args, positions, f"{name}(f, ...)(*args)")
            result = func(*inputs, **kwargs)
            output, aux = _split_aux(result, has_aux, f"{name}(f, ...)(*args)")
            output_leaves, output_spec = _flatten(output)
            input_groups = [_flatten(inputs[p])[0] for p in positions]
            input_leaves = [leaf for group in input_groups for leaf in group]
            per_output = []
            for out in output_leaves:
                rows = []
                for index in range(out.numel()):
                    if out.requires_grad:
                        element = out.reshape(-1)[index]
                        rows.append(_gradients(element, input_leaves, True))
                    else:
                        rows.append([ft.zeros_like(x) for x in input_leaves])
                blocks = []
                for k, x in enumerate(input_leaves):
                    stacked = ft.stack([row[k] for row in rows]) if rows else ft.zeros((0, *x.shape), dtype=x.dtype)
                    block = stacked.reshape(*out.shape, *x.shape)
                    blocks.append(block if outer else block.detach())
                grouped, start = [], 0
                for p, group in zip(positions, input_groups):
                    grouped.append(_unflatten(blocks[start:start + len(group)], specs[p]))
                    start += len(group)
                per_output.append(grouped[0] if isinstance(argnums, int) else tuple(grouped))
        jacobian = _unflatten(per_output, output_spec)
        return (jacobian, aux) if has_aux else jacobian
    return wrapper


def jacrev(func: Callable, argnums: int | tuple[int, ...] = 0, *, has_aux: bool = False,
           chunk_size: int | None = None, _preallocate_and_copy: bool = False) -> Callable:
    """The Jacobian of ``func`` w.r.t. ``args[argnums]`` (shape ``output.shape + input.shape``), row by row."""
    return _jacobian(func, argnums, has_aux, "jacrev")


def jacfwd(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False, *,
           randomness: str = "error") -> Callable:
    """The Jacobian of ``func`` w.r.t. ``args[argnums]``, the same values as ``jacrev`` (computed by
    reverse mode here)."""
    return _jacobian(func, argnums, has_aux, "jacfwd")


def hessian(func: Callable, argnums: int | tuple[int, ...] = 0) -> Callable:
    """The Hessian of a scalar ``func`` w.r.t. ``args[argnums]``: the Jacobian of its gradient."""
    return jacfwd(jacrev(func, argnums), argnums)


# ---- vmap ----------------------------------------------------------------------------------------------
def _leaf_dims(in_dims: Any, args: tuple, name: str) -> list:
    """One mapped dimension (or None) per leaf of ``args``, from ``in_dims`` broadcast over the pytree."""
    if isinstance(in_dims, int) or in_dims is None:
        return [in_dims] * len(_flatten(args)[0])
    if not isinstance(in_dims, (tuple, list)) or len(in_dims) != len(args):
        given = len(in_dims) if isinstance(in_dims, (tuple, list)) else 1
        raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims is not compatible with the "
                         f"structure of `inputs`. in_dims has {given} elements but inputs has {len(args)}.")
    dims = []
    for arg, dim in zip(args, in_dims):
        count = len(_flatten(arg)[0])
        if isinstance(dim, (tuple, list, dict)):
            dims.extend(_flatten(dim)[0])
        else:
            dims.extend([dim] * count)
    return dims


def vmap(func: Callable, in_dims: Any = 0, out_dims: Any = 0, randomness: str = "error", *,
         chunk_size: int | None = None) -> Callable:
    """``func`` mapped over dimension ``in_dims`` of its inputs, the results stacked along ``out_dims``."""
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {randomness}")

    name = getattr(func, "__name__", repr(func))

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        leaves, spec = _flatten(args)
        dims = _leaf_dims(in_dims, args, name)
        prefix = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>)"
        sizes = set()
        for leaf, dim in zip(leaves, dims):
            if dim is None:
                continue
            if not isinstance(leaf, TensorBase):
                raise ValueError(f"{prefix}: Got in_dim={dim} for an input but the "
                                 f"input is of type {type(leaf)}. We cannot vmap over non-Tensor arguments, please "
                                 "use None as the respective in_dim")
            if not -leaf.dim() <= dim < max(leaf.dim(), 1) or leaf.dim() == 0:
                raise ValueError(f"{prefix}: Got in_dim={dim} for some input, but "
                                 f"that input is a Tensor of dimensionality {leaf.dim()} so expected in_dim to satisfy "
                                 f"-{leaf.dim()} <= in_dim < {leaf.dim()}.")
            sizes.add(leaf.shape[dim])
        if not sizes:
            raise ValueError(f"{prefix}: at least one input must be a Tensor mapped "
                             "over a dimension (an in_dim that is not None)")
        if len(sizes) > 1:
            raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                             f"{sorted(sizes)} for the mapped dimension")
        (size,) = sizes
        state = ft.get_rng_state()
        outputs = []
        for index in range(size):
            if randomness == "same":
                ft.set_rng_state(state)
            sample = [leaf.select(dim, index) if dim is not None else leaf for leaf, dim in zip(leaves, dims)]
            outputs.append(func(*_unflatten(sample, spec), **kwargs))
            if randomness == "error" and not ft.equal(ft.get_rng_state(), state):
                ft.set_rng_state(state)
                raise RuntimeError("vmap: called random operation while in randomness error mode. Please either use "
                                   "the 'same' or 'different' randomness flags on vmap or perform the randomness "
                                   "operation out of vmap")
        return _stack_outputs(outputs, out_dims, name)
    return wrapper


def _stack_outputs(outputs: list, out_dims: Any, name: str) -> Any:
    first_leaves, spec = _flatten(outputs[0])
    dims = [out_dims] * len(first_leaves) if isinstance(out_dims, int) or out_dims is None else \
        _flatten(out_dims)[0]
    if len(dims) != len(first_leaves):
        raise ValueError(f"vmap({name}, ..., out_dims={out_dims})(<inputs>): out_dims is not compatible with the "
                         "structure of `outputs`.")
    columns = [_flatten(o)[0] for o in outputs]
    stacked = []
    for k, dim in enumerate(dims):
        values = [column[k] for column in columns]
        if not all(isinstance(v, TensorBase) for v in values):
            raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type "
                             f"{type(next(v for v in values if not isinstance(v, TensorBase)))}. Did you mean to "
                             "set out_dims= to None for output?")
        if dim is None:
            stacked.append(values[0])
        else:
            stacked.append(ft.stack(values, dim))
    return _unflatten(stacked, spec)


__all__ = ["grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "vmap"]

"""The checks the gradient test files (test_formulas, test_math_extras_grad, test_complex_views_grad,
test_formula_coverage) run on each case of their ``CASES`` table: a case is a function of ``(lib,
*tensors)`` and the arrays its float64 leaves are made from. Imported relatively (``from ._grad_checks
import ...``): pytest's importlib mode puts no test directory on ``sys.path``."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle


def float64_leaves(arrays: Sequence) -> list:
    return [ft.tensor(a, dtype=ft.float64, requires_grad=True) for a in arrays]


def assert_gradcheck(fn: Callable, arrays: Sequence) -> None:
    """First derivatives of ``fn(flambeau, *leaves)`` against finite differences."""
    assert ag.gradcheck(lambda *xs: fn(ft, *xs), float64_leaves(arrays), eps=1e-6, atol=1e-5, rtol=1e-3)


def assert_gradgradcheck(fn: Callable, arrays: Sequence) -> None:
    """Second derivatives (the backward formulas' own gradients) against finite differences."""
    assert ag.gradgradcheck(lambda *xs: fn(ft, *xs), float64_leaves(arrays), atol=1e-4, rtol=1e-3)


def check_oracle_gradient(fn: Callable, arrays: Sequence, device: str = "cpu", **tolerances) -> None:
    """Values and gradients of ``fn`` (flambeau's tensors on ``device``) against PyTorch's on the CPU, on
    the same float64 inputs."""
    flambeau = None if device == "cpu" else oracle.on_device(device)
    oracle.check(fn, *[np.array(a, dtype=np.float64) for a in arrays], grad=True, flambeau=flambeau,
                 **tolerances)


def check_oracle_second_derivatives(fn: Callable, arrays: Sequence, device: str = "cpu",
                                    **tolerances) -> None:
    """Second derivatives against PyTorch's: the gradients (``create_graph=True``) of ``fn``'s sum, then
    the gradients of the first input's squared gradient (an input PyTorch leaves unused: flambeau's
    gradient must be None or zeros)."""
    torch = oracle.torch()
    results = []
    flambeau = ft if device == "cpu" else oracle.on_device(device)
    for lib, grad, where in ((flambeau, ag.grad, device), (torch, torch.autograd.grad, "cpu")):
        leaves = [(ft if lib is flambeau else lib).tensor(np.array(a, dtype=np.float64), device=where,
                                                          requires_grad=True) for a in arrays]
        first = grad(fn(lib, *leaves).sum(), leaves, create_graph=True)
        results.append(grad(first[0].pow(2).sum(), leaves, allow_unused=True))
    for mine, theirs in zip(*results):
        if theirs is None:
            assert mine is None or not np.any(mine.cpu().numpy())
        else:
            assert mine.device.type == device, f"gradient on {mine.device}, expected {device}"
            np.testing.assert_allclose(mine.cpu().numpy(), theirs.numpy(), **({"rtol": 1e-6, "atol": 1e-8}
                                                                             | tolerances))


def case_parts(case: tuple) -> tuple:
    """``(id, fn, arrays)`` of a case of any of the four tables (test_formulas' cases also list the op
    names they need, between the id and the function)."""
    return case[0], next(part for part in case[1:] if callable(part)), case[-1]

"""Every gradient case of the four case tables, re-run with flambeau's tensors on the GPU and compared
with PyTorch's CPU values and gradients (the forward kernels, the backward formulas and the engine on
CUDA tensors), plus the engine's device rules. Needs a CUDA device: the ``gpu`` marker skips it
elsewhere."""
from __future__ import annotations

import importlib

import numpy as np
import pytest

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

from ._grad_checks import case_parts, check_oracle_gradient, check_oracle_second_derivatives

pytestmark = pytest.mark.gpu

# each case file, and the names of its cases whose gradients PyTorch cannot give (the file's own list)
_ORACLE_EXCLUSIONS = {"test_formulas": None, "test_math_extras_grad": "ORACLE_FAILS",
                      "test_complex_views_grad": "TORCH_WRONG", "test_formula_coverage": "TORCH_FAILS"}


def _cases() -> list:
    params = []
    for name, excluded in _ORACLE_EXCLUSIONS.items():
        module = importlib.import_module(f"{__package__}.{name}")
        skip = getattr(module, excluded) if excluded else set()
        for case in module.CASES:
            case_id, fn, arrays = case_parts(case)
            if case_id in skip:
                continue
            needs = case[1] if name == "test_formulas" else []
            params.append(pytest.param(fn, arrays, needs, module, case_id, id=f"{name[5:]}-{case_id}"))
    return params


# PyTorch builds before 2.13 (the CUDA machine's may be older than the CPU oracle) lack these derivatives
_DERIVATIVES_SINCE_2_13 = {"aminmax", "narrow_copy", "nextafter", "Tensor.nextafter_"}


def _torch_older_than_2_13() -> bool:
    version = oracle.torch().__version__.split("+")[0].split(".")
    return tuple(int(v) for v in version[:2]) < (2, 13)


@pytest.mark.parametrize("fn, arrays, needs, module, case_id", _cases())
def test_cuda_gradient_matches_torch(fn, arrays, needs, module, case_id):
    if needs:
        module._available(needs)
    if case_id in _DERIVATIVES_SINCE_2_13 and _torch_older_than_2_13():
        pytest.skip(f"this PyTorch ({oracle.torch().__version__}) has no derivative for {case_id}")
    check_oracle_gradient(fn, arrays, device="cuda", rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ["tanh", "mul", "matmul_batched", "logsumexp"])
def test_cuda_second_derivatives_match_torch(name):
    formulas = importlib.import_module(f"{__package__}.test_formulas")
    _, _, fn, arrays = next(c for c in formulas.CASES if c[0] == name)
    check_oracle_second_derivatives(fn, arrays, device="cuda")


def test_gradient_of_a_cuda_leaf_stays_on_the_gpu_and_accumulates():
    x = ft.tensor([1.0, 2.0, 3.0], device="cuda", requires_grad=True)
    for _ in range(2):
        (x * x).sum().backward()
    assert x.grad.device.type == "cuda"
    np.testing.assert_allclose(x.grad.cpu().numpy(), [4.0, 8.0, 12.0])


def test_cpu_upstream_gradient_for_a_cuda_output_raises_like_torch():
    x = ft.ones(3, device="cuda", requires_grad=True)
    with pytest.raises(RuntimeError, match="cuda|device"):
        (x * 2).backward(ft.ones(3))


def test_mixed_device_graph_moves_gradients_back_across_to():
    x = ft.tensor([1.0, -2.0], dtype=ft.float64, requires_grad=True)
    y = (x.to("cuda") * 3).exp().cpu().sum()
    y.backward()
    assert x.grad.device.type == "cpu"
    np.testing.assert_allclose(x.grad.numpy(), 3 * np.exp(3 * np.array([1.0, -2.0])), rtol=1e-12)


def test_gradcheck_runs_on_cuda_inputs():
    x = ft.tensor(np.random.default_rng(0).standard_normal((3, 4)), device="cuda", requires_grad=True)
    assert ag.gradcheck(lambda t: (t.sin() * t).logsumexp(1), (x,))
    assert ag.gradgradcheck(lambda t: (t.sin() * t).logsumexp(1), (x,))

"""Inference tensors: what ``inference_mode`` makes, and what PyTorch forbids them outside it (each case
run through both libraries with the same code)."""
import threading
from types import SimpleNamespace

import pytest

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

FLAMBEAU = SimpleNamespace(ones=ft.ones, zeros=ft.zeros, inference_mode=ag.inference_mode,
                           is_inference_mode_enabled=ag.is_inference_mode_enabled,
                           is_grad_enabled=ag.is_grad_enabled)


def _made_inside(lib):
    """A normal tensor ``x``, and (made under inference_mode) ``y = x * 2``, a view of ``x``, a factory's."""
    x = lib.ones(3)
    with lib.inference_mode():
        y, view, fresh = x * 2, x[:2], lib.zeros(2)
        detached_normal = x.detach()
    return x, y, view, fresh, detached_normal


def _modes(lib):
    x = lib.ones(3)
    with lib.inference_mode():
        inside = (lib.is_inference_mode_enabled(), lib.is_grad_enabled(), (x * 2).is_inference())
        with lib.inference_mode(False):
            off = (lib.is_inference_mode_enabled(), lib.is_grad_enabled(), (x * 2).is_inference())
    with lib.inference_mode(False):   # outside, and inside no_grad: gradients come on
        outside_off = (lib.is_inference_mode_enabled(), lib.is_grad_enabled())
    return inside, off, outside_off


CASES = {
    "what is an inference tensor": lambda lib: [t.is_inference() for t in _made_inside(lib)],
    "views and detach of one": lambda lib: [_made_inside(lib)[1][:1].is_inference(),
                                            _made_inside(lib)[1].detach().is_inference(),
                                            _made_inside(lib)[1].clone().is_inference(),
                                            (_made_inside(lib)[1] * 1).is_inference()],
    "modes": _modes,
    "in-place outside": lambda lib: _made_inside(lib)[1].add_(1),
    "in-place on a view outside": lambda lib: _made_inside(lib)[1][:1].fill_(0),
    "setitem outside": lambda lib: _made_inside(lib)[1].__setitem__(0, 5.0),
    "in-place inside": lambda lib: _inplace_inside(lib),
    "requires_grad outside": lambda lib: _made_inside(lib)[1].requires_grad_(),
    "saved for backward": lambda lib: (lib.ones(3, requires_grad=True) * _made_inside(lib)[1]).sum(),
    "used but not saved": lambda lib: (lib.ones(3, requires_grad=True) + _made_inside(lib)[1]).sum(),
}


def _inplace_inside(lib):
    x = lib.ones(3)
    with lib.inference_mode():
        y = x * 2
        y.add_(1)
        x.add_(1)   # a normal tensor may be written inside
    return y, x


@pytest.mark.parametrize("case", CASES.values(), ids=CASES)
def test_inference_tensors_match_torch(case):
    torch = oracle.torch()
    try:
        expected, expected_error = case(torch), None
    except RuntimeError as error:
        expected, expected_error = None, error
    if expected_error is not None:
        with pytest.raises(RuntimeError) as raised:
            case(FLAMBEAU)
        assert str(raised.value) == str(expected_error)
    else:
        actual = case(FLAMBEAU)
        oracle._compare(actual, expected, None, None, True)


def test_inference_mode_is_per_thread():
    seen = []
    with ag.inference_mode():
        worker = threading.Thread(target=lambda: seen.append((ag.is_inference_mode_enabled(),
                                                               ft.ones(1).is_inference())))
        worker.start()
        worker.join()
        assert ft.ones(1).is_inference()
    assert seen == [(False, False)] and not ft.ones(1).is_inference()

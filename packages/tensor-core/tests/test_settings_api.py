"""Start-up switches and environment questions of PyTorch scripts: determinism, matmul precision,
``backends``, ``compile``, ``version``, ``OutOfMemoryError``, ``set_default_tensor_type``, ``typename``.
Where PyTorch answers a question about the same machine (CPU capability, no CUDA), the answers agree."""
import collections
import subprocess
import sys
import warnings

import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core import settings
from flambeau_tensor_core.testing import oracle


@pytest.fixture
def torch():
    return oracle.torch()   # (skips the test when PyTorch is not installed)


@pytest.fixture
def restore_switches(torch):
    saved = (torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(),
             torch.get_float32_matmul_precision())
    ours = (settings._deterministic, settings._deterministic_warn_only, settings._matmul_precision)
    yield
    torch.use_deterministic_algorithms(saved[0], warn_only=saved[1])
    torch.set_float32_matmul_precision(saved[2])
    settings._deterministic, settings._deterministic_warn_only, settings._matmul_precision = ours


def _state(lib):
    return (lib.are_deterministic_algorithms_enabled(), lib.is_deterministic_algorithms_warn_only_enabled(),
            lib.get_deterministic_debug_mode(), lib.get_float32_matmul_precision())


STEPS = [
    lambda lib: lib.use_deterministic_algorithms(True),
    lambda lib: lib.use_deterministic_algorithms(True, warn_only=True),
    lambda lib: lib.set_deterministic_debug_mode("error"),
    lambda lib: lib.set_deterministic_debug_mode(1),
    lambda lib: lib.set_deterministic_debug_mode("default"),
    lambda lib: lib.set_float32_matmul_precision("high"),
    lambda lib: lib.set_float32_matmul_precision("medium"),
    lambda lib: lib.set_float32_matmul_precision("highest"),
    lambda lib: lib.use_deterministic_algorithms(False),
]


def test_switch_sequences_read_back_as_in_torch(torch, restore_switches):
    assert _state(ft) == _state(torch)
    for step in STEPS:
        step(ft)
        step(torch)
        assert _state(ft) == _state(torch)


@pytest.mark.parametrize("bad", [
    lambda lib: lib.set_deterministic_debug_mode("loud"),
    lambda lib: lib.set_deterministic_debug_mode(3),
    lambda lib: lib.use_deterministic_algorithms("yes"),
    lambda lib: lib.set_float32_matmul_precision(1),
])
def test_bad_switch_values_raise_as_torch(torch, restore_switches, bad):
    oracle.check_raises(lambda lib: bad(lib))


def test_an_unknown_matmul_precision_warns_and_changes_nothing(restore_switches):
    ft.set_float32_matmul_precision("high")
    with pytest.warns(UserWarning, match="has no effect"):
        ft.set_float32_matmul_precision("fast")
    assert ft.get_float32_matmul_precision() == "high"


def test_backends_answer_as_torch_does_on_this_cpu_only_machine(torch):
    import flambeau_tensor_core.backends.cudnn as cudnn  # the import style scripts use

    assert ft.backends.cudnn is cudnn
    assert ft.backends.cpu.get_cpu_capability() == torch.backends.cpu.get_cpu_capability()
    if not ft.cuda.is_available():
        assert ft.backends.cuda.is_built() is False
        assert torch.version.cuda is None and ft.version.cuda is None
    assert ft.backends.mps.is_available() is torch.backends.mps.is_available() is False
    assert ft.backends.openmp.is_available() is True
    for name in ("enabled", "benchmark", "deterministic", "allow_tf32"):
        assert getattr(cudnn, name) == getattr(torch.backends.cudnn, name), name
    assert ft.backends.cuda.matmul.allow_tf32 == torch.backends.cuda.matmul.allow_tf32


def test_cudnn_switches_can_be_set_and_flags_restores_them():
    cudnn = ft.backends.cudnn
    saved = cudnn.benchmark, cudnn.deterministic
    try:
        cudnn.benchmark = True
        with cudnn.flags(enabled=True, benchmark=False, deterministic=True):
            assert (cudnn.benchmark, cudnn.deterministic) == (False, True)
        assert (cudnn.benchmark, cudnn.deterministic) == (True, saved[1])
    finally:
        cudnn.benchmark, cudnn.deterministic = saved


def test_mkl_is_reported_for_numpys_blas():
    import numpy as np

    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    assert ft.backends.mkl.is_available() == ("mkl" in blas.lower())


def test_compile_returns_the_callable_itself():
    def double(x):
        return x * 2

    assert ft.compile(double) is double
    assert ft.compile(mode="max-autotune")(double) is double
    x = ft.ones(3)
    assert ft.compile(double, fullgraph=True, dynamic=True)(x).tolist() == [2.0, 2.0, 2.0]


@pytest.mark.parametrize("bad", [
    lambda lib: lib.compile(5),
    lambda lib: lib.compile(abs, mode="fastest"),
    lambda lib: lib.compile(abs, mode="default", options={}),
])
def test_compile_refuses_what_torch_refuses(torch, bad):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        oracle.check_raises(lambda lib: bad(lib))


def test_out_of_memory_error_is_a_runtime_error_at_both_places():
    assert ft.OutOfMemoryError is ft.cuda.OutOfMemoryError
    assert issubclass(ft.OutOfMemoryError, RuntimeError)
    assert ft.cuda.is_bf16_supported() is False


def test_set_default_tensor_type_sets_the_default_dtype_as_torch(torch):
    before = ft.get_default_dtype()
    try:
        for spelling in (ft.DoubleTensor, "torch.DoubleTensor", "flambeau.FloatTensor"):
            with pytest.warns(UserWarning, match="deprecated"):
                ft.set_default_tensor_type(spelling)
            expected = "float64" if "Double" in str(getattr(spelling, "__name__", spelling)) else "float32"
            assert ft.get_default_dtype().name == expected
            assert ft.tensor([1.5]).dtype.name == expected
        with pytest.raises(TypeError):
            ft.set_default_tensor_type("torch.LongTensor")
        with pytest.raises(TypeError), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            torch.set_default_tensor_type("torch.LongTensor")
    finally:
        ft.set_default_dtype(before)


@pytest.mark.parametrize("value", [3, 2.5, "s", None, collections.OrderedDict(), ValueError()])
def test_typename_of_non_tensors_is_torchs(torch, value):
    assert ft.typename(value) == torch.typename(value)


def test_typename_of_a_tensor_is_its_legacy_type():
    assert ft.typename(ft.ones(2)) == ft.ones(2).type()
    assert ft.typename(ft.ones(2, dtype=ft.int64)).endswith("LongTensor")


def test_flush_denormal_and_storage_questions():
    assert ft.set_flush_denormal(True) is False
    assert ft.is_storage(ft.ones(2)) is False
    ft.set_warn_always(True)
    assert ft.is_warn_always_enabled() is True
    ft.set_warn_always(False)


def test_importing_version_and_backends_imports_no_cupy():
    code = ("import sys, flambeau_tensor_core as ft; ft.version.__version__; ft.backends.cudnn.benchmark; "
            "print('cupy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_disabled_autocast_does_nothing_as_in_torch(torch):
    for lib in (ft, torch):
        with lib.autocast("cuda", dtype=lib.float16, enabled=False):
            assert lib.is_autocast_enabled() is False
            result = lib.ones(2, 2) @ lib.ones(2, 2)
        assert result.dtype == lib.float32
    assert ft.amp.autocast is ft.autocast

    @ft.autocast("cpu", enabled=False)
    def double(x):
        return x * 2

    assert double(ft.ones(2)).tolist() == [2.0, 2.0]


def test_an_enabled_autocast_refuses_to_start_rather_than_compute_in_full_precision():
    with pytest.raises(NotImplementedError, match="autocast"):
        with ft.autocast("cpu", dtype=ft.float16):
            pass


@pytest.mark.parametrize("device_type", ["tpu", 5])
def test_autocast_checks_its_device_type_as_torch(torch, device_type):
    oracle.check_raises(lambda lib: lib.autocast(device_type))

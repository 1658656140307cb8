"""Oracle tests of the smaller PyTorch APIs: thread settings, the default device, window functions,
``gradient``, ``resize_as_``, ``nonzero_static``, ``empty_permuted``, ``binomial``, ``is_inference``,
``to_dlpack``, the CUDA RNG-state functions without CUDA, and the legacy tensor types."""
import json
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

torch = pytest.importorskip("torch")


def _fresh_process(code: str) -> dict:
    """Run ``code`` in a new interpreter (the settings it checks are once-per-process); it prints JSON."""
    script = "import json\n" + textwrap.dedent(code)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---- threads -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [0, -2, 1.5, True, "2", None, oracle.torch().tensor(1)])
def test_set_num_threads_errors(value):
    oracle.check_raises(lambda lib: lib.set_num_threads(value))


def test_set_num_threads_sets_kernels_and_blas_threads():
    outcome = _fresh_process("""
        import ctypes, numpy as np
        import flambeau_tensor_core as ft
        from flambeau_tensor_core.kernels import reduction_cpu
        from numpy._core import _multiarray_umath
        before = ft.get_num_threads()
        ft.set_num_threads(np.int64(1))
        openmp = ctypes.CDLL(reduction_cpu.__file__).omp_get_max_threads()
        blas = getattr(ctypes.CDLL(_multiarray_umath.__file__), "scipy_openblas_get_num_threads64_", None)
        x = ft.ones(200000)
        print(json.dumps({"before": before, "after": ft.get_num_threads(), "openmp": openmp,
                          "blas": None if blas is None else blas(), "sum": float(x.sum())}))
    """)
    assert outcome["before"] >= 1
    assert outcome["after"] == outcome["openmp"] == 1
    assert outcome["blas"] in (None, 1)
    assert outcome["sum"] == 200000.0


def test_interop_threads_follow_pytorch():
    code = """
        import {lib} as lib
        out = {{"default": lib.get_num_interop_threads() >= 1}}
        for value in (0, -1, 2.0):
            try:
                lib.set_num_interop_threads(value)
                out[str(value)] = "ok"
            except Exception as error:
                out[str(value)] = type(error).__name__
        lib.set_num_interop_threads(3)
        out["after"] = lib.get_num_interop_threads()
        try:
            lib.set_num_interop_threads(2)
            out["twice"] = "ok"
        except Exception as error:
            out["twice"] = type(error).__name__
        print(json.dumps(out))
    """
    assert _fresh_process(code.format(lib="flambeau_tensor_core")) == _fresh_process(code.format(lib="torch"))


# ---- default device ------------------------------------------------------------------------------------
@pytest.fixture
def restore_default_device():
    yield
    ft.set_default_device(None)
    torch.set_default_device(None)


def test_default_device_is_cpu():
    oracle.check(lambda lib: str(lib.get_default_device()))


@pytest.mark.parametrize("device", ["cpu", "cpu:0", "cuda:1"])
def test_set_default_device_reports_it(restore_default_device, device):
    oracle.check(lambda lib: (lib.set_default_device(device), str(lib.get_default_device()))[1])


@pytest.mark.parametrize("device", [3.5, "bogus", 0])
def test_set_default_device_errors(restore_default_device, device):
    oracle.check_raises(lambda lib: lib.set_default_device(device))


def test_default_device_reaches_factories(restore_default_device, monkeypatch):
    """Every factory without ``device=`` asks the default device; ``from_numpy``/``*_like`` do not."""
    import flambeau_tensor_core.default_device as default_device
    from flambeau_tensor_core._core import device as Device

    asked = []
    original = default_device.as_device

    def spy(device):
        asked.append(str(device))
        return original(device)

    monkeypatch.setattr(default_device, "as_device", spy)
    ft.set_default_device(Device("cpu"))
    makers = {"zeros": lambda: ft.zeros(2), "tensor": lambda: ft.tensor([1.0]), "arange": lambda: ft.arange(3),
              "rand": lambda: ft.rand(2), "randint": lambda: ft.randint(3, (2,)), "eye": lambda: ft.eye(2),
              "hann_window": lambda: ft.hann_window(4), "empty_permuted": lambda: ft.empty_permuted((2,), (0,)),
              "fftfreq": lambda: ft.fft.fftfreq(4), "linspace": lambda: ft.linspace(0, 1, 3),
              "as_tensor": lambda: ft.as_tensor([1, 2])}
    for name, make in makers.items():
        asked.clear()
        assert make().device.type == "cpu"
        assert asked and set(asked) == {"cpu"}, name
    ft.set_default_device("cuda:7")   # not usable here: functions that ignore the default still work
    assert ft.from_numpy(np.zeros(2)).device.type == "cpu"
    assert ft.zeros_like(ft.from_numpy(np.zeros(2))).device.type == "cpu"


def test_default_device_without_cuda_fails_at_the_factory(restore_default_device):
    if ft.cuda.is_available():
        pytest.skip("needs a machine without CUDA")
    oracle.check_raises(lambda lib: (lib.set_default_device("cuda"), lib.zeros(2))[1])


def test_default_device_is_per_thread(restore_default_device):
    ft.set_default_device("cuda:1")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(str(ft.get_default_device())))
    thread.start()
    thread.join()
    assert seen == ["cpu"] and str(ft.get_default_device()) == "cuda:1"


# ---- window functions ----------------------------------------------------------------------------------
WINDOWS = ["hann_window", "hamming_window", "bartlett_window", "blackman_window", "kaiser_window"]


@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("length", [0, 1, 2, 3, 8, 33])
@pytest.mark.parametrize("periodic", [True, False])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_window_values(name, length, periodic, dtype):
    tol = {"float16": 2e-3, "float32": 1e-6, "float64": 1e-12}[dtype]
    oracle.check(lambda lib: getattr(lib, name)(length, periodic, dtype=getattr(lib, dtype)), rtol=tol, atol=tol)


@pytest.mark.parametrize("name", WINDOWS)
def test_window_defaults_and_options(name):
    oracle.check(lambda lib: getattr(lib, name)(7))
    oracle.check(lambda lib: getattr(lib, name)(window_length=6, dtype=lib.float64))
    oracle.check(lambda lib: getattr(lib, name)(lib.tensor(5)))
    oracle.check(lambda lib: getattr(lib, name)(np.int64(4)))
    result = oracle.check(lambda lib: getattr(lib, name)(5, requires_grad=True))
    assert result.requires_grad


@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("call", [
    lambda lib, f: f(-1), lambda lib, f: f(5.0), lambda lib, f: f(True), lambda lib, f: f(lib.tensor([4])),
    lambda lib, f: f(5, dtype=lib.int64), lambda lib, f: f(5, dtype=lib.bool), lambda lib, f: f(5, dtype=lib.complex64),
    lambda lib, f: f(5, periodic=None), lambda lib, f: f(5, periodic=1), lambda lib, f: f(),
])
def test_window_errors(name, call):
    oracle.check_raises(lambda lib: call(lib, getattr(lib, name)))


def test_hamming_and_kaiser_parameters():
    oracle.check(lambda lib: lib.hamming_window(5, True, 0.5, 0.5))
    oracle.check(lambda lib: lib.hamming_window(9, False, 1))
    oracle.check(lambda lib: lib.hamming_window(5, periodic=True, alpha=0.5))
    oracle.check(lambda lib: lib.hamming_window(5, True, lib.tensor(0.5)))
    oracle.check(lambda lib: lib.kaiser_window(9, False, 3.0))
    oracle.check(lambda lib: lib.kaiser_window(6, periodic=True, beta=np.float64(2)))
    oracle.check(lambda lib: lib.kaiser_window(6, False, 0.0))
    oracle.check(lambda lib: lib.kaiser_window(6, False, -2.0))
    for call in (lambda lib: lib.hamming_window(5, alpha=0.5), lambda lib: lib.hamming_window(5, True, beta=0.3),
                 lambda lib: lib.kaiser_window(5, beta=3.0), lambda lib: lib.hamming_window(5, True, 1 + 2j),
                 lambda lib: lib.hamming_window(5, True, 0.5, 0.5, 0.3)):
        oracle.check_raises(call)


# ---- gradient ------------------------------------------------------------------------------------------
X = np.array([1.0, 2, 4, 8, 16], dtype=np.float32)
M = oracle.randn(3, 4)
COORDS = np.array([0.0, 1, 3, 4, 7], dtype=np.float32)


@pytest.mark.parametrize("edge_order", [1, 2])
@pytest.mark.parametrize("call", [
    lambda lib, x, e: lib.gradient(x, edge_order=e),
    lambda lib, x, e: lib.gradient(x, spacing=2.0, edge_order=e),
    lambda lib, x, e: lib.gradient(x, spacing=3, edge_order=e),
    lambda lib, x, e: lib.gradient(x, spacing=[0.5], edge_order=e),
    lambda lib, x, e: lib.gradient(x, spacing=(lib.tensor(COORDS),), edge_order=e),
    lambda lib, x, e: lib.gradient(x, spacing=(lib.tensor(COORDS).double(),), edge_order=e),
    lambda lib, x, e: lib.gradient(x.long(), edge_order=e),
    lambda lib, x, e: lib.gradient(x.long(), spacing=(lib.tensor([0, 1, 3, 4, 7]),), edge_order=e),
    lambda lib, x, e: lib.gradient(x.to(lib.complex64), edge_order=e),
    lambda lib, x, e: lib.gradient(x, spacing=0.0, edge_order=e),
])
def test_gradient_1d(call, edge_order):
    oracle.check(call, X, edge_order)


@pytest.mark.parametrize("call", [
    lambda lib, m: lib.gradient(m),
    lambda lib, m: lib.gradient(m, dim=1),
    lambda lib, m: lib.gradient(m, dim=[-1], edge_order=2),
    lambda lib, m: lib.gradient(m, dim=(1, 0), spacing=[1.0, 2.0]),
    lambda lib, m: lib.gradient(m, spacing=[lib.tensor([0.0, 0.5, 2.0]), lib.tensor([1.0, 2.0, 4.0, 8.0])]),
    lambda lib, m: lib.gradient(m[None], dim=2, spacing=(lib.tensor([1.0, 2.0, 4.0, 8.0]),), edge_order=2),
])
def test_gradient_nd(call):
    oracle.check(call, M)


def test_gradient_differentiates():
    m, c = oracle.randn(4, 5, dtype=np.float64), np.array([0.0, 0.5, 2.0, 2.5, 4.0])
    oracle.check(lambda lib, m, c: lib.gradient(m, dim=1, spacing=(c,), edge_order=2), m, c, grad=True)
    oracle.check(lambda lib, m: lib.gradient(m, spacing=[1.5, 2.0]), m, grad=True)


@pytest.mark.parametrize("call", [
    lambda lib, x: lib.gradient(x, edge_order=3),
    lambda lib, x: lib.gradient(x, edge_order=0),
    lambda lib, x: lib.gradient(x[:2], edge_order=2),
    lambda lib, x: lib.gradient(x[:1]),
    lambda lib, x: lib.gradient(x, dim=1),
    lambda lib, x: lib.gradient(x, spacing=[]),
    lambda lib, x: lib.gradient(x, spacing=lib.tensor(COORDS)),
    lambda lib, x: lib.gradient(x, spacing=(lib.tensor(COORDS)[None],)),
    lambda lib, x: lib.gradient(x, spacing=(lib.tensor(2.0),)),
    lambda lib, x: lib.gradient(x, spacing="a"),
    lambda lib, x: lib.gradient(x, edge_order=1.0),
    lambda lib, x: lib.gradient(x.to(lib.uint8)),
    lambda lib, x: lib.gradient(x > 2),
    lambda lib, x: lib.gradient(x.reshape(1, 5), dim=(1, 1)),
    lambda lib, x: lib.gradient(x.reshape(1, 5), spacing=[1.0]),
    lambda lib, x: lib.gradient(x.reshape(1, 5), dim=1, spacing=[1.0, 2.0]),
    lambda lib, x: lib.gradient([1.0, 2.0]),
])
def test_gradient_errors(call):
    oracle.check_raises(call, X)


def test_gradient_of_0d_is_empty():
    oracle.check(lambda lib: lib.gradient(lib.tensor(3.0)))


# ---- resize_as_, nonzero_static, empty_permuted ---------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda lib: lib.arange(8.0).resize_as_(lib.zeros(2, 3)),
    lambda lib: lib.arange(6.0).reshape(2, 3).resize_as_(lib.zeros(2)),
    lambda lib: lib.arange(6.0).reshape(2, 3).t().resize_as_(lib.zeros(6)),
    lambda lib: lib.arange(6).resize_as_(lib.zeros(3, 2)),
    lambda lib: lib.arange(6.0)[1:4].resize_as_(lib.zeros(4)),
    lambda lib: lib.arange(6.0).resize_as_(lib.zeros(6)),
])
def test_resize_as_keeps_memory(call):
    oracle.check(call)


def test_resize_as_details():
    x = ft.arange(6.0)
    view = x[:3]
    view.resize_as_(ft.zeros(2, 2))
    view[0, 0] = 100.0
    assert x[0].item() == 100.0 and view.stride() == (2, 1)
    grown = ft.ones(2)
    version = grown._version
    assert grown.resize_as_(ft.zeros(2, 3)) is grown and grown.shape == (2, 3) and grown._version == version + 1
    assert grown.numpy().ravel()[:2].tolist() == [1.0, 1.0]
    same = ft.ones(3)
    version = same._version
    same.resize_as_(ft.zeros(3))
    assert same._version == version


@pytest.mark.parametrize("call", [
    lambda lib: lib.zeros(2).resize_as_([1, 2]),
    lambda lib: lib.ones(3, requires_grad=True).resize_as_(lib.zeros(2)),
    lambda lib: lib.ones(3, requires_grad=True).resize_as_(lib.zeros(3)),
])
def test_resize_as_errors(call):
    oracle.check_raises(call)


@pytest.mark.parametrize("call", [
    lambda lib: lib.nonzero_static(lib.tensor([0, 1, 0, 2]), size=3),
    lambda lib: lib.nonzero_static(lib.tensor([0, 1, 0, 2]), size=1),
    lambda lib: lib.nonzero_static(lib.tensor([[0, 1], [3, 0]]), size=4, fill_value=-7),
    lambda lib: lib.tensor([0, 1.0]).nonzero_static(size=0),
    lambda lib: lib.nonzero_static(lib.tensor(3.0), size=2),
    lambda lib: lib.nonzero_static(lib.tensor([[True, False]]), size=3),
    lambda lib: lib.nonzero_static(lib.tensor([0, 1]), size=lib.tensor(3)),
])
def test_nonzero_static(call):
    oracle.check(call)


@pytest.mark.parametrize("call", [
    lambda lib: lib.nonzero_static(lib.tensor([0, 1]), size=-1),
    lambda lib: lib.nonzero_static(lib.tensor([0, 1]), size=2.0),
    lambda lib: lib.nonzero_static(lib.tensor([0, 1]), size=True),
    lambda lib: lib.nonzero_static(lib.tensor([0, 1]), 2),
    lambda lib: lib.nonzero_static(lib.tensor([0, 1])),
    lambda lib: lib.nonzero_static(lib.tensor([0, 1]), size=3, fill_value=2.5),
    lambda lib: lib.nonzero_static(3, size=2),
])
def test_nonzero_static_errors(call):
    oracle.check_raises(call)


@pytest.mark.parametrize("size, layout", [((2, 3, 4), (0, 2, 1)), ((2, 3), (1, 0)), ((), ()),
                                          ([4, 1, 3, 2], [3, 1, 0, 2])])
def test_empty_permuted_layout(size, layout):
    oracle.check(lambda lib: (lib.empty_permuted(size, layout).stride(), tuple(lib.empty_permuted(size, layout).shape)))
    oracle.check(lambda lib: lib.empty_permuted(size, layout, dtype=lib.int32).dtype is lib.int32)
    oracle.check(lambda lib: lib.empty_permuted(size, layout, requires_grad=True).requires_grad)


@pytest.mark.parametrize("call", [
    lambda lib: lib.empty_permuted((2, 3), (0, 0)), lambda lib: lib.empty_permuted((2, 3), (0,)),
    lambda lib: lib.empty_permuted((2, 3), (0, 2)), lambda lib: lib.empty_permuted((2, 3), (1, -2)),
    lambda lib: lib.empty_permuted((2, -3), (0, 1)), lambda lib: lib.empty_permuted(2, (0,)),
    lambda lib: lib.empty_permuted((2.0, 3), (1, 0)),
])
def test_empty_permuted_errors(call):
    oracle.check_raises(call)


# ---- binomial, is_inference, to_dlpack ----------------------------------------------------------------
@pytest.mark.parametrize("count, prob", [
    ([10.0, 5.0, -1.0, 4.0, 7.0], [0.0, 1.0, 0.5, 1.5, -0.5]),
    ([float("nan"), 3.0], [1.0, float("nan")]),   # (PyTorch never returns for a NaN count with 0 < prob < 1)
])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_binomial_deterministic_cases(count, prob, dtype):
    oracle.check(lambda lib: lib.binomial(lib.tensor(count, dtype=getattr(lib, dtype)),
                                          lib.tensor(prob, dtype=getattr(lib, dtype))))


@pytest.mark.filterwarnings("ignore:An output with one or more elements was resized")
def test_binomial_samples():
    generator = ft.Generator().manual_seed(0)
    count = ft.full((20000,), 10.0)
    samples = ft.binomial(count, ft.full((20000,), 0.3), generator=generator)
    assert samples.dtype is ft.float32 and samples.shape == (20000,)
    values = samples.numpy()
    assert np.all(values == np.round(values)) and values.min() >= 0 and values.max() <= 10
    assert abs(values.mean() - 3.0) < 0.05 and abs(values.var() - 2.1) < 0.1
    again = ft.binomial(count, ft.full((20000,), 0.3), generator=ft.Generator().manual_seed(0))
    assert ft.equal(samples, again)
    oracle.check(lambda lib: lib.binomial(lib.tensor([10.0]), lib.tensor([[0.5], [1.0]])).shape)


@pytest.mark.parametrize("call", [
    lambda lib: lib.binomial(lib.tensor([10, 5]), lib.tensor([0.5, 0.0])),
    lambda lib: lib.binomial(lib.tensor([10.0, 5]), lib.tensor([1, 0])),
    lambda lib: lib.binomial(lib.tensor([10.0, 5]), lib.tensor([0.5, 0.0], dtype=lib.float64)),
    lambda lib: lib.binomial(lib.tensor([10.0], dtype=lib.float16), lib.tensor([0.5], dtype=lib.float16)),
    lambda lib: lib.binomial(lib.tensor([10.0, 5]), lib.tensor([0.5, 0.5, 1.0])),
    lambda lib: lib.binomial(lib.tensor([10.0, 5]), 0.5),
    lambda lib: lib.binomial(3, lib.tensor([0.5])),
])
def test_binomial_errors(call):
    oracle.check_raises(call)


def test_is_inference():
    oracle.check(lambda lib: lib.ones(2).is_inference())
    oracle.check(lambda lib: lib.is_inference(lib.ones(2)))
    oracle.check_raises(lambda lib: lib.is_inference(3))


def test_to_dlpack_round_trips_through_torch():
    x = ft.arange(6.0).reshape(2, 3)
    shared = torch.utils.dlpack.from_dlpack(ft.to_dlpack(x))
    shared[0, 0] = 42.0
    assert x[0, 0].item() == 42.0 and tuple(shared.shape) == (2, 3)
    back = ft.from_dlpack(torch.to_dlpack(torch.ones(3)))
    assert back.tolist() == [1.0, 1.0, 1.0]
    oracle.check(lambda lib: type(lib.to_dlpack(lib.ones(2, requires_grad=True))).__name__)
    oracle.check_raises(lambda lib: lib.to_dlpack(3))


# ---- CUDA RNG state on a machine without CUDA ---------------------------------------------------------
@pytest.mark.skipif(ft.cuda.is_available(), reason="checks PyTorch's behaviour without CUDA")
@pytest.mark.parametrize("call", [
    lambda lib: lib.cuda.get_rng_state_all(),
    lambda lib: lib.cuda.set_rng_state(lib.zeros(10, dtype=lib.uint8)),
    lambda lib: lib.cuda.set_rng_state_all([lib.zeros(10, dtype=lib.uint8)]),
    lambda lib: lib.cuda.seed(),
    lambda lib: lib.cuda.seed_all(),
    lambda lib: lib.cuda.get_rng_state(),
    lambda lib: lib.cuda.get_rng_state("cuda:1"),
    lambda lib: lib.cuda.initial_seed(),
    lambda lib: lib.cuda.set_rng_state(5),
    lambda lib: lib.cuda.set_rng_state([1]),
])
def test_cuda_rng_without_cuda(call):
    oracle.check(call)


@pytest.mark.gpu
def test_cuda_rng_state_round_trip():
    ft.cuda.manual_seed(3)
    assert ft.cuda.initial_seed() == 3
    state = ft.cuda.get_rng_state()
    first = ft.rand(5, device="cuda")
    ft.cuda.set_rng_state(state)
    assert ft.equal(first, ft.rand(5, device="cuda")) and ft.cuda.initial_seed() == 3
    states = ft.cuda.get_rng_state_all()
    draws = [ft.rand(3, device=f"cuda:{i}").cpu() for i in range(len(states))]
    ft.cuda.set_rng_state_all(states)
    assert all(ft.equal(d, ft.rand(3, device=f"cuda:{i}").cpu()) for i, d in enumerate(draws))


# ---- legacy tensor types -------------------------------------------------------------------------------
LEGACY = ["FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor", "IntTensor", "ShortTensor", "CharTensor",
          "ByteTensor", "BoolTensor"]


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_constructors(name):
    oracle.check(lambda lib: tuple(getattr(lib, name)(2, 3).shape))
    oracle.check(lambda lib: str(getattr(lib, name)(2, 3).dtype).split(".")[-1])
    oracle.check(lambda lib: getattr(lib, name)([[1, 0], [3, 4]]))
    oracle.check(lambda lib: getattr(lib, name)((2, 3)))
    oracle.check(lambda lib: getattr(lib, name)())
    oracle.check(lambda lib: tuple(getattr(lib, name)(lib.Size([2, 3])).shape))
    oracle.check(lambda lib: tuple(getattr(lib, name)(size=(2, 1)).shape))
    oracle.check(lambda lib: getattr(lib, name)([1, 0], device="cpu"))
    oracle.check(lambda lib: (getattr(lib, name).__name__, str(getattr(lib, name).dtype).split(".")[-1],
                              getattr(lib, name).is_cuda))


@pytest.mark.parametrize("call", [
    lambda lib: lib.LongTensor([1.7, 2]),
    lambda lib: lib.FloatTensor(np.zeros(2)),
    lambda lib: lib.FloatTensor(np.zeros(2, dtype=np.int64)),
    lambda lib: lib.FloatTensor(lib.arange(6.0).reshape(2, 3)),
    lambda lib: lib.FloatTensor([]),
])
def test_legacy_constructor_data(call):
    oracle.check(call)


def test_legacy_constructor_aliases_a_tensor_of_its_type():
    x = ft.arange(6.0)
    alias = ft.FloatTensor(x)
    alias[0] = 100.0
    assert alias is not x and x[0].item() == 100.0


@pytest.mark.parametrize("call", [
    lambda lib: lib.FloatTensor(lib.arange(3)), lambda lib: lib.FloatTensor(lib.tensor(2)),
    lambda lib: lib.FloatTensor(2.5), lambda lib: lib.FloatTensor(True), lambda lib: lib.FloatTensor(np.float64(2)),
    lambda lib: lib.FloatTensor("a"), lambda lib: lib.FloatTensor(-1), lambda lib: lib.FloatTensor(2, 3.0),
    lambda lib: lib.FloatTensor(2, [3]), lambda lib: lib.FloatTensor(2, dtype=lib.float64),
    lambda lib: lib.FloatTensor(2, device="cuda"),
])
def test_legacy_constructor_errors(call):
    oracle.check_raises(call)


def test_legacy_types_in_isinstance():
    oracle.check(lambda lib: [isinstance(t, getattr(lib, name)) for name in LEGACY
                              for t in (lib.ones(2), lib.ones(2).double(), lib.ones(2).long(), lib.ones(2) > 0)])
    oracle.check(lambda lib: (isinstance(3, lib.FloatTensor), issubclass(lib.FloatTensor, lib.Tensor)))


@pytest.mark.parametrize("call", [
    lambda lib, x: x.type(lib.DoubleTensor), lambda lib, x: x.type(lib.LongTensor),
    lambda lib, x: x.type("torch.DoubleTensor"), lambda lib, x: x.type("torch.BoolTensor"),
    lambda lib, x: x.type(lib.float64), lambda lib, x: x.type().split(".")[-1],
    lambda lib, x: x.type(lib.FloatTensor) is x, lambda lib, x: x.long().type(lib.FloatTensor),
])
def test_tensor_type_conversions(call):
    oracle.check(call, oracle.randn(2, 3))


@pytest.mark.parametrize("call", [
    lambda lib, x: x.type("FloatTensor"), lambda lib, x: x.type("torch.Foo"), lambda lib, x: x.type(5),
    lambda lib, x: x.type("torch.cuda.FloatTensor"),
])
def test_tensor_type_errors(call):
    if ft.cuda.is_available() and "cuda" in str(call.__code__.co_consts):
        pytest.skip("needs a machine without CUDA")
    oracle.check_raises(call, oracle.randn(2, 3))

"""Random sampling: seeding and Generator objects reproduce, shapes/dtypes/errors match PyTorch, and the
samples follow their distributions (checked on large seeded samples, so the tests are deterministic)."""
import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle


def dtype_of(lib_result) -> str:
    return str(lib_result.dtype).rsplit(".", 1)[-1]


def check_meta(fn, *inputs):
    """PyTorch and flambeau agree on the shape and dtype of a random result (or on the exception type)."""
    oracle.check(lambda lib, *xs: (tuple(fn(lib, *xs).shape), dtype_of(fn(lib, *xs))), *inputs)


# ---- seeding and generators -------------------------------------------------------------------------
SAMPLERS = {
    "rand": lambda g: ft.rand(3, 2, generator=g),
    "randn": lambda g: ft.randn(4, generator=g),
    "randint": lambda g: ft.randint(0, 100, (5,), generator=g),
    "randperm": lambda g: ft.randperm(10, generator=g),
    "normal": lambda g: ft.normal(ft.zeros(3), ft.ones(3), generator=g),
    "normal_scalars": lambda g: ft.normal(2.0, 3.0, (4,), generator=g),
    "bernoulli": lambda g: ft.bernoulli(ft.full((6,), 0.5), generator=g),
    "multinomial": lambda g: ft.multinomial(ft.ones(5), 3, generator=g),
    "multinomial_replacement": lambda g: ft.multinomial(ft.ones(2, 5), 4, True, generator=g),
    "poisson": lambda g: ft.poisson(ft.full((5,), 3.0), generator=g),
    "uniform_": lambda g: ft.empty(4).uniform_(-1, 1, generator=g),
    "normal_": lambda g: ft.empty(4).normal_(generator=g),
    "exponential_": lambda g: ft.empty(4).exponential_(generator=g),
    "geometric_": lambda g: ft.empty(4).geometric_(0.3, generator=g),
    "cauchy_": lambda g: ft.empty(4).cauchy_(generator=g),
    "log_normal_": lambda g: ft.empty(4).log_normal_(generator=g),
    "random_": lambda g: ft.empty(4, dtype=ft.int64).random_(0, 1000, generator=g),
    "bernoulli_": lambda g: ft.empty(6).bernoulli_(0.5, generator=g),
    "rand_like": lambda g: ft.rand_like(ft.zeros(3), generator=g),
}


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_generator_argument_reproduces_and_leaves_default_alone(name):
    sample = SAMPLERS[name]
    ft.manual_seed(0)
    expected_default = ft.rand(3)
    first = sample(ft.Generator().manual_seed(1234))
    ft.manual_seed(0)
    second = sample(ft.Generator().manual_seed(1234))
    assert_close(first, second, rtol=0, atol=0)
    assert_close(ft.rand(3), expected_default, rtol=0, atol=0)   # the default stream was not touched
    assert not all(bool((sample(ft.Generator().manual_seed(s)) == first).all()) for s in (1, 2, 3))


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_default_generator_seeding_reproduces(name):
    sample = SAMPLERS[name]
    ft.manual_seed(7)
    first = sample(None)
    ft.manual_seed(7)
    assert_close(sample(None), first, rtol=0, atol=0)


def test_generator_state_round_trip_and_seed_queries():
    g = ft.Generator()
    assert g.initial_seed() == oracle.torch().Generator().initial_seed()
    g.manual_seed(42)
    assert g.initial_seed() == 42
    state = g.get_state()
    assert state.dtype is ft.uint8
    a = ft.rand(5, generator=g)
    g.set_state(state)
    assert_close(ft.rand(5, generator=g), a, rtol=0, atol=0)
    ft.manual_seed(3)
    assert ft.initial_seed() == 3
    saved = ft.get_rng_state()
    b = ft.randn(3)
    ft.set_rng_state(saved)
    assert_close(ft.randn(3), b, rtol=0, atol=0)
    with pytest.raises(TypeError):
        g.set_state(ft.zeros(3))
    with pytest.raises(RuntimeError):
        g.set_state(ft.tensor([1, 2, 3], dtype=ft.uint8))
    with pytest.raises(TypeError):
        ft.rand(2, generator=np.random.default_rng())
    assert isinstance(ft.seed(), int)


def test_fork_rng_restores_the_default_stream():
    ft.manual_seed(11)
    expected = ft.rand(4)
    ft.manual_seed(11)
    with ft.random.fork_rng():
        ft.rand(100)
    assert_close(ft.rand(4), expected, rtol=0, atol=0)
    ft.manual_seed(11)
    with ft.random.fork_rng(enabled=False):
        ft.rand(1)
    assert not bool((ft.rand(4) == expected).all())


# ---- shapes, dtypes and errors like PyTorch -----------------------------------------------------------
@pytest.mark.parametrize("fn", [
    lambda lib: lib.rand(2, 3), lambda lib: lib.rand((2, 3), dtype=lib.float64), lambda lib: lib.randn([4]),
    lambda lib: lib.rand(2, dtype=lib.int64), lambda lib: lib.randn(2, dtype=lib.int32),
    lambda lib: lib.randint(5, (2, 2)), lambda lib: lib.randint(-3, 5, (3,), dtype=lib.int32),
    lambda lib: lib.randint(5, 5, (2,)), lambda lib: lib.randperm(6), lambda lib: lib.randperm(4, dtype=lib.float64),
    lambda lib: lib.randperm(lib.tensor(5)), lambda lib: lib.randperm(3.0),
    lambda lib: lib.normal(0.0, 1.0, (2, 3)), lambda lib: lib.normal(lib.zeros(2, 1), lib.ones(3)),
    lambda lib: lib.normal(lib.zeros(2, dtype=lib.float64), 2.0), lambda lib: lib.normal(1.0, lib.ones(3)),
    lambda lib: lib.normal(lib.zeros(2), -1.0), lambda lib: lib.normal(lib.zeros(2, dtype=lib.int64), 1.0),
    lambda lib: lib.bernoulli(lib.full((3,), 0.3)), lambda lib: lib.bernoulli(lib.ones(3, dtype=lib.float64), 0.5),
    lambda lib: lib.bernoulli(lib.tensor([0.5, 2.0])), lambda lib: lib.bernoulli(lib.tensor([0, 1])),
    lambda lib: lib.poisson(lib.ones(2, 2)), lambda lib: lib.poisson(lib.tensor([-1.0])),
    lambda lib: lib.poisson(lib.tensor([1])), lambda lib: lib.rand_like(lib.zeros(2, dtype=lib.float64)),
    lambda lib: lib.randn_like(lib.zeros(3)), lambda lib: lib.randint_like(lib.zeros(3), 5),
    lambda lib: lib.randint_like(lib.zeros(2), 2, 9),
], ids=lambda f: f.__code__.co_firstlineno)
def test_sampler_shapes_dtypes_errors(fn):
    check_meta(fn)


@pytest.mark.parametrize("weights, n, replacement", [
    ([1.0, 2.0, 3.0], 2, False), ([1.0, 2.0, 3.0], 5, True), ([[1.0, 0.0], [0.5, 0.5]], 1, False),
    ([1.0, 0.0, 0.0], 2, False), ([1.0, -1.0, 0.0], 1, False), ([0.0, 0.0, 0.0], 1, True),
    ([1.0, 1.0, 0.0], 4, False), ([1.0, 1.0], 0, True), ([[[1.0]]], 1, True), ([float("nan"), 1.0], 1, True),
], ids=str)
def test_multinomial_shapes_and_errors(weights, n, replacement):
    check_meta(lambda lib, w: lib.multinomial(w, n, replacement), np.array(weights, np.float32))


def test_multinomial_rejects_integer_weights():
    oracle.check_raises(lambda lib, w: lib.multinomial(w, 1), np.array([1, 2]))


@pytest.mark.parametrize("fn", [
    lambda lib: lib.empty(3).uniform_(1, 0), lambda lib: lib.empty(3, dtype=lib.int64).uniform_(),
    lambda lib: lib.empty(3, dtype=lib.int64).normal_(), lambda lib: lib.empty(3).normal_(0, -1),
    lambda lib: lib.empty(3).exponential_(-1), lambda lib: lib.empty(3).geometric_(2),
    lambda lib: lib.empty(3, dtype=lib.int64).geometric_(0.5), lambda lib: lib.empty(3).log_normal_(1, 0),
    lambda lib: lib.empty(3).cauchy_(0, -1), lambda lib: lib.empty(3).random_(5, 3),
    lambda lib: lib.empty(3, dtype=lib.int64).random_(-5, 3),
    lambda lib: lib.empty(3, dtype=lib.uint8).random_(-5, 3),
    lambda lib: lib.empty(3, dtype=lib.bool).random_(), lambda lib: lib.empty(3).random_(3.5),
    lambda lib: lib.empty(2).bernoulli_(2), lambda lib: lib.empty(2, dtype=lib.int64).bernoulli_(0.5),
    lambda lib: lib.empty(2).bernoulli_(lib.tensor([0.2, 0.3])),
    lambda lib: lib.empty(2, 2, dtype=lib.float64).uniform_(),
], ids=lambda f: f.__code__.co_firstlineno)
def test_in_place_fills_shapes_dtypes_errors(fn):
    check_meta(fn)


ZERO_DIM_SAMPLERS = {   # NumPy's samplers return scalars for 0-d parameters; results must stay 0-d
    "poisson": lambda lib: lib.poisson(lib.tensor(2.0)),
    "bernoulli": lambda lib: lib.bernoulli(lib.tensor(0.3)),
    "normal": lambda lib: lib.normal(lib.tensor(0.0), lib.tensor(1.0)),
    "uniform_": lambda lib: lib.tensor(0.0).uniform_(),
    "normal_": lambda lib: lib.tensor(0.0).normal_(),
    "exponential_": lambda lib: lib.tensor(0.0).exponential_(),
    "geometric_": lambda lib: lib.tensor(0.0).geometric_(0.5),
    "cauchy_": lambda lib: lib.tensor(0.0).cauchy_(),
    "log_normal_": lambda lib: lib.tensor(0.0).log_normal_(),
    "random_": lambda lib: lib.tensor(0).random_(5),
    "bernoulli_": lambda lib: lib.tensor(0.0).bernoulli_(0.5),
}


@pytest.mark.parametrize("name", sorted(ZERO_DIM_SAMPLERS))
def test_samplers_keep_zero_dim_shapes(name):
    check_meta(ZERO_DIM_SAMPLERS[name])


def test_in_place_fills_return_self_and_bump_version():
    t = ft.zeros(3)
    for fill in (lambda x: x.uniform_(), lambda x: x.normal_(), lambda x: x.exponential_(), lambda x: x.random_(9),
                 lambda x: x.bernoulli_(), lambda x: x.cauchy_(), lambda x: x.log_normal_(),
                 lambda x: x.geometric_(0.5)):
        version = t._version
        assert fill(t) is t and t._version > version


def test_fills_write_through_views():
    base = ft.zeros(4, 4)
    row = base[1]
    row.uniform_(2, 3)
    values = base.numpy()
    assert (values[1] >= 2).all() and (values[1] < 3).all() and (values[0] == 0).all()


# ---- the samples follow their distributions ------------------------------------------------------------
N = 200_000


@pytest.fixture(autouse=True)
def seeded():
    ft.manual_seed(2026)


@pytest.mark.parametrize("fill, mean, std", [
    (lambda x: x.uniform_(-2, 4), 1.0, 6 / 12 ** 0.5), (lambda x: x.normal_(3, 2), 3.0, 2.0),
    (lambda x: x.exponential_(4.0), 0.25, 0.25), (lambda x: x.geometric_(0.25), 4.0, (0.75 / 0.0625) ** 0.5),
    (lambda x: x.log_normal_(0.0, 0.5), np.exp(0.125), ((np.exp(0.25) - 1) * np.exp(0.25)) ** 0.5),
    (lambda x: x.random_(10), 4.5, (99 / 12) ** 0.5), (lambda x: x.bernoulli_(0.3), 0.3, (0.21) ** 0.5),
], ids=["uniform", "normal", "exponential", "geometric", "log_normal", "random", "bernoulli"])
def test_fill_moments(fill, mean, std):
    values = fill(ft.empty(N, dtype=ft.float64)).numpy()
    assert abs(values.mean() - mean) < 5 * std / N ** 0.5
    assert abs(values.std() - std) < 0.02 * std


def test_cauchy_quartiles_and_sampler_moments():
    values = ft.empty(N).cauchy_(1.0, 2.0).numpy()
    assert np.allclose(np.percentile(values, [25, 50, 75]), [-1, 1, 3], atol=0.05)
    assert abs(ft.rand(N).numpy().mean() - 0.5) < 0.005
    assert abs(ft.randn(N, dtype=ft.float64).numpy().std() - 1) < 0.01
    normal = ft.normal(ft.tensor([-5.0, 5.0]).reshape(2, 1), ft.tensor([1.0, 3.0]).reshape(2, 1).expand(2, N // 2))
    assert np.allclose(normal.numpy().mean(1), [-5, 5], atol=0.05)
    assert np.allclose(normal.numpy().std(1), [1, 3], atol=0.03)
    poisson = ft.poisson(ft.full((N,), 3.5)).numpy()
    assert abs(poisson.mean() - 3.5) < 0.03 and abs(poisson.var() - 3.5) < 0.1
    bernoulli = ft.bernoulli(ft.full((N,), 0.8)).numpy()
    assert set(np.unique(bernoulli)) == {0.0, 1.0} and abs(bernoulli.mean() - 0.8) < 0.01
    counts = np.bincount(ft.randint(3, 8, (N,)).numpy(), minlength=8)
    assert counts[:3].sum() == 0 and np.allclose(counts[3:] / N, 0.2, atol=0.01)
    permutation = ft.randperm(1000).numpy()
    assert sorted(permutation) == list(range(1000)) and not (permutation == np.arange(1000)).all()


def test_multinomial_frequencies():
    weights = ft.tensor([[1.0, 2.0, 0.0, 7.0], [5.0, 5.0, 0.0, 0.0]])
    draws = ft.multinomial(weights, 20_000, replacement=True).numpy()
    assert draws.shape == (2, 20_000)
    assert np.allclose(np.bincount(draws[0], minlength=4) / 20_000, [0.1, 0.2, 0.0, 0.7], atol=0.015)
    assert np.allclose(np.bincount(draws[1], minlength=4) / 20_000, [0.5, 0.5, 0.0, 0.0], atol=0.015)
    # without replacement: distinct indices per row; first picks follow the weights
    firsts = []
    for _ in range(3000):
        sample = ft.multinomial(ft.tensor([1.0, 2.0, 7.0]), 3).numpy()
        assert sorted(sample) == [0, 1, 2]
        firsts.append(sample[0])
    assert np.allclose(np.bincount(firsts, minlength=3) / 3000, [0.1, 0.2, 0.7], atol=0.03)
    second = [ft.multinomial(ft.tensor([1.0, 1.0, 0.0]), 2).numpy() for _ in range(200)]
    assert all(sorted(s) == [0, 1] for s in second)       # zero-weight categories come last


def test_random_default_ranges():
    assert ft.empty(1000, dtype=ft.bool).random_().numpy().any()
    values = ft.empty(N, dtype=ft.uint8).random_().numpy()
    assert values.min() == 0 and values.max() == 255
    floats = ft.empty(1000).random_().numpy()
    assert floats.max() > 2 ** 20 and floats.max() <= 2 ** 24 and (floats == np.round(floats)).all()


# ---- GPU ------------------------------------------------------------------------------------------------
@pytest.mark.gpu
def test_cuda_sampling_reproduces_and_stays_on_device():
    for sample in (lambda: ft.rand(5, device="cuda"), lambda: ft.randn(5, device="cuda"),
                   lambda: ft.randint(0, 9, (5,), device="cuda"), lambda: ft.empty(5, device="cuda").normal_(),
                   lambda: ft.empty(5, device="cuda").uniform_(), lambda: ft.bernoulli(ft.full((5,), 0.5).cuda())):
        ft.manual_seed(5)
        first = sample()
        assert first.device.type == "cuda"
        ft.manual_seed(5)
        assert_close(sample().cpu(), first.cpu(), rtol=0, atol=0)
    g = ft.Generator(device="cuda").manual_seed(1)   # (a CPU generator for a CUDA result raises, as in torch)
    on_gpu = ft.rand(4, generator=g, device="cuda")
    assert_close(on_gpu.cpu(), ft.rand(4, generator=ft.Generator().manual_seed(1)), rtol=0, atol=0)


SAMPLERS_WITH_GENERATOR = {
    "randn": lambda g, device: ft.randn(3, generator=g, device=device),
    "randint": lambda g, device: ft.randint(0, 3, (2,), generator=g, device=device),
    "randperm": lambda g, device: ft.randperm(4, generator=g, device=device),
    "uniform_": lambda g, device: ft.ones(3, device=device).uniform_(generator=g),
    "normal": lambda g, device: ft.normal(ft.zeros(2, device=device), ft.ones(2, device=device), generator=g),
    "bernoulli": lambda g, device: ft.bernoulli(ft.full((2,), 0.5, device=device), generator=g),
    "poisson": lambda g, device: ft.poisson(ft.ones(2, device=device), generator=g),
    "multinomial": lambda g, device: ft.multinomial(ft.ones(3, device=device), 2, generator=g),
    "binomial": lambda g, device: ft.binomial(ft.ones(3, device=device), ft.full((3,), 0.5, device=device),
                                              generator=g),
}


def _generator_on(device: str):
    """A Generator claiming ``device`` without creating it there (a CUDA one needs no GPU this way)."""
    generator = ft.Generator()
    generator.device = ft.device(device)
    return generator.manual_seed(0)


@pytest.mark.parametrize("sampler", SAMPLERS_WITH_GENERATOR.values(), ids=SAMPLERS_WITH_GENERATOR)
def test_a_generator_of_another_device_type_raises_like_torch(sampler):
    with pytest.raises(RuntimeError, match="Expected a 'cpu' device type for generator but found 'cuda'"):
        sampler(_generator_on("cuda:0"), "cpu")


@pytest.mark.gpu
@pytest.mark.parametrize("sampler", SAMPLERS_WITH_GENERATOR.values(), ids=SAMPLERS_WITH_GENERATOR)
def test_a_cpu_generator_for_a_cuda_result_raises_like_torch(sampler):
    with pytest.raises(RuntimeError, match="Expected a 'cuda' device type for generator but found 'cpu'"):
        sampler(ft.Generator(), "cuda")


@pytest.mark.gpu
@pytest.mark.parametrize("sample", [
    lambda: ft.multinomial(ft.tensor([0.1, 0.2, 0.3, 0.4], device="cuda"), 50, replacement=True),
    lambda: ft.binomial(ft.full((50,), 10.0, device="cuda"), ft.full((50,), 0.3, device="cuda")),
], ids=["multinomial", "binomial"])
def test_cuda_host_samplers_without_a_generator_follow_the_cuda_seed(sample):
    draws = []
    for _ in range(2):
        ft.cuda.manual_seed(7)
        draws.append(sample())
    assert draws[0].device.type == "cuda"
    assert (draws[0].cpu().numpy() == draws[1].cpu().numpy()).all()

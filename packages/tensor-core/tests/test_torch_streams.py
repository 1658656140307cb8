"""The CPU random stream is PyTorch's: after the same seed, the same calls give the same tensors as
PyTorch, bit for bit (float32 normal block fills where PyTorch runs the kernel flambeau picked for the
CPU), the generator states are PyTorch's bytes, seeding accepts and refuses what PyTorch does, and
the in-place samplers refuse the dtypes and bounds PyTorch refuses, with its messages."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

EXACT = {
    "rand float32": lambda L: L.rand(3, 7),
    "rand float64": lambda L: L.rand(5, 3, dtype=L.float64),
    "rand float16": lambda L: L.rand(20, dtype=L.float16),
    "rand complex64": lambda L: L.rand(9, dtype=L.complex64),
    "rand complex128": lambda L: L.rand(4, 5, dtype=L.complex128),
    "randn float64 block": lambda L: L.randn(7, 5, dtype=L.float64),
    "randn float64 small": lambda L: L.randn(5, dtype=L.float64),
    "randn float32 small": lambda L: L.randn(3, 5),
    "randn complex128": lambda L: L.randn(21, dtype=L.complex128),
    "randn then randn (cached second normal)": lambda L: L.cat([L.randn(3, dtype=L.float64),
                                                                L.randn(1, dtype=L.float64)]),
    "randint": lambda L: L.randint(-5, 100, (50,)),
    "randint one bound": lambda L: L.randint(7, (4, 4)),
    "randint above 2**32": lambda L: L.randint(0, 2 ** 40, (30,)),
    "randint float dtype": lambda L: L.randint(0, 10, (12,), dtype=L.float32),
    "randint_like": lambda L: L.randint_like(L.zeros(3, 3), 2, 9),
    "randperm": lambda L: L.randperm(1000),
    "randperm int32": lambda L: L.randperm(17, dtype=L.int32),
    "rand_like": lambda L: L.rand_like(L.zeros(2, 9, dtype=L.float64)),
    "uniform_": lambda L: L.empty(40).uniform_(-0.3, 0.8),
    "uniform_ float64": lambda L: L.empty(6, 7, dtype=L.float64).uniform_(2.5, 7.25),
    "uniform_ transposed": lambda L: L.zeros(6, 8).t().uniform_(),
    "uniform_ strided slice": lambda L: L.zeros(6, 8)[:, ::2].uniform_().contiguous(),
    "normal_ float64": lambda L: L.empty(40, dtype=L.float64).normal_(0.5, 0.7),
    "normal_ float64 transposed (element by element)": lambda L: L.zeros(6, 8, dtype=L.float64).t().normal_(0.5, 0.7),
    "normal_ small float32": lambda L: L.empty(15).normal_(-1.0, 3.0),
    "normal(float, float, size)": lambda L: L.normal(0.3, 0.7, (40,), dtype=L.float64),
    "normal(Tensor, Tensor)": lambda L: L.normal(L.linspace(-1, 1, 30, dtype=L.float64),
                                                 L.linspace(0.1, 2, 30, dtype=L.float64)),
    "normal(Tensor, float)": lambda L: L.normal(L.linspace(-1, 1, 30, dtype=L.float64), 0.7),
    "normal(float, Tensor)": lambda L: L.normal(0.3, L.linspace(0.1, 2, 30, dtype=L.float64)),
    "normal(Tensor, Tensor) small float32": lambda L: L.normal(L.zeros(5), L.ones(5) * 3),
    "exponential_": lambda L: L.empty(30, dtype=L.float64).exponential_(3.0),
    "exponential_ float32": lambda L: L.empty(30).exponential_(0.7),
    "geometric_": lambda L: L.empty(30).geometric_(0.3),
    "cauchy_": lambda L: L.empty(30, dtype=L.float64).cauchy_(0.5, 3.0),
    "log_normal_": lambda L: L.empty(30, dtype=L.float64).log_normal_(0.5, 0.7),
    "bernoulli_(float)": lambda L: L.empty(30).bernoulli_(0.3),
    "bernoulli_(tensor)": lambda L: L.empty(30).bernoulli_(L.full((30,), 0.3)),
    "bernoulli_(float64 tensor)": lambda L: L.empty(3, 10).bernoulli_(L.full((10,), 0.3, dtype=L.float64)),
    "bernoulli(float64)": lambda L: L.bernoulli(L.full((3, 10), 0.3, dtype=L.float64)),
    "bernoulli(float32, p)": lambda L: L.bernoulli(L.zeros(30), 0.4),
    "multinomial with replacement": lambda L: L.multinomial(L.tensor([[0.1, 0.5, 0.2, 0.2, 1.0],
                                                                      [1, 1, 1, 1, 0.5]]), 12, True),
    "multinomial without replacement": lambda L: L.multinomial(L.tensor([[0.1, 0.5, 0.2, 0.2, 1.0],
                                                                         [1, 1, 1, 1, 0.5]]), 4),
    "multinomial float64 one sample": lambda L: L.multinomial(L.tensor([0.1, 0.5, 0.4], dtype=L.float64), 1),
    "multinomial zero weights last": lambda L: L.multinomial(L.tensor([1.0, 0, 1]), 3),
    "poisson small and large rates": lambda L: L.poisson(L.tensor([[0.0, 0.5, 3.0, 9.99], [10.0, 47.0, 1e4, 0.2]])),
    "poisson float64": lambda L: L.poisson(L.full((200,), 12.5, dtype=L.float64)),
    # each followed by a draw, so that the number of uniforms the rejection loops took is compared too
    "binomial small means (waiting times)": lambda L: _then_rand(L, L.binomial(
        L.tensor([[0.0, 1, 5, 7.5, 20], [3, 40, 9, 2, -1]]),
        L.tensor([[0.3, 0.1, 0.5, 0.9, 0.2], [1, 0.2, 0.95, 0, 0.5]]))),
    "binomial large means (BTRS)": lambda L: _then_rand(L, L.binomial(L.full((300,), 100.0), L.full((300,), 0.35))),
    "binomial large means float64, p > 0.5": lambda L: _then_rand(L, L.binomial(
        L.tensor([50.0, 1e3, 1e6, 37.5, 12], dtype=L.float64), L.tensor([0.7, 0.99, 0.5, 0.6, 0.25], dtype=L.float64))),
    "binomial broadcast, NaN prob, infinite count": lambda L: _then_rand(L, L.binomial(
        L.tensor([[30.0], [200.0], [float("inf")]]), L.tensor([0.05, 0.5, 0.8, float("nan")]))),
    "rrelu training float32": lambda L: L.rrelu(L.linspace(-2, 2, 25).reshape(5, 5).t(), training=True),
    "rrelu_ training float64, bounds": lambda L: L.rrelu_(L.linspace(-1, 1, 19, dtype=L.float64), 0.05, 0.7, True),
    "random_() float32": lambda L: L.empty(20).random_(),
    "random_() float64": lambda L: L.empty(20, dtype=L.float64).random_(),
    "random_() float16": lambda L: L.empty(20, dtype=L.float16).random_(),
    "random_() int64": lambda L: L.empty(20, dtype=L.int64).random_(),
    "random_() int32": lambda L: L.empty(20, dtype=L.int32).random_(),
    "random_() int16": lambda L: L.empty(20, dtype=L.int16).random_(),
    "random_() uint8": lambda L: L.empty(20, dtype=L.uint8).random_(),
    "random_() bool": lambda L: L.empty(20, dtype=L.bool).random_(),
    "random_(to)": lambda L: L.empty(20, dtype=L.int64).random_(9),
    "random_(from, to)": lambda L: L.empty(20).random_(-3, 9),
    "a sequence of ops on one stream": lambda L: L.cat([L.rand(3), L.randint(0, 5, (4,)).float(), L.rand(2),
                                                       L.randperm(5).float(), L.empty(3).bernoulli_(0.5)]),
}

# float32/float16 normals of 16+ contiguous elements: the block fill, whose float32 kernel PyTorch picks by
# CPU (a vector one on AVX2/AVX-512 CPUs, a scalar one otherwise); flambeau picks the same by CPU
BLOCK_NORMALS = {
    "randn float32 block": lambda L: L.randn(100, 3),
    "randn float16 block": lambda L: L.randn(64, dtype=L.float16),
    "normal_ float16 with a tail, then a draw": lambda L: L.cat([L.empty(70, dtype=L.float16).normal_(1.5, 3.0).float(),
                                                                L.rand(3)]),
    "randn float32 with a tail, then a draw": lambda L: L.cat([L.randn(37), L.rand(3)]),
    "randn complex64": lambda L: L.randn(30, dtype=L.complex64),
    "normal_ float32 block": lambda L: L.empty(1000).normal_(2.0, 0.5),
    "normal_ float32 block, parallel": lambda L: L.empty(70001).normal_(-1.0, 3.0),
    "randn_like": lambda L: L.randn_like(L.zeros(4, 8)),
    "normal(Tensor, Tensor) float32": lambda L: L.normal(L.linspace(-1, 1, 30), L.linspace(0.1, 2, 30)),
}


def _same_float_normal_kernel(torch) -> bool:
    """Whether PyTorch's float32 block fill here is the kernel flambeau picked (they differ only where
    PyTorch's CPU capability is forced, e.g. ``ATEN_CPU_CAPABILITY=default`` on an AVX2 CPU)."""
    from flambeau_tensor_core import random
    vector = torch.backends.cpu.get_cpu_capability() in ("AVX2", "AVX512")
    return vector == random._VECTOR_NORMAL_BLOCK


def _then_rand(lib, tensor):
    """``tensor`` flattened, then three float64 uniforms drawn after it."""
    return lib.cat([tensor.flatten().double(), lib.rand(3, dtype=lib.float64)])


def _seeded(fn, lib, seed: int = 0):
    lib.manual_seed(seed)
    return fn(lib)


def _as_numpy(tensor) -> np.ndarray:
    if tensor.is_complex():
        return np.stack([tensor.real.numpy(), tensor.imag.numpy()])
    return tensor.numpy()


@pytest.mark.parametrize("name", sorted(EXACT))
def test_same_seed_same_tensor_as_torch(name):
    torch = oracle.torch()
    expected, actual = _seeded(EXACT[name], torch), _seeded(EXACT[name], ft)
    assert str(actual.dtype) == str(expected.dtype) and tuple(actual.shape) == tuple(expected.shape)
    np.testing.assert_array_equal(_as_numpy(actual), _as_numpy(expected))


@pytest.mark.parametrize("name", sorted(BLOCK_NORMALS))
def test_float32_normal_block_fills_are_torchs(name):
    torch = oracle.torch()
    expected, actual = (_as_numpy(_seeded(BLOCK_NORMALS[name], lib)) for lib in (torch, ft))
    assert actual.dtype == expected.dtype
    if _same_float_normal_kernel(torch):
        np.testing.assert_array_equal(actual, expected)
    else:
        resolution = np.finfo(expected.dtype).eps
        np.testing.assert_allclose(actual, expected, rtol=8 * resolution, atol=8 * resolution)


@settings(max_examples=30, deadline=None)
@given(size=st.integers(16, 3000), seed=st.integers(0, 2 ** 64 - 1), mean=st.floats(-5, 5), std=st.floats(0.01, 5),
       vector=st.booleans())
def test_both_float32_block_kernels_are_close_to_double_precision_box_muller(size, seed, mean, std, vector):
    """Whatever the CPU, each kernel stays a faithful Box-Muller transform: against the same uniforms
    transformed in double precision, errors of a few float32 ulps of the result's scale."""
    from flambeau_tensor_core.random import Generator
    values = np.empty(size, np.float32)
    Generator().manual_seed(seed).engine.normal_fill_float(values, mean, std, vector)
    engine = Generator().manual_seed(seed).engine
    uniforms, last_block = np.empty(size, np.float32), np.empty(16, np.float32)
    engine.uniform_float(uniforms, 24, 0.0, 1.0)
    engine.uniform_float(last_block, 24, 0.0, 1.0)         # redrawn for the last 16 when 16 does not divide

    def box_muller(u):
        u = u.astype(np.float64)
        radius, theta = np.sqrt(-2.0 * np.log(1.0 - u[:8])), 2.0 * np.pi * u[8:]
        return np.concatenate([radius * np.cos(theta), radius * np.sin(theta)]), np.tile(radius, 2)
    reference, radii = np.empty(size), np.empty(size)
    for start in range(0, size - 15, 16):
        reference[start:start + 16], radii[start:start + 16] = box_muller(uniforms[start:start + 16])
    if size % 16:
        reference[-16:], radii[-16:] = box_muller(last_block)
    # the float32 angle 2πu is off by up to half an ulp of 2π, which moves r·cos θ by up to r times that
    bound = np.finfo(np.float32).eps * (8 * (1 + radii) * std + 4 * abs(mean)) + 1e-30
    assert np.all(np.abs(values - (reference * std + mean)) <= bound)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_binomial_matches_torch_over_many_counts_and_probabilities(dtype, seed):
    """Fractional counts, probabilities on both sides of 1/2, means on both sides of the switch to BTRS:
    every count equal to PyTorch's, and the stream left at the same place."""
    torch = oracle.torch()
    rng = np.random.default_rng(seed)
    counts = np.round(rng.uniform(0, 400, 3000), 1 if seed else 0)
    probs = rng.uniform(0, 1, 3000) ** rng.choice([0.3, 1, 4], 3000)

    def draws(lib):
        lib.manual_seed(seed)
        d = getattr(lib, dtype)
        return _then_rand(lib, lib.binomial(lib.tensor(counts, dtype=d), lib.tensor(probs, dtype=d))).numpy()
    np.testing.assert_array_equal(draws(ft), draws(torch))


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(0, 7), min_size=0, max_size=3), seed=st.integers(0, 2 ** 64 - 1),
       dtype=st.sampled_from(["float32", "float64"]))
def test_rand_randint_randn_and_randperm_match_torch_for_any_shape_and_seed(shape, seed, dtype):
    torch = oracle.torch()

    def draws(lib):
        lib.manual_seed(seed)
        d = getattr(lib, dtype)
        return [lib.rand(shape, dtype=d), lib.randint(-4, 1000, shape), lib.randn(shape, dtype=lib.float64),
                lib.randperm(int(np.prod(shape))), lib.randn(shape, dtype=d) if same_kernel else lib.zeros(())]
    same_kernel = _same_float_normal_kernel(torch)
    for actual, expected in zip(draws(ft), draws(torch)):
        np.testing.assert_array_equal(actual.numpy(), expected.numpy())


def test_generator_objects_and_default_stream_are_torch_streams():
    torch = oracle.torch()
    g, tg = ft.Generator().manual_seed(123), torch.Generator().manual_seed(123)
    np.testing.assert_array_equal(ft.rand(5, generator=g).numpy(), torch.rand(5, generator=tg).numpy())
    np.testing.assert_array_equal(ft.randperm(8, generator=g).numpy(), torch.randperm(8, generator=tg).numpy())
    assert g.initial_seed() == tg.initial_seed() == 123
    # an unseeded generator starts from PyTorch's default seed
    np.testing.assert_array_equal(ft.rand(4, generator=ft.Generator()).numpy(),
                                  torch.rand(4, generator=torch.Generator()).numpy())


@pytest.mark.parametrize("default", ["float64", "float16"])
def test_draws_follow_the_default_dtype_like_torch(default):
    torch = oracle.torch()
    results = []
    for lib in (ft, torch):
        previous = lib.get_default_dtype()
        lib.set_default_dtype(getattr(lib, default))
        try:
            lib.manual_seed(2)
            results.append([lib.rand(3, 4), lib.randn(5), lib.rand((2,))])
        finally:
            lib.set_default_dtype(previous)
    for actual, expected in zip(*results):
        assert str(actual.dtype) == str(expected.dtype)
        np.testing.assert_array_equal(actual.numpy(), expected.numpy())


def test_generator_copies_continue_the_same_stream():
    import copy
    import pickle

    torch = oracle.torch()
    g, tg = ft.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    ft.rand(2, generator=g)
    torch.rand(2, generator=tg)
    expected = torch.rand(4, generator=tg.clone_state()).numpy()
    for copied in (g.clone_state(), copy.deepcopy(g), pickle.loads(pickle.dumps(g))):
        np.testing.assert_array_equal(ft.rand(4, generator=copied).numpy(), expected)
    np.testing.assert_array_equal(ft.rand(4, generator=g).numpy(), expected)   # the original is untouched


def test_states_are_torch_bytes_and_move_between_the_libraries():
    torch = oracle.torch()
    for lib in (ft, torch):
        lib.manual_seed(7)
        lib.randn(3, dtype=lib.float64)      # leaves a cached second normal in the state
    ours, theirs = ft.get_rng_state(), torch.get_rng_state()
    assert ours.dtype is ft.uint8 and tuple(ours.shape) == (5056,)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    torch.manual_seed(11)
    torch.randn(1)
    ft.set_rng_state(ft.from_numpy(torch.get_rng_state().numpy()))
    np.testing.assert_array_equal(ft.randn(5, dtype=ft.float64).numpy(), torch.randn(5, dtype=torch.float64).numpy())
    assert ft.initial_seed() == torch.initial_seed() == 11


def test_fork_rng_restores_the_torch_stream():
    torch = oracle.torch()
    for lib in (ft, torch):
        lib.manual_seed(5)
    with ft.random.fork_rng():
        ft.rand(100)
    np.testing.assert_array_equal(ft.rand(3).numpy(), torch.rand(3).numpy())


@pytest.mark.parametrize("seed", [0, 2 ** 64 - 1, -1, -2 ** 63, 2 ** 40 + 7])
def test_seeds_are_kept_as_torch_keeps_them(seed):
    torch = oracle.torch()
    assert ft.Generator().manual_seed(seed).initial_seed() == torch.Generator().manual_seed(seed).initial_seed()
    np.testing.assert_array_equal(ft.rand(4, generator=ft.Generator().manual_seed(seed)).numpy(),
                                  torch.rand(4, generator=torch.Generator().manual_seed(seed)).numpy())


@pytest.mark.parametrize("seed", [2 ** 64, -2 ** 63 - 1, 1.5, True, "3", None, np.int64(9)])
def test_bad_seeds_raise_what_torch_raises(seed):
    oracle.check_raises(lambda lib: lib.Generator().manual_seed(seed))


@pytest.mark.parametrize("seed", [1.5, True, "3", "-1", np.int64(9)])
def test_global_manual_seed_takes_int_of_its_argument_like_torch(seed):
    torch = oracle.torch()
    torch.manual_seed(seed)
    ft.manual_seed(seed)
    assert ft.initial_seed() == torch.initial_seed()
    np.testing.assert_array_equal(ft.rand(3).numpy(), torch.rand(3).numpy())


@pytest.mark.parametrize("seed", [2 ** 64, None, "x"])
def test_global_manual_seed_refuses_what_torch_refuses(seed):
    oracle.check_raises(lambda lib: lib.manual_seed(seed))


@pytest.mark.parametrize("make_state", [lambda lib: lib.zeros(10, dtype=lib.uint8),
                                        lambda lib: lib.zeros(5056),
                                        lambda lib: lib.zeros(5056, dtype=lib.uint8)],
                         ids=["short", "float", "all zero"])
def test_bad_states_raise_what_torch_raises_and_change_nothing(make_state):
    error = oracle.check_raises(lambda lib: lib.Generator().set_state(make_state(lib)))
    assert "state" in str(error).lower()
    g = ft.Generator().manual_seed(3)
    before = g.get_state().numpy()
    with pytest.raises((RuntimeError, TypeError)):
        g.set_state(make_state(ft))
    np.testing.assert_array_equal(g.get_state().numpy(), before)


def test_samplers_outside_the_torch_algorithms_still_reproduce_and_advance_the_stream():
    """rrelu's noise draws from a NumPy generator seeded by one 64-bit draw of the stream."""
    runs = []
    for _ in range(2):
        ft.manual_seed(4)
        noisy = ft.rrelu(-ft.ones(6), training=True)
        runs.append((noisy.numpy(), ft.rand(2).numpy()))
    for first, second in zip(*runs):
        np.testing.assert_array_equal(first, second)
    ft.manual_seed(4)
    assert not np.array_equal(ft.rand(2).numpy(), runs[0][1])


# ---- in-place samplers over every dtype and layout: PyTorch's values (and stream after) or its error ----------
FILLS = {
    "uniform_": lambda t: t.uniform_(-2, 3), "normal_": lambda t: t.normal_(1, 2),
    "exponential_": lambda t: t.exponential_(0.7), "geometric_": lambda t: t.geometric_(0.3),
    "cauchy_": lambda t: t.cauchy_(0.5, 2), "log_normal_": lambda t: t.log_normal_(0.2, 0.5),
    "random_()": lambda t: t.random_(), "random_(5)": lambda t: t.random_(5),
    "random_(-3, 7)": lambda t: t.random_(-3, 7),
    "random_(0, 3000)": lambda t: t.random_(0, 3000), "random_(4097, 4200)": lambda t: t.random_(4097, 4200),
    "bernoulli_(0.3)": lambda t: t.bernoulli_(0.3),
    "bernoulli_(probabilities)": lambda t: t.bernoulli_(_library_of(t).full(t.shape, 0.3)),
    "bernoulli(input, p=0.5)": lambda t: _library_of(t).bernoulli(t.zero_(), p=0.5),
}


def _library_of(tensor):
    return ft if isinstance(tensor, ft.Tensor) else oracle.torch()
TARGETS = {
    "contiguous": lambda L, d: L.empty(5, 8, dtype=d), "transposed": lambda L, d: L.empty(8, 5, dtype=d).t(),
    "sliced": lambda L, d: L.empty(6, 10, dtype=d)[::2, 1::3], "40": lambda L, d: L.empty(40, dtype=d),
}
FILL_DTYPES = ["float32", "float64", "float16", "complex64", "int64", "int32", "int16", "uint8", "int8", "bool"]


def _outcome(lib, make, seed: int):
    """``make(lib)`` after ``manual_seed(seed)``: (dtype, values, the next two uniforms), or the error's
    (type name, message)."""
    lib.manual_seed(seed)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = make(lib)
    except Exception as error:          # noqa: BLE001 - the error itself is compared
        return type(error).__name__, str(error)
    values = lib.view_as_real(result) if result.is_complex() else result
    return str(result.dtype), values.double().tolist(), lib.rand(2).tolist()


def _assert_same_outcome(make, seed: int) -> None:
    expected, actual = _outcome(oracle.torch(), make, seed), _outcome(ft, make, seed)
    if isinstance(expected[1], str):        # an error: same type, same message
        assert actual == expected
    else:
        assert actual[0] == expected[0] and actual[2] == expected[2]
        np.testing.assert_array_equal(np.array(actual[1]), np.array(expected[1]))


@pytest.mark.parametrize("dtype", FILL_DTYPES)
@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("fill", sorted(FILLS))
def test_in_place_fills_give_torchs_values_or_errors_for_every_dtype_and_layout(fill, target, dtype):
    _assert_same_outcome(lambda lib: FILLS[fill](TARGETS[target](lib, getattr(lib, dtype))), seed=7)


# ---- samplers' dtypes, sizes, bounds and argument errors: PyTorch's values (and stream after) or its error ----
SAMPLER_CALLS = {
    "rand int": lambda L: L.rand(3, dtype=L.int64),
    "rand bool": lambda L: L.rand(3, dtype=L.bool),
    "rand f16": lambda L: L.rand(5, dtype=L.float16),
    "rand c128": lambda L: L.rand(3, dtype=L.complex128),
    "randn int": lambda L: L.randn(3, dtype=L.int32),
    "randn c64 big": lambda L: L.randn(20, dtype=L.complex64),
    "randn f64 block": lambda L: L.randn(33, dtype=L.float64),
    "randint f32": lambda L: L.randint(0, 10, (5,), dtype=L.float32),
    "randint bool": lambda L: L.randint(0, 2, (5,), dtype=L.bool),
    "randint c": lambda L: L.randint(0, 2, (5,), dtype=L.complex64),
    "randint high only": lambda L: L.randint(7, (4,)),
    "randint neg": lambda L: L.randint(-2**40, 2**40, (4,)),
    "randint big": lambda L: L.randint(0, 2**62, (4,)),
    "randint bad": lambda L: L.randint(5, 3, (4,)),
    "randint uint8 oob": lambda L: L.randint(0, 300, (4,), dtype=L.uint8),
    "randint_like": lambda L: L.randint_like(L.zeros(4, dtype=L.int16), 3, 9),
    "randperm f": lambda L: L.randperm(6, dtype=L.float32),
    "randperm 0": lambda L: L.randperm(0),
    "randperm neg": lambda L: L.randperm(-1),
    "randperm uint8 big": lambda L: L.randperm(300, dtype=L.uint8),
    "randperm f16 big": lambda L: L.randperm(3000, dtype=L.float16),
    "randperm bool": lambda L: L.randperm(2, dtype=L.bool),
    "normal ff": lambda L: L.normal(2.0, 3.0, (5,)),
    "normal ff f64": lambda L: L.normal(2.0, 3.0, (20,), dtype=L.float64),
    "normal TT bc": lambda L: L.normal(L.zeros(3, 1), L.ones(1, 4)),
    "normal std neg": lambda L: L.normal(0.0, -1.0, (3,)),
    "normal Tf": lambda L: L.normal(L.arange(20.0), 2.0),
    "normal fT": lambda L: L.normal(1.0, L.arange(1, 21.0)),
    "normal T std neg": lambda L: L.normal(L.zeros(3), L.tensor([1.0, -1.0, 1.0])),
    "normal int": lambda L: L.normal(L.zeros(3, dtype=L.int64), 1.0),
    "multinomial 2d": lambda L: L.multinomial(L.tensor([[0.2, 0.8, 0.0], [1, 1, 1.0]]), 2),
    "multinomial repl": lambda L: L.multinomial(L.tensor([0.2, 0.8, 0.1]), 7, replacement=True),
    "multinomial too many": lambda L: L.multinomial(L.tensor([0.2, 0.8, 0.0]), 3),
    "multinomial neg": lambda L: L.multinomial(L.tensor([0.2, -0.8]), 1),
    "multinomial zero": lambda L: L.multinomial(L.tensor([0.0, 0.0]), 1),
    "multinomial int": lambda L: L.multinomial(L.tensor([1, 2]), 1),
    "multinomial f16": lambda L: L.multinomial(L.tensor([1, 2, 3.0], dtype=L.float16), 2),
    "multinomial 0 samples": lambda L: L.multinomial(L.tensor([1, 2, 3.0]), 0),
    "poisson int": lambda L: L.poisson(L.tensor([1, 2])),
    "poisson f16": lambda L: L.poisson(L.tensor([1.5, 20.0], dtype=L.float16)),
    "bernoulli f64 p": lambda L: L.bernoulli(L.full((5,), 0.3, dtype=L.float64)),
    "rand_like int": lambda L: L.rand_like(L.zeros(3, dtype=L.int64)),
    "rand_like f32": lambda L: L.rand_like(L.zeros(4, 5)),
    "rand_like f64 transposed": lambda L: L.rand_like(L.zeros(5, 4, dtype=L.float64).t()),
    "randn_like f64": lambda L: L.randn_like(L.zeros(3, 7, dtype=L.float64)),
    "randn_like f32 small": lambda L: L.randn_like(L.zeros(5)),
    "randn_like permuted (not contiguous: element by element)": lambda L: L.randn_like(
        L.zeros(2, 3, 4, 5).permute(0, 2, 3, 1)),
    "rand_like complex transposed": lambda L: L.rand_like(L.zeros(3, 5, dtype=L.complex64).t()),
    "randint_like transposed": lambda L: L.randint_like(L.zeros(5, 4).t(), 3, 90),
    "randint_like int32 strided": lambda L: L.randint_like(L.zeros(6, 8, dtype=L.int32)[:, ::2], 50),
    "randint_like uint8 out of range": lambda L: L.randint_like(L.zeros(3, dtype=L.uint8), 0, 300),
    "rand out= transposed (filled in its memory order)": lambda L: L.rand(5, 4, out=L.empty(4, 5).t()),
    "randn out= transposed (element by element)": lambda L: L.randn(5, 4, out=L.empty(4, 5).t()),
    "randint out= transposed": lambda L: L.randint(0, 9, (5, 4), out=L.empty(4, 5, dtype=L.int64).t()),
    "rand out= resized": lambda L: L.rand(5, 4, out=L.empty(3)),
    "rand out= float64 (its dtype)": lambda L: L.rand(3, out=L.empty(3, dtype=L.float64)),
    "rand out= complex": lambda L: L.rand(3, out=L.empty(3, dtype=L.complex64)),
    "rand dtype= against out=": lambda L: L.rand(3, dtype=L.float64, out=L.empty(3)),
    "randperm out= float": lambda L: L.randperm(5, out=L.empty(5)),
    "multinomial of transposed weights": lambda L: L.multinomial(L.arange(1, 21.0).reshape(4, 5).t(), 2),
    "multinomial of strided weights": lambda L: L.multinomial(L.arange(1, 43.0).reshape(6, 7)[:, ::2], 3),
    "randn_like f16": lambda L: L.randn_like(L.zeros(20, dtype=L.float16)),
    "rand size tuple list": lambda L: L.rand([2, 3]),
    "rand neg size": lambda L: L.rand(-1),
    "empty().uniform_ from>to": lambda L: L.empty(3).uniform_(2, 1),
    "normal_ std 0": lambda L: L.empty(17).normal_(1, 0),
    "exponential_ inf": lambda L: L.empty(3).exponential_(float('inf')),
    "geometric_ p=1": lambda L: L.empty(3).geometric_(1.0),
}


@pytest.mark.parametrize("name", sorted(SAMPLER_CALLS))
def test_sampler_calls_give_torchs_values_or_errors(name):
    _assert_same_outcome(SAMPLER_CALLS[name], seed=3)

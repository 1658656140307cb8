"""Random number generation: ``Generator`` objects and the default generator with its seeding
(``manual_seed``, ``seed``, ``initial_seed``, ``get_rng_state``/``set_rng_state``, ``fork_rng``), the
samplers ``rand``/``randn``/``randint``/``randperm`` (and ``*_like``), ``normal``, ``bernoulli``,
``multinomial``, ``poisson``, and the in-place fills ``uniform_``, ``normal_``, ``exponential_``,
``geometric_``, ``cauchy_``, ``log_normal_``, ``random_``, ``bernoulli_``. Every sampling op takes
``generator=``.

Streams come from NumPy's PCG64, so seeded runs reproduce exactly, but the numbers differ from
PyTorch's (Mersenne Twister): tests copy data across instead of relying on equal streams. CUDA tensors
drawn without an explicit generator use CuPy's device generator (seeded by ``manual_seed``), so large
GPU fills never go through host memory.

In-place fills report to autograd through ``record_inplace`` under the names ``uniform``, ``normal``,
``exponential``, ``geometric``, ``cauchy``, ``log_normal``, ``random`` and ``bernoulli`` (their
gradient is zero, as in PyTorch). The samplers ``normal``, ``bernoulli`` and ``poisson`` record their
tensor parameters too, as PyTorch's nodes do (zero gradients; ``bernoulli(input, p)`` with a float ``p``
records ``{"overload": "p"}``, whose backward PyTorch does not implement); ``normal`` says which of
``mean``/``std`` was a tensor as PyTorch's overload name (``"Tensor_float"``, ``"float_Tensor"``,
``"Tensor_Tensor"``), which names its node.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, to_device_array
from ._core import TensorBase, dtype as DType
from .conversion import as_device
from .creation import parse_size
from .default_device import factory_device
from .memory_formats import restride_like
from .tensor import int_argument, tensor_method

_DEFAULT_SEED = 67280421310721   # PyTorch's default seed value


class Generator:
    """A random stream with its own state (``torch.Generator``).

    The NumPy stream is built from the seed on the first draw, not when seeded: importing
    ``numpy.random`` costs a good part of ``import flambeau_tensor_core``, and the stream a seed gives is
    the same whenever it is built."""

    def __init__(self, device: Any = "cpu"):
        self.device = as_device(device)
        self.manual_seed(_DEFAULT_SEED)

    def manual_seed(self, seed: int) -> Generator:
        self._initial_seed = int(seed)
        self._numpy = None
        return self

    def seed(self) -> int:
        seed = int.from_bytes(np.random.SeedSequence().entropy.to_bytes(16, "little")[:8], "little") >> 1
        self.manual_seed(seed)
        return seed

    def initial_seed(self) -> int:
        return self._initial_seed

    def get_state(self):
        """The state as a uint8 tensor (like PyTorch's ByteTensor), restorable by ``set_state``."""
        import json

        payload = json.dumps({"seed": self._initial_seed, "bit_generator": self.numpy_generator.bit_generator.state})
        return _core.wrap(np.frombuffer(payload.encode(), dtype=np.uint8).copy(), _core.uint8, _core.CPU)

    def set_state(self, new_state) -> Generator:
        if not isinstance(new_state, _core.TensorBase) or new_state.dtype is not _core.uint8:
            raise TypeError("expected a torch.ByteTensor (uint8 tensor) as the RNG state")
        import json

        try:
            state = json.loads(new_state._host_array().tobytes().decode())
            self.numpy_generator.bit_generator.state = state["bit_generator"]
        except (ValueError, KeyError, TypeError) as error:
            raise RuntimeError(f"invalid RNG state: {error}") from None
        self._initial_seed = state["seed"]
        return self

    @property
    def numpy_generator(self) -> np.random.Generator:
        """The NumPy generator drawing this stream (for ops implemented on NumPy)."""
        if self._numpy is None:
            self._numpy = np.random.Generator(np.random.PCG64(self._initial_seed & 0xFFFFFFFFFFFFFFFF))
        return self._numpy


default_generator = Generator()


# ---- where numbers come from ----------------------------------------------------------------------------
class _CupyDraws:
    """CuPy's device generator behind the NumPy ``Generator`` method names this module uses."""

    def __init__(self, state):
        self._state = state

    def random(self, size, dtype=np.float64):
        return self._state.random_sample(size, dtype=dtype)

    def standard_normal(self, size, dtype=np.float64):
        return self._state.standard_normal(size, dtype=dtype)

    def integers(self, low, high, size):
        return self._state.randint(low, high, size=size, dtype=np.int64)

    def permutation(self, n):
        return self._state.permutation(n)

    def uniform(self, low, high, size):
        return self._state.uniform(low, high, size)

    def exponential(self, scale, size):
        return self._state.exponential(scale, size)

    def geometric(self, p, size):
        return self._state.geometric(p, size)

    def standard_cauchy(self, size):
        return self._state.standard_cauchy(size)

    def lognormal(self, mean, sigma, size):
        return self._state.lognormal(mean, sigma, size)

    def poisson(self, lam):
        return self._state.poisson(lam)

    def binomial(self, n, p):
        import cupy
        return self._state.binomial(cupy.asarray(n), cupy.asarray(p))


class _OnHost:
    """Draws of another source (CuPy's device generator) as host arrays, for ops sampled on the host."""

    def __init__(self, draws):
        self._draws = draws

    def __getattr__(self, name: str):
        method = getattr(self._draws, name)
        return lambda *args, **kwargs: _host(method(*args, **kwargs))


def _draws(generator: Generator | None, device, host: bool = False):
    """The source of variates for a result on ``device``: the generator's PCG64 stream (host), or, for
    CUDA results drawn without an explicit generator, CuPy's device generator (its draws copied to the
    host where the op samples there, ``host=True``). A generator of another device type is PyTorch's
    RuntimeError."""
    if generator is None:
        if device.type == "cuda":
            import cupy
            draws = _CupyDraws(cupy.random.get_random_state())
            return _OnHost(draws) if host else draws
        return default_generator.numpy_generator
    if not isinstance(generator, Generator):
        raise TypeError(f"argument 'generator' must be flambeau.Generator, not {type(generator).__name__}")
    if generator.device.type != device.type:
        raise RuntimeError(f"Expected a '{device.type}' device type for generator but found "
                           f"'{generator.device.type}'")
    return generator.numpy_generator


def _generator(generator: Generator | None, device=_core.CPU) -> np.random.Generator:
    """The host stream for an op on ``device`` that samples on the host."""
    return _draws(generator, device, host=True)


def _host(array) -> np.ndarray:
    return array if isinstance(array, np.ndarray) else array.get()


def _uniform_array(draws, shape: tuple, dtype: DType):
    """Uniform [0, 1) variates drawn directly in float32/float64 (no float64 detour for float32)."""
    if dtype in (_core.float32, _core.float64):
        return draws.random(shape, dtype=dtype.numpy_dtype)
    return draws.random(shape)


def _normal_array(draws, shape: tuple, dtype: DType):
    if dtype in (_core.float32, _core.float64):
        return draws.standard_normal(shape, dtype=dtype.numpy_dtype)
    return draws.standard_normal(shape)


# ---- seeding ------------------------------------------------------------------------------------------
def manual_seed(seed: int) -> Generator:
    """Seed the default CPU generator (and CUDA's, when present); returns the default generator."""
    from . import cuda
    cuda.manual_seed_all(int(seed))
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices: Any = None, enabled: bool = True, _caller: str = "fork_rng",
             _devices_kw: str = "devices", device_type: str = "cuda") -> Iterator[None]:
    """Run the enclosed block with the default generator's state saved and restored afterwards, so
    random draws inside it do not change the stream outside it."""
    if not enabled:
        yield
        return
    state = default_generator.get_state()
    try:
        yield
    finally:
        default_generator.set_state(state)


# ---- samplers that create tensors ---------------------------------------------------------------------
def _sampled(array, dtype: DType, device: Any, requires_grad: bool, out=None, name: str = "rand"):
    device = factory_device(device)
    result = _core.wrap(to_device_array(array, device).astype(dtype.numpy_dtype, copy=False), dtype, device)
    if requires_grad:
        result.requires_grad_(True)
    return result if out is None else _core.copy_into_out(result, out, name)


def _float_dtype(dtype: DType | None, op: str = "check_uniform_bounds") -> DType:
    dtype = _core.get_default_dtype() if dtype is None else _core.check_dtype(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise NotImplementedError(f"\"{op}\" not implemented for '{_core.type_name(dtype)}'")
    return dtype


def _target_device(device: Any):
    return factory_device(device)


def rand(*size, generator: Generator | None = None, out=None, dtype: DType | None = None, layout=None,
         device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    """Uniform samples from [0, 1)."""
    dtype = _float_dtype(dtype)
    array = _uniform_array(_draws(generator, _target_device(device)), parse_size(size, "rand"), dtype)
    return _sampled(array, dtype, device, requires_grad, out, "rand")


def randn(*size, generator: Generator | None = None, out=None, dtype: DType | None = None, layout=None,
          device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    """Standard normal samples."""
    dtype = _float_dtype(dtype, "normal_kernel_cpu")
    array = _normal_array(_draws(generator, _target_device(device)), parse_size(size, "randn"), dtype)
    return _sampled(array, dtype, device, requires_grad, out, "randn")


def randint(low: int = 0, high: int | None = None, size: Any = None, *, generator: Generator | None = None,
            out=None, dtype: DType | None = None, layout=None, device: Any = None, requires_grad: bool = False):
    """Integers uniform in ``[low, high)``; ``randint(high, size)`` and ``randint(low, high, size)``."""
    if size is None:
        if high is None:
            raise TypeError("randint() missing required argument 'size'")
        low, high, size = 0, low, high
    if high is None:
        raise TypeError("randint() missing required argument 'high'")
    low = int_argument(low, "randint", "low", 1, symint=True)
    high = int_argument(high, "randint", "high", 2, symint=True)
    shape = parse_size(size, "randint", varargs=False)
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    dtype = _core.int64 if dtype is None else _core.check_dtype(dtype)
    array = _draws(generator, _target_device(device)).integers(low, high, shape)
    return _sampled(array, dtype, device, requires_grad, out, "randint")


def randperm(n: int, *, generator: Generator | None = None, out=None, dtype: DType | None = None,
             layout=None, device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    """A random permutation of ``0 … n-1``."""
    n = int_argument(n, "randperm", "n", 1, symint=True)
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got {n}")
    dtype = _core.int64 if dtype is None else _core.check_dtype(dtype)
    array = _draws(generator, _target_device(device)).permutation(n)
    return _sampled(array, dtype, device, requires_grad, out, "randperm")


def _like(input: Any, dtype: DType | None, device: Any) -> tuple:
    if not isinstance(input, TensorBase):
        raise TypeError(f"argument 'input' must be Tensor, not {type(input).__name__}")
    return tuple(input.shape), input.dtype if dtype is None else dtype, input.device if device is None else device


def rand_like(input, *, generator: Generator | None = None, dtype: DType | None = None, layout=None,
              device: Any = None, requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    result = rand(shape, generator=generator, dtype=dtype, device=device, requires_grad=requires_grad)
    return restride_like(result, input, memory_format, "rand_like")


def randn_like(input, *, generator: Generator | None = None, dtype: DType | None = None, layout=None,
               device: Any = None, requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    result = randn(shape, generator=generator, dtype=dtype, device=device, requires_grad=requires_grad)
    return restride_like(result, input, memory_format, "randn_like")


def randint_like(input, low: int = 0, high: int | None = None, *, generator: Generator | None = None,
                 dtype: DType | None = None, layout=None, device: Any = None, requires_grad: bool = False,
                 memory_format=None):
    """``randint_like(input, high)`` or ``randint_like(input, low, high)``."""
    if high is None:
        low, high = 0, low
    shape, dtype, device = _like(input, dtype, device)
    result = randint(low, high, shape, generator=generator, dtype=dtype, device=device, requires_grad=requires_grad)
    return restride_like(result, input, memory_format, "randint_like")


# ---- distributions parameterised by tensors ------------------------------------------------------------
def _parameter(value: Any):
    return value._data if isinstance(value, TensorBase) else value


def _check_std(std: Any) -> None:
    if isinstance(std, TensorBase):
        if bool((std._data < 0).any()):
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")


def normal(mean: Any, std: Any = 1.0, size: Any = None, *, generator: Generator | None = None, out=None,
           dtype: DType | None = None, layout=None, device: Any = None, requires_grad: bool = False):
    """Normal samples with (tensor or scalar) ``mean`` and ``std``; with two scalars, of shape ``size``."""
    tensors = [t for t in (mean, std) if isinstance(t, TensorBase)]
    if not tensors:
        if size is None:
            raise TypeError("normal() received an invalid combination of arguments: two floats need 'size'")
        _check_std(std)
        dtype = _float_dtype(dtype, "normal_kernel_cpu")
        shape, device = parse_size(size, "normal", varargs=False), _target_device(device)
    else:
        if len(tensors) == 2:
            _core.check_same_device(*tensors)
        dtype = _float_dtype(_core.result_type(*tensors), "normal_kernel_cpu")
        _check_std(std)
        shape = np.broadcast_shapes(*(t._data.shape for t in tensors))
        device = tensors[0].device
    xp = array_module(device)
    noise = to_device_array(_normal_array(_draws(generator, device), shape, dtype), device)
    array = xp.asarray(_parameter(mean) + _parameter(std) * noise)
    if not tensors:
        return _sampled(array, dtype, device, requires_grad, out, "normal")
    overload = "_".join("Tensor" if isinstance(v, TensorBase) else "float" for v in (mean, std))
    return _recorded("normal", (mean, std), {"overload": overload}, _sampled(array, dtype, device, False), out)


def _recorded(name: str, inputs: tuple, params: dict | None, result: TensorBase, out: Any) -> TensorBase:
    """``result`` of a sampler reported to autograd (its gradient is zero, or not implemented, as in
    PyTorch), copied into ``out=`` if given."""
    _core.record(name, inputs, params, (result,))
    return result if out is None else _core.copy_into_out(result, out, name)


def _require_float_tensor(input: Any, op: str, kernel: str) -> TensorBase:
    if not isinstance(input, TensorBase):
        raise TypeError(f"{op}(): argument 'input' must be Tensor, not {type(input).__name__}")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(input.dtype)}'")
    return input


def _check_probabilities(p: Any, op: str) -> None:
    if isinstance(p, TensorBase):
        data = p._data
        if bool(((data < 0) | (data > 1)).any()) or bool(array_module(p.device).isnan(data).any()):
            raise RuntimeError(f"{op}: expected all probabilities to be in [0, 1] (Expected p_in >= 0 && p_in <= 1 "
                               "to be true, but got false.)")
    elif not 0 <= p <= 1:
        raise RuntimeError(f"{op}_ expects p to be in [0, 1], but got p={p}")


def bernoulli(input, p: float | None = None, *, generator: Generator | None = None, out=None):
    """1 with probability ``input`` (or the scalar ``p``) elementwise, else 0; the input's dtype."""
    _require_float_tensor(input, "bernoulli", "bernoulli_tensor_cpu_p_")
    probability = input if p is None else p
    _check_probabilities(probability, "bernoulli")
    xp = array_module(input.device)
    uniform = to_device_array(_draws(generator, input.device).random(tuple(input.shape)), input.device)
    array = xp.asarray(uniform < _parameter(probability))
    params = None if p is None else {"p": p, "overload": "p"}
    return _recorded("bernoulli", (input,), params, _sampled(array, input.dtype, input.device, False), out)


def poisson(input, generator: Generator | None = None):
    """Poisson counts with rates ``input`` (same dtype)."""
    _require_float_tensor(input, "poisson", "poisson_cpu")
    if bool((input._data < 0).any()):
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    draws = _draws(generator, input.device)
    rates = input._data if isinstance(draws, _CupyDraws) else _host(input._data)
    result = _sampled(draws.poisson(rates.astype(np.float64)), input.dtype, input.device, False)
    return _recorded("poisson", (input,), None, result, None)


def multinomial(input, num_samples: int, replacement: bool = False, *, generator: Generator | None = None,
                out=None):
    """Category indices drawn with probabilities proportional to the rows of ``input`` (1-D or 2-D).

    Without replacement, the ``num_samples`` smallest of ``Exp(1) / weight`` give a sample equal in law
    to drawing categories one at a time, each from the renormalised remaining weights."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"multinomial(): argument 'input' must be Tensor, not {type(input).__name__}")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{_core.type_name(input.dtype)}")
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    num_samples = int_argument(num_samples, "multinomial", "num_samples", 2, symint=True)
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    weights = np.atleast_2d(_host(input._data).astype(np.float64))
    categories = weights.shape[1]
    if not replacement and num_samples > categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (weights.sum(axis=1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    draws = _generator(generator, input.device)
    if replacement:
        cumulative = np.cumsum(weights, axis=1)
        targets = draws.random((weights.shape[0], num_samples)) * cumulative[:, -1:]
        samples = np.stack([np.searchsorted(row, t, side="right") for row, t in zip(cumulative, targets)])
        samples = np.minimum(samples, categories - 1)
    else:
        with _core.quiet_fp():
            keys = draws.exponential(1.0, weights.shape) / weights
        samples = np.argsort(keys, axis=1, kind="stable")[:, :num_samples]
    if input.dim() == 1:
        samples = samples[0]
    return _sampled(samples, _core.int64, input.device, False, out, "multinomial")


# ---- in-place fills --------------------------------------------------------------------------------------
def _fill(name: str, target: TensorBase, values, params: dict | None, inputs: tuple = ()):
    """Write sampled ``values`` into ``target`` (cast to its dtype) as the in-place op ``name``."""
    destination = target._data
    source = to_device_array(values, target.device)

    def mutate():
        destination[...] = source

    _core.record_inplace(name, target, (target, *inputs), params, mutate)
    return target


def _float_target(self: Any, op: str, kernel: str) -> TensorBase:
    if not isinstance(self, TensorBase):
        raise TypeError(f"{op}(): 'self' must be Tensor, not {type(self).__name__}")
    if not (self.dtype.is_floating_point or self.dtype.is_complex):
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(self.dtype)}'")
    return self


@tensor_method()
def uniform_(self, from_: float = 0, to: float = 1, *, generator: Generator | None = None, **kwargs: Any):
    """Fill with samples uniform in ``[from, to)`` (``from`` may be passed by that name)."""
    from_ = kwargs.pop("from", from_)
    _float_target(self, "uniform_", "check_uniform_bounds")
    if from_ > to:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={from_} > to={to}")
    values = _uniform_array(_draws(generator, self.device), tuple(self.shape), self.dtype)
    return _fill("uniform", self, from_ + (to - from_) * values, {"from": from_, "to": to})


@tensor_method()
def normal_(self, mean: float = 0, std: float = 1, *, generator: Generator | None = None):
    _float_target(self, "normal_", "normal_kernel_cpu")
    _check_std(std)
    values = _normal_array(_draws(generator, self.device), tuple(self.shape), self.dtype)
    return _fill("normal", self, mean + std * values, {"mean": mean, "std": std})


@tensor_method()
def exponential_(self, lambd: float = 1, *, generator: Generator | None = None):
    _float_target(self, "exponential_", "exponential_cpu")
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    values = _draws(generator, self.device).exponential(1.0 / lambd, tuple(self.shape))
    return _fill("exponential", self, values, {"lambd": lambd})


@tensor_method()
def geometric_(self, p: float, *, generator: Generator | None = None):
    """Fill with the number of Bernoulli(``p``) trials up to the first success (1, 2, …)."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    values = _draws(generator, self.device).geometric(p, tuple(self.shape))
    return _fill("geometric", self, values, {"p": p})


@tensor_method()
def cauchy_(self, median: float = 0, sigma: float = 1, *, generator: Generator | None = None):
    _float_target(self, "cauchy_", "cauchy_cpu")
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma}")
    values = _draws(generator, self.device).standard_cauchy(tuple(self.shape))
    return _fill("cauchy", self, median + sigma * values, {"median": median, "sigma": sigma})


@tensor_method()
def log_normal_(self, mean: float = 1, std: float = 2, *, generator: Generator | None = None):
    _float_target(self, "log_normal_", "log_normal_cpu")
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    values = _draws(generator, self.device).lognormal(mean, std, tuple(self.shape))
    return _fill("log_normal", self, values, {"mean": mean, "std": std})


def _random_bounds(dtype: DType) -> tuple[int, int]:
    """The default ``[0, high)`` of ``random_()``: every integer the dtype holds exactly."""
    if dtype is _core.bool_:
        return 0, 2
    if dtype.is_floating_point or dtype.is_complex:
        mantissa = np.finfo(dtype.to_real().numpy_dtype).nmant + 1
        return 0, 2 ** mantissa + 1
    return 0, int(np.iinfo(dtype.numpy_dtype).max) + 1


@tensor_method()
def random_(self, from_: int | None = None, to: int | None = None, *, generator: Generator | None = None,
            **kwargs: Any):
    """Fill with integers uniform in ``[from, to)``; ``random_(to)`` means ``[0, to)``; ``random_()``
    every integer the dtype represents exactly."""
    from_ = kwargs.pop("from", from_)
    for name, value in (("from", from_), ("to", to)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer))):
            raise TypeError(f"random_(): argument '{name}' must be int, not {type(value).__name__}")
    if from_ is None:
        low, high = _random_bounds(self.dtype)
    elif to is None:
        low, high = 0, from_
    else:
        low, high = from_, to
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    if self.dtype.category == 1:
        info = np.iinfo(self.dtype.numpy_dtype)
        if low < info.min or high - 1 > info.max:
            bound = "from" if low < info.min else "to - 1"
            raise RuntimeError(f"{bound} is out of bounds for {self.dtype.name}")
    values = _draws(generator, self.device).integers(low, high, tuple(self.shape))
    return _fill("random", self, values, {"from": low, "to": high})


@tensor_method()
def bernoulli_(self, p: Any = 0.5, *, generator: Generator | None = None):
    """Fill with 1 with probability ``p`` (a float or a tensor of probabilities), else 0."""
    _check_probabilities(p, "bernoulli")
    uniform = to_device_array(_draws(generator, self.device).random(tuple(self.shape)), self.device)
    inputs = (p,) if isinstance(p, TensorBase) else ()
    return _fill("bernoulli", self, uniform < _parameter(p), {"p": p} if not inputs else None, inputs)


tensor_method("bernoulli")(bernoulli)
tensor_method("multinomial")(multinomial)


__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed", "get_rng_state",
           "set_rng_state", "fork_rng", "rand", "randn", "randint", "randperm", "rand_like", "randn_like",
           "randint_like", "normal", "bernoulli", "poisson", "multinomial"]

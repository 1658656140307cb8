"""Random number generation: ``Generator`` objects and the default generator with its seeding
(``manual_seed``, ``seed``, ``initial_seed``, ``get_rng_state``/``set_rng_state``, ``fork_rng``), the
samplers ``rand``/``randn``/``randint``/``randperm`` (and ``*_like``), ``normal``, ``bernoulli``,
``multinomial``, ``poisson``, and the in-place fills ``uniform_``, ``normal_``, ``exponential_``,
``geometric_``, ``cauchy_``, ``log_normal_``, ``random_``, ``bernoulli_``. Every sampling op takes
``generator=``.

CPU streams are PyTorch's: a Mersenne Twister turned into numbers the way PyTorch's CPU kernels do
(``kernels/mersenne_twister_cpu.pyx``), so after the same ``manual_seed`` the same calls give the same
tensors as PyTorch -- bit for bit (float32 normal block fills follow the vector kernel PyTorch runs on
AVX2 CPUs, or its scalar one without AVX2) -- and RNG states move between the two
libraries; ``binomial`` and ``rrelu``'s noise included. CUDA
tensors drawn without an explicit generator use CuPy's device generator (seeded by ``manual_seed``),
so large GPU fills never go through host memory; a CUDA ``Generator`` draws its PyTorch-like CPU
stream on the host (PyTorch's CUDA generator is a different one, Philox).

Fills visit a tensor's elements in memory order (its dimensions by decreasing stride), as PyTorch's
element-by-element kernels do, so that a strided or transposed target gets the numbers PyTorch puts
there.

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
import functools
import math
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, to_device_array
from ._core import TensorBase, dtype as DType
from .conversion import as_device
from .creation import empty, factory_dtype, parse_size
from .default_device import factory_device
from .memory_formats import restride_like
from .tensor import factory_requires_grad, int_argument, tensor_method

_DEFAULT_SEED = 67280421310721   # PyTorch's default seed value
_SEED_MIN, _SEED_LIMIT = -(1 << 63), 1 << 64
_STATE_BYTES = 5056               # PyTorch's CPU generator state


def _seed_argument(seed: Any) -> int:
    """``seed`` as the unsigned 64-bit value PyTorch keeps (negative seeds wrap around)."""
    if isinstance(seed, np.integer):
        raise TypeError("an integer is required")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
    if not _SEED_MIN <= seed < _SEED_LIMIT:
        raise ValueError("Overflow when unpacking long long")
    return seed % _SEED_LIMIT


class Generator:
    """A random stream with its own state (``torch.Generator``): PyTorch's CPU generator.

    The Mersenne Twister is built on the first draw, not when seeded, so that importing
    flambeau_tensor_core loads no kernel module for the default generator."""

    def __init__(self, device: Any = "cpu"):
        self.device = as_device(device)
        self._engine = None
        self._seed = _DEFAULT_SEED

    def manual_seed(self, seed: int) -> Generator:
        seed = _seed_argument(seed)
        self._seed = seed
        if self._engine is not None:
            self._engine.seed(seed)
        return self

    def seed(self) -> int:
        """Seed from the operating system's entropy; returns the seed."""
        seed = int.from_bytes(np.random.SeedSequence().entropy.to_bytes(16, "little")[:8], "little") >> 1
        self.manual_seed(seed)
        return seed

    def initial_seed(self) -> int:
        return self._seed if self._engine is None else self._engine.initial_seed

    @property
    def engine(self):
        """The Mersenne Twister drawing this stream (``kernels.mersenne_twister_cpu.MT19937``)."""
        if self._engine is None:
            from .kernels.mersenne_twister_cpu import MT19937
            self._engine = MT19937(self._seed)
        return self._engine

    def get_state(self):
        """The state as a uint8 tensor in PyTorch's layout (``torch.Generator.get_state``)."""
        state = np.frombuffer(self.engine.get_state(), dtype=np.uint8).copy()
        return _core.wrap(state, _core.uint8, _core.CPU)

    def set_state(self, new_state) -> Generator:
        """Restore a state from ``get_state`` (this library's or PyTorch's)."""
        if not isinstance(new_state, _core.TensorBase) or new_state.dtype is not _core.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        state = np.ascontiguousarray(new_state._host_array()).reshape(-1)
        if state.size != _STATE_BYTES:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE_BYTES} but found the input "
                               f"RNG state size to be {state.size}")
        try:
            self.engine.set_state(state)
        except ValueError as error:
            raise RuntimeError(str(error)) from None
        self._seed = self._engine.initial_seed
        return self

    def clone_state(self) -> Generator:
        """A new generator on the same device with this one's state (``torch.Generator.clone_state``)."""
        clone = Generator(self.device)
        return clone.set_state(self.get_state())


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


def _source(generator: Generator | None, device):
    """Where the variates of a result on ``device`` come from: a ``Generator`` (PyTorch's stream, drawn
    on the host), or, for CUDA results drawn without an explicit generator, CuPy's device generator. A
    generator of another device type is PyTorch's RuntimeError."""
    if generator is None:
        if device.type == "cuda":
            import cupy
            return _CupyDraws(cupy.random.get_random_state())
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(f"argument 'generator' must be flambeau.Generator, not {type(generator).__name__}")
    if generator.device.type != device.type:
        raise RuntimeError(f"Expected a '{device.type}' device type for generator but found "
                           f"'{generator.device.type}'")
    return generator


def host_draws(source) -> _OnHost:
    """The draws of a CUDA result's source made without a generator (CuPy's device generator) as host
    arrays, for the samplers computed on the host (binomial, rrelu)."""
    return _OnHost(source)


def _host(array) -> np.ndarray:
    return array if isinstance(array, np.ndarray) else array.get()


# ---- PyTorch's transforms on a generator's stream (host arrays) -------------------------------------------
def _real_count(shape: tuple, dtype: DType) -> tuple[int, np.dtype]:
    """How many real numbers a ``dtype`` tensor of ``shape`` holds, and their NumPy dtype (a complex
    tensor is filled through its real view, as in PyTorch)."""
    real = dtype.to_real() if dtype.is_complex else dtype
    return math.prod(shape) * (2 if dtype.is_complex else 1), np.dtype(real.numpy_dtype)


def _as_shape(values: np.ndarray, shape: tuple, dtype: DType) -> np.ndarray:
    if dtype.is_complex:
        return values.view(dtype.numpy_dtype).reshape(shape)
    return values.reshape(shape)


def _uniform_values(engine, shape: tuple, dtype: DType, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """PyTorch's ``uniform_(low, high)`` values for a ``dtype`` tensor of ``shape`` (memory order)."""
    count, real = _real_count(shape, dtype)
    if real == np.float64:
        values = np.empty(count, np.float64)
        engine.uniform_double(values, low, high)
    else:   # float32, and float16 computed in float (24 digits) and rounded, as PyTorch does
        values = np.empty(count, np.float32)
        engine.uniform_float(values, 24, low, high)
        values = values.astype(real, copy=False)
    return _as_shape(values, shape, dtype)


def _cpu_has_avx2() -> bool:
    """Whether this CPU runs PyTorch's AVX2 normal block (what its AVX2 and AVX-512 builds dispatch to)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__
    except ImportError:      # NumPy < 2
        from numpy.core._multiarray_umath import __cpu_features__
    return bool(__cpu_features__.get("AVX2") and __cpu_features__.get("FMA3"))


_VECTOR_NORMAL_BLOCK = _cpu_has_avx2()


def _normal_values(engine, shape: tuple, dtype: DType, mean: float = 0.0, std: float = 1.0,
                   contiguous: bool = True) -> np.ndarray:
    """PyTorch's ``normal_(mean, std)`` values: the block fill for 16 or more contiguous elements, else
    element by element. A complex tensor's parts each get variance ``std**2 / 2``."""
    count, real = _real_count(shape, dtype)
    if dtype.is_complex:
        std = std / math.sqrt(2.0)
    if count >= 16 and contiguous:
        if real == np.float64:
            values = np.empty(count, np.float64)
            engine.normal_fill_double(values, mean, std)
        else:
            values = np.empty(count, np.float32)
            engine.normal_fill_float(values, mean, std, _VECTOR_NORMAL_BLOCK, real != np.float16)
    else:
        values = np.empty(count, np.float64)
        engine.serial_normals(values, mean, std)
    return _as_shape(values.astype(real, copy=False), shape, dtype)


def _integer_values(engine, shape: tuple, low: int, high: int) -> np.ndarray:
    """Integers in ``[low, high)`` as PyTorch's ``random_(low, high)`` draws them (int64)."""
    values = np.empty(math.prod(shape), np.int64)
    engine.integers(values, (high - low) % (1 << 64), low)
    return values.reshape(shape)


def _unit_values(engine, shape: tuple) -> np.ndarray:
    """53-bit uniforms in [0, 1) (float64)."""
    values = np.empty(math.prod(shape), np.float64)
    engine.uniforms53(values)
    return values.reshape(shape)


def _bernoulli_uniforms(engine, shape: tuple, probability_dtype: DType) -> np.ndarray:
    """The uniforms PyTorch compares with a tensor of probabilities: 53-bit for float64 ones, else
    24-bit."""
    if probability_dtype is _core.float64:
        return _unit_values(engine, shape)
    return _uniform_values(engine, shape, _core.float32)


def _memory_order(array) -> tuple[int, ...]:
    """The dimension order in which PyTorch's element-by-element kernels visit ``array``: by decreasing
    stride (a stable sort, so a C-contiguous array keeps its order; size-1 dimensions change nothing)."""
    if array.flags.c_contiguous:
        return tuple(range(array.ndim))
    return tuple(sorted(range(array.ndim), key=lambda d: -abs(array.strides[d])))


# ---- seeding ------------------------------------------------------------------------------------------
def manual_seed(seed: int) -> Generator:
    """Seed the default CPU generator (and CUDA's, when present); returns the default generator. As
    PyTorch, ``int(seed)`` first, so floats, bools and numeric strings are accepted here (not by
    ``Generator.manual_seed``)."""
    from . import cuda
    seed = _seed_argument(int(seed))
    cuda.manual_seed_all(seed)
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
    """Run the enclosed block with the default generator's state saved and restored afterwards (and the
    CUDA generators' of ``devices``, every CUDA device when None), so random draws inside it do not
    change the streams outside it."""
    if not enabled:
        yield
        return
    state = default_generator.get_state()
    cuda_states = _cuda_states(devices) if device_type == "cuda" else ()
    try:
        yield
    finally:
        default_generator.set_state(state)
        from . import cuda_random
        for index, device_state in cuda_states:
            cuda_random.set_rng_state(device_state, index)


def _cuda_states(devices: Any) -> tuple:
    """The generator states of ``devices`` (every CUDA device when None), nothing without CUDA."""
    from . import cuda, cuda_random
    if not cuda.is_available():
        return ()
    indices = range(cuda.device_count()) if devices is None else \
        [d if isinstance(d, int) else (as_device(d).index or 0) for d in devices]
    return tuple((index, cuda_random.get_rng_state(index)) for index in indices)


# ---- samplers that create tensors ---------------------------------------------------------------------
def _sampled(array, dtype: DType, device: Any, requires_grad: bool, out=None, name: str = "rand"):
    device = factory_device(device)
    result = _core.wrap(to_device_array(array, device).astype(dtype.numpy_dtype, copy=False), dtype, device)
    if requires_grad:
        factory_requires_grad(result)
    return result if out is None else _core.copy_into_out(result, out, name)


def _drawn_for(out: TensorBase | None, shape: tuple, source, draw):
    """Values of a sampler's result of ``shape`` (in logical order) from ``draw(fill_shape, contiguous)``:
    when they go to an ``out`` of that shape, which keeps its layout, they are drawn in ``out``'s
    memory order (PyTorch fills ``out`` in place), else in C order."""
    if out is None or not isinstance(source, Generator) or tuple(out.shape) != tuple(shape):
        return draw(shape, True)
    order = _memory_order(out._data)
    values = draw(tuple(shape[d] for d in order), bool(out._data.flags.c_contiguous))
    return values.transpose(np.argsort(order)) if order != tuple(range(len(order))) else values


def _float_dtype(dtype: DType | None, op: str = "check_uniform_bounds") -> DType:
    dtype = _core.get_default_dtype() if dtype is None else _core.check_dtype(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise NotImplementedError(f"\"{op}\" not implemented for '{_core.type_name(dtype)}'")
    return dtype


def _uniform_array(source, shape: tuple, dtype: DType, low: float = 0.0, high: float = 1.0):
    if isinstance(source, Generator):
        return _uniform_values(source.engine, shape, dtype, low, high)
    real = dtype.to_real() if dtype.is_complex else dtype
    values = source.random(shape + ((2,) if dtype.is_complex else ()), dtype=real.numpy_dtype
                           if real in (_core.float32, _core.float64) else np.float32)
    values = low + (high - low) * values if (low, high) != (0.0, 1.0) else values
    return values.astype(real.numpy_dtype, copy=False).view(dtype.numpy_dtype).reshape(shape) \
        if dtype.is_complex else values


def _normal_array(source, shape: tuple, dtype: DType, mean: float = 0.0, std: float = 1.0,
                  contiguous: bool = True):
    if isinstance(source, Generator):
        return _normal_values(source.engine, shape, dtype, mean, std, contiguous)
    real = dtype.to_real() if dtype.is_complex else dtype
    std = std / math.sqrt(2.0) if dtype.is_complex else std
    values = source.standard_normal(shape + ((2,) if dtype.is_complex else ()), dtype=real.numpy_dtype
                                    if real in (_core.float32, _core.float64) else np.float32)
    values = mean + std * values if (mean, std) != (0.0, 1.0) else values
    return values.astype(real.numpy_dtype, copy=False).view(dtype.numpy_dtype).reshape(shape) \
        if dtype.is_complex else values


def _integer_array(source, shape: tuple, low: int, high: int):
    if isinstance(source, Generator):
        return _integer_values(source.engine, shape, low, high)
    return source.integers(low, high, shape)


def _plain_default_draw(size: tuple, op: str):
    """``rand(*size)``/``randn(*size)`` of float32 on the CPU from the default generator, when ``size``
    is already non-negative ints and the defaults are PyTorch's (float32, CPU): the same values as the
    general path without its argument parsing, which costs more than drawing a few numbers. None
    otherwise."""
    if len(size) == 1 and type(size[0]) in (tuple, list):
        size = tuple(size[0])
    elif not size:   # rand() with no size at all is PyTorch's TypeError, raised by the general path
        return None
    for n in size:
        if type(n) is not int or n < 0:
            return None
    if _core.get_default_dtype() is not _core.float32 or factory_device(None) is not _core.CPU:
        return None
    engine = default_generator.engine
    if op == "rand":
        values = np.empty(size, np.float32)
        engine.uniform_float(values.reshape(-1), 24, 0.0, 1.0)
    else:
        values = _normal_values(engine, size, _core.float32)
    return _core.wrap(values, _core.float32, _core.CPU)


def rand(*size, generator: Generator | None = None, out=None, dtype: DType | None = None, layout=None,
         device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    """Uniform samples from [0, 1)."""
    if generator is None and out is None and dtype is None and device is None and not requires_grad:
        fast = _plain_default_draw(size, "rand")
        if fast is not None:
            return fast
    shape = parse_size(size, "rand")   # (the size is refused before the dtype)
    dtype = _float_dtype(factory_dtype(dtype, _core.get_default_dtype(), out))
    source = _source(generator, factory_device(device))
    array = _drawn_for(out, shape, source, lambda shape, contiguous: _uniform_array(source, shape, dtype))
    return _sampled(array, dtype, device, requires_grad, out, "rand")


def randn(*size, generator: Generator | None = None, out=None, dtype: DType | None = None, layout=None,
          device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    """Standard normal samples."""
    if generator is None and out is None and dtype is None and device is None and not requires_grad:
        fast = _plain_default_draw(size, "randn")
        if fast is not None:
            return fast
    shape = parse_size(size, "randn")   # (the size is refused before the dtype; an empty draw runs no kernel)
    dtype = factory_dtype(dtype, _core.get_default_dtype(), out)
    dtype = _float_dtype(dtype, "normal_kernel_cpu") if math.prod(shape) else dtype
    source = _source(generator, factory_device(device))
    array = _drawn_for(out, shape, source,
                       lambda shape, contiguous: _normal_array(source, shape, dtype, contiguous=contiguous))
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
    dtype = factory_dtype(dtype, _core.int64, out)
    low, high = _checked_random_range(low, high, dtype)       # randint is empty(...).random_(low, high)
    source = _source(generator, factory_device(device))
    array = _drawn_for(out, shape, source, lambda fill_shape, contiguous: _integer_array(source, fill_shape, low, high))
    return _sampled(array, dtype, device, requires_grad, out, "randint")


def _check_permutation_dtype(n: int, dtype: DType) -> None:
    """PyTorch's randperm dtypes: real and not bool, holding every value below ``n`` exactly."""
    if dtype is _core.bool_ or dtype.is_complex:
        raise NotImplementedError(f"\"randperm\" not implemented for '{_core.type_name(dtype)}'")
    if dtype.name in ("uint8", "int8", "int16", "int32") and n - 1 > np.iinfo(dtype.numpy_dtype).max:
        raise _core.overflow_error(dtype.name)
    if dtype is _core.float16 and n > 2049:
        raise RuntimeError("n cannot be greater than 2049 for Half type.")
    if dtype is _core.float32 and n > 2 ** 24 + 1:
        raise RuntimeError("n cannot be greater than 2^24+1 for Float type.")


def randperm(n: int, *, generator: Generator | None = None, out=None, dtype: DType | None = None,
             layout=None, device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    """A random permutation of ``0 … n-1``."""
    n = int_argument(n, "randperm", "n", 1, symint=True)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    dtype = factory_dtype(dtype, _core.int64, out)
    _check_permutation_dtype(n, dtype)
    source = _source(generator, factory_device(device))
    if isinstance(source, Generator):
        array = np.empty(n, np.int64)
        source.engine.permutation(array)
    else:
        array = source.permutation(n)
    return _sampled(array, dtype, device, requires_grad, out, "randperm")


def _like(input: Any, dtype: DType | None, device: Any) -> tuple:
    if not isinstance(input, TensorBase):
        raise TypeError(f"argument 'input' must be Tensor, not {type(input).__name__}")
    return tuple(input.shape), input.dtype if dtype is None else dtype, input.device if device is None else device


def _default_draw_like(input: Any, op: str) -> TensorBase | None:
    """``rand_like``/``randn_like`` of a C-contiguous float32/float64 CPU tensor with every default: the
    general path's values without its argument handling. None otherwise."""
    data = getattr(input, "_data", None)
    if not (isinstance(input, TensorBase) and isinstance(data, np.ndarray) and data.flags.c_contiguous
            and (data.dtype == np.float32 or data.dtype == np.float64)):
        return None
    engine = default_generator.engine
    if op == "randn":
        values = _normal_values(engine, data.shape, input.dtype)
    elif data.dtype == np.float32:
        values = np.empty(data.shape, np.float32)
        engine.uniform_float(values.reshape(-1), 24, 0.0, 1.0)
    else:
        values = np.empty(data.shape, np.float64)
        engine.uniform_double(values.reshape(-1), 0.0, 1.0)
    return _core.wrap(values, input.dtype, _core.CPU)


def _sampled_like(input: Any, generator: Generator | None, dtype: DType | None, device: Any, requires_grad: bool,
                  memory_format: Any, op: str, draw) -> TensorBase:
    """``rand_like``/``randn_like``/``randint_like``: a tensor laid out as ``empty_like`` lays it out and
    filled as the in-place samplers fill one (in memory order): ``draw(source, shape, result)`` gives the
    values for ``shape`` (the result's dims in memory order when the source is a Generator)."""
    shape, dtype, device = _like(input, dtype, device)
    result = restride_like(empty(shape, dtype=dtype, device=device), input, memory_format, op)
    source = _source(generator, result.device)
    ordered = isinstance(source, Generator)
    _write(result, draw(source, _fill_shape(result) if ordered else tuple(result.shape), result), ordered)
    return factory_requires_grad(result) if requires_grad else result


def _check_like_dtype(input: Any, dtype: DType | None, kernel: str) -> None:
    """A floating result dtype for ``rand_like``/``randn_like`` (``_like`` checks ``input`` itself)."""
    if isinstance(input, TensorBase):
        _float_dtype(input.dtype if dtype is None else dtype, kernel)


def _uniform_draw(source, shape: tuple, result: TensorBase):
    return _uniform_array(source, shape, result.dtype)


def _normal_draw(source, shape: tuple, result: TensorBase):
    """The block fill only for a contiguous result, as ``normal_``."""
    if isinstance(source, Generator):
        return _normal_values(source.engine, shape, result.dtype, contiguous=result._data.flags.c_contiguous)
    return _normal_array(source, shape, result.dtype)


def _float_sampled_like(op: str, kernel: str, draw, input: Any, generator: Generator | None, dtype: DType | None,
                        device: Any, requires_grad: bool, memory_format: Any) -> TensorBase:
    """``rand_like``/``randn_like``: the shortcut for the defaults, else the general route."""
    if generator is None and dtype is None and device is None and not requires_grad and memory_format is None:
        fast = _default_draw_like(input, op)
        if fast is not None:
            return fast
    _check_like_dtype(input, dtype, kernel)
    return _sampled_like(input, generator, dtype, device, requires_grad, memory_format, f"{op}_like", draw)


def rand_like(input, *, generator: Generator | None = None, dtype: DType | None = None, layout=None,
              device: Any = None, requires_grad: bool = False, memory_format=None):
    """Uniform samples in [0, 1), shaped and laid out as ``input``."""
    return _float_sampled_like("rand", "check_uniform_bounds", _uniform_draw, input, generator, dtype, device,
                               requires_grad, memory_format)


def randn_like(input, *, generator: Generator | None = None, dtype: DType | None = None, layout=None,
               device: Any = None, requires_grad: bool = False, memory_format=None):
    """Standard normal samples, shaped and laid out as ``input``."""
    return _float_sampled_like("randn", "normal_kernel_cpu", _normal_draw, input, generator, dtype, device,
                               requires_grad, memory_format)


def randint_like(input, low: int = 0, high: int | None = None, *, generator: Generator | None = None,
                 dtype: DType | None = None, layout=None, device: Any = None, requires_grad: bool = False,
                 memory_format=None):
    """``randint_like(input, high)`` or ``randint_like(input, low, high)``."""
    if high is None:
        low, high = 0, low
    low = int_argument(low, "randint_like", "low", 1, symint=True)
    high = int_argument(high, "randint_like", "high", 2, symint=True)
    if isinstance(input, TensorBase):
        low, high = _checked_random_range(low, high, input.dtype if dtype is None else _core.check_dtype(dtype))

    def draw(source, shape: tuple, result: TensorBase):
        return _integer_array(source, shape, low, high)
    return _sampled_like(input, generator, dtype, device, requires_grad, memory_format, "randint_like", draw)


# ---- distributions parameterised by tensors ------------------------------------------------------------
def _parameter(value: Any):
    return value._data if isinstance(value, TensorBase) else value


def _check_std(std: Any) -> None:
    if isinstance(std, TensorBase):
        if bool((std._data < 0).any()):
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {float(std):g}")


def normal(mean: Any, std: Any = 1.0, size: Any = None, *, generator: Generator | None = None, out=None,
           dtype: DType | None = None, layout=None, device: Any = None, requires_grad: bool = False):
    """Normal samples with (tensor or scalar) ``mean`` and ``std``; with two scalars, of shape ``size``.

    As PyTorch: two scalars fill ``normal_(mean, std)``; with tensors, standard normals are scaled by
    ``std`` and then shifted by ``mean``, each step rounded in the result's dtype."""
    tensors = [t for t in (mean, std) if isinstance(t, TensorBase)]
    if not tensors:
        if size is None:
            raise TypeError("normal() received an invalid combination of arguments: two floats need 'size'")
        shape, device = parse_size(size, "normal", varargs=False), factory_device(device)
        _check_std(std)   # PyTorch's order: the size, the std, the dtype (no kernel for an empty draw)
        dtype = _float_dtype(dtype, "normal_kernel_cpu") if math.prod(shape) else factory_dtype(
            dtype, _core.get_default_dtype(), out)
        array = _normal_array(_source(generator, device), shape, dtype, float(mean), float(std))
        return _sampled(array, dtype, device, requires_grad, out, "normal")
    if len(tensors) == 2:
        _core.check_same_device(*tensors)
    # the result is made like mean (or like std when mean is a number), and sampled in that dtype
    _check_std(std)
    dtype = _float_dtype((mean if isinstance(mean, TensorBase) else std)._dtype, "normal_kernel_cpu")
    if len(tensors) == 2:
        from .shape import size_mismatch

        mismatch = size_mismatch(mean._data.shape, std._data.shape)
        if mismatch:
            raise RuntimeError(mismatch)
    shape = np.broadcast_shapes(*(t._data.shape for t in tensors))
    device = tensors[0].device
    xp = array_module(device)
    noise = to_device_array(_normal_array(_source(generator, device), tuple(shape), dtype), device)
    scale, shift = (xp.asarray(_parameter(v)).astype(dtype.numpy_dtype, copy=False) for v in (std, mean))
    array = (noise * scale).astype(dtype.numpy_dtype, copy=False) + shift
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


def _check_bernoulli_dtypes(target: DType, p: Any) -> None:
    """PyTorch's kernels for Bernoulli draws: any real target dtype, and floating probabilities."""
    if isinstance(p, TensorBase):
        if target.is_complex:
            raise NotImplementedError(f"\"bernoulli_tensor_cpu_self_\" not implemented for '{_core.type_name(target)}'")
        if not p.dtype.is_floating_point:
            raise NotImplementedError(f"\"bernoulli_tensor_cpu_p_\" not implemented for '{_core.type_name(p.dtype)}'")
    elif target.is_complex:
        raise NotImplementedError(f"\"bernoulli_scalar_cpu_\" not implemented for '{_core.type_name(target)}'")


def _check_probabilities(p: Any, op: str) -> None:
    if isinstance(p, TensorBase):
        data = p._data
        if bool(((data < 0) | (data > 1)).any()) or bool(array_module(p.device).isnan(data).any()):
            raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error "
                               "message be improved?  If so, please report an enhancement request to PyTorch.)")
    elif not 0 <= p <= 1:
        raise RuntimeError(f"{op}_ expects p to be in [0, 1], but got p={float(p):g}")


def _bernoulli_draws(source, shape: tuple, p: Any):
    """The uniforms compared with ``p``: 53-bit ones for a float ``p`` or float64 probabilities, 24-bit
    ones for other probability tensors (PyTorch's choice per case)."""
    if isinstance(source, Generator):
        if isinstance(p, TensorBase):
            return _bernoulli_uniforms(source.engine, shape, p.dtype)
        return _unit_values(source.engine, shape)
    return source.random(shape)


def bernoulli(input, p: float | None = None, *, generator: Generator | None = None, out=None):
    """1 with probability ``input`` (or the scalar ``p``) elementwise, else 0; the input's dtype."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"bernoulli(): argument 'input' must be Tensor, not {type(input).__name__}")
    probability = input if p is None else p
    _check_bernoulli_dtypes(input.dtype, probability)
    _check_probabilities(probability, "bernoulli")
    xp = array_module(input.device)
    uniform = _bernoulli_draws(_source(generator, input.device), tuple(input.shape), probability)
    array = xp.asarray(to_device_array(uniform, input.device) < _parameter(probability))
    params = None if p is None else {"p": p, "overload": "p"}
    return _recorded("bernoulli", (input,), params, _sampled(array, input.dtype, input.device, False), out)


def poisson(input, generator: Generator | None = None):
    """Poisson counts with rates ``input`` (same dtype)."""
    _require_float_tensor(input, "poisson", "poisson_cpu")
    if bool((input._data < 0).any()):
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    source = _source(generator, input.device)
    if isinstance(source, Generator):
        rates = np.ascontiguousarray(_host(input._data), dtype=np.float64).reshape(-1)
        samples = np.empty(rates.size, np.float64)
        source.engine.poisson(rates, samples)
        samples = samples.reshape(tuple(input.shape))
    else:
        samples = source.poisson(input._data.astype(np.float64))
    result = _sampled(samples, input.dtype, input.device, False)
    return _recorded("poisson", (input,), None, result, None)


def _multinomial_with_replacement(engine, weights: np.ndarray, num_samples: int, dtype) -> np.ndarray:
    """Per row: the cumulative weights (in the input's precision) over their total, and for each
    sample the first category whose cumulative share is not below a 53-bit uniform (PyTorch's binary
    search)."""
    cumulative = np.cumsum(weights.astype(dtype), axis=1, dtype=dtype)
    cumulative = cumulative / cumulative[:, -1:]
    samples = np.empty((weights.shape[0], num_samples), np.int64)
    for row in range(weights.shape[0]):
        uniforms = _unit_values(engine, (num_samples,))
        samples[row] = np.searchsorted(cumulative[row], uniforms, side="left")
    return np.minimum(samples, weights.shape[1] - 1)


def multinomial(input, num_samples: int, replacement: bool = False, *, generator: Generator | None = None,
                out=None):
    """Category indices drawn with probabilities proportional to the rows of ``input`` (1-D or 2-D).

    Without replacement, as PyTorch: the ``num_samples`` largest of ``weight / Exp(1)`` (a sample equal
    in law to drawing categories one at a time from the renormalised remaining weights)."""
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
    host = np.atleast_2d(_host(input._data))
    weights = host.astype(np.float64)
    categories = weights.shape[1]
    if not replacement and num_samples > categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (weights.sum(axis=1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    source = _source(generator, input.device)
    engine = source.engine if isinstance(source, Generator) else None
    precision = np.float64 if input.dtype is _core.float64 else np.float32
    if replacement:
        if engine is not None:
            samples = _multinomial_with_replacement(engine, host, num_samples, precision)
        else:
            cumulative = np.cumsum(weights, axis=1)
            targets = _host(source.random((weights.shape[0], num_samples))) * cumulative[:, -1:]
            samples = np.stack([np.searchsorted(row, t, side="right") for row, t in zip(cumulative, targets)])
            samples = np.minimum(samples, categories - 1)
    else:
        if engine is not None:   # drawn into a tensor laid out as the input (PyTorch's empty_like), in memory order
            order = _memory_order(host)
            exponentials = np.empty(weights.size, np.float64)
            engine.exponential(exponentials, 1.0)
            exponentials = exponentials.astype(precision).reshape(tuple(host.shape[d] for d in order))
            exponentials = exponentials.transpose(np.argsort(order))
        else:
            exponentials = _host(source.exponential(1.0, weights.shape)).astype(precision)
        with _core.quiet_fp():
            keys = host.astype(precision) / exponentials
        samples = np.ascontiguousarray(np.argsort(-keys, axis=1, kind="stable")[:, :num_samples])
    if input.dim() == 1:
        samples = samples[0]
    return _sampled(samples, _core.int64, input.device, False, out, "multinomial")


# ---- in-place fills --------------------------------------------------------------------------------------
def _fill(name: str, target: TensorBase, values, params: dict | None, inputs: tuple = (),
          memory_ordered: bool = True):
    """Write sampled ``values`` into ``target`` (cast to its dtype) as the in-place op ``name``: values
    drawn from a Generator come in ``target``'s memory order (``_fill_shape``), CuPy's in its shape."""
    _core.record_inplace(name, target, (target, *inputs), params,
                         lambda: _write(target, values, memory_ordered))
    return target


def _write(target: TensorBase, values, memory_ordered: bool) -> None:
    """``target``'s memory = ``values`` (given in its memory order when ``memory_ordered``)."""
    destination = target._data
    order = _memory_order(destination)
    if memory_ordered and order != tuple(range(destination.ndim)):
        destination = destination.transpose(order)
    destination[...] = to_device_array(values, target.device)


def _fills_own_memory(target: TensorBase, source) -> bool:
    """Whether a fill can draw straight into ``target``'s memory: a Generator's stream and a writable
    C-contiguous float32/float64 host array (memory order is then the flat order)."""
    data = target._data
    return (isinstance(source, Generator) and isinstance(data, np.ndarray) and data.flags.c_contiguous
            and data.flags.writeable and (data.dtype == np.float32 or data.dtype == np.float64))


def _fill_own_memory(name: str, target: TensorBase, params: dict, fill) -> TensorBase:
    """The in-place op ``name``: ``fill(flat view of target)`` runs once autograd's checks have passed."""
    flat = target._data.reshape(-1)
    _core.record_inplace(name, target, (target,), params, lambda: fill(flat))
    return target


def _fill_shape(target: TensorBase) -> tuple:
    """The shape of ``target`` with its dimensions in memory order (what ``_fill`` writes)."""
    return tuple(target._data.shape[d] for d in _memory_order(target._data))


def _float_target(self: Any, op: str, kernel: str) -> TensorBase:
    if not isinstance(self, TensorBase):
        raise TypeError(f"{op}(): 'self' must be Tensor, not {type(self).__name__}")
    if not (self.dtype.is_floating_point or self.dtype.is_complex):
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(self.dtype)}'")
    return self


def _continuous_target(self: Any, distribution: str, dtype_name) -> None:
    """PyTorch's refusal of a non-floating ``self`` for a continuous distribution (its message names the
    dtype with ``dtype_name``: Cauchy's uses C++ type names, Exponential's scalar-type names)."""
    if not isinstance(self, TensorBase):
        raise TypeError(f"{distribution.lower()}_(): 'self' must be Tensor, not {type(self).__name__}")
    if not self.dtype.is_floating_point:
        raise RuntimeError(f"{distribution} distribution is a continuous probability distribution. dtype must be a "
                           f"floating point but you specified {dtype_name(self.dtype)}")


def _real_target(self: Any, op: str, kernel: str) -> None:
    """PyTorch's NotImplementedError for a sampler whose kernel takes real floating or integer dtypes."""
    if not isinstance(self, TensorBase):
        raise TypeError(f"{op}(): 'self' must be Tensor, not {type(self).__name__}")
    if self.dtype.is_complex or self.dtype is _core.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(self.dtype)}'")


def _host_draws(self: TensorBase, generator: Generator | None, draw_engine, draw_cupy):
    """Values for an in-place fill of ``self`` and whether they are in memory order:
    ``draw_engine(engine, shape)`` on a Generator's stream, or ``draw_cupy(draws, shape)`` on CuPy's
    device generator."""
    source = _source(generator, self.device)
    if isinstance(source, Generator):
        return draw_engine(source.engine, _fill_shape(self)), True
    return draw_cupy(source, tuple(self.shape)), False


def _check_uniform_bounds(low: float, high: float, dtype: DType) -> None:
    """PyTorch's checks of ``uniform_(from, to)``: both finite values of ``dtype``, ``from <= to``, and
    a span the dtype can hold."""
    largest = float(np.finfo(dtype.numpy_dtype).max)
    for name, value in (("from", low), ("to", high)):
        if not -largest <= value <= largest:
            raise RuntimeError(f"{name} is out of bounds for {_core.cpp_type_name(dtype)}")
    if low > high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={low:g} > to={high:g}")
    if high - low > largest:
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{_core.type_name(dtype)}>::max(), but "
                           f"found to={high:g} and from={low:g} which result in to-from to exceed the limit")


@tensor_method()
def uniform_(self, from_: float = 0, to: float = 1, *, generator: Generator | None = None, **kwargs: Any):
    """Fill with samples uniform in ``[from, to)`` (``from`` may be passed by that name)."""
    from_ = kwargs.pop("from", from_)
    _float_target(self, "uniform_", "check_uniform_bounds")
    _check_uniform_bounds(float(from_), float(to), self.dtype.to_real() if self.dtype.is_complex else self.dtype)
    source = _source(generator, self.device)
    if _fills_own_memory(self, source):
        low, high = float(from_), float(to)
        engine = source.engine
        fill = (lambda flat: engine.uniform_double(flat, low, high)) if self._data.dtype == np.float64 else \
            (lambda flat: engine.uniform_float(flat, 24, low, high))
        return _fill_own_memory("uniform", self, {"from": from_, "to": to}, fill)
    ordered = isinstance(source, Generator)
    values = _uniform_array(source, _fill_shape(self) if ordered else tuple(self.shape), self.dtype,
                            float(from_), float(to))
    return _fill("uniform", self, values, {"from": from_, "to": to}, memory_ordered=ordered)


@tensor_method()
def normal_(self, mean: float = 0, std: float = 1, *, generator: Generator | None = None):
    _check_std(std)   # the parameters are refused before the dtype, here and in the samplers below
    _float_target(self, "normal_", "normal_kernel_cpu")
    source = _source(generator, self.device)
    if _fills_own_memory(self, source) and self._data.size >= 16:
        center, spread = float(mean), float(std)
        engine = source.engine
        fill = (lambda flat: engine.normal_fill_double(flat, center, spread)) if self._data.dtype == np.float64 else \
            (lambda flat: engine.normal_fill_float(flat, center, spread, _VECTOR_NORMAL_BLOCK, True))
        return _fill_own_memory("normal", self, {"mean": mean, "std": std}, fill)
    if isinstance(source, Generator):
        # PyTorch's block fill only for a C-contiguous tensor; others go element by element
        values = _normal_values(source.engine, _fill_shape(self), self.dtype, float(mean), float(std),
                                contiguous=self._data.flags.c_contiguous)
    else:
        values = _normal_array(source, tuple(self.shape), self.dtype, float(mean), float(std))
    return _fill("normal", self, values, {"mean": mean, "std": std}, memory_ordered=isinstance(source, Generator))


def _engine_fill(method: str, *args: float):
    """``draw_engine`` for ``_host_draws``: the engine's float64 fill ``method(out, *args)``."""
    def draw(engine, shape):
        values = np.empty(math.prod(shape), np.float64)
        getattr(engine, method)(values, *args)
        return values.reshape(shape)
    return draw


@tensor_method()
def exponential_(self, lambd: float = 1, *, generator: Generator | None = None):
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={float(lambd):g}")
    _continuous_target(self, "Exponential", _core.type_name)
    values, ordered = _host_draws(self, generator, _engine_fill("exponential", float(lambd)),
                         lambda draws, shape: draws.exponential(1.0 / lambd, shape))
    return _fill("exponential", self, values, {"lambd": lambd}, memory_ordered=ordered)


@tensor_method()
def geometric_(self, p: float, *, generator: Generator | None = None):
    """Fill with the number of Bernoulli(``p``) trials up to the first success (1, 2, …)."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={float(p):g}")
    _real_target(self, "geometric_", "geometric_cpu")
    values, ordered = _host_draws(self, generator, _engine_fill("geometric", float(p)),
                         lambda draws, shape: draws.geometric(p, shape))
    return _fill("geometric", self, values, {"p": p}, memory_ordered=ordered)


@tensor_method()
def cauchy_(self, median: float = 0, sigma: float = 1, *, generator: Generator | None = None):
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={float(sigma):g}")
    _continuous_target(self, "Cauchy", _core.cpp_type_name)
    values, ordered = _host_draws(self, generator, _engine_fill("cauchy", float(median), float(sigma)),
                         lambda draws, shape: median + sigma * draws.standard_cauchy(shape))
    return _fill("cauchy", self, values, {"median": median, "sigma": sigma}, memory_ordered=ordered)


@tensor_method()
def log_normal_(self, mean: float = 1, std: float = 2, *, generator: Generator | None = None):
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={float(std):g}")
    _float_target(self, "log_normal_", "log_normal_cpu")
    if self.dtype.is_complex:
        raise NotImplementedError(f"\"log_normal_cpu\" not implemented for '{_core.type_name(self.dtype)}'")
    values, ordered = _host_draws(self, generator, _engine_fill("log_normal", float(mean), float(std)),
                         lambda draws, shape: draws.lognormal(mean, std, shape))
    return _fill("log_normal", self, values, {"mean": mean, "std": std}, memory_ordered=ordered)


def _random_bounds(dtype: DType) -> tuple[int, int]:
    """The default ``[0, high)`` of ``random_()``: every integer the dtype holds exactly."""
    if dtype is _core.bool_:
        return 0, 2
    if dtype.is_floating_point or dtype.is_complex:
        mantissa = np.finfo(dtype.to_real().numpy_dtype).nmant + 1
        return 0, 2 ** mantissa + 1
    return 0, int(np.iinfo(dtype.numpy_dtype).max) + 1


def _as_dtype(value: int, dtype: DType) -> int | None:
    """``value`` converted to the floating ``dtype`` (through float32 for float16, as C++ converts an
    integer to Half) and back to an integer by truncation; None where it overflows."""
    converted = np.float32(value) if dtype is not _core.float64 else np.float64(value)
    if dtype is _core.float16:
        with np.errstate(over="ignore"):
            converted = np.float16(converted)
    return int(converted) if np.isfinite(converted) else None


def _representable_from(low: int, dtype: DType) -> int:
    """PyTorch's ``random_`` lower bound for a floating dtype: where ``low + 1`` rounds below ``low``, the
    bound moves up to the next value the dtype's spacing there reaches."""
    plus_one = _as_dtype(low + 1, dtype)
    if plus_one is not None and plus_one < low:
        exponent = max(abs(low + 1).bit_length() - 1, 0)
        low = plus_one + (1 << (exponent - np.finfo(dtype.numpy_dtype).nmant))
    return low


def _representable_to(high: int, dtype: DType) -> int:
    """PyTorch's ``random_`` (exclusive) upper bound for a floating dtype: where ``high - 1`` rounds up
    to ``high`` or beyond, the bound moves down by the dtype's spacing there."""
    minus_one = _as_dtype(high - 1, dtype)
    if minus_one is not None and minus_one >= high:
        exponent = max(abs(high - 1).bit_length() - 1, 0)
        high = minus_one - (1 << (exponent - np.finfo(dtype.numpy_dtype).nmant))
    return high


def _checked_random_range(low: int, high: int, dtype: DType) -> tuple[int, int]:
    """``[low, high)`` of integers for a ``dtype`` tensor as PyTorch's ``random_(from, to)`` takes it:
    checked, and for floating dtypes moved to values the dtype represents."""
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    if dtype.is_floating_point:
        low, high = _representable_from(low, dtype), _representable_to(high, dtype)
        if low >= high:
            raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, "
                               f"but got from={low} >= to={high}")
    _check_random_range(low, high - 1, dtype)
    return low, high


@functools.cache
def _random_limits(dtype: DType) -> tuple:
    """The range a ``dtype`` tensor's ``random_`` bounds must lie in, and for floating dtypes the
    integers it holds exactly (±2**digits)."""
    if dtype.is_floating_point:
        info = np.finfo(dtype.numpy_dtype)
        return float(info.min), float(info.max), info.nmant + 1
    if dtype is _core.bool_:
        return 0, 1, None
    info = np.iinfo(dtype.numpy_dtype)
    return int(info.min), int(info.max), None


def _check_random_range(low: int, high_inclusive: int, dtype: DType) -> None:
    """PyTorch's check of ``random_(from, to)`` bounds: both within the dtype's range (an error), and for
    floating dtypes within ±2**digits, where every integer is exact (a warning)."""
    if dtype.is_complex:
        raise RuntimeError("check_random_bounds handles only integral, floating-point and boolean types")
    smallest, largest, digits = _random_limits(dtype)
    for name, value in (("from", low), ("to - 1", high_inclusive)):
        if not smallest <= value <= largest:
            raise RuntimeError(f"{name} is out of bounds for {_core.cpp_type_name(dtype)}")
    if digits is not None:
        for name, value in (("from", low), ("to - 1", high_inclusive)):
            if not -2 ** digits <= value <= 2 ** digits:
                warnings.warn(f"{name} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision limitations "
                              f"{_core.cpp_type_name(dtype)} can support discrete uniform distribution only within "
                              "this range. This warning will become an error in version 1.7 release, please fix the "
                              "code in advance", UserWarning, stacklevel=3)


@tensor_method()
def random_(self, from_: int | None = None, to: int | None = None, *, generator: Generator | None = None,
            **kwargs: Any):
    """Fill with integers uniform in ``[from, to)``; ``random_(to)`` means ``[0, to)``; ``random_()``
    every integer the dtype represents exactly."""
    from_ = kwargs.pop("from", from_)
    for name, value in (("from", from_), ("to", to)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer))):
            raise TypeError(f"random_(): argument '{name}' must be int, not {type(value).__name__}")
        if value is not None and not -2 ** 63 <= value < 2 ** 63:
            raise ValueError("Overflow when unpacking long long")
    if from_ is None:
        if self.dtype.is_complex:
            raise NotImplementedError(f"\"random_kernel_cpu\" not implemented for '{_core.type_name(self.dtype)}'")
        low, high = _random_bounds(self.dtype)
    else:
        low, high = _checked_random_range(*((0, from_) if to is None else (from_, to)), self.dtype)
    values, ordered = _host_draws(self, generator, lambda engine, shape: _integer_values(engine, shape, low, high),
                         lambda draws, shape: draws.integers(low, high, shape))
    return _fill("random", self, values, {"from": low, "to": high}, memory_ordered=ordered)


@tensor_method()
def bernoulli_(self, p: Any = 0.5, *, generator: Generator | None = None):
    """Fill with 1 with probability ``p`` (a float or a tensor of probabilities), else 0."""
    if not isinstance(p, TensorBase):   # a number p is refused before the dtype
        _check_probabilities(p, "bernoulli")
    _check_bernoulli_dtypes(self.dtype, p)
    if isinstance(p, TensorBase):   # p expands to self's shape (expand's errors)
        from .shape import expanded_shape, message_type

        expanded_shape(p._data.shape, self._data.shape, message_type(p))
    _check_probabilities(p, "bernoulli")
    source = _source(generator, self.device)
    inputs = (p,) if isinstance(p, TensorBase) else ()
    if isinstance(source, Generator):
        shape = _fill_shape(self)
        uniform = _bernoulli_draws(source, shape, p)
        if inputs:   # the probabilities broadcast to self and laid out in self's memory order
            probabilities = np.broadcast_to(_host(p._data), tuple(self.shape)).transpose(_memory_order(self._data))
        else:
            probabilities = p
    else:
        uniform, probabilities = source.random(tuple(self.shape)), _parameter(p)
    values = to_device_array(uniform, self.device) < to_device_array(probabilities, self.device) \
        if inputs else to_device_array(uniform, self.device) < probabilities
    return _fill("bernoulli", self, values, {"p": p} if not inputs else None, inputs,
                 memory_ordered=isinstance(source, Generator))


tensor_method("bernoulli")(bernoulli)
tensor_method("multinomial")(multinomial)


__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed", "get_rng_state",
           "set_rng_state", "fork_rng", "rand", "randn", "randint", "randperm", "rand_like", "randn_like",
           "randint_like", "normal", "bernoulli", "poisson", "multinomial"]

# cython: language_level=3
"""The hot core of flambeau-tensor-core: dtypes, devices, type promotion, ``TensorBase`` and the
binary-operator fast path.

Everything a small op touches on every call lives here, in Cython, because Python-level overhead per
op is what makes small models slow. The rest of the library (creation, pointwise, reductions, views,
…) is ordinary Python built on the few entry points exported from this module:

* ``wrap(array, dtype=None, device=None)`` – make a Tensor that owns an ndarray (NumPy or CuPy);
* ``make_view(base, array)`` – a Tensor sharing memory *and* version counter with ``base``;
* ``record(name, inputs, params, outputs)`` – tell the autograd plug-in an op ran;
* ``record_inplace(name, target, inputs, params, mutate)`` – run an in-place mutation under autograd;
* ``bump_version(tensor)``, ``check_same_device(...)``, ``result_type(...)``.

The autograd plug-in (package ``flambeau-autograd``) installs itself with ``install_autograd_hook``;
see ``docs/architecture.md`` for the hook protocol.
"""
from cpython.contextvars cimport PyContextVar_Set, PyContextVar_Reset
cimport numpy as cnp
from libc.stdlib cimport free, malloc

import warnings

import numpy as np

cnp.import_array()

# --------------------------------------------------------------------------------------------------
# dtypes
# --------------------------------------------------------------------------------------------------
cdef enum Category:
    CAT_BOOL = 0
    CAT_INT = 1
    CAT_FLOAT = 2
    CAT_COMPLEX = 3

# The operators of the fast path, in the order of _OP_NAMES / _OP_UFUNCS below.
cdef enum BinaryOp:
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_FLOORDIV, OP_REMAINDER, OP_POW, OP_AND, OP_OR, OP_XOR,
    OP_LSHIFT, OP_RSHIFT, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE

cdef dict _DTYPE_BY_NUMPY = {}
cdef dict _DTYPE_BY_NAME = {}


cdef class dtype:
    """A tensor element type (``flambeau.float32`` …), mirroring ``torch.dtype``. (Fields: ``_core.pxd``.)"""

    def __init__(self, str name, object numpy_dtype, int category):
        self.name = name
        self.numpy_dtype = np.dtype(numpy_dtype)
        self.itemsize = self.numpy_dtype.itemsize
        self.category = category
        self.is_signed = category != CAT_BOOL and not (category == CAT_INT and self.numpy_dtype.kind == "u")

    @property
    def is_floating_point(self) -> bool:
        return self.category == CAT_FLOAT

    @property
    def is_complex(self) -> bool:
        return self.category == CAT_COMPLEX

    def to_complex(self):
        if self.category == CAT_COMPLEX:
            return self
        return complex128 if self is float64 else complex64

    def to_real(self):
        if self.category != CAT_COMPLEX:
            return self
        return float64 if self is complex128 else float32

    def __repr__(self):
        return "torch." + self.name   # PyTorch's spelling: scripts print and compare it

    def __reduce__(self):
        return (dtype_from_name, (self.name,))


def _define_dtype(str name, object numpy_dtype, int category):
    cdef dtype d = dtype(name, numpy_dtype, category)
    _DTYPE_BY_NUMPY[d.numpy_dtype] = d
    _DTYPE_BY_NAME[name] = d
    return d


bool_ = _define_dtype("bool", np.bool_, CAT_BOOL)
uint8 = _define_dtype("uint8", np.uint8, CAT_INT)
int8 = _define_dtype("int8", np.int8, CAT_INT)
int16 = _define_dtype("int16", np.int16, CAT_INT)
int32 = _define_dtype("int32", np.int32, CAT_INT)
int64 = _define_dtype("int64", np.int64, CAT_INT)
float16 = _define_dtype("float16", np.float16, CAT_FLOAT)
float32 = _define_dtype("float32", np.float32, CAT_FLOAT)
float64 = _define_dtype("float64", np.float64, CAT_FLOAT)
complex64 = _define_dtype("complex64", np.complex64, CAT_COMPLEX)
complex128 = _define_dtype("complex128", np.complex128, CAT_COMPLEX)

cdef dtype _bool = bool_
cdef dtype _int64 = int64
cdef dtype _float32 = float32
cdef dtype _float64 = float64
cdef dtype _complex64 = complex64
cdef dtype _complex128 = complex128
cdef dtype _default_float = float32

# Aliases PyTorch accepts as attribute names (torch.half, torch.long, …).
DTYPE_ALIASES = {
    "half": "float16", "float": "float32", "double": "float64", "short": "int16", "int": "int32",
    "long": "int64", "cfloat": "complex64", "cdouble": "complex128",
}


def dtype_from_name(str name) -> dtype:
    """The dtype called ``name`` (``"float32"``, ``"long"`` …); ``TypeError`` for anything else."""
    name = DTYPE_ALIASES.get(name, name)
    try:
        return _DTYPE_BY_NAME[name]
    except KeyError:
        raise TypeError(f"unknown dtype name {name!r}") from None


cpdef dtype dtype_from_numpy(object numpy_dtype):
    """The flambeau dtype of a NumPy/CuPy dtype; ``TypeError`` for types flambeau has no tensor for."""
    cdef object found = _DTYPE_BY_NUMPY.get(numpy_dtype)
    if found is None:
        found = _DTYPE_BY_NUMPY.get(np.dtype(numpy_dtype))
        if found is None:
            raise TypeError(
                f"can't convert np.ndarray of type {np.dtype(numpy_dtype)}. The only supported types are: "
                "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8, and bool.")
    return <dtype>found


def get_default_dtype() -> dtype:
    """The dtype given to Python floats and to float-producing creation ops (``float32`` at start)."""
    return _default_float


def set_default_dtype(object d) -> None:
    """Set the default floating-point dtype; only float16/32/64 are allowed, as in PyTorch."""
    global _default_float
    if not isinstance(d, dtype) or (<dtype>d).category != CAT_FLOAT:
        raise TypeError(f"only floating-point types are supported as the default type, got {d!r}")
    _default_float = <dtype>d


cpdef dtype default_complex_dtype():
    return _complex128 if _default_float is _float64 else _complex64


cpdef dtype check_dtype(object d):
    """Validate a ``dtype=`` argument: a flambeau dtype, or a Python type as PyTorch's argument parser
    takes it (float: float64, int: int64, bool, complex: complex128); ``TypeError`` for anything else."""
    if isinstance(d, dtype):
        return <dtype>d
    if d is float:
        return _float64
    if d is int:
        return _int64
    if d is bool:
        return _bool
    if d is complex:
        return _complex128
    raise TypeError(f"argument 'dtype' must be torch.dtype, not {type(d).__name__}")


# --------------------------------------------------------------------------------------------------
# type promotion (PyTorch's rules: categories bool < int < float < complex; dimensioned tensors beat
# zero-dim tensors, which beat Python scalars, unless the lower group has a higher category)
# --------------------------------------------------------------------------------------------------
cpdef dtype promote_types(dtype a, dtype b):
    """The smallest dtype both ``a`` and ``b`` convert to without losing category (``torch.promote_types``)."""
    if a is b:
        return a
    if a.category == b.category:
        return dtype_from_numpy(np.promote_types(a.numpy_dtype, b.numpy_dtype))
    if a.category < b.category:
        a, b = b, a
    if a.category == CAT_COMPLEX and b.category == CAT_FLOAT and b is _float64:
        return _complex128
    return a


cdef inline dtype _combine_categories(dtype higher, dtype lower):
    # Mirrors c10's combine_categories: `higher` comes from the higher-priority group.
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.category == CAT_COMPLEX:
        return higher
    if lower.category == CAT_COMPLEX:
        if higher.category == CAT_FLOAT:
            return higher.to_complex()   # keeps higher's precision (half -> complex64: no complex32)
        return lower
    if higher.category == CAT_FLOAT:
        return higher
    if higher.category == CAT_BOOL or lower.category == CAT_FLOAT:
        return promote_types(higher, lower)
    return higher


cdef inline dtype _scalar_dtype(object value):
    """The dtype a Python scalar takes part in promotion with."""
    if isinstance(value, bool) or isinstance(value, np.bool_):
        return _bool
    if isinstance(value, int) or isinstance(value, np.integer):
        return _int64
    if isinstance(value, float) or isinstance(value, np.floating):
        return _default_float
    if isinstance(value, complex) or isinstance(value, np.complexfloating):
        return default_complex_dtype()
    return None


def result_type(*operands) -> dtype:
    """PyTorch's ``result_type`` over any mix of tensors and Python scalars."""
    cdef dtype dim_result = None, zero_result = None, scalar_result = None, d
    for x in operands:
        if isinstance(x, TensorBase):
            d = (<TensorBase>x)._dtype
            if (<TensorBase>x)._data.ndim == 0:
                zero_result = d if zero_result is None else promote_types(zero_result, d)
            else:
                dim_result = d if dim_result is None else promote_types(dim_result, d)
        else:
            d = _scalar_dtype(x)
            if d is None:
                raise TypeError(f"result_type() received an invalid operand of type {type(x).__name__}")
            scalar_result = d if scalar_result is None else promote_types(scalar_result, d)
    return _combine_categories(dim_result, _combine_categories(zero_result, scalar_result))


cdef inline dtype _binary_result_type(TensorBase x, object y):
    cdef dtype dy
    if isinstance(y, TensorBase):
        dy = (<TensorBase>y)._dtype
        if dy is x._dtype:
            return dy
        return result_type(x, y)
    dy = _scalar_dtype(y)
    if dy is None:
        return None
    if dy.category <= x._dtype.category:
        return x._dtype
    return result_type(x, y)


def can_cast(dtype from_, dtype to) -> bool:
    """Whether an in-place result of dtype ``from_`` may be written into ``to`` (no category drop)."""
    return from_.category <= to.category


# --------------------------------------------------------------------------------------------------
# devices
# --------------------------------------------------------------------------------------------------
cdef class device:
    """Where a tensor lives: ``device('cpu')``, ``device('cuda')``, ``device('cuda', 1)``, ``device('cuda:1')``."""

    def __init__(self, object type, object index=None):
        if isinstance(type, device):
            self.type, self.index = (<device>type).type, (<device>type).index
            return
        if not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments: {type!r}")
        cdef str kind = type
        if ":" in kind:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was passed explicitly: {kind}")
            kind, _, idx = kind.partition(":")
            if not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}'")
            index = int(idx)
        if kind not in ("cpu", "cuda"):
            raise RuntimeError(f"Expected one of cpu, cuda device type at start of device string: {type}")
        if index is not None:
            if not isinstance(index, int) or index < 0:
                raise RuntimeError(f"Device index must not be negative, got {index}")
        self.type = kind
        self.index = index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        if not isinstance(other, device):
            return NotImplemented
        return self.type == (<device>other).type and self.index == (<device>other).index

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))

    def __enter__(self):
        """``with device("cuda"):`` makes it the calling thread's default factory device in the block."""
        from .default_device import enter_device_block
        enter_device_block(self)
        return self

    def __exit__(self, *exc_info):
        from .default_device import exit_device_block
        exit_device_block()


cdef device _CPU = device("cpu")
CPU = _CPU


# --------------------------------------------------------------------------------------------------
# the autograd plug-in
# --------------------------------------------------------------------------------------------------
cdef object _autograd_hook = None
cdef object _hook_record = None     # _autograd_hook.record, looked up once (it runs on every tracked op)
cdef bint _autograd_import_tried = False
# Set by autograd while a forward-mode AD level is open: a tangent can ride on a tensor that does not
# require grad, so then every op reports to the hook.
cdef bint _report_all_ops = False


def set_report_all_ops(bint flag) -> None:
    """With True, ``record``/``record_inplace`` call the hook for every op, not only tracked ones."""
    global _report_all_ops
    _report_all_ops = flag


cpdef bint reports_all_ops():
    """Whether every op reports to the hook now (ops that only build record params when tracked)."""
    return _report_all_ops


def install_autograd_hook(object hook) -> None:
    """Called once by ``flambeau_autograd`` on import: from then on ops report to ``hook``."""
    global _autograd_hook, _hook_record
    _autograd_hook = hook
    _hook_record = None if hook is None else hook.record


cpdef object autograd_hook():
    """The installed autograd hook, importing ``flambeau_autograd`` on first need; ``None`` if absent."""
    global _autograd_import_tried
    if _autograd_hook is None and not _autograd_import_tried:
        _autograd_import_tried = True
        try:
            import flambeau_autograd  # noqa: F401  (installs the hook as a side effect)
        except ImportError:
            pass
    return _autograd_hook


cpdef object require_autograd(str what):
    """The hook, or a ``RuntimeError`` saying which package provides ``what``."""
    cdef object hook = autograd_hook()
    if hook is None:
        raise RuntimeError(
            f"{what} needs automatic differentiation, which lives in the 'flambeau-autograd' package: "
            "pip install flambeau-autograd (or the meta-package 'flambeau')")
    return hook


cdef inline bint _tracked(TensorBase a, TensorBase b):
    """Whether a C fast path's op on ``a`` (and ``b``, if not None) must be reported to autograd."""
    return _autograd_hook is not None and (_report_all_ops or a._requires_grad or (
        b is not None and b._requires_grad))


cpdef record(str name, tuple inputs, object params, tuple outputs):
    """Report a differentiable op to autograd if any Tensor input requires grad.

    ``inputs`` holds the op's operands in order (Tensors, or Python scalars where the op took one),
    ``params`` the non-tensor arguments (a dict or None), ``outputs`` the result Tensors.
    """
    if _autograd_hook is None:
        return
    if _report_all_ops:
        _hook_record(name, inputs, params, outputs)
        return
    for x in inputs:
        if isinstance(x, TensorBase) and (<TensorBase>x)._requires_grad:
            _hook_record(name, inputs, params, outputs)
            return


# PyTorch refuses in-place writes whose result would depend on the order elements are written in: into
# a tensor with several elements at one address (an ``expand``ed view; checked in ``record_inplace``
# for every in-place op), or from an operand whose memory partly overlaps the target's
# (``x[1:].add_(x[:-1])``; ``check_partial_overlap``). Only dense layouts are judged, as PyTorch does.
cdef object _raise_internal_overlap():
    raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers to a "
                       "single memory location. Please clone() the tensor before performing the operation.")


cpdef check_internal_overlap(TensorBase target):
    """PyTorch's refusal to write into a tensor whose elements share memory (an expanded one): the first
    check of TensorIterator's build for an in-place op."""
    if _has_internal_overlap(target._data):
        _raise_internal_overlap()


cdef bint _has_internal_overlap(object array):
    """Several elements at one address: a zero stride on a dimension longer than one (``expand``)."""
    cdef Py_ssize_t k
    cdef cnp.ndarray a
    if cnp.PyArray_CheckExact(array):
        a = <cnp.ndarray>array
        if cnp.PyArray_SIZE(a) == 0:     # (NumPy may give empty arrays zero strides)
            return False
        for k in range(cnp.PyArray_NDIM(a)):
            if cnp.PyArray_STRIDES(a)[k] == 0 and cnp.PyArray_DIMS(a)[k] > 1:
                return True
        return False
    return array.size != 0 and any(stride == 0 and size > 1 for stride, size in zip(array.strides, array.shape))


# In-place ops PyTorch lets write into an expanded tensor (fills and index writes, which write every
# address with the same value, and the ones that only change a tensor's strides).
cdef frozenset _WRITE_EXPANDED_OK = frozenset({
    "fill_", "zero_", "setitem", "index_put", "index_fill", "masked_fill", "tril", "triu", "conj_physical",
    "float_power", "as_strided_", "t", "transpose", "swapaxes", "swapdims", "squeeze", "unsqueeze"})


cdef inline bint _dense_numpy(object array):
    return cnp.PyArray_CheckExact(array) and (cnp.PyArray_IS_C_CONTIGUOUS(<cnp.ndarray>array)
                                              or cnp.PyArray_IS_F_CONTIGUOUS(<cnp.ndarray>array))


cdef bint _same_layout(cnp.ndarray a, cnp.ndarray b):
    cdef int k, n = cnp.PyArray_NDIM(a)
    if n != cnp.PyArray_NDIM(b) or not cnp.PyArray_SAMESHAPE(a, b):
        return False
    for k in range(n):
        if cnp.PyArray_STRIDES(a)[k] != cnp.PyArray_STRIDES(b)[k]:
            return False
    return True


cpdef check_partial_overlap(TensorBase target, tuple operands):
    """Raise PyTorch's RuntimeError when an operand's dense CPU memory partly overlaps ``target``'s (the
    same memory with the same layout is fine: each element is read before it is written)."""
    cdef object t = target._data
    if not _dense_numpy(t):
        return
    cdef cnp.ndarray ta = <cnp.ndarray>t, oa
    cdef char* start = <char*>cnp.PyArray_DATA(ta)
    cdef char* end = start + cnp.PyArray_NBYTES(ta)
    cdef char* other
    for operand in operands:
        if not isinstance(operand, TensorBase) or operand is target:
            continue
        o = (<TensorBase>operand)._data
        if not _dense_numpy(o):
            continue
        oa = <cnp.ndarray>o
        other = <char*>cnp.PyArray_DATA(oa)
        if other < end and start < other + cnp.PyArray_NBYTES(oa) and not (other == start and _same_layout(ta, oa)):
            raise RuntimeError("unsupported operation: some elements of the input tensor and the written-to "
                               "tensor refer to a single memory location. Please clone() the tensor before "
                               "performing the operation.")


cpdef check_out_overlap(object out, tuple operands):
    """PyTorch's first checks of an ``out=`` tensor, before any of dtype or shape: no element of it written
    twice (an expanded tensor), and no operand partly in its memory (``abs(x, out=x[0])``)."""
    if not isinstance(out, TensorBase):
        return
    if _has_internal_overlap((<TensorBase>out)._data):
        _raise_internal_overlap()
    check_partial_overlap(<TensorBase>out, operands)


cpdef record_inplace(str name, TensorBase target, tuple inputs, object params, object mutate):
    """Run ``mutate()`` (which writes ``target``'s memory) and bump its version; under autograd when
    ``target`` or any input requires grad, so the graph can be rewritten around the mutation."""
    cdef bint tracked = False
    if target._is_inference and not flambeau_inference_mode:
        raise RuntimeError("Inplace update to inference tensor outside InferenceMode is not allowed.You can make "
                           "a clone to get a normal tensor before doing inplace update.See "
                           "https://github.com/pytorch/rfcs/pull/17 for more details.")
    if name not in _WRITE_EXPANDED_OK and _has_internal_overlap(target._data):
        _raise_internal_overlap()
    if _autograd_hook is not None:
        if target._requires_grad or _report_all_ops:
            tracked = True
        else:
            for x in inputs:
                if isinstance(x, TensorBase) and (<TensorBase>x)._requires_grad:
                    tracked = True
                    break
    if tracked:
        _autograd_hook.record_inplace(name, target, inputs, params, mutate)
    else:
        mutate()
    bump_version(target)


# --------------------------------------------------------------------------------------------------
# quiet floating point: PyTorch's kernels never warn about 1/0, overflow or NaN; NumPy's ufuncs do
# --------------------------------------------------------------------------------------------------
# ``np.errstate(all="ignore")`` costs ~1 µs per use (it rebuilds its settings each time), more than a
# small op itself. NumPy >= 2 keeps those settings in a context variable, so setting a prebuilt
# "ignore all" value is a ~50 ns, thread- and async-safe equivalent; older NumPy falls back to errstate.
try:
    from numpy._core.umath import _extobj_contextvar as _fp_settings, _make_extobj
    _FP_IGNORE_ALL = _make_extobj(all="ignore")
except ImportError:    # NumPy 1.x
    _fp_settings = None
    _FP_IGNORE_ALL = None


cdef class quiet_fp:
    """``with quiet_fp():`` NumPy/CuPy ufuncs inside raise no floating-point warnings."""
    cdef object _token
    cdef object _fallback

    def __enter__(self):
        self._token = _quiet_start()
        if self._token is None:
            self._fallback = np.errstate(all="ignore")
            self._fallback.__enter__()

    def __exit__(self, *exc):
        if self._token is not None:
            _quiet_end(self._token)
        else:
            self._fallback.__exit__(*exc)
        return False


cdef inline object _quiet_start():
    """The C-level ``quiet_fp`` for the hot paths below: returns the token to give ``_quiet_end``
    (None on NumPy 1.x, where the operators fall back to NumPy's own error settings)."""
    if _fp_settings is None:
        return None
    return PyContextVar_Set(_fp_settings, _FP_IGNORE_ALL)


cdef inline void _quiet_end(object token):
    if token is not None:
        PyContextVar_Reset(_fp_settings, token)


# --------------------------------------------------------------------------------------------------
# version counters (shared by a base tensor and all its views)
# --------------------------------------------------------------------------------------------------
cdef class VersionCounter:
    """How many in-place writes the memory shared by a tensor and its views has seen (``value``)."""


cpdef bump_version(TensorBase t):
    if t._version_counter is None:
        t._version_counter = VersionCounter()
    (<VersionCounter>t._version_counter).value += 1


# --------------------------------------------------------------------------------------------------
# TensorBase
# --------------------------------------------------------------------------------------------------
cdef object _Tensor = None   # the Python subclass every op returns (set by flambeau_tensor_core.tensor)
cdef object _cupy = None


def set_tensor_class(object cls) -> None:
    global _Tensor
    _Tensor = cls


cdef inline object _cupy_module():
    global _cupy
    if _cupy is None:
        import cupy
        _cupy = cupy
    return _cupy


cdef inline device _device_of_array(object array):
    if isinstance(array, np.ndarray):
        return _CPU
    _cupy_module()
    return device("cuda", array.device.id)


# ``inference_mode`` of this thread (set by autograd's context manager): tensors made while it is on are
# inference tensors, as in PyTorch. A C thread-local, since every new tensor reads it.
cdef extern from *:
    """
    static _Thread_local int flambeau_inference_mode = 0;
    """
    int flambeau_inference_mode


def set_inference_mode(bint flag) -> None:
    """Turn this thread's inference mode on or off (``autograd.inference_mode`` does)."""
    global flambeau_inference_mode
    flambeau_inference_mode = flag


def is_inference_mode() -> bool:
    return flambeau_inference_mode != 0


cdef inline TensorBase _new_tensor(object array, dtype dt, device dev):
    cdef TensorBase t = TensorBase.__new__(_Tensor)
    t._data = array
    t._dtype = dt
    t._device = dev
    t._is_inference = flambeau_inference_mode
    return t


cpdef object wrap(object array, object dt=None, object dev=None):
    """A new Tensor owning ``array`` (NumPy or CuPy ndarray, used as is: no copy, no cast); its dtype
    and device are read from the array unless given."""
    if dt is None:
        dt = dtype_from_numpy(array.dtype)
    if dev is None:
        dev = _device_of_array(array)
    return _new_tensor(array, <dtype>dt, <device>dev)


cpdef object make_view(TensorBase base, object array):
    """A Tensor over ``array`` (a view of ``base._data``) that shares ``base``'s memory bookkeeping:
    in-place writes through either are seen by both and counted by one version counter."""
    return _view_of(base, array, dtype_from_numpy(array.dtype))


cdef TensorBase _view_of(TensorBase base, object array, dtype dt):
    cdef TensorBase root = base._base if base._base is not None else base
    if root._version_counter is None:
        root._version_counter = VersionCounter()
    cdef TensorBase view = _new_tensor(array, dt, base._device)
    view._is_inference = base._is_inference   # a view is what its base is, wherever it is made
    view._base = root
    view._version_counter = root._version_counter
    return view


cpdef device check_same_device(TensorBase a, TensorBase b):
    if a._device is b._device or a._device == b._device:
        return a._device
    raise RuntimeError(
        "Expected all tensors to be on the same device, but found at least two devices, "
        f"{b._device} and {a._device}!")


def _format_shape(shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"


cdef class TensorBase:
    """The C-level part of ``flambeau.Tensor``: its fields and the hot operators.

    ``_data`` is the strided storage (a NumPy array on CPU, a CuPy array on CUDA); views hold NumPy/CuPy
    views of their base's array plus ``_base`` and the shared ``_version_counter``. The ``grad_fn``,
    ``_grad`` and ``_autograd_meta`` slots belong to the autograd plug-in. The fields are declared in
    ``_core.pxd`` so that other Cython packages can read them directly.
    """
    # ---- metadata -------------------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    @property
    def device(self):
        return self._device

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    def numel(self) -> int:
        return self._data.size

    def element_size(self) -> int:
        return self._dtype.itemsize

    @property
    def nbytes(self) -> int:
        return self._data.size * self._dtype.itemsize

    @property
    def itemsize(self) -> int:
        return self._dtype.itemsize

    @property
    def is_cuda(self) -> bool:
        return self._device.type == "cuda"

    @property
    def is_cpu(self) -> bool:
        return self._device.type == "cpu"

    def is_floating_point(self) -> bool:
        return self._dtype.category == CAT_FLOAT

    def is_complex(self) -> bool:
        return self._dtype.category == CAT_COMPLEX

    @property
    def _version(self) -> int:
        return 0 if self._version_counter is None else (<VersionCounter>self._version_counter).value

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, bint flag):
        if not flag and not self._requires_grad:
            return
        if flag and self._is_inference and not flambeau_inference_mode:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not "
                               "allowed.")
        require_autograd("requires_grad=True").set_requires_grad(self, flag)

    def requires_grad_(self, bint requires_grad=True):
        self.requires_grad = requires_grad
        return self

    @property
    def grad(self):
        """The gradient accumulated by ``backward()`` (``None`` until then)."""
        if self._grad is None and self.grad_fn is not None:
            return require_autograd(".grad").get_grad(self)   # warns about non-leaf access as PyTorch
        return self._grad

    @grad.setter
    def grad(self, value):
        cdef TensorBase g
        if value is not None:
            if not isinstance(value, TensorBase):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{type(value).__name__}")
            g = <TensorBase>value
            if g._dtype is not self._dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{cpp_type_name(g._dtype)}' to a tensor with "
                    f"grad_dtype '{_type_name(self._dtype)}'. The gradient must match the tensor's grad_dtype "
                    "(defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a "
                    "specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes "
                    "of a tensor and its gradient may break downstream systems that assume they match.")
            if g._device != self._device:
                raise RuntimeError("assigned grad has data located on a different device")
            if g._data.shape != self._data.shape:
                raise RuntimeError(f"attempting to assign a gradient of size '{list(g._data.shape)}' to a tensor of "
                                   f"size '{list(self._data.shape)}'. Please ensure that the gradient and the tensor "
                                   "are the same size")
        self._grad = value

    # ---- transposes (the common case in C; see "matmul and transposes" below) --------------------
    @property
    def mT(self):
        """The last two dims swapped (a view); for matrices and batches of matrices."""
        cdef int ndim = self._data.ndim
        if ndim >= 2:
            return _swapped(self, ndim - 2, ndim - 1, "transpose")
        return _general_paths["mT"](self)

    @property
    def T(self):
        """All dims reversed (a view)."""
        if self._data.ndim == 2:
            return _swapped(self, 0, 1, "permute")
        return _general_paths["T"](self)

    def __matmul__(self, other):
        if not isinstance(other, TensorBase):
            return NotImplemented
        return _matmul(self, other, None)

    def __rmatmul__(self, other):
        if not isinstance(other, TensorBase):
            return NotImplemented
        return _matmul(other, self, None)

    # ---- hot operators ----------------------------------------------------------------------------
    def __add__(self, other):
        return _binary(OP_ADD, self, other, False)

    def __radd__(self, other):
        return _binary(OP_ADD, self, other, True)

    def __sub__(self, other):
        return _binary(OP_SUB, self, other, False)

    def __rsub__(self, other):
        return _binary(OP_SUB, self, other, True, _RSUB_OF_NUMBER)

    def __mul__(self, other):
        return _binary(OP_MUL, self, other, False)

    def __rmul__(self, other):
        return _binary(OP_MUL, self, other, True)

    def __truediv__(self, other):
        return _binary(OP_DIV, self, other, False)

    def __rtruediv__(self, other):
        return _binary(OP_DIV, self, other, True)

    def __floordiv__(self, other):
        return _binary(OP_FLOORDIV, self, other, False)

    def __rfloordiv__(self, other):
        return _binary(OP_FLOORDIV, self, other, True)

    def __mod__(self, other):
        return _binary(OP_REMAINDER, self, other, False)

    def __rmod__(self, other):
        return _binary(OP_REMAINDER, self, other, True)

    def __pow__(self, other, modulo=None):
        return _binary(OP_POW, self, other, False)

    def __rpow__(self, other, modulo=None):
        return _binary(OP_POW, self, other, True)

    def __and__(self, other):
        return _binary(OP_AND, self, other, False)

    def __rand__(self, other):
        return _binary(OP_AND, self, other, True)

    def __or__(self, other):
        return _binary(OP_OR, self, other, False)

    def __ror__(self, other):
        return _binary(OP_OR, self, other, True)

    def __xor__(self, other):
        return _binary(OP_XOR, self, other, False)

    def __rxor__(self, other):
        return _binary(OP_XOR, self, other, True)

    def __lshift__(self, other):
        return _binary(OP_LSHIFT, self, other, False)

    def __rlshift__(self, other):
        return _binary(OP_LSHIFT, self, other, True)

    def __rshift__(self, other):
        return _binary(OP_RSHIFT, self, other, False)

    def __rrshift__(self, other):
        return _binary(OP_RSHIFT, self, other, True)

    def __eq__(self, other):
        return _binary(OP_EQ, self, other, False)

    def __ne__(self, other):
        return _binary(OP_NE, self, other, False)

    def __lt__(self, other):
        return _binary(OP_LT, self, other, False)

    def __le__(self, other):
        return _binary(OP_LE, self, other, False)

    def __gt__(self, other):
        return _binary(OP_GT, self, other, False)

    def __ge__(self, other):
        return _binary(OP_GE, self, other, False)

    __hash__ = object.__hash__

    def __iadd__(self, other):
        return _binary_inplace(OP_ADD, self, other)

    def __isub__(self, other):
        return _binary_inplace(OP_SUB, self, other)

    def __imul__(self, other):
        return _binary_inplace(OP_MUL, self, other)

    def __itruediv__(self, other):
        return _binary_inplace(OP_DIV, self, other)

    def __ifloordiv__(self, other):
        return _binary_inplace(OP_FLOORDIV, self, other)

    def __imod__(self, other):
        return _binary_inplace(OP_REMAINDER, self, other)

    def __ipow__(self, other):
        return _binary_inplace(OP_POW, self, other)

    def __iand__(self, other):
        return _binary_inplace(OP_AND, self, other)

    def __ior__(self, other):
        return _binary_inplace(OP_OR, self, other)

    def __ixor__(self, other):
        return _binary_inplace(OP_XOR, self, other)

    def __ilshift__(self, other):
        return _binary_inplace(OP_LSHIFT, self, other)

    def __irshift__(self, other):
        return _binary_inplace(OP_RSHIFT, self, other)

    def __neg__(self):
        return _negate(self)

    def __pos__(self):
        if self._dtype is _bool:
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self

    def __abs__(self):
        return _abs(self)

    def __invert__(self):
        if self._dtype.category > CAT_INT:
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
        cdef object out = _wrap_like(np.logical_not(self._data) if self._dtype is _bool
                                     else np.invert(self._data), self)
        return out

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __bool__(self):
        if self._data.size != 1:
            amount = "no values" if self._data.size == 0 else "more than one value"
            raise RuntimeError(f"Boolean value of Tensor with {amount} is ambiguous")
        return bool(self._data.reshape(()).item())

    def __float__(self):
        return float(_real_item(self, "double"))

    def __int__(self):
        return int(_real_item(self, "int64_t"))

    def __complex__(self):
        return complex(self._item("complex"))

    def __index__(self):
        if self._dtype.category > CAT_INT or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.reshape(()).item())

    cdef object _item(self, str what):
        """The one element, for ``float()``/``int()``/``complex()`` (PyTorch raises ValueError there,
        and RuntimeError only from ``item()``)."""
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._data.reshape(()).item()


cdef object _real_item(TensorBase tensor, str cpp_type):
    """The one element as a real number: a complex one only when its imaginary part is 0 (PyTorch's
    checked conversion to ``cpp_type``)."""
    cdef object value = tensor._item(cpp_type)
    if isinstance(value, complex):
        if value.imag != 0:
            raise RuntimeError(f"value cannot be converted to type {cpp_type} without overflow")
        return value.real
    return value


# --------------------------------------------------------------------------------------------------
# the binary-operator fast path
# --------------------------------------------------------------------------------------------------

# name reported to autograd (and used in error messages), NumPy ufunc, reflected form for comparisons
cdef tuple _OP_NAMES = ("add", "sub", "mul", "div", "floor_divide", "remainder", "pow", "bitwise_and",
                        "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift",
                        "eq", "ne", "lt", "le", "gt", "ge")
cdef tuple _OP_UFUNCS = (np.add, np.subtract, np.multiply, np.true_divide, np.floor_divide, np.remainder,
                         np.power, np.bitwise_and, np.bitwise_or, np.bitwise_xor, np.left_shift,
                         np.right_shift, np.equal, np.not_equal, np.less, np.less_equal, np.greater,
                         np.greater_equal)
cdef tuple _REFLECTED_COMPARISON = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                    OP_EQ, OP_NE, OP_GT, OP_GE, OP_LT, OP_LE)
OP_NAMES = _OP_NAMES

cdef object _cuda_ufuncs = None         # CuPy counterparts of _OP_UFUNCS, built on first CUDA op
cdef object _parallel_binary = None     # kernels.elementwise_cpu.binary_op, imported on first large op
cdef Py_ssize_t PARALLEL_MIN_SIZE = 1 << 16   # below this, NumPy's single-threaded loop wins
# Tensor-with-number and in-place ops go parallel only from here: they are the optimizer's updates, which
# run between BLAS calls, and there a parallel region on 200k elements made a 784-256-10 MLP step 8 %
# slower (0.69 -> 0.75 ms) than NumPy's single-threaded loop, its workers competing with BLAS's.
cdef Py_ssize_t PARALLEL_MIN_SIZE_UPDATE = 1 << 20
LARGE_OP_SIZE = PARALLEL_MIN_SIZE   # the same threshold for the Python modules' kernel dispatch


cdef object _ufunc_for(int op, device dev):
    global _cuda_ufuncs
    if dev.type == "cpu":
        return _OP_UFUNCS[op]
    if _cuda_ufuncs is None:
        from .kernels import elementwise_cuda
        _cuda_ufuncs = elementwise_cuda.ufuncs(_OP_UFUNCS)
    return _cuda_ufuncs[op]


cdef inline object _operand_array(object value, dtype compute, device dev):
    """``value`` (Tensor or Python scalar) as something a ufunc combines in ``compute`` dtype."""
    cdef object arr
    if isinstance(value, TensorBase):
        arr = (<TensorBase>value)._data
        if (<TensorBase>value)._dtype is not compute:
            arr = arr.astype(compute.numpy_dtype)
        return arr
    # Python scalars take part as "weak" values: NumPy keeps the array's dtype, as PyTorch does,
    # but rejects out-of-range integers where PyTorch wraps them, so wrap them here.
    if compute.category == CAT_INT and isinstance(value, int):
        info = np.iinfo(compute.numpy_dtype)
        if value < info.min or value > info.max:
            return np.array(value, dtype=np.int64 if value <= 2**63 - 1 else np.uint64).astype(compute.numpy_dtype)
    elif compute.category == CAT_BOOL:
        return np.bool_(value)
    return value


# the C++ type names in PyTorch's "value cannot be converted to type ... without overflow", by dtype name
_CONVERSION_TYPE_NAMES = {
    "bool": "bool", "uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t",
    "float16": "c10::Half", "float32": "float", "float64": "double", "complex64": "c10::complex<float>",
    "complex128": "c10::complex<double>"}


def overflow_error(str dtype_name):
    """PyTorch's error for a number that does not fit the dtype named ``dtype_name``."""
    return RuntimeError(f"value cannot be converted to type {_CONVERSION_TYPE_NAMES[dtype_name]} without overflow")


def scalar_operand(object value, dtype compute):
    """A Python scalar as a weak ufunc operand in ``compute`` (out-of-range integers wrapped, as PyTorch)."""
    return _operand_array(value, compute, _CPU)


cdef dtype _compute_dtype(int op, dtype result):
    """The dtype the op is evaluated in (true division and powers of ints go to floating point)."""
    if op == OP_DIV and result.category <= CAT_INT:
        return _default_float
    return result


cdef object _check_binary_kernel(int op, object y, dtype result, bint reflected):
    """PyTorch's refusals of dtypes its kernels lack (after the checks of the arguments and the out dtype)."""
    cdef str name = _OP_NAMES[op]
    if OP_AND <= op <= OP_RSHIFT and result.category > CAT_INT:
        kernel = "lshift" if op == OP_LSHIFT else "rshift" if op == OP_RSHIFT else name
        raise NotImplementedError(f"\"{kernel}_cpu\" not implemented for '{_type_name(result)}'")
    if (op == OP_FLOORDIV or op == OP_REMAINDER or OP_LT <= op <= OP_GE) and result.category == CAT_COMPLEX:
        raise NotImplementedError(f"\"{'div_floor' if op == OP_FLOORDIV else name}_cpu\" not implemented for "
                                  f"'{_type_name(result)}'")
    if (op == OP_LSHIFT or op == OP_RSHIFT) and result is _bool:
        raise NotImplementedError(f"\"{'lshift' if op == OP_LSHIFT else 'rshift'}_cpu\" not implemented for 'Bool'")
    if (op == OP_FLOORDIV or op == OP_REMAINDER or op == OP_POW) and result is _bool and not (
            op == OP_POW and isinstance(y, bool) and not reflected):
        kernel = "div_floor_cpu" if op == OP_FLOORDIV else "pow" if op == OP_POW else name + "_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


cdef object _check_bool_subtraction(int op, TensorBase x, object y, dtype result):
    if op == OP_SUB and (x._dtype is _bool or isinstance(y, bool) or (
            isinstance(y, TensorBase) and (<TensorBase>y)._dtype is _bool)):
        if result is _bool:
            raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                               "Use the `^` or `logical_xor()` operator instead.")
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")


def check_subtraction(TensorBase x, object y):
    """PyTorch's ``sub_check``: no bool tensor (nor a bool number) in a subtraction."""
    _check_bool_subtraction(OP_SUB, x, y, _binary_result_type(x, y))


cdef object _check_integer_division(object divisor, dtype compute):
    if compute.category > CAT_INT:
        return
    if isinstance(divisor, TensorBase):
        if not (<TensorBase>divisor)._data.all():
            raise RuntimeError("ZeroDivisionError")
    elif _operand_array(divisor, compute, _CPU) == 0:     # a number that wraps to 0 in the dtype too
        raise RuntimeError("ZeroDivisionError")


cdef object _check_integer_power(object exponent, dtype compute):
    """PyTorch refuses a negative *number* as an integer power (a tensor of exponents may hold negatives,
    see :func:`_integer_power`) and a number exponent that does not fit the base's dtype."""
    if isinstance(exponent, bool) or not isinstance(exponent, (int, float)):
        return
    if compute.category == CAT_INT and isinstance(exponent, int) and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    # PyTorch converts a number exponent to the base's type: it must fit there
    cdef bint too_large
    if compute.category == CAT_INT:
        too_large = isinstance(exponent, int) and exponent > np.iinfo(compute.numpy_dtype).max
    else:
        too_large = compute.name == "float16" and np.isfinite(exponent) and abs(exponent) > 65504
    if too_large:
        raise overflow_error(compute.name)


cdef object _integer_power(object base, object exponent, object ufunc):
    """``base ** exponent`` for integer arrays whose exponents may be negative, as PyTorch computes it:
    1 and -1 keep their powers (-1 alternates with the exponent's parity), every other base gives 0;
    None when no exponent is negative (the ufunc then runs as usual). NumPy refuses such powers."""
    if not hasattr(exponent, "dtype") or exponent.dtype.kind not in "iu" or not (exponent < 0).any():
        return None
    xp = np if isinstance(exponent, np.ndarray) else __import__("cupy")
    negative = exponent < 0
    powered = ufunc(base, xp.where(negative, 0, exponent))
    odd = (exponent % 2) != 0
    small = xp.where(base == 1, 1, xp.where(base == -1, xp.where(odd, -1, 1), 0)).astype(powered.dtype)
    return xp.where(negative, small, powered)


cdef object _broadcast_error(TensorBase x, object y):
    cdef tuple a = x._data.shape, b = (<TensorBase>y)._data.shape
    cdef int n = max(len(a), len(b)), i
    a = (1,) * (n - len(a)) + a
    b = (1,) * (n - len(b)) + b
    for i in range(n - 1, -1, -1):
        if a[i] != b[i] and a[i] != 1 and b[i] != 1:
            return RuntimeError(
                f"The size of tensor a ({a[i]}) must match the size of tensor b ({b[i]}) "
                f"at non-singleton dimension {i}")
    return RuntimeError(f"shapes {_format_shape(a)} and {_format_shape(b)} are not broadcastable")


cpdef tuple broadcast_shape(TensorBase x, TensorBase y):
    """The shape ``x`` and ``y`` broadcast to, or PyTorch's RuntimeError naming a dim that disagrees."""
    cdef tuple a = x._data.shape, b = y._data.shape
    if a == b:
        return a
    cdef Py_ssize_t na = len(a), nb = len(b), n = max(na, nb), i, da, db
    cdef list shape = [1] * n
    for i in range(n):   # (a C loop: np.broadcast_shapes costs a microsecond per call)
        da = a[i - (n - na)] if i >= n - na else 1
        db = b[i - (n - nb)] if i >= n - nb else 1
        if da == db or db == 1:
            shape[i] = da
        elif da == 1:
            shape[i] = db
        else:
            raise _broadcast_error(x, y)
    return tuple(shape)


cpdef check_result_fits(dtype result, TensorBase target):
    """PyTorch's refusal to write a result into a tensor of a lower category (a float into an int …):
    ``out=`` tensors and in-place targets."""
    if result.category > target._dtype.category:
        raise RuntimeError(f"result type {_type_name(result)} can't be cast to the desired output type "
                           f"{_type_name(target._dtype)}")


cpdef object complex_power(object xp, object base, object exponent, object out=None):
    """Complex ``base ** exponent`` with a tensor exponent (NumPy or CuPy arrays, ``xp`` their module).
    PyTorch evaluates it as C99's ``cexp(exponent * clog(base))`` (a Python-number exponent goes another
    way), so a zero base gives nan for exponent 0 and inf+nanj for a negative real part, where NumPy's
    power gives 1 and nan."""
    cdef object zero = xp.asarray(base) == 0     # before ``out`` (maybe ``base`` itself) is written
    cdef object result = xp.power(base, exponent) if out is None else xp.power(base, exponent, out=out,
                                                                               casting="unsafe")
    if not zero.any():
        return result
    cdef object at_zero = xp.exp(exponent * xp.log(xp.zeros((), dtype=result.dtype)))
    if out is None:
        return xp.where(zero, at_zero, result).astype(result.dtype)
    xp.copyto(out, xp.broadcast_to(at_zero, out.shape), casting="unsafe", where=xp.broadcast_to(zero, out.shape))
    return out


cdef object _evaluate(int op, object ufunc, object a, object b, dtype compute, device dev, object out):
    """Run the ufunc (into ``out`` when given), routing large float + - * / on CPU to the OpenMP
    kernel, which takes what it can (same-shape arrays or an array and a number) and returns None
    for the rest."""
    global _parallel_binary
    cdef object array = a if cnp.PyArray_CheckExact(a) else b
    cdef object result
    if op == OP_POW and compute.category == CAT_COMPLEX and not isinstance(b, (int, float, complex)):
        return complex_power(np if dev is _CPU else _cupy_module(), a, b, out)
    if op == OP_POW and compute.category == CAT_INT:
        result = _integer_power(a, b, ufunc)
        if result is not None:
            if out is None:
                return result
            out[...] = result
            return out
    if (dev is _CPU and op <= OP_DIV and (compute is _float32 or compute is _float64)
            and cnp.PyArray_CheckExact(array) and cnp.PyArray_SIZE(<cnp.ndarray>array) >= (
                PARALLEL_MIN_SIZE if out is None and cnp.PyArray_CheckExact(a) and cnp.PyArray_CheckExact(b)
                else PARALLEL_MIN_SIZE_UPDATE)):
        if _parallel_binary is None:
            from .kernels.elementwise_cpu import binary_op
            _parallel_binary = binary_op
        result = _parallel_binary(op, a, b, out)
        if result is not None:
            return result
    if out is None:
        return ufunc(a, b)
    return ufunc(a, b, out=out, casting="unsafe")


cpdef bint fills_memory_densely(tuple shape, tuple strides, Py_ssize_t unit):
    """Whether the elements fill one block of memory exactly once in some order of the dimensions
    (positive strides, no gaps, no overlaps; c10's ``is_non_overlapping_and_dense``); ``strides`` count
    in ``unit``s: 1 for element strides, the item size for an array's byte strides."""
    cdef Py_ssize_t expected = unit, d
    cdef list runs = []
    for d in range(len(shape)):
        if shape[d] >= 2:
            runs.append((strides[d], shape[d]))
    runs.sort()
    for stride, size in runs:
        if stride != expected:
            return False
        expected *= size
    return True


cdef bint _rows_in_order(object array):
    """Whether ``array`` (NumPy or CuPy) has a fresh row-major array's strides, size-1 dims included:
    then no dimension order of PyTorch's TensorIterator can put one of its dims before another."""
    cdef tuple shape = array.shape, strides = array.strides
    cdef Py_ssize_t d, step = array.itemsize
    for d in range(len(shape) - 1, -1, -1):
        if strides[d] != step:
            return False
        if shape[d] > 1:
            step *= shape[d]
    return True


cpdef object iterator_strides(tuple shape, tuple operands):
    """See ``_iterator_layout``."""
    cdef bint rows
    return _iterator_layout(shape, operands, &rows)


cdef object _iterator_layout(tuple shape, tuple operands, bint* rows):
    """The element strides PyTorch's TensorIterator gives a fresh result of ``shape`` computed from the
    input ``operands`` (arrays, or Python numbers and 0-d arrays, in the op's order), or None where
    they are row-major (``rows`` tells whether the inputs all are). Its rules: inputs of one shape that are all row-major, all channels-last or
    all dense with equal strides lend that layout; otherwise the dims are insertion-sorted by the
    inputs' strides (the first input with a strict preference decides, equal strides put the smaller
    dim first, broadcast dims abstain) and the result is dense in that order."""
    cdef Py_ssize_t ndim = len(shape)
    rows[0] = True
    if ndim < 2:
        return None
    cdef bint same_shape = True, all_rows = True, all_contiguous = True
    cdef list arrays = []
    cdef tuple op_shape
    for op in operands:
        op_shape = getattr(op, "shape", ())
        if len(op_shape) == 0:
            same_shape = False      # (a number or 0-d tensor has no say in the order)
            continue
        if op_shape != shape:
            same_shape = False
        arrays.append(op)
        if all_rows and not _rows_in_order(op):
            all_rows = False
    rows[0] = all_rows
    if not arrays or (all_rows and 0 not in shape):
        return None
    if same_shape:    # TensorIterator's fast set-up
        for op in arrays:
            if not op.flags.c_contiguous:
                all_contiguous = False
                break
        if all_contiguous:
            return None
        if ndim == 4 and _all_channels_last(arrays):
            return _dense_in_order(shape, [1, 3, 2, 0])
        first = tuple([s // arrays[0].itemsize for s in arrays[0].strides])
        if _all_dense_alike(shape, arrays, first):
            return first
    return _sorted_dims_layout(shape, arrays)


cdef object _sorted_dims_layout(tuple shape, list arrays):
    """TensorIterator's slow set-up: each input's byte strides over the broadcast ``shape`` (0 for a
    broadcast dim), the dims insertion-sorted fastest first by them, the result dense in that order."""
    cdef Py_ssize_t ndim = len(shape), count = len(arrays), i, j, k, d0, d1, offset, s0, s1, t
    cdef int decision
    cdef Py_ssize_t* strides = <Py_ssize_t*>malloc(count * ndim * sizeof(Py_ssize_t))
    cdef Py_ssize_t* sizes = <Py_ssize_t*>malloc(ndim * sizeof(Py_ssize_t))
    cdef Py_ssize_t* perm = <Py_ssize_t*>malloc(ndim * sizeof(Py_ssize_t))
    cdef tuple op_shape, op_strides
    if strides == NULL or sizes == NULL or perm == NULL:
        free(strides); free(sizes); free(perm)
        raise MemoryError()
    try:
        for i in range(ndim):
            sizes[i] = shape[i]
            perm[i] = ndim - 1 - i
        for k in range(count):
            op = arrays[k]
            op_shape, op_strides = op.shape, op.strides
            offset = ndim - len(op_shape)
            for i in range(ndim):
                strides[k * ndim + i] = 0
            for i in range(len(op_shape)):
                if not (op_shape[i] == 1 and sizes[offset + i] != 1):
                    strides[k * ndim + offset + i] = op_strides[i]
        for i in range(1, ndim):
            j = i
            for t in range(i - 1, -1, -1):
                d0, d1 = perm[t], perm[j]
                decision = 0
                for k in range(count):
                    s0, s1 = strides[k * ndim + d0], strides[k * ndim + d1]
                    if s0 == 0 or s1 == 0:
                        continue
                    if s0 != s1:
                        decision = -1 if s0 < s1 else 1
                        break
                    if sizes[d0] > sizes[d1]:
                        decision = 1
                        break
                if decision > 0:
                    perm[t], perm[j] = perm[j], perm[t]
                    j = t
                elif decision < 0:
                    break
        for i in range(ndim):
            if perm[i] != ndim - 1 - i:
                return _dense_in_order(shape, [perm[j] for j in range(ndim)])
        return None
    finally:
        free(strides); free(sizes); free(perm)


cdef bint _all_channels_last(list arrays):
    for array in arrays:
        if not _channels_last(array):
            return False
    return True


cdef bint _all_dense_alike(tuple shape, list arrays, tuple strides):
    """Whether every array has the element ``strides`` and fills its memory densely (c10's
    ``is_non_overlapping_and_dense``)."""
    for array in arrays:
        if tuple([s // array.itemsize for s in array.strides]) != strides:
            return False
    return fills_memory_densely(shape, strides, 1)


cdef bint _channels_last(object array):
    """c10's ``is_channels_last_contiguous`` for a 4-d array: dense in (C, W, H, N) order, size-1 dims
    ignored."""
    cdef tuple shape = array.shape, strides = array.strides
    cdef Py_ssize_t expected = array.itemsize
    for d in (1, 3, 2, 0):
        if shape[d] != 1:
            if strides[d] != expected:
                return False
            expected *= shape[d]
    return True


cdef tuple _dense_in_order(tuple shape, list order):
    """Element strides of a dense array of ``shape`` whose dims run fastest first in ``order``
    (TensorIterator's ``compatible_stride``: a size-0 dim zeroes the strides after it)."""
    cdef list strides = [0] * len(shape)
    cdef Py_ssize_t step = 1
    for d in order:
        strides[d] = step
        step *= shape[d]
    return tuple(strides)


cpdef object empty_for_iterator(object xp, tuple shape, tuple operands, object numpy_dtype):
    """An uninitialised array for the result of an elementwise op over ``operands``, laid out as
    PyTorch's TensorIterator lays it out (see ``iterator_strides``)."""
    cdef object strides = iterator_strides(shape, operands)
    if strides is None:
        return xp.empty(shape, dtype=numpy_dtype)
    return empty_with_strides(xp, shape, strides, numpy_dtype)


cpdef object empty_with_strides(object xp, tuple shape, tuple strides, object numpy_dtype):
    """An uninitialised array of ``shape`` with (non-negative, element) ``strides`` over a fresh buffer
    just large enough; NumPy's constructor for CPU arrays (as_strided costs microseconds)."""
    if xp is not np:
        from .memory_formats import empty_strided_array
        return empty_strided_array(xp, shape, strides, numpy_dtype)
    cdef Py_ssize_t extent = 1, i
    cdef object item = np.dtype(numpy_dtype)
    for i in range(len(shape)):
        if shape[i] == 0:
            extent = 0
            break
        extent += (shape[i] - 1) * strides[i]
    return np.ndarray(shape, item, np.empty(extent, item), 0, tuple([s * item.itemsize for s in strides]))


cpdef object laid_out_as_iterator(object array, tuple operands):
    """``array`` (the result of an elementwise op over ``operands``), copied into TensorIterator's
    layout where NumPy/CuPy chose another; as is where they agree."""
    if array.ndim < 2:
        return array
    cdef tuple shape = array.shape
    cdef object strides = iterator_strides(shape, operands)
    if strides is None:
        if _rows_in_order(array):
            return array
    elif tuple([s // array.itemsize for s in array.strides]) == strides:
        return array
    cdef object out = empty_for_iterator(np if isinstance(array, np.ndarray) else _cupy_module(), shape, operands, array.dtype)
    out[...] = array
    return out


# --------------------------------------------------------------------------------------------------
# small float arithmetic without a ufunc call
# --------------------------------------------------------------------------------------------------
# For a few elements, NumPy's ufunc machinery (type resolution, iterator set-up, floating-point error
# checks) costs several times the arithmetic. Same-shape contiguous float32/float64 operands (or one
# operand and a Python number) of + - * / are combined here by a plain C loop into a fresh array; the
# IEEE result of each element is the one NumPy's loop gives, and a C loop never raises on 0/0 or
# overflow, which is what PyTorch does.
cdef Py_ssize_t SMALL_BINARY_MAX = 4096   # above this NumPy's SIMD loops make the call cost negligible

ctypedef fused real_t:
    float
    double


cdef void _arith_arrays(int op, const real_t* x, const real_t* y, real_t* z, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    if op == OP_ADD:
        for i in range(n):
            z[i] = x[i] + y[i]
    elif op == OP_SUB:
        for i in range(n):
            z[i] = x[i] - y[i]
    elif op == OP_MUL:
        for i in range(n):
            z[i] = x[i] * y[i]
    else:
        for i in range(n):
            z[i] = x[i] / y[i]


cdef void _arith_scalar(int op, const real_t* x, real_t s, real_t* z, Py_ssize_t n,
                        bint scalar_first) noexcept nogil:
    cdef Py_ssize_t i
    if op == OP_ADD:
        for i in range(n):
            z[i] = x[i] + s
    elif op == OP_MUL:
        for i in range(n):
            z[i] = x[i] * s
    elif op == OP_SUB and scalar_first:
        for i in range(n):
            z[i] = s - x[i]
    elif op == OP_SUB:
        for i in range(n):
            z[i] = x[i] - s
    else:   # (``number / tensor`` never comes here: it is ``reciprocal() * number``, see _binary)
        for i in range(n):
            z[i] = x[i] / s


cdef inline bint _small_plain_array(object array, int type_num):
    """A NumPy (not CuPy, not a subclass) C-contiguous, aligned, native-order array of ``type_num``
    with at most SMALL_BINARY_MAX elements."""
    if not cnp.PyArray_CheckExact(array):
        return False
    cdef cnp.ndarray a = <cnp.ndarray>array
    return (cnp.PyArray_TYPE(a) == type_num and cnp.PyArray_SIZE(a) <= SMALL_BINARY_MAX
            and cnp.PyArray_IS_C_CONTIGUOUS(a) and cnp.PyArray_ISBEHAVED_RO(a))


cdef object _small_float_arith(int op, TensorBase self, object other, bint reflected, dtype result):
    """``self <op> other`` for small float tensors by a C loop, or None when the operands do not fit
    (other dtypes or devices, broadcasting, strided or large arrays, ops other than + - * /)."""
    cdef int type_num
    if op > OP_DIV or (result is not _float32 and result is not _float64) or self._dtype is not result:
        return None
    type_num = cnp.NPY_FLOAT32 if result is _float32 else cnp.NPY_FLOAT64
    if not _small_plain_array(self._data, type_num):
        return None
    cdef cnp.ndarray x = <cnp.ndarray>self._data, y, z
    cdef double scalar
    if isinstance(other, TensorBase):
        if (<TensorBase>other)._dtype is not result or not _small_plain_array((<TensorBase>other)._data, type_num):
            return None
        y = <cnp.ndarray>(<TensorBase>other)._data
        if cnp.PyArray_NDIM(x) != cnp.PyArray_NDIM(y) or not cnp.PyArray_SAMESHAPE(x, y):
            return None
        if reflected:
            x, y = y, x
        z = cnp.PyArray_EMPTY(cnp.PyArray_NDIM(x), cnp.PyArray_DIMS(x), type_num, 0)
        if type_num == cnp.NPY_FLOAT32:
            _arith_arrays[float](op, <float*>cnp.PyArray_DATA(x), <float*>cnp.PyArray_DATA(y),
                                 <float*>cnp.PyArray_DATA(z), cnp.PyArray_SIZE(x))
        else:
            _arith_arrays[double](op, <double*>cnp.PyArray_DATA(x), <double*>cnp.PyArray_DATA(y),
                                  <double*>cnp.PyArray_DATA(z), cnp.PyArray_SIZE(x))
        return z
    if not _rows_in_order(x):
        return None     # (odd strides of size-1 dims: the result takes TensorIterator's order)
    if type(other) is float:
        scalar = <double>other
    elif type(other) is int and -(1 << 53) <= other <= (1 << 53):   # exactly a double, rounded once below
        scalar = <double>other
    else:
        return None
    z = cnp.PyArray_EMPTY(cnp.PyArray_NDIM(x), cnp.PyArray_DIMS(x), type_num, 0)
    if type_num == cnp.NPY_FLOAT32:
        _arith_scalar[float](op, <float*>cnp.PyArray_DATA(x), <float>scalar, <float*>cnp.PyArray_DATA(z),
                             cnp.PyArray_SIZE(x), reflected)
    else:
        _arith_scalar[double](op, <double*>cnp.PyArray_DATA(x), scalar, <double*>cnp.PyArray_DATA(z),
                              cnp.PyArray_SIZE(x), reflected)
    return z


cdef bint _all_rows_in_order(tuple operands):
    for operand in operands:
        if getattr(operand, "ndim", 0) > 1 and not _rows_in_order(operand):
            return False
    return True


cdef tuple _complex_addition(int op, object a, object b, bint reflected):
    """The op and operands of a complex ``a ± b`` as PyTorch's add kernel evaluates it: ``self + alpha *
    other`` with alpha = 1 (sub: -1) multiplied in even then, so an infinite part gets a NaN partner
    (``inf * (1+0j)`` is ``inf+nanj``). ``number + tensor`` is the tensor's add, scaling the number."""
    if op == OP_SUB:
        return OP_ADD, a, b * (-1 + 0j)
    if reflected:
        return OP_ADD, a * (1 + 0j), b
    return OP_ADD, a, b * (1 + 0j)


cdef object _ufunc_array(int op, TensorBase self, object other, bint reflected, dtype result, device dev):
    """The array of ``self <op> other`` by NumPy's/CuPy's ufunc (or the large-array kernel), after the
    argument checks PyTorch makes; 0-d results stay arrays."""
    if reflected and op >= OP_EQ:
        op = _REFLECTED_COMPARISON[op]
        reflected = False
    _check_bool_subtraction(op, self, other, result)
    cdef tuple shape = self._data.shape
    if isinstance(other, TensorBase):   # (shapes are checked before dtypes' kernels and divisors' values)
        shape = broadcast_shape(self, <TensorBase>other)
    _check_binary_kernel(op, other, result, reflected)
    cdef dtype compute = _compute_dtype(op, result)
    cdef object a = _operand_array(self, compute, dev)
    cdef object b = _operand_array(other, compute, dev)
    if reflected:
        a, b = b, a
    if op == OP_FLOORDIV or op == OP_REMAINDER:
        _check_integer_division(self if reflected else other, compute)
    elif op == OP_POW:
        _check_integer_power(self if reflected else other, compute)
    if (op == OP_ADD or op == OP_SUB) and compute.category == CAT_COMPLEX:
        op, a, b = _complex_addition(op, a, b, reflected)
    cdef object array, out = None
    cdef object other_data = (<TensorBase>other)._data if isinstance(other, TensorBase) else other
    cdef tuple operands = (other_data, self._data) if reflected else (self._data, other_data)
    cdef object layout = None
    cdef bint rows = True
    if not (op == OP_POW and reflected):    # (pow of a number base allocates its result row-major)
        layout = _iterator_layout(shape, operands, &rows)
    else:
        rows = _all_rows_in_order(operands)
    if layout is not None:     # PyTorch's TensorIterator lays the result out in the operands' order
        out = empty_with_strides(np if dev is _CPU else _cupy_module(), shape, layout,
                                 np.bool_ if op >= OP_EQ else compute.numpy_dtype)
    elif len(shape) > 1 and not rows:    # (NumPy's ufuncs might follow the inputs' layout)
        out = (np if dev is _CPU else _cupy_module()).empty(shape, np.bool_ if op >= OP_EQ else compute.numpy_dtype)
    cdef object quiet = _quiet_start()
    try:
        array = _evaluate(op, _ufunc_for(op, dev), a, b, compute, dev, out)
    except ValueError:
        if isinstance(other, TensorBase):
            raise _broadcast_error(self, other) from None
        raise
    finally:
        _quiet_end(quiet)
    if not isinstance(array, np.ndarray) and dev is _CPU:
        array = np.asarray(array)    # ufuncs return NumPy scalars for 0-d inputs
    return array


# PyTorch records ``number - tensor`` and ``rsub(tensor, number)`` as its op rsub (RsubBackward1), and
# ``rsub`` of two tensors as RsubBackward0; ``sub`` with these params tells autograd which one it was.
_RSUB_OF_NUMBER = {"rsub": 1}
_RSUB_OF_TENSORS = {"rsub": 0}


cdef object _binary(int op, TensorBase self, object other, bint reflected, object params=None):
    """``self <op> other`` (or ``other <op> self`` when reflected), with PyTorch's promotion rules;
    ``params`` go to the autograd record."""
    if isinstance(other, np.ndarray):
        other = wrap(other)   # PyTorch treats a NumPy operand as a CPU tensor
    cdef dtype result = _binary_result_type(self, other)
    if result is None:
        return NotImplemented
    cdef device dev = self._device
    if isinstance(other, TensorBase):
        dev = check_same_device(self, <TensorBase>other)
    if op == OP_DIV and reflected and not isinstance(other, TensorBase):
        # PyTorch's ``number / tensor`` is ``tensor.reciprocal() * number``: its two roundings, and its
        # graph (MulBackward0 over ReciprocalBackward0), are kept by doing the same
        return _binary(OP_MUL, self.reciprocal(), other, False)
    if op >= OP_EQ:
        return _new_tensor(_ufunc_array(op, self, other, reflected, result, dev), _bool, dev)
    cdef object array = None
    if op == OP_POW and not reflected and result is _bool and isinstance(other, bool):
        # PyTorch's pow(Tensor, Scalar) answers exponents 1 and 0 without a kernel, so a bool tensor
        # (which has no pow kernel) still gives x ** True = x and x ** False = all True
        array = self._data.copy()
        if not other:
            array[...] = True
        return _new_tensor(array, _bool, dev)
    if op <= OP_DIV and dev is _CPU:
        array = _small_float_arith(op, self, other, reflected, result)
    if array is None:
        array = _ufunc_array(op, self, other, reflected, result, dev)
    cdef TensorBase out = _new_tensor(array, _compute_dtype(op, result), dev)
    if _tracked(self, <TensorBase>other if isinstance(other, TensorBase) else None):
        _hook_record(_OP_NAMES[op], (other, self) if reflected else (self, other), params, (out,))
    return out


def binary(str name, object input, object other, object out=None):
    """The functional form of a hot binary op (``add`` …, ``eq`` …) by name, with ``out=``."""
    cdef int op = _OP_NAMES.index(name)
    if not isinstance(input, TensorBase):
        if not isinstance(other, TensorBase):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
        if isinstance(out, TensorBase):
            _check_out_cast(op, other, input, out)
        result = _binary(op, other, input, True)
    else:
        if isinstance(out, TensorBase):
            _check_out_cast(op, input, other, out)
        result = _binary(op, input, other, False)
    if result is NotImplemented:
        raise TypeError(f"{name}(): argument 'other' must be Tensor or Number, not {type(other).__name__}")
    if out is None:
        return result
    return copy_into_out(result, out, name)


cdef object _check_out_cast(int op, TensorBase x, object y, TensorBase out):
    """PyTorch refuses an ``out=`` that cannot hold the result before it looks at the values (a zero
    divisor) or for a kernel, after the operands' shapes; only its bool-subtraction check comes earlier."""
    if out._requires_grad or x._requires_grad or (isinstance(y, TensorBase) and (<TensorBase>y)._requires_grad):
        return      # (the autograd refusal, in copy_into_out, comes first)
    cdef dtype result = _binary_result_type(x, y)
    if result is None:
        return
    _check_bool_subtraction(op, x, y, result)
    check_out_overlap(out, (x, y))
    if isinstance(y, TensorBase):
        broadcast_shape(x, <TensorBase>y)
    check_result_fits(_bool if op >= OP_EQ else _compute_dtype(op, result), out)


cdef object _copy_keeping_strides(object array, object numpy_dtype):
    """A copy of the fresh result ``array`` in ``numpy_dtype`` with its strides, size-1 dims' included:
    PyTorch restrides a resized ``out=`` as the result it was given."""
    if array.ndim < 2 or _rows_in_order(array):
        return array.astype(numpy_dtype, copy=True)
    cdef object copy = empty_with_strides(np if isinstance(array, np.ndarray) else _cupy_module(), array.shape,
                                          tuple([s // array.itemsize for s in array.strides]), numpy_dtype)
    copy[...] = array
    return copy


cpdef object copy_into_out(TensorBase result, object out, str name):
    """Write ``result`` into the ``out=`` tensor (resized as PyTorch does when its shape differs)."""
    if not isinstance(out, TensorBase):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    cdef TensorBase o = <TensorBase>out
    if o._requires_grad or result._requires_grad:
        require_autograd("out=")
        raise RuntimeError(
            f"{name}(): functions with out=... arguments don't support automatic differentiation, "
            "but one of the arguments requires grad.")
    check_same_device(result, o)
    check_result_fits(result._dtype, o)
    if o._data.shape == result._data.shape and _has_internal_overlap(o._data):
        _raise_internal_overlap()
    if o._data.shape != result._data.shape:
        if o._base is not None:
            raise RuntimeError(f"{name}(): cannot resize a view to shape {_format_shape(result._data.shape)}")
        if o._data.size != 0:
            warnings.warn(f"An output with one or more elements was resized since it had shape "
                          f"{list(o._data.shape)}, which does not match the required output shape "
                          f"{list(result._data.shape)}. This behavior is deprecated, and in a future PyTorch "
                          "release outputs will not be resized unless they have zero elements. You can explicitly "
                          "reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0).",
                          UserWarning, stacklevel=2)
        o._data = _copy_keeping_strides(result._data, o._dtype.numpy_dtype)
    else:
        o._data[...] = result._data
    bump_version(o)
    return o


def require_out_dtype(object out, dtype expected):
    """PyTorch's structured kernels (products, sort, max along a dim …) refuse an ``out=`` tensor of
    another dtype than the result's, where other ops cast into it."""
    if isinstance(out, TensorBase) and (<TensorBase>out)._dtype is not expected:
        raise RuntimeError(f"Expected out tensor to have dtype {cpp_type_name(expected)}, but got "
                           f"{cpp_type_name((<TensorBase>out)._dtype)} instead")


def check_out_tuple(object out, int count, str name):
    """Refuse an ``out=`` for a ``count``-result op that is not a tuple/list of ``count`` tensors, with
    PyTorch's TypeErrors."""
    if not isinstance(out, (tuple, list)):
        raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors, not {type(out).__name__}")
    if len(out) != count:
        raise TypeError(f"expected tuple of {count} elements but got {len(out)}")
    for position, target in enumerate(out):
        if not isinstance(target, TensorBase):
            raise TypeError(f"expected Tensor as element {position} in argument 'out', but got "
                            f"{type(target).__name__}")


def copy_into_outs(tuple results, object out, str name):
    """``copy_into_out`` for each of an op's ``results`` and the matching tensor of ``out``."""
    check_out_tuple(out, len(results), name)
    return tuple(copy_into_out(result, target, name) for result, target in zip(results, out))


cdef str _type_name(dtype d):
    return {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
            "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool",
            "complex64": "ComplexFloat", "complex128": "ComplexDouble"}[d.name]


def type_name(dtype d) -> str:
    """PyTorch's C++ scalar-type name (``Float``, ``Long`` …) used in its error messages."""
    return _type_name(d)


def cpp_type_name(dtype d) -> str:
    """The C++ type name other PyTorch messages print for a dtype (``float``, ``long int``, ``c10::Half``)."""
    return {"float32": "float", "float64": "double", "float16": "c10::Half", "complex64": "c10::complex<float>",
            "complex128": "c10::complex<double>", "int64": "long int", "int32": "int", "int16": "short int",
            "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}[d.name]


cdef object _binary_inplace(int op, TensorBase self, object other):
    """``self <op>= other``: result written into ``self``'s memory, dtype and shape kept."""
    if isinstance(other, np.ndarray):
        other = wrap(other)
    cdef dtype result = _binary_result_type(self, other)
    if result is None:
        return NotImplemented
    cdef device dev = self._device
    # PyTorch's order: its bool-subtraction check, the target's own overlap and an operand partly in its
    # memory, then shapes, then dtypes
    _check_bool_subtraction(op, self, other, result)
    if _has_internal_overlap(self._data):
        _raise_internal_overlap()
    if isinstance(other, TensorBase):
        check_partial_overlap(self, (other,))
        dev = check_same_device(self, <TensorBase>other)
        shape = broadcast_shape(self, <TensorBase>other)
        if shape != self._data.shape:
            raise RuntimeError(f"output with shape {_format_shape(self._data.shape)} doesn't match the broadcast "
                               f"shape {_format_shape(shape)}")
    cdef dtype compute = _compute_dtype(op, result)
    if op < OP_EQ:   # (a comparison's bool fits any dtype)
        check_result_fits(compute, self)
    _check_binary_kernel(op, other, result, False)
    if op == OP_FLOORDIV or op == OP_REMAINDER:
        _check_integer_division(other, compute)
    elif op == OP_POW:
        _check_integer_power(other, compute)
    cdef object a = _operand_array(self, compute, dev)
    cdef object b = _operand_array(other, compute, dev)
    cdef int kernel = op
    if (op == OP_ADD or op == OP_SUB) and compute.category == CAT_COMPLEX:
        kernel, a, b = _complex_addition(op, a, b, False)
    cdef object ufunc = _ufunc_for(kernel, dev)
    cdef object target = self._data

    def mutate():
        quiet = _quiet_start()
        try:
            _evaluate(kernel, ufunc, a, b, compute, dev, target)
        finally:
            _quiet_end(quiet)

    record_inplace(_OP_NAMES[op], self, (self, other), None, mutate)
    return self


def rsub(TensorBase input, object other):
    """``other - input`` recorded as PyTorch's rsub (``torch.rsub``, ``number - tensor``)."""
    if isinstance(other, TensorBase):
        return _binary(OP_SUB, <TensorBase>other, input, False, _RSUB_OF_TENSORS)
    result = _binary(OP_SUB, input, other, True, _RSUB_OF_NUMBER)
    if result is NotImplemented:
        raise TypeError(f"rsub(): argument 'other' must be Tensor or Number, not {type(other).__name__}")
    return result


def binary_inplace(str name, TensorBase input, object other):
    """The in-place form of a hot binary op by name (``add_``, ``mul_`` …)."""
    result = _binary_inplace(_OP_NAMES.index(name), input, other)
    if result is NotImplemented:
        raise TypeError(f"{name}_(): argument 'other' must be Tensor or Number, not {type(other).__name__}")
    return result


cdef object _wrap_like(object array, TensorBase like):
    if not isinstance(array, np.ndarray) and like._device is _CPU:
        array = np.asarray(array)
    return _new_tensor(laid_out_as_iterator(array, (like._data,)), dtype_from_numpy(array.dtype), like._device)


cdef object _negate(TensorBase x):
    if x._dtype is _bool:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    cdef TensorBase out = _wrap_like(-x._data, x)
    record("neg", (x,), None, (out,))
    return out


cdef object _abs(TensorBase x):
    if x._dtype is _bool:
        raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
    cdef object array = abs(x._data)
    cdef TensorBase out = _wrap_like(array, x)
    record("abs", (x,), None, (out,))
    return out


# --------------------------------------------------------------------------------------------------
# matmul and transposes: their everyday call in C, every other call in the Python modules
# --------------------------------------------------------------------------------------------------
# A training step spends more time in the Python plumbing of ``x @ w`` and ``w.mT`` (argument checks,
# dispatch, wrapping: ~2 µs) than in the BLAS call on small matrices. The functions below are the
# public ones: they finish the commonest call (CPU tensors of one float/complex dtype, matmul operands
# of rank 1 or 2, int dims) here and hand any other call (CUDA, batches, bad input and its errors,
# ``out=``) to the general implementation its module registers with ``register_general_path``.
cdef dict _general_paths = {}


def register_general_path(str name, object function) -> None:
    """``function`` handles the calls of the C op ``name`` that its fast path leaves alone."""
    _general_paths[name] = function


cdef inline bint _blas_dtype(dtype d):
    return d is _float32 or d is _float64 or d is _complex64 or d is _complex128


cdef object _small_matmul(TensorBase a, TensorBase b):
    """``a @ b`` for CPU vectors/matrices of one BLAS dtype with matching inner sizes, else None."""
    if a._device is not _CPU or b._device is not _CPU or a._dtype is not b._dtype or not _blas_dtype(a._dtype):
        return None
    cdef object x = a._data, y = b._data
    cdef int nx = x.ndim, ny = y.ndim
    if nx < 1 or nx > 2 or ny < 1 or ny > 2:
        return None
    cdef tuple sx = x.shape, sy = y.shape
    if sx[nx - 1] != sy[0 if ny == 1 else ny - 2]:
        return None
    cdef object array = np.matmul(x, y)
    if nx == 1 and ny == 1:
        array = np.asarray(array)      # NumPy returns a scalar for vector . vector
    cdef TensorBase out = _new_tensor(array, a._dtype, _CPU)
    if _tracked(a, b):
        _hook_record("matmul", (a, b), None, (out,))
    return out


cdef object _matmul(object input, object other, object out):
    cdef object result
    if out is None and isinstance(input, TensorBase) and isinstance(other, TensorBase):
        result = _small_matmul(<TensorBase>input, <TensorBase>other)
        if result is not None:
            return result
    return _general_paths["matmul"](input, other, out=out)


def matmul(input, other, *, out=None):
    """Matrix product with PyTorch's rank rules: dot, matrix-vector, matrix-matrix, broadcast batches."""
    return _matmul(input, other, out)


cdef object _swapped(TensorBase input, int d0, int d1, str name):
    """The view of ``input`` with dims ``d0`` and ``d1`` (non-negative) swapped, recorded as ``name``
    (``transpose``, ``t`` or, for ``.T`` of a matrix, ``permute``) with that op's parameters."""
    cdef TensorBase out = _view_of(input, input._data.swapaxes(d0, d1), input._dtype)
    cdef object params = None
    if _tracked(input, None):
        if name == "transpose":
            params = {"dim0": d0, "dim1": d1}
        elif name == "permute":
            params = {"dims": (1, 0)}
        _hook_record(name, (input,), params, (out,))
    return out


cdef int _fast_dim(object dim, int ndim):
    """``dim`` wrapped into ``[0, ndim)``, or -1 when the general path must handle (or reject) it."""
    cdef long d
    if type(dim) is not int:
        return -1
    try:
        d = dim
    except OverflowError:
        return -1
    if d < -ndim or d >= ndim:
        return -1
    return d + ndim if d < 0 else d


def transpose(input, dim0, dim1):
    """``input`` with dims ``dim0`` and ``dim1`` swapped (a view)."""
    cdef int d0, d1, ndim
    if isinstance(input, TensorBase):
        ndim = (<TensorBase>input)._data.ndim
        d0 = _fast_dim(dim0, ndim)
        d1 = _fast_dim(dim1, ndim)
        if d0 >= 0 and d1 >= 0:
            return _swapped(<TensorBase>input, d0, d1, "transpose")
    return _general_paths["transpose"](input, dim0, dim1)


def t(input):
    """The transpose of a matrix (0-d and 1-d tensors are returned as views of themselves)."""
    if isinstance(input, TensorBase) and (<TensorBase>input)._data.ndim == 2:
        return _swapped(<TensorBase>input, 0, 1, "t")
    return _general_paths["t"](input)


# --------------------------------------------------------------------------------------------------
# unary functions, sum and mean: the small-float-tensor call in C
# --------------------------------------------------------------------------------------------------
# Like matmul above: for a CPU float32/float64 tensor below LARGE_OP_SIZE elements (larger ones go to
# the OpenMP kernels through the general path), without ``out=``/``dtype=``, the C path computes exactly
# what the general Python path computes for that input -- the same NumPy call -- minus ~3-4 µs of
# argument handling and dispatch.
cdef inline bint _small_float(object input):
    cdef TensorBase x
    if not isinstance(input, TensorBase):
        return False
    x = <TensorBase>input
    return x._device is _CPU and (x._dtype is _float32 or x._dtype is _float64) and x._data.size < PARALLEL_MIN_SIZE


cdef object _finish_small(TensorBase x, object array, str name, object params):
    """Wrap ``array`` (computed from the small float tensor ``x``) in x's dtype and record ``name``."""
    if not isinstance(array, np.ndarray):
        array = np.asarray(array)      # NumPy returns scalars for 0-d results
    cdef TensorBase out = _new_tensor(array, x._dtype, _CPU)
    if _tracked(x, None):
        _hook_record(name, (x,), params, (out,))
    return out


cdef object _standing_in_for(object function, str name, object general):
    """``function`` named ``name`` and documented as ``general``, whose signature ``inspect`` reports."""
    function.__name__ = function.__qualname__ = name
    function.__doc__ = general.__doc__
    function.__wrapped__ = general
    return function


def fast_unary(str name, str record_name, object small_float, object general):
    """The unary function ``general(input, *, out=None)`` with its small-float-tensor call done here:
    ``small_float(array)`` must return what ``general`` computes for such an array (a NumPy ufunc or
    the CPU kernel it uses); the result is recorded as ``record_name``."""
    def function(input, *, out=None):
        cdef object quiet, array
        if out is None and _small_float(input):
            quiet = _quiet_start()
            try:
                array = small_float((<TensorBase>input)._data)
            finally:
                _quiet_end(quiet)
            if isinstance(array, np.ndarray):
                array = laid_out_as_iterator(array, ((<TensorBase>input)._data,))
            return _finish_small(<TensorBase>input, array, record_name, None)
        return general(input, out=out)

    return _standing_in_for(function, name, general)


cdef object _small_sum(object input, object dim, object keepdim, bint mean):
    """``input.sum/mean(dim, keepdim)`` of a small float tensor over all dims or one int dim, else None."""
    cdef TensorBase x
    cdef object data, axis = None, dims = None, array
    cdef int d, ndim
    if not _small_float(input) or (keepdim is not True and keepdim is not False):
        return None
    x = <TensorBase>input
    data = x._data
    if dim is not None:
        ndim = data.ndim
        d = _fast_dim(dim, ndim)
        if d < 0:
            return None
        dims = (d,)
        axis = d
    array = np.add.reduce(data, axis=axis, keepdims=keepdim)
    if cnp.PyArray_CheckExact(array) and not cnp.PyArray_IS_C_CONTIGUOUS(<cnp.ndarray>array):
        array = array.copy()      # PyTorch's result is row-major whatever the input's order
    if mean:
        quiet = _quiet_start()
        try:
            array = array / (data.size if axis is None else data.shape[d])
        finally:
            _quiet_end(quiet)
    return _finish_small(x, array, "mean" if mean else "sum",
                         {"dim": dims, "keepdim": keepdim, "dtype": None} if _tracked(x, None) else None)


cdef object _DIM_NOT_GIVEN = object()


def fast_reduction(str name, object general):
    """``sum``/``mean`` (``general(input, dim=None, keepdim=False, *, dtype=None, out=None)``) with the
    small-float-tensor call over all dims or one int dim done here."""
    cdef bint mean = name == "mean"
    if not mean and name != "sum":
        raise ValueError(f"no fast path for {name!r}")

    def function(input, dim=_DIM_NOT_GIVEN, keepdim=_DIM_NOT_GIVEN, *, dtype=None, out=None):
        cdef object result
        if dim is _DIM_NOT_GIVEN:
            if keepdim is not _DIM_NOT_GIVEN:   # no overload takes keepdim without dim
                raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, keepdim=bool)")
            if out is not None and not mean:    # PyTorch's sum(input, *, dtype) overload has no out=
                raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, out=Tensor)")
            dim = None
        if keepdim is _DIM_NOT_GIVEN:
            keepdim = False
        if dtype is None and out is None:
            result = _small_sum(input, dim, keepdim, mean)
            if result is not None:
                return result
        return general(input, dim, keepdim, dtype=dtype, out=out)

    return _standing_in_for(function, name, general)

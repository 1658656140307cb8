# cython: language_level=3
# Compiled with wraparound=False: never index with negative numbers here.
"""The autograd graph and engine, in Cython because they run on every differentiable op.

* ``record`` turns one op into a ``Node`` whose edges point at the nodes that produced its inputs
  (or at a leaf's ``AccumulateGrad``), saving what the op's derivative formula needs;
* ``record_inplace`` does the same around an in-place mutation and rewrites the target's history
  (through ``CopySlices`` when the target is a view);
* ``run_backward`` walks the graph from the roots in dependency order (correct for any DAG), sums the
  gradients arriving at each node, calls the formulas, undoes broadcasting and accumulates into leaves.

Derivative formulas live in :mod:`flambeau_autograd.formulas`; a formula is
``f(grads, inputs, outputs, params, metas) -> grads_for_inputs`` (``metas[i]`` is the ``(shape, dtype,
device)`` of input ``i``, or None when it needs no gradient) written with Tensor ops, so that the
engine running it with ``create_graph=True`` records a graph of the backward pass too.
"""
import weakref

from cpython.object cimport PyObject
from cpython.weakref cimport PyWeakref_NewRef

import numpy as np

from flambeau_tensor_core import _core
# The fields of tensor-core's types are read as C struct members (declared in its ``_core.pxd``): the
# recording path touches ~20 of them per op, and Python attribute lookups made that most of its cost.
from flambeau_tensor_core._core cimport TensorBase, VersionCounter

from . import _anomaly

cdef object _wrap = _core.wrap

# Whether ops record a graph: per thread (a new thread starts enabled), as in PyTorch, and read by every
# recorded op, so a C thread-local rather than a ``threading.local`` attribute (a dict lookup per read).
# Stored negated so that zero-initialised storage means "enabled". ``_grad_mode`` holds the Python API.
cdef extern from *:
    """
    #if defined(_MSC_VER) && !defined(__clang__)
    static __declspec(thread) int flambeau_grad_disabled = 0;
    #else
    static _Thread_local int flambeau_grad_disabled = 0;
    #endif
    """
    int flambeau_grad_disabled


cdef inline bint grad_enabled() noexcept:
    return not flambeau_grad_disabled


def is_grad_enabled() -> bool:
    """Whether ops record a graph in this thread."""
    return not flambeau_grad_disabled


def set_grad_enabled_flag(bint enabled) -> None:
    """Switch graph recording for this thread (``no_grad`` and friends, in ``_grad_mode``)."""
    global flambeau_grad_disabled
    flambeau_grad_disabled = not enabled


# op name -> (formula, saves_inputs, saves_outputs); filled by flambeau_autograd.formulas
cdef dict FORMULAS = {}
FORMULA_TABLE = FORMULAS
# ops whose outputs never require grad (PyTorch marks them non-differentiable)
cdef set NON_DIFFERENTIABLE = set()
NON_DIFFERENTIABLE_OPS = NON_DIFFERENTIABLE
# ops PyTorch differentiates for real outputs only: a complex output that would need a node is refused
cdef set REAL_OUTPUTS_ONLY = set()
REAL_OUTPUTS_ONLY_OPS = REAL_OUTPUTS_ONLY
# ops whose outputs are several views of one input: PyTorch forbids writing into them in place
cdef set MULTI_OUTPUT_VIEW_OPS = {"unbind", "split", "split_with_sizes"}

# Names PyTorch gives nodes that differ from "<CamelCase op>Backward0".
cdef dict NODE_NAMES = {
    "to": "ToCopyBackward0", "div": "DivBackward0", "getitem": "IndexBackward0", "copy_": "CopyBackwards",
    "setitem": "IndexPutBackward0", "sum_to_size": "SumBackward1", "expand": "ExpandBackward0",
}
NODE_NAME_TABLE = NODE_NAMES

SAVED_FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they "
    "have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph "
    "a second time or if you need to access saved tensors after calling backward.")


# --------------------------------------------------------------------------------------------------
# per-tensor bookkeeping
# --------------------------------------------------------------------------------------------------
cdef class AutogradMeta:
    """What autograd keeps on a tensor besides ``grad_fn``: which output of its node it is, its leaf
    accumulator (weakly: the graph owns it), hooks, and whether it retains its gradient."""
    cdef public int output_nr
    cdef public object grad_accumulator     # weakref to AccumulateGrad, leaves only
    cdef public list hooks                  # leaf tensor hooks
    cdef public list post_accumulate_hooks
    cdef public bint retains_grad
    cdef public object tangent              # forward-mode AD: the tangent at the open dual level
    cdef public bint dual_alias             # made by make_dual: in-place on it leaves its base alone

    def __init__(self):
        self.output_nr = 0
        self.grad_accumulator = None
        self.hooks = None
        self.post_accumulate_hooks = None
        self.retains_grad = False
        self.tangent = None
        self.dual_alias = False


cdef inline AutogradMeta meta_of(TensorBase t):
    cdef object m = t._autograd_meta
    if m is None:
        m = AutogradMeta()
        t._autograd_meta = m
    return <AutogradMeta>m


cdef inline int output_nr_of(TensorBase t):
    cdef object m = t._autograd_meta
    return 0 if m is None else (<AutogradMeta>m).output_nr


def get_meta(t):
    return meta_of(t)


cpdef AccumulateGrad grad_accumulator(TensorBase leaf):
    """The leaf's ``AccumulateGrad`` node, created on first need and shared while a graph holds it."""
    cdef AutogradMeta m = meta_of(leaf)
    cdef object acc = None
    if m.grad_accumulator is not None:
        acc = m.grad_accumulator()
    if acc is None:
        acc = _new_accumulator(leaf)
        m.grad_accumulator = PyWeakref_NewRef(acc, None)
    return <AccumulateGrad>acc


cpdef tuple gradient_edge(TensorBase t):
    """Where the gradient of ``t`` enters the graph: ``(node, output_nr)``."""
    cdef object fn = t.grad_fn
    if fn is not None:
        return (fn, output_nr_of(t))
    return (grad_accumulator(t), 0)


# --------------------------------------------------------------------------------------------------
# saved tensors
# --------------------------------------------------------------------------------------------------
cdef VersionCounter _version_counter(TensorBase t):
    if t._version_counter is None:
        t._version_counter = VersionCounter()
    return <VersionCounter>t._version_counter


cdef str _describe(object data, object dt):
    """``torch.FloatTensor [2, 3]``: PyTorch's spelling (``Tensor.type()`` answers the same)."""
    from flambeau_tensor_core.tensor import _LEGACY_TYPE_NAMES
    return f"torch.{_LEGACY_TYPE_NAMES[dt.name]} [{', '.join(str(s) for s in data.shape)}]"


cdef str _op_of(object node_name):
    """PyTorch's messages name the op of a node without its ``Backward<n>`` suffix (``Exp``)."""
    cdef str name = str(node_name)
    cdef Py_ssize_t end = len(name)
    while end > 0 and name[end - 1].isdigit():
        end -= 1
    if name[:end].endswith("Backward"):
        return name[:end - 8]
    return name


cdef class SavedTensor:
    """A tensor kept for backward: its memory, version at save time and history, so that unpacking
    can detect in-place modification and (for outputs) rebuild a tensor attached to the graph."""
    cdef object tensor          # inputs: the tensor itself (an input cannot point back at the node)
    cdef object data            # outputs: the memory only, to avoid a node <-> output cycle
    cdef object dtype_, device_
    cdef VersionCounter counter
    cdef long version
    cdef bint is_output
    cdef int output_nr
    cdef object packed          # saved_tensors_hooks: what pack_hook returned
    cdef object unpack_hook

    cdef long current_version(self):
        return self.counter.value

    cdef object unpack(self, Node node, bint create_graph):
        if self.unpack_hook is not None:
            return self.unpack_hook(self.packed)
        if self.current_version() != self.version:
            if self.is_output:
                where = f", which is output {self.output_nr} of {_op_of(node.name())},"
            else:
                fn = self.tensor.grad_fn
                where = "" if fn is None else f", which is output {output_nr_of(self.tensor)} of {_op_of(fn.name())},"
            raise RuntimeError(
                "one of the variables needed for gradient computation has been modified by an inplace "
                f"operation: [{_describe(self.data, self.dtype_)}]{where} is at version "
                f"{self.current_version()}; expected version {self.version} instead. Hint: enable anomaly "
                "detection to find the operation that failed to compute its gradient, with "
                "torch.autograd.set_detect_anomaly(True, check_nan=False).")
        if not self.is_output:
            return self.tensor
        cdef TensorBase t = _wrap(self.data, self.dtype_, self.device_)
        t._version_counter = self.counter
        if create_graph:
            t._requires_grad = True
            t.grad_fn = node
            if self.output_nr:
                meta_of(t).output_nr = self.output_nr
        return t


cdef list _pack_hooks = []      # saved_tensors_hooks stack: (pack, unpack)
PACK_HOOKS = _pack_hooks


cdef SavedTensor save_tensor(TensorBase t, bint is_output, int output_nr, long version_offset):
    if t._is_inference:
        raise RuntimeError("Inference tensors cannot be saved for backward. Please do not use Tensors created in "
                           "inference mode in computation tracked by autograd. To work around this, you can make "
                           "a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` "
                           "instead of `torch.inference_mode()`.")
    cdef SavedTensor s = SavedTensor.__new__(SavedTensor)
    s.data = t._data
    s.dtype_ = t._dtype
    s.device_ = t._device
    s.counter = _version_counter(t)
    s.version = s.counter.value + version_offset
    s.is_output = is_output
    s.output_nr = output_nr
    if not is_output:
        s.tensor = t
    if _pack_hooks:
        pack, unpack = _pack_hooks[len(_pack_hooks) - 1]
        s.packed = pack(t)
        s.unpack_hook = unpack
        s.tensor = None
        s.data = None
    return s


cdef tuple save_all(tuple values, bint are_outputs, long version_offset):
    cdef list out = []
    cdef int i = 0
    for v in values:
        if isinstance(v, TensorBase):
            out.append(save_tensor(v, are_outputs, i, version_offset))
        else:
            out.append(v)
        i += 1
    return tuple(out)


cdef tuple unpack_all(tuple saved, Node node, bint create_graph):
    # a plain loop: a generator expression would build a generator object per node
    cdef list values = []
    for s in saved:
        values.append((<SavedTensor>s).unpack(node, create_graph) if isinstance(s, SavedTensor) else s)
    return tuple(values)


def pack_saved(object t, bint is_output=False, int output_nr=0):
    """Save ``t`` for backward (used by ``Function.save_for_backward``)."""
    return save_tensor(t, is_output, output_nr, 0)


# --------------------------------------------------------------------------------------------------
# graph nodes
# --------------------------------------------------------------------------------------------------
cdef class RemovableHandle:
    """Returned by ``register_hook``: ``remove()`` takes the hook out again (also on ``with`` exit)."""
    cdef object container
    cdef object hook

    def __init__(self, container, hook):
        self.container = container
        self.hook = hook

    def remove(self):
        try:
            self.container.remove(self.hook)
        except ValueError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


cdef inline tuple _input_meta(TensorBase t):
    return (t._data.shape, t._dtype, t._device)


cdef class Node:
    """One recorded op: the backward function of PyTorch's ``grad_fn`` objects.

    ``next_functions`` are ``(node, output_nr)`` pairs, one per op input (``(None, 0)`` where the input
    needs no gradient). ``register_hook(fn(grad_inputs, grad_outputs))`` runs after the node,
    ``register_prehook(fn(grad_outputs))`` before it; either may return replacement gradients.
    """
    cdef public str op
    cdef public object formula
    cdef public tuple edges
    cdef public tuple input_meta
    cdef public object params
    cdef public int num_outputs
    cdef public tuple output_meta
    cdef tuple saved_inputs
    cdef tuple saved_outputs
    cdef bint has_saved
    cdef public bint released
    cdef list pre_hooks
    cdef list post_hooks
    cdef dict tensor_hooks          # output_nr -> [hook(grad)] (hooks on non-leaf tensors)
    cdef dict retained              # output_nr -> weakref to the tensor that retains its grad
    cdef dict _metadata
    cdef public object creation_trace
    cdef public str display_name
    cdef object __weakref__

    def name(self) -> str:
        if self.display_name is not None:
            return self.display_name
        cdef object known = NODE_NAMES.get(self.op)
        if known is not None:
            known = known(self) if callable(known) else known
            # PyTorch's node for ops without a derivative is a C++ class; name() gives its full name
            return "torch::autograd::NotImplemented" if known == "NotImplemented" else known
        return _default_node_name(self.op)

    def __repr__(self):
        return f"<{self.name()} object at {hex(id(self))}>"

    @property
    def next_functions(self):
        return tuple((None, 0) if e is None else e for e in self.edges)

    @property
    def metadata(self) -> dict:
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    def register_hook(self, fn):
        if self.post_hooks is None:
            self.post_hooks = []
        self.post_hooks.append(fn)
        return RemovableHandle(self.post_hooks, fn)

    def register_prehook(self, fn):
        if self.pre_hooks is None:
            self.pre_hooks = []
        self.pre_hooks.append(fn)
        return RemovableHandle(self.pre_hooks, fn)

    def _register_tensor_hook(self, int output_nr, fn):
        if self.tensor_hooks is None:
            self.tensor_hooks = {}
        hooks = self.tensor_hooks.setdefault(output_nr, [])
        hooks.append(fn)
        return RemovableHandle(hooks, fn)

    def _retain(self, int output_nr, tensor):
        if self.retained is None:
            self.retained = {}
        self.retained[output_nr] = weakref.ref(tensor)

    def _saved_tensors(self):
        """The unpacked saved values (inputs, outputs); PyTorch's ``_saved_*`` attributes."""
        if self.released:
            raise RuntimeError(SAVED_FREED_MESSAGE)
        ins = None if self.saved_inputs is None else unpack_all(self.saved_inputs, self, False)
        outs = None if self.saved_outputs is None else unpack_all(self.saved_outputs, self, False)
        return ins, outs

    def _set_saved(self, tuple saved):
        """Keep ``saved`` (values from ``pack_saved``) for the formula, which receives them unpacked
        as its ``inputs``; freed after backward like any node's saved tensors."""
        self.saved_inputs = saved
        self.has_saved = len(saved) > 0

    cdef void release(self):
        if self.has_saved:
            self.saved_inputs = None
            self.saved_outputs = None
            self.released = True

    cpdef tuple apply(self, tuple grads, bint create_graph):
        """Gradients for each input edge from the gradients of each output."""
        if self.formula is None:
            raise NotImplementedError(f"the derivative for '{self.op}' is not implemented.")
        if self.released:
            raise RuntimeError(SAVED_FREED_MESSAGE)
        cdef tuple inputs = None if self.saved_inputs is None else unpack_all(self.saved_inputs, self, create_graph)
        cdef tuple outputs = None if self.saved_outputs is None else unpack_all(self.saved_outputs, self, create_graph)
        result = self.formula(grads, inputs, outputs, self.params, self.input_meta)
        if type(result) is tuple:
            return <tuple>result
        if isinstance(result, (tuple, list)):
            return tuple(result)
        return (result,)


cdef class AccumulateGrad(Node):
    """The node of a leaf tensor: sums incoming gradients into ``variable.grad``."""
    cdef public object variable

    def __init__(self, variable):
        _init_accumulator(self, variable)


cdef str _default_node_name(str op):
    return "".join(part.capitalize() for part in op.strip("_").split("_")) + "Backward0"


# ---- node types: type(grad_fn).__name__ is the node's name, as in PyTorch ------------------------------
# Every node is an instance of a subclass of Node named after it (made once per name, no extra fields),
# so `type(y.grad_fn).__name__ == "MulBackward0"`. Subclasses are heap types of one layout, so a node
# whose name is only known after it is filled in (params-dependent names, custom Functions, views) can
# change its class to the right one.
cdef dict _NODE_TYPES = {}          # name -> subclass of Node
cdef object _UNNAMED = None         # the subclass a node starts as until its name is known
cdef dict _OP_NODE_TYPES = {}       # op -> subclass, for ops whose name does not depend on params


cpdef type node_type(str name):
    """The subclass of ``Node`` named ``name`` (made on first use)."""
    cdef object cls = _NODE_TYPES.get(name)
    if cls is None:
        cls = type(name, (Node,), {"__slots__": (), "__module__": Node.__module__,
                                   "__doc__": f"The backward node PyTorch names {name}."})
        _NODE_TYPES[name] = cls
    return <type>cls


cdef type _op_node_type(str op):
    """The node type of ``op`` when its name is fixed by the op alone, else None."""
    cdef object cls = _OP_NODE_TYPES.get(op)
    if cls is not None:
        return <type>cls
    cdef object known = NODE_NAMES.get(op)
    if known is not None and not isinstance(known, str):
        return None
    cls = node_type(<str>known if known is not None else _default_node_name(op))
    _OP_NODE_TYPES[op] = cls
    return <type>cls


_UNNAMED = node_type("UnnamedBackward")


def name_node(Node node, str display_name=None):
    """Give ``node`` the type of its name (``display_name`` when given, which becomes its name)."""
    if display_name is not None:
        node.display_name = display_name
    node.__class__ = node_type(node.name())
    return node


def named_node(str display_name):
    """An empty node whose name (and type name) is ``display_name``."""
    cdef Node node = Node.__new__(node_type(display_name))
    node.display_name = display_name
    return node


cdef void _init_accumulator(AccumulateGrad node, object variable):
    node.op = "accumulate_grad"
    node.variable = variable
    node.edges = ()
    node.num_outputs = 1
    node.display_name = "AccumulateGrad"


cdef AccumulateGrad _new_accumulator(TensorBase leaf):
    # without a Python-level __init__ call: a leaf's accumulator is rebuilt for every graph it joins
    cdef AccumulateGrad node = AccumulateGrad.__new__(AccumulateGrad)
    _init_accumulator(node, leaf)
    return node


cdef extern from "Python.h":
    Py_ssize_t Py_REFCNT(PyObject* o)


cdef inline bint _only_reference(object t):
    """Whether the caller's one reference is the only one to ``t``."""
    return Py_REFCNT(<PyObject*>t) == 1


cdef bint _owns_plain_memory(TensorBase t):
    """Whether ``t``'s memory is a C-contiguous NumPy array that no other object references (no view,
    no other tensor): then nothing can see it change."""
    cdef object data = t._data        # (this local is the array's second reference)
    return type(data) is np.ndarray and Py_REFCNT(<PyObject*>data) == 2 and data.base is None and \
        data.flags.c_contiguous


cdef object _empty_like = None     # flambeau_tensor_core.empty_like, looked up on first use


cdef TensorBase _laid_out_like(TensorBase leaf, TensorBase grad):
    """``grad``, or a copy of it with the strides a new ``.grad`` of ``leaf`` gets in PyTorch: the leaf's
    own when the leaf is dense (a channels_last weight gets a channels_last gradient), else row-major
    (``empty_like``'s ``preserve_format`` rule)."""
    global _empty_like
    if grad._data.strides == leaf._data.strides:
        return grad
    if _empty_like is None:
        from flambeau_tensor_core import empty_like
        _empty_like = empty_like
    cdef TensorBase like = _empty_like(leaf)
    if like._data.strides == grad._data.strides:
        return grad
    like._data[...] = grad._data
    return like


cdef object _store_grad(TensorBase leaf, TensorBase grad, bint create_graph, bint unshared):
    """Sum ``grad`` into ``leaf.grad`` as PyTorch does: the first gradient is stored (copied, so that no
    two leaves share one, unless ``unshared``: nothing else holds ``grad`` and its memory is its own, as
    PyTorch steals such a gradient), later ones are added in place unless building a higher-order graph."""
    cdef object old = leaf._grad
    cdef TensorBase laid_out
    if grad._dtype is not leaf._dtype:
        grad = grad.to(leaf._dtype)
    if old is None:
        if create_graph:
            leaf._grad = grad
            return
        laid_out = _laid_out_like(leaf, grad)
        if laid_out is not grad or (unshared and _owns_plain_memory(grad)):
            leaf._grad = laid_out
        else:
            leaf._grad = _wrap(grad._data.copy(order="K"), grad._dtype, grad._device)
    elif create_graph or (<TensorBase>old)._requires_grad:
        leaf._grad = old + grad
    else:
        (<TensorBase>old)._data += grad._data
        _core.bump_version(old)


# --------------------------------------------------------------------------------------------------
# recording
# --------------------------------------------------------------------------------------------------
cdef inline bint _differentiable(TensorBase t):
    return t._dtype.category >= 2


cdef tuple _edges_of(tuple inputs):
    """One ``(node, output_nr)`` edge per input (None where it needs no gradient), or None if no
    input needs one (then there is nothing to record)."""
    cdef Py_ssize_t i, n = len(inputs)
    cdef list edges = None
    cdef object v, fn
    cdef TensorBase x
    for i in range(n):
        v = inputs[i]
        if isinstance(v, TensorBase) and (<TensorBase>v)._requires_grad:
            x = <TensorBase>v
            if edges is None:
                edges = [None] * n
            fn = x.grad_fn
            edges[i] = (fn, output_nr_of(x)) if fn is not None else (grad_accumulator(x), 0)
    return None if edges is None else tuple(edges)


cdef tuple _metas_of(tuple inputs, tuple edges):
    cdef Py_ssize_t i, n = len(inputs)
    cdef list metas = [None] * n
    for i in range(n):
        if edges[i] is not None:
            metas[i] = _input_meta(<TensorBase>inputs[i])
    return tuple(metas)


cdef bint _anomaly_enabled = False


def set_anomaly_enabled(bint flag):
    global _anomaly_enabled
    _anomaly_enabled = flag


cdef Node _new_node(str name, tuple edges, tuple inputs, object params, tuple outputs, long version_offset):
    cdef type cls = _op_node_type(name)
    cdef Node node = Node.__new__(cls if cls is not None else _UNNAMED)
    node.op = name
    node.edges = edges
    node.input_meta = _metas_of(inputs, edges)
    node.params = params
    node.num_outputs = len(outputs)
    entry = FORMULAS.get(name)
    if entry is not None:
        node.formula = entry[0]
        if entry[1]:
            node.saved_inputs = save_all(inputs, False, 0)
            node.has_saved = True
        if entry[2]:
            node.saved_outputs = save_all(outputs, True, version_offset)
            node.has_saved = True
    if node.num_outputs > 1:
        node.output_meta = _output_metas(outputs)
    if _anomaly_enabled:
        node.creation_trace = _anomaly.current_trace()
    if cls is None:     # a name that depends on params: known now that they are set
        node.__class__ = node_type(node.name())
    return node


cdef tuple _output_metas(tuple outputs):
    cdef list metas = []
    for o in outputs:
        metas.append(_input_meta(o) if isinstance(o, TensorBase) else None)
    return tuple(metas)


cdef void _attach_outputs(Node node, tuple outputs):
    cdef int i = 0
    cdef TensorBase t
    for o in outputs:
        if isinstance(o, TensorBase) and _differentiable(<TensorBase>o):
            t = <TensorBase>o
            t._requires_grad = True
            t.grad_fn = node
            if i or t._autograd_meta is not None:
                meta_of(t).output_nr = i
        i += 1


# forward-mode AD (``forward_ad``) plugs in here while a dual level is open
cdef object _forward_record = None
cdef object _forward_record_inplace = None


def set_forward_ad(object on_record, object on_record_inplace):
    """Route every op also through ``on_record(name, inputs, params, outputs)`` and in-place ops
    through ``on_record_inplace(name, target, inputs, params, mutate, reverse)`` (None: off)."""
    global _forward_record, _forward_record_inplace
    _forward_record = on_record
    _forward_record_inplace = on_record_inplace


cdef object _refuse_complex_outputs(str name, tuple outputs):
    for o in outputs:
        if isinstance(o, TensorBase) and (<TensorBase>o)._dtype.is_complex:
            raise RuntimeError(f"{name} does not support automatic differentiation for outputs with complex dtype.")


cpdef record(str name, tuple inputs, object params, tuple outputs):
    """Hook entry for an out-of-place op: build its node and attach it to the outputs."""
    cdef tuple edges
    if grad_enabled() and name not in NON_DIFFERENTIABLE:
        edges = _edges_of(inputs)
        if edges is not None:
            if name in REAL_OUTPUTS_ONLY:
                _refuse_complex_outputs(name, outputs)
            _attach_outputs(_new_node(name, edges, inputs, params, outputs, 0), outputs)
    if _forward_record is not None:
        _forward_record(name, inputs, params, outputs)


cdef bint _is_leaf_requiring_grad(object t):
    return t is not None and (<TensorBase>t)._requires_grad and (<TensorBase>t).grad_fn is None


cpdef record_inplace(str name, object target, tuple inputs, object params, object mutate):
    """Hook entry for an in-place op (through forward-mode AD when a dual level is open)."""
    if _forward_record_inplace is not None:
        _forward_record_inplace(name, target, inputs, params, mutate, record_inplace_reverse)
    else:
        record_inplace_reverse(name, target, inputs, params, mutate)


cpdef record_inplace_reverse(str name, object target, tuple inputs, object params, object mutate):
    """Reverse mode's part of an in-place op: check it is allowed, save what backward needs from the
    old value, run ``mutate()`` once and give ``target`` (and its base, for a view) the new history."""
    if not grad_enabled():
        mutate()
        return
    cdef object base = target._base
    if _is_leaf_requiring_grad(target):
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    if base is not None and isinstance(target.grad_fn, Node) and (<Node>target.grad_fn).op in MULTI_OUTPUT_VIEW_OPS:
        raise RuntimeError(
            f"Output {output_nr_of(target)} of {_op_of(target.grad_fn.name())} is a view and is being modified "
            "inplace. This view is the output of a function that returns multiple views. Such functions do not "
            "allow the output views to be modified inplace. You should replace the inplace operation by an "
            "out-of-place one.")
    if base is not None and _is_leaf_requiring_grad(base):
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
    cdef tuple edges = _edges_of(inputs)
    if edges is None:
        mutate()
        return
    # The formula sees the target's value before the write; copy it only if the formula keeps inputs.
    entry = FORMULAS.get(name)
    cdef tuple op_inputs = inputs
    if entry is not None and entry[1]:
        op_inputs = _with_snapshot(inputs, target)
    cdef Node node = _new_node(name, edges, op_inputs, params, (target,), 1)
    mutate()
    if base is not None and base._dtype.to_real() is target._dtype.to_real():   # z.real: a view too
        from ._views import copy_slices
        copy_slices(base, target, node)
    else:
        _attach_outputs(node, (target,))


cdef tuple _with_snapshot(tuple inputs, object target):
    cdef object snapshot = _snapshot(target)
    cdef list replaced = []
    for x in inputs:
        replaced.append(snapshot if x is target else x)
    return tuple(replaced)


cdef object _snapshot(TensorBase t):
    """A copy of ``t``'s current value carrying ``t``'s history (what formulas of in-place ops see)."""
    cdef TensorBase copy = _wrap(t._data.copy(), t._dtype, t._device)
    copy._requires_grad = t._requires_grad
    copy.grad_fn = t.grad_fn
    if output_nr_of(t):
        meta_of(copy).output_nr = output_nr_of(t)
    return copy


def attach(Node node, tuple outputs):
    _attach_outputs(node, outputs)


def new_node(str name, tuple edges, tuple inputs, object params, tuple outputs):
    return _new_node(name, edges, inputs, params, outputs, 0)


def edges_of(tuple inputs):
    return _edges_of(inputs)


# --------------------------------------------------------------------------------------------------
# broadcasting and its undoing: differentiable primitives (re-exported by ``_primitives``), in C
# because the engine runs ``sum_to`` on the gradient of every broadcast operand (biases: each step)
# --------------------------------------------------------------------------------------------------
cdef object _record = _core.record
cdef object _CPU = _core.CPU
cdef object _array_module = None


cdef object _result_like(object array, TensorBase like):
    """A tensor on ``like``'s device owning ``array`` (a NumPy scalar from a full reduction made 0-d)."""
    if like._device is _CPU and not isinstance(array, np.ndarray):
        array = np.asarray(array)
    return _wrap(array, None, like._device)


cdef object _empty_like_device(tuple shape, object np_dtype, TensorBase like):
    global _array_module
    if like._device is _CPU:
        return np.empty(shape, np_dtype)
    if _array_module is None:
        from flambeau_tensor_core._backend import array_module
        _array_module = array_module
    return _array_module(like._device).empty(shape, np_dtype)


cpdef object sum_to(TensorBase t, object shape):
    """``t`` summed over the dimensions that broadcasting added or stretched to reach ``t.shape``."""
    cdef tuple target = shape if type(shape) is tuple else tuple(shape)
    cdef object data = t._data
    cdef tuple current = data.shape
    if current == target:
        return t
    cdef Py_ssize_t i, lead = len(current) - len(target)
    cdef list axes = list(range(lead))
    cdef bint stretched = False
    for i in range(len(target)):
        if target[i] == 1 and current[lead + i] != 1:
            axes.append(lead + i)
            stretched = True
    cdef object summed
    if isinstance(data, np.ndarray):   # np.add.reduce: np.sum without its Python-level dispatch
        summed = np.add.reduce(data, axis=tuple(axes), keepdims=stretched)
    else:
        summed = data.sum(axis=tuple(axes), keepdims=stretched)
    cdef object out = _result_like(summed.reshape(target) if stretched else summed, t)
    _record("sum_to_size", (t,), {"size": target}, (out,))
    return out


cpdef object expand_to(TensorBase t, object shape, object divisor=1):
    """``t`` broadcast to ``shape`` (a copy, so that gradients never alias each other); divided by
    ``divisor`` on the way (``mean``'s gradient in one op)."""
    cdef tuple target = shape if type(shape) is tuple else tuple(shape)
    if t._data.shape == target and divisor == 1:
        return t
    cdef object expanded = _empty_like_device(target, t._data.dtype, t)
    cdef object source = t._data
    if divisor == 1 or not expanded.size:   # (empty: no 0/0 to warn about)
        expanded[...] = source     # broadcasting assignment: cheaper than broadcast_to(...).copy()
    elif type(source) is np.ndarray and source.ndim == 0:
        # a full mean: divide the Python number (NumPy arithmetic on a 0-d array costs ~1 µs); as exact
        # as dividing in the array's dtype, since a double quotient rounds to it correctly
        expanded.fill(source.item() / divisor)
    else:
        expanded[...] = source / divisor
    cdef object out = _result_like(expanded, t)
    _record("expand", (t,), {"size": target} if divisor == 1 else {"size": target, "divisor": divisor}, (out,))
    return out


# --------------------------------------------------------------------------------------------------
# the engine
# --------------------------------------------------------------------------------------------------
cdef object _cast_grad = None


cdef object _fit_to_input(TensorBase grad, tuple meta):
    """Undo broadcasting (sum to the input's shape) and return the gradient in the input's dtype."""
    global _cast_grad
    if grad._data.shape != meta[0]:
        grad = sum_to(grad, meta[0])
    if grad._dtype is not meta[1]:
        if _cast_grad is None:
            from ._primitives import cast_grad
            _cast_grad = cast_grad
        grad = _cast_grad(grad, meta[1])
    return grad


cdef dict _dependencies(list roots):
    """How many edges lead into each node reachable from ``roots`` (the roots are in it too, so that
    being in it means "already visited")."""
    cdef dict deps = {}
    cdef list stack = []
    cdef Node node
    cdef object count
    for r in roots:
        if r not in deps:
            deps[r] = 0
            stack.append(r)
    while stack:
        node = stack.pop()
        for e in node.edges:
            if e is not None:
                child = (<tuple>e)[0]
                count = deps.get(child)
                if count is None:
                    deps[child] = 1
                    stack.append(child)
                else:
                    deps[child] = <long>count + 1
    return deps


cdef set _needed_nodes(list roots, set targets):
    """Nodes from which some target node can be reached (the only ones worth running)."""
    cdef dict needed = {}
    cdef list stack = []
    cdef Node node
    for r in roots:
        stack.append((r, False))
    while stack:
        node, done = stack.pop()
        if done:
            flag = node in targets
            for e in node.edges:
                if e is not None and needed.get(e[0], False):
                    flag = True
            needed[node] = flag
            continue
        if node in needed:
            continue
        needed[node] = False
        stack.append((node, True))
        for e in node.edges:
            if e is not None and e[0] not in needed:
                stack.append((e[0], False))
    return {n for n, flag in needed.items() if flag}


cdef object _call_tensor_hooks(list hooks, object grad):
    for hook in list(hooks):
        result = hook(grad)
        if result is not None:
            if isinstance(result, TensorBase) and isinstance(grad, TensorBase) and \
                    (<TensorBase>result)._data.shape != (<TensorBase>grad)._data.shape:
                raise RuntimeError(f"hook '{getattr(hook, '__name__', type(hook).__name__)}' has changed the "
                                   "size of value")
            grad = result
    return grad


cdef object _zeros_for(tuple meta):
    from ._primitives import zeros
    return zeros(meta[0], meta[1], meta[2])


cdef list _prepare_grads(Node node, list buffer, bint create_graph):
    """Run the tensor hooks / retain_grad of the node's outputs on their summed gradients."""
    cdef int i
    if node.tensor_hooks is not None:
        for i, hooks in node.tensor_hooks.items():
            if buffer[i] is not None:
                buffer[i] = _call_tensor_hooks(hooks, buffer[i])
    if node.retained is not None:
        for i, ref in node.retained.items():
            t = ref()
            if t is not None and buffer[i] is not None:
                g = buffer[i]
                if t._grad is None:
                    t._grad = g if create_graph else _wrap(g._data.copy(), g._dtype, g._device)
                else:
                    t._grad = t._grad + g
    if node.pre_hooks is not None:
        for hook in list(node.pre_hooks):
            result = hook(tuple(buffer))
            if result is not None:
                buffer = list(result)
    return buffer


cdef list _run_node(Node node, list buffer, bint create_graph):
    cdef Py_ssize_t i
    if node.num_outputs > 1:
        for i in range(node.num_outputs):
            if buffer[i] is None and node.output_meta[i] is not None and \
                    node.output_meta[i][1].category >= 2:
                buffer[i] = _zeros_for(node.output_meta[i])
    cdef tuple grads = tuple(buffer)
    cdef tuple result
    try:
        result = node.apply(grads, create_graph)
    except Exception as error:
        if node.creation_trace is not None:
            _anomaly.report_forward_trace(node)
        raise
    cdef tuple edges = node.edges, metas = node.input_meta
    cdef Py_ssize_t count = len(edges)
    if len(result) < count:
        raise RuntimeError(f"function {node.name()} returned an incorrect number of gradients "
                           f"(expected {count}, got {len(result)})")
    cdef list fitted = []
    for i in range(count):
        g = result[i]
        if g is not None and edges[i] is not None:
            meta = metas[i]
            if meta is not None:
                g = _fit_to_input(g, <tuple>meta)
        fitted.append(g)
    if node.post_hooks is not None:
        for hook in list(node.post_hooks):
            replaced = hook(tuple(fitted), grads)
            if replaced is not None:
                fitted = list(replaced)
    if _anomaly_enabled:
        _anomaly.check_nan(node, fitted)
    return fitted


cdef void _accumulate(AccumulateGrad node, object grad, bint create_graph, bint unshared):
    """Run the leaf's hooks on ``grad`` and store it (``unshared``: see ``_store_grad``; any hook may keep
    or return a tensor held elsewhere, so with hooks the gradient is copied)."""
    cdef object leaf = node.variable
    cdef object m = leaf._autograd_meta
    if m is not None and (<AutogradMeta>m).hooks:
        grad = _call_tensor_hooks((<AutogradMeta>m).hooks, grad)
        unshared = False
    if node.pre_hooks is not None:
        unshared = False
        for hook in list(node.pre_hooks):
            result = hook((grad,))
            if result is not None:
                grad = result[0]
    _store_grad(leaf, grad, create_graph, unshared and node.post_hooks is None)
    if m is not None and (<AutogradMeta>m).post_accumulate_hooks:
        for hook in list((<AutogradMeta>m).post_accumulate_hooks):
            hook(leaf)
    if node.post_hooks is not None:
        for hook in list(node.post_hooks):
            hook((), (grad,))


cdef bint _has_grad(list buffer):
    for g in buffer:
        if g is not None:
            return True
    return False


cdef bint _leads_to(Node node, set needed):
    for e in node.edges:
        if e is not None and e[0] in needed:
            return True
    return False


cdef void _add_to_buffer(dict buffers, Node node, int output_nr, object grad):
    """Sum ``grad`` into the gradient waiting for output ``output_nr`` of ``node``."""
    cdef list buffer = buffers.get(node)
    if buffer is None:
        buffer = [None] * node.num_outputs
        buffers[node] = buffer
    cdef object old = buffer[output_nr]
    buffer[output_nr] = grad if old is None else old + grad


cpdef list run_backward(tuple roots, tuple root_grads, bint retain_graph, bint create_graph,
                        object targets, bint accumulate):
    """Backpropagate ``root_grads`` from the ``roots`` tensors.

    ``targets`` (a sequence of tensors or None): with ``accumulate`` their gradients go into ``.grad``
    (``backward(inputs=...)``) and nothing else is touched; without, they are returned (``grad()``).
    Returns the list of captured gradients (``None`` where no gradient reached a target).
    """
    cdef list root_nodes = []
    cdef dict buffers = {}
    cdef Node node
    cdef list buffer
    cdef int i, nr
    for i in range(len(roots)):
        edge = gradient_edge(roots[i])
        node = edge[0]
        nr = edge[1]
        buffer = buffers.get(node)
        if buffer is None:
            buffer = [None] * node.num_outputs
            buffers[node] = buffer
            root_nodes.append(node)
        buffer[nr] = root_grads[i] if buffer[nr] is None else buffer[nr] + root_grads[i]

    cdef dict deps = _dependencies(root_nodes)
    cdef set needed = None
    cdef dict capture = None           # node -> [(output_nr, target index)]
    cdef list captured = None
    if targets is not None:
        captured = [None] * len(targets)
        capture = {}
        for i in range(len(targets)):
            edge = gradient_edge(targets[i])
            capture.setdefault(edge[0], []).append((edge[1], i))
        needed = _needed_nodes(root_nodes, set(capture))

    cdef list ready = []
    for n in root_nodes:
        if <long>deps[n] == 0:
            ready.append(n)
    cdef bint prev_mode = grad_enabled()
    cdef bint is_leaf
    cdef list results
    cdef tuple edges, e
    cdef Node child
    cdef long remaining
    set_grad_enabled_flag(create_graph)
    try:
        while ready:
            node = <Node>ready.pop()
            buffer = buffers.pop(node, None)
            if buffer is None:
                buffer = [None] * node.num_outputs
            results = None
            is_leaf = isinstance(node, AccumulateGrad)
            if needed is None or node in needed:
                if not is_leaf:
                    buffer = _prepare_grads(node, buffer, create_graph)
                if capture is not None and node in capture:
                    for nr, i in capture[node]:
                        g = buffer[nr]
                        if is_leaf and g is not None:
                            m = node.variable._autograd_meta
                            if m is not None and (<AutogradMeta>m).hooks:
                                g = _call_tensor_hooks((<AutogradMeta>m).hooks, g)
                        captured[i] = g
                        if accumulate and g is not None:
                            if is_leaf:
                                _accumulate(<AccumulateGrad>node, buffer[nr], create_graph, False)
                            else:
                                _store_grad(targets[i], g, create_graph, False)
                if is_leaf:
                    if capture is None and accumulate and buffer[0] is not None:
                        g = buffer[0]
                        buffer[0] = None    # so that ``g`` is the only reference the engine holds
                        _accumulate(<AccumulateGrad>node, g, create_graph, _only_reference(g))
                elif _has_grad(buffer) and (needed is None or _leads_to(node, needed)):
                    results = _run_node(node, buffer, create_graph)
                if not retain_graph:
                    node.release()
            edges = node.edges
            for i in range(len(edges)):
                if edges[i] is None:
                    continue
                e = <tuple>edges[i]
                child = <Node>e[0]
                if needed is not None and child not in needed:
                    continue
                if results is not None and results[i] is not None:
                    _add_to_buffer(buffers, child, e[1], results[i])
                remaining = <long>deps[child] - 1
                if remaining == 0:
                    ready.append(child)
                else:
                    deps[child] = remaining
    finally:
        set_grad_enabled_flag(prev_mode)
    return captured


def apply_fitted(Node node, tuple grads):
    """Run ``node``'s formula on ``grads`` and fit each result to its input (shape and dtype)."""
    return tuple(_run_node(node, list(grads), grad_enabled()))

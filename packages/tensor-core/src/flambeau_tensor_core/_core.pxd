# The C-level layout of tensor-core's core types, for Cython packages that ``cimport`` them (autograd's
# engine reads tensor fields on every recorded op; through Python attribute lookups that costs ~30 ns a
# field, through this declaration a pointer read). Changing a field here changes the binary interface:
# packages built against one layout must be rebuilt (Cython refuses to import a mismatched one).

cdef class dtype:
    cdef readonly str name
    cdef readonly object numpy_dtype
    cdef readonly int itemsize
    cdef readonly int category
    cdef readonly bint is_signed


cdef class device:
    cdef readonly str type
    cdef readonly object index


cdef class VersionCounter:
    cdef public long value


cdef class TensorBase:
    cdef public object _data
    cdef public dtype _dtype
    cdef public device _device
    cdef public bint _requires_grad
    cdef public bint _is_inference      # made under inference_mode (or a view of such a tensor)
    cdef public object _grad
    cdef public object grad_fn
    cdef public object _base
    cdef public object _version_counter
    cdef public object _autograd_meta
    cdef object __weakref__

    cdef object _item(self, str what)

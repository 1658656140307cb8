"""Indexing-style ops: gather/scatter/index_*/masked_*/take/nonzero/where(cond)/searchsorted/bucketize."""

__all__: list[str] = []

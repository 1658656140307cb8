"""Shape and view ops: view/reshape/permute/transpose/expand/squeeze/cat/stack/split/flip/roll … (views share memory and version counter)."""

__all__: list[str] = []

"""Matrix products (matmul/mm/bmm/einsum …) as top-level functions; the linalg namespace lives in linalg.py."""

__all__: list[str] = []

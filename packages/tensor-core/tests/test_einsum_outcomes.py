"""Oracle table (PyTorch 2.13) of einsum: equations with repeated, summed, broadcast (size-1) and ellipsis
labels, the list and sublist forms, dtypes, and every malformed equation PyTorch words an error for
(operand counts, subscript counts, bad characters, dots outside an ellipsis, output labels)."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

rng = np.random.default_rng(0)
A, B = rng.standard_normal((2, 3, 4)), rng.standard_normal((4, 5))
M, V = rng.standard_normal((3, 3)), rng.standard_normal(3)
EQUATIONS = [
    ("ijk,kl->ijl", A, B), ("ijk,kl", A, B), ("ii", M), ("ii->i", M), ("ij->ji", M), ("i,i", V, V), ("i,j->ij", V, V),
    ("...k,kl->...l", A, B), ("b...,...->b...", A, A[0]), ("ijk->", A), ("ijk->kji", A),
    ("iij->ij", np.stack([M] * 2, -1)), ("i i", M), ("ij,jk,kl->il", M, M, M),
    ("bij,bjk->bik", A[:, :, :3], A[:, :3, :]),
    ("...ii->...i", np.stack([M, M])), ("ij,ij->", M, M), ("i,i->i", V, V), ("ab,cd->abcd", M[:2, :2], M[:2, :2]),
    ("ijk,ijk->ik", A, A), ("ij->", M), ("", np.array(3.0)), ("i->", V), ("ij,j", M, V), ("ij,jk->ik", M[:, :1], B),
    ("ij,ij->ij", M[:, :1], M[:1]), ("ij->...", M), ("...ij->ij...", A), ("->", np.array(1.0)),
    # malformed, each with PyTorch's sentence
    ("ijk,kl->ijx", A, B), ("ij,jk", M, B), ("ij->jj", M), ("ij->ik", M), ("ij", V), ("i->ii", V), ("ij->i j", M),
    ("ij ->", M), ("a...b->...", A), ("..., ...", V, V), ("ij,ki->jk", M, M), ("iii->i", np.ones((2, 2, 2))),
    ("ijk,k", A, M), ("ij", M, M), ("i->j->k", V), ("i$", V), ("...i,...i", A, V[:2]), ("i.j", M),
    ("ij,jk->ik", M), ("...i...", A), ("i->.", V), ("i->i$", V), ("ij->i..", M), ("...ijkl", M),
    ("i...->...i...", A), ("i,", V, V), (",i", V, V), ("ij->ji", M, M), ("ij,jk,kl", M), ("iij", np.ones((2, 3, 4))),
    ("ij-ji", M), ("i->>i", V), ("ii->i", np.ones((1, 3))),
]


@pytest.mark.parametrize("equation, operands", [(e[0], e[1:]) for e in EQUATIONS],
                         ids=[e[0] or "empty" for e in EQUATIONS])
def test_einsum_outcome_matches_pytorch(equation, operands):
    oracle.check_outcome(lambda T, *xs: T.einsum(equation, *xs), *operands)


@pytest.mark.parametrize("call", [
    lambda T, a, b: T.einsum("ij,jk->ik", [a, b]), lambda T, a, b: T.einsum(a, [0, 1], b, [1, 2], [0, 2]),
    lambda T, a, b: T.einsum(a, [Ellipsis, 0], b, [0, 1]), lambda T, a, b: T.einsum("ij,jk->ik", a.long(), b.long()),
    lambda T, a, b: T.einsum("ij,jk->ik", a.float(), b.double()), lambda T, a, b: T.einsum("ij,jk->ik", a > 0, b > 0),
    lambda T, a, b: T.einsum("ij,jk->ik", a.to(T.complex64), b.float()),
    lambda T, a, b: T.einsum("ij,jk->ik", a.half(), b),
    lambda T, a, b: T.einsum(3, a), lambda T, a, b: T.einsum("ij"), lambda T, a, b: T.einsum(a, [0, 0, 1]),
    lambda T, a, b: T.einsum(a, [0, 60]),
])
def test_einsum_forms_and_dtypes_match_pytorch(call):
    oracle.check_outcome(call, M * 3, M, parser_errors_by_type=True)

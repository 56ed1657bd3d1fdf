"""Facet counts from the per-document table (indexer.fastpath.FacetTable) equal counting each value's documents.

Both ways of counting are exercised: scopes smaller than half the index (the documents
in scope are counted) and larger (those outside are subtracted from the totals)."""
from __future__ import annotations

import numpy as np
import pytest

from indexer.fastpath import FacetTable


def _postings(rng, n: int, multi: bool) -> dict[str, np.ndarray]:
    postings, taken = {}, set()
    for v in range(15):
        ids = np.sort(rng.choice(n, int(rng.integers(0, 150)), replace=False))
        if not multi:  # one value a document, as province or year
            ids = np.array([d for d in ids if d not in taken], dtype=np.int64)
            taken.update(ids.tolist())
        postings[f"value {v}"] = ids
    postings["unused"] = np.zeros(0, dtype=np.int64)
    return postings


@pytest.mark.parametrize("multi", [False, True], ids=["one value a document", "several values"])
def test_counts_equal_direct_counting(multi):
    rng = np.random.default_rng(20261124 + multi)
    n = 400
    postings = _postings(rng, n, multi)
    table = FacetTable(postings, n)
    assert (table.code is None) == multi
    for density in [0.0, 0.01, 0.3, 0.49, 0.51, 0.9, 0.999, 1.0]:
        for _ in range(20):
            scope = rng.random(n) < density
            want = [int(np.count_nonzero(scope[ids])) for ids in postings.values()]
            assert table.counts(scope).tolist() == want, density


def test_documents_without_the_facet_count_nowhere():
    table = FacetTable({"a": np.array([0, 2]), "b": np.array([5])}, 8)
    everything = np.ones(8, dtype=bool)
    assert table.counts(everything).tolist() == [2, 1]
    assert table.counts(~everything).tolist() == [0, 0]

"""The relevance documents (corpus/ + tests/relevance/docs/) built once into a real index."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def relevance_index(tmp_path_factory):
    from bench.relevance import build_ours

    index = tmp_path_factory.mktemp("relevance-index")
    build_ours(index)
    return index


@pytest.fixture(scope="session")
def searcher(relevance_index):
    from indexer.search import Searcher

    with Searcher(relevance_index) as s:
        yield s

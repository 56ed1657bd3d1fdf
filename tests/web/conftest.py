"""Fixtures for the web tests: the wide corpus (wide_corpus.py) built into a real index, and its app."""
from __future__ import annotations

from pathlib import Path

import pytest

from wide_corpus import REPORTS, write_corpus


@pytest.fixture(scope="session")
def wide_corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("wide-corpus"))


@pytest.fixture(scope="session")
def wide_index(tmp_path_factory, wide_corpus) -> Path:
    from indexer.build import build

    index = tmp_path_factory.mktemp("wide-index")
    report = build([wide_corpus], index, workers=1)
    assert report["documents"] == len(REPORTS) + 1, report["skipped"]
    return index


@pytest.fixture(scope="session")
def wide_app(wide_index):
    from webapp import create_app

    return create_app({"TTDN_INDEX": str(wide_index), "TESTING": True})


@pytest.fixture()
def wide(wide_app):
    return wide_app.test_client()

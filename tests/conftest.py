"""Shared fixtures: the shipped corpus built once into a real on-disk index."""
from __future__ import annotations

from pathlib import Path

import pytest

import webserver

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """The shipped corpus, indexed once per test session."""
    from indexer.build import build

    index = tmp_path_factory.mktemp("index")
    build([CORPUS], index, workers=1)
    return index


@pytest.fixture(scope="session")
def app(corpus_index):
    from webapp import create_app

    return create_app({"TTDN_INDEX": str(corpus_index), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(corpus_index):
    """ttdn-web (waitress) on a free loopback port, as a user would start it."""
    with webserver.running(corpus_index) as url:
        yield url

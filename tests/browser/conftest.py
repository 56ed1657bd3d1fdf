"""The browser tests' servers: the shipped corpus (tests/conftest.py live_server) and the wide corpus of
tests/web/wide_corpus.py (many provinces, for "show more" and the filter box), each served by ttdn-web."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import webserver

WIDE = Path(__file__).resolve().parents[1] / "web" / "wide_corpus.py"


def _wide_corpus_module():
    spec = importlib.util.spec_from_file_location("browser_wide_corpus", WIDE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def wide_server(tmp_path_factory):
    from indexer.build import build

    corpus = _wide_corpus_module().write_corpus(tmp_path_factory.mktemp("browser-wide-corpus"))
    index = tmp_path_factory.mktemp("browser-wide-index")
    build([corpus], index, workers=1)
    with webserver.running(index) as url:
        yield url

"""The browser tests' servers: the shipped corpus (tests/conftest.py live_server) and the wide corpus of
tests/web/wide_corpus.py (many provinces, for "show more" and the filter box), each served by ttdn-web."""
from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

WIDE = Path(__file__).resolve().parents[1] / "web" / "wide_corpus.py"


def _wide_corpus_module():
    spec = importlib.util.spec_from_file_location("browser_wide_corpus", WIDE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def serve(index: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "webapp", "--index", str(index), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ})
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/api/search", timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode())
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("ttdn-web did not answer within 30 s")


@pytest.fixture(scope="session")
def wide_server(tmp_path_factory):
    from indexer.build import build

    corpus = _wide_corpus_module().write_corpus(tmp_path_factory.mktemp("browser-wide-corpus"))
    index = tmp_path_factory.mktemp("browser-wide-index")
    build([corpus], index, workers=1)
    proc, url = serve(index)
    yield url
    proc.terminate()
    proc.wait(timeout=10)

"""Shared fixtures: the shipped corpus built once into a real on-disk index."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(corpus_index):
    """ttdn-web (waitress) on a free loopback port, as a user would start it."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "webapp", "--index", str(corpus_index), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ})
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/api/search?q=", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode())
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)

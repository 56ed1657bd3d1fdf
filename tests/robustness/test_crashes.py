"""A build killed with SIGKILL halfway leaves the previous generation serving and the next build working;
a second build started during a first one refuses with a clear message (issue 7)."""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostile_corpus
from indexer.build import current_generation
from indexer.search import Searcher

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
WAIT = 120  # seconds: a hang guard for polling loops, not a performance expectation


def _start_build(corpus: Path, index: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index),
                             "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _lock_is_held(index: Path) -> bool:
    try:
        with open(index / ".build.lock", "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh, fcntl.LOCK_UN)
            return False
    except FileNotFoundError:
        return False


def _wait_for(condition, proc: subprocess.Popen, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        assert proc.poll() is None, f"the build ended before {what}: {proc.communicate()}"
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _partials(index: Path) -> list[Path]:
    return sorted(index.glob("*.partial"))


def test_kill_9_mid_build_and_a_concurrent_build(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for f in CORPUS.glob("*.txt"):
        shutil.copy(f, corpus / f.name)
    first = subprocess.run([sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index),
                            "--workers", "1"], capture_output=True, text=True, timeout=WAIT)
    assert first.returncode == 0, first.stderr
    gen1 = current_generation(index)
    serving = Searcher(index)  # as the web app holds it
    before = serving.search("thông tin đối ngoại", per_page=100)
    assert before["total"] > 0

    new_ids = hostile_corpus.many_reports(corpus / "moi", 80)
    proc = _start_build(corpus, index)
    try:
        # 1. A second build while the first holds the lock refuses, quickly and clearly.
        _wait_for(lambda: _lock_is_held(index), proc, "the first build to take the lock")
        second = subprocess.run([sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index)],
                                capture_output=True, text=True, timeout=WAIT)
        assert second.returncode != 0
        assert "another build is running" in second.stderr and "Traceback" not in second.stderr
        assert proc.poll() is None  # the first build goes on

        # 2. kill -9 while the new generation is being written (Whoosh segments and write lock on disk).
        _wait_for(lambda: _partials(index), proc, "the new generation to be written")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert _partials(index), "the kill should have left a half-written generation behind"

    # 3. The previous generation still serves, to open searchers and to new ones.
    assert current_generation(index) == gen1
    after = serving.search("thông tin đối ngoại", per_page=100)
    assert [h["id"] for h in after["hits"]] == [h["id"] for h in before["hits"]]
    with Searcher(index) as fresh:
        assert fresh.generation == gen1.name
        assert fresh.search(new_ids[0].replace("-", ""))["total"] == 0

    # 4. The next build succeeds despite the stale lock file and the .partial left behind.
    assert (index / ".build.lock").exists() and not _lock_is_held(index)
    again = subprocess.run([sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index),
                            "--workers", "1"], capture_output=True, text=True, timeout=WAIT)
    assert again.returncode == 0, again.stderr
    assert current_generation(index) != gen1
    assert not _partials(index)
    assert serving.search(new_ids[-1].replace("-", ""))["total"] == 1  # the open searcher follows the new one
    with Searcher(index) as fresh:
        assert fresh.search("", per_page=1)["total"] == before["total"] + len(new_ids)
    serving.close()

"""ttdn-web's worker processes: every core answers, a dead worker comes back, none outlives the server."""
from __future__ import annotations

import json
import os
import signal
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import processes
import webserver


def _wait(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _total(url: str, q: str) -> int:
    with urllib.request.urlopen(url + "/api/search?" + urllib.parse.urlencode({"q": q}), timeout=30) as r:
        return json.load(r)["total"]


def test_two_workers_answer_and_a_dead_one_is_replaced(corpus_index):
    proc, url = webserver.start(corpus_index, "--workers", "2", "--threads", "2")
    try:
        workers = sorted(processes.children(proc.pid))
        assert len(workers) == 2 and all(processes.alive(p) for p in workers)
        want = _total(url, "phân giới cắm mốc")
        assert want > 0
        with ThreadPoolExecutor(8) as pool:  # more clients than one worker's threads
            assert set(pool.map(lambda _: _total(url, "phân giới cắm mốc"), range(40))) == {want}

        os.kill(workers[0], signal.SIGKILL)
        assert _wait(lambda: len([p for p in processes.children(proc.pid) if processes.alive(p)]) == 2
                     and workers[0] not in processes.children(proc.pid))
        assert _wait(lambda: _answers(url))
        assert _total(url, "phân giới cắm mốc") == want
    finally:
        webserver.stop(proc)
    assert proc.returncode is not None
    assert _wait(lambda: not any(processes.alive(p) for p in workers[1:])), "a worker outlived the server"


def test_workers_end_when_the_server_is_killed(corpus_index):
    """SIGKILL gives the parent no chance to stop them: the kernel does (PR_SET_PDEATHSIG)."""
    proc, url = webserver.start(corpus_index, "--workers", "2", "--threads", "1")
    workers = sorted(processes.children(proc.pid))
    assert len(workers) == 2
    proc.kill()
    proc.wait()
    assert _wait(lambda: not any(processes.alive(p) for p in workers)), "workers left running after SIGKILL"


def test_bad_worker_count_is_refused(corpus_index):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "webapp", "--index", str(corpus_index), "--workers", "0"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "--workers" in out.stderr


def _answers(url: str) -> bool:
    try:
        _total(url, "TTĐN")
        return True
    except OSError:
        return False

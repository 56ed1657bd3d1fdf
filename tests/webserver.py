"""ttdn-web started as a user starts it (waitress, a real process on loopback), for tests over real HTTP."""
from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(index: Path, *extra: str, host: str = "127.0.0.1", timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """The server process and its base URL, once it answers /api/search."""
    port = free_port()
    log = tempfile.TemporaryFile()  # not a pipe: a pipe nobody reads would block a chatty server
    args = [sys.executable, "-m", "webapp", "--index", str(index), "--port", str(port), *extra]
    if host != "127.0.0.1":
        args += ["--host", host]
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url + "/api/search?q=", timeout=5).read()
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop(proc)
                log.seek(0)
                raise RuntimeError(f"ttdn-web did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def running(index: Path, *extra: str, host: str = "127.0.0.1"):
    proc, url = start(index, *extra, host=host)
    try:
        yield url
    finally:
        stop(proc)

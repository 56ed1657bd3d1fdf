"""waitress in one process or several sharing one listening socket.

Why: a search is numpy work plus Python around it, and Python runs one thread
at a time; waitress's threads keep one core busy at most. Several processes,
each with its own app and searcher, accept on the same socket (the kernel hands
each connection to one of them), so every core answers. The column arrays are
memory-mapped files: the processes share their pages.

The parent only binds, starts the workers, restarts one that dies and stops
them all on SIGTERM or Ctrl-C; each worker asks the kernel to end it if the
parent goes, so no server is left behind.
"""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
import time


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def serve(make_app, host: str, port: int, threads: int, workers: int) -> None:
    """Serve make_app() on host:port with `workers` processes of `threads` threads (1: this process)."""
    sock = bind(host, port)
    if workers <= 1:
        _run(make_app, sock, threads)
        return
    children: dict[int, int] = {}  # pid → worker number
    stopping = False

    parent = os.getpid()

    def spawn(number: int) -> None:
        pid = os.fork()
        if pid == 0:
            _die_with_parent()
            if os.getppid() != parent:  # the parent died before the request took effect
                os._exit(0)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                _run(make_app, sock, threads)
            finally:
                os._exit(1)
        children[pid] = number

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for number in range(workers):
        spawn(number)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        number = children.pop(pid, None)
        if number is not None and not stopping:
            print(f"ttdn-web: worker {number} ended ({status}); starting it again", file=sys.stderr, flush=True)
            time.sleep(0.5)  # a worker that cannot start must not spin
            spawn(number)


def _run(make_app, sock: socket.socket, threads: int) -> None:
    from waitress import serve

    _few_malloc_arenas()
    serve(make_app(), sockets=[sock], threads=threads, ident="ttdn-search")


def _few_malloc_arenas(arenas: int = 2) -> None:
    """mallopt(M_ARENA_MAX, 2): glibc gives each thread that allocates while another does a heap
    of its own and keeps what is freed there; a search allocates arrays of every document (0.8 MB
    each at 100,000 reports), so eight waitress threads kept ~340 MB more for no gain (searches in
    one process run one at a time). Measured at 100,000: 652 → 312 MB of private memory, same
    requests/s. Not glibc (or no ctypes): nothing to do."""
    try:
        ctypes.CDLL(None).mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _die_with_parent() -> None:
    """prctl(PR_SET_PDEATHSIG, SIGTERM): Linux ends this worker when the parent dies, even by SIGKILL."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's SIGTERM handler still stops the workers
        pass

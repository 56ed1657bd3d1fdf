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

import pytest

import hostile_corpus
import processes
from indexer.build import build, current_generation
from indexer.search import Searcher

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
WAIT = 120  # seconds: a hang guard for polling loops, not a performance expectation


def _run_build(corpus: Path, index: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index), *extra],
                          capture_output=True, text=True, timeout=WAIT)


def _kill_9_when(proc: subprocess.Popen, condition, what: str) -> None:
    """SIGKILL the build as soon as condition() holds (the test fails if the build ends first)."""
    try:
        _wait_for(condition, proc, what)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL


def _start_build(corpus: Path, index: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index),
                             "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _lock_is_held(index: Path) -> bool:
    """Whether a build holds the index's lock, seen in /proc/locks: taking the lock to test it, even for a
    moment, could make the build under test refuse to start."""
    try:
        st = (index / ".build.lock").stat()
    except FileNotFoundError:
        return False
    key = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"  # as the kernel writes it
    try:
        locks = Path("/proc/locks").read_text()
    except OSError:  # no /proc: try the lock itself
        with open(index / ".build.lock", "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh, fcntl.LOCK_UN)
            return False
    for line in locks.splitlines():
        fields = line.split()
        if "FLOCK" in fields and key in fields:
            return True
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
    first = _run_build(corpus, index, "--workers", "1")
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
        second = _run_build(corpus, index)
        assert second.returncode != 0
        assert "another build is running" in second.stderr and "Traceback" not in second.stderr
        assert proc.poll() is None  # the first build goes on
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    # 2. kill -9 while the new generation is being written (Whoosh segments and write lock on disk).
    _kill_9_when(proc, lambda: _partials(index), "the new generation to be written")
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
    again = _run_build(corpus, index, "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert current_generation(index) != gen1
    assert not _partials(index)
    assert serving.search(new_ids[-1].replace("-", ""))["total"] == 1  # the open searcher follows the new one
    with Searcher(index) as fresh:
        assert fresh.search("", per_page=1)["total"] == before["total"] + len(new_ids)
    serving.close()


def _truncate_segments(gen: Path):
    """Every file of Whoosh's segments cut short (compound .seg, or .trm/.pst/.col parts)."""
    parts = [f for f in gen.glob("MAIN_*") if f.is_file() and f.stat().st_size > 0]
    assert parts, "no segment files to damage"
    for f in parts:
        f.write_bytes(f.read_bytes()[:3])


def _garble_toc(gen: Path):
    for f in gen.glob("*.toc"):
        f.write_bytes(b"garbage")


def _empty_folder(gen: Path):
    for f in gen.iterdir():
        shutil.rmtree(f) if f.is_dir() else f.unlink()


DAMAGES = {"truncated segment": _truncate_segments, "garbled table of contents": _garble_toc,
           "emptied generation": _empty_folder,
           "CURRENT names a missing generation": lambda gen: (gen.parent / "CURRENT").write_text("gen-000042\n"),
           "CURRENT garbled": lambda gen: (gen.parent / "CURRENT").write_bytes(b"\x00\xff../../etc"),
           "CURRENT deleted": lambda gen: (gen.parent / "CURRENT").unlink()}


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("damage")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[:3]:
        shutil.copy(f, corpus / f.name)
    build([corpus], tmp / "index", workers=1)
    return corpus, tmp / "index"


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_index_gets_503_with_advice_then_the_next_build_repairs_it(small_index, tmp_path, damage):
    corpus, pristine = small_index
    index = tmp_path / "index"
    shutil.copytree(pristine, index)
    DAMAGES[damage](current_generation(index) or index / "gen-000001")
    from webapp import create_app

    client = create_app({"TTDN_INDEX": str(index)}).test_client()
    for url in ("/", "/api/search?q=biên giới", "/documents/000_dfd7d7ec001aebf6", "/export.csv"):
        resp = client.get(url)
        assert resp.status_code == 503, (damage, url, resp.status_code)
        assert "ttdn-index build" in resp.get_data(as_text=True), (damage, url)
    again = _run_build(corpus, index, "--workers", "1")  # no --rebuild
    assert again.returncode == 0, again.stderr
    assert client.get("/api/search?q=biên giới").status_code == 200
    with Searcher(index) as s:
        assert s.search("", per_page=1)["total"] == 3


def test_a_damaged_new_generation_leaves_the_open_one_serving(small_index, tmp_path):
    corpus, pristine = small_index
    index = tmp_path / "index"
    shutil.copytree(pristine, index)
    with Searcher(index) as s:
        before = s.search("thông tin đối ngoại")["total"]
        broken = index / "gen-000099"
        shutil.copytree(current_generation(index), broken)
        _truncate_segments(broken)
        (index / "CURRENT").write_text("gen-000099\n")
        assert s.search("thông tin đối ngoại")["total"] == before
        assert s.generation != "gen-000099"


def test_a_damaged_segmentation_cache_is_replaced(small_index, tmp_path):
    """The cache (SQLite) may be cut short by a crash or a full disk: it is only lost time, never a failed build."""
    corpus, pristine = small_index
    index = tmp_path / "index"
    shutil.copytree(pristine, index)
    (index / "segcache.sqlite").write_bytes(b"SQLite format 3\x00" + os.urandom(2000))
    run = _run_build(corpus, index, "--workers", "1", "--rebuild")
    assert run.returncode == 0, run.stderr
    assert "3 added" in run.stdout and "3 segmented" in run.stdout


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_kill_9_during_parallel_segmentation_leaves_no_worker_behind(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    hostile_corpus.many_reports(corpus, 60, prefix="rbsong")
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index),
                             "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()

    def pool_started():
        workers.update(processes.children(proc.pid))
        return len(workers) >= 2

    _kill_9_when(proc, pool_started, "the worker processes")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(processes.alive(w) for w in workers):
        time.sleep(0.2)
    orphans = [w for w in workers if processes.alive(w)]
    for w in orphans:  # only the processes this test started
        os.kill(w, signal.SIGKILL)
    assert not orphans, "worker processes outlived the killed build"
    assert current_generation(index) is None and not _lock_is_held(index)
    again = _run_build(corpus, index, "--workers", "2")
    assert again.returncode == 0, again.stderr
    with Searcher(index) as s:
        assert s.search("", per_page=1)["total"] == 60


def _as_if_the_disk_were_full():
    """In the child: writes past 2 kB fail with EFBIG, as they would with ENOSPC on a full disk.

    (An update links the unchanged Whoosh files instead of copying them: only what it writes
    anew, a segment and the columns, can meet the limit.)"""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2_000, 2_000))


@pytest.mark.parametrize("mode", ["update", "rebuild"])
def test_a_build_that_cannot_write_fails_cleanly_and_keeps_the_previous_generation(small_index, tmp_path, mode):
    corpus, pristine = small_index
    index, bigger = tmp_path / "index", tmp_path / "corpus"
    shutil.copytree(pristine, index)
    shutil.copytree(corpus, bigger)
    hostile_corpus.many_reports(bigger / "moi", 3, prefix="rbday")
    gen = current_generation(index)
    extra = ["--rebuild"] if mode == "rebuild" else []
    run = subprocess.run([sys.executable, "-m", "indexer", "build", str(bigger), "--index", str(index),
                          "--workers", "1", *extra], capture_output=True, text=True, timeout=WAIT,
                         preexec_fn=_as_if_the_disk_were_full)
    assert run.returncode != 0
    assert "cannot write the index" in run.stderr and "Traceback" not in run.stderr
    assert current_generation(index) == gen and not _partials(index)
    with Searcher(index) as s:
        assert s.search("", per_page=1)["total"] == 3

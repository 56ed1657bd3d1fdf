"""Corpus folders → a new index generation, published atomically.

An index directory holds generations (gen-000001, …) and a CURRENT file naming
the one searchers open. A build copies the current generation, applies only
what changed in the corpus, and switches CURRENT with one rename: a crash or a
failed build leaves the previous generation serving.
"""
from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import re
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm
from whoosh import index as windex

from indexer import columns
from indexer.analysis import segment
from indexer.documents import content_hash, doc_id_for, read_document
from indexer.loading import DOCUMENT_SUFFIXES, MAX_BYTES, SkipFile
from indexer.schema import SCHEMA_VERSION, build_schema, to_whoosh
from indexer.segcache import SegmentCache, text_key

GEN_PATTERN = re.compile(r"^gen-(\d{6})$")


class BuildError(Exception):
    """The build cannot go on (locked, unwritable index, nothing indexable).

    ``report`` is the build report so far (with the skipped files) when there is one.
    """

    def __init__(self, message: str, report: dict | None = None):
        super().__init__(message)
        self.report = report


def default_index_dir() -> Path:
    return Path(os.environ.get("TTDN_INDEX") or "var/index")


def current_generation(index_dir: Path) -> Path | None:
    """The generation searchers should open, or None when no index was ever published."""
    try:
        name = (Path(index_dir) / "CURRENT").read_text(encoding="utf-8").strip()
    except (OSError, ValueError):  # ValueError: garbled bytes
        return None
    gen = Path(index_dir) / name
    return gen if GEN_PATTERN.match(name) and gen.is_dir() else None


@contextmanager
def build_lock(index_dir: Path):
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(index_dir / ".build.lock", "w")
    except OSError as e:
        raise BuildError(f"cannot write the index in {index_dir}: {e.strerror or e}") from None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise BuildError(f"another build is running on {index_dir}; wait for it to finish") from None
    try:
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def scan_corpus(roots: list[Path]) -> tuple[dict[str, Path], list[dict], dict[str, Path]]:
    """Document files by id, files skipped while scanning, and the root of each id."""
    files, skipped, root_of = {}, [], {}
    for root in roots:
        root = Path(root)
        if not root.is_dir():
            skipped.append({"path": str(root), "reason": "corpus folder not found"})
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.endswith(".meta.json") or name.startswith("."):
                    continue
                try:
                    str(path).encode("utf-8")
                except UnicodeEncodeError:  # bytes from another system's encoding: no id, no URL can carry it
                    shown = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                    skipped.append({"path": shown, "reason": "file name is not valid UTF-8; rename the file"})
                    continue
                if any(ord(ch) < 32 or ord(ch) == 127 for ch in str(path.relative_to(root))):
                    # a line break in a name makes an id no URL can reach
                    skipped.append({"path": repr(str(path))[1:-1],
                                    "reason": "control characters in the file name; rename the file"})
                    continue
                if path.suffix.lower() not in DOCUMENT_SUFFIXES:
                    if name.lower() != "readme.md":
                        skipped.append({"path": str(path), "reason": f"not a corpus file type ({path.suffix or 'no extension'})"})
                    continue
                if not path.is_file():
                    broken = path.is_symlink() and not path.exists()
                    reason = "broken or looping symbolic link" if broken else "not a regular file"
                    skipped.append({"path": str(path), "reason": reason})
                    continue
                doc_id = doc_id_for(path, root)
                if doc_id in files:
                    skipped.append({"path": str(path), "reason": f"duplicate id {doc_id} (already {files[doc_id]})"})
                    continue
                files[doc_id] = path
                root_of[doc_id] = root
    return files, skipped, root_of


def _process(args):
    path, root, digest = args
    try:
        record = read_document(path, root)
    except SkipFile as e:
        return None, {"path": str(path), "reason": str(e)}
    except Exception as e:  # a cleaner bug must not stop the build; the report names it
        return None, {"path": str(path), "reason": f"could not process: {type(e).__name__}: {e}"}
    record["hash"] = digest
    record["year"] = (record.get("date") or "")[:4] or None
    return record, None


def _segment(body: str) -> str:
    return segment(body)


def _map(func, items, workers, desc):
    items = list(items)
    bar = tqdm(total=len(items), desc=desc, unit="doc", disable=None, file=sys.stderr)
    try:
        if workers > 1 and len(items) > 8:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(workers) as pool:
                for out in pool.imap(func, items, chunksize=4):
                    bar.update()
                    yield out
        else:
            for item in items:
                out = func(item)
                bar.update()
                yield out
    finally:
        bar.close()


# Documents per commit of a large build: Whoosh sorts each commit's postings in temporary files
# before writing them (41 GB and still merging after 70 minutes for 100,000 reports in one commit);
# a commit per batch bounds that, and each batch becomes segments of its own.
BATCH_DOCS = 20_000
# From this many documents in a batch, Whoosh's sub-writers (one process each, MpWriter with
# multisegment: their segments are kept, not merged) analyse and write in parallel.
PARALLEL_MIN = 500


def _write_documents(ix, cold: bool, workers: int, old: dict, removed: list, items, total: int,
                     report: dict) -> None:
    """Delete the removed ids, then add (segmented text, record) items to the index in batches.

    A small build or update is one writer and one commit (a cold one optimised into one segment;
    an update adds a small segment, which Whoosh merges as they pile up: one changed report at
    10,000 took 377 s with optimize). compound=False: Whoosh copies each part of a compound segment
    file into memory when a searcher opens it (140 MB at 10,000 reports); separate files are read in place.
    """
    items = iter(items)
    written = 0
    first = True
    bar = tqdm(total=total, desc="index", unit="doc", disable=None, file=sys.stderr)
    try:
        while first or written < total:
            batch_size = min(BATCH_DOCS, total - written)
            parallel = workers > 1 and batch_size >= PARALLEL_MIN
            if parallel:
                writer = ix.writer(procs=workers, multisegment=True, batchsize=50, limitmb=128, compound=False)
            else:
                writer = ix.writer(limitmb=256, compound=False)
            try:
                if first:
                    for doc_id in removed:
                        writer.delete_by_term("id", doc_id)
                for _ in range(batch_size):
                    segmented, record = next(items)
                    if record["id"] in old:
                        writer.delete_by_term("id", record["id"])
                        report["updated"] += 1
                    else:
                        report["added"] += 1
                    writer.add_document(**to_whoosh(record, segmented))
                    written += 1
                    bar.update()
                if parallel or batch_size < total:  # part of a large build: its segments stay as they are
                    writer.commit(merge=False)
                else:
                    writer.commit(optimize=cold)
            except BaseException:
                writer.cancel()
                raise
            first = False
    finally:
        bar.close()


def _copy_generation(base: Path, partial: Path) -> None:
    """The base generation's files in a new folder, its columns left out (written anew from them).

    Whoosh never changes a file once written (a commit writes new segment files and a new
    table of contents; deletions live in the latter), so its files are hard links: copying
    a 100,000-report index would cost gigabytes and minutes. Files of ours are copied."""
    partial.mkdir(parents=True)
    for p in base.iterdir():
        target = partial / p.name
        if p.is_dir():
            if p.name != columns.COLUMNS_DIR:
                shutil.copytree(p, target)
            continue
        if p.name.startswith(("MAIN_", "_MAIN_")) and not p.name.endswith("WRITELOCK"):
            try:
                os.link(p, target)
                continue
            except OSError:  # a file system without hard links
                pass
        shutil.copy2(p, target)


def _next_generation(index_dir: Path) -> Path:
    numbers = [int(m.group(1)) for p in index_dir.iterdir() if (m := GEN_PATTERN.match(p.name))]
    return index_dir / f"gen-{max(numbers, default=0) + 1:06d}"


def _publish(index_dir: Path, gen: Path) -> None:
    tmp = index_dir / "CURRENT.tmp"
    tmp.write_text(gen.name + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / "CURRENT")


def _remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    """Keep the new and the previous generation: open searchers may still read the previous one."""
    for p in index_dir.iterdir():
        if (GEN_PATTERN.match(p.name) or p.name.endswith(".partial")) and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)


def has_current_schema(gen: Path) -> bool:
    """False for a generation written by an older version of the indexer (it must be rebuilt)."""
    try:
        return (gen / "SCHEMA").read_text().strip() == SCHEMA_VERSION
    except OSError:
        return False


FILES = "FILES.json"  # in a generation: id → [content hash, size, mtime_ns] of each indexed file


def _file_stamps(gen: Path | None) -> dict[str, list]:
    """What a generation recorded of its files (empty when it has no record)."""
    if gen is None:
        return {}
    try:
        stamps = json.loads((gen / FILES).read_text(encoding="utf-8"))
        return stamps if isinstance(stamps, dict) else {}
    except (OSError, ValueError):
        return {}


def _indexed_hashes(gen: Path) -> dict[str, str] | None:
    """id → content hash of an existing generation, or None when it must be rebuilt (other schema).

    From the generation's FILES.json, checked against Whoosh's list of ids (under a second at
    100,000 reports); else from Whoosh's stored fields (6 s: every stored record is unpickled)."""
    if not has_current_schema(gen):
        return None
    stamps = _file_stamps(gen)
    try:
        ix = windex.open_dir(str(gen))
        with ix.searcher() as s:
            if not stamps:
                return {f["id"]: f["hash"] for f in s.all_stored_fields()}
            # The record is trusted only if Whoosh's own files read back and agree with it.
            reader = s.reader()
            ids = {t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon("id")}
            for leaf, base in reader.leaf_readers():
                if leaf.doc_count_all():
                    leaf.stored_fields(leaf.doc_count_all() - 1)
            if s.doc_count() != len(stamps) or not ids.issuperset(stamps):
                return None
            return {doc_id: stamp[0] for doc_id, stamp in stamps.items()}
    except Exception:  # a damaged generation: build the next one from scratch rather than fail
        return None


def build(corpus_dirs: list[Path], index_dir: Path | None = None, workers: int | None = None,
          rebuild: bool = False) -> dict:
    """Bring the index in line with the corpus folders; returns the build report."""
    started = time.perf_counter()
    index_dir = Path(index_dir or default_index_dir())
    workers = max(1, workers or os.cpu_count() or 1)
    with build_lock(index_dir):
        files, skipped, root_of = scan_corpus([Path(c) for c in corpus_dirs])
        current = current_generation(index_dir)
        # A file with the size and modification time it had at the last build keeps its hash:
        # hashing every file read the whole corpus (12 s of a one-report update at 100,000).
        known = {} if rebuild else _file_stamps(current)
        hashes, stamps = {}, {}
        for doc_id, path in list(files.items()):
            try:
                st = path.stat()
                size = st.st_size
                if size > MAX_BYTES:  # before hashing: a stray disk image would take minutes to read
                    skipped.append({"path": str(path), "reason": f"file too large ({size} bytes, limit {MAX_BYTES})"})
                    del files[doc_id]
                    continue
                stamp = known.get(doc_id)
                if not (isinstance(stamp, list) and len(stamp) == 3 and stamp[1:] == [size, st.st_mtime_ns]):
                    stamp = [content_hash(path), size, st.st_mtime_ns]
                hashes[doc_id], stamps[doc_id] = stamp[0], stamp
            except OSError as e:
                skipped.append({"path": str(path), "reason": f"cannot read file: {e.strerror}"})
                del files[doc_id]
        # The same file saved twice under two names is indexed once: duplicate hits help nobody.
        first_with = {}
        for doc_id in sorted(files):
            if hashes[doc_id] in first_with:
                skipped.append({"path": str(files[doc_id]),
                                "reason": f"same content as {first_with[hashes[doc_id]]} (indexed once)"})
                del files[doc_id], hashes[doc_id]
            else:
                first_with[hashes[doc_id]] = doc_id

        old = None if (rebuild or current is None) else _indexed_hashes(current)
        if old is None:
            old = {}
            base = None
        else:
            base = current
        changed = [i for i in files if old.get(i) != hashes[i]]
        removed = [i for i in old if i not in files]

        report = {"index": str(index_dir), "documents": 0, "added": 0, "updated": 0, "removed": 0,
                  "unchanged": len(files) - len(changed), "skipped": skipped, "segmented": 0}
        if base is not None and not changed and not removed:
            report.update(generation=base.name, documents=len(old), seconds=round(time.perf_counter() - started, 3))
            os.utime(index_dir / "CURRENT")  # the index is up to date with the corpus
            return report

        records = []
        for record, skip in _map(_process, [(files[i], root_of[i], hashes[i]) for i in changed], workers, "lecture"):
            if skip:
                skipped.append(skip)
            else:
                records.append(record)
        if base is not None and not records and not removed and not any(i in old for i in changed):
            # Only files that stay skipped changed: no new generation for nothing.
            report.update(generation=base.name, documents=len(old), seconds=round(time.perf_counter() - started, 3))
            os.utime(index_dir / "CURRENT")
            return report

        cache = SegmentCache(index_dir / "segcache.sqlite")
        try:
            keys = [text_key(r["title"] + "\n" + r["body"]) for r in records]
            cached = cache.get_many(keys)
            todo = [(k, r["title"] + "\n" + r["body"]) for k, r in zip(keys, records) if k not in cached]
            if todo:
                import underthesea  # noqa: F401  loaded once before forking, shared by the workers
                fresh = dict(zip([k for k, _ in todo], _map(_segment, [t for _, t in todo], workers, "segmentation")))
                cache.put_many(fresh)
                cached.update(fresh)
            report["segmented"] = len(todo)
        finally:
            cache.close()

        gen = _next_generation(index_dir)
        partial = gen.with_name(gen.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        try:
            if base is not None:
                _copy_generation(base, partial)
                ix = windex.open_dir(str(partial))
            else:
                partial.mkdir(parents=True)
                ix = windex.create_in(str(partial), build_schema())
            # A changed file that is now skipped leaves the index too (deleted with the removed ones).
            indexed_ids = {r["id"] for r in records}
            removed += [i for i in changed if i in old and i not in indexed_ids]
            _write_documents(ix, base is None, workers, old, removed,
                             ((cached[k], r) for k, r in zip(keys, records)), len(records), report)
            (partial / "SCHEMA").write_text(SCHEMA_VERSION + "\n")
            in_index = (set(old) - set(removed)) | indexed_ids
            (partial / FILES).write_text(json.dumps({i: stamps[i] for i in sorted(in_index) if i in stamps}),
                                         encoding="utf-8")
            # Where the files are, so the web app can serve a document's original text (webapp/originals.py).
            (partial / "CORPUS_ROOTS.json").write_text(
                json.dumps([str(Path(c).resolve()) for c in corpus_dirs], ensure_ascii=False) + "\n", encoding="utf-8")
            with ix.searcher() as s:
                report["documents"] = s.doc_count()
                # The read path's arrays, copied out of this generation (indexer/columns.py).
                shutil.rmtree(partial / columns.COLUMNS_DIR, ignore_errors=True)
                try:
                    previous = base / columns.COLUMNS_DIR if base is not None else None
                    stats = columns.write_columns(partial, s.reader(), ix.schema, previous=previous)
                    report["columns"] = "appended" if stats.get("appended_to") else "written"
                except Exception as e:  # searchers then ask Whoosh for everything: slower, still right
                    shutil.rmtree(partial / columns.COLUMNS_DIR, ignore_errors=True)
                    report["columns_error"] = f"{type(e).__name__}: {e}"
            os.replace(partial, gen)
        except OSError as e:
            shutil.rmtree(partial, ignore_errors=True)
            raise BuildError(f"cannot write the index in {index_dir}: {e}") from e
        report["removed"] = len(removed)
        if report["documents"] == 0:
            shutil.rmtree(gen, ignore_errors=True)
            raise BuildError("no document could be indexed; see the skipped files", report)
        try:
            _publish(index_dir, gen)
        except OSError as e:
            raise BuildError(f"cannot publish the index in {index_dir}: {e}") from e
        _remove_old_generations(index_dir, {gen.name, base.name if base else ""})
        report["generation"] = gen.name
        report["seconds"] = round(time.perf_counter() - started, 3)
        return report

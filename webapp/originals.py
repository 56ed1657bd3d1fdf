"""Find a document's original file in the corpus, safely.

A record keeps its file's `path` relative to its corpus root. The roots come
from the index (a build records them in the generation's CORPUS_ROOTS.json)
and from the TTDN_CORPUS setting (a list, or folders joined by os.pathsep),
for indexes built before roots were recorded or moved since. A path that
resolves outside every root (``..``, absolute paths, symlinks leading out) is
never served: the caller answers 404.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from indexer.build import current_generation
from indexer.loading import DOCUMENT_SUFFIXES, SkipFile, load_file

ROOTS_FILE = "CORPUS_ROOTS.json"


def recorded_roots(index_dir: str | Path) -> list[Path]:
    """The corpus roots the published generation was built from (empty when not recorded)."""
    gen = current_generation(Path(index_dir))
    candidates = [gen / ROOTS_FILE] if gen else []
    candidates.append(Path(index_dir) / ROOTS_FILE)
    for path in candidates:
        try:
            roots = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(roots, list):
            return [Path(r) for r in roots if isinstance(r, str) and r]
    return []


def configured_roots(setting) -> list[Path]:
    if not setting:
        return []
    if isinstance(setting, (str, os.PathLike)):
        setting = str(setting).split(os.pathsep)
    return [Path(r) for r in setting if str(r)]


def locate(relative: str, roots: list[Path]) -> Path | None:
    """The existing corpus file `relative` names under one of `roots`, or None."""
    if not relative or "\x00" in relative:
        return None
    rel = Path(relative)
    if rel.is_absolute() or rel.suffix.lower() not in DOCUMENT_SUFFIXES:
        return None
    for root in roots:
        try:
            base = root.resolve(strict=True)
            candidate = (base / rel).resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if candidate.is_relative_to(base) and candidate.is_file():
            return candidate
    return None


def original_text(path: Path) -> str | None:
    """The file decoded as the indexer decoded it (any encoding → UTF-8), or None when unreadable."""
    try:
        return load_file(path).text
    except SkipFile:
        return None

"""One corpus file → one plain document record (the unit the index stores)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from indexer import boilerplate, metadata
from indexer.loading import SkipFile, load_file

RECORD_KEYS = ("id", "title", "date", "province", "province_2025", "source", "url", "authors", "kind", "period",
               "countries", "cited_documents", "officials", "official_titles", "topics", "body", "dropped")


def doc_id_for(path: Path, root: Path | None) -> str:
    """The id is the path relative to the corpus root, without the extension, with forward slashes."""
    rel = path.relative_to(root) if root else Path(path.name)
    return rel.with_suffix("").as_posix()


def sidecar_for(path: Path) -> dict:
    side = path.with_name(path.stem + ".meta.json")
    if not side.is_file():
        return {}
    try:
        value = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def content_hash(path: Path) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as fh:  # in chunks: a stray multi-gigabyte file must not fill the memory
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    side = path.with_name(path.stem + ".meta.json")
    if side.is_file():
        h.update(side.read_bytes())
    return h.hexdigest()


def read_document(path: Path, root: Path | None = None) -> dict:
    """Load, clean and describe one file. Raises SkipFile with the reason when it cannot be indexed."""
    path = Path(path)
    loaded = load_file(path)
    cleaned = boilerplate.clean(loaded.text, loaded.is_html)
    if not cleaned.paragraphs:
        raise SkipFile("no article text found")
    meta = metadata.extract(cleaned.paragraphs, cleaned.title_hint, sidecar_for(path), hints=cleaned.hints)
    record = {"id": doc_id_for(path, root), **meta}
    record["body"] = "\n\n".join(cleaned.paragraphs)
    record["dropped"] = cleaned.dropped
    record["path"] = str(path.relative_to(root) if root else path.name)
    record["encoding"] = loaded.encoding
    return record

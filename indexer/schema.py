"""The Whoosh schema, in one place. Facet fields are the keys of DESIGN.md's facets."""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from indexer.analysis import (concept_analyzer, folded_analyzer, pair_analyzer, syllable_analyzer,
                               word_analyzer)
from indexer.normalize import fold

# Facet key → record key (a record's value may be a string or a list).
FACETS = {
    "province": "province",
    "year": "year",
    "kind": "kind",
    "topic": "topics",
    "country": "countries",
    "document": "cited_documents",
    "official": "officials",
    "source": "source",
}

# Filters that are not facets (no counts on the page) but can be typed in the box: tinhmoi:"Gia Lai".
EXTRA_FILTERS = {"province_2025": "province_2025"}

SCHEMA_VERSION = "2"


def _facet_field():
    return KEYWORD(stored=False, commas=True, lowercase=False, scorable=False, sortable=False)


def build_schema() -> Schema:
    fields = dict(
        id=ID(stored=True, unique=True),
        hash=ID(stored=True),
        date=ID(stored=True, sortable=True),  # ISO date or "" when unknown
        title=TEXT(analyzer=syllable_analyzer(), stored=True, phrase=True, field_boost=3.0),
        title_fold=TEXT(analyzer=folded_analyzer(), phrase=True, field_boost=3.0),
        body=TEXT(analyzer=syllable_analyzer(), stored=True, phrase=True, chars=True),
        body_fold=TEXT(analyzer=folded_analyzer(), phrase=True),
        # ranking only: underthesea words, adjacent syllable pairs, abbreviation concepts
        words=TEXT(analyzer=word_analyzer(), phrase=False),
        words_fold=TEXT(analyzer=word_analyzer(folded=True), phrase=False),
        pairs=TEXT(analyzer=pair_analyzer(), phrase=False),
        pairs_fold=TEXT(analyzer=pair_analyzer(folded=True), phrase=False),
        concepts=TEXT(analyzer=concept_analyzer(), phrase=False),
        # metadata that words should find: province (old and 2025), officials and their titles, source
        meta=TEXT(analyzer=syllable_analyzer(), phrase=True),
        meta_fold=TEXT(analyzer=folded_analyzer(), phrase=True),
        plain=ID(),  # "1": a report written without diacritics (folded matches rank as exact ones)
        record=STORED,  # the whole plain record (metadata, path, dropped lines) as a dict
    )
    fields.update({key: _facet_field() for key in FACETS})
    fields.update({key: _facet_field() for key in EXTRA_FILTERS})
    return Schema(**fields)


def facet_values(record: dict, key: str) -> list[str]:
    value = record.get(FACETS.get(key) or EXTRA_FILTERS[key])
    if value is None or value == "":
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v).replace(",", " ") for v in values if v]


def to_whoosh(record: dict, segmented: str) -> dict:
    """A record as the keyword arguments of writer.add_document."""
    title = record.get("title") or ""
    body = record.get("body") or ""
    doc = dict(
        id=record["id"], hash=record["hash"], date=record.get("date") or "",
        title=title, title_fold=title, body=body, body_fold=body, words=segmented,
        record={k: v for k, v in record.items() if k not in ("body",)},
    )
    for key in list(FACETS) + list(EXTRA_FILTERS):
        doc[key] = ",".join(facet_values(record, key))
    meta = _meta_text(record)
    doc.update(meta=meta, meta_fold=meta, concepts=title + "\n" + body, plain="1" if is_unaccented(body) else "0")
    doc["pairs"] = doc["pairs_fold"] = title + "\n" + body
    doc["words_fold"] = segmented
    return doc


def _meta_text(record: dict) -> str:
    parts = []
    for key in ("province", "province_2025", "officials", "official_titles", "source"):
        value = record.get(key)
        if isinstance(value, dict):  # official_titles: {name: title}
            value = [f"{k} {v}" for k, v in value.items()]
        values = value if isinstance(value, list) else [value]
        parts += [str(v) for v in values if v]
    return "\n".join(parts)


def is_unaccented(text: str, sample: int = 20000, min_letters: int = 80) -> bool:
    """A report typed without Vietnamese input: (almost) no letter carries a diacritic."""
    letters = [c for c in text[:sample] if c.isalpha()]
    if len(letters) < min_letters:
        return False
    marked = sum(1 for c in letters if fold(c) != c)
    return marked / len(letters) < 0.01

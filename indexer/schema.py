"""The Whoosh schema, in one place. Facet fields are the keys of DESIGN.md's facets."""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from indexer.analysis import folded_analyzer, syllable_analyzer, word_analyzer

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

SCHEMA_VERSION = "1"


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
        words=TEXT(analyzer=word_analyzer(), phrase=False),
        record=STORED,  # the whole plain record (metadata, path, dropped lines) as a dict
    )
    fields.update({key: _facet_field() for key in FACETS})
    return Schema(**fields)


def facet_values(record: dict, key: str) -> list[str]:
    value = record.get(FACETS[key])
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
    for key in FACETS:
        doc[key] = ",".join(facet_values(record, key))
    return doc

"""Scoring of the cleaner against hand-written gold, shared by the tests and bench/cleaning.py."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_FIELDS = ("title", "date", "province", "source", "authors", "kind", "period", "countries",
               "cited_documents", "officials")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def sentences(paragraph: str) -> list[str]:
    """Gold paragraphs cut into sentences at a full stop followed by a capital letter."""
    parts = re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ(])", norm(paragraph))
    return [p for p in parts if len(p) > 3]


def fixture_gold() -> dict:
    gold = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))
    gold.pop("_about", None)
    return gold


def score_body(body: str, gold: dict) -> tuple[int, int, int, int]:
    """(gold sentences found, gold sentences, boilerplate strings kept, boilerplate strings)."""
    body = norm(body)
    sents = [s for p in gold["body"] for s in sentences(p)]
    found = sum(1 for s in sents if s in body)
    kept = [b for b in gold["boilerplate"] if norm(b) in body]
    return found, len(sents), len(kept), len(gold["boilerplate"])


def topic_f1(got, want) -> float:
    got, want = set(got), set(want)
    if not got and not want:
        return 1.0
    return 2 * len(got & want) / (len(got) + len(want))

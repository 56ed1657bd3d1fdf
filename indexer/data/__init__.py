"""Gazetteers and word lists, read once."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_json(name: str):
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))

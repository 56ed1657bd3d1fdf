"""The one Searcher of an app, and request parameters → Searcher.search arguments."""
from __future__ import annotations

import threading

from flask import current_app

from indexer.schema import FACETS
from indexer.search import QueryError, Searcher

_lock = threading.Lock()


def searcher() -> Searcher:
    """Opened on first use, then shared by all requests; it follows newly published generations."""
    ext = current_app.extensions
    if "ttdn_searcher" not in ext:
        with _lock:
            if "ttdn_searcher" not in ext:
                ext["ttdn_searcher"] = Searcher(current_app.config["TTDN_INDEX"])
    return ext["ttdn_searcher"]


def search_args(args) -> dict:
    """Keyword arguments for Searcher.search from a request's query string (a MultiDict)."""
    unknown = [k for k in args if k not in FACETS and k not in PARAMS]
    if unknown:
        raise QueryError(f"Tham số không hợp lệ: {', '.join(sorted(unknown))}")
    return {
        "q_text": args.get("q", ""),
        "filters": {key: args.getlist(key) for key in FACETS if args.getlist(key)},
        "sort": args.get("sort") or ("relevance" if args.get("q", "").strip() else "newest"),
        "page": args.get("page") or 1,
        "per_page": args.get("per_page") or 10,
        "date_from": args.get("date_from") or None,
        "date_to": args.get("date_to") or None,
    }


PARAMS = {"q", "sort", "page", "per_page", "date_from", "date_to"}

"""The one Searcher of an app, and request parameters → Searcher.search arguments."""
from __future__ import annotations

import threading

from flask import current_app

from indexer.schema import FACETS
from indexer.search import QueryError, Searcher

_lock = threading.Lock()

PARAMS = {"q", "sort", "page", "per_page", "date_from", "date_to"}
MAX_VALUES_PER_FACET = 50  # a URL that selects more values than this is not a person's


def searcher() -> Searcher:
    """Opened on first use, then shared by all requests; it follows newly published generations."""
    ext = current_app.extensions
    if "ttdn_searcher" not in ext:
        with _lock:
            if "ttdn_searcher" not in ext:
                ext["ttdn_searcher"] = Searcher(current_app.config["TTDN_INDEX"])
    return ext["ttdn_searcher"]


def search_args(args, extra: set[str] = frozenset()) -> dict:
    """Keyword arguments for Searcher.search from a request's query string (a MultiDict).

    Unknown parameters are an error (a typo such as `provine=` would otherwise
    silently return everything); `extra` names parameters a view handles itself.
    """
    unknown = [k for k in args if k not in FACETS and k not in PARAMS and k not in extra]
    if unknown:
        raise QueryError(f"Tham số không hợp lệ: {', '.join(sorted(unknown))[:200]}. "
                         f"Các tham số: {', '.join(sorted(PARAMS | set(FACETS)))}")
    for name in PARAMS:
        if len(args.getlist(name)) > 1:
            raise QueryError(f"Tham số {name} chỉ được có một giá trị")
    filters = {}
    for key in FACETS:
        values = [v for v in args.getlist(key) if v.strip()]
        if len(values) > MAX_VALUES_PER_FACET:
            raise QueryError(f"Quá nhiều giá trị cho bộ lọc {key} (tối đa {MAX_VALUES_PER_FACET})")
        if values:
            filters[key] = values
    q_text = args.get("q", "")
    return {
        "q_text": q_text,
        "filters": filters,
        "sort": args.get("sort") or ("relevance" if q_text.strip() else "newest"),
        "page": args.get("page") or 1,
        "per_page": args.get("per_page") or 10,
        "date_from": args.get("date_from") or None,
        "date_to": args.get("date_to") or None,
    }

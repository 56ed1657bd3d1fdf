"""The search page's whole state lives in its URL; this class edits that URL.

Every link on the page (a facet value, a chip, a page number, a timeline bar)
is the current URL with one change, so links can be shared and the back
button walks through the user's steps. Empty parameters are dropped so the
URLs stay short and readable.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import url_for

from indexer.schema import FACETS
from webapp.search_service import MAX_VALUES_PER_FACET

PARAM_ORDER = ("q", *FACETS, "date_from", "date_to", "sort", "per_page", "page")


class SearchState:
    """An immutable view of the query string: {name: [values]} with empty values removed."""

    def __init__(self, params: dict[str, list[str]]):
        self.params = {k: [v for v in vs if v.strip()] for k, vs in params.items()}
        self.params = {k: vs for k, vs in self.params.items() if vs}

    @classmethod
    def from_args(cls, args) -> "SearchState":
        # Each link repeats the whole state: 1,000 values of a facet made 2,000 links of 1,000 parameters
        # (4 s for one 400 page). More values than the search accepts are cut; the page says it is an error.
        return cls({k: args.getlist(k)[:MAX_VALUES_PER_FACET + 1] for k in args})

    # -- reading -----------------------------------------------------------

    @property
    def q(self) -> str:
        return self.first("q")

    def first(self, name: str, default: str = "") -> str:
        return self.params.get(name, [default])[0]

    def values(self, name: str) -> list[str]:
        return list(self.params.get(name, []))

    def is_selected(self, key: str, value: str) -> bool:
        return value in self.params.get(key, [])

    @property
    def filters(self) -> list[tuple[str, str]]:
        """Selected facet values in facet order, as (key, value)."""
        return [(key, v) for key in FACETS for v in self.params.get(key, [])]

    @property
    def has_filters(self) -> bool:
        return bool(self.filters) or "date_from" in self.params or "date_to" in self.params

    # -- changing ----------------------------------------------------------

    def _with(self, **changes) -> "SearchState":
        params = {k: list(v) for k, v in self.params.items()}
        for name, values in changes.items():
            params[name] = values
        if "page" not in changes:
            params.pop("page", None)  # any other change starts again at page 1
        return SearchState(params)

    def toggled(self, key: str, value: str) -> "SearchState":
        values = self.values(key)
        return self._with(**{key: [v for v in values if v != value] if value in values else values + [value]})

    def only(self, key: str, value: str) -> "SearchState":
        """Just this value for the facet; if it already is the only one, the facet is cleared (a toggle)."""
        return self._with(**{key: [] if self.values(key) == [value] else [value]})

    def without(self, *names: str) -> "SearchState":
        return self._with(**{name: [] for name in names})

    def cleared(self) -> "SearchState":
        """Query and sort kept, every filter removed: the "Xóa tất cả" link."""
        return self.without(*FACETS, "date_from", "date_to")

    def at_page(self, page: int) -> "SearchState":
        return self._with(page=[str(page)] if page > 1 else [])

    def with_query(self, text: str) -> "SearchState":
        return self._with(q=[text])

    def sorted_by(self, sort: str) -> "SearchState":
        return self._with(sort=[sort])

    # -- writing -----------------------------------------------------------

    def items(self) -> list[tuple[str, str]]:
        order = {name: i for i, name in enumerate(PARAM_ORDER)}
        names = sorted(self.params, key=lambda n: (order.get(n, len(order)), n))
        return [(name, v) for name in names for v in self.params[name]]

    def query_string(self) -> str:
        return urlencode(self.items())

    def url(self, endpoint: str = "pages.index", **values) -> str:
        qs = self.query_string()
        base = url_for(endpoint, **values)
        return f"{base}?{qs}" if qs else base

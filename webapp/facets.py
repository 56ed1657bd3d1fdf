"""Facet sidebar: which values to show, in which order, under which Vietnamese label.

In the style of Datasette's facets: the Searcher computes the counts (already
disjunctive: each facet's counts ignore its own selection), and this module
only describes them for people. Each facet knows its order: provinces by
Vietnamese collation (Đắk Lắk among the Đ), years chronologically, the rest
by count. Long facets show their most frequent values (and every selected
one, even at count 0) with a "show more" link to a page of their own.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from indexer.normalize import fold
from webapp.collation import sort_key
from webapp.state import SearchState

SIDEBAR_LIMIT = 8
LIMITS = {"year": 10, "kind": 10}  # the kinds are a short closed list, shown whole
FILTER_BOX_MIN = 12  # a filter box appears on facets with at least this many values
SIDEBAR_MAX = 70  # values in the sidebar's HTML (all 63 provinces unfold in place); the rest on the facet's page
UNFILTERED = {"year", "kind"}  # numbers and a closed list: a filter box would not help
ORDER = {"province": "collation", "year": "chronological", "source": "collation"}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str
    dom_id: str
    hidden: bool = False


@dataclass
class Facet:
    key: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    total: int = 0  # number of distinct values
    more_url: str | None = None
    filterable: bool = False

    @property
    def hidden_count(self) -> int:
        return sum(1 for v in self.values if v.hidden) + (self.total - len(self.values))

    @property
    def complete(self) -> bool:
        """All values are in the HTML, so the page can reveal them in place."""
        return len(self.values) == self.total


def order_values(key: str, counts: list[dict], label) -> list[dict]:
    """The facet's display order."""
    how = ORDER.get(key, "count")
    if how == "chronological":
        return sorted(counts, key=lambda c: (str(c["value"]).zfill(8), c["value"]))
    if how == "collation":
        return sorted(counts, key=lambda c: sort_key(label(key, c["value"])))
    return sorted(counts, key=lambda c: (-c["count"], sort_key(label(key, c["value"]))))


def _dom_id(key: str, value: str) -> str:
    """Stable across requests (not a list position), so the page can keep focus on it after an update."""
    return f"f-{key}-{hashlib.sha1(value.encode('utf-8')).hexdigest()[:10]}"


def describe(key: str, counts: list[dict], state: SearchState, label, endpoint_more: str | None,
             limit: int | None = None, max_values: int | None = SIDEBAR_MAX, text_filter: str = "") -> Facet:
    """A facet ready for a template. `limit` values are visible (the most frequent, plus every selected one)."""
    limit = limit if limit is not None else LIMITS.get(key, SIDEBAR_LIMIT)
    counts = [c for c in counts if c["count"] > 0 or c.get("selected") or state.is_selected(key, c["value"])]
    # A selected value missing from the counts (nothing matches it any more) still shows, at 0.
    present = {c["value"] for c in counts}
    counts += [{"value": v, "count": 0, "selected": True} for v in state.values(key) if v not in present]
    if text_filter:
        needle = fold(text_filter).lower()
        counts = [c for c in counts if needle in fold(label(key, c["value"])).lower()
                  or needle in fold(str(c["value"])).lower() or state.is_selected(key, c["value"])]
    facet = Facet(key=key, label=label("facets", key), total=len(counts))
    # Which values are visible: selected ones, then the most recent years or the most frequent values
    # (ties in the facet's own order, so that Đà Nẵng is not hidden behind code-point order).
    if ORDER.get(key) == "chronological":
        rank = {c["value"]: i for i, c in enumerate(reversed(order_values(key, counts, label)))}
    else:
        rank = {c["value"]: i for i, c in enumerate(order_values(key, counts, label))}
    by_count = sorted(counts, key=lambda c: (not state.is_selected(key, c["value"]),
                                             0 if ORDER.get(key) == "chronological" else -c["count"],
                                             rank[c["value"]]))
    visible = {c["value"] for c in by_count[:limit]} | set(state.values(key))
    kept = by_count if max_values is None else by_count[:max(max_values, limit)]
    kept_values = {c["value"] for c in kept} | visible
    for c in order_values(key, [c for c in counts if c["value"] in kept_values], label):
        value = c["value"]
        facet.values.append(FacetValue(
            value=value, label=label(key, value), count=c["count"], selected=state.is_selected(key, value),
            toggle_url=state.toggled(key, value).url(), dom_id=_dom_id(key, value), hidden=value not in visible))
    if endpoint_more and facet.hidden_count:
        facet.more_url = state.url(endpoint_more, key=key)
    facet.filterable = facet.total >= FILTER_BOX_MIN and key not in UNFILTERED
    return facet

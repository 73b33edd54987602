"""SearchResults: one page of hits, facet counts over all hits (a filtered facet counted without its own
filter, so its other values show what ticking them adds), and the /api/search shape."""
from __future__ import annotations

from dataclasses import dataclass, field

# the fields of a result in /api/search (CONTRACT.md); hits carry more (see SearchIndex.search)
CONTRACT_HIT_FIELDS = ("id", "url", "title", "published", "province", "unit", "level", "district", "source",
                       "snippet")


@dataclass
class SearchResults:
    total: int
    page: int
    per_page: int
    hits: list[dict] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=dict)
    suggestion: str | None = None
    sort: str = "relevance"
    notice: str | None = None  # e.g. "the index is being rebuilt"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict:
        """The /api/search answer: contract fields first, extras after."""
        results = []
        for hit in self.hits:
            item = {k: hit.get(k) for k in CONTRACT_HIT_FIELDS}
            item.update({k: v for k, v in hit.items() if k not in item})
            results.append(item)
        out = {"total": self.total, "page": self.page, "per_page": self.per_page, "results": results,
               "facets": self.facets, "suggestion": self.suggestion, "sort": self.sort}
        if self.notice:
            out["notice"] = self.notice
        return out

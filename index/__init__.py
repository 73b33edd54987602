"""The search index: Vietnamese-aware Whoosh index of the archive's articles, with fast facets.

``SearchIndex(index_dir)`` follows the archive (``update``, ``rebuild``) and answers
``search(SearchQuery(...)) -> SearchResults`` (one page; facet counts disjunctive: a filtered facet is
counted with every filter but its own) and ``iter_hits(SearchQuery(...))`` (every hit in the sort order,
no paging window, for exports); a query that cannot be answered raises QueryError.
"""
from index.query import QueryError
from index.searchquery import SearchQuery
from index.results import SearchResults
from index.searchindex import SearchIndex

__all__ = ["QueryError", "SearchIndex", "SearchQuery", "SearchResults"]

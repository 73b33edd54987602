"""The search index: Vietnamese-aware Whoosh index of the archive's articles, with fast facets.

``SearchIndex(index_dir)`` follows the archive (``update``, ``rebuild``) and answers
``search(SearchQuery(...)) -> SearchResults``; a query that cannot be answered raises QueryError.
"""
from index.query import QueryError, SearchQuery
from index.results import SearchResults
from index.searchindex import SearchIndex

__all__ = ["QueryError", "SearchIndex", "SearchQuery", "SearchResults"]

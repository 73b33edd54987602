"""The archive: sources, every fetched page (raw, in WARC) and every version of every article.

Everything else reads from or writes to the archive; the archive imports no other stage.
"""
from archive.config import Config, ConfigError
from archive.models import Article, ArticleVersion, Document, DocumentPage, Snapshot
from archive.sources import Source, SourcesError, load_sources
from archive.store import Archive, ArchiveError

__all__ = ["Archive", "ArchiveError", "Article", "ArticleVersion", "Config", "ConfigError", "Document", "DocumentPage",
           "Snapshot", "Source", "SourcesError", "load_sources"]

"""An article as one plain record: the shape of ``/api/articles/<id>`` and of export lines."""
from __future__ import annotations

from archive.models import Article
from archive.store import Archive


def article_record(archive: Archive, article: Article, with_text_of_versions: bool = True) -> dict:
    """The article's fields, its status and the list of its versions (oldest first)."""
    versions = []
    for v in archive.versions(article.id):
        entry = {"version": v.version, "fetched_at": v.fetched_at, "title": v.title, "published": v.published,
                 "published_time": v.published_time, "author": v.author, "snapshot_id": v.snapshot_id,
                 "content_hash": v.content_hash}
        if with_text_of_versions:
            entry["text"] = v.text
        versions.append(entry)
    return {
        "id": article.id, "url": article.url, "title": article.title, "published": article.published,
        "published_time": article.published_time, "author": article.author, "source_text": article.source_text,
        "province": article.province,
        "province_2025": article.province_2025, "unit": article.unit, "level": article.level,
        "district": article.district, "source": article.source, "source_id": article.source_id,
        "text": article.text, "crawled_at": article.crawled_at, "first_seen": article.first_seen,
        "last_seen": article.last_seen,
        "status": article.status, "removed_at": article.removed_at,
        "provinces_mentioned": article.provinces_mentioned, "organisations": article.organisations,
        "captions": article.captions, "images": article.images,
        "attachments": article.attachments or archive.attachments(article.id),
        "snapshot_id": article.snapshot_id, "version": article.version, "versions": versions,
        "group": article.group, "group_size": article.group_size, "collections": article.collections,
    }

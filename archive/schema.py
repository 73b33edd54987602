"""The archive's schema, as numbered migrations written in SQLite's dialect and applied on either engine
(``archive.database``: ``PRAGMA user_version`` or the ``danvan_schema`` table holds the version)."""
from __future__ import annotations

from archive.database import lock_for_migration, schema_version, set_schema_version

MIGRATIONS: list[str] = [
    # 1: sources, fetched pages, articles and their versions, crawl runs, the crawl frontier
    """
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        province TEXT NOT NULL,
        unit TEXT NOT NULL,
        level TEXT NOT NULL,
        district TEXT,
        config_json TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE crawls (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES sources(id),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running',      -- running | finished | failed | interrupted
        pages_fetched INTEGER NOT NULL DEFAULT 0,
        pages_unchanged INTEGER NOT NULL DEFAULT 0,
        pages_failed INTEGER NOT NULL DEFAULT 0,
        articles_new INTEGER NOT NULL DEFAULT 0,
        articles_edited INTEGER NOT NULL DEFAULT 0,
        articles_removed INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL,
        crawl_id INTEGER,
        url TEXT NOT NULL,
        final_url TEXT,
        status INTEGER,
        headers_json TEXT NOT NULL DEFAULT '{}',
        fetched_at TEXT NOT NULL,
        content_type TEXT,
        content_hash TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        warc_file TEXT,
        warc_offset INTEGER,
        warc_length INTEGER,
        outcome TEXT,
        error TEXT,
        redirects_json TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX snapshots_by_url ON snapshots(url, id);
    CREATE INDEX snapshots_by_crawl ON snapshots(crawl_id);
    CREATE TABLE pages (
        url TEXT PRIMARY KEY,
        source_id TEXT NOT NULL,
        kind TEXT NOT NULL,                -- article | listing | feed | sitemap | attachment | other | robots
        status INTEGER,
        etag TEXT,
        last_modified TEXT,
        content_hash TEXT,
        last_snapshot_id INTEGER,
        first_seen TEXT NOT NULL,
        last_fetched TEXT
    );
    CREATE INDEX pages_by_source ON pages(source_id);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL,
        source_name TEXT NOT NULL,
        province TEXT NOT NULL,
        unit TEXT NOT NULL,
        level TEXT NOT NULL,
        district TEXT,
        status TEXT NOT NULL DEFAULT 'live',   -- live | removed
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        removed_at TEXT,
        current_version INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX articles_by_source ON articles(source_id);
    CREATE TABLE article_versions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        version INTEGER NOT NULL,
        snapshot_id INTEGER,
        fetched_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        published TEXT,
        published_time TEXT,
        author TEXT,
        extras_json TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (article_id, version)
    );
    CREATE TABLE attachments (
        article_id TEXT NOT NULL REFERENCES articles(id),
        url TEXT NOT NULL,
        content_type TEXT,
        snapshot_id INTEGER,
        PRIMARY KEY (article_id, url)
    );
    CREATE TABLE frontier (
        source_id TEXT NOT NULL,
        url TEXT NOT NULL,
        depth INTEGER NOT NULL DEFAULT 0,
        found_on TEXT,
        state TEXT NOT NULL DEFAULT 'pending',   -- pending | done
        PRIMARY KEY (source_id, url)
    );
    """,
    # 2: find an article by its content (a copy under another URL is no second article); hosts whose
    #    validators cannot be trusted (a 304 that lied)
    """
    CREATE INDEX article_versions_by_hash ON article_versions(content_hash);
    CREATE TABLE hosts (
        host TEXT PRIMARY KEY,
        dates_untrusted_at TEXT,         -- when a 304 to If-Modified-Since was found to lie
        note TEXT
    );
    """,
    # 3: what a crawl cost: requests sent, known pages not asked again
    """
    ALTER TABLE crawls ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE crawls ADD COLUMN pages_skipped INTEGER NOT NULL DEFAULT 0;
    """,
    # 4: one `danvan crawl` over several sources is a run; a killed run is resumed, not started over
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running'      -- running | finished | interrupted
    );
    ALTER TABLE crawls ADD COLUMN run_id INTEGER;
    CREATE INDEX crawls_by_run ON crawls(run_id);
    """,
    # 5: syndicated copies (archive.syndication): each article's MinHash signature, its bands (to find
    #    candidates), its group; a source's collections (a facet of its articles)
    """
    CREATE TABLE article_signatures (
        key INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,      -- the version the signature was computed from
        signature BLOB,                  -- NULL: too short to compare
        group_id TEXT                    -- the id of the group's earliest article; NULL: not syndicated
    );
    CREATE INDEX article_signatures_by_group ON article_signatures(group_id) WHERE group_id IS NOT NULL;
    CREATE TABLE signature_bands (
        band INTEGER NOT NULL,
        key INTEGER NOT NULL,
        PRIMARY KEY (band, key)
    ) WITHOUT ROWID;
    ALTER TABLE sources ADD COLUMN collections_json TEXT NOT NULL DEFAULT '[]';
    UPDATE sources SET collections_json = COALESCE(json_extract(config_json, '$.collections'), '[]');
    """,
    # 6: documents (archive.documents): attached files as records with versions, their text per page and
    #    header fields, read in a stage of their own; the articles that link them
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        current_version INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE document_versions (
        document_id TEXT NOT NULL REFERENCES documents(id),
        version INTEGER NOT NULL,
        snapshot_id INTEGER,
        fetched_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,          -- of the file's bytes
        size INTEGER NOT NULL DEFAULT 0,
        content_type TEXT,                   -- as served
        state TEXT NOT NULL DEFAULT 'pending',   -- pending | ocr | done | failed
        type TEXT,                           -- as read from the bytes: pdf, docx, doc, odt, rtf, xls, xlsx
        page_count INTEGER,
        pages_json TEXT,                     -- [{"number", "text", "ocr", "note"}]
        ocr_pending_json TEXT,               -- page numbers still waiting for OCR
        error TEXT,
        notes_json TEXT,
        number TEXT, doc_type TEXT, issuer TEXT, issued TEXT, summary TEXT,
        read_at TEXT,
        PRIMARY KEY (document_id, version)
    );
    CREATE INDEX document_versions_by_hash ON document_versions(content_hash);
    CREATE INDEX document_versions_waiting ON document_versions(state) WHERE state IN ('pending', 'ocr');
    CREATE TABLE document_links (
        document_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        link_text TEXT,
        UNIQUE (document_id, article_id)
    );
    CREATE INDEX document_links_by_article ON document_links(article_id);
    """,
    # 7: several machines (issue 15): the change log search nodes follow (archive.changes), and the crawl
    #    queue `danvan schedule` fills and `danvan worker` processes take sources from by lease (archive.leases)
    """
    CREATE TABLE changes (
        seq INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,          -- an article or document id
        at TEXT NOT NULL
    );
    CREATE TABLE crawl_queue (
        source_id TEXT PRIMARY KEY,
        host TEXT NOT NULL,               -- no two workers crawl one host at once
        due_at TEXT,                      -- marked due by the scheduler; NULL: not due
        holder TEXT,                      -- the worker holding the lease
        expires_at TEXT,                  -- the lease ends then unless renewed
        last_done_at TEXT
    );
    CREATE INDEX crawl_queue_by_host ON crawl_queue(host);
    """,
]

LATEST = len(MIGRATIONS)


def migrate(conn) -> int:
    """Bring the database (either engine) to the latest schema version; return that version.
    Each migration is one transaction; on a shared database one process migrates at a time."""
    with conn:
        lock_for_migration(conn)
        current = schema_version(conn)
        if current > LATEST:
            raise RuntimeError(f"archive schema version {current} is newer than this program ({LATEST}); upgrade danvan")
        for number in range(current, LATEST):
            conn.executescript(MIGRATIONS[number])
            set_schema_version(conn, number + 1)
    return LATEST

"""Recording what was fetched: every response a snapshot (WARC + row), every URL its latest state."""
from __future__ import annotations

from archive import Archive, Snapshot

from crawler.conditional import validators
from crawler.fetch import FetchResult, Response
from crawler.verdict import REDIRECT


class Recorder:
    """Writes one source's responses to the archive for one crawl run."""

    def __init__(self, archive: Archive, source_id: str, crawl_id: int | None):
        self.archive, self.source_id, self.crawl_id = archive, source_id, crawl_id

    def fetch(self, url: str, fetched: FetchResult, outcome: str, *, content_hash: str | None = None,
              keep_body: bool = True) -> Snapshot:
        """The redirects on the way, then the final answer (or the failure to get one); returns the final snapshot.

        ``keep_body=False`` records the row only: the same body is already in an earlier WARC record.
        """
        for hop in fetched.redirects:
            self._response(hop.url, hop, hop.url, "redirect", None, [], keep_body=True)
        response = fetched.response
        redirects = [h.url for h in fetched.redirects]
        if response is None:
            snap = Snapshot(id=None, source_id=self.source_id, url=url, status=None, fetched_at=fetched.fetched_at,
                            final_url=fetched.final_url, outcome=outcome, error=fetched.error,
                            crawl_id=self.crawl_id, redirects=redirects)
            return self.archive.record_snapshot(snap)
        return self._response(url, response, fetched.final_url, outcome, fetched.error, redirects,
                              keep_body=keep_body, content_hash=content_hash)

    def _response(self, url: str, response: Response, final_url: str, outcome: str, error: str | None,
                  redirects: list[str], *, keep_body: bool, content_hash: str | None = None) -> Snapshot:
        snap = Snapshot(id=None, source_id=self.source_id, url=url, status=response.status,
                        fetched_at=response.fetched_at, headers=response.headers, final_url=final_url,
                        content_type=response.content_type, content_hash=content_hash,
                        size=len(response.body or b""), outcome=outcome, error=error or response.error,
                        crawl_id=self.crawl_id, redirects=redirects)
        body = response.body if keep_body else None
        return self.archive.record_snapshot(snap, body, response.reason or "OK", response.warc_headers())

    def page(self, url: str, final: str, kind: str, snap: Snapshot, response: Response | None = None) -> None:
        """The URL's (and its final URL's) latest state, with the validators for the next conditional request.

        A snapshot without a new body (304, same hash) leaves the page pointing at its archived copy.
        A URL that redirected is recorded as a redirect: a re-crawl asks for its target, not for it.
        """
        etag, modified = validators(response.headers) if response is not None else (None, None)
        keep = snap if snap.warc_file or snap.status not in (200, 304) else Snapshot(
            id=None, source_id=snap.source_id, url=snap.url, status=200, fetched_at=snap.fetched_at)
        if final != url:
            self.archive.save_page(final, self.source_id, kind, keep, etag, modified)
            kind = REDIRECT
        self.archive.save_page(url, self.source_id, kind, keep, etag, modified)

"""Raw responses kept as WARC records (the web-archive standard), read back by offset."""
from __future__ import annotations

import hashlib
import io
import os
import re
import socket
import threading
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

_APPEND_LOCK = threading.Lock()  # threads of one process share the day's file: one record at a time


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class WarcStore:
    """Appends response records to one gzipped WARC file per day and process under ``snapshots/`` (its
    name carries the machine and process, so writers on many machines can share one folder).

    Each record is flushed and fsynced before its offset is returned, so a database row that
    points at it never points at a half-written record (a crawl killed with -9 loses nothing
    it has already recorded).
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _file_for_today(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        day = datetime.now(timezone.utc).strftime("%Y%m%d")
        host = re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname())[:64]  # one writer per process and machine
        return self.folder / f"danvan-{day}-{host}-{os.getpid()}.warc.gz"

    def write_response(self, url: str, status: int, reason: str, headers: list[tuple[str, str]],
                       body: bytes, fetched_at: str) -> tuple[str, int, int]:
        """Write one response record; return (file name, offset, length)."""
        path = self._file_for_today()
        with _APPEND_LOCK, open(path, "ab") as fh:
            offset = fh.tell()
            writer = WARCWriter(fh, gzip=True)
            http_headers = StatusAndHeaders(f"{status} {reason or 'OK'}", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http_headers,
                warc_headers_dict={"WARC-Date": fetched_at})
            writer.write_record(record)
            fh.flush()
            os.fsync(fh.fileno())
            length = fh.tell() - offset
        return path.name, offset, length

    def read_body(self, warc_file: str, offset: int) -> bytes:
        """The payload (decoded of any transfer/content encoding) of the record at ``offset``."""
        with open(self.folder / warc_file, "rb") as fh:
            fh.seek(offset)
            for record in ArchiveIterator(fh):
                return record.content_stream().read()
        raise FileNotFoundError(f"no WARC record at {warc_file}:{offset}")

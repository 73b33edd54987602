"""Import lines (the shape of ``/api/articles/<id>``) checked before they reach the archive.

A line is either made clean (control characters dropped, text NFC) or refused with a reason; it is
never half written. What is refused: a value of the wrong type, a URL that is not http(s), a date
that is no calendar date, text that is not valid Unicode (a lone surrogate) or is absurdly long.
"""
from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urlsplit

from archive.text import nfc

MAX_TEXT_CHARS = 5_000_000
MAX_FIELD_CHARS = 10_000
MAX_LIST_ITEMS = 1_000
MAX_VERSIONS = 500
MIN_YEAR, MAX_YEAR = 1900, 2100
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
ID_RE = re.compile(r"^[\w.-]{1,64}$", re.ASCII)
TEXT_FIELDS = ("title", "text", "author", "source_text", "province", "unit", "level", "district", "source",
               "source_id")
LIST_FIELDS = ("captions", "provinces_mentioned", "organisations")
STATUSES = ("live", "removed")
TIMESTAMP_FIELDS = ("crawled_at", "first_seen", "last_seen", "removed_at")


class ImportLineError(ValueError):
    """Why one import line was refused (the message names the field)."""


def parse_line(raw: bytes) -> dict:
    """One line of a JSONL file as a clean record, or ImportLineError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportLineError(f"not UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise ImportLineError("nested too deeply to be an article") from None
    except ValueError as exc:
        raise ImportLineError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ImportLineError("not a JSON object")
    return clean_record(data)


def clean_record(data: dict) -> dict:
    """The record with every field checked; raises ImportLineError naming the first bad field."""
    out = dict(data)
    out["url"] = _url(data.get("url"), "url")
    if data.get("id") is not None and not (isinstance(data["id"], str) and ID_RE.match(data["id"])):
        raise ImportLineError("'id' must be 1-64 letters, digits, '.', '_' or '-'")
    for key in TEXT_FIELDS:
        if data.get(key) is not None:
            out[key] = _text(data[key], key, MAX_TEXT_CHARS if key == "text" else MAX_FIELD_CHARS)
    if not out.get("title"):
        raise ImportLineError("'title' is missing or empty")
    out["published"] = _date(data.get("published"), "published")
    out["published_time"] = _time(data.get("published_time"), "published_time")
    if data.get("status") is not None and data["status"] not in STATUSES:
        raise ImportLineError(f"'status' must be one of {', '.join(STATUSES)}")
    for key in TIMESTAMP_FIELDS:
        if data.get(key) is not None:
            out[key] = _timestamp(data[key], key)
    for key in LIST_FIELDS:
        if data.get(key) is not None:
            out[key] = [_text(v, key, MAX_FIELD_CHARS) for v in _list(data[key], key)]
    for key in ("images", "attachments"):
        if data.get(key) is not None:
            out[key] = [_link(item, key) for item in _list(data[key], key)]
    if data.get("versions") is not None:
        out["versions"] = [_version(v, i) for i, v in enumerate(_list(data["versions"], "versions", MAX_VERSIONS), 1)]
    try:
        json.dumps(out, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ImportLineError("a field holds text that is not valid Unicode (a lone surrogate)") from None
    return out


def _text(value, key: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ImportLineError(f"'{key}' must be text, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ImportLineError(f"'{key}' is not valid Unicode (a lone surrogate)") from None
    if len(value) > limit:
        raise ImportLineError(f"'{key}' is too long ({len(value):,} characters; at most {limit:,})")
    return nfc(CONTROL_RE.sub("", value))


def _url(value, key: str) -> str:
    text = _text(value, key, MAX_FIELD_CHARS) if value is not None else ""
    try:
        parts = urlsplit(text.strip())
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise ImportLineError(f"'{key}' must be an http(s) URL, not {text[:80]!r}")
    return text.strip()


def _date(value, key: str) -> str | None:
    if value is None or value == "":
        return None
    m = DATE_RE.match(value) if isinstance(value, str) else None
    try:
        ok = m is not None and MIN_YEAR <= int(m.group(1)) <= MAX_YEAR and bool(date(*map(int, m.groups())))
    except ValueError:
        ok = False
    if not ok:
        raise ImportLineError(f"'{key}' must be a date YYYY-MM-DD between {MIN_YEAR} and {MAX_YEAR}, not {value!r:.40}")
    return value


def _time(value, key: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not TIME_RE.match(value):
        raise ImportLineError(f"'{key}' must be a time HH:MM, not {value!r:.40}")
    return value


def _timestamp(value, key: str) -> str:
    if not isinstance(value, str) or _date(value[:10], key) is None or len(value) > 40:
        raise ImportLineError(f"'{key}' must be a timestamp such as 2024-01-31T08:00:00Z")
    return _text(value, key, 40)


def _list(value, key: str, limit: int = MAX_LIST_ITEMS) -> list:
    if not isinstance(value, list):
        raise ImportLineError(f"'{key}' must be a list")
    if len(value) > limit:
        raise ImportLineError(f"'{key}' has too many items ({len(value)}; at most {limit})")
    return value


def _link(item, key: str) -> dict:
    """An image or attachment: its URL (http(s) only) and its caption or title."""
    if not isinstance(item, dict):
        raise ImportLineError(f"'{key}' must be a list of objects")
    url_key = "src" if key == "images" else "url"
    label_key = "caption" if key == "images" else "title"
    label = item.get(label_key)
    return {url_key: _url(item.get(url_key), f"{key}.{url_key}"),
            label_key: _text(label, f"{key}.{label_key}", MAX_FIELD_CHARS) if label is not None else None}


def _version(item, number: int) -> dict:
    if not isinstance(item, dict):
        raise ImportLineError(f"version {number} must be an object")
    out = dict(item)
    for key in ("title", "text", "author"):
        if item.get(key) is not None:
            out[key] = _text(item[key], f"versions[{number}].{key}", MAX_TEXT_CHARS if key == "text" else MAX_FIELD_CHARS)
    out["published"] = _date(item.get("published"), f"versions[{number}].published")
    out["published_time"] = _time(item.get("published_time"), f"versions[{number}].published_time")
    if item.get("fetched_at") is not None:
        out["fetched_at"] = _timestamp(item["fetched_at"], f"versions[{number}].fetched_at")
    if item.get("extras") is not None and not isinstance(item["extras"], dict):
        raise ImportLineError(f"versions[{number}].extras must be an object")
    if item.get("snapshot_id") is not None and not isinstance(item["snapshot_id"], int):
        raise ImportLineError(f"versions[{number}].snapshot_id must be a whole number")
    return out

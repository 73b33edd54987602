"""Placeholder: the extraction helper replaces this module."""


def decode_html(body: bytes, content_type: str | None = None) -> str:
    raise NotImplementedError

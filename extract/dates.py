"""Placeholder: the extraction helper replaces this module."""


def parse_vietnamese_date(text: str) -> tuple[str, str | None] | None:
    raise NotImplementedError

"""Extraction: from a page's HTML to an article's clean text and metadata.

``extract_article(html, url, source)`` is the one entry point; site profiles (known CMS markup
such as NukeViet's) apply where they match, a generic extractor everywhere else.
"""
from extract.article import extract_article
from extract.charset import decode_html
from extract.dates import parse_vietnamese_date
from extract.model import Extraction
from extract.notfound import says_not_found

__all__ = ["Extraction", "decode_html", "extract_article", "parse_vietnamese_date", "says_not_found"]

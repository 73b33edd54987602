"""OCR character accuracy: 1 - edit distance / length of the truth, on NFC text with whitespace collapsed."""
from __future__ import annotations

import unicodedata


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        append = current.append
        for j, cb in enumerate(b, 1):
            append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def char_accuracy(truth: str, got: str) -> float:
    """1 - edit distance / length of the truth (NFC, whitespace collapsed), at least 0."""
    truth, got = normal(truth), normal(got)
    return max(0.0, 1 - levenshtein(truth, got) / max(1, len(truth)))

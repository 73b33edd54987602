"""Did you mean: the index's vocabulary (folded words, their frequency and usual spelling) and suggestions."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from index.analysis import WORD_RE, exact_token, fold_token

MAX_SUGGEST_CHARS = 16  # longer "words" get no spelling suggestion (one edit: ~70 candidates per letter)
TWO_EDITS_MIN = 5       # words this long (and at most half MAX_SUGGEST_CHARS) may be two edits away
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
OPERATORS = {"and", "or", "not"}


@dataclass(frozen=True)
class Vocabulary:
    """The folded words of a set of segments: how many documents have each, and its most frequent exact spelling."""

    key: tuple                    # the segments it was read from
    frequency: dict[str, int]
    spellings: dict[str, str]

    @classmethod
    def read(cls, key: tuple, readers) -> "Vocabulary":
        """Segment by segment: each segment's terms are read in one sequential pass (a multi-segment reader
        would look every term up in every segment)."""
        freq: Counter = Counter()
        exact: Counter = Counter()
        for reader in readers:
            for fieldname, counts in (("title_fold", freq), ("body_fold", freq),
                                      ("title_exact", exact), ("body_exact", exact)):
                if fieldname in reader.schema:
                    for term, info in reader.iter_field(fieldname):
                        counts[term.decode("utf-8") if isinstance(term, bytes) else term] += info.doc_frequency()
        best: dict[str, tuple[int, str]] = {}
        for word, df in exact.items():
            folded = fold_token(word)
            if df > best.get(folded, (0, ""))[0]:
                best[folded] = (df, word)
        return cls(key, dict(freq), {f: w for f, (_, w) in best.items()})

    def suggest(self, text: str) -> str | None:
        """The query with each unknown word replaced by the most frequent close word (None: nothing to change)."""
        changed = False

        def replace(m) -> str:
            nonlocal changed
            word = m.group(0)
            choice = self._closest(fold_token(exact_token(word)))
            if choice is None:
                return word
            changed = True
            typed_plain = exact_token(word) == fold_token(exact_token(word))  # no diacritics typed: none suggested
            return choice if typed_plain else self.spellings.get(choice, choice)

        suggestion = WORD_RE.sub(replace, text)
        return suggestion if changed else None

    def _closest(self, folded: str) -> str | None:
        freq = self.frequency
        if freq.get(folded, 0) > 0 or not 2 <= len(folded) <= MAX_SUGGEST_CHARS or folded in OPERATORS:
            return None
        candidates = [c for c in edits1(folded) if c in freq]
        if not candidates and TWO_EDITS_MIN <= len(folded) <= MAX_SUGGEST_CHARS // 2:
            candidates = [c2 for c1 in edits1(folded) for c2 in edits1(c1) if c2 in freq]
        return max(candidates, key=lambda c: (freq[c], c)) if candidates else None


def edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in LETTERS}
            | {a + c + b for a, b in splits for c in LETTERS})

"""Vietnamese text normalisation shared by every stage: NFC, tone-mark placement, folding."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # â ê ô, ă, ơ ư
VOWELS = set("aeiouyAEIOUY")
WORD_RE = re.compile(r"\w+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_whitespace(text: str) -> str:
    """NFC and single spaces (NBSP and other Unicode spaces included)."""
    return " ".join(nfc(text).split())


def _letters(word: str) -> list[list[str]]:
    """Split an NFD word into [base, *marks] groups."""
    groups: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and groups:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    return groups


def _tone_position(groups: list[list[str]]) -> int | None:
    """Index of the letter that carries the tone mark in the traditional ("hòa", "thủy") style."""
    bases = [g[0].lower() for g in groups]
    vowel_idx = [i for i, b in enumerate(bases) if b in VOWELS]
    if not vowel_idx:
        return None
    start = vowel_idx[0]
    # "qu" and "gi" + vowel: the u / i belongs to the consonant
    if start > 0 and bases[start - 1] == "q" and bases[start] == "u" and len(vowel_idx) > 1:
        vowel_idx = vowel_idx[1:]
    elif start > 0 and bases[start - 1] == "g" and bases[start] == "i" and len(vowel_idx) > 1 \
            and vowel_idx[1] == start + 1:
        vowel_idx = vowel_idx[1:]
    # the contiguous vowel cluster
    cluster = [vowel_idx[0]]
    for i in vowel_idx[1:]:
        if i == cluster[-1] + 1:
            cluster.append(i)
        else:
            break
    marked = [i for i in cluster if any(m in SHAPE_MARKS for m in groups[i][1:])]
    if marked:
        return marked[-1]
    if len(cluster) == 1:
        return cluster[0]
    has_final = cluster[-1] < len(groups) - 1
    if has_final:
        return cluster[-1]
    if len(cluster) == 2:
        return cluster[0]
    return cluster[1]


@lru_cache(maxsize=200_000)
def normalize_tone_word(word: str) -> str:
    """Put the tone mark of one syllable where the traditional style puts it ("hoà" -> "hòa")."""
    groups = _letters(word)
    tone = None
    for g in groups:
        for m in g[1:]:
            if m in TONE_MARKS:
                tone = m
    if tone is None or len(groups) > 8:
        return nfc(word)
    for g in groups:
        g[1:] = [m for m in g[1:] if m not in TONE_MARKS]
    pos = _tone_position(groups)
    if pos is None:
        return nfc(word)
    groups[pos].append(tone)
    return nfc("".join("".join(g) for g in groups))


def normalize_tones(text: str) -> str:
    """NFC with every syllable's tone mark in one canonical place."""
    return WORD_RE.sub(lambda m: normalize_tone_word(m.group(0)), nfc(text))


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Lower-case, diacritics removed, đ -> d: "Đắk" -> "dak"."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def fold(text: str) -> str:
    """Fold a whole text (see fold_word)."""
    return fold_word(nfc(text))


def exact_key(text: str) -> str:
    """Lower-case with diacritics kept and tone placement normalised: the "exact" form."""
    return normalize_tones(text).lower()

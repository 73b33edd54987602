"""Counting a segment's single-valued facets at once: each document numbered by its combination of values
(province, year, unit, ...), so that one ``np.bincount`` over the hits counts every combination, and a
facet's counts are sums over the segment's few combinations instead of a pass over the hits each."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

Mask = np.ndarray  # bool, one item per document of a segment

COMBINATION_SHARE = 8  # facets are counted together while their distinct combinations are at most 1/8 of documents
MAX_CODE = 2 ** 62     # the mixed-radix number of a combination stays below this


class Selection(NamedTuple):
    """A mask's documents as positions, made once for counting every facet over it: the documents in the mask,
    or (``outside``, when most documents are in it) the few that are not; ``combined``: the selected documents
    of each combination of values (None when the segment counts its facets one by one)."""

    mask: Mask
    positions: np.ndarray
    outside: bool
    combined: np.ndarray | None = None


@dataclass(frozen=True)
class FacetCombinations:
    """The distinct combinations of some single-valued facets' values in a segment."""

    facets: frozenset[str]
    codes: np.ndarray                 # per document, the number of its combination
    by_value: dict[str, "ValueRuns"]  # facet -> its combinations grouped by its value
    totals: np.ndarray                # per combination, its number of documents

    @classmethod
    def of(cls, single: dict[str, np.ndarray], size: int) -> "FacetCombinations | None":
        """The combinations of as many facets as keep them few (fewest-valued facets first); None if under two."""
        radix = {facet: int(column.max()) + 1 if len(column) else 1 for facet, column in single.items()}
        chosen = _within_code_range(sorted(single, key=lambda facet: radix[facet]), radix)
        while len(chosen) > 1:
            number = np.zeros(size, dtype=np.int64)
            for facet in chosen:
                number = number * radix[facet] + single[facet]
            keys, codes = np.unique(number, return_inverse=True)
            if len(keys) * COMBINATION_SHARE <= size:
                by_value = {facet: ValueRuns.of(column) for facet, column in _decoded(keys, chosen, radix).items()}
                return cls(frozenset(chosen), codes.astype(np.intp), by_value, np.bincount(codes, minlength=len(keys)))
            chosen = chosen[:-1]  # the facet with the most values is counted alone
        return None

    def counted(self, selected: Selection) -> np.ndarray:
        """The selected documents of each combination."""
        counts = np.bincount(self.codes.take(selected.positions), minlength=len(self.totals))
        return self.totals - counts if selected.outside else counts

    def value_counts(self, facet: str, combined: np.ndarray, values: int) -> np.ndarray:
        """A facet's count per value (in the segment's order) from the selected documents of each combination."""
        runs = self.by_value[facet]
        counts = np.zeros(values + 1, dtype=np.int64)
        if len(runs.order):
            counts[runs.values] = np.add.reduceat(combined.take(runs.order), runs.starts)
        return counts[1:]


class ValueRuns(NamedTuple):
    """A facet's combinations ordered by its value: ``order`` lists them, the run of each value present
    (``values``: ordinal + 1) starting at ``starts``; a value's count is then one ``np.add.reduceat``."""

    order: np.ndarray
    values: np.ndarray
    starts: np.ndarray

    @classmethod
    def of(cls, column: np.ndarray) -> "ValueRuns":
        order = np.argsort(column, kind="stable")
        values, starts = np.unique(column.take(order), return_index=True)
        return cls(order, values, starts)


def _within_code_range(facets: list[str], radix: dict[str, int]) -> list[str]:
    """The leading facets whose combined number fits below MAX_CODE."""
    product, out = 1, []
    for facet in facets:
        product *= radix[facet]
        if product >= MAX_CODE:
            break
        out.append(facet)
    return out


def _decoded(keys: np.ndarray, chosen: list[str], radix: dict[str, int]) -> dict[str, np.ndarray]:
    """Each facet's value (ordinal + 1) in every combination, read back from the combinations' numbers."""
    columns, rest = {}, keys.copy()
    for facet in reversed(chosen):
        columns[facet] = (rest % radix[facet]).astype(np.intp)
        rest //= radix[facet]
    return columns

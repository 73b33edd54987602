"""A segment's single-valued facets counted together over their combinations give each facet's own counts."""
from __future__ import annotations

import numpy as np
import pytest

from index.combinations import COMBINATION_SHARE, FacetCombinations, Selection


def columns(size: int, values: dict[str, int], seed: int = 5) -> dict[str, np.ndarray]:
    """Per facet, each document's value ordinal + 1 (0: none), a few values each; "unit" follows "province"."""
    rng = np.random.default_rng(seed)
    out = {facet: rng.integers(0, n + 1, size).astype(np.int32) for facet, n in values.items()}
    out["unit"] = (out["province"] % 3).astype(np.int32)  # a facet determined by another adds no combinations
    return out


def selection(mask: np.ndarray, outside: bool) -> Selection:
    return Selection(mask, np.flatnonzero(~mask if outside else mask), outside)


def one_by_one(column: np.ndarray, mask: np.ndarray, values: int) -> np.ndarray:
    return np.bincount(column[mask], minlength=values + 1)[1:]


@pytest.mark.parametrize("share", [0.02, 0.4, 0.9])
def test_every_facet_counted_over_the_combinations_equals_its_own_count(share):
    single = columns(20_000, {"province": 20, "year": 11, "status": 2, "kind": 1, "doc_type": 0, "unit": 3})
    combined = FacetCombinations.of(single, 20_000)
    assert combined is not None and combined.facets == frozenset(single)
    mask = np.random.default_rng(9).random(20_000) < share
    selected = selection(mask, outside=share > 0.5)
    counts = combined.counted(selected)
    for facet, column in single.items():
        values = int(column.max())
        assert np.array_equal(combined.value_counts(facet, counts, values), one_by_one(column, mask, values))


def test_a_facet_with_too_many_values_is_left_to_be_counted_on_its_own():
    single = columns(4_000, {"province": 5, "year": 3, "status": 1, "kind": 1, "doc_type": 1, "unit": 1})
    single["source"] = np.arange(1, 4_001, dtype=np.int32)  # one value per document
    combined = FacetCombinations.of(single, 4_000)
    assert combined is not None and "source" not in combined.facets and "province" in combined.facets
    assert len(combined.totals) * COMBINATION_SHARE <= 4_000


def test_in_a_small_segment_only_the_facets_with_few_values_are_combined():
    single = columns(50, {"province": 20, "year": 11, "status": 2, "kind": 1, "doc_type": 0, "unit": 3})
    combined = FacetCombinations.of(single, 50)
    assert combined is not None and not {"province", "year"} & combined.facets
    assert FacetCombinations.of({"province": single["province"]}, 50) is None  # one facet: nothing to combine


def test_a_value_absent_from_the_selection_and_from_the_segment_counts_zero():
    single = {"year": np.array([2, 2, 3, 3] * 100, dtype=np.int32), "kind": np.ones(400, dtype=np.int32)}
    combined = FacetCombinations.of(single, 400)
    mask = np.zeros(400, dtype=bool)
    mask[:2] = True
    counts = combined.counted(selection(mask, outside=False))
    assert combined.value_counts("year", counts, 3).tolist() == [0, 2, 0]  # value 1 never occurs at all

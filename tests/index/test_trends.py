"""Attention over time: counts per period beside all articles of the same scope, every period listed."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from archive import Archive, Config
from index import QueryError, SearchIndex, SearchQuery
from index.trends import label, period_codes, periods_between

ARTICLES = [  # (published, words, province)
    ("2021-01-05", "chuyển đổi số ở xã", "Gia Lai"), ("2021-01-20", "dân vận khéo", "Gia Lai"),
    ("2021-03-02", "chuyển đổi số và dân vận khéo", "Kon Tum"), ("2021-03-09", "hội nghị", "Gia Lai"),
    ("2021-06-30", "chuyển đổi số", "Gia Lai"), ("2022-01-01", "dân vận khéo", "Kon Tum"),
]


@pytest.fixture
def index(tmp_path):
    config = Config.load(tmp_path / "home")
    with Archive.open(config) as archive:
        for n, (published, words, province) in enumerate(ARTICLES):
            archive.import_article({"url": f"http://a.vn/{n}.html", "title": f"Tin {n}", "text": f"Bài về {words}.",
                                    "published": published, "province": province, "unit": "Ban Dân vận Tỉnh ủy",
                                    "level": "tỉnh", "source": "BDV", "source_id": "bdv"})
        archive.import_article({"url": "http://a.vn/x.html", "title": "Không ngày", "text": "chuyển đổi số"})
        with SearchIndex.of(config) as ix:
            ix.rebuild(archive)
            yield ix


def test_months_list_every_period_of_the_scope_with_counts_totals_and_shares(index):
    trend = index.trends(SearchQuery(q='"chuyển đổi số"'), "month").to_json()
    points = trend["series"][0]["points"]
    assert [p["period"] for p in points] == [f"2021-{m:02d}" for m in range(1, 13)] + ["2022-01"]
    by = {p["period"]: p for p in points}
    assert (by["2021-01"]["count"], by["2021-01"]["total"], by["2021-01"]["share"]) == (1, 2, 0.5)
    assert (by["2021-02"]["count"], by["2021-02"]["total"], by["2021-02"]["share"]) == (0, 0, 0.0)
    assert sum(p["count"] for p in points) == 3  # the undated article is in no period


def test_quarters_years_weeks_and_a_comparison_share_one_scope(index):
    trend = index.trends(SearchQuery(q='"chuyển đổi số"', filters={"province": ["Gia Lai"]}), "quarter",
                         compare=['"dân vận khéo"']).to_json()
    first, second = trend["series"]
    assert [p["period"] for p in first["points"]] == ["2021-Q1", "2021-Q2"]  # Gia Lai's articles only
    assert [(p["count"], p["total"]) for p in first["points"]] == [(1, 3), (1, 1)]
    assert [(p["count"], p["total"]) for p in second["points"]] == [(1, 3), (0, 1)]
    assert second["q"] == '"dân vận khéo"' and second["filters"] == {"province": ["Gia Lai"]}
    years = index.trends(SearchQuery(q="khéo"), "year").to_json()["series"][0]["points"]
    assert [(p["period"], p["count"], p["total"]) for p in years] == [("2021", 2, 5), ("2022", 1, 1)]
    weeks = index.trends(SearchQuery(q="khéo"), "week").to_json()["series"][0]["points"]
    assert (weeks[0]["period"], weeks[-1]["period"]) == ("2021-W01", "2021-W52")  # 2022-01-01 is in 2021's last week
    assert len(weeks) == 52 and sum(p["count"] for p in weeks) == 3


def test_iso_weeks_match_the_calendar_around_new_year():
    days = [date(2020, 12, 28), date(2021, 1, 3), date(2021, 1, 4), date(2024, 12, 30), date(2026, 12, 31)]
    numbers = np.array([int(d.strftime("%Y%m%d")) * 10_000 for d in days] + [0])
    codes = period_codes(numbers, "week")
    assert [label(int(c), "week") for c in codes[:-1]] == [f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"
                                                        for d in days]
    assert codes[-1] == 0
    assert [label(c, "week") for c in periods_between(202052, 202102, "week")] == ["2020-W52", "2020-W53",
                                                                                   "2021-W01", "2021-W02"]


def test_a_bad_interval_or_too_many_queries_is_refused_with_a_code(index):
    with pytest.raises(QueryError) as bad:
        index.trends(SearchQuery(q="dân"), "decade")
    assert bad.value.code == "bad_interval"
    with pytest.raises(QueryError) as many:
        index.trends(SearchQuery(q="dân"), "year", compare=["a", "b", "c", "d", "e"])
    assert many.value.code == "too_many_series"

"""Telling words: terms distinctive of a result set, counted per article, spelled as written, no function words."""
from __future__ import annotations

import random

import numpy as np
import pytest

from archive import Archive, Config
from index import SearchIndex, SearchQuery, terms

GENERIC = [
    "Hội nghị sơ kết công tác dân vận sáu tháng đầu năm", "Hội Nông dân tổ chức tập huấn kỹ thuật trồng cà phê",
    "Mặt trận Tổ quốc vận động nhân dân hiến đất làm đường", "Đoàn thanh niên ra quân làm sạch môi trường",
    "Hội Liên hiệp Phụ nữ trao nhà tình thương cho hội viên nghèo", "Cựu chiến binh giúp nhau phát triển kinh tế",
    "Xây dựng nông thôn mới nâng cao gắn với đô thị văn minh", "Tuyên truyền pháp luật cho đồng bào dân tộc thiểu số",
    "Lực lượng vũ trang phối hợp thực hiện công tác dân vận", "Mô hình dân vận khéo được nhân rộng ở khu dân cư",
    "Đối thoại giữa người đứng đầu cấp ủy với nhân dân", "Thăm hỏi tặng quà gia đình chính sách nhân dịp lễ",
]
SIGNATURE = [  # "chữ ký số" with different neighbours each time
    "Hướng dẫn người dân dùng chữ ký số", "Chữ ký số được cấp miễn phí cho hộ kinh doanh",
    "Đoàn viên hỗ trợ đăng ký chữ ký số"]
PLATFORMS = [  # "nền tảng số" likewise
    "Các nền tảng số phục vụ bà con", "Đưa nền tảng số vào sinh hoạt chi hội", "Tập huấn sử dụng nền tảng số cho cán bộ"]


def article(n: int, text: str, title: str) -> dict:
    return {"url": f"http://bdv.vn/{n}.html", "title": title, "text": text, "published": "2024-05-01",
            "province": "Gia Lai", "unit": "Ban Dân vận Tỉnh ủy", "level": "tỉnh", "source": "BDV", "source_id": "bdv"}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """60 articles on everything, and 12 on digital transformation (chuyển đổi số) that say how."""
    rng = random.Random(7)
    config = Config.load(tmp_path_factory.mktemp("terms") / "home")
    with Archive.open(config) as archive:
        for n in range(60):
            text = ". ".join(rng.sample(GENERIC, 4)) + "."
            archive.import_article(article(n, text, f"Tin hoạt động số {n}"))
        for n in range(12):  # chữ ký số in articles 0-5, nền tảng số in 4-11
            said = ([SIGNATURE[n % 3]] if n < 6 else []) + ([PLATFORMS[n % 3]] if n >= 4 else [])
            text = f"Đẩy mạnh chuyển đổi số ở cơ sở. {'. '.join(said)}. {rng.choice(GENERIC)}. Triển khai. Số hóa hồ sơ."
            if n == 0:
                text += " Chữ ký số, chữ ký số, chữ ký số và chữ ký số."  # one article, counted once
            archive.import_article(article(100 + n, text, f"Chuyển đổi số tại xã {n}"))
        with SearchIndex.of(config) as ix:
            ix.rebuild(archive)
            yield ix


def listed(index, q: str, **kw) -> dict[str, int]:
    return {t.term: t.docs for t in index.terms(SearchQuery(q=q, **kw), 25).terms}


def test_the_phrases_the_matching_articles_share_come_first_with_their_diacritics(index):
    found = index.terms(SearchQuery(q='"chuyển đổi số"'), 25)
    names = [t.term for t in found.terms]
    assert {"chữ ký số", "nền tảng số"} <= set(names[:8])
    assert all(a.score >= b.score for a, b in zip(found.terms, found.terms[1:]))
    assert (found.matching, found.sampled, found.estimated) == (12, 12, False)


def test_an_article_counts_once_however_often_it_repeats_a_term(index):
    found = listed(index, '"chuyển đổi số"')
    assert (found["chữ ký số"], found["nền tảng số"]) == (6, 8)


def test_query_words_function_words_and_pairs_across_a_full_stop_are_left_out(index):
    names = listed(index, '"chuyển đổi số"')
    assert not {"chuyển đổi số", "chuyển đổi", "đổi số", "chuyển"} & set(names)
    assert not any(w in terms.STOP_SYLLABLES for t in names for w in (t.split()[0], t.split()[-1]))
    assert "khai số" not in names and "triển khai số" not in names  # "Triển khai. Số hóa" is no phrase


def test_a_fragment_of_a_longer_phrase_in_the_same_articles_is_left_out(index):
    names = listed(index, '"chuyển đổi số"')
    assert "chữ ký số" in names and not {"ký số", "chữ ký"} & set(names)
    assert "mạnh chuyển đổi" not in names and "Đẩy mạnh chuyển" not in names  # the query's own context


def test_no_match_or_a_set_like_the_archive_has_no_telling_words(index):
    assert index.terms(SearchQuery(q="khôngcótừnày"), 10).terms == []
    found = index.terms(SearchQuery(q=""), 10)
    assert found.matching == 72 and found.terms == []  # the whole archive against itself


def test_a_large_result_is_sampled_and_its_counts_scaled(index, monkeypatch):
    monkeypatch.setattr(terms, "RESULT_SAMPLE", 6)
    found = index.terms(SearchQuery(q='"chuyển đổi số"'), 10)
    assert (found.sampled, found.estimated, found.to_json()["estimated"]) == (6, True, True)
    assert all(t.docs % 2 == 0 for t in found.terms)  # counted on 6 of 12: scaled by two


def test_a_term_is_spelled_as_written_and_never_across_punctuation():
    written = terms.WrittenText.of("Tổ Công Nghệ Số đến xã. Công nghệ số giúp dân; công. Nghệ")
    assert terms.spelled(["cong", "nghe", "so"], written) == "công nghệ số"  # a capital that starts a sentence goes
    assert terms.spelled(["xa", "cong"], written) is None
    assert terms.spelled(["cong", "nghe", "so"], terms.WrittenText.of("CÔNG NGHỆ SỐ")) == "CÔNG NGHỆ SỐ"
    assert terms.spelled(["gia", "lai"], terms.WrittenText.of("Tỉnh Gia Lai. Gia Lai có")) == "Gia Lai"


def test_grams_never_span_the_end_of_a_title_or_an_article():
    words = ["a", "b", "c"]
    codes, starts, sizes = terms.gram_codes(np.array([1, 2, 0, 3, 0]), words)
    spans = sorted((int(s), int(n)) for s, n in zip(starts, sizes))
    assert spans == [(0, 1), (0, 2), (1, 1), (3, 1)]
    assert len(set(codes.tolist())) == 4


def test_the_score_is_zero_where_the_result_has_a_term_less_often_than_the_archive():
    g = terms.scores(np.array([10, 1, 0]), 20, np.array([10, 500, 0]), 1000)
    assert g[0] > 10.83 and g[1] == 0.0 and g[2] == 0.0


@pytest.mark.parametrize("term, keep, reason", [
    ("của ban", False, "function word"), ("xã các", False, "function word"), ("2024", False, "number"),
    ("Chuyển Đổi", False, "query words"), ("nền tảng số", True, "telling"), ("ma túy", True, "telling"),
])
def test_which_terms_are_worth_showing(term, keep, reason):
    assert terms.judge_term(term, {"chuyen", "doi"}) == terms.Verdict(keep, reason)

"""Every word the site says to its users, in Vietnamese: query errors and notes (by the index's codes),
HTTP errors and crawl statuses. The index and the crawler speak English to developers; this is the
only place their codes become sentences for the site."""
from __future__ import annotations

from collections import defaultdict

QUERY_ERRORS = {
    "not_text": "Câu tìm kiếm phải là chữ.",
    "too_long": "Câu tìm kiếm quá dài ({length} ký tự; tối đa {limit}).",
    "bad_number": "{label} phải là số nguyên dương, viết bằng chữ số 0–9 (không phải “{value}”).",
    "bad_page": "Số trang phải từ 1 trở lên.",
    "too_deep": "Chỉ xem được {window} kết quả đầu tiên. Hãy thu hẹp tìm kiếm (thêm từ hoặc bộ lọc) "
                "thay vì lật tới trang {page}.",
    "bad_sort": "Cách sắp xếp không hợp lệ: “{sort}” (dùng relevance, newest hoặc oldest).",
    "bad_filter": "Không có bộ lọc “{name}”.",
    "bad_date": "Ngày không hợp lệ ({label}: “{value}”): dùng dạng NNNN, NNNN-TT hoặc NNNN-TT-NN, "
                "ví dụ 2020-05-01.",
    "no_words": "Câu tìm kiếm không có từ nào để tìm. Hãy nhập từ, \"cụm từ\" trong ngoặc kép, -từ loại trừ, "
                "OR hoặc tiền tố* (mở “Cách tìm” để xem ví dụ).",
    "field_without_words": "Sau “{field}:” cần có từ hoặc \"cụm từ\" để tìm, ví dụ {field}:khéo.",
    "unparsable": "Không hiểu câu tìm kiếm này. Hãy bỏ bớt các ký tự đặc biệt như ( ) : * rồi thử lại.",
    "too_many_words": "Câu tìm kiếm có quá nhiều từ ({count}; tối đa {limit}).",
    "unsupported": "Kiểu tìm kiếm này không được hỗ trợ.",
    "wildcard": "Chỉ tìm được theo phần đầu của từ, với một dấu * ở cuối (ví dụ nông*), không phải “{text}”.",
    "bad_interval": "Khoảng thời gian không hợp lệ: “{interval}” (dùng week, month, quarter hoặc year: tuần, "
                    "tháng, quý hoặc năm).",
    "too_many_series": "Chỉ so sánh được tối đa {limit} câu tìm trên một biểu đồ (đã nhập {count}).",
}
QUERY_NOTES = {
    "lowercase_operator": "“{word}” viết thường được tìm như một từ bình thường. Muốn dùng toán tử, hãy viết "
                          "hoa: {operator} (ví dụ lũ OR bão).",
    "only_exclusions": "Câu tìm chỉ có từ loại trừ: đang hiện mọi bài không chứa các từ đó, mới nhất trước.",
    "operator_ignored": "Đã bỏ qua “{operator}” vì không có từ nào để nối.",
    "unknown_field": "“{name}:” không phải tên trường (chỉ có title: cho tiêu đề và text: cho nội dung), "
                     "nên “{name}” được tìm như một từ.",
}
PARAMETER_LABELS = {"page": "Số trang", "per_page": "Số kết quả mỗi trang", "facet_size": "Số giá trị mỗi bộ lọc",
                    "date_from": "từ ngày", "date_to": "đến ngày", "from": "Phiên bản đầu", "to": "Phiên bản cuối",
                    "limit": "Số từ ngữ"}
HTTP_ERRORS = {
    400: "Yêu cầu không hợp lệ.",
    404: "Không tìm thấy trang hoặc bài viết này.",
    405: "Phương thức không được hỗ trợ: trang này chỉ để đọc.",
    408: "Yêu cầu quá lâu, máy chủ đã ngừng chờ.",
    413: "Yêu cầu quá lớn.",
    414: "Địa chỉ (URL) quá dài.",
    429: "Quá nhiều yêu cầu; vui lòng thử lại sau ít phút.",
    431: "Phần đầu (header) của yêu cầu quá lớn.",
    500: "Lỗi máy chủ. Vui lòng thử lại sau.",
    503: "Dịch vụ tạm thời không sẵn sàng. Vui lòng thử lại sau.",
}
BAD_HOST = "Tên máy chủ (Host) trong yêu cầu không hợp lệ."
CRAWL_STATUSES = {"finished": "hoàn tất", "ok": "hoàn tất", "failed": "thất bại",
                  "interrupted": "bị dừng giữa chừng", "running": "đang chạy", None: "đang chạy", "": "đang chạy"}
UNKNOWN_CRAWL_STATUS = "không rõ tình trạng"


def _fill(template: str, params: dict) -> str:
    """The template with its params; a missing one is left empty rather than failing."""
    return template.format_map(defaultdict(str, {k: _short(v) for k, v in params.items()}))


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def query_error(code: str, params: dict) -> str:
    """A QueryError (its code and params) in Vietnamese."""
    params = dict(params, label=PARAMETER_LABELS.get(params.get("name"), params.get("name", "")))
    return _fill(QUERY_ERRORS.get(code, QUERY_ERRORS["unparsable"]), params)


def query_note(code: str, params: dict) -> str | None:
    """A note of the index about a query (see index.query.QUERY_NOTES) in Vietnamese; None if unknown."""
    template = QUERY_NOTES.get(code)
    return _fill(template, params) if template else None


def http_error(status: int) -> str:
    return HTTP_ERRORS.get(status) or f"Không thực hiện được yêu cầu (mã lỗi {status})."


def crawl_status(status: str | None) -> str:
    return CRAWL_STATUSES.get(status, UNKNOWN_CRAWL_STATUS)

"""When two statements of a task are one task: the matching rule behind task IRIs.

A task's IRI is minted from a key of its text, so that building one file's graph needs no
other file and the same task stated in two documents lands on the same node.  The key is
the text with what varies between restatements taken out:

1. list markers at the start ("1.", "a)", "-", "2.1.") are dropped;
2. the role clause at the start is dropped — "Chủ trì, phối hợp với <agencies> " up to the
   first task verb written in lower case (agency names are capitalised, so "Sở Xây dựng"
   is not read as the verb "xây dựng"), "Chủ trì" or "Phối hợp" before a verb: the role
   belongs to the assignment, not to the task;
3. the rest is folded (case, diacritics, punctuation), function words are dropped
   (`STOP_WORDS`), a phrase typed twice in a row ("thực hiện thực hiện") is kept once;
4. the first `KEY_WORDS` words (syllables, as Vietnamese spaces them) that remain are the key: a restatement that adds a trailing
   clause ("…, hoàn thành trong quý IV") still matches, while two tasks that differ in
   their first twenty content words (another object, another target figure) stay apart.

The key is scoped (see `kg.iri.task_iri`): to the jurisdiction of the issuing document —
the same words in two provinces are two tasks —, and to the issuing document itself when
the key is shorter than `SHARED_MIN_WORDS` syllables, because a heading such as "An toàn
thông tin mạng" names a different task in every plan, or when the text points at its own
document ("triển khai Kế hoạch này", "báo cáo kết quả thực hiện các nhiệm vụ được giao"), because
the same words then ask for different work in every document that states them.  Every wording is kept on the task node.

>>> task_key("Chủ trì, phối hợp với Văn phòng UBND tỉnh, Sở Thông tin và Truyền thông hướng dẫn các sở, ban, ngành thực hiện") \\
...     == task_key("hướng dẫn các sở, ban, ngành thực hiện")
True
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.gazetteer import fold

KEY_WORDS = 20
# Counts are of syllables, the unit Vietnamese writing separates with spaces: "An toàn thông
# tin mạng" is five, a typical task sentence twenty or more.
SHARED_MIN_WORDS = 7

# Folded function words that restatements add or drop without changing the task.
STOP_WORDS = frozenset({
    "cac", "nhung", "va", "cua", "cho", "tai", "trong", "tren", "duoc", "da",
    "se", "la", "voi", "theo", "ve", "mot", "nay", "do", "thi", "ma",
})

# Verbs that open a task, in lower case as they are written after the agency list.
TASK_VERBS = (
    "hướng dẫn", "triển khai", "xây dựng", "tổ chức", "thực hiện", "tham mưu", "theo dõi", "đôn đốc",
    "kiểm tra", "rà soát", "ban hành", "nâng cấp", "duy trì", "phát triển", "đẩy mạnh", "tiếp tục",
    "cập nhật", "chỉ đạo", "đề xuất", "báo cáo", "tuyên truyền", "hoàn thành", "hoàn thiện", "bảo đảm",
    "đảm bảo", "số hóa", "số hoá", "tích hợp", "kết nối", "vận hành", "quản lý", "nghiên cứu", "đánh giá",
    "tổng hợp", "chuẩn hóa", "chuẩn hoá", "tập huấn", "đào tạo", "bồi dưỡng", "cung cấp", "áp dụng",
    "thẩm định", "giám sát", "tăng cường", "ứng dụng", "sử dụng", "mua sắm", "trang bị", "đầu tư",
    "khảo sát", "thống kê", "công khai", "hỗ trợ", "thúc đẩy", "lập", "chủ động", "bố trí", "phê duyệt",
)
_VERB_RE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, TASK_VERBS), key=len, reverse=True)) + r")(?!\w)")
_MARKER_RE = re.compile(r"^\s*(?:[-–—+•*]+|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVX]{1,4})[.)]+(?=\s))\s*")
_LEAD_RE = re.compile(r"^(?:chủ\s+trì\s*,?\s*)?phối\s+hợp\s+với\s+", re.I)
_ROLE_WORD_RE = re.compile(r"^(?:chủ\s+trì|phối\s+hợp)\s*,?\s*(?=\S)", re.I)


def strip_task(text: str) -> str:
    """The task without its list marker and its leading role clause (rules 1 and 2).

    >>> strip_task("1. Chủ trì, phối hợp với Sở Xây dựng triển khai hạ tầng số")
    'triển khai hạ tầng số'
    >>> strip_task("Phối hợp triển khai nhân rộng Hệ thống thông tin")
    'triển khai nhân rộng Hệ thống thông tin'
    """
    t = " ".join(text.split())
    for _ in range(3):  # "1. - a) …": markers can nest
        t2 = _MARKER_RE.sub("", t, count=1)
        if t2 == t:
            break
        t = t2
    m = _LEAD_RE.match(t)
    if m:
        verb = _VERB_RE.search(t, m.end())
        # no verb after the agencies: keep the clause rather than guess where it ends
        return t[verb.start():] if verb else t
    m = _ROLE_WORD_RE.match(t)
    if m and _VERB_RE.match(t[m.end():].lower()):
        return t[m.end():]
    return t


def _drop_repeats(words: list[str]) -> list[str]:
    """A phrase of up to four words typed twice in a row is kept once."""
    out: list[str] = []
    for w in words:
        out.append(w)
        for n in range(1, 5):
            if len(out) >= 2 * n and out[-n:] == out[-2 * n:-n]:
                del out[-n:]
                break
    return out


def task_words(text: str) -> list[str]:
    """The folded content words of a task, role clause and markers removed (rules 1–3)."""
    words = [w for w in fold(strip_task(text)).split() if w not in STOP_WORDS]
    return _drop_repeats(words)


def task_key(text: str) -> str:
    """The matching key of a task's text (rules 1–4): equal keys are one task.

    >>> task_key("- Tỷ lệ hồ sơ công việc tại cấp tỉnh trên 95%")
    'ty le ho so cong viec cap tinh 95'
    """
    return " ".join(task_words(text)[:KEY_WORDS])


def shortest_first(wordings: Iterable[str]) -> list[str]:
    """A task's wordings once each, shortest first (the one answers label it with), ties in
    text order: the same label on every run and backend.

    >>> shortest_first(["rà soát văn bản", "rà soát", "lập kế", "rà soát"])
    ['lập kế', 'rà soát', 'rà soát văn bản']
    """
    return sorted(set(wordings), key=lambda w: (len(w), w))


_SELF_REFERENCE_RE = re.compile(
    r"\b(?:Kế\s+hoạch|Quy\s+chế|Quyết\s+định|Nghị\s+quyết|Chương\s+trình|Đề\s+án|Chỉ\s+thị|Văn\s+bản|Công\s+văn)\s+này\b"
    r"|nhiệm\s+vụ\s+được\s+giao\b", re.I)


def refers_to_itself(text: str) -> bool:
    """Whether a task is read against its own document.

    >>> refers_to_itself("Báo cáo kết quả thực hiện các nhiệm vụ được giao về Sở Nội vụ")
    True
    >>> refers_to_itself("Theo dõi, đôn đốc việc triển khai thực hiện Kế hoạch này")
    True
    >>> refers_to_itself("Triển khai Kế hoạch số 12/KH-UBND về chuyển đổi số")
    False
    """
    return _SELF_REFERENCE_RE.search(text) is not None


def is_shared(key: str) -> bool:
    """Whether a key is specific enough to name one task across documents (else a heading)."""
    return len(key.split()) >= SHARED_MIN_WORDS

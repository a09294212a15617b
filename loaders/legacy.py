"""Text typed in the legacy Vietnamese encodings, detected and converted to Unicode (NFC).

Government archives still hold documents typed before Unicode:

* **TCVN3 (ABC)**, the .VnTime/.VnArial fonts: one byte per letter (TCVN 5712:1993 VN3);
* **VNI Windows**, the VNI-Times fonts: a base letter followed by a diacritic byte;
* **Windows-1258**: base letters and combining tone marks.

They reach cancu in two shapes: as bytes in a file (`from_bytes`), or as Unicode
"mojibake" — the bytes read as Windows-1252 and saved as UTF-8, or kept by a .docx or
a PDF whose font did the decoding, so "Quyết định" reads "QuyÕt ®Þnh" (TCVN3) or
"Quyeát ñònh" (VNI) (`repair`).

Detection scores by words: a conversion is taken only when far more of its words are
Vietnamese syllables than of the text as it was, and nearly all of them are.  Normal
Vietnamese, English or French text never wins that way, so it is left alone.  The code
charts are data (`loaders/data/legacy_encodings.json`); Windows-1258 comes from Python's
own codec.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

__all__ = ["Conversion", "from_bytes", "is_syllable", "repair"]


@dataclass(frozen=True)
class Conversion:
    """Text converted from a legacy encoding: `encoding` is "tcvn3", "vni" or "cp1258"."""

    text: str
    encoding: str
    note: str


# --------------------------------------------------------------------------- syllables

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_INITIAL = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
# Vowel groups, tone marks removed: those that may take a final consonant ("iê" in
# "tiên"), and those ending in a glide or in the "a" of ia/ua/ưa, which may not ("ao"
# but never "aon").  Longest first, so the regex takes "uyê" before "uy".  The rare "oo"
# of "xoong" is left out: it lets VNI read as TCVN3 ("thoâng" as "thoõng").
_OPEN_VOWELS = "a ă â e ê i o ô ơ u ư y iê yê oa oă oe uâ uê uô uơ ươ uy uyê"
_CLOSED_VOWELS = (
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu oai oay oao oeo uây uôi ươi ươu uya uyu iêu yêu"
)


def _alternatives(groups: str) -> str:
    return "|".join(sorted(groups.split(), key=len, reverse=True))


_SYLLABLE = re.compile(
    f"(?:{_INITIAL})?(?:(?P<open>{_alternatives(_OPEN_VOWELS)})(?P<final>ch|ng|nh|[cmnpt])?"
    f"|(?P<closed>{_alternatives(_CLOSED_VOWELS)}))"
)
_MODIFIED = frozenset("ăâêôơư")


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether `word` is spelt like one Vietnamese syllable: letters, at most one tone, on its vowel.

    >>> [is_syllable(w) for w in ("Quyết", "ĐỊNH", "hoà", "hòa", "QuyÕt", "Quyeát", "heọ", "café")]
    [True, True, True, True, False, False, False, False]
    """
    lower = word.lower()
    toned = [i for i, ch in enumerate(lower) if any(c in _TONES for c in unicodedata.normalize("NFD", ch))]
    if len(toned) > 1:
        return False
    base = "".join(_untoned(ch) for ch in lower) if toned else lower
    m = _SYLLABLE.fullmatch(base)
    if m is None:
        return False
    if not toned:
        return True
    group = "open" if m.group("open") else "closed"
    vowels = m.group(group)
    return _tone_on_its_vowel(vowels, toned[0] - m.start(group), final=m.group("final") is not None)


@cache
def _untoned(ch: str) -> str:
    """The letter without its tone mark (ế -> ê); one character for one."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", ch) if c not in _TONES))


def _tone_on_its_vowel(vowels: str, k: int, *, final: bool) -> bool:
    """Whether the tone on vowel `k` of `vowels` is where Vietnamese spelling puts it.

    On the vowel with a diacritic (tiến, người); else on the last vowel before a final
    consonant (hoàng), the first of two in an open syllable (hái, của) — either for
    oa, oe, uy (hoà and hòa both occur) — and the middle of three (ngoài).
    """
    modified = [i for i, c in enumerate(vowels) if c in _MODIFIED]
    if modified:
        return k in modified
    if len(vowels) == 1:
        return k == 0
    if final:
        return k == len(vowels) - 1
    if len(vowels) == 2:
        return k == 0 or vowels in ("oa", "oe", "uy")
    return k == 1


# Words with a letter outside ASCII: the only ones a conversion changes or that tell
# Vietnamese from another language.
_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")


def _score(text: str) -> tuple[int, int]:
    """(words that are Vietnamese syllables, words that are not), counting non-ASCII words."""
    good = bad = 0
    for word in _NON_ASCII_WORD.findall(text):
        if len(word) == 1:
            continue  # a lone letter tells nothing: "¡0Æ" (Unicode) reads as "Ă0ặ" in TCVN3
        if is_syllable(word):
            good += 1
        else:
            bad += 1
    return good, bad


def _better(candidate: tuple[int, int], before: tuple[int, int]) -> bool:
    """Whether a conversion scoring `candidate` clearly beats the text scoring `before`."""
    good, bad = candidate
    # At least two syllables (a heading like "Đồng Tháp" is enough), nine in ten of the
    # converted words Vietnamese, and a clear gain over the text as it was: normal text
    # loses syllables when "converted", so it never passes.
    return good >= 2 and good >= 9 * bad and good - bad > 2 * max(0, before[0] - before[1]) + 1


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class _Charts:
    tcvn3: dict[int, str]  # str.translate table over the characters the bytes read as
    vni: dict[str, str]  # sequence read as Windows-1252 -> letter
    vni_re: re.Pattern[str]
    cp1258: dict[int, str]  # the Windows-1252 reading of a byte -> its Windows-1258 reading
    names: dict[str, str]
    signals: re.Pattern[str]


def _as_text(codes: str) -> str:
    """A chart key ("61 F9") as the characters its bytes read as in Windows-1252."""
    return _cp1252(bytes.fromhex(codes))


_C1 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_CP1252_C1 = str.maketrans({chr(b): ch for b, ch in _C1.items()})


def _cp1252(data: bytes) -> str:
    """Windows-1252 that never fails: its five undefined bytes read as Latin-1 does."""
    return data.decode("latin-1").translate(_CP1252_C1)


@cache
def _charts() -> _Charts:
    data = json.loads(resources.files("loaders").joinpath("data", "legacy_encodings.json").read_text(encoding="utf-8"))
    tcvn3 = {ord(_as_text(k)): v for k, v in data["tcvn3"]["codes"].items()}
    vni = {_as_text(k): v for k, v in data["vni"]["codes"].items()}
    vni_re = re.compile("|".join(re.escape(k) for k in sorted(vni, key=len, reverse=True)))
    cp1258 = {}
    for b in range(0x80, 0x100):
        try:
            was, really = bytes([b]).decode("cp1252"), bytes([b]).decode("cp1258")
        except UnicodeDecodeError:
            continue
        if was != really:
            cp1258[ord(was)] = really
    # Characters a Vietnamese text in Unicode never holds but every legacy one does
    # (đ alone is ® in TCVN3, ñ in VNI, ð in Windows-1252-read 1258): a fast C scan
    # that keeps the word scoring off ordinary documents.
    vietnamese = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
    legacy = {chr(k) for k in tcvn3} | {ch for k in vni for ch in k if not ch.isascii()} | {chr(k) for k in cp1258}
    signals = sorted(ch for ch in legacy - vietnamese if not ch.isascii())
    return _Charts(
        tcvn3=tcvn3,
        vni=vni,
        vni_re=vni_re,
        cp1258=cp1258,
        names={"tcvn3": data["tcvn3"]["name"], "vni": data["vni"]["name"], "cp1258": "Windows-1258"},
        signals=re.compile("[" + "".join(re.escape(ch) for ch in signals) + "]"),
    )


# --------------------------------------------------------------------------- conversions

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W\d_]+")
# the lower-case letters VN3 codes that have a capital it does not code
_TONED_LOWER = re.compile("[àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")


def _tcvn3(text: str) -> str:
    return _capitals(text.translate(_charts().tcvn3))


def _capitals(text: str) -> str:
    """Upper-case the toned letters of words typed in an all-capitals font.

    VN3 has no capitals with a tone: "QUYẾT ĐỊNH" was typed with the lower-case codes
    in .VnTimeH, so it converts to "QUYếT ĐịNH".  A word with two ASCII capitals and no
    lower-case ASCII letter is upper case ("HOẠCH"), and so is a shorter one next to
    such a word ("KẾ HOẠCH"); "Số: /KH-SNV" stays as it is.  A capital that starts a
    mixed-case word ("Ủy ban") is lost: the file does not say it.
    """
    return _LINE.sub(_capital_line, text) if _TONED_LOWER.search(text) else text


def _capital_line(m: re.Match[str]) -> str:
    line = m.group()
    words = list(_WORD.finditer(line))
    caps = [_is_caps(w.group()) for w in words]
    parts, pos = [], 0
    for i, w in enumerate(words):
        word = w.group()
        near = caps[i] or (i > 0 and caps[i - 1]) or (i + 1 < len(words) and caps[i + 1])
        if near and _TONED_LOWER.search(word) and not any(c.isascii() and c.islower() for c in word):
            parts += [line[pos : w.start()], word.upper()]
            pos = w.end()
    return "".join(parts) + line[pos:] if parts else line


def _is_caps(word: str) -> bool:
    """A converted word typed in capitals: a toned letter, two ASCII capitals, no ASCII lower case."""
    upper = 0
    for c in word:
        if c.isascii():
            if c.islower():
                return False
            upper += 1
    return upper >= 2 and not word.isascii()


def _vni(text: str) -> str:
    charts = _charts()
    return charts.vni_re.sub(lambda m: charts.vni[m.group()], text)


def _cp1258(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_charts().cp1258))


_CONVERTERS = {"tcvn3": _tcvn3, "vni": _vni, "cp1258": _cp1258}


# Scoring reads this much of the text: enough words to be sure, a bounded cost on long files.
_SAMPLE = 50_000


def _suspect(text: str) -> bool:
    """Whether `text` holds enough characters a legacy encoding leaves to be worth scoring.

    Every accented word of a legacy text shows some; a Unicode text may hold a few
    (a footnote "¹", a "§"), so one per thousand characters is asked of long texts.
    """
    return len(_charts().signals.findall(text, 0, _SAMPLE)) >= max(1, min(len(text), _SAMPLE) // 1000)


def _best(text: str, before: tuple[int, int], encodings: tuple[str, ...]) -> str | None:
    """The encoding whose conversion of `text` wins over `before`, if one does."""
    best: tuple[tuple[int, int], str] | None = None
    sample = text[:_SAMPLE]
    for encoding in encodings:
        converted = _CONVERTERS[encoding](sample)
        good, bad = score = _score(converted)
        # ties (a few words can read as both TCVN3 and VNI): fewer legacy characters left wins
        rank = (good - bad, -len(_charts().signals.findall(converted)))
        if _better(score, before) and (best is None or rank > best[0]):
            best = (rank, encoding)
    return None if best is None else best[1]


def repair(text: str) -> Conversion | None:
    """The text converted, when it is TCVN3, VNI or Windows-1258 read as Windows-1252.

    Returns None for text that needs nothing (Unicode Vietnamese, other languages).

    >>> repair("QuyÕt ®Þnh giao nhiÖm vô").text
    'Quyết định giao nhiệm vụ'
    >>> repair("Quyeát ñònh giao nhieäm vuï").note
    'converted from VNI Windows to Unicode (the text held VNI Windows codes read as Windows-1252)'
    >>> repair("Quyết định giao nhiệm vụ") is None, repair("Café crème à la française") is None
    (True, True)
    """
    if not _suspect(text):
        return None
    encoding = _best(text, _score(text[:_SAMPLE]), ("tcvn3", "vni", "cp1258"))
    if encoding is None:
        return None
    name = _charts().names[encoding]
    return Conversion(_CONVERTERS[encoding](text), encoding, f"converted from {name} to Unicode (the text held {name} codes read as Windows-1252)")


def from_bytes(data: bytes) -> Conversion | None:
    """The text of `data` when it is TCVN3 or VNI bytes, converted to Unicode (NFC).

    Windows-1258 bytes are not taken here: they decode with Python's own codec, and
    `data` that reads better that way returns None.

    >>> from_bytes(b"Quy\\xd5t \\xae\\xdenh").text, from_bytes(b"Quy\\xd5t \\xae\\xdenh").encoding
    ('Quyết định', 'tcvn3')
    >>> from_bytes(b"Quy\\xea\\xect \\xf0i\\xf2nh") is None  # "Quyết định" in Windows-1258
    True
    """
    text = _cp1252(data)
    if not _suspect(text):
        return None
    # the reading read.py would fall back to: Windows-1258 text must keep it
    as_1258 = unicodedata.normalize("NFC", data[:_SAMPLE].decode("cp1258", errors="replace"))
    before = max(_score(as_1258), _score(text[:_SAMPLE]), key=lambda s: s[0] - s[1])
    encoding = _best(text, before, ("tcvn3", "vni"))
    if encoding is None:
        return None
    return Conversion(_CONVERTERS[encoding](text), encoding, f"converted from {_charts().names[encoding]} bytes to Unicode")

"""Tests of loaders.legacy: TCVN3 (ABC), VNI and Windows-1258 text, as bytes and as mojibake.

The encoders below are written here from the published code charts, independently of
loaders/data/legacy_encodings.json: each test text goes Unicode -> legacy encoding (by
these tables) -> cancu, and must come back as the same NFC Unicode.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import docx
import pytest

from kg.evalview import eval_view
from loaders import extract_source, normalize, read_source
from loaders.legacy import from_bytes, is_syllable, repair

HERE = Path(__file__).resolve().parents[1]
SEEDS = sorted((HERE / "corpus" / "seeds").glob("*.txt"))
CORPUS = sorted((HERE / "corpus").glob("*/*.txt"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- the encoders, from the charts ------------------------------------------------------

# TCVN 5712:1993 VN3 (ABC, .VnTime): the Unicode letters and, in the same order, the
# characters their bytes read as in Windows-1252 (ư is 0xAD, the soft hyphen).
_VN3_LETTERS = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂĐÊÔƠƯ"
_VN3_CODES = "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóô\xadõö÷øùúûüýþ¡¢§£¤¥¦"
TO_TCVN3 = dict(zip(_VN3_LETTERS, _VN3_CODES, strict=True))


def tcvn3(text: str) -> str:
    """`text` typed in ABC, as Windows-1252 reads it.  VN3 has no toned capitals: typists
    used the lower-case code in an all-capitals font (.VnTimeH), so that is what we write."""
    return "".join(TO_TCVN3.get(ch, TO_TCVN3.get(ch.lower(), ch)) for ch in nfc(text))


# VNI Windows: letter rows as in the VNI keyboard charts — plain, sắc, huyền, hỏi, ngã, nặng.
_VNI_ROWS = {
    "aáàảãạ": "a aù aø aû aõ aï", "âấầẩẫậ": "aâ aá aà aå aã aä", "ăắằẳẵặ": "aê aé aè aú aü aë",
    "eéèẻẽẹ": "e eù eø eû eõ eï", "êếềểễệ": "eâ eá eà eå eã eä",
    "oóòỏõọ": "o où oø oû oõ oï", "ôốồổỗộ": "oâ oá oà oå oã oä", "ơớờởỡợ": "ô ôù ôø ôû ôõ ôï",
    "uúùủũụ": "u uù uø uû uõ uï", "ưứừửữự": "ö öù öø öû öõ öï",
    "iíìỉĩị": "i í ì æ ó ò", "yýỳỷỹỵ": "y yù yø yû yõ î", "đ": "ñ",
}  # fmt: skip
TO_VNI: dict[str, str] = {}
for _letters, _codes in _VNI_ROWS.items():
    for _letter, _code in zip(_letters, _codes.split(), strict=True):
        TO_VNI[_letter] = _code
        # capitals: the capital letter and the diacritic byte 0x20 below (ù -> Ù)
        TO_VNI[_letter.upper()] = _code.upper()


def vni(text: str) -> str:
    """`text` typed in VNI-Times, as Windows-1252 reads it."""
    return "".join(TO_VNI.get(ch, ch) for ch in nfc(text))


def cp1258(text: str) -> bytes:
    """Windows-1258 as Word wrote it: the letters it has precomposed, tone marks combining."""
    out = []
    for ch in nfc(text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            out.append((nfc("".join(c for c in parts if c not in tones)) + tones).encode("cp1258"))
    return b"".join(out)


def test_the_encoders_follow_the_charts() -> None:
    assert tcvn3("Quyết định") == "QuyÕt ®Þnh"
    assert vni("Quyết định") == "Quyeát ñònh"
    assert tcvn3("ư") == "\xad" and vni("Ưu tiên") == "Öu tieân"
    assert cp1258("Quyết") == b"Quy\xea\xect"


# --- real sentences ------------------------------------------------------------------------


def corpus_lines(path: Path, n: int = 12) -> list[str]:
    """The first `n` lines of a corpus file with at least three accented words."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if sum(not w.isascii() for w in line.split()) >= 3:
            lines.append(nfc(line))
        if len(lines) == n:
            break
    return lines


SENTENCES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Giao Sở Nội vụ chủ trì, phối hợp với Công an tỉnh thực hiện.",
    "Đồng Tháp, ngày 05 tháng 3 năm 2025",
    "QUYẾT ĐỊNH",
    "VỀ VIỆC BAN HÀNH KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2025",
    "Ưu tiên nguồn lực cho hạ tầng số; người dân được hưởng lợi.",
]


def toned_capitals(line: str) -> bool:
    """Whether `line` has a capital that TCVN3 has no code for (Ủ, Ấ…): it comes back
    lower case unless its word is typed in capitals, as ABC typists had to."""
    return any(c.isupper() and c not in TO_TCVN3 and c.lower() in TO_TCVN3 for c in line)


@pytest.mark.parametrize("text", SENTENCES)
def test_tcvn3_mojibake_round_trip(text: str) -> None:
    fixed = repair(tcvn3(text))
    assert fixed is not None and fixed.encoding == "tcvn3"
    assert fixed.text == text


@pytest.mark.parametrize("text", SENTENCES)
def test_vni_mojibake_round_trip(text: str) -> None:
    fixed = repair(vni(text))
    assert fixed is not None and fixed.encoding == "vni"
    assert fixed.text == text  # VNI has every capital: nothing lost


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:24])
def test_corpus_sentences_round_trip_through_every_encoding(path: Path) -> None:
    text = "\n".join(corpus_lines(path))
    as_tcvn3 = repair(tcvn3(text))
    assert as_tcvn3 is not None and as_tcvn3.text.lower() == text.lower()
    exact = [line for line in text.split("\n") if not toned_capitals(line)]
    assert [line for line in as_tcvn3.text.split("\n") if line in exact] == exact
    assert from_bytes(tcvn3(text).encode("cp1252")).text == as_tcvn3.text  # type: ignore[union-attr]
    as_vni = repair(vni(text))
    assert as_vni is not None and as_vni.text == text
    assert from_bytes(vni(text).encode("cp1252")).text == text  # type: ignore[union-attr]
    as_1258 = repair(cp1258(text).decode("cp1252", errors="strict"))
    assert as_1258 is not None and as_1258.encoding == "cp1258" and as_1258.text == text


def test_tcvn3_capitals_in_an_all_capitals_font_come_back_upper_case() -> None:
    fixed = repair("UBND TØNH §åNG TH¸P\nQUYÕT §ÞNH\nVÒ viÖc giao nhiÖm vô cho Hµ Néi")
    assert fixed is not None
    assert fixed.text == "UBND TỈNH ĐỒNG THÁP\nQUYẾT ĐỊNH\nVề việc giao nhiệm vụ cho Hà Nội"


# --- through read_source: the note says what was done -------------------------------------


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


TEXT = "\n".join(SENTENCES[:3] + SENTENCES[5:])


@pytest.mark.parametrize(
    ("data", "encoding", "note"),
    [
        (tcvn3(TEXT).encode("cp1252"), "tcvn3", "converted from TCVN3 (ABC) bytes to Unicode"),
        (vni(TEXT).encode("cp1252"), "vni", "converted from VNI Windows bytes to Unicode"),
        (tcvn3(TEXT).encode("utf-8"), "utf-8", "converted from TCVN3 (ABC) to Unicode"),
        (vni(TEXT).encode("utf-8"), "utf-8", "converted from VNI Windows to Unicode"),
        (cp1258(TEXT).decode("cp1252").encode("utf-8"), "utf-8", "converted from Windows-1258 to Unicode"),
    ],
    ids=["tcvn3-bytes", "vni-bytes", "tcvn3-mojibake", "vni-mojibake", "cp1258-mojibake"],
)
def test_read_source_converts_and_notes_it(tmp_path: Path, data: bytes, encoding: str, note: str) -> None:
    source = read_source(write(tmp_path, "cu.txt", data))
    assert source.encoding == encoding
    assert [n for n in source.notes if n.startswith("converted")] == [n for n in source.notes if n.startswith(note)]
    assert any(n.startswith(note) for n in source.notes)
    assert source.text.lower() == TEXT.lower() and unicodedata.is_normalized("NFC", source.text)


def test_cp1258_bytes_stay_decomposed_for_the_normaliser(tmp_path: Path) -> None:
    # Windows-1258 has its own codec: read.py decodes it (noting the guess) and keeps the
    # file's combining marks, so that evidence offsets are offsets in the file as read;
    # the normaliser composes them (NFC) with an offset map.
    source = read_source(write(tmp_path, "cu.txt", cp1258(TEXT)))
    assert source.encoding == "cp1258" and "encoding guessed as cp1258 (Vietnamese Windows)" in source.notes
    assert source.text != TEXT and nfc(source.text) == TEXT
    assert normalize(source.text).text == normalize(TEXT).text


def test_a_docx_in_a_vntime_font_is_converted(tmp_path: Path) -> None:
    # Word keeps the characters the .VnTime font shows: the text arrives as mojibake.
    document = docx.Document()
    for line in SENTENCES[:3]:
        document.add_paragraph(tcvn3(line))
    path = tmp_path / "cu.docx"
    document.save(str(path))
    source = read_source(path)
    assert source.text == "\n".join(SENTENCES[:3])
    assert source.notes == ("converted from TCVN3 (ABC) to Unicode (the text held TCVN3 (ABC) codes read as Windows-1252)",)


# --- nothing else is converted ---------------------------------------------------------------

OTHER_LANGUAGES = [
    "The Ministry of Home Affairs shall lead the implementation of this plan.",
    "Le ministère de l'Intérieur est chargé de l'exécution du présent arrêté, à compter du 1er août.",
    "Café crème, déjà vu, naïve façade: où est la bibliothèque? Ça dépend.",
    "Die Behörde für Straßenbau übernimmt die Planung für Köln und München.",
    "El niño pidió información sobre la canción en España; mañana será otro día.",
    "Smörgåsbord på færøsk og øl i Århus.",
    "Vietnamese with a footnote¹ and a § sign: Điều 2 © 2025 «Sở Nội vụ».",
    "plain ascii only, nothing to do",
    # lone letters that TCVN3 would read as "Ă0ặ" (found by test_read's round trip)
    "¡0Æ",
]


@pytest.mark.parametrize("text", OTHER_LANGUAGES, ids=range(len(OTHER_LANGUAGES)))
def test_other_text_is_not_converted(text: str) -> None:
    assert repair(text) is None
    assert from_bytes(text.encode("cp1252", errors="replace")) is None


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:24])
def test_no_corpus_file_is_converted(path: Path) -> None:
    source = read_source(path)
    assert not any(n.startswith("converted") for n in source.notes)
    assert repair(source.text) is None


def test_syllables() -> None:
    good = ["Quyết", "định", "nghiêng", "khuyến", "giữa", "thuở", "đường", "ỦY", "hoà", "gì", "oách"]
    bad = ["QuyÕt", "Quyeát", "ñònh", "café", "Straße", "Behörde", "việcc", "hoàà"]
    assert [w for w in good if not is_syllable(w)] == []
    assert [w for w in bad if is_syllable(w)] == []


# --- a whole seed document ---------------------------------------------------------------------


def _facts(view: dict, *, lower: bool = False) -> tuple[list, list]:
    def strip(item: dict) -> dict:
        return {k: v.lower() if lower and isinstance(v, str) else v for k, v in item.items() if k not in ("evidence", "file")}

    return [strip(d) for d in view["documents"]], [strip(a) for a in view["assignments"]]


@pytest.mark.parametrize("encoding", ["tcvn3-bytes", "tcvn3-mojibake", "vni-bytes", "vni-mojibake", "cp1258-mojibake"])
@pytest.mark.parametrize("seed", SEEDS[:3], ids=lambda p: p.name[:3])
def test_a_seed_in_a_legacy_encoding_extracts_the_same(tmp_path: Path, seed: Path, encoding: str) -> None:
    text = nfc(seed.read_text(encoding="utf-8"))
    data = {
        "tcvn3-bytes": lambda: tcvn3(text).encode("cp1252", errors="replace"),
        "tcvn3-mojibake": lambda: tcvn3(text).encode("utf-8"),
        "vni-bytes": lambda: vni(text).encode("cp1252", errors="replace"),
        "vni-mojibake": lambda: vni(text).encode("utf-8"),
        "cp1258-mojibake": lambda: cp1258(text).decode("cp1252").encode("utf-8"),
    }[encoding]()
    original = extract_source(read_source(seed))
    converted = extract_source(read_source(write(tmp_path, seed.name, data)))
    assert any(n.startswith("converted") for n in converted.source.notes)
    # TCVN3 has no code for Ủ, Ấ…: "Ủy ban" comes back "ủy ban", so its facts are compared
    # without case; the other encodings keep every letter.
    lossy = encoding.startswith("tcvn3")
    assert _facts(eval_view([converted]), lower=lossy) == _facts(eval_view([original]), lower=lossy)


# --- the note reaches the output ----------------------------------------------------------------


def test_the_conversion_note_reaches_the_json_and_the_store(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from api.cli import app
    from kg.ingest import ingest
    from kg.namespace import CANCU
    from kg.store import open_store

    path = write(tmp_path, SEEDS[1].name, vni(nfc(SEEDS[1].read_text(encoding="utf-8"))).encode("cp1252", errors="replace"))
    note = "converted from VNI Windows bytes to Unicode"
    result = CliRunner().invoke(app, ["extract", "--json", str(path)])
    assert result.exit_code == 0, result.output
    sources = json.loads(result.output)["sources"]
    assert sources == [{"file": path.name, "format": "txt", "encoding": "vni", "notes": [note]}]

    store = open_store("memory:")
    assert ingest([path], store).ok
    rows = store.query(f"SELECT ?doc ?file WHERE {{ ?doc <{CANCU.readingNote}> {json.dumps(note)} ; <{CANCU.sourceFile}> ?file }}")
    assert [str(r["file"]) for r in rows] == [path.name]  # type: ignore[index, union-attr]

"""Reading and decoding page files."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from classify.errors import InputError
from classify.read import decode, decode_with_encoding, read_bounded, read_bytes, read_text

PAGES = Path(__file__).resolve().parent / "pages"
TEXT = "本报讯（记者 王小明）5月6日，我市新建高标准农田12万亩。\n\n我市新建高标准农田12万亩\n"
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None)


def _write(tmp_path: Path, data: bytes, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(path: Path, *words: str) -> InputError:
    with pytest.raises(InputError) as info:
        read_text(path)
    err = info.value
    assert err.source == str(path)
    assert str(path) in str(err)
    for word in words:
        assert word in str(err)
    return err


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM, native order
    b"\xff\xfe" + TEXT.encode("utf-16-le"),
    b"\xfe\xff" + TEXT.encode("utf-16-be"),
    TEXT.encode("gb18030"),
    TEXT.encode("gbk"),
], ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk"])
def test_decodes_supported_encodings(tmp_path, data):
    assert read_text(_write(tmp_path, data)) == TEXT


def test_gb18030_only_characters():
    text = "㐀䶵 are CJK extension A; 𠀀 is extension B。"
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode(data) == text


def test_gb18030_test_page_is_really_gb18030():
    path = PAGES / "p10_tangyin_yaowen_gb18030.txt"
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_text(path) == data.decode("gb18030")


def test_crlf_bom_test_page_decodes_without_the_bom():
    path = PAGES / "p12_shuochuan_yaowen_crlf.txt"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    text = read_text(path)
    assert not text.startswith("\ufeff") and "\r\n" in text


def test_empty_file_is_empty_text(tmp_path):
    assert read_text(_write(tmp_path, b"")) == ""


@PROPERTY
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))))
def test_utf8_and_utf16_round_trip(text):
    assume(not text.startswith("\ufeff"))
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


NEWS_TEXT = st.text(st.sampled_from("我市开展反诈宣传活动，群众踊跃参加。AI 2025年 3.6亿元“”（）\n"), max_size=200)


@PROPERTY
@given(NEWS_TEXT)
def test_utf16_round_trip(text):
    assume(not text.startswith("\ufeff"))
    assert decode(text.encode("utf-16")) == text


def test_utf16_bom_before_junk_is_refused():
    """Binary junk that happens to start with FF FE is not decoded into mojibake."""
    with pytest.raises(InputError, match="readable text"):
        decode(b"\xff\xfe\xfd abc \x80\x80", "junk.txt")


@PROPERTY
@given(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=8, max_size=200))
def test_gb18030_chinese_round_trip(text):
    data = text.encode("gb18030")
    assume(not _valid_utf8(data))  # a few short GBK strings are also valid UTF-8
    assert decode(data) == text


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_nul_bytes_are_refused(tmp_path):
    _refused(_write(tmp_path, TEXT.encode("utf-8") + b"\x00\x00" + TEXT.encode("utf-8")), "binary")


TRADITIONAL = ("本報訊（記者 陳美玲）警方提醒市民，接到自稱客服的電話要求轉賬，一定是詐騙。\n"
               "市圖書館開設城市書房，市民可以二十四小時借閱圖書，週末還有親子閱讀活動。\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_and_named(tmp_path, codec):
    path = _write(tmp_path, TEXT.encode(codec))
    assert read_text(path) == TEXT
    assert decode_with_encoding(path.read_bytes())[1].replace("_", "-") == codec


def test_big5_is_decoded_and_named(tmp_path):
    data = TRADITIONAL.encode("big5")
    assert read_text(_write(tmp_path, data)) == TRADITIONAL
    assert decode_with_encoding(data)[1] in ("big5", "big5hkscs", "cp950")


@pytest.mark.parametrize("text,codec", [(TEXT, "utf-8"), (TEXT, "gb18030"), (TEXT, "utf-16")])
def test_encoding_is_named(text, codec):
    assert decode_with_encoding(text.encode(codec)) == (text, codec)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _refused(fifo, "not a regular file", "FIFO")


def test_dev_zero_is_refused_not_read():
    with pytest.raises(InputError, match="not a regular file"):
        read_bytes("/dev/zero", max_bytes=1000)


def test_a_stream_is_bounded_by_counting(tmp_path):
    import io

    assert read_bounded(io.BytesIO(b"x" * 10), "s", 10) == b"x" * 10
    with pytest.raises(InputError, match="limit"):
        read_bounded(io.BytesIO(b"x" * 11), "s", 10)
    with open("/dev/zero", "rb") as endless, pytest.raises(InputError, match="limit"):
        read_bounded(endless, "<stdin>", 5_000_000)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_binary_is_refused(tmp_path, seed):
    data = random.Random(seed).randbytes(4096)
    _refused(_write(tmp_path, data, f"blob{seed}.bin"))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_binary_without_nul_is_refused(tmp_path, seed):
    rng = random.Random(seed)
    data = bytes(rng.randrange(1, 256) for _ in range(4096))
    _refused(_write(tmp_path, data, f"blob{seed}.bin"))


def test_control_characters_are_refused(tmp_path):
    _refused(_write(tmp_path, ("\x01\x02\x03\x04" * 50 + TEXT).encode("utf-8")), "binary")


def test_invalid_bytes_are_refused(tmp_path):
    _refused(_write(tmp_path, TEXT.encode("utf-8") + b"\xff\xff" + TEXT.encode("utf-8")), "UTF-8", "GB18030")


def test_bad_bytes_after_a_bom_are_refused(tmp_path):
    _refused(_write(tmp_path, b"\xef\xbb\xbf" + TEXT.encode("gb18030"), "a.txt"), "utf-8")
    _refused(_write(tmp_path, b"\xff\xfe" + TEXT.encode("utf-16-le") + b"\x00", "b.txt"), "utf-16")


def test_decode_names_the_source():
    with pytest.raises(InputError) as info:
        decode(b"\x00abc", "issue-7/page-3.txt")
    assert str(info.value).startswith("issue-7/page-3.txt: ")


def test_missing_file(tmp_path):
    _refused(tmp_path / "nope.txt", "does not exist")


def test_directory(tmp_path):
    _refused(tmp_path, "directory")


def test_max_bytes(tmp_path):
    data = TEXT.encode("utf-8")
    path = _write(tmp_path, data)
    assert read_text(path, max_bytes=len(data)) == TEXT
    assert read_text(path, max_bytes=None) == TEXT
    with pytest.raises(InputError) as info:
        read_text(path, max_bytes=len(data) - 1)
    assert str(path) in str(info.value) and "limit" in str(info.value)



def _naive_verdict(text: str, plausible: bool) -> str:
    """The rule of `_check_text` spelled out one character at a time."""
    import unicodedata

    from classify.read import _LAZY

    visible = [ch for ch in text[:20000] if not ch.isspace()]
    if not visible:
        return "ok"
    bad = sum(unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") for ch in visible if ch != "\ufeff")
    if bad > max(8, len(visible) // 20):
        return "binary"
    if plausible and sum(1 for ch in visible if _LAZY.PLAUSIBLE.match(ch)) < 0.8 * len(visible):
        return "unreadable"
    return "ok"


@PROPERTY
@given(st.text(alphabet=st.sampled_from("新闻报道 \n\t\x01\x02\ufeff\ue000\u0378ab。Ωж"), max_size=400),
       st.booleans())
def test_check_text_counts_as_one_character_at_a_time(text, plausible):
    from classify.read import _check_text

    try:
        got = "ok" if _check_text(text, "x", plausible) == text else "changed"
    except InputError as exc:
        got = "binary" if "binary" in exc.reason else "unreadable"
    assert got == _naive_verdict(text, plausible)

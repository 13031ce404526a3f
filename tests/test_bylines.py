"""Bylines, openers and photo credits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classify.bylines import (
    OPEN_OPENER,
    clean_byline,
    close_opener,
    is_byline_line,
    is_signed_opener,
    split_credit,
    split_opener,
    strip_bylines,
)
from classify.normalize import normalize_line, unspace_letters

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None)


def _nows(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("line", [
    "■ 本报记者 林小川",
    "本报通讯员 何青",
    "本报记者 林小川 本报通讯员 何青",
    "□ 通讯员 钟一鸣 记者 许晴",
    "■ 陈星宇",
    "本报记者 林小川 摄",
    "（本报记者 林小川）",
    "文/图 本报记者 林小川",
    "本报记者 林小川 实习生 李小雨",
    "记者 欧阳晓风",
])
def test_byline_lines(line):
    assert is_byline_line(line)


def test_letter_spaced_byline_after_normalising():
    assert is_byline_line(unspace_letters(normalize_line(" ■ 本 报 记 者 林小川")))


@pytest.mark.parametrize("line", [
    "",
    "高新区",
    "东昌府区",
    "林小川 何青",  # bare names need a marker
    "我市组建巾帼志愿服务队",
    "记者从市农业农村局获悉，全市新建农田。",
    "本报讯（记者 林小川）5月6日，我市新建农田。",
    "■ 本报记者 林小川 " + "很长的一段正文" * 5,
])
def test_not_byline_lines(line):
    assert not is_byline_line(line)


@pytest.mark.parametrize("line", ["记者手记", "记者观察", "编辑手记", "记者调查"],
                         ids=["reporter-notes", "reporter-observes", "editor-notes", "reporter-inquiry"])
def test_column_labels_are_not_bylines(line):
    """Common sub-heading labels: a role word followed by a noun, no name."""
    assert not is_byline_line(line)


@pytest.mark.parametrize("line, opener, rest", [
    ("本报讯（记者 林小川）5月6日，我市", "本报讯（记者 林小川）", "5月6日，我市"),
    ("本报讯（记者 林小川 通讯员 何青） 5月6日，", "本报讯（记者 林小川 通讯员 何青）", "5月6日，"),
    ("本报讯 记者从市气象台获悉，", "本报讯", "记者从市气象台获悉，"),
    ("本报讯 （记者 林小川） 今年是", "本报讯 （记者 林小川）", "今年是"),
    ("本报江口5月6日电（记者 林小川）近日，", "本报江口5月6日电（记者 林小川）", "近日，"),
    ("新华社北京5月6日电 近日，", "新华社北京5月6日电", "近日，"),
])
def test_split_opener(line, opener, rest):
    got_opener, got_rest = split_opener(line)
    assert got_opener == opener
    assert got_rest.strip() == rest


@pytest.mark.parametrize("line", [
    "5月6日，记者从市农业农村局获悉，",
    "记者从市气象台获悉，今年入汛",
    "据本报记者了解，今年全市",
])
def test_no_opener(line):
    assert split_opener(line) == ("", line)


@pytest.mark.parametrize("line", ["本报记者从市供电公司获悉，今年夏季", "本报记者近日从市电信公司了解到，"],
                         ids=["power-company", "telecom-company"])
def test_reporter_sentence_is_not_an_opener(line):
    """`本报记者从市供电…` is prose: `电` inside a word is not the `…电` of a dateline."""
    assert split_opener(line) == ("", line)


def test_opener_broken_over_two_lines():
    first, second = "本报讯（通讯员 池一 记者 葛", "二）5月16日，在双河镇"
    assert OPEN_OPENER.match(first)
    assert is_signed_opener(first)
    assert close_opener(second) == ("二）", "5月16日，在双河镇")
    assert close_opener("5月16日，在双河镇") == ("", "5月16日，在双河镇")


def test_signed_and_unsigned_openers():
    assert is_signed_opener("本报讯（记者 林小川）5月6日，")
    assert not is_signed_opener("本报讯 记者从市气象台获悉，")
    assert not is_signed_opener("5月6日，记者从市气象台获悉，")


@pytest.mark.parametrize("line, text, credit", [
    ("预计年销售收入2.8亿元。 ■ 本报记者 林小川", "预计年销售收入2.8亿元。", "■ 本报记者 林小川"),
    ("公园内游人如织。■ 陈星宇", "公园内游人如织。", "■ 陈星宇"),
    ("公园内游人如织。（本报记者 林小川 摄）", "公园内游人如织。", "（本报记者 林小川 摄）"),
    ("公园内游人如织。（林小川 摄）", "公园内游人如织。", "（林小川 摄）"),
    ("帮助返乡人员就近就业。 本报记者 林小川 摄", "帮助返乡人员就近就业。", "本报记者 林小川 摄"),
    ("孩子们在书屋读书。 ■ 文/图 本报记者 林小川", "孩子们在书屋读书。", "■ 文/图 本报记者 林小川"),
    ("■ 本报记者 林小川", "", "■ 本报记者 林小川"),
])
def test_split_credit(line, text, credit):
    assert split_credit(line) == (text, credit)


@pytest.mark.parametrize("line", [
    "市民林小川说，活动很有意义。",
    "记者 林小川",  # a byline line, but not a trailing credit
    "他们参观了摄影展",
    "预计年销售收入2.8亿元。",
])
def test_no_credit(line):
    assert split_credit(line) == (line, "")


@PROPERTY
@given(st.text(st.sampled_from("本报讯记者通讯员林小川摄■（）() 、，。5月日电新华社"), max_size=30))
def test_split_opener_and_credit_lose_no_text(line):
    opener, rest = split_opener(line)
    assert _nows(opener + rest) == _nows(line)
    text, credit = split_credit(line)
    assert _nows(text + credit) == _nows(line)


def test_clean_byline():
    assert clean_byline(" ■  本报记者  林小川 □ 何青 ") == "本报记者 林小川 何青"


def test_strip_bylines_keeps_the_text_and_line_order():
    text = "\n".join([
        "本报讯（记者 林小川）5月6日，全市降雨。",
        "■ 本报记者 何青",
        "明天转晴。 ■ 本报记者 许晴",
        "后天多云。",
    ])
    assert strip_bylines(text) == "5月6日，全市降雨。\n明天转晴。\n后天多云。"


def test_strip_bylines_leaves_plain_text_alone():
    text = "全市降雨。\n记者从气象台获悉，明天转晴。"
    assert strip_bylines(text) == text


@given(st.text(st.sampled_from("■□●◆▲★▇◇本报记者林小川摄（）()、，,/：: 。5A\t"), max_size=12))
@settings(max_examples=500)
def test_the_not_in_byline_scan_equals_the_one_pattern_it_replaces(line):
    # `is_byline_line` asks for a character outside a byline's and for a marker after the start
    # in two scans; the one alternation they replace (`|(?!^)marker`) must say the same
    import re

    from classify import bylines
    from classify.normalize import CJK

    mark = bylines._MARK
    one = re.compile(rf"[^{CJK}·\s、，,/：:（()）{mark[1:-1]}]|(?!^){mark}")
    two = bool(bylines._LAZY._NOT_IN_BYLINE.search(line) or bylines._MARK_RE.search(line, 1))
    assert bool(one.search(line)) == two


@given(st.text(st.sampled_from("■□●◆▲★▇◇摄（）() \t\n本报记者林小川。"), max_size=10))
@settings(max_examples=500)
def test_the_credit_hint_equals_the_one_pattern_it_replaces(line):
    # `split_credit` tries CREDIT only on a line with a marker or 摄 or ending on a closing
    # bracket: two checks for what one alternation (`marker|摄|[）)]\s*$`) used to scan for
    import re

    from classify import bylines

    one = re.compile(rf"{bylines._MARK}|摄|[）)]\s*$")
    two = bool(bylines._CREDIT_MARK.search(line) or line.rstrip().endswith(bylines._CREDIT_CLOSE))
    assert bool(one.search(line)) == two


def _byline_line_plain(line: str) -> bool:
    """`is_byline_line` with every pattern tried on every line (no gates), as a reference."""
    from classify import bylines as b

    text = line.strip()
    if not text or len(text) > 40 or b._LAZY._NOT_IN_BYLINE.search(text) or b._MARK_RE.search(text, 1):
        return False
    text = b._LAZY._SHOT_FOR.sub("摄", text)
    marked = bool(b._MARK_RE.match(text))
    text = b._LEADING_MARK.sub("", text)
    if b._BRACKETED.match(text):
        marked = True
        text = text[1:-1]
    tokens = [t for t in b._SPLIT.split(text) if t]
    if not tokens or len(tokens) > 8:
        return False
    roles = names = 0
    for tok in tokens:
        if b._LAZY._ROLE_TOKEN.match(tok):
            roles += 1
        elif (b._LAZY._ROLE_NAME_TOKEN.match(tok) and not b._COLUMN_LABEL.search(tok)
              or b._LAZY._NAME_SHOT_TOKEN.match(tok) and len(tokens) > 1):
            roles += 1
            names += 1
        elif b._LAZY._NAME_TOKEN.match(tok):
            names += 1
        else:
            return False
    if roles == 0:
        return marked and 1 <= names <= 3
    return names >= 1 or roles >= 1 and marked


@given(st.lists(st.sampled_from(["■", "●", "（", "）", "(", ")", " ", "、", "摄", "/", "本报", "记者", "通讯员", "林小川",
                                "王啸", "鹭城晚报视觉中心", "文/图", "·", "，"]), max_size=8).map("".join))
@settings(max_examples=800)
def test_is_byline_line_equals_its_ungated_steps(line):
    assert is_byline_line(line) == _byline_line_plain(line)

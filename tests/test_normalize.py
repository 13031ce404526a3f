"""Line-preserving normalisation: digits, line endings, letter-spacing, justification spaces."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classify.normalize import normalize_line, split_lines, unspace_letters, unspace_prose, width

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None)


def test_full_width_digits_letters_and_number_signs_become_ascii():
    assert normalize_line("２０２５年增长１２．５％") == "2025年增长12.5%"
    assert normalize_line("ＧＤＰ和ｅ＋") == "GDP和e+"
    full = "".join(chr(0xFF10 + d) for d in range(10))
    assert normalize_line(full) == "0123456789"


def test_chinese_punctuation_is_left_alone():
    assert normalize_line("“好！”（完）：，。") == "“好！”（完）：，。"


def test_invisible_characters_and_odd_spaces():
    assert normalize_line("\ufeff我\u200b市\u00ad新闻") == "我市新闻"
    assert normalize_line("\u3000\u3000记者\u00a0\u00a0王小明\t") == "记者 王小明"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_keep_the_line_count(newline):
    text = newline.join(["第一行", "", "第三行", "第四行", ""])
    assert split_lines(text) == ["第一行", "", "第三行", "第四行", ""]


def test_mixed_line_endings():
    assert split_lines("甲\r\n乙\r丙\n丁") == ["甲", "乙", "丙", "丁"]
    assert split_lines("甲\r\r\n乙") == ["甲", "", "乙"]
    assert split_lines("甲\n\r乙") == ["甲", "", "乙"]


@PROPERTY
@given(st.lists(st.sampled_from(["中", "a", "1", " ", "\u3000", "\r", "\n", "\r\n", "\ufeff", "１"]), max_size=40).map("".join))
def test_split_lines_count_equals_raw_line_count(text):
    lines = split_lines(text)
    assert len(lines) == len(re.split(r"\r\n|\r|\n", text))
    for line in lines:
        assert line == line.strip() and "\r" not in line and "\n" not in line and "  " not in line


@PROPERTY
@given(st.text())
def test_normalize_line_is_idempotent(line):
    once = normalize_line(line)
    assert normalize_line(once) == once


@pytest.mark.parametrize("spaced, closed", [
    ("我 市 强 化 青 少 年", "我市强化青少年"),
    ("澜 州 警 方 破 获", "澜州警方破获"),
    ("本 报 记 者 林小川", "本报记者 林小川"),
    ("公 园 开 放", "公园开放"),
])
def test_letter_spaced_runs_are_closed_up(spaced, closed):
    assert unspace_letters(spaced) == closed


@pytest.mark.parametrize("line", [
    "记者 林小川",
    "本报记者 林小川 通讯员 何青",
    "引入前沿技术 推动产业升级",
    "链条延伸 集群成势",
    "佳禾家居 春季焕新节",
    "新增 1092 家",
])
def test_word_spaces_are_kept(line):
    assert unspace_letters(line) == line


def test_justification_spaces_next_to_chinese_are_removed():
    assert unspace_prose("新增科技型中小企业 1092 家，居全省第 3 位") == "新增科技型中小企业1092家，居全省第3位"
    assert unspace_prose("累 计 下 降 31% ，空 气 质 量") == "累计下降31%，空气质量"


@pytest.mark.parametrize("line", ["2024 2025", "分别为 12 15 家", "GDP 3.5", "A 12"])
def test_numbers_and_ascii_words_never_merge(line):
    out = unspace_prose(line)
    assert re.findall(r"[0-9A-Za-z.]+", out) == re.findall(r"[0-9A-Za-z.]+", line)


_MIXED = st.text(st.sampled_from(["中", "市", "家", "，", "。", " ", " ", "1", "2", "0", "%", "a"]), max_size=40)


@PROPERTY
@given(_MIXED)
def test_spacing_fixes_never_merge_or_split_numbers(line):
    for fix in (unspace_prose, unspace_letters, lambda s: unspace_prose(unspace_letters(s))):
        out = fix(line)
        assert re.findall(r"[0-9a-z%]+", out) == re.findall(r"[0-9a-z%]+", line)
        assert out.replace(" ", "") == line.replace(" ", "")


@PROPERTY
@given(_MIXED)
def test_unspace_letters_is_idempotent(line):
    once = unspace_letters(line)
    assert unspace_letters(once) == once


def test_width_counts_ascii_as_half():
    assert width("中文") == 2.0
    assert width("ab12") == 2.0
    assert width("第3位") == 2.5
    assert width("") == 0.0

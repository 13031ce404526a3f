"""Sentence splitting for abstracts."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from classify.sentences import split_sentences

END = "。！？；…!?;"
CLOSE = "”’」』）)》】〉\"'"
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None)


def _nows(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


@pytest.mark.parametrize("mark", ["。", "！", "？", "；", "!", "?", ";"])
def test_ends_on_each_end_mark(mark):
    assert split_sentences(f"今天下雨{mark}明天放晴{mark}") == [f"今天下雨{mark}", f"明天放晴{mark}"]


@pytest.mark.parametrize("dots", ["…", "……"])
def test_ellipsis_ends_a_sentence(dots):
    assert split_sentences(f"他想了想{dots}还是去了。") == [f"他想了想{dots}", "还是去了。"]


@pytest.mark.parametrize("opening, closing", [("“", "”"), ("‘", "’"), ("「", "」"), ("（", "）"), ("《", "》")])
def test_closing_quote_or_bracket_stays_with_its_sentence(opening, closing):
    text = f"他说：{opening}我们很满意！{closing}大家都笑了。"
    assert split_sentences(text) == [f"他说：{opening}我们很满意！{closing}", "大家都笑了。"]


def test_stacked_closers_stay_together():
    assert split_sentences("她说：“真的‘好’。”’下一句。") == ["她说：“真的‘好’。”’", "下一句。"]


def test_stray_closer_after_a_space_joins_its_sentence():
    assert split_sentences("他说：“很好。 ”") == ["他说：“很好。”"]
    assert split_sentences("活动结束了。 ）") == ["活动结束了。）"]

def test_never_splits_on_commas_or_enumeration_marks():
    text = "第一，要抓好生产、销售, 还要搞好服务：这是关键，也是难点。"
    assert split_sentences(text) == [text]


def test_tail_without_end_punctuation_is_kept():
    assert split_sentences("第一句话。没有句号的尾巴") == ["第一句话。", "没有句号的尾巴"]
    assert split_sentences("整段都没有句号") == ["整段都没有句号"]


@pytest.mark.parametrize("number", ["3.6亿元", "12.5%", "0.8个百分点", "1.2.3版"])
def test_never_breaks_inside_numbers(number):
    sentences = split_sentences(f"项目总投资{number}，已完成过半。下一句。")
    assert sentences == [f"项目总投资{number}，已完成过半。", "下一句。"]


def test_paragraphs_never_merge():
    assert split_sentences("第一段没有句号\n第二段也没有") == ["第一段没有句号", "第二段也没有"]
    assert split_sentences("第一段，\n接着写。") == ["第一段，", "接着写。"]


def test_whitespace_is_trimmed_and_empty_input_gives_nothing():
    assert split_sentences("  第一句。   第二句。 \n\n  ") == ["第一句。", "第二句。"]
    assert split_sentences("") == []
    assert split_sentences(" \n\u3000\n") == []


# ---------------------------------------------------------------------------------------------
# Properties

_CHARS = st.sampled_from("我们今天活动很好项目完成年月日人3.6%0" + END + CLOSE + "“‘（《，、：  \u3000\n")
_texts = st.one_of(st.text(), st.text(_CHARS, max_size=60))


@PROPERTY
@given(_texts)
def test_sentences_concatenate_to_the_input_without_whitespace(text):
    assert _nows("".join(split_sentences(text))) == _nows(text)


@PROPERTY
@given(_texts)
def test_sentences_are_stripped_and_never_empty(text):
    for s in split_sentences(text):
        assert s and s == s.strip()
        assert "\n" not in s


@PROPERTY
@given(_texts)
@example("这是第一段。\n”")
def test_each_paragraph_is_split_on_its_own(text):
    """Paragraphs never merge: splitting the text equals splitting each paragraph separately."""
    assert split_sentences(text) == [s for p in text.split("\n") for s in split_sentences(p)]


@PROPERTY
@given(st.text(_CHARS.filter(lambda c: c != "\n"), max_size=60))
def test_only_a_paragraphs_last_sentence_may_lack_an_end_mark(paragraph):
    sentences = split_sentences(paragraph)
    for s in sentences[:-1]:
        assert s.rstrip(CLOSE)[-1:] in END or not any(ch.isalnum() for ch in s), sentences
    for s in sentences:  # no words after an end mark inside one sentence
        for m in re.finditer(rf"[{re.escape(END)}]+[{re.escape(CLOSE)}]*", s):
            assert not any(ch.isalnum() for ch in s[m.end():]), sentences


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 9999), st.integers(0, 99)), min_size=1, max_size=5))
def test_decimal_numbers_are_never_cut(numbers):
    text = "。".join(f"数量为{a}.{b}万" for a, b in numbers) + "。"
    sentences = split_sentences(text)
    assert len(sentences) == len(numbers)
    for (a, b), s in zip(numbers, sentences, strict=True):
        assert f"{a}.{b}万" in s

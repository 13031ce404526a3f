"""The editor filter on keywords: function words, reporting verbs and bare numbers go."""

from __future__ import annotations

import pytest

from classify.summarizers import TextRankSummarizer
from classify.summarizers._editor import editor_accepts


@pytest.mark.parametrize("word", ["不会", "接到", "表示", "我们", "三天", "二十多名", "第二场", "86.4万", "2025年",
                                  "１２３", "有人", "即可"])
def test_struck(word):
    assert not editor_accepts(word)


@pytest.mark.parametrize("word", ["电梯", "反诈中心", "食用菌产业", "5G基站", "双十一", "三农", "医保"])
def test_kept(word):
    assert editor_accepts(word)


_NOISY = ("记者接到消息，我们不会忘记。三天里，二十多名志愿者为老旧小区加装电梯，我们不会停下。"
          "记者接到电话，电梯运行平稳，居民表示满意，三天后又有二十多名居民表示要加装电梯。")


def test_filter_is_a_summarizer_parameter():
    raw = [w for w, _ in TextRankSummarizer(keyword_filter=False).keywords(_NOISY, k=20)]
    shown = [w for w, _ in TextRankSummarizer().keywords(_NOISY, k=20)]
    assert any(not editor_accepts(w) for w in raw)  # the ranking alone lets such words through
    assert shown == [w for w in raw if editor_accepts(w)]  # the filter strikes them, order kept


def test_tagged_keywords_pass_the_filter(small_predictor):
    text = "记者接到消息，我们不会忘记：三天里，二十多名志愿者为老旧小区加装电梯，电梯运行平稳，居民表示满意。"
    (analysis,) = small_predictor.analyze_many([("加装电梯", text)])
    assert analysis.keywords and all(editor_accepts(w) for w in analysis.keywords)

"""Abstracts and keywords (issue 5). The articles below were written for these tests."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import joblib
import pytest
from sklearn.base import clone

from classify.bylines import strip_bylines
from classify.sentences import split_sentences
from classify.summarizers import Summary, TextRankSummarizer, keywords, summarize
from classify.tokenize import cut

ROOT = Path(__file__).resolve().parent.parent

LIBRARY = (
    "本报讯（记者 王晓林 通讯员 陈方）5月12日，青石县首家社区图书驿站在城东街道正式开放。"
    "驿站面积约120平方米，藏书3000余册，市民刷身份证即可免费借阅图书。\n"
    "图书驿站由街道闲置用房改造而成，设有少儿阅读区、老年阅读区和自习区，每天开放12小时。"
    "街道还招募了20名志愿者，负责图书整理和阅读推广活动。\n"
    "“以前借书要跑到县图书馆，现在下楼就能借到。”家住附近的退休教师李秀英说。\n"
    "据了解，青石县计划今年再建设5个社区图书驿站，让群众在家门口享受阅读服务。 ■ 本报记者 王晓林"
)

FRAUD = (
    "■ 本报记者 赵一鸣\n"
    "近日，南河区反诈中心成功劝阻一起冒充客服退款诈骗，为市民张女士保住存款8万元。\n"
    "当天上午，张女士接到自称网购平台客服的电话，对方称她购买的商品有质量问题，可以办理双倍退款。"
    "随后，对方引导张女士下载一款会议软件并开启屏幕共享。\n"
    "反诈中心预警平台发现异常后，民警立即拨打张女士电话，又联系社区网格员上门劝阻。"
    "民警向张女士讲解了冒充客服退款诈骗的常见套路，张女士这才恍然大悟。\n"
    "警方提醒，正规网购平台退款无需下载陌生软件，更不会要求屏幕共享，遇到类似情况请立即挂断电话并拨打96110咨询。"
    "（本报记者 赵一鸣 摄）"
)

# The late sentences repeat the words of the whole article, so they outrank the lead when the
# lead bias is off: the abstract must still come out in document order.
HARBOUR = (
    "今年以来，东港口岸货物吞吐量稳步增长。\n"
    "天气转暖后，港区码头一派繁忙景象。\n"
    "东港口岸新开通两条集装箱航线，东港口岸货物吞吐量同比增长一成，集装箱航线带动外贸企业出口。\n"
    "东港口岸海关推行集装箱提前申报，外贸企业出口通关时间缩短一半，货物吞吐量继续增长。"
)

ARTICLES = [LIBRARY, FRAUD, HARBOUR]
CREDIT_NAMES = ["王晓林", "陈方", "赵一鸣", "本报记者", "本报讯", "■", "摄）"]


def _whole_sentences(summary: Summary, text: str) -> bool:
    sentences = split_sentences(strip_bylines(text))
    return all(0 <= i < len(sentences) and sentences[i] == s for i, _, s in summary.sentences)


@pytest.mark.parametrize("text", ARTICLES)
@pytest.mark.parametrize("max_chars,max_sentences", [(30, 1), (60, 2), (90, 3), (120, 3), (200, 5)])
def test_budget_respected_and_sentences_whole(text: str, max_chars: int, max_sentences: int) -> None:
    s = summarize(text, max_chars=max_chars, max_sentences=max_sentences)
    assert s.sentences, "a non-empty article always gets an abstract"
    assert len(s.sentences) <= max_sentences
    assert s.text == "".join(t for _, _, t in s.sentences)
    if s.over_budget:
        assert len(s.sentences) == 1 and len(s.text) > max_chars
    else:
        assert len(s.text) <= max_chars
    assert _whole_sentences(s, text)


def test_document_order_kept_even_when_rank_order_differs() -> None:
    model = TextRankSummarizer(lead_bias=0.0, mmr_lambda=1.0)
    s = model.summarize(HARBOUR, max_chars=200, max_sentences=3)
    indices = [i for i, _, _ in s.sentences]
    scores = [score for _, score, _ in s.sentences]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)
    # the fixture is only meaningful if ranking alone would have put a later sentence first
    assert scores != sorted(scores, reverse=True)


@pytest.mark.parametrize("mmr_lambda", [0.5, 1.0])
def test_no_duplicate_sentences_when_text_repeats_one(mmr_lambda: float) -> None:
    repeated = "东港口岸货物吞吐量同比增长一成。"
    text = repeated + "天气转暖，码头很忙。" + repeated + "新航线带动出口。" + repeated
    model = TextRankSummarizer(mmr_lambda=mmr_lambda, lead_bias=0.0)
    s = model.summarize(text, max_chars=200, max_sentences=4)
    texts = [t for _, _, t in s.sentences]
    assert len(texts) == len(set(texts))
    assert texts.count(repeated) == 1


def test_empty_and_one_sentence_text() -> None:
    for empty in ("", "   \n  ", "■ 本报记者 赵一鸣"):
        assert summarize(empty) == Summary("", [], False)
        assert keywords(empty) == []
    one = "青石县首家社区图书驿站正式开放。"
    s = summarize(one)
    assert s.text == one and [i for i, _, _ in s.sentences] == [0] and not s.over_budget
    no_mark = "青石县首家社区图书驿站正式开放"  # a tail without an end mark is still a sentence
    assert summarize(no_mark).text == no_mark


@pytest.mark.parametrize("text", [LIBRARY, FRAUD])
def test_bylines_and_credits_never_appear(text: str) -> None:
    for max_chars, max_sentences in ((1000, 50), (120, 3), (20, 1)):
        s = summarize(text, max_chars=max_chars, max_sentences=max_sentences)
        for name in CREDIT_NAMES:
            assert name not in s.text
    everything = summarize(text, max_chars=1000, max_sentences=50).text
    assert "青石县" in everything or "南河区" in everything  # the body itself is kept


def test_over_budget_flag() -> None:
    tight = summarize(LIBRARY, max_chars=10, max_sentences=3)
    assert tight.over_budget and len(tight.sentences) == 1 and len(tight.text) > 10
    roomy = summarize(LIBRARY, max_chars=120, max_sentences=3)
    assert not roomy.over_budget and len(roomy.text) <= 120
    assert tight.to_dict()["over_budget"] is True
    assert json.loads(json.dumps(roomy.to_dict()))["text"] == roomy.text


_SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from classify.summarizers import TextRankSummarizer, keywords, summarize
texts = json.loads(sys.stdin.read())
fitted = TextRankSummarizer().fit(texts)
out = []
for t in texts:
    s, kw = fitted.analyze(t, k=6)
    out.append([summarize(t).to_dict(), keywords(t, k=6), s.to_dict(), kw])
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _run(seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    result = subprocess.run([sys.executable, "-c", _SCRIPT.format(root=str(ROOT))], env=env,
                            input=json.dumps(ARTICLES), capture_output=True, text=True,
                            check=True, timeout=120)
    return result.stdout


def test_deterministic_across_processes() -> None:
    first, second = _run("1"), _run("2")
    assert first == second
    assert json.loads(first)[0][1], "the script must produce keywords, not an empty result"


def test_fit_learns_idf_and_joblib_roundtrip(tmp_path: Path) -> None:
    corpus = ARTICLES + [
        "青石县图书馆举办读书分享会，吸引百余名市民参加。",
        "南河区开展反诈宣传进社区活动，发放宣传资料500余份。",
        "东港口岸一季度进出口货物总值创历史新高。",
    ]
    model = TextRankSummarizer().fit(corpus)
    assert model.n_docs_ == len(corpus)
    assert model.idf_["驿站"] > model.idf_["图书馆"]  # in 1 article vs in 2
    assert "的" in model.stopwords_  # the package list is part of the fitted stopwords
    path = tmp_path / "summarizer.joblib"
    joblib.dump(model, path)
    loaded = joblib.load(path)
    assert loaded.get_params() == model.get_params()
    for text in ARTICLES:
        assert loaded.analyze(text) == model.analyze(text)
    # clone keeps parameters and drops what was learned (scikit-learn contract)
    assert not hasattr(clone(model), "idf_")


def test_old_pickle_without_newer_parameters_still_loads() -> None:
    import pickle

    model = TextRankSummarizer(density_weight=0.0).fit(ARTICLES)
    state = model.__getstate__()
    del state["density_weight"]  # as pickled by a version without this parameter
    old = TextRankSummarizer.__new__(TextRankSummarizer)
    old.__setstate__(state)
    assert old.density_weight == TextRankSummarizer().density_weight
    assert pickle.loads(pickle.dumps(old)).summarize(LIBRARY).sentences


def test_fitted_idf_changes_ranking_weights() -> None:
    corpus = ARTICLES * 2 + ["东港口岸新开通集装箱航线。"] * 4
    fitted = TextRankSummarizer().fit(corpus)
    plain = fitted._weights(["口岸", "驿站"])
    unfitted = TextRankSummarizer()._weights(["口岸", "驿站"])
    assert list(unfitted) == [1.0, 1.0]
    assert plain[0] < plain[1]
    off = TextRankSummarizer(use_idf=False).fit(corpus)._weights(["口岸", "驿站"])
    assert list(off) == [1.0, 1.0]


@pytest.mark.parametrize("text", ARTICLES)
def test_keywords_clean_sorted_and_deterministic(text: str) -> None:
    kws = keywords(text, k=8)
    assert 0 < len(kws) <= 8
    for word, score in kws:
        assert len(word) >= 2
        assert not re.search(r"[\W_]", word), word
        assert not re.fullmatch(r"[\d.]+", word)
        assert score > 0
    assert kws == sorted(kws, key=lambda ws: (-ws[1], ws[0]))
    assert keywords(text, k=8) == kws
    assert len({w for w, _ in kws}) == len(kws)


@pytest.mark.parametrize("text", [LIBRARY, HARBOUR])
def test_keyphrases_merge_adjacent_keywords(text: str) -> None:
    phrases = [w for w, _ in keywords(text, k=8) if len(cut(w)) > 1]
    assert phrases, "adjacent keywords seen together twice must merge into a keyphrase"
    assert all(strip_bylines(text).count(p) >= 2 for p in phrases)


def test_analyze_shares_one_tokenization() -> None:
    model = TextRankSummarizer()
    stripped = strip_bylines(LIBRARY)
    tokens = cut(stripped)
    assert model.analyze(stripped, tokens=tokens) == model.analyze(LIBRARY)
    s, kws = model.analyze(LIBRARY, k=3)
    assert s == model.summarize(LIBRARY) and kws == model.keywords(LIBRARY, k=3)
    with pytest.raises(ValueError):
        model.analyze(stripped, tokens=tokens[:-1])


def test_long_article_ranked_on_a_bounded_window() -> None:
    body = "".join(f"第{i}号码头今天装卸集装箱{i % 7 + 1}百个。" for i in range(2000))
    model = TextRankSummarizer(max_ranked_sentences=50)
    s = model.summarize(body, max_chars=120, max_sentences=3)
    assert s.sentences and all(i < 50 for i, _, _ in s.sentences)
    assert len(s.text) <= 120


def test_module_level_options() -> None:
    with pytest.raises(ValueError):
        summarize(LIBRARY, backend="nope")
    base = summarize(HARBOUR, max_chars=200, max_sentences=1)
    changed = summarize(HARBOUR, max_chars=200, max_sentences=1, lead_bias=0.0)
    assert [i for i, _, _ in base.sentences] != [i for i, _, _ in changed.sentences]
    assert TextRankSummarizer().get_params()["lead_bias"] != 0.0  # the override did not stick


def test_import_does_no_work() -> None:
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "import classify.summarizers as s\n"
        "from classify.summarizers.base import package_stopwords\n"
        "print(int('jieba' in sys.modules or 'jieba_fast' in sys.modules),"
        " package_stopwords.cache_info().currsize, int('textrank4zh' in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout.split()
    assert out == ["0", "0", "0"]


def test_textrank4zh_backend_on_installed_networkx() -> None:
    pytest.importorskip("textrank4zh")
    import networkx as nx

    had = hasattr(nx, "from_numpy_matrix")
    s = summarize(FRAUD, max_chars=90, max_sentences=2, backend="textrank4zh")
    assert s.sentences and len(s.sentences) <= 2
    assert s.over_budget or len(s.text) <= 90
    assert [i for i, _, _ in s.sentences] == sorted(i for i, _, _ in s.sentences)
    assert _whole_sentences(s, FRAUD)
    for name in CREDIT_NAMES:
        assert name not in s.text
    assert hasattr(nx, "from_numpy_matrix") == had  # the shim is scoped to the call


RAW_COLUMNS = (
    "本报讯（记者 石青） 3月5日，城南街道\n"
    "新建的社区食堂开门营业，六十多位\n"
    "\n"
    "老人在这里吃上了热乎的午饭。\n"
    "食堂每天供应两荤两素，老人凭卡\n"
    "就餐还能享受八折优惠。街道负责人\n"
    "介绍，年内还将在另外三个社区开设\n"
    "同样的食堂。\n"
)


def test_raw_column_broken_text_is_mended_before_ranking():
    """An article file straight from a page: sentences come whole, the byline does not come."""
    from classify.split import whole_article

    body = whole_article(RAW_COLUMNS).body
    result = summarize(RAW_COLUMNS, max_chars=120)
    assert result.sentences
    for _, _, sentence in result.sentences:
        assert sentence in body
        assert sentence[-1] in "。！？；…”"
    assert "记者" not in result.text and "\n" not in result.text

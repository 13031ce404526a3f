"""Issue structure: page facts from the furniture, continued stories, teasers, joined articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import page_text

from classify import parse_page
from classify.issue import (
    IssueAssembler,
    article_jumps,
    issue_of,
    link_issue,
    page_fields,
    parse_jump,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


STORY = ("本报讯（记者 郝一鸣） 6月24日，记者从市政务服务管理局获悉，我市“一件事一次办”改革再扩围，"
         "120项高频事项实现一窗受理。")


def test_page_fields_read_number_name_and_date():
    page = parse_page(page_text("临河日报", "2026年6月25日 星期四 责编：任远舟", "经济 A2", "", STORY))
    assert page_fields(page) == {"page": 2, "page_name": "经济", "issue_date": "2026-06-25"}
    page = parse_page(page_text(STORY, "", "城事·民生 第3版", "2026年6月5日 星期四 责编：岳青"))
    assert page_fields(page) == {"page": 3, "page_name": "城事·民生", "issue_date": "2026-06-05"}


def test_page_fields_unknown_when_not_printed():
    assert page_fields(parse_page(page_text(STORY))) == {"page": None, "page_name": "", "issue_date": None}


@pytest.mark.parametrize("text, expected", [
    ("（下转第3版）", ("to", 3)), ("（上接第1版）", ("from", 1)), ("(下转A12版)", ("to", 12)),
    ("（上接第十二版）", ("from", 12)), ("（紧接第2版）", ("from", 2)), ("本版编辑", None),
])
def test_parse_jump(text, expected):
    assert parse_jump(text) == expected


def test_jump_marker_belongs_to_the_article_around_it():
    text = page_text(STORY, "（下转第3版）", "", "标题一则", "", "本报讯 记者从市气象台获悉，预计我市将正式入梅。")
    page = parse_page(text)
    jumps = article_jumps(page)
    assert len(jumps) == len(page.articles) == 2
    assert jumps[0] == ["（下转第3版）"] and jumps[1] == []


def _rec(source, index, title, body, page=None, jump=()):
    return {"source": source, "index": index, "title": title, "body": body, "page": page, "page_name": "",
            "jump": list(jump), "continued_from": None, "continued_to": None, "teaser_of": None,
            "parts": None, "joined": None}


def test_continuation_is_matched_by_page_and_then_by_text():
    head = _rec("p1", 1, "社区书屋延时开放", "全市126家社区书屋将延长开放时间。", 1, ["（下转第3版）"])
    # two `上接` parts on page 3: the one that shares the story's words wins
    other = _rec("p3", 1, "电梯加装再添60部", "老旧小区加装电梯进展顺利。", 3, ["（上接第1版）"])
    right = _rec("p3", 2, "社区书屋延时开放", "书屋还将开展少儿阅读打卡活动。", 3, ["（上接第1版）"])
    pages = [[head], [_rec("p2", 1, "无关", "无关的文字。", 2)], [other, right]]
    link_issue(pages)
    assert head["continued_to"] == {"source": "p3", "index": 2}
    assert right["continued_from"] == {"source": "p1", "index": 1}
    assert other["continued_from"] is None


def test_continuation_naming_another_page_loses_to_one_naming_this_page():
    head = _rec("p1", 1, "书屋延时开放", "社区书屋延时开放。", 1, ["（下转第3版）"])
    named = _rec("p3", 1, "另一篇", "别的话题。", 3, ["（上接第1版）"])
    similar_but_from_2 = _rec("p3", 2, "书屋延时开放", "社区书屋延时开放。", 3, ["（上接第2版）"])
    link_issue([[head], [_rec("p2", 1, "x", "y。", 2)], [named, similar_but_from_2]])
    assert head["continued_to"] == {"source": "p3", "index": 1}


def test_page_falls_back_to_file_order():
    pages = [[_rec("a", 1, "t", "b。")], [_rec("b", 1, "t2", "c。")]]
    link_issue(pages)
    assert [p[0]["page"] for p in pages] == [1, 2]


def test_teaser_needs_the_headline_and_the_page_it_names():
    target = _rec("p3", 1, "老旧小区加装电梯 今年再添60部", "长正文。" * 30, 3)
    teaser = _rec("p1", 1, "老旧小区加装电梯 今年再添60部", "已有23部完工（详见第3版）。", 1)
    lookalike = _rec("p1", 2, "老旧小区加装电梯 今年再添60部", "已有23部完工（详见第4版）。", 1)
    link_issue([[teaser, lookalike], [target]])
    assert teaser["teaser_of"] == {"source": "p3", "index": 1}
    assert lookalike["teaser_of"] is None


def test_issue_of_groups_by_folder_and_loose_files():
    assert issue_of("x/a/1.txt", ["x"]) == issue_of("x/a/2.txt", ["x"]) != issue_of("x/b/1.txt", ["x"])
    assert issue_of("loose.txt", ["x"]) == issue_of("other.txt", []) == ""


def test_assembler_waits_for_the_whole_issue():
    class Done:
        def __init__(self, source, records):
            self.source, self.records = source, records

    keys = {"a": "i1", "b": "i1", "c": "i2"}
    asm = IssueAssembler(["a", "b", "c"], keys, None)
    assert asm.feed(Done("a", [_rec("a", 1, "t", "b。")])) == []
    out = asm.feed(Done("b", [_rec("b", 1, "t", "b。")]))
    assert [o.source for o in out] == ["a", "b"]
    assert [o.source for o in asm.feed(Done("c", [_rec("c", 1, "t", "b。")]))] == ["c"]


@pytest.fixture(scope="module")
def sample_records(sample_issue_records):
    return sample_issue_records


def test_sample_issue_structure(sample_records):
    recs = sample_records
    assert {r["page"] for r in recs} == {1, 2, 3, 4}
    assert {r["page_name"] for r in recs} == {"要闻", "经济", "城事·民生", "文化·综合"}
    heads = [r for r in recs if r["continued_to"]]
    tails = [r for r in recs if r["continued_from"]]
    assert len(heads) == len(tails) == 1
    head, tail = heads[0], tails[0]
    assert (head["page"], tail["page"]) == (1, 3)
    assert head["continued_to"] == {"source": tail["source"], "index": tail["index"]}
    joined = [r for r in recs if r["parts"]]
    assert len(joined) == 1
    j = joined[0]
    assert j["parts"] == [{"source": head["source"], "index": head["index"]},
                          {"source": tail["source"], "index": tail["index"]}]
    assert head["joined"] == tail["joined"] == {"source": j["source"], "index": j["index"]}
    assert j["body"] == head["body"] + "\n" + tail["body"]
    # one abstract that draws on both parts
    from classify.sentences import split_sentences

    sentences = split_sentences(j["summary"])
    assert any(s in head["body"] for s in sentences) and any(s in tail["body"] for s in sentences)
    assert len({(r["source"], r["index"]) for r in recs}) == len(recs)
    teasers = [r for r in recs if r["teaser_of"]]
    assert len(teasers) == 1 and teasers[0]["page"] == 1
    target = next(r for r in recs if (r["source"], r["index"]) == (teasers[0]["teaser_of"]["source"],
                                                                  teasers[0]["teaser_of"]["index"]))
    assert target["page"] == 3 and target["title"] == teasers[0]["title"]


def test_files_named_together_link_but_do_not_join(default_model, tmp_path):
    from classify.cli import main

    out = tmp_path / "two.jsonl"
    pages = [str(SAMPLES / "01_yaowen.txt"), str(SAMPLES / "03_minsheng.txt")]
    assert main(["tag", *pages, "-o", str(out), "--jobs", "1", "-q"]) == 0
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum(1 for r in recs if r["continued_to"]) == 1
    assert not any(r["parts"] for r in recs)
    assert main(["tag", *pages, "-o", str(out), "--jobs", "1", "-q", "--join-continuations"]) == 0
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum(1 for r in recs if r["parts"]) == 1


def test_page_position_counts_pages_already_done():
    """On --resume the pages already written still count: the third page stays page 3."""
    class Done:
        def __init__(self, source, records):
            self.source, self.records = source, records

    keys = dict.fromkeys(("a", "b", "c"), "i1")
    asm = IssueAssembler(["c"], keys, None, all_sources=["a", "b", "c"])
    (out,) = asm.feed(Done("c", [_rec("c", 1, "t", "b。")]))
    assert out.records[0]["page"] == 3

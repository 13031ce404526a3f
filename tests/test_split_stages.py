"""The staged splitter: facts API, roles and taggers, explain, options, rules, layouts, speed.

The pages in tests/layouts/ were written for these tests, one page per failure class of real
layouts (headline shapes, wire-copy openers, byline lines, stacks, boxes, jumps, notices,
commentary, Q&A, briefs, captions, mixed columns, OCR noise); none is copied from anywhere.
"""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path

import pytest
from helpers import page_text

from classify.evaluate import _canon, evaluate_pages, match_articles
from classify.normalize import split_lines
from classify.read import read_text
from classify.split import (
    ROLES,
    Layout,
    LineFacts,
    SplitOptions,
    Tagger,
    gold_roles,
    line_facts,
    parse_page,
    split_page,
)
from classify.split import _patterns as P
from classify.split.articles import broken_headline
from classify.split.blocks import is_subtitle

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ROOT / "tests" / "layouts"
LAYOUT_GOLD = sorted(LAYOUTS.glob("*.gold.json"))
PAGES = ROOT / "tests" / "pages"


def _accounted(text: str, page) -> None:
    seen = [n for n, _ in page.furniture]
    for a in page.articles:
        seen += [*a.title_lines, *a.kicker_lines, *a.byline_lines, *a.body_lines, *a.jump_lines]
    nonblank = {n for n, line in enumerate(split_lines(text), 1) if line}
    assert len(seen) == len(set(seen)), "a line placed twice"
    assert set(seen) == nonblank


# ---------------------------------------------------------------------------------------------
# Layout pages, one failure class each

over_layouts = pytest.mark.parametrize("gold_path", LAYOUT_GOLD, ids=[g.name.split(".")[0] for g in LAYOUT_GOLD])


def _layout(gold_path: Path):
    text = read_text(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    return text, gold, parse_page(text)


def test_there_are_layout_pages():
    assert len(LAYOUT_GOLD) >= 10


@over_layouts
def test_layout_articles_found_with_exact_titles_kickers_and_jumps(gold_path):
    text, gold, page = _layout(gold_path)
    _accounted(text, page)
    matches = match_articles(gold, page.articles)
    assert len(matches) == len(gold) == len(page.articles), [a.title for a in page.articles]
    for gi, pi, _ in matches:
        g, a = gold[gi], page.articles[pi]
        assert _canon(g["title"]) == _canon(a.title)
        assert _canon(g["kicker"]) == _canon(a.kicker)
        assert _canon(g["byline"]) in _canon(a.byline)
        assert g["kind"] == a.kind
        assert _canon(g["jump"]) == _canon(a.jump)


def test_layouts_evaluate_at_full_recall_and_precision():
    result = evaluate_pages(LAYOUTS)
    assert result["recall"] == 1.0 and result["precision"] == 1.0, result["errors"]
    assert result["title_exact"] == 1.0, result["errors"]


def test_headlines_with_digits_percent_quotes_and_question_marks_are_titles():
    text = read_text(LAYOUTS / "headline_shapes.txt")
    titles = [a.title for a in split_page(text)]
    assert titles == ["1—10月份全市规模以上工业增加值同比增长3.4%", "“小店经济”激活老街区",
                      "5G基站实现乡镇全覆盖", "夜市开到凌晨，你去逛了吗？"]


@pytest.mark.parametrize("opener", [
    "新华社北京3月5日电（记者 邢远 吕安）", "中新网北京3月17日电 （记者 阮清）", "光明网讯（记者 苏禾）",
    "人民网北京3月18日电", "本报讯（记者 王一）",
])
def test_wire_copy_openers_go_to_the_byline(opener):
    text = page_text(
        "本报讯（记者 钟石）3月4日，市区新开通两条", "公交线路，方便市民出行。", "",
        "公交新线开通", "",
        f"{opener}今年以来，全国新能源汽车产销", "两旺，出口量同比大幅增长。", "",
        "新能源汽车产销两旺",
    )
    articles = split_page(text)
    assert [a.title for a in articles] == ["公交新线开通", "新能源汽车产销两旺"]
    assert _canon(opener) in _canon(articles[1].byline)
    assert articles[1].body.startswith("今年以来")


@pytest.mark.parametrize("byline", ["■ 科技日报实习记者 罗一帆", "记者 胡杨 曾莉", "文/柯晓棠 图/钟泽", "柯晓棠 摄"])
def test_a_byline_under_a_headline_is_not_the_title(byline):
    text = page_text("我市新增示范幼儿园三所", "", byline, "", "近日，省教育厅公布新一批示范幼儿园名单，",
                 "我市三所幼儿园入选，总数达到二十一所。")
    (article,) = split_page(text)
    assert article.title == "我市新增示范幼儿园三所"
    assert _canon(byline.lstrip("■ ")) in _canon(article.byline)
    assert "罗一帆" not in article.body and "胡杨" not in article.body


def test_pretitle_title_and_two_line_subtitle_in_one_block():
    (first, *_) = split_page(read_text(LAYOUTS / "stack_box_jump.txt"))
    assert first.kicker == "坚持项目为王 厚植发展优势"
    assert first.title == "我市四季度重大项目集中开工——总投资386亿元，涉及先进制造、城市更新等领域"


def test_a_headline_broken_mid_word_stays_one_title():
    text = page_text("全市首家“共享", "法庭”在柳湾镇揭牌", "——群众足不出村就能参与在线调解", "",
                 "本报讯（记者 冉秋白）近日，柳湾镇“共享法庭”正式揭牌，", "群众足不出村就能参与在线调解。")
    (article,) = split_page(text)
    assert article.kicker == ""
    assert article.title == "全市首家“共享法庭”在柳湾镇揭牌——群众足不出村就能参与在线调解"


def test_jump_markers_go_to_the_story_they_continue():
    articles = split_page(read_text(LAYOUTS / "stack_box_jump.txt"))
    down = [a for a in articles if "下转" in a.jump]
    up = [a for a in articles if "上接" in a.jump]
    assert len(down) == 1 and down[0].title.startswith("我市四季度重大项目集中开工")
    assert len(up) == 1 and up[0].body.startswith("项目建成后")
    assert all("下转" not in a.body and "上接" not in a.body for a in articles)


def test_data_box_label_is_the_kicker_and_items_are_paragraphs():
    box = [a for a in split_page(read_text(LAYOUTS / "stack_box_jump.txt")) if a.kicker == "数说"]
    assert len(box) == 1
    assert box[0].body.split("\n") == ["●开工项目42个", "●总投资386亿元", "●先进制造业项目23个"]


def test_commentary_author_note_at_the_end_is_its_byline():
    articles = split_page(read_text(LAYOUTS / "notice_comment_ad.txt"))
    comment = [a for a in articles if a.kicker == "时评"]
    assert len(comment) == 1 and comment[0].title == "让“一老一小”过得更舒心"
    assert "作者单位" in comment[0].byline and "钟理" in comment[0].byline
    assert "作者单位" not in comment[0].body


def test_broken_signoff_and_interview_turns():
    articles = split_page(read_text(LAYOUTS / "briefs_qa_caption.txt"))
    assert [a.kind for a in articles] == ["brief", "brief", "brief", "article", "caption"]
    assert "苏末" in _canon(articles[2].byline) and "苏" not in articles[2].body[-3:]
    assert articles[3].body.startswith("记者：今年的冬季供暖有哪些新变化？")
    assert articles[4].byline == "本报记者 葛川 摄"


def test_stray_page_number_in_a_column_is_furniture():
    page = parse_page(read_text(LAYOUTS / "ocr_noise.txt"))
    assert [text for _, text in page.furniture] == ["14"]


# ---------------------------------------------------------------------------------------------
# Named rules

@pytest.mark.parametrize(("first", "second", "broken"), [
    ("全市首家“共享", "法庭”在柳湾镇揭牌", True),
    ("帮扶车间让群众", "的收入稳步增长", True),
    ("坚持项目为王 厚植发展优势", "我市四季度重大项目集中开工", False),
])
def test_broken_headline(first, second, broken):
    assert broken_headline(first, second) is broken


@pytest.mark.parametrize(("lines", "ok"), [
    (["——总投资386亿元，涉及先进制造、", "城市更新等领域"], True),
    (["——学员未结业已被企业预订"], True),
    (["——他说。今年以来，全市新增"], False),
    (["——涉及先进制造、"], False),
])
def test_is_subtitle(lines, ok):
    assert is_subtitle(lines, SplitOptions()) is ok


@pytest.mark.parametrize(("line", "pattern", "hit"), [
    ("● 开工项目42个", P.BULLET_ITEM, True),
    ("■ 本报记者 王一 摄", P.BULLET_ITEM, False),
    ("（作者单位：青川市社会科学院）", P.AUTHOR_NOTE, True),
    ("（上接第1版）", P.JUMP, True),
    ("（下转第3版）", P.JUMP, True),
    ("来源：江州发布", P.SOURCE_LINE, True),
    ("【数说】", P.BOX_LABEL, True),
    ("记者：遇到暖气不热怎么办？", P.QA_TURN, True),
])
def test_patterns(line, pattern, hit):
    assert bool(pattern.match(line.replace(" ", "") if pattern is not P.BULLET_ITEM else line)) is hit


def test_options_every_threshold_has_a_reason():
    reasons = SplitOptions.reasons()
    assert reasons and all(len(why) > 20 for why in reasons.values())


def test_options_change_the_split():
    text = page_text("市图书馆少儿阅览区重新开放", "", "本报讯（记者 李青）5月7日，市图书馆少儿阅览区改造完成。")
    assert split_page(text)[0].title == "市图书馆少儿阅览区重新开放"
    strict = parse_page(text, options=SplitOptions(heading_max_chars=6))
    assert strict.articles[0].title == ""


# ---------------------------------------------------------------------------------------------
# Facts, roles, explain, tagger

def test_line_facts_one_per_nonblank_line_with_stable_features():
    text = read_text(LAYOUTS / "byline_lines.txt")
    lines = split_lines(text)
    facts = line_facts(lines)
    assert [f.index for f in facts] == [i for i, line in enumerate(lines) if line]
    keys = set(facts[0].features())
    for f in facts:
        feats = f.features()
        assert set(feats) == keys
        assert all(isinstance(v, (float, str, bool)) for v in feats.values())
    assert facts[1].byline_line and facts[1].features()["byline_line"] is True
    assert not facts[0].byline_line and facts[0].heading_shape
    assert not {"font_ratio", "bold", "column", "x_gap", "y_gap"} & keys


def test_layout_fields_become_features_when_known():
    lines = ["标题一行", "正文第一行，有逗号。"]
    facts = line_facts(lines, layouts=[Layout(font_ratio=1.8, bold=True), Layout(font_ratio=1.0)])
    assert facts[0].features()["font_ratio"] == 1.8 and facts[0].features()["bold"] is True
    assert "bold" not in facts[1].features()


def test_explain_gives_each_nonblank_line_a_role_and_a_rule():
    text = read_text(LAYOUTS / "stack_box_jump.txt")
    page = parse_page(text, explain=True)
    lines = split_lines(text)
    assert [d.line for d in page.decisions] == [n for n, line in enumerate(lines, 1) if line]
    assert all(d.role in ROLES and d.rule for d in page.decisions)
    by_line = {d.line: d for d in page.decisions}
    first = page.articles[0]
    assert by_line[first.kicker_lines[0]].role == "pretitle"
    assert {by_line[n].role for n in first.title_lines} == {"title", "subtitle"}
    assert by_line[first.jump_lines[0]].role == "jump"
    assert parse_page(text).decisions == ()


class _GoldTagger:
    """A stand-in for a learned tagger: answers with the gold roles of one page."""

    def __init__(self, roles: list[str]) -> None:
        self.roles = roles

    def predict_roles(self, facts: list[LineFacts]) -> list[str]:
        return list(self.roles)


def test_a_tagger_replaces_the_rule_roles():
    gold_path = LAYOUTS / "headline_shapes.gold.json"
    text = read_text(LAYOUTS / "headline_shapes.txt")
    roles = gold_roles(split_lines(text), json.loads(gold_path.read_text(encoding="utf-8"))["articles"])
    tagger = _GoldTagger(roles)
    assert isinstance(tagger, Tagger)
    page = parse_page(text, tagger=tagger, explain=True)
    _accounted(text, page)
    assert [a.title for a in page.articles] == [a.title for a in split_page(text)]
    assert {d.rule for d in page.decisions} == {"tagger"}


def test_a_tagger_with_wrong_output_is_refused():
    text = page_text("标题", "", "正文一行。")
    with pytest.raises(ValueError, match="one role per"):
        parse_page(text, tagger=_GoldTagger(["title"]))
    with pytest.raises(ValueError, match="unknown roles"):
        parse_page(text, tagger=_GoldTagger(["headline", "body"]))


def test_gold_roles_read_back_the_gold_fields():
    gold_path = PAGES / "h01_jicheng_shendu.gold.json"
    lines = split_lines(read_text(PAGES / "h01_jicheng_shendu.txt"))
    roles = gold_roles(lines, json.loads(gold_path.read_text(encoding="utf-8"))["articles"])
    nonblank = [line for line in lines if line]
    assert len(roles) == len(nonblank)
    assert set(roles) <= set(ROLES)
    assert roles[0] == "furniture"
    titled = {line for line, role in zip(nonblank, roles, strict=True) if role == "title"}
    assert "一台收割机里的县域产业账" in titled


# ---------------------------------------------------------------------------------------------
# Linear time

def _pathological(n: int) -> str:
    """Short lines between blank lines; repeated headings, bylines and page numbers."""
    out = []
    for k in range(n):
        out += ["市区新建公园一处", "", "■ 本报记者 王小明", "", str(k % 30 + 1), "",
                "本报讯（记者 李青）5月7日，市图书馆开放。", "", "记者 胡杨", ""]
    return "\n".join(out)


def _cpu(*texts: str, runs: int = 5) -> list[float]:
    """CPU seconds to parse each text, the least of `runs` runs: other work on a shared machine
    only ever adds time, so the minimum is the steadiest estimate of the work itself. The texts
    take turns within each run, so a burst of load hits all of them rather than one (timing
    one text's runs after the other's let a burst decide a ratio). The garbage collector is
    paused while timing: in a long test session its full passes scan every object the other
    tests left, which is the runner's cost, not the splitter's."""
    times: list[list[float]] = [[] for _ in texts]
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            for spent, text in zip(times, texts, strict=True):
                start = time.process_time()
                parse_page(text)
                spent.append(time.process_time() - start)
    finally:
        gc.enable()
    return [min(spent) for spent in times]


def test_doubling_a_pathological_page_less_than_doubles_and_a_half_its_time():
    small, big = _pathological(800), _pathological(1600)
    parse_page(small)  # warm up
    small_cpu, big_cpu = _cpu(small, big)
    assert big_cpu < 2.5 * small_cpu


def test_a_200_kb_page_of_short_lines_splits_in_under_a_second():
    words = ["市民", "公园开放", "记者 王明", "3", "发展新区建设", "■ 本报记者 李青"]
    lines = []
    size = 0
    k = 0
    while size < 200_000:
        lines += [words[k % len(words)], ""]
        size += len(words[k % len(words)].encode()) + 2
        k += 1
    text = "\n".join(lines)
    assert _cpu(text, runs=3)[0] < 1.0


def test_paragraphs_are_measured_against_the_local_column():
    """A story set partly in a wide and partly in a narrow column: a narrow line that ends a
    sentence at the column edge does not end the paragraph."""
    article = split_page(read_text(LAYOUTS / "mixed_widths_subheads.txt"))[0]
    assert "满负荷运转。企业负责人介绍" in article.body
    assert article.body.split("\n")[3] == "岸线变“颜值”"


def test_reprint_opener_and_a_caption_credit_set_apart():
    articles = split_page(read_text(LAYOUTS / "reprint_notices_after.txt"))
    assert articles[0].byline == "据新华社电" and articles[0].title == "迎峰度夏电力保供提前部署"
    assert articles[1].kind == "caption" and articles[1].byline == "本报记者 雷鸣"
    assert [a.title for a in articles[3:]] == ["遗失声明", "遗失声明"]


def test_gold_roles_as_a_tagger_reproduce_the_gold_pages():
    """The tagger path shares the segment and title stages with the rules: fed the gold roles,
    it finds the gold articles (an upper bound for a learned tagger)."""
    from classify.evaluate import load_gold

    found = total = 0
    for page, gold in load_gold(PAGES):
        text = read_text(page)
        roles = [r or "body" for r in gold_roles(split_lines(text), gold["articles"])]
        predicted = parse_page(text, tagger=_GoldTagger(roles)).articles
        found += len(match_articles(gold["articles"], predicted))
        total += len(gold["articles"])
    assert found / total >= 0.99


# ---------------------------------------------------------------------------------------------
# Rules added for real layouts (pages written for these tests)

def test_a_caption_inside_a_story_floats_out_and_the_story_goes_on():
    text = page_text(
        "芦花荡", "",
        "本报讯（记者 唐宁）入秋以来，城北芦花荡",
        "湿地的芦苇陆续抽穗，远远望去一片银白。",
        "湿地管理处介绍，今年新修木栈道两公里。", "",
        "10月9日，游客在芦花荡湿地拍照。", "本报记者 唐宁 摄", "",
        "管理处提醒，游客请勿进入芦苇深处，注意",
        "防火安全，文明赏景。",
    )
    articles = split_page(text)
    assert [a.kind for a in articles] == ["article", "caption"]
    story, caption = articles
    assert story.title == "芦花荡" and "管理处提醒" in story.body
    assert caption.body.startswith("10月9日") and caption.byline == "本报记者 唐宁 摄"


def test_a_jump_out_ends_the_story_even_mid_sentence():
    text = page_text(
        "老街改造启动", "",
        "本报讯（记者 唐宁）10月9日，城南老街改造",
        "工程启动，计划明年完成主体施工，改造后",
        "（下转第2版）", "",
        "10月8日，市民在城南老街散步。", "本报记者 唐宁 摄",
    )
    story, caption = split_page(text)
    assert story.jump == "（下转第2版）" and "10月8日" not in story.body
    assert caption.kind == "caption"


def test_a_headline_right_above_an_opener_with_no_blank_line():
    text = page_text(
        "本报讯（记者 唐宁）10月9日，市图书馆开放夜间阅览。",
        "周六，三千个岗位",
        "等你到体育中心“面对面”",
        "本报讯（记者 唐宁）10月11日，秋季招聘会将在体育中心举行。",
    )
    articles = split_page(text)
    assert [a.title for a in articles] == ["", "周六，三千个岗位等你到体育中心“面对面”"]


def test_bullets_list_items_of_a_notice_but_open_dated_briefs():
    notice = split_page(page_text("遗失声明", "●城南区好味道小吃店遗失营业执照一份，声明作废。",
                              "●李国栋遗失出生医学证明一份，声明作废。"))
    assert len(notice) == 1 and notice[0].title == "遗失声明"
    briefs = split_page(page_text("■ 4月10日，市区新增公共充电桩二百个。", "■ 近日，市人社局开通失业保险掌上办。"))
    assert len(briefs) == 2


def test_numbered_sections_stay_in_their_notice():
    text = page_text(
        "社区工作者招聘公告", "",
        "经研究，决定面向社会公开招聘社区工作者二十名。", "",
        "一、报名条件", "",
        "年龄在三十五周岁以下，具有大专以上学历。", "",
        "二、报名方式", "",
        "请于11月30日前到市民政局报名。",
    )
    (notice,) = split_page(text)
    assert notice.title == "社区工作者招聘公告"
    assert notice.body.split("\n")[1] == "一、报名条件"


def test_a_heading_belongs_to_the_story_it_touches():
    """No blank line between a heading and the text under it, a blank line above: the heading
    titles the text below, even on a page whose other headline sits under its story."""
    text = page_text(
        "据市气象台预报，本周气温逐日回升，最高", "将达二十九摄氏度，早晚温差较大。", "",
        "本周后半程气温回升", "",
        "市儿童医院开设夜间门诊",
        "本报讯 为缓解夜间就诊压力，市儿童医院自4月15日起开设夜间门诊。（何蕙）",
    )
    articles = split_page(text)
    assert [a.title for a in articles] == ["本周后半程气温回升", "市儿童医院开设夜间门诊"]


def test_ocr_half_width_punctuation_is_read_as_chinese_and_printed_as_is():
    text = page_text(
        "“AI换脸”诈骗,", "技术防线更要跟上", "",
        "近来,“AI换脸”类诈骗时有发生。不法分子利用盗取的照片合成亲友的面容,",
        "通过视频通话实施诈骗,让不少人防不胜防。(作者:林知远)",
    )
    (article,) = split_page(text)
    assert article.title == "“AI换脸”诈骗,技术防线更要跟上"
    assert "(作者:林知远)" in article.byline and "作者" not in article.body


def test_line_facts_equal_the_dataclass_constructor_and_no_field_is_missing():
    # the facts stage builds LineFacts without the frozen dataclass's __init__: each fact must be
    # what the constructor makes from its fields (a missing or extra field raises here)
    from classify.split import LineFacts

    root = Path(__file__).resolve().parents[1]
    text = read_text(sorted((root / "data" / "samples").glob("*.txt"))[0])
    facts = line_facts(split_lines(text))
    assert facts
    for f in facts:
        assert LineFacts(**vars(f)) == f
        assert hash(LineFacts(**vars(f))) == hash(f)


@pytest.mark.parametrize(("line", "byline"), [
    ("■ 本报记者 吴兆旭", True), ("■ 记者 秦晓光 马丽君", True), ("记者 胡杨 曾莉", True), ("（杨帆）", True),
    ("王啸 摄/鹭城晚报视觉中心", True), ("本报记者 叶知秋 摄", True), ("文/图 李苗", True),
    ("记者2人", False), ("■ 本报记者 吴兆旭。", False), ("“王力”", False), ("A记者", False), ("■ 王力 ■", False),
])
def test_byline_lines_with_and_without_characters_no_byline_holds(line, byline):
    # `is_byline_line` turns down at once a line holding a character no byline token can hold
    # (a digit, a full stop, a quote, a Latin letter, a marker past the first character); the
    # marked and bracketed bylines must still pass
    from classify import bylines

    assert bylines.is_byline_line(line) is byline


def _all_page_lines() -> list[str]:
    """Every decision text of every page the tests and samples hold (a wide mix of line shapes)."""
    from classify.normalize import unspace_letters
    from classify.split.facts import mend_punctuation

    root = Path(__file__).resolve().parents[1]
    out: list[str] = []
    for folder in ("data/samples", "tests/pages", "tests/blind", "tests/blind2", "tests/holdout", "tests/layouts"):
        for path in sorted((root / folder).glob("*.txt")):
            out.extend(mend_punctuation(unspace_letters(line)) for line in split_lines(read_text(path)) if line)
    return out


def test_facts_a_tagger_reads_are_filled_in_when_first_read_and_equal_the_public_facts():
    # parse_page leaves the facts only a tagger reads to be filled in on first use: read through
    # a field, through features() or not at all, the facts must be those line_facts gives
    from dataclasses import fields

    from classify.normalize import unspace_letters
    from classify.split.facts import _LATER_FIELDS, LineMemo, mend_punctuation, page_facts
    from classify.split.options import DEFAULT

    root = Path(__file__).resolve().parents[1]
    lines = split_lines(read_text(sorted((root / "data" / "samples").glob("*.txt"))[0]))
    mended = [mend_punctuation(unspace_letters(line)) for line in lines]
    public = line_facts(lines)
    assert not any("_later" in vars(f) for f in public)  # the public API sets every field
    lazy = page_facts(lines, mended, DEFAULT, None, LineMemo(DEFAULT))
    assert all(_LATER_FIELDS.isdisjoint(vars(f)) for f in lazy)  # left out by the facts stage
    assert {f.name for f in fields(LineFacts)} > _LATER_FIELDS
    assert lazy[0].chars == public[0].chars and set(vars(lazy[0])) >= _LATER_FIELDS  # one read fills all
    assert [f.features() for f in lazy] == [f.features() for f in public]
    assert lazy == public
    with pytest.raises(AttributeError):
        lazy[1].no_such_fact  # noqa: B018 - an unknown name is still an AttributeError


def test_gated_line_predicates_equal_the_plain_patterns_on_every_test_line():
    # line_finishes, furniture_rules and mend_punctuation skip patterns a line cannot match (by
    # its last character, by sentence punctuation, by the marks present): on every line of the
    # test pages, and on each with a tail that opens the gates, they equal the plain formulas
    from classify import bylines
    from classify.split.facts import (
        _HALF,
        _LAZY,
        ends_sentence,
        furniture_rules,
        is_byline,
        line_finishes,
        mend_punctuation,
    )
    from classify.split.options import DEFAULT

    def finishes_plain(line: str) -> bool:
        if line.rstrip()[-1:] in "）)":
            line = P.JUMP_AT_END.sub("", line)
        credit = bylines.split_credit(line)
        return (ends_sentence(line) or bool(credit[1] or P.CLOSING.search(line)) or is_byline(line)
                or bool(P.BULLET_ITEM.match(line))
                or bool(P.AUTHOR_NOTE.match(line.replace(" ", "")) or P.AUTHOR_NOTE_CLOSE.match(line.strip()))
                or bool(P.SIGNOFF_TAIL.match(line.strip())) or bool(P.FIGURE_END.search(line))
                or (line[:1] in P.BULLETS and line[-1:] not in P.CONTINUES))

    def furniture_plain(line: str) -> tuple[str, str]:
        if len(line) > DEFAULT.furniture_max_chars:
            return "", ""
        if P.RULE_LINE.match(line) and "…" not in line:
            return "rule_line", "rule_line"
        if line.startswith("本版"):
            return "page_note", "page_note"
        if P.IMPRINT.search(line):
            return "imprint", "imprint"
        if len(line) <= DEFAULT.editor_line_max_chars and P.EDITOR.search(line):
            return "editor_line", "editor_line"
        if P.DATE_LINE.search(line) and "，" not in line and "。" not in line:
            return "date_line", "date_line"
        edge = "hotline" if P.HOTLINE.match(line.replace(" ", "")) else ""
        compact = "".join(ch for ch in line if ch not in " |｜/／")
        if not edge and P.MASTHEAD.match(line):
            edge = "masthead"
        if not edge and (P.PAGE_NO.match(compact) or P.LATIN_MASTHEAD.match(line)):
            edge = "page_number"
        if P.SECTION.match(compact.strip("【】[]")):
            return edge or "section_label", "section_label"
        name = P.PAGE_NUMBER_TOKEN.sub("", compact)
        if not edge and 2 <= len(name) <= 12 and P.PAGE_NAME.match(name):
            edge = "page_name"
        if P.STRAY_NUMBER.match(line):
            return edge or "stray_number", "stray_number"
        return edge, ""

    tails = ("", " 12", "电话：0592-1234567", "2025年3月13日", "5.3%", "（苏", "末）", "，", "。", " ", "(记者", "9:00",
             " 主办", "刊号：CN 35-0001", "第1234期", "热线：", "（来源：新华社）", "提供）", "。 本", "！  ■记者")
    lines = [line + tail for line in _all_page_lines() for tail in tails]
    lines += ["作者单位：青川市社会科学院）", "● 开工项目42个", "■ 接待游客", "A2 要闻", "深 读", "- 3 -", "――――",
              "来源：新华社", "（图片由南平市公安局提供）", "中共江口市委机关报", "新闻热线：0592-96888", "今日 8 版"]
    for line in lines:
        assert line_finishes(line) == finishes_plain(line), line
        assert mend_punctuation(line) == _LAZY._HALF_NEAR_CJK.sub(lambda m: _HALF[m.group(0)], line), line
        assert furniture_rules(line) == furniture_plain(line), line
        assert not P.CREDIT_HEAD.search(line) or P.CREDIT_HEAD_HINT.search(line), line
        compact = line.replace(" ", "")
        assert is_byline(line) == (bool(P.SOURCE_LINE.match(compact) or P.SUPPLIED_LINE.match(compact))
                                   or bylines.is_byline_line(line) and not P.BOX_LABEL.match(compact)), line

"""Page splitting: gold pages, the seed page, the line-accounting invariant and small layouts.

Every synthetic page below was written for these tests; none is copied from data/ or the seed.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from helpers import page_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classify import bylines
from classify.evaluate import _canon, evaluate_pages, match_articles
from classify.normalize import CJK, normalize_line, split_lines
from classify.read import read_text
from classify.split import KINDS, Article, Page, parse_page, split_page

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "pages"
GOLD = sorted(PAGES.glob("*.gold.json"))
# The seed page sits beside the checkout (../shared/seed), or beside a worktree's parent directory.
SEED = next((p for p in (ROOT.parent / "shared" / "seed" / "000_c539cd11dd96f731.txt",
                         ROOT.parent.parent / "shared" / "seed" / "000_c539cd11dd96f731.txt") if p.exists()),
            ROOT.parent / "shared" / "seed" / "000_c539cd11dd96f731.txt")

_TERMINAL = "。！？；…!?;"
_CLOSERS = "”’」』）)》】〉\"'"
_SPACED_CJK = re.compile(rf"[{CJK}] [{CJK}]")


def _page_of(gold_path: Path) -> Path:
    return gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")


@cache
def _load(gold_path: Path) -> tuple[str, dict, Page]:
    text = read_text(_page_of(gold_path))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return text, gold, parse_page(text)


def _matches(gold_path: Path) -> list[tuple[dict, Article]]:
    _, gold, page = _load(gold_path)
    return [(gold["articles"][gi], page.articles[pi]) for gi, pi, _ in match_articles(gold["articles"], page.articles)]


def _accounted(page: Page) -> list[int]:
    """Every line number the page output mentions, with repeats."""
    seen = [n for n, _ in page.furniture]
    for a in page.articles:
        seen += [*a.title_lines, *a.kicker_lines, *a.byline_lines, *a.body_lines, *a.jump_lines]
    return seen


def _nonblank(text: str) -> set[int]:
    return {n for n, line in enumerate(split_lines(text), 1) if line}


def _assert_accounted(text: str, page: Page) -> None:
    seen = _accounted(page)
    dupes = sorted({n for n in seen if seen.count(n) > 1})
    assert not dupes, f"lines placed twice: {dupes}"
    assert set(seen) == _nonblank(text), (
        f"missing {sorted(_nonblank(text) - set(seen))}, extra {sorted(set(seen) - _nonblank(text))}"
    )


def _ends_sentence(paragraph: str) -> bool:
    s = paragraph.rstrip().rstrip(_CLOSERS)
    return bool(s) and s[-1] in _TERMINAL


def _paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n") if p.strip()]


def _title_parts(title: str) -> list[str]:
    return [_canon(part) for part in title.split("——") if _canon(part)]


def _byline_names(byline: str) -> list[str]:
    tokens = re.split(r"[\s、，,/（）()]+", byline)
    return [t for t in tokens if len(t) >= 2 and not re.search(r"记者|通讯员|实习生|编辑|摄|本报|讯|电", t)]


def _by_title(articles: list[Article], title: str) -> Article:
    found = [a for a in articles if _canon(a.title) == _canon(title)]
    assert len(found) == 1, f"expected one article titled {title!r}, got {[a.title for a in articles]}"
    return found[0]


def _with_body(articles: list[Article], phrase: str) -> Article:
    found = [a for a in articles if phrase in a.body]
    assert len(found) == 1, f"expected one body containing {phrase!r}, got {[a.body[:20] for a in articles]}"
    return found[0]


# ---------------------------------------------------------------------------------------------
# Gold pages

over_gold_pages = pytest.mark.parametrize("gold_path", GOLD, ids=[g.name[: -len(".gold.json")] for g in GOLD])


def test_there_are_gold_pages():
    assert len(GOLD) >= 10
    for g in GOLD:
        assert _page_of(g).exists(), g


@over_gold_pages
def test_gold_every_article_found(gold_path):
    _, gold, page = _load(gold_path)
    matched = {gi for gi, _, _ in match_articles(gold["articles"], page.articles)}
    missing = [
        a.get("title") or a["first_line"] for gi, a in enumerate(gold["articles"]) if gi not in matched
    ]
    assert not missing, f"not found (body bigram F1 < 0.9): {missing}"


@over_gold_pages
def test_gold_titles_exact(gold_path):
    wrong = [(g["title"], a.title) for g, a in _matches(gold_path) if _canon(g["title"]) != _canon(a.title)]
    assert not wrong, f"(gold, predicted): {wrong}"


@over_gold_pages
def test_gold_kickers(gold_path):
    wrong = [(g.get("kicker", ""), a.kicker) for g, a in _matches(gold_path)
             if _canon(g.get("kicker", "")) != _canon(a.kicker)]
    assert not wrong, f"(gold, predicted): {wrong}"


@over_gold_pages
def test_kinds_are_valid(gold_path):
    _, _, page = _load(gold_path)
    assert all(a.kind in KINDS for a in page.articles), [a.kind for a in page.articles]


@over_gold_pages
def test_gold_kinds(gold_path):
    wrong = [(g.get("title") or g["first_line"], g["kind"], a.kind) for g, a in _matches(gold_path)
             if g["kind"] != a.kind]
    assert not wrong, f"(article, gold kind, predicted kind): {wrong}"


@over_gold_pages
def test_gold_bylines_kept(gold_path):
    """The gold byline's roles and names reach the article's byline (wrappers like 本报讯（…） may stay)."""
    lost = [(g["byline"], a.byline) for g, a in _matches(gold_path) if _canon(g["byline"]) not in _canon(a.byline)]
    assert not lost, f"(gold, predicted): {lost}"


@over_gold_pages
def test_gold_no_heading_or_byline_text_in_bodies(gold_path):
    _, gold, page = _load(gold_path)
    gold_bodies = [_canon(a["body"]) for a in gold["articles"]]
    gold_paragraphs = {_canon(p) for a in gold["articles"] for p in a["body"].split("\n")}
    fragments: set[str] = set()
    for a in gold["articles"]:
        fragments.update(_title_parts(a["title"]))
        fragments.add(_canon(a.get("kicker", "")))
        fragments.add(_canon(a["byline"]))
        fragments.update(_byline_names(a["byline"]))
    fragments.discard("")
    bodies = [_canon(a.body) for a in page.articles]
    paragraphs = {_canon(p) for a in page.articles for p in a.body.split("\n")}
    # A fragment may only show up in a predicted body where it also shows up in the gold bodies.
    leaked = sorted(f for f in fragments
                    if not any(f in b for b in gold_bodies) and any(f in b for b in bodies))
    assert not leaked, f"heading or byline text inside a body: {leaked}"
    as_paragraph = sorted(f for f in fragments if f in paragraphs and f not in gold_paragraphs)
    assert not as_paragraph, f"heading or byline line kept as a body paragraph: {as_paragraph}"


@over_gold_pages
def test_gold_line_ranges(gold_path):
    text, _, _ = _load(gold_path)
    lines = split_lines(text)
    for g, a in _matches(gold_path):
        first = [n for n, line in enumerate(lines, 1) if line == normalize_line(g["first_line"])]
        last = [n for n, line in enumerate(lines, 1) if line == normalize_line(g["last_line"])]
        assert first and last, f"gold first/last line not on the page: {g['first_line']!r} / {g['last_line']!r}"
        assert any(a.line_start <= f <= e <= a.line_end for f in first for e in last), (
            f"{a.title or a.body[:12]!r}: lines {a.line_start}-{a.line_end} miss gold {first} / {last}"
        )
        # first_line/last_line are the first and last raw lines of the body itself
        assert min(a.body_lines) in first and max(a.body_lines) in last, (
            f"{a.title or a.body[:12]!r}: body lines {min(a.body_lines)}-{max(a.body_lines)}, gold {first} / {last}"
        )


@over_gold_pages
def test_gold_lines_accounted_once(gold_path):
    text, _, page = _load(gold_path)
    _assert_accounted(text, page)
    for a in page.articles:
        every = [*a.title_lines, *a.kicker_lines, *a.byline_lines, *a.body_lines, *a.jump_lines]
        assert a.line_start == min(every) and a.line_end == max(every)


@over_gold_pages
def test_gold_no_paragraph_break_inside_a_sentence(gold_path):
    """A paragraph may end without end punctuation only where the gold body breaks too (a
    sub-heading, a notice's contact line); never at a column break or a mid-sentence blank line."""
    _, gold, _ = _load(gold_path)
    gold_breaks = set()
    for g in gold["articles"]:
        ps = [_canon(p) for p in g["body"].split("\n") if _canon(p)]
        gold_breaks.update((a[-6:], b[:6]) for a, b in zip(ps, ps[1:], strict=False))
    bad = []
    for _, a in _matches(gold_path):
        ps = [_canon(p) for p in _paragraphs(a.body)]
        for p, q in zip(ps, ps[1:], strict=False):
            if not _ends_sentence(p) and (p[-6:], q[:6]) not in gold_breaks:
                bad.append(f"{p[-10:]} | {q[:10]}")
    assert not bad, f"paragraph broken mid-sentence: {bad}"


def test_gold_pages_meet_acceptance_figures():
    result = evaluate_pages(PAGES)
    assert result["pages"] == len(GOLD)
    assert result["recall"] >= 0.97, result["errors"]
    assert result["precision"] >= 0.95, result["errors"]
    assert result["title_exact"] >= 0.90, result["errors"]


def test_split_page_is_parse_page_articles():
    text, _, page = _load(GOLD[0])
    assert split_page(text) == page.articles


# ---------------------------------------------------------------------------------------------
# The seed page (read-only, outside the repository)

SEED_TITLES = [
    "深耕产业创新 赋能经济发展——聊城产研院搭建产学研合作平台综述",
    "我市强化青少年反电信诈骗宣传教育",
    "我市组建巾帼反诈志愿服务队",
    "",
    "推出连锁药店“打包审批”服务",
    "线上招聘吸引千名求职者",
    "",
    "“十四五”聊城经济社会发展向新向好",
]
SEED_KICKERS = {4: "东昌府区", 5: "高新区", 7: "“‘十四五’发展看聊城”系列主题新闻发布会首场举行"}


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip(f"seed page not found at {SEED}")
    text = read_text(SEED)
    return text, parse_page(text)


def test_seed_titles_in_order(seed):
    _, page = seed
    assert [_canon(a.title) for a in page.articles] == [_canon(t) for t in SEED_TITLES]


def test_seed_kickers(seed):
    _, page = seed
    assert len(page.articles) == len(SEED_TITLES)
    for n, a in enumerate(page.articles):
        assert _canon(a.kicker) == _canon(SEED_KICKERS.get(n, "")), (n, a.title, a.kicker)
        if a.kicker:
            assert _canon(a.kicker) not in _canon(a.title)


def test_seed_untitled_items(seed):
    _, page = seed
    assert len(page.articles) == len(SEED_TITLES)
    assert "祥辉农牧" in page.articles[3].body
    assert "红动聊城" in page.articles[6].body


def test_seed_no_heading_or_byline_text_in_bodies(seed):
    text, page = seed
    _assert_accounted(text, page)
    raw = split_lines(text)
    bodies = [_canon(a.body) for a in page.articles]
    paragraphs = {_canon(p) for a in page.articles for p in a.body.split("\n")}
    for title in SEED_TITLES:
        for part in _title_parts(title):
            assert not any(part in b for b in bodies), part
    for kicker in SEED_KICKERS.values():
        assert _canon(kicker) not in paragraphs
    for a in page.articles:
        for n in (*a.title_lines, *a.kicker_lines):
            assert _canon(raw[n - 1]) not in paragraphs, (n, raw[n - 1])
        for n in a.byline_lines:
            line = _canon(bylines.clean_byline(raw[n - 1]))
            assert not any(line in b for b in bodies), (n, line)


# ---------------------------------------------------------------------------------------------
# The accounting invariant, on arbitrary and on page-like text

_HANZI = "我市县区新发展产业企业工作会议推进建设群众服务农村学校医院公园道路项目活动今年记者介绍"
_NAMES = st.text(st.sampled_from("王李张刘陈杨赵黄周吴林金彦"), min_size=2, max_size=3)
_hanzi = st.one_of(st.sampled_from(_HANZI), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5))
_prose = st.text(st.one_of(_hanzi, st.sampled_from("。，！？“”、0123456789 ")), min_size=1, max_size=22)
_heading = st.text(_hanzi, min_size=2, max_size=14)
_page_line = st.one_of(
    _prose,
    _prose,
    _heading,
    st.just(""),
    st.just(""),
    st.builds(" ".join, st.text(_hanzi, min_size=3, max_size=8)),  # letter-spaced heading
    st.builds(lambda s: "——" + s, _heading),
    st.builds(lambda n: f" ■ 本报记者 {n}", _NAMES),
    st.builds(lambda n: f"本报通讯员 {n}", _NAMES),
    st.builds(lambda n, s: f"本报讯（记者 {n}）{s}", _NAMES, _prose),
    st.builds(lambda s, n: f"{s}。 ■ 本报记者 {n}", _prose, _NAMES),
    st.sampled_from(["高新区", "东昌府区", "2025年7月29日 星期二 责编：王一 版式：李二", "江口日报", "A2 要闻", "遗失声明"]),
)
_page_text = st.builds("\n".join, st.lists(_page_line, max_size=45))

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _check_invariants(text: str) -> None:
    page = parse_page(text)
    _assert_accounted(text, page)
    assert parse_page(text) == page  # deterministic
    for a in page.articles:
        assert a.kind in KINDS
        every = [*a.title_lines, *a.kicker_lines, *a.byline_lines, *a.body_lines, *a.jump_lines]
        assert every and a.line_start == min(every) and a.line_end == max(every)


@PROPERTY
@given(st.text())
def test_parse_page_accounts_for_arbitrary_text(text):
    _check_invariants(text)


@PROPERTY
@given(_page_text)
def test_parse_page_accounts_for_page_like_text(text):
    _check_invariants(text)


@PROPERTY
@given(_page_text)
def test_line_endings_and_bom_do_not_change_the_split(text):
    assert parse_page("\ufeff" + text.replace("\n", "\r\n")) == parse_page(text)


# ---------------------------------------------------------------------------------------------
# Layouts, one behaviour at a time

TWO_STORIES = [
    "本报讯（记者 王小明）5月6日，记者从",
    "市农业农村局获悉，今年我市新建高标",
    "准农田12万亩，粮食播种面积稳中有增。",
    "据介绍，新建农田全部配套节水灌溉设",
    "施，亩均增产约一成。",
    "",
    "本报讯（记者 李青）5月7日，市图书",
    "馆少儿阅览区改造完成并重新开放，新",
    "增绘本三千余册，设置亲子共读角。",
]
TITLE_1 = "我市新建高标准农田12万亩"
TITLE_2 = "市图书馆少儿阅览区重新开放"


@pytest.mark.parametrize("layout", ["after", "before"])
def test_headline_after_or_before_its_story(layout):
    story_1, story_2 = TWO_STORIES[:5], TWO_STORIES[6:]
    if layout == "after":
        text = page_text(*story_1, "", TITLE_1, "", *story_2, "", TITLE_2)
    else:
        text = page_text(TITLE_1, "", *story_1, "", TITLE_2, "", *story_2)
    articles = split_page(text)
    assert [a.title for a in articles] == [TITLE_1, TITLE_2]
    assert "高标准农田" in articles[0].body and "阅览区" in articles[1].body
    assert all(a.kind == "article" for a in articles)
    title_line = text.split("\n").index(TITLE_1) + 1
    assert articles[0].title_lines == (title_line,)


SUBTITLE_PAGE = page_text(
    " ■ 本报记者 周一禾",
    "",
    "江口县的稻田边，返乡青年陈默正用",
    "无人机给秧苗喷洒叶面肥。三年前，他",
    "辞去城里的工作回到村里，流转土地四",
    "百多亩，如今已是远近闻名的种粮大户。",
    "",
    "近年来，江口县每年遴选一批有文化、",
    "懂技术的青年，安排农技专家结对指导，",
    "并提供贴息贷款和农机补贴。目前全县已",
    "培育青年农业带头人两百余名。",
    "",
    "稻田里的新农人",
    "——江口县培育青年农业带头人纪事",
    "",
    "本报讯（记者 吴桐）6月2日，江口",
    "县首个乡村快递共配中心投入运营，五",
    "家快递企业的包裹在这里统一分拣、统",
    "一配送，村民取件时间缩短一半以上。",
    "",
    "乡村快递共配中心投入运营",
)


def test_dash_subtitle_joins_the_title():
    articles = split_page(SUBTITLE_PAGE)
    assert [a.title for a in articles] == ["稻田里的新农人——江口县培育青年农业带头人纪事", "乡村快递共配中心投入运营"]
    assert articles[0].kicker == ""
    assert "纪事" not in articles[0].body and "稻田里的新农人" not in articles[0].body
    assert articles[0].byline == "本报记者 周一禾"
    assert articles[0].byline_lines == (1,)


KICKER_STORY = [
    "本报讯（记者 石可）6月3日，高新区",
    "创业孵化基地举行集中签约仪式，二十",
    "家科技型初创企业正式入驻。基地为入",
    "驻企业提供免租办公场地和融资对接等",
    "服务，帮助企业渡过起步阶段。",
]
PARK_STORY = [
    "本报讯（记者 石可）6月4日，城西公",
    "园改造工程完工，新建健身步道三公里，",
    "增设儿童游乐区和休憩座椅，周边居民",
    "又多了一处休闲好去处。",
]


@pytest.mark.parametrize("layout", ["after", "before", "after-no-blank", "before-no-blank"])
def test_region_kicker_is_not_part_of_the_title(layout):
    head = ["高新区", "创业孵化基地新入驻企业二十家"] if "no-blank" in layout else ["高新区", "", "创业孵化基地新入驻企业二十家"]
    if layout.startswith("after"):
        text = page_text(*KICKER_STORY, "", *head, "", *PARK_STORY, "", "城西公园改造完工")
    else:
        text = page_text(*head, "", *KICKER_STORY, "", "城西公园改造完工", "", *PARK_STORY)
    articles = split_page(text)
    assert [a.title for a in articles] == ["创业孵化基地新入驻企业二十家", "城西公园改造完工"]
    assert [a.kicker for a in articles] == ["高新区", ""]
    kicker_line = text.split("\n").index("高新区") + 1
    assert articles[0].kicker_lines == (kicker_line,)
    assert kicker_line not in articles[0].body_lines


def test_letter_spaced_title_is_closed_up():
    text = page_text(
        "本报讯（记者 韩露）近日，我市启动",
        "老旧小区加装电梯工作，首批确定试点",
        "小区十二个，每部电梯给予一定财政补",
        "助。符合条件的居民可向所在社区提出",
        "申请。",
        "",
        "我 市 推 进 老 旧 小 区",
        "加装电梯工作",
        "",
        "本报讯（记者 韩露）近日，市图书馆",
        "开通图书快递到家服务，读者在手机上",
        "下单，三天内即可收到所借图书。",
        "",
        "市图书馆开通图书快递服务",
    )
    articles = split_page(text)
    assert [a.title for a in articles] == ["我市推进老旧小区加装电梯工作", "市图书馆开通图书快递服务"]
    assert articles[0].title_lines == (7, 8)


def test_blank_line_inside_a_sentence_splits_neither_article_nor_paragraph():
    text = page_text(
        "本报讯（记者 秦川）今年以来，市农科",
        "院围绕良种繁育和技术推广两项任务，",
        "在全市建成示范基地十五个，带动农户",
        "改种优质品种，农科院聚",
        "",
        "焦粮食单产提升，组织专家下乡指导。",
        "",
        "市农科院建成示范基地十五个",
        "",
        "本报讯（记者 秦川）6月5日，市民政",
        "局启动夏季送清凉活动，为困难老人送",
        "去风扇和防暑药品。",
        "",
        "市民政局开展夏季送清凉活动",
    )
    articles = split_page(text)
    assert [a.title for a in articles] == ["市农科院建成示范基地十五个", "市民政局开展夏季送清凉活动"]
    paragraphs = _paragraphs(articles[0].body)
    assert len(paragraphs) == 1, paragraphs
    assert "农科院聚焦粮食单产提升" in paragraphs[0]


def test_blank_line_after_a_paragraphs_first_line_does_not_split_it():
    """The column ends right after the first line of a new paragraph (a full-width line with a
    comma, cut mid-word): that line is not a sub-heading."""
    text = page_text(
        "本报讯（记者 秦川）6月5日，市民",
        "政局启动夏季送清凉活动，为全市困难",
        "老人送去风扇、凉席和防暑药品等物资。",
        "",
        "活动期间，工作人员还将走访环卫工人",
        "",
        "和户外劳动者，发放毛巾、茶叶等物品。",
        "",
        "市民政局开展夏季送清凉活动",
    )
    articles = split_page(text)
    assert [a.title for a in articles] == ["市民政局开展夏季送清凉活动"]
    paragraphs = _paragraphs(articles[0].body)
    assert len(paragraphs) == 2, paragraphs
    assert paragraphs[1] == "活动期间，工作人员还将走访环卫工人和户外劳动者，发放毛巾、茶叶等物品。"


def test_blank_line_after_a_finished_sentence_ends_the_paragraph():
    """Full column-width lines: only the blank line after `。` tells where the paragraph ends."""
    text = page_text(
        "本报讯（记者 秦川）6月5日，市民政局启动",
        "夏季送清凉活动，为全市困难老人送去风",
        "扇、凉席和防暑药品等物资，共计三百份。",
        "",
        "活动期间，工作人员还将走访环卫工人和",
        "户外劳动者，发放毛巾、茶叶等防暑物品。",
        "",
        "市民政局开展夏季送清凉活动",
    )
    (article,) = split_page(text)
    paragraphs = _paragraphs(article.body)
    assert len(paragraphs) == 2, paragraphs
    assert paragraphs[0].endswith("共计三百份。") and paragraphs[1].startswith("活动期间")

def test_column_wide_lines_cut_by_a_blank_are_not_a_heading():
    """Two lines before a mid-sentence blank, the first as wide as the column: prose, not a title."""
    text = page_text(
        "本报讯（记者 秦川）近日，市民政局启",
        "动夏季送清凉活动，为全市困难老人送去风",
        "扇、凉席和防暑药品等物资，共计三百份。",
        "",
        "活动期间工作人员还将走访全市各个街道的",
        "环卫工人和户外劳动",
        "",
        "者，发放毛巾、茶叶等防暑物品。",
        "",
        "市民政局开展夏季送清凉活动",
    )
    (article,) = split_page(text)
    assert article.title == "市民政局开展夏季送清凉活动"
    assert _paragraphs(article.body)[1] == "活动期间工作人员还将走访全市各个街道的环卫工人和户外劳动者，发放毛巾、茶叶等防暑物品。"

FEATURE_LINES = [
    " ■ 本报记者 郑远山",
    "",
    "走进临江县电商产业园，直播间里主",
    "播们正忙着介绍本地特产。今年以来，",
    "园区入驻电商企业八十余家，带动就业",
    "一千多人。",
    "",
    "{sub1}",
    "",
    "园区为入驻企业提供免费直播间和仓",
    "储场地，并联合职业院校开设电商培训",
    "班，已培训学员五百余人次。",
    "",
    "{sub2}",
    "",
    "园区引进三家物流企业，建成共享分",
    "拣中心，快递发货成本下降三成，农产",
    "品出村进城的通道更加顺畅。",
    "",
    "电商园里的新活力",
    "",
    "本报讯（记者 郑远山）6月6日，临江",
    "县举行夏季农产品展销会，百余种特色",
    "农产品集中亮相，吸引大批市民选购。",
    "",
    "夏季农产品展销会开幕",
]


def _feature(sub1: str, sub2: str) -> str:
    return page_text(*(line.format(sub1=sub1, sub2=sub2) for line in FEATURE_LINES))


def _check_feature(text: str, subs: tuple[str, str]) -> None:
    articles = split_page(text)
    assert [a.title for a in articles] == ["电商园里的新活力", "夏季农产品展销会开幕"]
    feature = articles[0]
    paragraphs = feature.body.split("\n")
    for sub in subs:
        assert sub in paragraphs, f"sub-heading {sub!r} not a paragraph of {paragraphs}"
        n = text.split("\n").index(sub) + 1
        assert n in feature.body_lines
    assert paragraphs.index(subs[0]) < paragraphs.index(subs[1])
    assert feature.byline == "本报记者 郑远山"
    assert "电商培训班" in feature.body and "物流企业" in feature.body


def test_sub_headings_stay_in_the_feature_body():
    _check_feature(_feature("搭建平台 聚集人才", "完善物流 降低成本"), ("搭建平台 聚集人才", "完善物流 降低成本"))


def test_reporters_notes_sub_heading_is_not_a_byline():
    """`记者手记` (reporter's notes) is a common sub-heading, not a byline with a name."""
    _check_feature(_feature("搭建平台 聚集人才", "记者手记"), ("搭建平台 聚集人才", "记者手记"))


CAPTION = [
    "6月8日，市民在滨河公园荷花池边赏",
    "花拍照。时下正值荷花盛开季节，公园",
]
LEAD_STORY = [
    "本报讯（记者 许诺）6月7日，全市中",
    "小学生游泳安全教育活动启动，各校将",
    "利用暑假前两周集中开展防溺水教育。",
    "",
    "中小学生防溺水教育活动启动",
    "",
]


@pytest.mark.parametrize("credit", ["■ 本报记者 夏晴", "（本报记者 夏晴 摄）", "■ 夏晴"])
def test_trailing_credit_goes_to_the_byline(credit):
    text = page_text(*LEAD_STORY, *CAPTION, f"内游人如织。 {credit}")
    articles = split_page(text)
    caption = _with_body(articles, "荷花")
    assert caption.title == ""
    assert caption.kind == "caption"
    assert "夏晴" in caption.byline
    assert "夏晴" not in caption.body and "■" not in caption.body
    assert caption.body.endswith("游人如织。")
    assert len(articles) == 2


def test_credit_on_its_own_line_is_a_byline_line():
    text = page_text(*LEAD_STORY, *CAPTION, "内游人如织。", "■ 本报记者 夏晴")
    articles = split_page(text)
    caption = _with_body(articles, "荷花")
    credit_line = len(text.split("\n")) - 1
    assert "本报记者 夏晴" in caption.byline
    assert "夏晴" not in caption.body
    assert credit_line in caption.byline_lines and credit_line not in caption.body_lines


def test_credit_line_belongs_to_the_caption_above_not_the_story_below():
    text = page_text(*LEAD_STORY, *CAPTION, "内游人如织。", "■ 本报记者 夏晴", "", *TWO_STORIES[:5], "", TITLE_1)
    articles = split_page(text)
    assert [a.title for a in articles] == ["中小学生防溺水教育活动启动", "", TITLE_1]
    assert "夏晴" in articles[1].byline
    assert "夏晴" not in articles[2].byline


UNTITLED = {
    "caption": [*CAPTION, "内游人如织。 ■ 本报记者 夏晴"],
    "brief": ["据市气象台消息，受冷空气影响，本周", "末我市将有一次降温过程，最低气温降", "至五摄氏度，请市民注意添衣保暖。"],
}


@pytest.mark.parametrize("kind", sorted(UNTITLED))
def test_untitled_item_between_headline_first_stories(kind):
    """Title, story, then a caption or brief with no title of its own: it must not run on into the story."""
    text = page_text(TITLE_1, "", *TWO_STORIES[:5], "", *UNTITLED[kind], "", TITLE_2, "", *TWO_STORIES[6:])
    articles = split_page(text)
    assert [a.title for a in articles] == [TITLE_1, "", TITLE_2]
    assert articles[1].kind == kind
    assert articles[0].body.endswith("亩均增产约一成。")
    first, last = UNTITLED[kind][0], UNTITLED[kind][-1]
    lines = text.split("\n")
    assert min(articles[1].body_lines) == lines.index(first) + 1
    assert max(articles[1].body_lines) == lines.index(last) + 1

def test_inline_opener_goes_to_the_byline():
    text = page_text(*TWO_STORIES[:5], "", TITLE_1)
    (article,) = split_page(text)
    assert "记者 王小明" in article.byline
    assert "王小明" not in article.body and "本报讯" not in article.body
    assert article.body.startswith("5月6日，记者从市农业农村局获悉")


def test_standalone_bylines_above_the_body():
    text = page_text(" ■ 本 报 记 者 周一禾", "本报通讯员 钱多多", "", *SUBTITLE_PAGE.split("\n")[2:14])
    (article,) = split_page(text)
    assert article.byline_lines == (1, 2)
    assert _canon(article.byline) == _canon("本报记者 周一禾 本报通讯员 钱多多")
    assert "周一禾" not in article.body and "钱多多" not in article.body


def test_reporter_sentence_at_a_line_start_stays_in_the_body():
    """A body line that opens with `本报记者从市供电公司…` is prose, not a `…电` dateline opener."""
    text = page_text(
        "市供电公司全力保障迎峰度夏",
        "",
        "本报记者从市供电公司获悉，今年夏季",
        "全市用电负荷预计创历史新高。为确保",
        "居民用电，公司提前完成设备检修。",
    )
    (article,) = split_page(text)
    assert article.title == "市供电公司全力保障迎峰度夏"
    assert article.body.startswith("本报记者从市供电公司获悉")
    assert "供电" not in article.byline

def test_furniture_lands_in_page_furniture():
    furniture = ["江口日报", "2025年6月9日 星期一 责编：林木 版式：高山", "A2 要闻"]
    text = page_text(*furniture, "", *TWO_STORIES[:5], "", TITLE_1, "", "本版编辑：林木 校对：高山")
    page = parse_page(text)
    last = len(text.split("\n")) - 1
    assert page.furniture == [(1, furniture[0]), (2, furniture[1]), (3, furniture[2]), (last, "本版编辑：林木 校对：高山")]
    assert [a.title for a in page.articles] == [TITLE_1]
    assert page.articles[0].kicker == ""
    assert not {1, 2, 3, last} & set(_accounted(Page(page.articles)))
    _assert_accounted(text, page)


def test_page_name_with_a_separator_is_furniture():
    text = page_text("江口日报", "A4 | 专题·综合", "", TITLE_1, "", *TWO_STORIES[:5])
    page = parse_page(text)
    assert [n for n, _ in page.furniture] == [1, 2]
    assert page.articles[0].kicker == ""


NOTICES = {
    "notice": ["停电公告", "因线路检修，定于6月12日8时至17时对", "城西片区停止供电，请用户提前做好准",
               "备。如遇雨天，检修工作顺延。", "联系电话：0398-2671234", "", "江口县城区供电公司", "2025年6月10日"],
    "ad": ["佳禾家居 夏季焕新节", "6月15日至6月30日，全场家具八折起", "买沙发送茶几，满5000元送床品一套",
           "地址：江口县滨河路88号", "咨询热线：0398-2333688"],
}


@pytest.mark.parametrize("layout", ["after-story", "page-top"])
@pytest.mark.parametrize("name", sorted(NOTICES))
def test_notice_or_ad_heading_printed_on_its_text(name, layout):
    """A notice or ad prints its heading right on top of its text; it never takes a story's title."""
    lines = NOTICES[name]
    if layout == "after-story":
        text = page_text(*TWO_STORIES[:5], "", TITLE_1, "", *lines)
    else:
        text = page_text(*lines, "", TITLE_1, "", *TWO_STORIES[:5])
    articles = split_page(text)
    notice = _with_body(articles, lines[1][:6])
    story = _with_body(articles, "高标准农田")
    assert notice.title == lines[0] and notice.kicker == ""
    assert story.title == TITLE_1 and story.kicker == ""
    assert notice.body.startswith(lines[1][:6])

def test_gb18030_page_reads_and_splits_like_utf8(tmp_path):
    text = SUBTITLE_PAGE
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert read_text(path) == text
    assert split_page(read_text(path)) == split_page(text)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_bom_page_splits_like_lf(tmp_path, newline):
    text = SUBTITLE_PAGE
    path = tmp_path / "page.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", newline).encode("utf-8"))
    decoded = read_text(path)
    assert not decoded.startswith("\ufeff")
    assert split_page(decoded) == split_page(text)
    assert split_page("\ufeff" + text.replace("\n", newline)) == split_page(text)


def test_justification_spaces_removed_numbers_kept_apart():
    body_lines = [
        "本报讯（记者 田野）今年以来，我 市 新",
        "增科技型中小企业 1092 家，研发投入",
        "占比连续三年居全省第 3 位，2024 年",
        "全市专利授权量达到 4500 件，较上年",
        "增长 12.5% 。",
    ]
    text = page_text(*body_lines, "", "科技型中小企业数量快速增长")
    (article,) = split_page(text)
    numbers = re.findall(r"\d+(?:\.\d+)?", "".join(body_lines))
    assert re.findall(r"\d+(?:\.\d+)?", article.body) == numbers
    assert not _SPACED_CJK.search(article.body), article.body
    assert "我市新增科技型中小企业" in article.body
    assert "全省第3位" in _canon(article.body)


def test_full_width_digits_become_ascii_in_body():
    text = page_text("本报讯（记者 田野）今年，全市新增企业", "１０９２家，增长２．６％。", "", "全市新增企业千余家")
    (article,) = split_page(text)
    assert "1092家" in article.body and "2.6%" in article.body


def test_empty_and_blank_pages():
    assert split_page("") == []
    assert split_page("\n \n\u3000\n\r\n") == []
    assert parse_page("   ") == Page([], [])

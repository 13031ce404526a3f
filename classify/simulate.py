"""Render our own labeled articles into raw newspaper-page text, with gold answers.

The splitter was fitted to the pages we wrote by hand, and real papers vary more than any handful
of pages can show. A simulator lets us vary every layout phenomenon at a known rate and score (or
train) on as many pages as we like. Article text comes only from `data/labeled/`; every headline
variant, byline, furniture line, ad and box is made by the templates below from the article's own
content (its numbers, its places) or from name lists written here.

The gold follows the conventions of `tests/pages/*.gold.json`: a 引题 (pretitle), a region label,
a column label or a box label is the article's `kicker`; a subtitle joins the title as
`主题——副题`; an opener (`本报讯（记者 …）`, `新华社…电（…）`) is stripped from the body and its
bracket goes to `byline`; paragraphs are joined by `\\n`; `first_line` and `last_line` are the
first and last raw lines of the body. Two keys extend the format: an article's `jump` (the
`下转…`/`上接…` text) and the page's `furniture` (raw lines). Besides the gold, every page also
carries one role per raw line (`roles`), which trains the learned line-role tagger.

Usage: `python -m classify.simulate --pages 50 --seed 7 --out /tmp/sim` writes `NNN.txt`,
`NNN.gold.json` and `NNN.roles.json` per page. Same seed and data -> byte-identical pages.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import bylines
from .normalize import CJK

# Where each line role lands in the gold: the field of its article, or the page's furniture.
ROLE_FIELD = {"furniture": "furniture", "pretitle": "kicker", "kicker": "kicker", "title": "title",
              "subtitle": "title", "byline": "byline", "credit": "byline", "body": "body", "subheading": "body",
              "caption": "body", "box": "kicker", "jump": "jump"}
# the role names of `classify.split.ROLES` (a data box's label line is `box`, its figures `body`)
ROLES = ("furniture", "pretitle", "kicker", "title", "subtitle", "byline", "body", "subheading",
         "caption", "credit", "box", "jump")


@dataclass(frozen=True)
class SimOptions:
    """Rates of every phenomenon (probabilities per opportunity) and layout ranges.

    Each rate is a guess at how often the thing happens on real county and city papers, pushed
    up where the splitter is weak so that each phenomenon appears often enough to learn from.
    """

    # page shape
    min_items: int = 5  # a page carries 5-10 stories and items, as our gold pages do
    max_items: int = 10
    min_width: int = 10  # narrowest column seen on real pages (characters)
    max_width: int = 36  # widest (a full-page-width column of a tabloid)
    mixed_widths: float = 0.5  # page whose stories each get their own column width
    headline_after: float = 0.3  # page laid out with headlines after their stories
    headline_mixed: float = 0.2  # page mixing both (the rest: headlines before)
    no_blank_page: float = 0.12  # page set without blank lines between items (k06-style)
    furniture_top: float = 0.8  # masthead/page name/date/editor block at the top
    furniture_bottom: float = 0.3  # the same at the foot of the page
    # headlines
    fact_headline: float = 0.35  # headline rebuilt from a clause of the body with digits, %, Latin
    punct_headline: float = 0.2  # headline given a colon, ？ or ！ or quotes
    title_lines_2: float = 0.3  # headline broken over two lines at any point
    title_lines_3: float = 0.1  # ... over three
    letter_spaced_title: float = 0.12
    pretitle: float = 0.2  # 引题 above the main title
    subtitle: float = 0.2  # ——副题 under it
    region_kicker: float = 0.15  # `临溪县` above the headline
    column_kicker: float = 0.05  # `记者手记`, `时评`
    blank_in_headline: float = 0.4  # blank line between a kicker/pretitle and the title
    headline_attached: float = 0.3  # no blank line between a headline and its story
    comma_headline: float = 0.1  # two-part headline joined by `，` (`明天开跑，这些路段绕行`)
    # bylines and openers
    opener: float = 0.55  # first body line opens with an opener (本报讯, wire copy)
    wire_opener: float = 0.3  # ... of which wire or web copy (新华社…电, 中新网, 光明网讯, 人民网)
    standalone_byline: float = 0.3  # byline on its own line(s) (when no opener)
    letter_spaced_byline: float = 0.2
    signoff: float = 0.12  # `（记者 某某）` after the last sentence (when no other byline)
    reprint_source: float = 0.06  # `来源：…` line closing a reprint
    # items that are not ordinary stories
    caption_headline: float = 0.3  # photo caption with a photo headline
    credit_own_line: float = 0.3  # caption credit on its own line rather than at the line end
    briefs_run: float = 0.25  # page with 2-4 briefs back to back, no blank line between
    data_box: float = 0.15  # page with a data box built from a story's figures
    notice: float = 0.25  # page with a notice (通知, 公告, 遗失声明)
    ad: float = 0.2  # page with an ad
    commentary: float = 0.1  # story printed as commentary, author line at the end
    jump_out: float = 0.08  # story continued on another page: `（下转第3版）`
    jump_in: float = 0.06  # story continued from another page: `（上接第1版）`
    # text layout and noise
    para_blank: float = 0.5  # story with a blank line between paragraphs
    column_blank: float = 0.08  # per paragraph: a blank line mid-sentence (column bottom)
    full_width_digits: float = 0.1  # page printed with full-width digits
    justify_spaces: float = 0.15  # per story: spaces around numbers (`1092 家`)
    half_width_punct: float = 0.1  # per paragraph: OCR turned a `，` `：` `（` half-width
    dropped_char: float = 0.05  # per paragraph: OCR dropped a character
    stray_page_number: float = 0.04  # per story: a page number inside the column


# ---------------------------------------------------------------------------------------------
# Name lists written for the simulator (facts of the language, not anyone's text)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "晓明华文静雅思远宇航一鸣子涵欣怡浩然梓萱俊杰雨桐博文佳琪嘉懿志强秀英建国丽娟海燕春梅冬青秋实若溪沐阳星野望舒清源砚秋书言知夏"
_CITIES = ("北京", "上海", "广州", "武汉", "成都", "西安", "南京", "杭州", "长沙", "郑州", "济南", "沈阳")
_PAPER_TOWNS = ("澄江", "岚州", "青屿", "桐原", "沅溪", "鹤川", "棠阳", "泊州", "衡陵", "朔川", "蒲溪", "雁丘")
_SECTIONS = ("要闻", "综合", "经济", "民生", "文化", "城事", "县区", "社会", "关注", "政务")
_WEEKDAYS = "一二三四五六日"
_SOURCES = ("人民日报", "新华网", "光明日报", "经济日报", "中国新闻网", "央视新闻客户端", "工人日报")
_PHOTO_TITLES = ("春耕正当时", "假日好时光", "一线掠影", "指尖上的非遗", "忙碌的车间", "金秋丰收季", "志愿服务暖人心")
_COLUMN_LABELS = ("记者手记", "民生快评", "一线观察", "反诈小课堂", "现场直击", "时评", "出行提示", "健康",
                  "今日关注", "民警提醒", "法官说法", "本报时评", "专家答疑")
_BOX_LABELS = ("【数说】", "■ 数据", "【数读】", "■ 链接", "【一组数据】")
_BULLETS = ("", "", "● ", "· ", "◆ ", "■ ")
_AD_BRANDS = ("恒美家居", "安途驾校", "鲜丰超市", "金禾茶庄", "康宁口腔", "优学书店", "顺和汽修", "福满楼酒家")
_AD_OCCASIONS = ("春季焕新节", "周年庆", "暑期特惠", "开业酬宾", "会员日", "国庆大促")
_AD_OFFERS = ("全场商品8.5折起，部分商品买一送一", "新老顾客凭本报广告可享额外优惠", "满500元减80元，多买多减",
              "即日起至月底，到店即送精美礼品一份", "免费上门测量，30公里内免费送货", "会员积分翻倍，积分可抵现金使用")
_LOST_ITEMS = ("营业执照正本", "公章一枚", "购房收据一张", "出生医学证明", "道路运输证", "税务登记证副本")
_JUMP_OUT = ("（下转第{n}版）", "（下转{n}版）", "(下转第{n}版)", "（转{n}版）")
_JUMP_IN = ("（上接第{n}版）", "（上接{n}版）", "(上接第{n}版)")

_TERMINAL = "。！？；…!?;"
_NO_LINE_START = "。，、；：！？）”’》」』】…,.;:!?)"
_FACT_CLAUSE = re.compile(r"[^，。；：！？、“”（）\n]*(?:\d|[A-Za-z]{2,})[^，。；：！？、“”（）\n]*")
_PERCENT_CLAUSE = re.compile(rf"[{CJK}]{{2,10}}(?:增长|下降|提高|达到|达|占比|超过)\d+(?:\.\d+)?%")
# a county, district or township named right after its city or county: `嘉兴市南湖区` -> `南湖区`
_PLACE = re.compile(rf"(?<=[市省州县区])(?![市省州县区])[{CJK}]{{2,3}}?(?:县|区|镇|乡|街道)(?![{CJK}]?(?:委|政府|局|院|馆|法院))")
_SLOGANS = ("优化营商环境进行时", "聚焦民生实事", "高质量发展调研行", "一线见闻", "新春走基层", "我为群众办实事",
            "乡村振兴在行动", "奋战四季度 冲刺全年红", "关注就业季", "守护群众“钱袋子”", "文旅融合看变化")
# a figure with its unit: what makes a clause a headline's fact rather than a date
_QUANTITY = re.compile(r"\d+(?:\.\d+)?(?:%|[万亿千百]|个|元|人|家|项|名|场|户|次|吨|亩|公里|倍|天|所|条|座)")
_DATE_START = re.compile(r"^(?:\d{4}年|\d{1,2}月|自?今年|截至)")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+]{1,8}")
_NAME_TOKEN = re.compile(rf"^[{CJK}·]{{2,4}}$")
_ROLE_WORD = re.compile(r"(?:本报|本刊|晚报|日报|特约|见习|实习|摄影|融媒|全媒体)?(?:记者|通讯员|实习生|摄影)")
_FULLWIDTH_DIGITS = str.maketrans("0123456789%.", "０１２３４５６７８９％．")


# ---------------------------------------------------------------------------------------------
# Source articles


@dataclass(frozen=True)
class Source:
    """One labeled article with its own opener, byline and credit taken off."""

    id: str
    label: str
    kind: str
    title: str
    paragraphs: tuple[str, ...]
    people: tuple[tuple[str, str], ...]  # (role, name), e.g. ("记者", "林金彦")


def _people(text: str) -> list[tuple[str, str]]:
    """`记者 林金彦 通讯员 梁永丽` -> [(记者, 林金彦), (通讯员, 梁永丽)]."""
    out: list[tuple[str, str]] = []
    role = "记者"
    for tok in re.split(r"[\s、，/]+", re.sub(r"[■□●◆（）()摄]", " ", text)):
        m = _ROLE_WORD.match(tok)
        if m:
            role = m.group(0)
            tok = tok[m.end():]
        if tok and _NAME_TOKEN.match(tok):
            out.append((role, tok))
    return out


def parse_source(row: dict) -> Source | None:
    """Take a labeled row apart into paragraphs and people; None when nothing is left."""
    paragraphs = [p.strip() for p in row["text"].split("\n") if p.strip()]
    people: list[tuple[str, str]] = []
    if paragraphs and bylines.is_byline_line(paragraphs[0]):
        people += _people(paragraphs.pop(0))
    if paragraphs:
        opener, rest = bylines.split_opener(paragraphs[0])
        if opener:
            people += _people(opener[opener.find("（") + 1:] if "（" in opener else "")
            paragraphs[0] = rest.strip()
    if paragraphs:
        text, credit = bylines.split_credit(paragraphs[-1])
        if credit:
            people += _people(credit)
            paragraphs[-1] = text.strip()
    if paragraphs and bylines.is_byline_line(paragraphs[-1]):
        people += _people(paragraphs.pop())
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return None
    return Source(str(row.get("id", "")), str(row["label"]), str(row.get("kind", "news")),
                  str(row.get("title", "")).strip(), tuple(paragraphs), tuple(people))


def load_sources(data_dir: str | Path) -> list[Source]:
    """Every row of every `*.jsonl` below `data_dir`, in sorted file order."""
    out = []
    for path in sorted(Path(data_dir).rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                source = parse_source(json.loads(line))
                if source is not None:
                    out.append(source)
    if not out:
        raise ValueError(f"{data_dir}: no labeled JSONL rows found; point --data at data/labeled")
    return out


# ---------------------------------------------------------------------------------------------
# Page under construction


@dataclass
class _Line:
    text: str
    role: str | None  # None for a blank line
    item: int | None = None  # index of the gold article, None for furniture and blanks


@dataclass
class SimPage:
    """A rendered page: raw text, gold in the tests/pages format, one role per raw line."""

    name: str
    text: str
    gold: dict
    roles: list[str | None]
    items: list[int | None]  # per raw line: index of its gold article, None for furniture and blanks
    decisions: dict[str, list[int]] = field(default_factory=dict)  # name -> [hits, chances]


class _Renderer:
    """Draws one page. Private: `simulate_page` is the API."""

    def __init__(self, rng: random.Random, options: SimOptions, decisions: dict[str, list[int]]) -> None:
        self.rng = rng
        self.o = options
        self.decisions = decisions
        self.lines: list[_Line] = []
        self.articles: list[dict] = []
        self.full_width = False
        self.fact = ""  # a clause of figures drawn for the headline, printed as its 引题

    # -- randomness with bookkeeping, so tests can check every rate ----------------------------
    def coin(self, name: str) -> bool:
        hit = self.rng.random() < getattr(self.o, name)
        tally = self.decisions.setdefault(name, [0, 0])
        tally[0] += hit
        tally[1] += 1
        return hit

    def pick(self, seq: Sequence):
        return seq[self.rng.randrange(len(seq))]

    def name(self) -> str:
        given = "".join(self.rng.choice(_GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(_SURNAMES) + given

    # -- low-level output ---------------------------------------------------------------------
    def emit(self, text: str, role: str, item: int | None = None) -> None:
        self.lines.append(_Line(text, role, item))

    def blank(self, n: int = 1) -> None:
        if self.lines and self.lines[-1].role is not None:
            for _ in range(n):
                self.lines.append(_Line("", None))

    def wrap(self, text: str, width: int) -> list[str]:
        """Cut text at the column width (ASCII is half width), anywhere, as a PDF does."""
        out, current, used = [], [], 0.0
        for ch in text:
            w = 0.5 if ch.isascii() else 1.0
            # typesetters never start a line with closing punctuation: it hangs in the margin
            if current and used + w > width and ch not in _NO_LINE_START:
                out.append("".join(current))
                current, used = [], 0.0
            current.append(ch)
            used += w
        if current:
            out.append("".join(current))
        return out

    def digits(self, text: str) -> str:
        return text.translate(_FULLWIDTH_DIGITS) if self.full_width else text

    # -- pieces of an article -----------------------------------------------------------------
    def headline_text(self, source: Source) -> str:
        """The story's headline, sometimes rebuilt so it carries digits, %, quotes, ？！, Latin."""
        title = source.title
        body = "".join(source.paragraphs)
        if self.coin("fact_headline"):
            clauses = [c.strip() for c in _PERCENT_CLAUSE.findall(body)]
            clauses += [c.strip() for c in _FACT_CLAUSE.findall(body) if 6 <= len(c.strip()) <= 24]
            clauses = [c for c in clauses if 6 <= len(c) <= 24 and _QUANTITY.search(c) and "…" not in c
                       and not _DATE_START.match(c) and not c.startswith(("记者", "本报", "再", "并", "但"))]
            if clauses:
                self.fact = self.pick(clauses)
                if not title or self.rng.random() < 0.5:
                    title, self.fact = self.fact, ""  # the fact is the headline; else it is the 引题
        if title and len(title) <= 16 and self.coin("comma_headline"):
            clauses = [c for c in re.split(r"[，。；！？]", body) if 4 <= len(c) <= 10 and not re.search(r"[“”（）：]", c)]
            if clauses:
                title = f"{self.pick(clauses)}，{title}"
        if title and self.coin("punct_headline"):
            style = self.rng.randrange(4)
            place = _PLACE.findall(body)
            if style == 0 and place:
                title = f"{place[0]}：{title}"
            elif style == 1:
                title = title.rstrip("？！") + self.pick("？！")
            elif style == 2:
                words = re.findall(rf"(?<![“‘{CJK}])[{CJK}]{{2,4}}(?![”’{CJK}])", title)
                if words:
                    w = self.pick(words)
                    title = title.replace(w, f"“{w}”", 1)
            else:
                latin = [t for t in _LATIN.findall(body) if not t.isdigit()]
                if latin:
                    title = f"{self.pick(latin)}赋能 {title}" if len(title) < 20 else f"{title}（{self.pick(latin)}）"
        return title[:40]

    def headline_group(self, item: int, title: str, source: Source, width: int) -> dict:
        """Kicker/pretitle, title lines and subtitle: the lines of one headline group.

        Returns the gold fields and a list of (text, role) lines to print."""
        body = "".join(source.paragraphs)
        kicker, kicker_role = "", "kicker"
        if self.fact:
            kicker, kicker_role = self.fact, "pretitle"
        elif self.coin("pretitle"):
            kicker, kicker_role = self.pick(_SLOGANS), "pretitle"
        if not kicker and self.coin("region_kicker"):
            places = _PLACE.findall(body)
            if places:
                kicker = self.pick(places)
        if not kicker and self.coin("column_kicker"):
            kicker = self.pick(_COLUMN_LABELS)
        subtitle = ""
        if self.coin("subtitle") and "——" not in title:
            clauses = [c for c in re.split(r"[。；！？]", body)
                       if 8 <= len(c) <= 26 and not re.search(r"[，“”‘’：（）…]", c)]
            places = _PLACE.findall(body)
            if clauses:
                subtitle = self.pick(clauses)
            elif places:
                subtitle = f"{places[0]}工作见闻"
        spaced = self.coin("letter_spaced_title")
        n_lines = 3 if self.coin("title_lines_3") else 2 if self.coin("title_lines_2") else 1
        n_lines = min(n_lines, max(1, len(title) // 3))
        # a break may fall anywhere except inside a number or word of Latin letters
        spots = [k for k in range(1, len(title)) if not (title[k - 1].isascii() and title[k].isascii()
                                                          and title[k - 1].isalnum() and title[k].isalnum())
                 and title[k] not in _NO_LINE_START and 2 <= k <= len(title) - 2]
        n_lines = min(n_lines, len(spots) + 1)
        cuts = sorted(self.rng.sample(spots, n_lines - 1)) if n_lines > 1 else []
        parts = [title[a:b] for a, b in zip([0, *cuts], [*cuts, len(title)], strict=True)]
        # a headline wider than its column (and the page) wraps at the column width
        parts = [q for part in parts for q in (self.wrap(part, max(width, 12)) if len(part) > max(width, 12) else [part])]
        parts = [p.strip() for p in parts if p.strip()]
        printed = []
        if kicker:
            printed.append((self.digits(kicker), kicker_role))
            if self.coin("blank_in_headline"):
                printed.append(("", None))
        for p in parts:
            text = self.digits(p)
            if spaced and re.fullmatch(rf"[{CJK}]+", p):
                text = " ".join(p)
            printed.append((text, "title"))
        if subtitle:
            for p in self.wrap("——" + subtitle, max(width, 20)):
                printed.append((self.digits(p), "subtitle"))
        gold_title = title + (f"——{subtitle}" if subtitle else "")
        return {"title": self.digits(gold_title), "kicker": self.digits(kicker), "printed": printed}

    def opener(self, people: list[tuple[str, str]]) -> tuple[str, str]:
        """An opener line prefix and the gold byline it stands for."""
        inner = " ".join(f"{r} {n}" for r, n in people)
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        if self.coin("wire_opener"):
            city = self.pick(_CITIES)
            style = self.rng.randrange(5)
            people = people or [("记者", self.name())]
            inner = " ".join(f"{r.replace('本报', '')} {n}" for r, n in people)
            if style == 0:
                return f"新华社{city}{month}月{day}日电（{inner}）", inner
            if style == 1:
                return f"中新网{city}{month}月{day}日电 （{inner}）", inner
            if style == 2:
                return f"光明网讯（{inner}）", inner
            if style == 3:
                return f"人民网{city}{month}月{day}日电 （{inner}）", inner
            return f"人民网{city}{month}月{day}日电 ", ""
        if not people:
            return self.pick(("本报讯 ", "本报讯　")), ""
        style = self.rng.randrange(4)
        if style == 0:
            return f"本报讯（{inner}）", inner
        if style == 1:
            return f"本报讯 （{inner}） ", inner
        if style == 2:
            return f"本报{self.pick(_CITIES)}{month}月{day}日电（{inner}）", inner
        return f"本报讯（{inner}）", inner

    def byline_lines(self, people: list[tuple[str, str]]) -> tuple[list[str], str]:
        """Standalone byline line(s) above a story, and the gold byline."""
        style = self.rng.randrange(6)
        if style == 0 and len(people) >= 2:
            lines = [f"{r} {n}" if r.startswith("本报") else f"本报{r} {n}" for r, n in people[:2]]
        elif style == 1:
            lines = [f"文/{people[0][1]} 图/{people[-1][1] if len(people) > 1 else self.name()}"]
        elif style == 2:
            lines = [f"文/图 本报记者 {people[0][1]}"]
        elif style == 3:
            lines = [f"{self.pick(('■', '□'))} {self.pick(('本报', '科技日报实习', '本报见习', ''))}记者 {' '.join(n for _, n in people[:2])}"]
        elif style == 4:
            lines = [f"记者 {' '.join(n for _, n in people[:3])}"]
        else:
            lines = [" ".join(f"{r} {n}" for r, n in people[:3])]
            if not lines[0].startswith(("本报", "记者", "通讯员")):
                lines[0] = "本报" + lines[0]
        gold = " ".join(bylines.clean_byline(line) for line in lines)
        if self.coin("letter_spaced_byline"):
            m = re.match(r"^([■□] )?(本报记者)(.*)$", lines[0])
            if m:
                lines[0] = f" {m.group(1) or ''}{' '.join(m.group(2))}{m.group(3)}"
        return lines, gold

    def noisy(self, paragraph: str) -> str:
        """OCR noise on one paragraph: half-width punctuation, a dropped character."""
        if self.coin("half_width_punct"):
            swap = {"，": ",", "：": ":", "（": "(", "）": ")"}
            paragraph = "".join(swap.get(ch, ch) if self.rng.random() < 0.5 else ch for ch in paragraph)
        if len(paragraph) > 12 and self.coin("dropped_char"):
            spots = [k for k in range(4, len(paragraph) - 4) if re.match(rf"[{CJK}]", paragraph[k])]
            if spots:
                k = self.pick(spots)
                paragraph = paragraph[:k] + paragraph[k + 1:]
        return paragraph

    def justify(self, line: str) -> str:
        return re.sub(r"(?<=[^\d.\s])(\d+(?:\.\d+)?)(?=[^\d.%\s])", r" \1 ", line).strip()

    def body_block(self, item: int, paragraphs: list[str], width: int, role: str = "body",
                   prefix: str = "", suffix: str = "", para_blank: bool | None = None,
                   subheadings: bool = False, noise: bool = True, wrap_items: bool = True) -> list[str]:
        """Print paragraphs into the column; returns the gold paragraphs (as printed, no prefix/suffix)."""
        if para_blank is None:
            para_blank = self.coin("para_blank")
        justify = self.coin("justify_spaces")
        stray = self.coin("stray_page_number")
        gold = []
        n_par = len(paragraphs)
        stray_at = self.rng.randrange(n_par) if stray else -1
        for k, par in enumerate(paragraphs):
            is_sub = subheadings and len(par) <= 16 and par[-1] not in _TERMINAL and "，" not in par
            par = self.digits(self.noisy(par) if noise and not is_sub else par)
            gold.append(par)
            text = self.digits(prefix if k == 0 else "") + par + (suffix if k == n_par - 1 else "")
            printed = self.wrap(text, width) if wrap_items else [text]
            if justify and not is_sub:
                printed = [self.justify(p) for p in printed]
            blank_at = (self.rng.randrange(1, len(printed)) if len(printed) > 1 and self.coin("column_blank")
                        else -1)
            if k and (para_blank or is_sub) and not self.no_blank:
                self.blank()
            for j, p in enumerate(printed):
                if j == blank_at and not self.no_blank:
                    self.blank()
                if k == stray_at and j == len(printed) // 2 and j:
                    self.emit(self.digits(str(self.page_no)), "furniture")
                self.emit(p, "subheading" if is_sub else role, item)
            if is_sub and not self.no_blank:
                self.blank()
        return gold

    # -- whole items --------------------------------------------------------------------------
    def new_article(self, source: Source, kind: str) -> int:
        self.articles.append({"title": "", "kicker": "", "byline": "", "kind": kind, "label": source.label,
                              "first_line": "", "last_line": "", "body": "", "jump": ""})
        return len(self.articles) - 1

    def story(self, source: Source, width: int, after: bool, brief: bool = False) -> None:
        """A titled story (or an untitled brief): headline group, byline, body, jump lines."""
        people = list(source.people) or [("记者", self.name())] * self.rng.randrange(2)
        kind = "brief" if brief else "article"
        item = self.new_article(source, kind)
        gold = self.articles[item]
        commentary = not brief and self.coin("commentary")
        head = None
        if not brief:
            self.fact = ""
            title = self.headline_text(source)
            head = self.headline_group(item, title, source, width)
            gold["title"], gold["kicker"] = head["title"], head["kicker"]
            if commentary and not gold["kicker"] and self.rng.random() < 0.5:
                gold["kicker"] = "时评"
                head["printed"].insert(0, ("时评", "kicker"))
        prefix = suffix = ""
        top_byline: list[str] = []
        tail_lines: list[tuple[str, str]] = []
        byline_gold = ""
        if commentary:
            author = people[0][1] if people else self.name()
            tail_lines.append((f"{self.pick(('□ ', '■ ', ''))}{author}", "byline"))
            byline_gold = author
        elif brief or self.coin("opener"):
            prefix, byline_gold = self.opener(people)
        elif people and self.coin("standalone_byline"):
            top_byline, byline_gold = self.byline_lines(people)
        elif people and self.coin("signoff"):
            r, n = people[0]
            suffix = self.pick((f"（{r} {n}）", f"（{n}）", f"({r} {n})"))
            byline_gold = f"{r} {n}" if "记者" in suffix or "通讯员" in suffix else n
        if not commentary and self.coin("reprint_source"):
            src = f"来源：{self.pick(_SOURCES)}"
            tail_lines.append((self.pick((src, f"（{src}）")), "credit"))
            byline_gold = f"{byline_gold} {src}".strip()
        gold["byline"] = byline_gold
        jump_in = not brief and self.coin("jump_in")
        jump_out = not brief and not jump_in and self.coin("jump_out")
        head_printed = head["printed"] if head else []

        def print_head() -> None:
            for text, role in head_printed:
                if role is None:
                    self.blank()
                else:
                    self.emit(text, role, item)

        sep = (lambda: None) if self.no_blank else self.blank
        head_sep = (lambda: None) if self.coin("headline_attached") else sep
        if not after:
            print_head()
            head_sep()
        for line in top_byline:
            self.emit(line, "byline", item)
        if top_byline:
            sep()
        if jump_in:
            jump = self.digits(self.pick(_JUMP_IN).format(n=self.rng.randint(1, 4)))
            self.emit(jump, "jump", item)
            gold["jump"] = jump.strip("（）()")
        start = len(self.lines)
        paragraphs = self.body_block(item, list(source.paragraphs), width, prefix=prefix, suffix=suffix,
                                     subheadings=source.kind == "feature")
        body_lines = [ln for ln in self.lines[start:] if ln.item == item and ln.role in ("body", "subheading")]
        gold["first_line"], gold["last_line"] = body_lines[0].text, body_lines[-1].text
        gold["body"] = "\n".join(paragraphs)
        for text, role in tail_lines:
            self.emit(text, role, item)
        if jump_out:
            jump = self.digits(self.pick(_JUMP_OUT).format(n=self.rng.randint(2, 8)))
            self.emit(jump, "jump", item)
            gold["jump"] = jump.strip("（）()")
        if after:
            head_sep()
            print_head()

    def caption(self, source: Source, width: int) -> None:
        """A photo caption: text, credit at its end or on its own line, maybe a photo headline."""
        item = self.new_article(source, "caption")
        gold = self.articles[item]
        name = source.people[0][1] if source.people else self.name()
        credit, credit_gold = self.pick((
            (f"■ 本报记者 {name}", f"本报记者 {name}"), (f"（{name} 摄）", f"{name} 摄"),
            (f"{name} 摄", f"{name} 摄"), (f"本报记者 {name} 摄", f"本报记者 {name} 摄"),
            (f"■ {name}", name), (f"{name} 摄/光明图片", f"{name} 摄/光明图片"),
            (f"（新华社记者 {name} 摄）", f"新华社记者 {name} 摄"),
        ))
        if self.coin("caption_headline"):
            clauses = [c for c in re.split(r"[，。；！？]", "".join(source.paragraphs))
                       if 5 <= len(c) <= 14 and not _DATE_START.match(c) and not re.search(r"[“”（）：\d]", c)]
            gold["title"] = self.digits(source.title or (self.pick(clauses) if clauses else self.pick(_PHOTO_TITLES)))
            self.emit(gold["title"], "title", item)
            if not self.no_blank and self.rng.random() < 0.5:
                self.blank()
        own_line = self.coin("credit_own_line")
        suffix = "" if own_line else self.pick((" ", "", "  ")) + credit
        if suffix.endswith(("摄", "光明图片")) and not suffix.lstrip().startswith(("（", "■")):
            suffix = " " + credit  # a bare `某某 摄` needs the space to read as a credit
        start = len(self.lines)
        paragraphs = self.body_block(item, list(source.paragraphs), width, role="caption", suffix=suffix,
                                     para_blank=False, noise=False)
        own = [ln for ln in self.lines[start:] if ln.item == item]
        gold["first_line"], gold["last_line"] = own[0].text, own[-1].text
        if own_line:
            self.emit(credit, "credit", item)
        gold["byline"], gold["body"] = credit_gold, "\n".join(paragraphs)

    def notice(self, source: Source | None, width: int) -> None:
        """A notice: heading right above (or a blank above) short unwrapped or wrapped lines."""
        if source is not None and source.title:
            item = self.new_article(source, "article")
            title, paragraphs = source.title, list(source.paragraphs)
        else:
            item = len(self.articles)
            self.articles.append({"title": "", "kicker": "", "byline": "", "kind": "article", "label": "other",
                                  "first_line": "", "last_line": "", "body": "", "jump": ""})
            title = self.pick(("遗失声明", "遗失声明", "招租", "招聘"))
            phone = f"0{self.rng.randint(300, 999)}-{self.rng.randint(2000000, 8999999)}"
            town = self.pick(_PAPER_TOWNS)
            if title == "招租":
                paragraphs = [f"{town}市{self.pick(('滨河', '人民', '建设'))}路临街门面一间，面积约{self.rng.randint(40, 300)}"
                              f"平方米，交通便利，适合经营餐饮、零售。", f"有意者请联系：{phone}"]
            elif title == "招聘":
                paragraphs = [f"{town}某{self.pick(('物流', '科技', '食品', '建材'))}有限公司因业务发展需要，诚聘"
                              f"{self.pick(('仓库管理员', '叉车司机', '会计', '销售代表'))}{self.rng.randint(2, 9)}名，待遇面议。",
                              f"联系电话：{phone}"]
            else:
                paragraphs = [f"{self.name()}遗失{self.pick(_LOST_ITEMS)}，编号：{self.rng.randint(10**7, 10**8)}，特此声明作废。"
                              for _ in range(self.rng.randint(1, 4))]
        gold = self.articles[item]
        gold["title"] = self.digits(title)
        # a long notice heading breaks at any point, often before `的通知`; a short one may be spaced
        if len(title) > 12 and self.coin("title_lines_2"):
            cut = self.rng.randrange(4, len(title) - 2)
            self.emit(gold["title"][:cut], "title", item)
            self.emit(gold["title"][cut:], "title", item)
        elif len(title) <= 4 and self.coin("letter_spaced_title"):
            self.emit(" ".join(gold["title"]), "title", item)
        else:
            self.emit(gold["title"], "title", item)
        if not self.no_blank and self.rng.random() < 0.5:
            self.blank()
        start = len(self.lines)
        gold_paragraphs = self.body_block(item, paragraphs, width, para_blank=self.rng.random() < 0.3,
                                          noise=False, wrap_items=self.rng.random() < 0.6)
        own = [ln for ln in self.lines[start:] if ln.item == item]
        gold["first_line"], gold["last_line"] = own[0].text, own[-1].text
        gold["body"] = "\n".join(gold_paragraphs)

    def ad(self, width: int) -> None:
        item = len(self.articles)
        self.articles.append({"title": "", "kicker": "", "byline": "", "kind": "article", "label": "other",
                              "first_line": "", "last_line": "", "body": "", "jump": ""})
        gold = self.articles[item]
        gold["title"] = f"{self.pick(_AD_BRANDS)} {self.pick(_AD_OCCASIONS)}"
        self.emit(gold["title"], "title", item)
        if not self.no_blank:
            self.blank()
        offers = self.rng.sample(_AD_OFFERS, self.rng.randint(1, 3))
        paragraphs = [o + self.pick(("。", "；", "")) for o in offers]
        paragraphs.append(f"地址：{self.pick(_PAPER_TOWNS)}市{self.pick(('滨河', '人民', '建设', '解放'))}路{self.rng.randint(1, 400)}号")
        paragraphs.append(f"{self.pick(('咨询热线', '订购电话', '联系电话'))}：0{self.rng.randint(300, 999)}-{self.rng.randint(2000000, 8999999)}")
        start = len(self.lines)
        gold_paragraphs = self.body_block(item, paragraphs, width, para_blank=self.rng.random() < 0.5, noise=False)
        own = [ln for ln in self.lines[start:] if ln.item == item]
        gold["first_line"], gold["last_line"] = own[0].text, own[-1].text
        gold["body"] = "\n".join(gold_paragraphs)

    def data_box(self, source: Source, width: int) -> bool:
        """A box of figures taken from a story: label (kicker), heading, one figure per line."""
        clauses = [c.strip() for c in re.split(r"[，。；]", "".join(source.paragraphs))
                   if re.search(r"\d", c) and 6 <= len(c.strip()) <= 30 and "“" not in c]
        if len(clauses) < 3:
            return False
        item = self.new_article(source, "article")
        gold = self.articles[item]
        label = self.pick(_BOX_LABELS)
        places = _PLACE.findall("".join(source.paragraphs))
        topic = places[0] if places and self.rng.random() < 0.5 else self.pick(("全市", "全县", "全区", "今年以来"))
        heading = self.pick((f"一组数据看{topic}", f"{topic}主要数据", f"数说{topic}发展"))
        gold["kicker"], gold["title"] = label, heading
        self.emit(label, "box", item)
        self.emit(heading, "title", item)
        bullet = self.pick(_BULLETS)
        items = [bullet + c for c in clauses[: self.rng.randint(3, 7)]]
        if self.rng.random() < 0.5:
            items.append(f"（数据来源：{topic}统计局）")
        start = len(self.lines)
        gold_paragraphs = self.body_block(item, items, max(width, 20), para_blank=False, noise=False)
        own = [ln for ln in self.lines[start:] if ln.item == item]
        gold["first_line"], gold["last_line"] = own[0].text, own[-1].text
        gold["body"] = "\n".join(gold_paragraphs)
        return True

    def furniture(self, town: str, date: str) -> None:
        lines = []
        if self.rng.random() < 0.8:
            lines.append(f"{town}{self.pick(('日报', '晚报', '新闻'))}" + (f" {date}" if self.rng.random() < 0.3 else ""))
        section = self.pick(_SECTIONS)
        lines.append(self.pick((f"第{self.page_no}版 {section}", f"{section} A{self.page_no}", f"A{self.page_no}",
                                f"{self.page_no} {section}", f"{section}·{self.pick(_SECTIONS)}")))
        if not any(date in ln for ln in lines):
            lines.append(date)
        lines.append(self.pick((f"责任编辑：{self.name()} 校对：{self.name()}", f"责编：{self.name()} 版式：{self.name()}",
                                f"本版编辑 {self.name()}", f"编辑：{self.name()}")))
        self.rng.shuffle(lines)
        for line in lines:
            self.emit(self.digits(line), "furniture")


def _draw_sources(rng: random.Random, sources: Sequence[Source], n: int, kinds: tuple[str, ...]) -> list[Source]:
    pool = [s for s in sources if s.kind in kinds]
    return [pool[rng.randrange(len(pool))] for _ in range(n)] if pool else []


def simulate_page(rng: random.Random, sources: Sequence[Source], options: SimOptions | None = None,
                  name: str = "page") -> SimPage:
    """One page drawn from `sources` with `rng`; every decision is tallied in `decisions`."""
    options = options or SimOptions()
    decisions: dict[str, list[int]] = {}
    r = _Renderer(rng, options, decisions)
    r.page_no = rng.randint(1, 16)
    r.full_width = r.coin("full_width_digits")
    r.no_blank = r.coin("no_blank_page")
    mixed_widths = r.coin("mixed_widths")
    page_width = rng.randint(options.min_width, options.max_width)
    mode = "after" if r.coin("headline_after") else "mixed" if r.coin("headline_mixed") else "before"
    town = r.pick(_PAPER_TOWNS)
    date = f"2025年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 星期{r.pick(_WEEKDAYS)}"
    top, bottom = r.coin("furniture_top"), r.coin("furniture_bottom")
    if top:
        r.furniture(town, date)
        r.blank()
    plan: list[str] = ["story"] * rng.randint(options.min_items, options.max_items)
    n_caption = rng.randint(0, 2)
    plan[: n_caption] = ["caption"] * n_caption
    if r.coin("briefs_run"):
        plan[-1] = "briefs"
    if r.coin("data_box"):
        plan.append("box")
    if r.coin("notice"):
        plan.append("notice")
    if r.coin("ad"):
        plan.append("ad")
    rng.shuffle(plan)
    stories = _draw_sources(rng, [s for s in sources if s.title], len(plan), ("news", "feature", "brief"))
    for n, what in enumerate(plan):
        width = rng.randint(options.min_width, options.max_width) if mixed_widths else page_width
        after = mode == "after" or (mode == "mixed" and rng.random() < 0.5)
        if what == "story":
            r.story(stories[n], width, after)
        elif what == "caption":
            caps = _draw_sources(rng, sources, 1, ("caption",))
            r.caption(caps[0], width) if caps else r.story(stories[n], width, after)
        elif what == "briefs":
            for brief in _draw_sources(rng, sources, rng.randint(2, 4), ("brief",)):
                r.story(brief, width, False, brief=True)
        elif what == "box":
            if not r.data_box(stories[n], width):
                r.story(stories[n], width, after)
        elif what == "notice":
            notices = _draw_sources(rng, sources, 1, ("notice",))
            r.notice(notices[0] if notices and rng.random() < 0.7 else None, width)
        elif what == "ad":
            r.ad(width)
        if what != "briefs" and not r.no_blank:
            r.blank(rng.choice((1, 1, 2)))
    if bottom:
        r.blank()
        r.furniture(town, date)
    while r.lines and r.lines[-1].role is None:
        r.lines.pop()
    text = "\n".join(line.text for line in r.lines) + "\n"
    gold = {"page": f"{name}.txt", "articles": r.articles,
            "furniture": [line.text for line in r.lines if line.role == "furniture"]}
    return SimPage(name, text, gold, [line.role for line in r.lines], [line.item for line in r.lines], decisions)


def simulate_pages(n: int, seed: int, sources: Sequence[Source] | None = None,
                   options: SimOptions | None = None) -> list[SimPage]:
    """`n` pages from one seed; page k depends only on (seed, k), so prefixes agree."""
    if sources is None:
        sources = load_sources(Path(__file__).resolve().parents[1] / "data" / "labeled")
    return [simulate_page(random.Random(f"{seed}:{k}"), sources, options, name=f"sim{seed}_{k:04d}")
            for k in range(n)]


def write_pages(pages: Sequence[SimPage], out: str | Path) -> None:
    """`NAME.txt`, `NAME.gold.json`, `NAME.roles.json` per page (each written whole via a temp file)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for page in pages:
        for suffix, content in ((".txt", page.text),
                                (".gold.json", json.dumps(page.gold, ensure_ascii=False, indent=1) + "\n"),
                                (".roles.json", json.dumps(page.roles, ensure_ascii=False) + "\n")):
            target = out / f"{page.name}{suffix}"
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_text(content, encoding="utf-8")
            tmp.replace(target)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m classify.simulate",
                                     description="Render labeled articles into raw page text with gold.")
    parser.add_argument("--pages", type=int, default=20, help="number of pages (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--data", default=None, help="labeled JSONL folder (default: data/labeled)")
    args = parser.parse_args(argv)
    if args.pages < 1:
        parser.error("--pages must be at least 1")
    try:
        sources = load_sources(args.data) if args.data else None
        write_pages(simulate_pages(args.pages, args.seed, sources), args.out)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.pages} pages to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

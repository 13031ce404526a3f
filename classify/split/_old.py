"""Split the raw text of a newspaper page into articles.

PDF and OCR extraction leave a page as lines cut at the column width, with blank lines wherever a
column ended, even mid-sentence, and with headlines often printed *after* their article. So the
splitter never trusts a single line break or blank line. It works in four passes:

1. **Lines.** Each non-blank line is typed: furniture (mastheads, page names, date and editor
   lines), a standalone byline, or text.
2. **Blocks.** Runs of text lines between blank lines. A block that is short, has no sentence
   punctuation, and follows a finished sentence is a *heading*; consecutive headings form a
   heading group (kicker, main title, `——` subtitle).
3. **Segments.** Body text is cut into article bodies at strong signals: an opener
   (`本报讯（记者 …）`), a trailing photo credit (`■ 本报记者 …`), a standalone byline, or a
   heading group that is clearly a title. A heading between two parts of one story with no such
   signal is a sub-heading and stays in the body.
4. **Titles.** Each heading group belongs to the body before it or after it. The page is solved as
   a whole (a small dynamic programme) so that articles get one title each, captions and briefs may
   go without, and the direction stays consistent across the page, which is how papers lay out.

Every non-blank input line ends up in exactly one place: an article's title, kicker, byline or
body, or the page's furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import bylines
from ..normalize import CJK, split_lines, unspace_letters, unspace_prose, width
from ._types import KINDS, Article, Page  # noqa: F401

# ---------------------------------------------------------------------------------------------
# Pass 1: line types

_TERMINAL = "。！？；…!?;"
_CLOSERS = "”’」』）)》】〉\"'"
_DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,6}(?:星期|周)[一二三四五六日天]")
_EDITOR = re.compile(r"(?:责任编辑|责编|编辑|版式|美编|校对|组版|审读|值班主任|视觉|排版)\s*[：:]")
_MASTHEAD = re.compile(
    rf"^(?:[{CJK}]{{2,8}}(?:日报|晚报|都市报|商报|时报|早报|新闻|周报)|[{CJK}]{{2,4}}报|今日[{CJK}]{{2,4}})(?:\s.*)?$"
)
_PAGE_NO = re.compile(r"^(?:第\s*[0-9一二三四五六七八九十]{1,3}\s*版|[A-H]\s?\d{1,2}(?:\s*版)?|\d{1,2}\s*版?)$")
_PAGE_NAME = re.compile(
    rf"^(?:[A-H]?\d{{0,2}}\s*)?[{CJK}·]{{0,6}}(?:要闻|综合|经济|民生|文化|体育|社会|城事|副刊|时评|专版|专题|国内|国际"
    rf"|视点|财经|法治|教育|健康|农村|县区|新闻|分类广告|广告专版|评论|理论|关注|文旅|文体|周刊)[{CJK}·]{{0,6}}(?:\s*[A-H]?\d{{1,2}})?$"
)
_PAGE_NUMBER_TOKEN = re.compile(r"第?[A-H]?\d{1,2}版|[A-H]?\d{1,2}$|^[A-H]?\d{1,2}(?=[^\d年月日万亿个%.])")
# column headers over a run of short items: `民生简讯`, `一周快讯`
_SECTION = re.compile(rf"^[{CJK}·]{{0,6}}(?:简讯|快讯|速递|简报|速览|短波|播报|一览|资讯|集锦|动态)$")
# the imprint under a masthead: publisher, serial numbers
_IMPRINT = re.compile(
    r"(?:^[\u4e00-\u9fff]{2,12}主办(?:\s|$)|出版物号|刊号|邮发代号|CN\s*\d{2}\s*-\s*\d{4}|农历[\u4e00-\u9fff]{2,}年)"
)
_LATIN_MASTHEAD = re.compile(r"^[A-Z][A-Z .&'-]{3,40}$")
_JUMP = re.compile(r"^[（(](?:上接|下转|紧接|转)[^）)]{1,12}[）)]$")
_RULE = re.compile(r"^[-=─━—_*★☆◆◇■□●○·~～\s]{3,}$")


def _is_furniture(line: str, index: int, first: int, last: int) -> bool:
    """Page furniture: date/editor lines, mastheads, page numbers; page names only at page edges."""
    if len(line) > 80:
        return False
    if _JUMP.match(line) or (_RULE.match(line) and "…" not in line) or line.startswith("本版"):
        return True
    if _IMPRINT.search(line):
        return True
    if _EDITOR.search(line) and len(line) <= 60:
        return True
    if _DATE_LINE.search(line) and "，" not in line and "。" not in line:
        return True
    near_edge = index - first < 5 or last - index < 5
    compact = re.sub(r"[\s|｜/／]", "", line)
    if near_edge and (_MASTHEAD.match(line) or _PAGE_NO.match(compact) or _LATIN_MASTHEAD.match(line)):
        return True
    if _SECTION.match(compact.strip("【】[]")):
        return True
    name = _PAGE_NUMBER_TOKEN.sub("", compact)
    return near_edge and 2 <= len(name) <= 12 and bool(_PAGE_NAME.match(name))


# ---------------------------------------------------------------------------------------------
# Pass 2: blocks and headings

_NOTICE = re.compile(r"(?:声明|公告|启事|通告|通知|讣告|广告|告示|公示|招标|招聘|告知书)$")
# column labels printed above a headline: `记者手记`, `反诈小课堂`
_COLUMN_KICKER = re.compile(rf"^[{CJK}]{{0,4}}(?:手记|观察|快评|短评|小课堂|随笔|札记|视点|特写|一线|现场|探访|故事)$")
_AD = re.compile(r"(?:电话|热线|地址|咨询|优惠|开业|开园|盛大|微信|二维码|详询|店址|报名)")
_REGION = re.compile(rf"^[{CJK}]{{1,4}}(?:区|县|市|镇|乡|街道|旗|州|盟)$")
_DATE_LEAD = re.compile(
    r"^(?:\d{1,2}月\d{1,2}日(?:[上下]午|晚|早|凌晨)?[，,\s]|(?:\d{4}年)\d{1,2}月\d{1,2}日|"
    r"(?:近日|日前|昨天|昨日|今天|今日|近期|本周|上周|连日来|入夏以来|今年以来)[，,]|记者.{0,12}(?:从|获悉|了解到|来到|走进)|据.{0,12}(?:消息|介绍))"
)

# Stricter: what opens an untitled brief or caption (not what may open a paragraph mid-story).
_BRIEF_LEAD = re.compile(r"^(?:\d{1,2}月\d{1,2}日(?:[上下]午|晚|早|凌晨|起)?[，,\s]|据.{1,14}消息[，,]|(?:近日|日前)[，,])")

# Contact and date lines that close a notice or an ad: `联系电话：0398-2156780`, `2025年3月13日`.
_CONTACT = re.compile(r"(?:电话|热线|地址|邮箱|网址)[：:]|[：:]\s*[\d（(]")
_CONTACT_LINE = re.compile(r"(?:电话|热线|地址|邮箱|网址|微信)[：:]")
_BARE_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_CLOSING = re.compile(r"(?:[：:]\s*[\d\-－ ]{5,}|\d{4}年\d{1,2}月\d{1,2}日)$")


def _nospace(line: str) -> str:
    """`3 月16日` -> `3月16日`: leads are matched without the spaces typesetting adds."""
    return line.replace(" ", "")


def _is_notice_heading(line: str) -> bool:
    """`停电公告`, `遗失声明`, `招标公告`: short headings that always title the text below."""
    compact = line.replace(" ", "")
    return len(compact) <= 12 and bool(_NOTICE.search(compact)) and _heading_like(line)


def _adlike(lines: list[str]) -> bool:
    """Ad copy: several lines, a contact line (`地址：`, `咨询热线：`), offer words, few full stops."""
    joined = "".join(lines)
    return (
        len(lines) >= 3
        and joined.count("。") <= len(lines) // 2
        and any(_CONTACT_LINE.search(line) for line in lines)
        and len(_AD.findall(joined)) >= 2
    )


def _ends_sentence(line: str) -> bool:
    s = line.rstrip()
    while s and s[-1] in _CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in _TERMINAL


def _heading_like(line: str) -> bool:
    """Could this line be (part of) a headline? Short, no sentence punctuation at its end."""
    s = line.strip()
    compact = s.replace(" ", "")
    if not 2 <= len(compact) <= 40:
        return False
    if s[-1] in "，、：:,；。;…" or (_ends_sentence(s) and s.rstrip(_CLOSERS)[-1:] not in "？！?!"):
        return False
    if "。" in s or s.count("，") > 1 or bylines.OPENER.match(s) or _CONTACT.search(s):
        return False
    return sum(ch.isascii() and ch.isalnum() for ch in compact) <= len(compact) // 2


_WIDEST_COLUMN = 40  # characters; wide columns are 33-36
# `■ 市气象台预计，…`: a bullet that opens a short item (a credit has only names after it)
_BULLET = re.compile(r"^[■□●◆▲]\s*(?=\S*[，。：])")
_TOPIC_SIMILARITY = 0.05
_HAN = re.compile(rf"[{CJK}]+")


def _similarity(a: list[str], b: list[str]) -> float:
    """Cosine similarity of the character bigrams of two stretches of text."""
    def grams(lines: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for run in _HAN.findall("".join(lines)):
            for k in range(len(run) - 1):
                out[run[k:k + 2]] = out.get(run[k:k + 2], 0) + 1
        return out

    ga, gb = grams(a), grams(b)
    dot = sum(v * gb.get(k, 0) for k, v in ga.items())
    norm = (sum(v * v for v in ga.values()) * sum(v * v for v in gb.values())) ** 0.5
    return dot / norm if norm else 0.0


@dataclass
class _Block:
    kind: str  # "text", "head", "byline"
    lines: list[int]  # indices into the line list (0-based)


@dataclass
class _Group:
    """A heading group: kicker block(s), main title block, optional `——` subtitle."""

    blocks: list[list[int]]

    @property
    def lines(self) -> list[int]:
        return [i for b in self.blocks for i in b]


@dataclass
class _Segment:
    items: list  # _Block (text/byline) or _Group used as sub-heading, in order
    title: _Group | None = None

    def text_lines(self) -> list[int]:
        return [i for it in self.items if isinstance(it, _Block) and it.kind == "text" for i in it.lines]


class _PageSplitter:
    """One page's working state. Private: `split_page` and `parse_page` are the API."""

    def __init__(self, text: str) -> None:
        self.raw = split_lines(text)
        self.lines = [unspace_letters(line) for line in self.raw]
        self.forced_right: set[int] = set()  # heading lines that always title what follows

    # -- pass 1 and 2 ----------------------------------------------------------------------
    def blocks(self) -> tuple[list[_Block | _Group], list[int]]:
        nonblank = [i for i, line in enumerate(self.lines) if line]
        furniture: list[int] = []
        if not nonblank:
            return [], furniture
        first, last = nonblank[0], nonblank[-1]
        pos = {i: n for n, i in enumerate(nonblank)}
        header = self._header_lines(nonblank, pos)
        runs: list[list[int]] = []
        current: list[int] = []
        for i, line in enumerate(self.lines):
            if not line:
                if current:
                    runs.append(current)
                    current = []
                continue
            if i in header or _is_furniture(line, pos[i], pos[first], pos[last]):
                furniture.append(i)
                if current:
                    runs.append(current)
                    current = []
                continue
            current.append(i)
        if current:
            runs.append(current)

        blocks: list[_Block] = []
        for run in runs:
            for block in self._cut_run(run):
                for part in self._split_inner_headings(block):
                    blocks.extend(self._split_notice_head(part))
        return self._group_headings(blocks), furniture

    def _header_lines(self, nonblank: list[int], pos: dict[int, int]) -> set[int]:
        """The page header (or footer): the first (last) run of lines without a blank, when it
        holds a date or editor line. Its other short lines are section names (`深 读`)."""
        first, last = nonblank[0], nonblank[-1]
        out: set[int] = set()
        for run in (self._edge_run(nonblank, 0), self._edge_run(nonblank, -1)):
            if any(_is_furniture(self.lines[i], pos[i], pos[first], pos[last]) and
                   (_DATE_LINE.search(self.lines[i]) or _EDITOR.search(self.lines[i])) for i in run):
                out.update(i for i in run if len(self.lines[i].replace(" ", "")) <= 10
                           and not _ends_sentence(self.lines[i]) and "，" not in self.lines[i])
        return out

    def _edge_run(self, nonblank: list[int], end: int) -> list[int]:
        """Consecutive non-blank lines at the top (end=0) or bottom (end=-1) of the page."""
        order = nonblank if end == 0 else nonblank[::-1]
        run = [order[0]]
        for i in order[1:]:
            if abs(i - run[-1]) != 1 or len(run) >= 6:
                break
            run.append(i)
        return run

    def _split_inner_headings(self, block: _Block) -> list[_Block]:
        """Pages set without blank lines put a headline straight between two stories. Inside a
        block, a short line with no end punctuation right after a finished sentence cannot be
        column-broken prose (prose lines run to the column width): it is a heading of its own."""
        if block.kind != "text" or len(block.lines) < 4:
            return [block]
        widths = sorted(width(self.lines[i]) for i in block.lines)
        col = widths[int(len(widths) * 0.8)]
        out: list[_Block] = []
        current: list[int] = []
        for n, i in enumerate(block.lines):
            line = self.lines[i]
            heading = (
                n > 0
                and _ends_sentence(self.lines[block.lines[n - 1]])
                and _heading_like(line)
                and "，" not in line
                and width(line) <= 0.8 * col
                and not bylines.is_byline_line(line)
            )
            if heading:
                if current:
                    out.append(_Block("text", current))
                out.append(_Block("text", [i]))
                current = []
            else:
                current.append(i)
        if current:
            out.append(_Block("text", current))
        return out

    def _split_notice_head(self, block: _Block) -> list[_Block]:
        """Notices and ads print their heading right above the text with no blank line:
        `停电公告` / `因电力线路检修…`. Cut the heading off so it can be read as a title."""
        if block.kind != "text" or len(block.lines) < 2:
            return [block]
        first = self.lines[block.lines[0]]
        lines = [self.lines[i] for i in block.lines]
        notice = _is_notice_heading(first)
        joined = "".join(lines)
        ad = (
            len(lines) >= 3
            and _heading_like(first)
            and "，" not in first
            and "。" not in joined
            and joined.count("，") <= len(lines) // 2
            and bool(_AD.search(joined))
        )
        if notice or ad:
            self.forced_right.add(block.lines[0])
            return [_Block("text", block.lines[:1]), _Block("text", block.lines[1:])]
        return [block]

    def _cut_run(self, run: list[int]) -> list[_Block]:
        """Cut a run of lines at bylines, openers and credits, which always mark article edges."""
        out: list[_Block] = []
        current: list[int] = []

        def flush() -> None:
            nonlocal current
            if current:
                out.append(_Block("text", current))
                current = []

        for i in run:
            line = self.lines[i]
            if bylines.is_byline_line(line):
                if current and self._credit_continues(current, line):
                    current.append(i)  # the sign-off of the text above
                    flush()
                    continue
                flush()
                if out and out[-1].kind == "byline":
                    out[-1].lines.append(i)
                else:
                    out.append(_Block("byline", [i]))
                continue
            if current and bylines.split_opener(line)[0]:
                flush()
            current.append(i)
            if bylines.split_credit(line)[1]:
                flush()
        flush()
        return out

    def _credit_continues(self, current: list[int], line: str) -> bool:
        """`■ 本报记者 吴兆旭` right under a caption's last line is that caption's credit."""
        return (line.lstrip()[:1] in "■□●◆（(" and _ends_sentence(self.lines[current[-1]])
                and (len(current) <= 8 or line.lstrip()[:1] in "（("))

    def _signature(self, block: _Block, blocks: list[_Block]) -> bool:
        """`雁丘市城区供电服务中心` above `2025年3月13日`: the signature of a notice."""
        n = blocks.index(block)
        nxt = blocks[n + 1] if n + 1 < len(blocks) else None
        if len(block.lines) == 1 and nxt is not None and nxt.kind == "text":
            return bool(_BARE_DATE.match(self.lines[nxt.lines[0]]))
        return len(block.lines) > 1 and bool(_BARE_DATE.match(self.lines[block.lines[-1]]))

    @staticmethod
    def _after_group(out: list) -> bool:
        return bool(out) and isinstance(out[-1], _Group)

    def _column_wide(self, block: _Block, blocks: list[_Block]) -> bool:
        """Lines as wide as the text column around them are column-broken prose, not a headline:
        a paragraph's first line cut off by a column bottom looks like a short heading."""
        n = blocks.index(block)
        around = [i for b in blocks[max(0, n - 2): n + 3] if b is not block and b.kind == "text" for i in b.lines]
        widths = sorted(width(self.lines[i]) for i in around)
        if len(widths) < 3:
            return False
        col = widths[int(len(widths) * 0.8)]
        if len(block.lines) == 1:
            line = self.lines[block.lines[0]]
            # a headline with a comma is clearly shorter than the column
            return ("，" in line or "、" in line) and width(line) > 0.75 * col
        return any(abs(width(self.lines[i]) - col) <= 1.0 for i in block.lines[:-1])

    def _group_headings(self, blocks: list[_Block]) -> list[_Block | _Group]:
        out: list[_Block | _Group] = []
        finished = True  # the text before ends a sentence (or there is none)
        for block in blocks:
            if block.kind == "byline":
                out.append(block)
                finished = True
                continue
            lines = [self.lines[i] for i in block.lines]
            if len(lines) == 1 and _is_notice_heading(lines[0]):
                self.forced_right.add(block.lines[0])
                is_head = True
            elif block.lines[0] in self.forced_right:
                is_head = True
            elif self._signature(block, blocks):
                is_head = False
            elif lines[0].startswith(("——", "—")):
                # a `——` subtitle block right after a title block
                is_head = bool(out) and isinstance(out[-1], _Group) and len(lines) <= 2
            else:
                is_head = (
                    finished
                    and len(lines) <= 3
                    and sum(len(s) for s in lines) <= 64
                    and not (any("，" in s and not s.startswith("—") for s in lines)
                             and (len(lines) > 1 or self._after_group(out)))
                    and all(_heading_like(s) or s.startswith(("——", "—", "--")) for s in lines)
                    and not self._column_wide(block, blocks)
                )
            if is_head:
                if out and isinstance(out[-1], _Group) and block.lines[0] not in self.forced_right:
                    out[-1].blocks.append(block.lines)
                else:
                    out.append(_Group([block.lines]))
                finished = True
            else:
                out.append(block)
                last = lines[-1]
                finished = (_ends_sentence(last) or bool(bylines.split_credit(last)[1] or _CLOSING.search(last))
                            or bylines.is_byline_line(last))
        return out

    # -- pass 3: segments --------------------------------------------------------------------
    def segments(self, items: list[_Block | _Group]) -> list[_Segment | _Group]:
        """Cut the items into article bodies, with title groups between them."""
        seq: list[_Segment | _Group] = []
        for n, item in enumerate(items):
            if isinstance(item, _Group):
                self._mark_ad_heading(item, items, n)
                prev = seq[-1] if seq and isinstance(seq[-1], _Segment) else None
                nxt = self._next_text(items, n)
                if prev is not None and nxt is not None and not self._is_title(item, prev, items, n):
                    prev.items.append(item)  # a sub-heading inside a story
                    continue
                units = self._units(item)
                if len(units) > 1 and seq and isinstance(seq[-1], _Segment) and seq[-1].title is None:
                    # two headline groups printed back to back: the first closes the story above
                    seq[-1].title = _Group([b for u in units[:-1] for b in u])
                    item = _Group(units[-1])
                if seq and isinstance(seq[-1], _Group) and self._forced_right(item):
                    # the heading above a notice's own heading closes the story before it
                    before = seq.pop()
                    if seq and isinstance(seq[-1], _Segment) and seq[-1].title is None:
                        seq[-1].title = before
                    elif seq and isinstance(seq[-1], _Segment):
                        seq[-1].items.append(before)
                    else:
                        item = _Group(before.blocks + item.blocks)
                    seq.append(item)
                elif seq and isinstance(seq[-1], _Group):
                    seq[-1].blocks.extend(item.blocks)
                else:
                    seq.append(item)
                continue
            cur = seq[-1] if seq and isinstance(seq[-1], _Segment) else None
            if cur is None or self._starts_article(item, cur) or self._topic_break(items, n, cur):
                seq.append(_Segment([item]))
            else:
                cur.items.append(item)
        return seq

    def _units(self, group: _Group) -> list[list[list[int]]]:
        """Cut a run of heading blocks into headline units (kicker?, main, subtitle?).

        A region or column kicker (`溱北区`, `记者手记`) binds to the block after it and a `——`
        subtitle to the block before it; such a unit is complete. A notice's or ad's heading
        always starts a unit. Of the plain blocks left, two are one unit (kicker and main, as
        most pages print them); three are two units, cut so that the kicker is the shorter line.
        """
        def text(block: list[int]) -> str:
            return "".join(self.lines[i] for i in block).replace(" ", "")

        def is_sub(block: list[int]) -> bool:
            return self.lines[block[0]].startswith(("——", "—"))

        def is_kicker(block: list[int]) -> bool:
            return len(block) == 1 and bool(_REGION.match(text(block)) or _COLUMN_KICKER.match(text(block)))

        # atoms: (blocks, complete)
        atoms: list[tuple[list[list[int]], bool]] = []
        for block in group.blocks:
            if atoms and is_sub(block) or atoms and len(atoms[-1][0]) == 1 and is_kicker(atoms[-1][0][0]) and not atoms[-1][1] \
                    and block[0] not in self.forced_right:
                atoms[-1] = (atoms[-1][0] + [block], True)
            else:
                has_sub = any(self.lines[i].startswith(("——", "—")) for i in block[1:])
                atoms.append(([block], has_sub or block[0] in self.forced_right))
        units: list[list[list[int]]] = []
        plain: list[list[list[int]]] = []

        def flush_plain() -> None:
            while plain:
                if len(plain) >= 3:
                    size = [len(text(b[0])) for b in plain[:3]]
                    cut = 1 if size[1] < size[2] else 2
                    units.append([b for a in plain[:cut] for b in a])
                    del plain[:cut]
                else:
                    units.append([b for a in plain for b in a])
                    plain.clear()

        for blocks, complete in atoms:
            if complete:
                if plain and blocks[0][0] not in self.forced_right and len(plain) == 1 and not is_kicker(blocks[0]):
                    # a plain line right before a complete headline is its kicker
                    units.append([*plain.pop(), *blocks])
                    continue
                flush_plain()
                units.append(blocks)
            else:
                plain.append(blocks)
        flush_plain()
        return units

    def _next_text(self, items: list, n: int) -> _Block | None:
        for item in items[n + 1:]:
            if isinstance(item, _Block):
                return item
        return None

    def _starts_article(self, block: _Block, cur: _Segment) -> bool:
        if not cur.text_lines():
            # bylines printed before the body of the same article
            return False
        last_line = self.lines[cur.text_lines()[-1]]
        if bylines.split_credit(last_line)[1] and _ends_sentence(bylines.split_credit(last_line)[0] or "。"):
            return True
        if bylines.is_byline_line(last_line) and last_line.lstrip()[:1] in "（(":
            return True  # `（杨帆）` on a line of its own signs off the item above
        if block.kind == "byline":
            return True
        first = self.lines[block.lines[0]]
        return bool(bylines.split_opener(first)[0] or _BULLET.match(first))

    def _topic_break(self, items: list, n: int, cur: _Segment) -> bool:
        """An untitled item (a brief, a caption) after a finished article, found by a lead
        phrase or a photo credit and confirmed by a change of vocabulary."""
        block = items[n]
        done = cur.text_lines()
        if block.kind != "text" or not done or not _ends_sentence(self.lines[done[-1]]):
            return False
        run: list[int] = []
        for item in items[n:]:
            if not isinstance(item, _Block) or item.kind != "text":
                break
            first = self.lines[item.lines[0]]
            if run and (bylines.split_opener(first)[0] or _BRIEF_LEAD.match(_nospace(first))):
                break
            run.extend(item.lines)
            if bylines.split_credit(self.lines[item.lines[-1]])[1]:
                break
        lead = bool(_BRIEF_LEAD.match(_nospace(self.lines[block.lines[0]])))
        last = self.lines[run[-1]]
        credit = bylines.split_credit(last)[1] or (last if bylines.is_byline_line(last) else "")
        photo = bylines.is_photo_credit(credit)
        if not (lead or photo):
            return False  # a sign-off alone proves nothing: stories end with one too
        if lead and credit and len(run) <= 12:
            return True  # a dated item that signs off: a brief or a caption
        return _similarity([self.lines[i] for i in done], [self.lines[i] for i in run]) < _TOPIC_SIMILARITY

    def _mark_ad_heading(self, group: _Group, items: list, n: int) -> None:
        """The last heading above ad copy is the ad's own title: it always takes what follows."""
        run = []
        for item in items[n + 1:]:
            if not isinstance(item, _Block) or item.kind != "text":
                break
            run.extend(self.lines[i] for i in item.lines)
        if _adlike(run):
            self.forced_right.add(group.blocks[-1][0])

    def _is_title(self, group: _Group, prev: _Segment, items: list, n: int) -> bool:
        """A heading between two stretches of text is a title only if an edge signal says so."""
        if len(group.blocks) > 1 or len(group.lines) > 1:
            return True
        line = self.lines[group.lines[0]]
        if _NOTICE.search(line.replace(" ", "")) or set(group.lines) & self.forced_right:
            return True
        text_lines = prev.text_lines()
        if text_lines:
            last = self.lines[text_lines[-1]]
            if bylines.split_credit(last)[1]:
                return True
        nxt = items[n + 1] if n + 1 < len(items) else None
        if isinstance(nxt, _Group):
            return True  # another heading follows (a notice's): this one closes the story above
        if isinstance(nxt, _Block):
            if nxt.kind == "byline":
                return True
            first = self.lines[nxt.lines[0]]
            if bylines.split_opener(first)[0] or _DATE_LEAD.match(_nospace(first)):
                return True
        return False

    # -- pass 4: titles ----------------------------------------------------------------------
    def assign_titles(self, seq: list[_Segment | _Group]) -> list[_Segment]:
        """Give each heading group to the segment before or after it, solving the page at once.

        Cost of a page layout: an untitled article costs 1 or 2 (a caption or brief 0.25), a titled
        caption 0.5, a change of direction between neighbouring groups 0.3, two groups on one
        segment are not allowed (the extra group becomes that segment's kicker).
        """
        segs = [s for s in seq if isinstance(s, _Segment)]
        if not segs:
            return []
        # gaps[k] = group between segs[k-1] and segs[k]; gaps[0] before the first, gaps[n] after last
        gaps: list[_Group | None] = [None] * (len(segs) + 1)
        k = 0
        for item in seq:
            if isinstance(item, _Segment):
                k += 1
            else:
                gaps[k] = item
        n = len(segs)
        untitled = [0.0 if s.title else self._untitled_cost(s) for s in segs]
        pretitled = [s.title is not None for s in segs]
        titled_pen = [0.5 if self._is_caption(s) else 0.0 for s in segs]
        # Dynamic programme over gaps. State: (segment k already titled?, last direction).
        inf = float("inf")
        # best[(taken, last_dir)] = (cost, choices)
        best: dict[tuple[bool, str], tuple[float, list[str]]] = {(False, ""): (0.0, [])}
        for k in range(n + 1):
            g = gaps[k]
            new: dict[tuple[bool, str], tuple[float, list[str]]] = {}

            def put(key: tuple[bool, str], cost: float, ch: list[str],
                    new: dict[tuple[bool, str], tuple[float, list[str]]] = new) -> None:
                if cost < new.get(key, (inf, []))[0]:
                    new[key] = (cost, ch)

            for (taken, last_dir), (cost, ch) in best.items():
                # close segment k-1 (if any) when moving past gap k
                options: list[str] = []
                if g is None:
                    options = ["-"]
                else:
                    if k > 0:
                        options.append("L")
                    if k < n:
                        options.append("R")
                    if self._forced_right(g) and k < n:
                        options = ["R"]
                    options.append("X")  # no room: keep it in the body as a sub-heading
                for d in options:
                    c = cost
                    prev_titled = taken
                    if d == "L":
                        if taken or pretitled[k - 1]:
                            continue
                        prev_titled = True
                        c += titled_pen[k - 1]
                    if d == "L" and self._before_byline(g, seq):
                        c += 0.5  # a title right above a byline is that article's title
                    if d == "X":
                        c += 3.0
                    elif d in "LR" and last_dir and d != last_dir:
                        c += 0.3
                    if k > 0 and not prev_titled:
                        c += untitled[k - 1]
                    next_taken = d == "R" or (k < n and pretitled[k])
                    if d == "R":
                        if pretitled[k]:
                            continue
                        c += titled_pen[k]
                    put((next_taken, d if d in "LR" else last_dir), c, ch + [d])
            best = new
        _, choices = min(best.values(), key=lambda v: (v[0], v[1]))
        for k, d in enumerate(choices):
            g = gaps[k]
            if g is None:
                continue
            if d == "X":
                if k > 0:
                    segs[k - 1].items.append(g)
                else:
                    segs[0].items.insert(0, g)
            else:
                (segs[k - 1] if d == "L" else segs[k]).title = g
        return segs

    def _before_byline(self, g: _Group, seq: list[_Segment | _Group]) -> bool:
        n = seq.index(g)
        if n + 1 >= len(seq) or not isinstance(seq[n + 1], _Segment):
            return False
        first = seq[n + 1].items[0]
        return isinstance(first, _Block) and first.kind == "byline"

    def _forced_right(self, g: _Group) -> bool:
        if self.forced_right & set(g.lines):
            return True
        return any(_NOTICE.search(self.lines[i].replace(" ", "")) for i in g.blocks[-1])

    def _is_caption(self, seg: _Segment) -> bool:
        lines = seg.text_lines()
        return bool(lines) and bylines.is_photo_credit(bylines.split_credit(self.lines[lines[-1]])[1]) and (
            sum(len(self.lines[i]) for i in lines) < 400
        )

    def _untitled_cost(self, seg: _Segment) -> float:
        """How unusual it is for this body to have no title: captions and short unsigned briefs
        often have none, short signed items sometimes, long articles practically never."""
        if self._captionish(seg):
            return 0.25
        return 2.0 if sum(len(self.lines[i]) for i in seg.text_lines()) >= 400 else 1.0

    def _captionish(self, seg: _Segment) -> bool:
        """Captions and short unsigned briefs often have no title; signed articles do."""
        if self._is_caption(seg):
            return True
        lines = seg.text_lines()
        signed = any(isinstance(it, _Block) and it.kind == "byline" for it in seg.items) or (
            bool(lines) and bylines.is_signed_opener(self.lines[lines[0]])
        )
        return not signed and sum(len(self.lines[i]) for i in lines) < 260

    # -- output -----------------------------------------------------------------------------
    def article(self, seg: _Segment) -> Article:
        title, kicker, title_lines, kicker_lines = self._title(seg.title)
        byline_parts: list[str] = []
        byline_lines: list[int] = []
        body_lines: list[int] = []
        pieces: list[tuple[int, str, bool]] = []  # (line index, text, is heading paragraph)
        for item in seg.items:
            if isinstance(item, _Group):
                for i in item.lines:
                    body_lines.append(i)
                    pieces.append((i, self.lines[i], True))
                continue
            if item.kind == "byline":
                byline_lines.extend(item.lines)
                byline_parts.extend(self.lines[i] for i in item.lines)
                continue
            broken = False  # an opener whose parenthesis closes on the next line
            for i in item.lines:
                line = self.lines[i]
                if broken:
                    rest, line = bylines.close_opener(line)
                    byline_parts[-1] += rest
                    broken = False
                line = _BULLET.sub("", line)
                if bylines.OPEN_OPENER.match(line):
                    byline_parts.append(line)
                    line, broken = "", True
                opener, line = bylines.split_opener(line)
                if opener:
                    byline_parts.append(opener)
                line, credit = bylines.split_credit(line)
                if not credit and bylines.is_byline_line(self.lines[i]):
                    line, credit = "", line.strip()
                if credit:
                    byline_parts.append(credit)
                if credit and not line.strip():
                    byline_lines.append(i)  # a credit on a line of its own
                    continue
                body_lines.append(i)
                pieces.append((i, line, False))
        body = self._join(pieces, seg)
        if self._is_caption(seg):
            kind = "caption"
        elif title:
            kind = "article"
        else:
            kind = "brief"
        every = title_lines + kicker_lines + byline_lines + body_lines
        return Article(
            title=title,
            kicker=kicker,
            byline=bylines.clean_byline(" ".join(byline_parts)),
            body=body,
            kind=kind,
            line_start=min(every) + 1,
            line_end=max(every) + 1,
            title_lines=tuple(i + 1 for i in title_lines),
            kicker_lines=tuple(i + 1 for i in kicker_lines),
            byline_lines=tuple(i + 1 for i in byline_lines),
            body_lines=tuple(i + 1 for i in body_lines),
        )

    def _title(self, group: _Group | None) -> tuple[str, str, list[int], list[int]]:
        if group is None:
            return "", "", [], []
        main_blocks: list[list[int]] = []
        sub: list[int] = []
        for block in group.blocks:
            if self.lines[block[0]].startswith(("——", "—", "--")):
                sub.extend(block)
            else:
                main_blocks.append(block)
            # a `——` line inside a block is the subtitle of the lines above it
            for j, i in enumerate(block[1:], 1):
                if self.lines[i].startswith(("——", "—", "--")) and block[0] not in sub:
                    main_blocks[-1] = block[:j]
                    sub.extend(block[j:])
                    break
        if not main_blocks:
            main_blocks, sub = [sub], []
        kicker_blocks, main = main_blocks[:-1], main_blocks[-1]
        first = self.lines[main[0]].replace(" ", "")
        if len(main) > 1 and (_REGION.match(first) or _COLUMN_KICKER.match(first)):
            kicker_blocks, main = kicker_blocks + [main[:1]], main[1:]
        title = "".join(self._title_text(i) for i in main)
        if sub:
            subtitle = "".join(self._title_text(i) for i in sub).lstrip("—-").strip()
            title = f"{title}——{subtitle}"
        kicker_lines = [i for b in kicker_blocks for i in b]
        kicker = " ".join(self._title_text(i) for i in kicker_lines)
        return title, kicker, main + sub, kicker_lines

    def _title_text(self, i: int) -> str:
        return re.sub(r"\s+", " ", self.lines[i]).strip()

    def _join(self, pieces: list[tuple[int, str, bool]], seg: _Segment) -> str:
        """Rebuild paragraphs: join column-broken lines, break where a paragraph really ends."""
        widths = sorted(width(self.lines[i]) for i, _, head in pieces if not head)
        col = widths[int(len(widths) * 0.8)] if widths else 0.0
        paragraphs: list[str] = []
        current = ""
        for n, (i, text, head) in enumerate(pieces):
            text = text.strip()
            if head:
                if current:
                    paragraphs.append(current)
                    current = ""
                paragraphs.append(re.sub(r"\s+", " ", text))
                continue
            text = unspace_prose(text)
            if not text:
                continue
            if current and current[-1].isascii() and current[-1].isalpha() and text[0].isascii() and text[0].isalpha():
                current += " "
            current += text
            next_blank = n + 1 < len(pieces) and pieces[n + 1][0] > i + 1
            short = width(self.lines[i]) < col - 1.5
            # wider than any newspaper column: the line is a whole paragraph, not a column line
            whole = width(self.lines[i]) > _WIDEST_COLUMN
            if _ends_sentence(text) and (short or next_blank or whole or n + 1 == len(pieces)):
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
        return "\n".join(p for p in paragraphs if p)

    def run(self) -> Page:
        items, furniture = self.blocks()
        seq = self.segments(items)
        segs = self.assign_titles(seq)
        if not segs:
            # A page of headings only: each group is read as a short item of its own.
            segs = [_Segment([_Block("text", g.lines)]) for g in seq if isinstance(g, _Group)]
        articles = [self.article(s) for s in segs]
        articles.sort(key=lambda a: (min(a.body_lines or (a.line_start,)), a.line_start))
        return Page(articles, [(i + 1, self.raw[i]) for i in furniture])


def whole_article(text: str) -> Article:
    """The whole text as one article (`classify tag --whole`, or an article file given to the
    summarizer): column breaks mended, bylines, credits and page furniture taken out, headings
    kept as paragraphs. No title is guessed."""
    splitter = _PageSplitter(text)
    items, _ = splitter.blocks()
    if not items:
        return Article(title="", body="")
    return splitter.article(_Segment(list(items)))


def parse_page(text: str) -> Page:
    """Split a page and keep its furniture: use this when every line must be accounted for."""
    return _PageSplitter(text).run()


def split_page(text: str) -> list[Article]:
    """Split the raw text of one newspaper page into its articles, in reading order."""
    return parse_page(text).articles

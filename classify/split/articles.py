"""Stage 6: articles from titled segments (or from a tagger's line roles).

Titles: the last heading block is the main title, blocks above it are the kicker (a 引题 or a
region/column label), a `——` block or line is the subtitle and joins the title as 主题——副题.
Bodies: openers and credits go to the byline, column-broken lines are joined and paragraphs
rebuilt where a sentence ends at a short line, a blank line or a full-width line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import bylines
from ..normalize import unspace_prose
from . import _patterns as P
from ._types import Article, Ctx, Group, Segment
from .blocks import is_author_note
from .facts import ends_sentence
from .options import SplitOptions
from .titles import is_caption

_WS = re.compile(r"\s+")


def title_parts(ctx: Ctx, group: Group | None) -> tuple[str, str, list[int], list[int]]:
    """(title, kicker, title lines, kicker lines) of a heading group."""
    if group is None:
        return "", "", [], []
    main_blocks: list[list[int]] = []
    sub: list[int] = []
    for block in group.blocks:
        if ctx.lines[block[0]].startswith(P.SUBTITLE_DASH):
            sub.extend(block)
        else:
            main_blocks.append(list(block))
        # a `——` line inside a block is the subtitle of the lines above it
        for j, i in enumerate(block[1:], 1):
            if ctx.lines[i].startswith(P.SUBTITLE_DASH) and block[0] not in sub:
                main_blocks[-1] = list(block[:j])
                sub.extend(block[j:])
                break
    if not main_blocks:
        main_blocks, sub = [sub], []
    if len(main_blocks) == 1 and not sub and len(main_blocks[0]) == 1 and \
            P.BOX_LABEL.match(ctx.lines[main_blocks[0][0]].replace(" ", "")):
        # a data box under its label alone: the label is its kicker, the box has no title
        only = main_blocks[0]
        return "", _title_text(ctx, only[0]), [], only
    kicker_blocks, main = main_blocks[:-1], main_blocks[-1]
    first = ctx.lines[main[0]].replace(" ", "")
    labelled = len(main) > 1 and bool(P.REGION.match(first) or P.COLUMN_KICKER.match(first)
                                      or P.DOTTED_LABEL.match(first))
    if labelled or is_pretitle_in_stack(ctx, main, bool(sub)):
        kicker_blocks, main = [*kicker_blocks, main[:1]], main[1:]
    title = "".join(_title_text(ctx, i) for i in main)
    if sub:
        subtitle = "".join(_title_text(ctx, i) for i in sub).lstrip("—-").strip()
        title = f"{title}——{subtitle}"
    kicker_lines = [i for b in kicker_blocks for i in b]
    kicker = " ".join(_title_text(ctx, i) for i in kicker_lines)
    return title, kicker, main + sub, kicker_lines


_OPENING = "“‘「『《（(【"
_CLOSING = "”’」』》）)】"


def broken_headline(first: str, second: str) -> bool:
    """`全市首家“共享` / `法庭”在柳湾镇揭牌`: a headline broken mid-phrase across two lines,
    seen by a quote or bracket left open, or a second line that cannot start a phrase."""
    depth = sum(first.count(c) for c in _OPENING) - sum(first.count(c) for c in _CLOSING)
    return depth > 0 or second[:1] in _CLOSING + "的、，"  # (的 never starts a phrase; 地, 过, 和 may)


def is_pretitle_in_stack(ctx: Ctx, main: Sequence[int], has_subtitle: bool) -> bool:
    """引题 and 主题 printed as one block. Three or more headline lines: the first is a pretitle
    above a two-line title (unless the first line visibly breaks into the second). Two lines
    above a `——` subtitle: a pretitle when clearly wider than the title line under it (a 引题
    runs long in small type; a title broken over two lines is balanced), or when it is a pair of
    parallel phrases (`坚持项目为王 厚植发展优势`)."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    lines = [ctx.lines[i].strip() for i in main]
    if len(lines) >= 3:
        if all(len(line.replace(" ", "")) <= options.stack_phrase_max_chars for line in lines):
            return False  # `迎峰度夏` / `电力保供` / `提前部署`: one headline set as a stack of phrases
        return not broken_headline(lines[0], lines[1])
    if len(lines) == 2 and has_subtitle:
        # unbalanced either way: a long 引题 over a short title, or a short one over a long title
        wide = ctx.memo.width(lines[0]) >= options.pretitle_width_ratio * ctx.memo.width(lines[1]) or \
            ctx.memo.width(lines[1]) >= options.pretitle_width_ratio * ctx.memo.width(lines[0])
        return (wide or bool(P.PARALLEL_PHRASES.match(lines[0]))) and not broken_headline(lines[0], lines[1])
    return False


def _title_text(ctx: Ctx, i: int) -> str:
    """A heading line as printed, without the decoration around it (`■ 白鹭洲湿地：…` ->
    `白鹭洲湿地：…`, `【数说】` -> `数说`): marks and brackets are layout, not words."""
    text = _WS.sub(" ", ctx.text[i]).strip()
    text = text.lstrip(P.BULLETS + "●○◎★☆◆◇▲△").strip()
    if text[:1] in "【[" and text[-1:] in "】]":
        text = text[1:-1].strip()
    return text or _WS.sub(" ", ctx.text[i]).strip()


def build_article(ctx: Ctx, seg: Segment) -> Article:
    """The article of one titled segment."""
    title, kicker, title_lines, kicker_lines = title_parts(ctx, seg.title)
    byline_parts: list[str] = []
    jump_parts: list[str] = []
    byline_lines: list[int] = []
    body_lines: list[int] = []
    pieces: list[tuple[int, str, bool]] = []  # (line index, text, is heading paragraph)
    for item in seg.items:
        if isinstance(item, Group):
            for i in item.lines:
                body_lines.append(i)
                pieces.append((i, ctx.text[i], True))
            continue
        if item.kind == "byline":
            byline_lines.extend(item.lines)
            byline_parts.extend(ctx.text[i] for i in item.lines)
            continue
        broken = False  # an opener whose parenthesis closes on the next line
        carried = carried_over = ""  # credit characters left on the line above the credit
        signoff_tail = -1  # the line that closes a sign-off broken over two lines
        for n, i in enumerate(item.lines):
            line = ctx.text[i]
            if i == signoff_tail:
                byline_parts[-1] += line.strip()
                byline_lines.append(i)
                continue
            if is_author_note(ctx, i) and n > 0:
                byline_parts.append(line.strip())
                byline_lines.append(i)
                continue
            nxt = item.lines[n + 1] if n + 1 < len(item.lines) else -1
            head = P.CREDIT_HEAD.search(line) if nxt >= 0 and P.CREDIT_HEAD_HINT.search(line) else None
            if head and ctx.memo.is_byline(ctx.lines[nxt]) and ctx.memo.is_byline(head.group(1) + ctx.lines[nxt].strip()):
                line = line[: head.start()]
                carried = head.group(1)  # the first characters of the credit on the next line
            else:
                carried = ""
            if nxt >= 0 and _bracket_in(ctx.lines[i]) and P.SIGNOFF_HEAD.search(ctx.lines[i]) \
                    and P.SIGNOFF_TAIL.match(ctx.lines[nxt].strip()):
                m = P.SIGNOFF_HEAD.search(ctx.lines[i])
                assert m is not None
                byline_parts.append(line[m.start() + 1:])
                line = line[: m.start() + 1]
                signoff_tail = nxt
            if broken:
                rest, line = bylines.close_opener(line)
                byline_parts[-1] += rest
                broken = False
            if line[:1] in P.BULLETS:  # `BULLET` opens on one
                line = P.BULLET.sub("", line)
            if _bracket_in(line):  # a jump marker is set in brackets
                line = _cut_inline_jumps(line, jump_parts)
            if bylines.OPEN_OPENER.match(line):
                byline_parts.append(line)
                line, broken = "", True
            opener, line = ctx.memo.split_opener(line)
            if opener:
                byline_parts.append(opener)
            if ctx.memo.is_byline(ctx.lines[i]):
                line, credit = "", carried_over + line.strip()
            else:
                line, credit = ctx.memo.split_credit(line)
            if credit:
                byline_parts.append(credit)
            if credit and not line.strip():
                byline_lines.append(i)  # a credit on a line of its own
                continue
            body_lines.append(i)
            pieces.append((i, line, False))
            carried_over = carried
    body = join_paragraphs(ctx, pieces)
    if is_caption(ctx, seg):
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
        jump=" ".join(jump_parts),
    )


def _bracket_in(line: str) -> bool:
    """Does the line hold an opening bracket? A jump marker (`（下转第3版）`) and a broken
    sign-off (`…（苏`) hold one: a line without is not matched against them."""
    return "（" in line or "(" in line


def _cut_inline_jumps(line: str, found: list[str]) -> str:
    """`（上接第1版）项目建成后…`, `…提供服务。（下转第3版）`: a jump marker set inside a text
    line goes to the article's `jump`, the text stays."""
    m = P.JUMP_AT_START.match(line)
    if m:
        found.append(m.group(0).strip())
        line = line[m.end():]
    m = P.JUMP_AT_END.search(line)
    if m and m.start() > 0:
        found.append(m.group(0).strip())
        line = line[: m.start()]
    return line


def join_paragraphs(ctx: Ctx, pieces: Sequence[tuple[int, str, bool]]) -> str:
    """Rebuild paragraphs: join column-broken lines, break where a paragraph really ends."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    widths = sorted(ctx.memo.width(ctx.lines[i]) for i, _, head in pieces if not head)
    col = widths[int(len(widths) * options.column_percentile)] if widths else 0.0
    paragraphs: list[str] = []
    current = ""
    for n, (i, text, head) in enumerate(pieces):
        text = text.strip()
        if head:
            if current:
                paragraphs.append(current)
                current = ""
            paragraphs.append(_WS.sub(" ", text))
            continue
        text = unspace_prose(text)
        if not text:
            continue
        if current and P.BULLET_ITEM.match(text):
            paragraphs.append(current)  # each item of a list of figures is a paragraph
            current = ""
        if current and current[-1].isascii() and current[-1].isalpha() and text[0].isascii() and text[0].isalpha():
            current += " "
        current += text
        last = n + 1 == len(pieces)
        next_blank = not last and pieces[n + 1][0] > i + 1
        # an item of a data box ends on a figure; a number cut by a column blank runs on (`2月6` / `日，`)
        figure = (next_blank and bool(P.FIGURE_END.search(text)) and pieces[n + 1][1].strip()[:1] not in P.NUMBER_CONTINUES
                  and "，" not in current)  # a box item is one short clause; prose cut mid-sentence has commas
        if (ends_sentence(text) or figure) and (next_blank or last or _ends_short_or_whole(ctx, i, col)):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(p for p in paragraphs if p)


def _ends_short_or_whole(ctx: Ctx, i: int, col: float) -> bool:
    """Is line `i` short (a paragraph's last line) or wider than any column (a whole paragraph)?
    Measured against the local column: one page (even one story) mixes column widths."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    fact = ctx.facts.get(i)
    local = min(col, fact.column_width) if fact is not None else col
    line_width = ctx.memo.width(ctx.lines[i])
    return line_width < local - options.paragraph_short_by or line_width > options.widest_column


def attach_jumps(articles: list[Article], jumps: Sequence[int], raw: Sequence[str]) -> list[Article]:
    """Give each jump line to its story: `下转` to the story printed above it, `上接` to the one
    below it (a continuation starts under its marker). A page without stories keeps none."""
    if not jumps or not articles:
        return articles
    owner: dict[int, int] = {}
    for n, a in enumerate(articles):
        for i in (*a.title_lines, *a.kicker_lines, *a.byline_lines, *a.body_lines):
            owner[i - 1] = n
    size = len(raw)
    before: list[int | None] = [None] * size  # owner of the nearest article line at or above
    last: int | None = None
    for i in range(size):
        last = owner.get(i, last)
        before[i] = last
    after: list[int | None] = [None] * size
    last = None
    for i in range(size - 1, -1, -1):
        last = owner.get(i, last)
        after[i] = last
    extra: dict[int, list[int]] = {}
    for i in jumps:
        back = bool(P.JUMP_BACK.search(raw[i]))
        first, second = (after[i], before[i]) if back else (before[i], after[i])
        n = first if first is not None else second
        assert n is not None
        extra.setdefault(n, []).append(i)
    out = []
    for n, a in enumerate(articles):
        if n in extra:
            lines = sorted(extra[n])
            every = [*a.title_lines, *a.kicker_lines, *a.byline_lines, *a.body_lines, *(i + 1 for i in lines)]
            a = Article(**{**a.to_dict(), "jump": " ".join([a.jump, *(raw[i] for i in lines)]).strip(),
                           "jump_lines": tuple(i + 1 for i in lines),
                           "line_start": min(every), "line_end": max(every)})
        out.append(a)
    return out

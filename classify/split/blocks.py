"""Stage 3: blocks and heading groups.

Lines between blank lines form runs; runs are cut at bylines, openers and credits, which always
mark article edges, and at headlines set straight between two stories. A block that is short,
has no sentence punctuation and follows a finished sentence is a heading; consecutive headings
form a heading group (kicker, main title, `——` subtitle). Each decision is a named rule.

`forced` (first lines of notice and ad headings, which always title the text below) is decided
here once and only read by the later stages.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from . import _patterns as P
from ._types import Block, Ctx, Group
from .facts import ends_sentence, heading_shape
from .options import SplitOptions
from .roles import Role


@dataclass(frozen=True)
class Blocks:
    """The block stage's result."""

    items: tuple[Block | Group, ...]
    furniture: tuple[int, ...]
    jumps: tuple[int, ...]
    forced: frozenset[int]  # heading lines that always title what follows
    notes: dict  # line -> rule name, for `explain`
    subheadings: frozenset[int] = frozenset()  # heading lines a tagger said stay in the body


def _jump_between(jumps: Sequence[int], after: int, before: int) -> bool:
    """Is there a jump line strictly between two raw lines? (`jumps` is sorted.)"""
    k = bisect.bisect_right(jumps, after)
    return k < len(jumps) and jumps[k] < before


def is_notice_heading(line: str, options: SplitOptions) -> bool:
    """`停电公告`, `遗失声明`, `招标公告`: short headings that always title the text below."""
    compact = line.replace(" ", "")
    return len(compact) <= options.notice_heading_max_chars and bool(P.NOTICE.search(compact)) \
        and heading_shape(line, options)


def is_adlike(lines: Sequence[str], options: SplitOptions) -> bool:
    """Ad copy: several lines, a contact line (`地址：`, `咨询热线：`), offer words, few full stops."""
    joined = "".join(lines)
    return (
        len(lines) >= options.ad_min_lines
        and joined.count("。") <= len(lines) // 2
        and any(P.CONTACT_LINE.search(line) for line in lines)
        and len(P.AD.findall(joined)) >= options.ad_min_words
    )


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[int(len(values) * q)]


def build_blocks(ctx: Ctx, positions: Sequence[int], roles: Sequence[Role]) -> Blocks:
    """Blocks of the page from its lines and their rule roles (`positions[k]` is the raw line of
    `roles[k]`)."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    role_at = {i: r for i, r in zip(positions, roles, strict=True)}
    furniture: list[int] = []
    jumps: list[int] = []
    notes: dict[int, str] = {}
    runs: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(ctx.lines):
        role = role_at.get(i)
        if not line or role is None:
            if current:
                runs.append(current)
                current = []
            continue
        if role.role in ("furniture", "jump"):
            (furniture if role.role == "furniture" else jumps).append(i)
            notes[i] = role.rule
            if current:
                runs.append(current)
                current = []
            continue
        current.append(i)
    if current:
        runs.append(current)

    blocks: list[Block] = []
    forced: set[int] = set()
    for run in runs:
        for block in cut_run(ctx, run, notes):
            # what came before (across a blank line too) is finished: a heading may open this block
            # (a `下转` jump line between ends the story above, even mid-sentence)
            finished_before = (not blocks or blocks[-1].kind == "byline" or finishes(ctx, ctx.lines[blocks[-1].lines[-1]])
                               or _jump_between(jumps, blocks[-1].lines[-1], block.lines[0]))
            for part in split_inner_headings(ctx, block, notes, finished_before):
                if notes.get(part.lines[0]) == "blocks.heading_before_opener":
                    forced.add(part.lines[0])  # the headline of the opener right below it
                boxed = split_box_head(ctx, part)
                if len(boxed) > 1:
                    notes[boxed[0].lines[0]] = "blocks.box_label"
                    blocks.extend(boxed)
                    continue
                parts = split_notice_head(ctx, part)
                if len(parts) == 2:
                    forced.add(parts[0].lines[0])
                    notes[parts[0].lines[0]] = "blocks.notice_or_ad_heading"
                blocks.extend(parts)
    for b in blocks:
        if b.kind == "text" and len(b.lines) == 1 and is_notice_heading(ctx.lines[b.lines[0]], options):
            forced.add(b.lines[0])
            notes[b.lines[0]] = "blocks.notice_heading"
        elif b.kind == "text" and len(b.lines) == 1 and P.BOX_LABEL.match(ctx.lines[b.lines[0]].replace(" ", "")):
            forced.add(b.lines[0])
            notes[b.lines[0]] = "blocks.box_label"
    items = group_headings(ctx, blocks, frozenset(forced), notes, frozenset(furniture) | frozenset(jumps), jumps)
    return Blocks(tuple(items), tuple(furniture), tuple(jumps), frozenset(forced), notes)


def cut_run(ctx: Ctx, run: list[int], notes: dict[int, str]) -> list[Block]:
    """Cut a run of lines at bylines, openers and credits, which always mark article edges."""
    out: list[Block] = []
    current: list[int] = []

    def flush() -> None:
        nonlocal current
        if current:
            out.append(Block("text", tuple(current)))
            current = []

    for i in run:
        line = ctx.lines[i]
        fact = ctx.facts.get(i)
        if current and is_signoff_tail(ctx, current[-1], i):
            current.append(i)  # `…（苏` / `末）`: the rest of a sign-off
            notes[i] = "blocks.broken_signoff"
            flush()
            continue
        if is_author_note(ctx, i):
            notes[i] = "blocks.author_note"
            if current:
                current.append(i)  # a commentary's author note closes its text
            elif out and out[-1].kind == "byline":
                out[-1] = Block("byline", (*out[-1].lines, i))
            else:
                out.append(Block("byline", (i,)))  # set apart below the text: still its sign-off
            continue
        if fact.byline_line if fact is not None else ctx.memo.is_byline(line):
            if current and credit_continues(ctx, current, line):
                current.append(i)  # the sign-off of the text above
                notes[i] = "blocks.credit_continues"
                flush()
                continue
            flush()
            if out and out[-1].kind == "byline" or current and is_author_note(ctx, current[-1]):
                if current:
                    current.append(i)
                    flush()
                    continue
                out[-1] = Block("byline", (*out[-1].lines, i))
            else:
                out.append(Block("byline", (i,)))
            notes[i] = "byline_line"
            continue
        if P.BOX_LABEL.match(line.replace(" ", "")):
            flush()  # a box label opens the box (and is no credit, though it looks like one)
            current.append(i)
            continue
        if current and (fact.opener if fact is not None else ctx.memo.split_opener(line)[0]):
            flush()
            notes[i] = "blocks.opener_cuts"
        elif current and P.BULLET_BRIEF.match(line) and ends_sentence(ctx.lines[current[-1]]):
            flush()  # `■ 4月10日，…`: briefs printed back to back, each behind a bullet
            notes[i] = "blocks.bullet_item_cuts"
        elif current and P.BRIEF_LEAD.match(line.replace(" ", "")) and ends_sentence(ctx.lines[current[-1]]):
            flush()  # `近日，…` after a finished sentence may open the next brief; the topic decides
            notes[i] = "blocks.brief_lead_cuts"
        current.append(i)
        if fact.credit if fact is not None else ctx.memo.split_credit(line)[1]:
            notes[i] = "blocks.credit_cuts"
            flush()
    flush()
    return out


def is_author_note(ctx: Ctx, i: int) -> bool:
    """`（作者单位：…）` (whole, or broken over two lines): a commentary's author note."""
    fact = ctx.facts.get(i)
    return fact.author_note if fact is not None else bool(P.AUTHOR_NOTE.match(ctx.lines[i].replace(" ", "")))


def is_signoff_tail(ctx: Ctx, prev: int, i: int) -> bool:
    """`…能力。（苏` / `末）`: a bracketed sign-off broken by the column edge."""
    return bool(P.SIGNOFF_HEAD.search(ctx.lines[prev]) and P.SIGNOFF_TAIL.match(ctx.lines[i].strip()))


def credit_continues(ctx: Ctx, current: list[int], line: str) -> bool:
    """`■ 本报记者 吴兆旭` or `本报记者 葛川 摄` right under a caption's last line is that
    caption's credit; a name under a commentary's author note is its signature."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    last = ctx.lines[current[-1]]
    if is_author_note(ctx, current[-1]):
        return True
    if P.SOURCE_LINE.match(line.replace(" ", "")) and finishes(ctx, last):
        return True  # `来源：国家统计局网站` under a story credits that story
    mark = line.lstrip()[:1]
    photo = "摄" in line or bool(P.SUPPLIED_LINE.match(line.replace(" ", "")))
    head = P.CREDIT_HEAD.search(last)
    if head and ctx.memo.is_byline(head.group(1) + line.strip()):
        last = last[: head.start()]  # `…作业。 本` / `报记者 苏航 摄`
    return ((mark in "■□●◆（(" or photo) and ends_sentence(last)
            and (len(current) <= options.caption_credit_max_lines or mark in "（(" or photo))


def finishes(ctx: Ctx, line: str) -> bool:
    """Does this line close what came before it (so a heading may follow)? (`facts.line_finishes`,
    asked once per line of the page.)"""
    return ctx.memo.finishes(line)


def split_inner_headings(ctx: Ctx, block: Block, notes: dict[int, str], finished_before: bool) -> list[Block]:
    """Pages set without blank lines put a headline straight between two stories. Inside a
    block, short lines with no end punctuation right after a finished sentence cannot be
    column-broken prose (prose lines run to the column width): up to three of them are a
    heading of their own. At the block's start the block before must have finished."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    if block.kind != "text":
        return [block]
    col = _percentile([ctx.memo.width(ctx.lines[i]) for i in block.lines], options.column_percentile)
    before_opener_run = _runs_before_openers(ctx, block, col, options)
    if len(block.lines) < options.inner_heading_min_block and not before_opener_run:
        return [block]
    out: list[Block] = []
    current: list[int] = []
    heading: list[int] = []

    def close(run: list[int]) -> None:
        """End a run of text or heading lines as a block of its own (nothing if empty)."""
        if run:
            out.append(Block("text", tuple(run)))
            run.clear()

    # the lines right above a bare date are a notice's signature (`…交通警察支队` / `2025年6月11日`)
    # (a bare date holds `年` and a label of a figure a colon: lines without are not matched)
    signature = {block.lines[k] for n, i in enumerate(block.lines) if "年" in ctx.lines[i] and P.BARE_DATE.match(ctx.lines[i])
                 for k in range(max(0, n - options.heading_max_lines + 1), n)}
    # `地区生产总值：…` / `规模以上工业增加值：…`: lines of a list of figures are no headings
    shaped = [("：" in ctx.lines[i] or ":" in ctx.lines[i]) and bool(P.LABEL_FIGURE.match(ctx.lines[i].replace(" ", "")))
              for i in block.lines]
    listed = {block.lines[n] for n in range(len(block.lines)) if shaped[n] and (
        (n > 0 and shaped[n - 1]) or (n + 1 < len(shaped) and shaped[n + 1]))}
    # `■ 接待游客…` / `■ 乡村旅游接待量…`: a line behind the same bullet as the line above is a list item
    listed.update(block.lines[n] for n in range(1, len(block.lines))
                  if ctx.lines[block.lines[n]][:1] in P.BULLETS
                  and ctx.lines[block.lines[n]][:1] == ctx.lines[block.lines[n - 1]][:1])
    for n, i in enumerate(block.lines):
        line = ctx.lines[i]
        # at a block's start: after finished text, or set apart by a blank line
        opens_block = n == 0 and (finished_before or i == 0 or not ctx.lines[i - 1])
        if i in before_opener_run and (opens_block or n > 0):
            close(current)
            heading.append(i)
            notes[i] = "blocks.heading_before_opener"
            continue
        if i in signature or i in listed:
            close(heading)
            current.append(i)
            continue
        # the line's own shape first, which few lines have; what came before it only for those
        candidate = (
            len(block.lines) >= options.inner_heading_min_block  # too short to measure
            and (n + 1 < len(block.lines) or n > 0)  # a whole short block is judged as a block
            and "，" not in line
            and ctx.memo.width(line) <= options.inner_heading_width * col
            and ctx.memo.heading_shape(line)
            and not ctx.memo.is_byline(line)
            and not P.BULLET_ITEM.match(line)
            and not P.QA_TURN.match(line.replace(" ", ""))
            and not is_author_note(ctx, i)
            and (_opens_after_finished(ctx, i, finished_before) if n == 0
                 else finishes(ctx, ctx.lines[block.lines[n - 1]]) or 0 < len(heading) < options.heading_max_lines)
        )
        if candidate:
            close(current)
            heading.append(i)
            notes[i] = "blocks.inner_heading"
            continue
        close(heading)
        current.append(i)
    close(heading)
    close(current)
    return out


def _opens_after_finished(ctx: Ctx, i: int, finished_before: bool) -> bool:
    """May a heading open the block at line `i`? After finished text, or when it is letter-spaced
    (`反 诈 口 诀`: set as a heading) and no byline."""
    fact = ctx.facts.get(i)
    return finished_before or (fact is not None and fact.letter_spaced and not fact.byline_line)


def _runs_before_openers(ctx: Ctx, block: Block, col: float, options: SplitOptions) -> set[int]:
    """Lines right above an opener (`本报讯（记者 …）`) after a finished sentence, up to three,
    none ending a sentence: a headline, even one with a comma (`周六，1.2万个岗位`)."""
    out: set[int] = set()
    lines = block.lines
    for m in range(1, len(lines) + 1):
        # the opener may start the next block, cut off right below this one
        fact = ctx.facts.get(lines[m] if m < len(lines) else lines[-1] + 1)
        if fact is None or not (fact.opener or fact.open_opener):
            continue
        run: list[int] = []
        k = m - 1
        while k >= 0 and len(run) < options.heading_max_lines:
            text = ctx.lines[lines[k]]
            if ends_sentence(text) or "。" in text or text.count("，") > 1 or ctx.memo.width(text) > options.widest_column \
                    or ctx.memo.is_byline(text) or text[-1:] in P.CONTINUES and text[-1:] != "，":
                break
            run.append(lines[k])
            k -= 1
        if run and (k < 0 or finishes(ctx, ctx.lines[lines[k]])) and \
                all(ctx.memo.width(ctx.lines[i]) < col - options.paragraph_short_by or "，" not in ctx.lines[i] for i in run):
            out.update(run)
    return out


def split_box_head(ctx: Ctx, block: Block) -> list[Block]:
    """`■ 数据` / `前三季度全市主要经济指标` / `地区生产总值：…`: a data box prints its label and
    its heading right above its figures. Cut both off so they can title the box."""
    if block.kind != "text" or len(block.lines) < 2:
        return [block]
    if not P.BOX_LABEL.match(ctx.lines[block.lines[0]].replace(" ", "")):
        return [block]
    out = [Block("text", block.lines[:1])]
    rest = block.lines[1:]
    if len(rest) > 1 and ctx.memo.heading_shape(ctx.lines[rest[0]]) and not P.BULLET_ITEM.match(ctx.lines[rest[0]]) \
            and not ends_sentence(ctx.lines[rest[0]]) and "：" not in ctx.lines[rest[0]]:
        out.append(Block("text", rest[:1]))
        rest = rest[1:]
    return [*out, Block("text", rest)]


def split_notice_head(ctx: Ctx, block: Block) -> list[Block]:
    """Notices and ads print their heading right above the text with no blank line:
    `停电公告` / `因电力线路检修…`. Cut the heading off so it can be read as a title."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    if block.kind != "text" or len(block.lines) < 2:
        return [block]
    first = ctx.lines[block.lines[0]]
    lines = [ctx.lines[i] for i in block.lines]
    notice = is_notice_heading(first, options)
    joined = "".join(lines)
    ad = (
        len(lines) >= options.ad_min_lines
        and ctx.memo.heading_shape(first)
        and "，" not in first
        and "。" not in joined
        and joined.count("，") <= len(lines) // 2
        and bool(P.AD.search(joined))
    )
    if notice or ad:
        return [Block("text", block.lines[:1]), Block("text", block.lines[1:])]
    return [block]


def is_signature(ctx: Ctx, blocks: Sequence[Block], n: int) -> bool:
    """`雁丘市城区供电服务中心` above `2025年3月13日`: the signature of a notice."""
    block = blocks[n]
    nxt = blocks[n + 1] if n + 1 < len(blocks) else None
    if len(block.lines) == 1 and nxt is not None and nxt.kind == "text":
        return bool(P.BARE_DATE.match(ctx.lines[nxt.lines[0]]))
    return len(block.lines) > 1 and bool(P.BARE_DATE.match(ctx.lines[block.lines[-1]]))


def is_column_wide(ctx: Ctx, blocks: Sequence[Block], n: int) -> bool:
    """Lines as wide as the text column around them are column-broken prose, not a headline:
    a paragraph's first line cut off by a column bottom looks like a short heading. Prose cut
    by a column end has the same column on both sides; a headline between a narrow and a wide
    column matches at most one of them, so both sides must agree where both are known."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    block = blocks[n]
    reach = options.column_neighbour_blocks

    def column(ks: range) -> float | None:
        around = [i for k in ks if blocks[k].kind == "text" for i in blocks[k].lines]
        if len(around) < options.column_min_lines:
            return None
        return _percentile([ctx.memo.width(ctx.lines[i]) for i in around], options.column_percentile)

    sides = [c for c in (column(range(max(0, n - reach), n)), column(range(n + 1, min(len(blocks), n + reach + 1))))
             if c is not None]
    if not sides:
        around = [i for k in range(max(0, n - reach), min(len(blocks), n + reach + 1))
                  if k != n and blocks[k].kind == "text" for i in blocks[k].lines]
        if len(around) < options.column_min_lines:
            return False
        sides = [_percentile([ctx.memo.width(ctx.lines[i]) for i in around], options.column_percentile)]
    if len(block.lines) == 1:
        line = ctx.lines[block.lines[0]]
        # a headline with a comma is clearly shorter than the column
        return ("，" in line or "、" in line) and all(ctx.memo.width(line) > options.comma_heading_width * c for c in sides)
    # a `——` subtitle may run to the column width; the lines above it may not
    head = [i for i in block.lines[:-1] if not ctx.lines[i].startswith(P.SUBTITLE_DASH)]
    k = next((m for m, i in enumerate(block.lines) if m > 0 and ctx.lines[i].startswith(P.SUBTITLE_DASH)), None)
    if k is not None:
        head = list(block.lines[:k])
    return all(any(abs(ctx.memo.width(ctx.lines[i]) - c) <= options.column_match for i in head) for c in sides)


def is_large_font(ctx: Ctx, block: Block) -> bool:
    """Every line of the block is set in a font clearly larger than the body (known only when a
    PDF reader gave the line layouts), and the block is short enough to be a headline."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    return len(block.lines) <= options.heading_max_lines + 1 and large_font(ctx, block.lines)


def large_font(ctx: Ctx, lines: Sequence[int]) -> bool:
    """All these lines are set at headline size (False for text input, which has no sizes)."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    for i in lines:
        fact = ctx.facts.get(i)
        ratio = fact.layout.font_ratio if fact is not None else None
        if ratio is None or ratio < options.headline_font_ratio:
            return False  # text input stops at the first line: it has no sizes
    return bool(lines)


def is_heading_block(ctx: Ctx, lines: Sequence[str], after_group: bool, column: float = 0.0) -> bool:
    """A heading block: at most three short lines shaped like a headline, no comma in a stack
    (a comma line under a headline is the story's first line), optionally followed by a `——`
    subtitle of up to three lines, which may hold commas and break mid-phrase. A headline may
    break after a comma (`课间十分钟，` / `别让“安全”捆住孩子手脚`) when that line is far
    shorter than the column, which prose lines never are."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    k = next((n for n, s in enumerate(lines) if n > 0 and s.startswith(P.SUBTITLE_DASH)), len(lines))
    head, sub = lines[:k], lines[k:]
    if any(P.QA_TURN.match(s.replace(" ", "")) for s in head):
        return False  # `记者：…？` is an interview's question, not a headline
    if any(P.BULLET_ITEM.match(s) for s in head):
        return False  # `● 开工项目42个`: an item of a list of figures
    if sub and not is_subtitle(sub, options):
        return False
    broken = {n for n, s in enumerate(head[:-1]) if s.endswith("，") and s.count("，") == 1 and column
              and ctx.memo.width(s) <= options.comma_break_width * column and ctx.memo.heading_shape(s.rstrip("，"))}
    return (
        len(head) <= options.heading_max_lines
        and sum(len(s) for s in head) <= options.heading_block_max_chars
        and not (any("，" in s and not s.startswith("—") for n, s in enumerate(head) if n not in broken)
                 and (len(head) > 1 or after_group))
        and all(ctx.memo.heading_shape(s) or s.startswith(P.SUBTITLE_DASH) or n in broken
                for n, s in enumerate(head))
    )


def is_subtitle(lines: Sequence[str], options: SplitOptions) -> bool:
    """`——总投资386亿元，涉及先进制造、` / `城市更新等领域`: a dash subtitle, up to three lines,
    no full stop, not ending a sentence (a `？！` subtitle aside)."""
    joined = "".join(lines)
    return (
        lines[0].startswith(P.SUBTITLE_DASH)
        and len(lines) <= options.heading_max_lines
        and len(joined) <= options.heading_block_max_chars
        and "。" not in joined
        and (not ends_sentence(joined) or joined.rstrip(P.CLOSERS)[-1:] in P.HEADLINE_END_OK)
        and joined[-1] not in P.CONTINUES
    )


def before_opener(ctx: Ctx, blocks: Sequence[Block], n: int) -> bool:
    """Unfinished short text right before `本报讯（记者 …）` cannot be prose (a story does not
    break off into another's opener): it is that story's headline, however wide."""
    nxt = blocks[n + 1] if n + 1 < len(blocks) else None
    if nxt is None or nxt.kind != "text":
        return nxt is not None and nxt.kind == "byline"
    fact = ctx.facts.get(nxt.lines[0])
    return bool(fact.opener or fact.open_opener) if fact is not None else False


def _column_at(ctx: Ctx, i: int) -> float:
    fact = ctx.facts.get(i)
    return fact.column_width if fact is not None else 0.0


def group_headings(ctx: Ctx, blocks: list[Block], forced: frozenset[int],
                   notes: dict[int, str], apart: frozenset[int] = frozenset(),
                   jumps: Sequence[int] = ()) -> list[Block | Group]:
    """Heading blocks after a finished sentence become heading groups; runs of them merge."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    out: list[Block | list[tuple[int, ...]]] = []  # a list is a heading group being built
    finished = True  # the text before ends a sentence (or there is none)
    for n, block in enumerate(blocks):
        if n > 0 and _jump_between(jumps, blocks[n - 1].lines[-1], block.lines[0]):
            finished = True  # `（下转第3版）` ends the story above, even mid-sentence
        if block.kind == "byline":
            out.append(block)
            finished = True
            continue
        lines = [ctx.lines[i] for i in block.lines]
        first = block.lines[0]
        after_group = bool(out) and isinstance(out[-1], list)
        if first in forced:
            is_head, rule = True, "blocks.forced_heading"
        elif is_large_font(ctx, block):
            # layout evidence (PDF input): a font set well above the body size is a headline,
            # even after an unfinished sentence or as wide as the column
            is_head, rule = True, "blocks.layout_large_font"
        elif is_signature(ctx, blocks, n):
            is_head, rule = False, "blocks.notice_signature"
        elif lines[0].startswith(("——", "—")):
            # a `——` subtitle block right after a title block
            is_head, rule = after_group and is_subtitle(lines, options), "blocks.dash_subtitle"
        elif not finished:
            is_head, rule = False, "blocks.after_unfinished_sentence"
        elif not is_heading_block(ctx, lines, after_group, _column_at(ctx, block.lines[0])):
            is_head, rule = False, "blocks.not_heading_shaped"
        elif is_column_wide(ctx, blocks, n) and not before_opener(ctx, blocks, n):
            is_head, rule = False, "blocks.column_wide"
        else:
            is_head, rule = True, "blocks.heading_after_sentence"
        for i in block.lines:
            notes.setdefault(i, rule)
        if is_head:
            # a furniture line between two headings (`文体简讯`) keeps them apart
            between = after_group and any(j in apart for j in range(out[-1][-1][-1] + 1, first))  # type: ignore[index]
            if after_group and first not in forced and not between:
                out[-1].append(block.lines)  # type: ignore[union-attr]
            else:
                out.append([block.lines])
            finished = True
        else:
            out.append(block)
            finished = finishes(ctx, lines[-1])
    return [Group(tuple(item)) if isinstance(item, list) else item for item in out]


_HEAD_ROLES = frozenset(("title", "pretitle", "subtitle", "kicker", "box"))
_BYLINE_ROLES = frozenset(("byline", "credit"))


def blocks_from_roles(ctx: Ctx, positions: Sequence[int], roles: Sequence[str]) -> Blocks:
    """Blocks from a tagger's line roles, for the same segment and title stages as the rules.

    Head lines (title, pretitle, subtitle, kicker, box label) form heading groups; a pretitle
    or kicker line is a block of its own so it becomes the article's kicker; byline and credit
    lines form byline blocks; body, caption and subheading lines form text blocks, cut at blank
    lines, openers and credits as the rules cut them. Sub-headings are groups kept in the body.
    """
    role_at = dict(zip(positions, roles, strict=True))
    furniture = tuple(i for i in positions if role_at[i] == "furniture")
    jumps = tuple(i for i in positions if role_at[i] == "jump")
    items: list[Block | list[tuple[int, ...]]] = []  # a list is a heading group being built
    text: list[int] = []
    subheadings: set[int] = set()

    def flush() -> None:
        nonlocal text
        if text:
            items.extend(cut_run(ctx, text, {}))  # cut at openers, credits, bullets as the rules do
            text = []

    prev_line = -2
    prev_kind = ""
    for i in positions:
        role = role_at[i]
        if role in ("furniture", "jump"):
            flush()
            prev_kind = ""
            continue
        adjacent = i == prev_line + 1
        if role in _HEAD_ROLES or role == "subheading":
            flush()
            kind = "sub" if role == "subheading" else "head"
            if role == "subheading":
                subheadings.add(i)
            group = items[-1] if items and isinstance(items[-1], list) else None
            if group is not None and prev_kind == kind:
                last = group[-1]
                own = role in ("pretitle", "kicker", "box") or role_at[last[-1]] in ("pretitle", "kicker", "box")
                if adjacent and not own:
                    group[-1] = (*last, i)
                else:
                    group.append((i,))
            else:
                items.append([(i,)])
            prev_kind = kind
        elif role in _BYLINE_ROLES:
            flush()
            if items and isinstance(items[-1], Block) and items[-1].kind == "byline" and adjacent:
                items[-1] = Block("byline", (*items[-1].lines, i))
            else:
                items.append(Block("byline", (i,)))
            prev_kind = "byline"
        else:
            if text and not adjacent:
                flush()
            text.append(i)
            prev_kind = "text"
        prev_line = i
    flush()
    out = [Group(tuple(item)) if isinstance(item, list) else item for item in items]
    return Blocks(tuple(out), furniture, jumps, frozenset(), {}, frozenset(subheadings))

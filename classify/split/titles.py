"""Stage 5: give each heading group to the body before it or after it, for the whole page.

Papers print headlines above their stories or, in raw PDF text, often below them, and do so
consistently on a page. So the page is solved at once by a small dynamic programme over the
gaps between bodies. Cost of a layout: an untitled body costs by how unusual that is (a caption
or brief little, a long article much), a titled caption a little, a change of direction between
neighbouring groups a little, keeping a heading in a body as a sub-heading much; two groups on
one body are not allowed. The state is (next body already titled?, last direction), at most six
states per gap; choices are kept as back pointers, so time and memory are linear in the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import bylines
from . import _patterns as P
from ._types import Block, Ctx, Group, Segment
from .options import SplitOptions

_INF = float("inf")


@dataclass(frozen=True)
class _Choice:
    """One step of a path: the direction chosen at a gap, and the path before it."""

    d: str
    before: _Choice | None

    def path(self) -> list[str]:
        out: list[str] = []
        node: _Choice | None = self
        while node is not None:
            out.append(node.d)
            node = node.before
        return out[::-1]


def is_caption(ctx: Ctx, seg: Segment) -> bool:
    """A body that ends on a photo credit and is short is a photo caption."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    lines = seg.text_lines()
    if not lines or sum(len(ctx.lines[i]) for i in lines) >= options.caption_max_chars:
        return False
    last_line = ctx.lines[lines[-1]]
    credit = ctx.memo.split_credit(last_line)[1] or (last_line if ctx.memo.is_byline(last_line) else "")
    if bylines.is_photo_credit(credit):
        return True
    # the credit set apart under the caption: a photo credit block closes the segment (a story
    # that opens with `本报讯` and signs off with `■ 记者 …` is no caption)
    last = seg.items[-1]
    return (len(seg.items) > 1 and not ctx.memo.split_opener(ctx.lines[lines[0]])[0] and isinstance(last, Block) and last.kind == "byline"
            and isinstance(seg.items[-2], Block) and seg.items[-2].kind == "text"
            and bylines.is_photo_credit(ctx.lines[last.lines[0]]))


def captionish(ctx: Ctx, seg: Segment) -> bool:
    """Captions and short unsigned briefs often have no title; signed articles do."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    if is_caption(ctx, seg):
        return True
    lines = seg.text_lines()
    signed = any(isinstance(it, Block) and it.kind == "byline" for it in seg.items) or (
        bool(lines) and bylines.is_signed_opener(ctx.lines[lines[0]])
    )
    return not signed and sum(len(ctx.lines[i]) for i in lines) < options.brief_max_chars


def untitled_cost(ctx: Ctx, seg: Segment) -> float:
    """How unusual it is for this body to have no title: captions and short unsigned briefs
    often have none, short signed items sometimes, long articles practically never."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    if captionish(ctx, seg):
        return options.cost_untitled_caption
    long = sum(len(ctx.lines[i]) for i in seg.text_lines()) >= options.long_article_chars
    return options.cost_untitled_long if long else options.cost_untitled_short


def assign_titles(ctx: Ctx, seq: Sequence[Segment | Group], forced_right: Sequence[bool] | None = None
                  ) -> tuple[list[Segment], dict[int, str]]:
    """Segments with their titles; groups no segment can take stay in a body as sub-headings.

    `forced_right[k]` says the group in gap k always titles the body after it (a notice's)."""
    options: SplitOptions = ctx.options  # type: ignore[assignment]
    segs = [s for s in seq if isinstance(s, Segment)]
    notes: dict[int, str] = {}
    if not segs:
        return [], notes
    n = len(segs)
    # gaps[k] = group between segs[k-1] and segs[k]; gaps[0] before the first, gaps[n] after the last
    gaps: list[Group | None] = [None] * (n + 1)
    gap_forced = [False] * (n + 1)
    k = 0
    g_index = 0
    for item in seq:
        if isinstance(item, Segment):
            k += 1
        else:
            gaps[k] = item
            gap_forced[k] = bool(forced_right[g_index]) if forced_right is not None else False
            g_index += 1
    untitled = [0.0 if s.title else untitled_cost(ctx, s) for s in segs]
    pretitled = [s.title is not None for s in segs]
    titled_pen = [options.cost_titled_caption if is_caption(ctx, s) else 0.0 for s in segs]
    # a source line (`来源：…`) is no reporter's byline: it may sit under either headline
    before_byline = [k < n and isinstance(segs[k].items[0], Block) and segs[k].items[0].kind == "byline"
                     and not P.SOURCE_LINE.match(ctx.lines[segs[k].items[0].lines[0]].replace(" ", ""))
                     for k in range(n + 1)]

    # a heading set with no blank line against one side and a blank line on the other belongs
    # to the side it touches
    first_line = [min(i for it in s.items for i in it.lines) for s in segs]
    last_line = [max(i for it in s.items for i in it.lines) for s in segs]
    touch_left = [k > 0 and gaps[k] is not None and last_line[k - 1] + 1 == gaps[k].lines[0] for k in range(n + 1)]
    touch_right = [k < n and gaps[k] is not None and gaps[k].lines[-1] + 1 == first_line[k] for k in range(n + 1)]

    best: dict[tuple[bool, str], tuple[float, _Choice | None]] = {(False, ""): (0.0, None)}
    for k in range(n + 1):
        g = gaps[k]
        new: dict[tuple[bool, str], tuple[float, _Choice | None]] = {}
        for (taken, last_dir), (cost, ch) in best.items():
            if g is None:
                options_here = ["-"]
            else:
                options_here = []
                if k > 0:
                    options_here.append("L")
                if k < n:
                    options_here.append("R")
                if gap_forced[k] and k < n:
                    options_here = ["R"]
                options_here.append("X")  # no room: keep it in the body as a sub-heading
            for d in options_here:
                c = cost
                prev_titled = taken
                if d == "L":
                    if taken or pretitled[k - 1]:
                        continue
                    prev_titled = True
                    c += titled_pen[k - 1]
                    if before_byline[k]:
                        c += options.cost_title_over_byline
                if d == "L" and touch_right[k] and not touch_left[k] or d == "R" and touch_left[k] and not touch_right[k]:
                    c += options.cost_title_away_from_text
                if d == "X":
                    c += options.cost_subheading
                elif d in "LR" and last_dir and d != last_dir:
                    c += options.cost_direction_change
                if k > 0 and not prev_titled:
                    c += untitled[k - 1]
                next_taken = d == "R" or (k < n and pretitled[k])
                if d == "R":
                    if pretitled[k]:
                        continue
                    c += titled_pen[k]
                key = (next_taken, d if d in "LR" else last_dir)
                if c < new.get(key, (_INF, None))[0]:
                    new[key] = (c, _Choice(d, ch))
        best = new
    # ties go to the lexicographically first path, as a whole-path comparison would
    finals = [(cost, ch.path() if ch else []) for cost, ch in best.values()]
    _, choices = min(finals)
    items: list[list] = [list(s.items) for s in segs]
    titles: list[Group | None] = [s.title for s in segs]
    for k, d in enumerate(choices):
        g = gaps[k]
        if g is None:
            continue
        if d == "X":
            if k > 0:
                items[k - 1].append(g)
            else:
                items[0].insert(0, g)
            for i in g.lines:
                notes[i] = "titles.no_body_free_subheading"
        else:
            titles[k - 1 if d == "L" else k] = g
            for i in g.lines:
                notes.setdefault(i, "titles.after_its_story" if d == "L" else "titles.before_its_story")
    return [Segment(tuple(it), t) for it, t in zip(items, titles, strict=True)], notes

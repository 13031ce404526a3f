"""Every threshold of the splitter, each with the reason for its value.

`SplitOptions()` is the default every caller gets; a test or an experiment passes its own to
`parse_page(text, options=...)`. The reason of a field is in its metadata (`why`), so
`SplitOptions.reasons()` prints them and no number in the stages goes unexplained.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _opt(value: float, why: str) -> Any:  # noqa: ANN401 - a dataclass field
    return field(default=value, metadata={"why": why})


@dataclass(frozen=True)
class SplitOptions:
    """Thresholds of the splitting rules. Widths are in Chinese-character units."""

    # -- line facts ---------------------------------------------------------------------
    furniture_max_chars: int = _opt(80, "furniture (dates, editors, page names) is one short line; "
                                        "longer lines are prose that happens to match")
    editor_line_max_chars: int = _opt(60, "an editor/credit line of the page lists a few names at most")
    edge_lines: int = _opt(5, "mastheads and page names sit in the first or last few lines of a page")
    page_name_max_chars: int = _opt(12, "page names (`A2 要闻`, `县区新闻`) are short")
    header_run_max: int = _opt(6, "a page header is at most a handful of lines before the first blank")
    header_name_max_chars: int = _opt(10, "section names inside a header run (`深 读`) are short")
    column_window: int = _opt(8, "lines either side used to estimate the local column width; a "
                                 "column holds more than this, so mixed widths on one page stay apart")
    column_percentile: float = _opt(0.8, "the column width is a high percentile of line widths: last "
                                         "lines of paragraphs are short, few lines overrun the column")
    # -- headings -----------------------------------------------------------------------
    heading_min_chars: int = _opt(2, "one character is a stray mark or an OCR crumb, not a heading")
    heading_max_chars: int = _opt(40, "the longest one-line headline of a wide column")
    heading_max_lines: int = _opt(3, "headlines run to three lines at most (a longer stack is a box)")
    heading_block_max_chars: int = _opt(64, "a three-line headline of a medium column")
    inner_heading_min_block: int = _opt(4, "a headline between stories inside one block needs prose "
                                           "around it to measure the column against")
    inner_heading_width: float = _opt(0.8, "a heading set inside a block is clearly narrower than the "
                                           "column; column-broken prose runs to the edge")
    comma_heading_width: float = _opt(0.75, "a one-line block with a comma as wide as the column is a "
                                            "paragraph's first line cut by a column end")
    column_neighbour_blocks: int = _opt(2, "blocks either side that show the text column around a "
                                           "candidate heading (near enough to share its column)")
    column_min_lines: int = _opt(3, "fewer neighbouring lines do not show a column width")
    comma_break_width: float = _opt(0.6, "a headline line broken after a comma is far shorter than "
                                         "the column; a prose line ending on a comma runs to the edge")
    column_match: float = _opt(1.0, "a line within one character of the column width is a full line")
    pretitle_width_ratio: float = _opt(1.3, "a 引题 above a main title and subtitle runs clearly longer "
                                           "than the title line under it; a broken title is balanced")
    stack_phrase_max_chars: int = _opt(5, "a headline set as a vertical stack of short phrases has "
                                          "lines of a few characters; a 引题 is a longer phrase")
    notice_heading_max_chars: int = _opt(12, "notice headings are a few words (`停电公告`)")
    widest_column: float = _opt(40, "no newspaper column is wider (wide ones are 33-36): a longer line "
                                    "is a whole paragraph")
    paragraph_short_by: float = _opt(1.5, "a line this much narrower than the column ends a paragraph")
    # -- boxes, ads, captions --------------------------------------------------------------
    ad_min_lines: int = _opt(3, "ad copy has several lines (offer, address, phone)")
    ad_window_lines: int = _opt(64, "ad copy is a few dozen lines at most; reading no further "
                                    "keeps the look-ahead bounded")
    ad_min_words: int = _opt(2, "one offer word is chance; two mark ad copy")
    caption_max_chars: int = _opt(400, "a photo caption is a paragraph or two")
    caption_credit_max_lines: int = _opt(8, "a caption's credit follows within a few lines")
    brief_max_chars: int = _opt(260, "an unsigned item this short is a brief that may go untitled")
    brief_signed_max_lines: int = _opt(12, "a dated item that signs off within this many lines is a brief")
    topic_similarity: float = _opt(0.05, "bigram cosine below this between two stretches means two "
                                         "stories (one story shares its names and terms)")
    title_topic_similarity: float = _opt(0.03, "a lone heading between text this unrelated is a title "
                                               "between stories; sub-headings of one story measured "
                                               "0.047 and up on our gold pages")
    title_topic_min_lines: int = _opt(4, "fewer lines on either side are too little text to judge "
                                         "vocabulary (a notice's signature, a caption)")
    topic_window_lines: int = _opt(12, "the first lines after a heading show its story's vocabulary; "
                                       "reading no further keeps the look-ahead bounded")
    # -- title assignment costs ------------------------------------------------------------
    cost_untitled_caption: float = _opt(0.25, "captions and briefs often print without a title")
    cost_untitled_short: float = _opt(1.0, "a short item without a title happens now and then")
    cost_untitled_long: float = _opt(2.0, "a long article without a title practically never")
    long_article_chars: int = _opt(400, "beyond this an article always has a headline")
    cost_titled_caption: float = _opt(0.5, "a caption may have a photo headline, but usually not")
    cost_direction_change: float = _opt(0.3, "papers put headlines on one side of their stories, "
                                             "consistently across a page")
    cost_subheading: float = _opt(3.0, "keeping a heading in a body is a last resort")
    cost_title_away_from_text: float = _opt(0.5, "a headline printed against one story (no blank line) "
                                                  "and apart from the other belongs to the one it touches")
    cost_title_over_byline: float = _opt(0.5, "a headline right above a byline belongs to the story "
                                               "below it")

    # -- layout evidence (PDF input only) -------------------------------------------------
    headline_font_ratio: float = _opt(1.3, "a line set this much larger than the page's body text "
                                           "is a headline whatever its words; body text varies by "
                                           "a few percent at most")

    @classmethod
    def reasons(cls) -> dict[str, str]:
        """Field name -> why it has its value."""
        return {f.name: f.metadata["why"] for f in fields(cls)}


DEFAULT = SplitOptions()

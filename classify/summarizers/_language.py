"""What makes a Chinese news sentence fit (or unfit) to stand in an abstract: language data only.

An editor picking sentences for an abstract rejects the ones that do not read on their own: a
sentence opening on a reference (`该`, `其中`, `当天`) or a connective (`此外`, `但`) needs the
sentence it refers back to; a list item (`三是`, `2、`) needs its lead-in; a quote cut open reads as
a fragment; markup (`【解说】`, `（完）`), bylines and photo credits are not the news; framing
(`近年来`, `随着`) is background. The summarizer applies these patterns
(`classify.summarizers.textrank`); the fault benchmark (`bench/abstract_faults.py`) checks
abstracts against the same patterns, so a rule and its measurement cannot drift apart.

Word lists are tuples of openers matched at the start of a sentence (after markup is removed);
longer entries come first where one is a prefix of another only for readability: matching is a
plain `startswith` on the whole tuple.
"""

from __future__ import annotations

import functools
import re

# Openers that refer back to something said before: demonstratives, pronouns, "the same day".
ANAPHORS: tuple[str, ...] = (
    "该", "此", "其", "这", "那些", "那个", "他", "她", "它", "上述", "以上", "前者", "后者",
    "对此", "为此", "就此", "由此", "当天", "当日", "当晚", "当时", "次日", "同日", "同年", "随即",
    "此前", "此后", "之后", "随后", "然后", "后来", "届时", "事后", "事发后", "专案组", "两人", "二人",
    "双方", "对方", "在这", "在此", "至此", "自此", "据此", "从这", "与此",
    # a picture or chart the abstract does not show
    "图中", "下图", "上图", "如图", "见图", "图为", "图表", "表中",
)
# Discourse connectives that continue an argument begun in the previous sentence.
CONNECTIVES: tuple[str, ...] = (
    "此外", "另外", "另一方面", "另据", "同时", "与此同时", "其中", "其次", "再次", "最后", "首先",
    "但", "而", "然而", "不过", "可是", "只是", "并", "且", "而且", "并且", "甚至", "况且", "因此",
    "因而", "所以", "于是", "从而", "进而", "否则", "也", "还", "又", "再者", "总之", "综上", "换言之",
    "对于这", "除此之外", "除此",
)
# A time or place adverbial before the subject (`今年9月，`, `当天上午，`): the sentence's real
# opener comes after it, and `今年9月，该团伙……` points back as much as `该团伙……` does.
TIME_LEAD = re.compile(
    r"^[^，,。！？；“”]{0,12}(?:年|月|日|号|时|点|上午|下午|晚上|晚间|凌晨|中午|傍晚|以来|期间|之际|当中)[，,]\s*"
)
# Advice or a warning (`警方提醒，`, `专家建议：`): what the reader should do, not what happened;
# an abstract may carry it right after the news it follows, never instead of the news.
ADVICE = re.compile(
    r"^[^，。！？,：:“”]{0,16}(?:提醒|呼吁|倡议|建议|提示|告诫)(?:广大|市民|群众|大家|游客)?[，,：:]"
    r"|^(?:如|如果|若|一旦)[^。！？]{0,24}[，,]\s*(?:请|可|应|要|需)"       # `如发现被骗，请拨打110。`
)

# Framing: background before the news, acceptable after it, not as the abstract's first sentence.
FRAMING: tuple[str, ...] = (
    "近年来", "近些年", "近年", "多年来", "长期以来", "一直以来", "随着", "为了", "为进一步", "为深入",
    "为全面", "为切实", "为有效", "为加快", "为推动", "众所周知", "在当前形势下", "新时代",
)

_NUM = "一二三四五六七八九十"
# A list item: `一是`, `三、`, `2、`, `（一）`, `(2)`, `①`, `第一，`, also after a short label that
# names the list (`做法：1、`, `步骤：①`): the item is still one step of a list, not news.
LIST_ITEM = re.compile(
    rf"^(?:[^，。！？,:：\s]{{1,8}}[：:]\s*)?"
    rf"(?:[{_NUM}]+是|[{_NUM}]+[、．.]|[0-9０-９]{{1,2}}[、．.)）](?![0-9０-９])"
    rf"|[（(][{_NUM}0-9０-９]{{1,2}}[）)]|[①-⑳]|第[{_NUM}]+[，,、：:])"
)
# A list's lead-in cut after its first item (`套路有三种：一是……；`): the item reads only with
# the items after it, so the sentence is not a unit on its own.
FIRST_ITEM = re.compile(rf"[：:]\s*(?:[{_NUM}]+是|[{_NUM}]+、|[0-9０-９]{{1,2}}[、．.)）]|[（(][{_NUM}0-9]{{1,2}}[）)]|[①-⑳])")
# Markup that may sit inside a sentence and is removed from it: tags, end marks, bylines, credits.
INLINE_MARKUP = re.compile(
    r"【[^】\n]{1,12}】"                      # 【解说】 【同期】 【记者手记】
    r"|[（(]\s*完\s*[）)]"                     # （完）
    r"|[（(][^（）()\n]{0,30}(?:记者|通讯员|编辑|摄影|供图|图/|摄|来源)[^（）()\n]{0,30}[）)]"
    r"|[（(]\s*原题[为是]?[:：]?\s*《[^》\n]{1,60}》\s*[）)]"     # （原题为《……》）: the reprint's old title
    r"|^(?:本报讯|本报[^\s，。]{0,6}电|新华社[^\s，。]{0,8}电)\s*"
)
# A sentence that is only a byline, credit or editor line: never part of an abstract.
CREDIT_LINE = re.compile(
    r"^(?:[（(]?\s*(?:记者|通讯员|实习生|特约记者|责任编辑|责编|编辑|校对|审核|审校|美编|摄影|图片|图文|文/|图/|文图)"
    r"[\s:：/]*[\u4e00-\u9fff·\s、，,]{0,30}[）)]?\s*(?:摄|报道|供图|文)?[。.]?"
    r"|.{0,20}(?:记者|通讯员)\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*\s*(?:摄|报道)[。.]?"
    r"|来源[:：].{0,30}|原标题[:：].*)$"
)
# A caption or product heading run into the text (`让酒变得更好看的杯子@圣路易水晶`): a label
# naming a thing and its maker, no sentence; never part of an abstract.
_CAPTION = r"^[^，,。！？；\s]{1,29}[\u4e00-\u9fff]@[^，,。！？；]{1,40}[。.]?$"  # not an e-mail address
# Markup that stays visible in a text even after cleaning: what the fault benchmark looks for.
_VISIBLE_MARKUP = r"【[^】]{0,12}】|[（(]\s*完\s*[）)]|责任编辑|原标题[:：]"
_BYLINE_INSIDE = (
    r"[（(][^（）()]{0,30}(?:记者|通讯员)[^（）()]{0,30}[）)]|(?:记者|通讯员)\s*[\u4e00-\u9fff]{2,4}\s*摄"
    r"|^(?:本报讯|本报[^\s，。]{0,6}电)"
)

# A bare attribution (`一位求职者说。`) that belongs to the quote before it.
ATTRIBUTION = re.compile(r"^[^，。！？,“”]{0,28}(?:说|表示|介绍|称|坦言|告诉记者|笑着说|感慨道|说道)[。：:！!]?$")

OPEN_QUOTES = "“「『"
CLOSE_QUOTES = "”」』"
_ANY_QUOTE = re.compile("[" + OPEN_QUOTES + CLOSE_QUOTES + "]")
# Marks after which a sentence is not finished: an abstract never ends on one.
UNFINISHED_ENDS = "；;，,、：:"
# "News" anchors: a number, or a place, organisation or office named by its usual suffix.
NEWS_ANCHOR = re.compile(
    r"[0-9０-９]|[一二三四五六七八九十百千万亿两]+(?:个|名|家|项|人|元|万|亿|户|次|天|年|所|座|条|件)"
    r"|[\u4e00-\u9fff](?:省|市|县|区|镇|乡|村|街道|社区|局|厅|委|办|院|所|公司|集团|中心|协会|学校|大学|医院|银行|法院|警方|派出所|政府)"
)

# What turns a framed sentence into news: a figure or an actor named by an organisation's
# suffix. Place suffixes are left out: background names places too (`越来越多的游客走进乡村`).
_NEWS_AFTER_FRAME = (
    r"[0-9０-９]|[\u4e00-\u9fffA-Za-z](?:局|厅|委员会|公司|集团|法院|检察院|警方|派出所|政府|银行|大学|医院|协会)"
)

# Patterns an article seldom or never needs (a caption has an `@`, the tail of a frame is
# read only after a frame, the fault benchmark reads the markup and byline ones) are compiled
# the first time they are needed, not at import: each `[\u4e00-\u9fff]` class costs about
# 2 ms to compile, paid by every `classify` start. `lang.CAPTION` etc. give the compiled pattern.
_COMPILED_ON_FIRST_USE = {
    "CAPTION": _CAPTION,
    "VISIBLE_MARKUP": _VISIBLE_MARKUP,
    "BYLINE_INSIDE": _BYLINE_INSIDE,
    "NEWS_AFTER_FRAME": _NEWS_AFTER_FRAME,
}


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def __getattr__(name: str) -> re.Pattern[str]:
    """`CAPTION`, `VISIBLE_MARKUP`, `BYLINE_INSIDE`, `NEWS_AFTER_FRAME`: compiled on first use."""
    if name in _COMPILED_ON_FIRST_USE:
        return _compiled(_COMPILED_ON_FIRST_USE[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# A number as written in digits: a new one makes a sentence a new fact.
NUMBER_RUN = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
# A quantity: a number of something (`1100余人`, `12个专业`, `3.1亿元`, `六成`, `两个月`), the
# how-many an editor keeps from the second sentence of a news story. Dates and clock times
# (`5月16日`, `2023年`, `8点`) say when, not how much, and are left out.
QUANTITY = re.compile(
    r"[0-9０-９]+(?:[.．][0-9０-９]+)?(?![0-9０-９.．]|[年月日时点号:：]|余?[年月日])"
    r"|[一二三四五六七八九十百千万两几半]+(?:余|多)?(?:个|名|家|项|人|元|万|亿|户|次|所|座|条|件|成|倍|批|类|种|场)"
)


# Without one of these brackets inside it, or one of these openings, INLINE_MARKUP cannot
# match a sentence: a cheap test before the full pattern. Two tests, not one pattern: a
# search for a bracket or an anchored opening tried both branches at every character, a
# search for a character class alone skips ahead in C.
_MARKUP_BRACKET = re.compile(r"[【（(]")
_MARKUP_OPENINGS = ("本报", "新华社")


def clean_markup(sentence: str) -> str:
    """The sentence without tags, `（完）`, bylines or credits inside it (whitespace trimmed)."""
    if not (_MARKUP_BRACKET.search(sentence) or sentence.startswith(_MARKUP_OPENINGS)):
        return sentence
    return INLINE_MARKUP.sub("", sentence).strip()


# What may stand before a sentence's first word: spaces and quote marks.
_BEFORE_OPENER = " \u3000" + CLOSE_QUOTES + OPEN_QUOTES + "\"'"


def _opener(sentence: str) -> str:
    return sentence.lstrip(_BEFORE_OPENER)


@functools.cache
def _initials(openers: tuple[str, ...]) -> frozenset[str]:
    """The first characters of a word list's entries (computed on first use, once a process)."""
    return frozenset(w[:1] for w in openers)


def _opens_on(head: str, openers: tuple[str, ...]) -> bool:
    """`head.startswith(openers)`, testing the first character before the whole tuple: most
    sentences open on none of the entries' first characters, and a long tuple is tried entry
    by entry."""
    return head[:1] in _initials(openers) and head.startswith(openers)


# A speaker named before what is said (`民警介绍，`, `他表示：`): what follows is the real opener.
SPEAKER = re.compile(r"^[^，。！？,：:“”]{1,16}(?:说|表示|介绍|称|指出|认为|坦言|透露|提醒)[，,：:]\s*")


# Pronouns that, right after `……表示，`, name the speaker just named, not someone before.
_SPEAKER_PRONOUNS = ("他", "她", "其")


def is_dependent(sentence: str) -> bool:
    """Opens on an anaphor, a connective or a list marker, also after a named speaker
    (`民警介绍，此类骗局……`), or is a bare attribution: reads only after the sentence before."""
    head = _opener(sentence)
    if ATTRIBUTION.match(head) or _opens_on(head, ANAPHORS) or _opens_on(head, CONNECTIVES):
        return True
    m = SPEAKER.match(head)
    if m:  # without a speaker the opener was tested just above
        head = _opener(head[m.end():])
        # `王子塔拉尔表示，他赞同……`: a pronoun right after a named speaker is the speaker
        if head.startswith(_SPEAKER_PRONOUNS) and not _opens_on(head, CONNECTIVES):
            return False
        if _opens_on(head, ANAPHORS) or _opens_on(head, CONNECTIVES):
            return True
    if LIST_ITEM.match(head):
        return True
    m = TIME_LEAD.match(head)
    return bool(m) and _opens_on(_opener(head[m.end():]), ANAPHORS)


# What may stand after a sentence's last mark: closing quotes and brackets, spaces.
_AFTER_END_MARK = CLOSE_QUOTES + "）) "


def _end_mark(sentence: str) -> str:
    """The sentence's last mark, behind any closing quotes and brackets."""
    return sentence.rstrip(_AFTER_END_MARK)[-1:]


def continues_clause(previous: str) -> bool:
    """The sentence before ends on `；`: what follows is the second half of one sentence
    (`截至昨日收盘涨2.51%；较年初增长99.5%。`) and reads only after the first half."""
    return _end_mark(previous) in ("；", ";")


def is_whole_quote(sentences: list[str]) -> bool:
    """A unit that is nothing but a quote (opens on `“`, ends on `”`): without the sentence
    that names the speaker it is a voice from nowhere."""
    text = "".join(sentences).strip()
    return text[:1] in OPEN_QUOTES and text.rstrip("。！？!?…. ")[-1:] in CLOSE_QUOTES


def is_attribution(sentence: str) -> bool:
    """A bare `……说。` naming the speaker of the quote before it."""
    return bool(ATTRIBUTION.match(_opener(sentence)))


def cuts_a_list(sentence: str) -> bool:
    """Opens a list (`：一是`) and ends on `；` after its first item: the list is cut open."""
    return bool(FIRST_ITEM.search(sentence)) and continues_clause(sentence)


def is_advice(sentence: str) -> bool:
    return bool(ADVICE.match(_opener(sentence)))


def strip_list_marker(sentence: str) -> str:
    """The sentence without its list marker (`①`, `1、`, `一是`): for an article that opens on
    its list, whose first item has no lead-in to wait for."""
    head = _opener(sentence)
    m = LIST_ITEM.match(head)
    return head[m.end():].lstrip("，,、 ") if m and head[m.end():].strip() else sentence


def is_list_item(sentence: str) -> bool:
    return bool(LIST_ITEM.match(_opener(sentence)))


def is_framing(sentence: str) -> bool:
    return _opens_on(_opener(sentence), FRAMING)


def frames_only(sentence: str) -> bool:
    """Framing (`随着……，`, `近年来，`) with no news in the clauses after the frame: a sentence
    that opens on a frame but then names a number, place or organisation (`为了……，5月31日，
    雄安新区启动……`) carries the news and may open an abstract."""
    head = _opener(sentence)
    if not _opens_on(head, FRAMING):
        return False
    while _opens_on(head, FRAMING):  # `近年来，随着……，` is one frame of two clauses
        cut = min((i for i in (head.find("，"), head.find(",")) if i >= 0), default=-1)
        if cut < 0:
            return True
        head = _opener(head[cut + 1:])
    return not _compiled(_NEWS_AFTER_FRAME).search(head)


def is_credit(sentence: str) -> bool:
    """A byline, credit or editor line on its own (`记者 王芳 摄`, `责任编辑：李明`), or a caption
    naming a product and its maker (`……的杯子@圣路易水晶`)."""
    stripped = sentence.strip()
    return bool(CREDIT_LINE.match(stripped) or ("@" in stripped and _compiled(_CAPTION).match(stripped)))


def quote_balance(sentence: str) -> int:
    """Opening minus closing quotes: > 0 the quote runs on, < 0 it closes one opened before."""
    if not _ANY_QUOTE.search(sentence):
        return 0
    opens = sentence.count("“") + sentence.count("「") + sentence.count("『")
    return opens - sentence.count("”") - sentence.count("」") - sentence.count("』")


def odd_plain_quotes(sentence: str) -> bool:
    """An odd number of ASCII `"`: a quote cut open or closed where the pairs cannot be told
    apart (web text writes both ends alike)."""
    return sentence.count('"') % 2 == 1


def is_question(sentence: str) -> bool:
    """Ends on a question mark: asks without telling, so it may open an abstract (a lead that
    asks) and follow the sentence it comes after, but is never added from elsewhere."""
    return _end_mark(sentence) in ("？", "?")


def ends_in_quote(sentence: str) -> bool:
    """Ends on a closing quote mark: its last words are someone's, not the author's."""
    return sentence.rstrip(" ）)").endswith(tuple(CLOSE_QUOTES))


def starts_with_stray_close(sentence: str) -> bool:
    return sentence.lstrip()[:1] in CLOSE_QUOTES


def carries_news(sentence: str) -> bool:
    """Names a number, a place or an organisation: the who/where/how-many of a news lead."""
    return bool(NEWS_ANCHOR.search(sentence))


def quantities(text: str) -> set[str]:
    """The quantities named in `text`, as written (a new one is a new fact)."""
    return set(QUANTITY.findall(text))


def finish(sentence: str) -> str:
    """The sentence ending on a full stop where it ended on `；`/`，`/`：` (a clause that is
    complete in itself but would leave the abstract hanging)."""
    body = sentence.rstrip()
    tail = ""
    while body and body[-1] in CLOSE_QUOTES + "）)":
        tail = body[-1] + tail
        body = body[:-1]
    if body and body[-1] in UNFINISHED_ENDS:
        return body[:-1] + "。" + tail
    return sentence

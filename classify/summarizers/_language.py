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

import re

from .._lazy_re import LazyPatterns

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
# the first time they are read (`classify._lazy_re`), not at import: each `[\u4e00-\u9fff]`
# class costs about 2 ms to compile, paid by every `classify` start. `lang.CAPTION` etc. give
# the compiled pattern.
_LAZY = LazyPatterns(dict(
    CAPTION=_CAPTION,
    VISIBLE_MARKUP=_VISIBLE_MARKUP,
    BYLINE_INSIDE=_BYLINE_INSIDE,
    NEWS_AFTER_FRAME=_NEWS_AFTER_FRAME,
))


def __getattr__(name: str) -> re.Pattern[str]:
    """`CAPTION`, `VISIBLE_MARKUP`, `BYLINE_INSIDE`, `NEWS_AFTER_FRAME`: compiled on first read."""
    return _LAZY.read_into(globals(), name)


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


class _Openers:
    """`head.startswith(words)` for one word list, testing the first character before the whole
    tuple: most sentences open on none of the entries' first characters, and a long tuple is
    tried entry by entry. The set of first characters is built once, with the list."""

    __slots__ = ("words", "initials")

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        self.initials = frozenset(w[:1] for w in words)

    def __call__(self, head: str) -> bool:
        return head[:1] in self.initials and head.startswith(self.words)


_opens_anaphor = _Openers(ANAPHORS)
_opens_connective = _Openers(CONNECTIVES)
_opens_frame = _Openers(FRAMING)


# A speaker named before what is said (`民警介绍，`, `他表示：`): what follows is the real opener.
SPEAKER = re.compile(r"^[^，。！？,：:“”]{1,16}(?:说|表示|介绍|称|指出|认为|坦言|透露|提醒)[，,：:]\s*")


# Pronouns that, right after `……表示，`, name the speaker just named, not someone before.
_SPEAKER_PRONOUNS = ("他", "她", "其")


def is_dependent(sentence: str) -> bool:
    """Opens on an anaphor, a connective or a list marker, also after a named speaker
    (`民警介绍，此类骗局……`), or is a bare attribution: reads only after the sentence before."""
    head = _opener(sentence)
    if ATTRIBUTION.match(head) or _opens_anaphor(head) or _opens_connective(head):
        return True
    m = SPEAKER.match(head)
    if m:  # without a speaker the opener was tested just above
        head = _opener(head[m.end():])
        # `王子塔拉尔表示，他赞同……`: a pronoun right after a named speaker is the speaker
        if head.startswith(_SPEAKER_PRONOUNS) and not _opens_connective(head):
            return False
        if _opens_anaphor(head) or _opens_connective(head):
            return True
    if LIST_ITEM.match(head):
        return True
    m = TIME_LEAD.match(head)
    return bool(m) and _opens_anaphor(_opener(head[m.end():]))


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
    return _opens_frame(_opener(sentence))


def frames_only(sentence: str) -> bool:
    """Framing (`随着……，`, `近年来，`) with no news in the clauses after the frame: a sentence
    that opens on a frame but then names a number, place or organisation (`为了……，5月31日，
    雄安新区启动……`) carries the news and may open an abstract."""
    head = _opener(sentence)
    if not _opens_frame(head):
        return False
    while _opens_frame(head):  # `近年来，随着……，` is one frame of two clauses
        cut = min((i for i in (head.find("，"), head.find(",")) if i >= 0), default=-1)
        if cut < 0:
            return True
        head = _opener(head[cut + 1:])
    return not _LAZY.NEWS_AFTER_FRAME.search(head)


def is_credit(sentence: str) -> bool:
    """A byline, credit or editor line on its own (`记者 王芳 摄`, `责任编辑：李明`), or a caption
    naming a product and its maker (`……的杯子@圣路易水晶`)."""
    stripped = sentence.strip()
    return bool(CREDIT_LINE.match(stripped) or ("@" in stripped and _LAZY.CAPTION.match(stripped)))


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


# ---------------------------------------------------------------------------------------------
# Leftovers and hidden back-references that judges still marked down in the editor's abstracts.
# A separate block: the lists above stay as they are.

# An empty pair of quotes (`“”`, also `""` as a reader sees it): what is left of a quote whose
# words were lost, or a scraped text's doubled quote mark; either reads as a typo.
_EMPTY_PAIR_SOURCE = r"“\s*”|「\s*」|『\s*』"
_EMPTY_PAIR = re.compile(_EMPTY_PAIR_SOURCE)
EMPTY_QUOTES = re.compile('""|' + _EMPTY_PAIR_SOURCE)
# A scraped (CSV-escaped) text writes each quote mark as `""` (`""路修好了。""`).
DOUBLED_QUOTE = '""'
# A headline in `【…】` glued to the start of the text (`【多地小区电动车起火】今年3月，……`),
# longer than the tags INLINE_MARKUP removes: a title, not part of the sentence. It often states
# the news in brief (LCSTS's reference summaries echo it), so it stays, as a sentence of its own.
GLUED_BRACKET_TITLE = re.compile(r"^【[^】\n]{1,60}】(?=[^\s，,。！？；：:])")
# A work's title in `《…》` glued to the start of the text with the sentence's own subject or
# lead-in right after it (`《……手册》对于……`, `《……》本文介绍……`). When what follows
# continues with the title as its subject (`《红楼梦》是……`, `《……》一书`), the title stays.
GLUED_BOOK_TITLE = re.compile(r"^《[^》\n]{2,60}》(?=[^\s，,。！？；：:、》“”])")
_TITLE_AS_SUBJECT = (
    "是", "一书", "一文", "一片", "一剧", "一诗", "中", "里", "的", "讲述", "讲", "描述", "描写",
    "记录", "由", "于", "将", "在", "已", "获", "被", "为", "作为", "这", "系列", "杂志", "报",
    "节目", "剧", "电影", "主要", "上映", "发布", "出版", "正式", "自", "以", "曾", "等", "和",
    "与", "及", "一经", "一出", "首", "不", "也", "还", "就", "都", "共", "全", "该", "第",
    # a publication as the speaker (`《福布斯》说，`)
    "说", "称", "报道", "指出", "认为", "表示", "发表", "刊", "评", "披露", "援引", "近日", "日前",
)
# A lead-in that names its source right after a headline run into it with no mark between
# (`……民生保障的重要内容根据市民政局公布的数据，……`): the lead-in starts the real sentence.
GLUED_LEAD_IN = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:根据[^，,。]{0,20}(?:数据|统计|报告|通报|消息)|据[^，,。]{0,12}(?:报道|消息|统计|数据)"
    r"|记者(?:从|近日|日前|昨日|昨天|获悉|了解到))"
)
# Length of the headline before a glued lead-in: a clause this long before `根据……数据` with no
# mark is a title, a shorter one is the sentence's own subject (`公司根据市场数据，……`).
_GLUED_HEADLINE_MIN = 10
# An author or class credit inside a sentence (`作者：某某，某某小学五（6）班。`): not the news.
AUTHOR_CREDIT = re.compile(r"(?:^|[》」”）)\s])(?:作者|撰文|口述|整理|文)[:：]\s*[\u4e00-\u9fff·]{2,8}")
# A heading standing as a sentence: clauses that are each `X的Y` and nothing else
# (`门诊里的故事，夏天的用眼习惯。`), with no verb or adverb a sentence would have.
NOUN_HEADING = re.compile(r"^(?:[^，,。！？；：:“”\s]{1,8}的[^，,。！？；：:“”\s]{1,6}[，,]){1,2}"
                          r"[^，,。！？；：:“”\s]{1,8}的[^，,。！？；：:“”\s]{1,6}[。！]?$")
_PREDICATE_CHARS = frozenset("是有在了将被把会能要很都也就不没让使给对向从说已正着过")
# An anonymous source (`据了解，`, `据介绍，`, `记者了解到，`, `据悉，`): unlike a named speaker,
# it names no one a following `他`/`对方` could refer to, so that pronoun points further back.
ANONYMOUS_LEAD = re.compile(
    r"^(?:(?:另)?据(?:了解|介绍|悉|调查|统计|透露|反映|报道)|(?:本报)?记者[^，,。！？“”]{0,20}?"
    r"(?:了解到|获悉|得知|看到|注意到|发现)|笔者[^，,。！？“”]{0,12}?(?:了解到|获悉|发现))[，,：:]\s*"
)
# What a sentence that points back opens on, unless it names `相关` (a cheap test first).
_POINTS_BACK_OPENERS = ("据", "另据", "记者", "本报记者", "笔者", "像")
# Pronouns that point back after an anonymous source (besides ANAPHORS).
_BACK_PRONOUNS = ("他", "她", "它", "其", "对方", "双方", "该", "此", "这", "上述")
# `像……这样的` that refers to something not shown (`像这家锁厂这样的企业越来越多。`).
LIKE_THESE = re.compile(r"^像[^，,。！？]{1,24}?(?:这样|那样|这种|这类|一样)")
# `相关` + a noun as what the sentence is about (`相关负责人表示，`, `已接到相关警情5起。`):
# related to something the sentence does not name.
RELATED_REF = re.compile(r"^相关|(?:接到|收到|受理|查处|处理|发生|涉及|出台)了?相关")


def opens_a_list(sentence: str) -> bool:
    """Holds a list's lead-in and its first item (`……注意五点：1、……`): the rest of the list
    follows in the next sentences."""
    return bool(FIRST_ITEM.search(sentence))


def pair_doubled_quotes(sentences: list[str]) -> list[str]:
    """The sentences with each doubled `""` turned into `“` and `”` in turn, counted across the
    text (a quote may run over sentences): read alone, `""` looks like an empty pair of quotes,
    and as pairs the quotes are kept whole or dropped whole like any other."""
    out: list[str] = []
    opened = False
    carried = ""  # a quote opened at the very end of a sentence opens the next one (if any)
    for sentence in sentences:
        if DOUBLED_QUOTE not in sentence:
            out.append(carried + sentence)
            carried = ""
            continue
        parts = sentence.split(DOUBLED_QUOTE)
        pieces = [carried, parts[0]]
        carried = ""
        for k, part in enumerate(parts[1:], 2):
            if not opened and k == len(parts) and not part.strip():
                carried = "“"  # `……愿望。""` + `第一夫人""……`: the quote opens the next sentence
            else:
                pieces.append("”" if opened else "“")
            opened = not opened
            pieces.append(part)
        out.append("".join(pieces).strip())
    # a scraped text wrapped in quotes keeps only its closing `"`: a stray mark, not a quote
    if out and out[-1].endswith('"') and sum(s.count('"') for s in out) % 2:
        out[-1] = out[-1][:-1]
    return out


def drop_empty_quotes(sentence: str) -> str:
    """The sentence without empty pairs of quotes (whitespace trimmed)."""
    if "”" not in sentence and "」" not in sentence and "』" not in sentence:
        return sentence  # no pair can close (cheaper than a pattern search)
    return _EMPTY_PAIR.sub("", sentence).strip()


def strip_glued_title(sentence: str) -> str:
    """The article's first sentence without a headline glued to its start: a `【…】` headline
    becomes a sentence of its own (`多地小区电动车起火。今年3月，……`); a `《…》` title before a
    sentence with its own subject, or a headline run into a lead-in like `根据……数据`, goes."""
    m = GLUED_BRACKET_TITLE.match(sentence)
    if m:
        title = sentence[1:m.end() - 1].strip()
        end = "" if title[-1:] in "。！？!?…" else "。"
        return title + end + sentence[m.end():]
    m = GLUED_BOOK_TITLE.match(sentence)
    if m and not sentence[m.end():].startswith(_TITLE_AS_SUBJECT):
        return sentence[m.end():]
    if "据" not in sentence and "记者" not in sentence:
        return sentence  # no lead-in to be glued to (a cheap test before the pattern)
    first_clause = re.split("[，,：:]", sentence, maxsplit=1)[0]
    m = GLUED_LEAD_IN.search(first_clause)
    if m and m.start() >= _GLUED_HEADLINE_MIN:
        return sentence[m.start():]
    return sentence


def has_glued_title(text: str) -> bool:
    """Opens on a headline glued to the sentence (what `strip_glued_title` removes)."""
    return strip_glued_title(text) != text


def names_author(sentence: str) -> bool:
    return ("：" in sentence or ":" in sentence) and bool(AUTHOR_CREDIT.search(sentence))


def is_noun_heading(sentence: str) -> bool:
    """A heading of noun phrases standing as a sentence (`门诊里的故事，夏天的用眼习惯。`)."""
    s = sentence.strip()
    if "的" not in s:  # cheap test before the full pattern
        return False
    return bool(NOUN_HEADING.match(s)) and not (_PREDICATE_CHARS & set(s))


def points_back(sentence: str) -> bool:
    """Refers back although it looks like it opens: a pronoun after an anonymous source
    (`据了解，对方……`), `像……这样的`, or `相关` + noun as what it is about."""
    head = _opener(sentence)
    if "相关" not in head and not head.startswith(_POINTS_BACK_OPENERS):
        return False  # none of the patterns below can match: a cheap test first
    m = ANONYMOUS_LEAD.match(head)
    if m:
        rest = _opener(head[m.end():])
        t = TIME_LEAD.match(rest)
        rest = _opener(rest[t.end():]) if t else rest
        if rest.startswith(_BACK_PRONOUNS) or rest.startswith(ANAPHORS) or rest.startswith(CONNECTIVES):
            return True
        head = rest
    if LIKE_THESE.match(head):
        return True
    t = TIME_LEAD.match(head)
    if t:
        head = _opener(head[t.end():])
    return bool(RELATED_REF.search(head.split("，", 1)[0]))  # `^相关` covers a head that opens on it

"""Recognise bylines and photo credits.

Shared by the page splitter (which moves them out of the body into `byline`) and the summarizer
(which must never rank or show them, even in text that was not split first). Lines are expected
to be normalised already (`normalize.normalize_line` and `unspace_letters`).
"""

from __future__ import annotations

import re

from ._lazy_re import LazyPatterns
from .normalize import CJK

# Word lists: a new paper or agency adds words here, not code.
#: who files wire copy and opens it with `…讯` or `…电` (`新华社北京3月5日电`, `光明网讯`)
AGENCIES = ("本报", "本刊", "新华社", "中新社", "中新网", "人民网", "央视网", "央广网", "光明网", "新华网", "中国新闻网",
            "澎湃新闻", "中国日报网", "人民日报", "光明日报", "经济日报", "科技日报", "工人日报", "法治日报")
#: media that prefix a role (`科技日报实习记者`, `新华社记者`)
MEDIA_SUFFIXES = ("日报", "晚报", "晨报", "商报", "都市报", "时报", "报", "社", "网", "台")
#: roles of the people a story is credited to
ROLES = ("记者", "通讯员", "实习生", "摄影", "编辑", "特约撰稿人", "撰稿")
#: what a role may be prefixed with
ROLE_PREFIXES = ("本报", "本刊", "晚报", "日报", "商报", "晨报", "都市报", "新华社", "中新社", "特约", "见习", "实习", "摄影",
                 "融媒", "全媒体", "首席", "驻站", "报")  # `报`: OCR dropped the 本 of 本报

_NAME = rf"[{CJK}·]{{2,4}}"
_MEDIA = rf"[{CJK}]{{2,6}}(?:{'|'.join(MEDIA_SUFFIXES)})"
_ROLE = (rf"(?:{_MEDIA})?(?:{'|'.join(ROLE_PREFIXES)})?(?:{'|'.join(ROLE_PREFIXES)})?"
         rf"(?:{'|'.join(ROLES)})")
_MARK = r"[■□●◆▲★▇◇]"
_AGENCY = "|".join(AGENCIES)

# -- patterns with a CJK class, compiled when first read ------------------------------------
# Each `[{CJK}]` class costs CPython milliseconds to compile (CREDIT alone holds 16 of them, see
# `classify._lazy_re`): each is compiled the first time a function here needs it, not at import.

_LAZY = LazyPatterns(dict(
    # `本报讯（记者 林金彦）`, `本报北京7月3日电（记者 …）`, `新华社…电`, `光明网讯`, `据新华社电` (a reprint),
    # or a bare `本报讯`.
    OPENER=rf"^\s*(?:据(?:{_AGENCY})(?:[{CJK}]{{0,6}}?\d{{1,2}}月\d{{1,2}}日)?电|(?:{_AGENCY})(?:[{CJK}]{{0,6}}?(?:\d{{1,2}}月\d{{1,2}}日)?讯(?!员)|[{CJK}]{{0,6}}\d{{1,2}}月\d{{1,2}}日电)"
    rf"(?:\s*[（(][^）)]{{1,60}}[）)])?|{_MARK}?\s*[（(]\s*(?:{_ROLE})[^）)]{{1,40}}[）)])\s*",
    # `… ■ 本报记者 吴兆旭`, `■ 姚绪禹`, `（本报记者 某某 摄）`, `某某 摄` at the end of a line.
    CREDIT=rf"\s*(?:{_MARK}\s*(?:(?:文/图|文图|图/文|{_ROLE})\s*[：:/]?\s*)?{_NAME}(?:\s*[、 ]\s*(?:{_ROLE}\s*)?{_NAME}){{0,3}}\s*(?:摄)?"
    rf"|(?:(?:{_AGENCY})发\s*)?[（(]\s*(?:{_ROLE}\s*)?{_NAME}(?:\s*[、 ]\s*{_NAME}){{0,2}}\s*摄\s*[）)]"
    # `（图片由南平市公安局提供）`: a photo supplied by an organisation
    rf"|(?<=[。！？”\s])[（(]\s*(?:图片|照片)由[^（()）]{{2,20}}提供\s*[）)]"
    # `…。（通讯员 薛小满）`, `…。（记者 乔北辰 通讯员 阎松）`, `…。（蒲文茵）` after a finished sentence
    rf"|(?<=[。！？”])[（(]\s*(?:(?:{_ROLE}|作者)\s*[：:]?\s*)?{_NAME}(?:\s*[、 ]\s*(?:{_ROLE}\s*)?{_NAME}){{0,3}}\s*[）)]"
    rf"|(?<=[。！？”）)\s]){_ROLE}?\s*{_NAME}(?:\s*[、 ]\s*{_NAME}){{0,2}}\s+摄(?:\s*/\s*[{CJK}]{{2,8}})?"
    # `…观光。 李苗摄`: a letter-spaced `李 苗 摄` closed up
    rf"|(?<=[。！？”）)]\s)[{CJK}]{{2,3}}摄)\s*$",
    _ROLE_TOKEN=rf"^(?:{_ROLE}|文/图|文图|图/文|文|图|摄|报道|摄/[{CJK}]{{2,8}}|(?:{_AGENCY})发"
                rf"|受访(?:单位|者)?提供|资料图片|[{CJK}]{{0,6}}供图)[：:]?$",
    _ROLE_NAME_TOKEN=rf"^(?:{_ROLE})[：:]?{_NAME}$",
    _NAME_TOKEN=rf"^{_NAME}$",
    # `汪文杰摄`: a name with 摄 set close, as in `汪文杰摄/光明图片`
    _NAME_SHOT_TOKEN=rf"^[{CJK}·]{{2,4}}摄$",
    # The token patterns accept CJK, `·`, `/`, colons and the separators only; markers and
    # brackets are taken off the ends first. Any other character (a digit, `。`, a quote, a Latin
    # letter) stays inside a token that no pattern accepts: such a line is no byline.
    # (a marker after the line's start is no byline either: `is_byline_line` asks `_MARK_RE` for
    # one apart, since one scan for a character class is several times cheaper than an alternation)
    _NOT_IN_BYLINE=rf"[^{CJK}·\s、，,/：:（()）{_MARK[1:-1]}]",
    _SHOT_FOR=rf"(?<=\s)摄\s*/\s*[{CJK}]{{2,10}}$",
    # An opener whose parenthesis closes on the next line: `本报讯（通讯员 池砚 记者 葛` / `明远）5月16日…`.
    OPEN_OPENER=rf"^\s*(?:{_AGENCY})(?:[{CJK}]{{0,6}}?(?:\d{{1,2}}月\d{{1,2}}日)?讯(?!员)|[{CJK}]{{0,6}}\d{{1,2}}月\d{{1,2}}日电)\s*[（(][^）)]{{0,40}}$",
))

# Every branch of CREDIT holds a marker or 摄, or ends on a closing bracket: a line with none of
# these holds no credit, and these two checks say so faster than CREDIT's search at each position
# (one scan for a character class; an alternation would be tried at every position).
_CREDIT_MARK = re.compile(rf"[{_MARK[1:-1]}摄]")
_CREDIT_CLOSE = ("）", ")")
# `记者手记`, `编辑观察`: column labels that look like a role and a name
_COLUMN_LABEL = re.compile(r"(?:手记|观察|调查|札记|视角|述评|评论|随笔|感言|日记|走基层|在现场|探访|体验|连线)$")
_SPLIT = re.compile(r"[\s、，,/]+")
_MARK_RE = re.compile(_MARK)
_LEADING_MARK = re.compile(rf"^{_MARK}\s*")
_BRACKETED = re.compile(r"^[（(].*[）)]$")
_SPACES = re.compile(r"\s+")
# `（图片由南平市公安局提供）`: a photo supplied by an organisation
_SUPPLIED = re.compile(r"[（(]\s*(?:图片|照片)由[^（()）]{2,20}提供\s*[）)]")


def is_byline_line(line: str) -> bool:
    """A line that holds only a byline: roles and names (`■ 本报记者 苑莘`, `本报通讯员 赵怀建`)."""
    text = line.strip()
    if not text or len(text) > 40 or _LAZY._NOT_IN_BYLINE.search(text) or _MARK_RE.search(text, 1):
        return False
    # (each pattern below is tried only on a line that holds what it needs first: 摄, a leading
    # marker, a leading bracket; most lines that get here are prose with none of them)
    if "摄" in text:
        text = _LAZY._SHOT_FOR.sub("摄", text)  # `王啸 摄/鹭城晚报视觉中心`: the agency after 摄/ is no name
    marked = bool(_MARK_RE.match(text))
    if marked:
        text = _LEADING_MARK.sub("", text)
    if text.startswith(("（", "(")) and _BRACKETED.match(text):
        marked = True  # `（杨帆）`: a sign-off in brackets on its own line
        text = text[1:-1]
    tokens = [t for t in _SPLIT.split(text) if t]
    if not tokens or len(tokens) > 8:
        return False
    roles = names = 0
    for tok in tokens:
        if _LAZY._ROLE_TOKEN.match(tok):
            roles += 1
        elif (_LAZY._ROLE_NAME_TOKEN.match(tok) and not _COLUMN_LABEL.search(tok)
              or _LAZY._NAME_SHOT_TOKEN.match(tok) and len(tokens) > 1):
            roles += 1
            names += 1
        elif _LAZY._NAME_TOKEN.match(tok):
            names += 1
        else:
            return False
    if roles == 0:
        # `■ 姚绪禹`: a bare name needs the marker, otherwise any short phrase would match.
        return marked and 1 <= names <= 3
    return names >= 1 or roles >= 1 and marked


def split_opener(line: str) -> tuple[str, str]:
    """Split `本报讯（记者 林金彦） 7月23日…` into (`本报讯（记者 林金彦）`, `7月23日…`)."""
    m = _LAZY.OPENER.match(line)
    if not m or m.end() == 0:
        return "", line
    return m.group(0).strip(), line[m.end():]


_CLOSE_PAREN = re.compile(r"^[^（(）)]{0,30}[）)]\s*")


def is_signed_opener(line: str) -> bool:
    """`本报讯（记者 …）`, complete or broken over two lines: an article with a named byline."""
    opener = split_opener(line)[0]
    return "（" in opener or "(" in opener or bool(_LAZY.OPEN_OPENER.match(line))


def close_opener(line: str) -> tuple[str, str]:
    """The rest of a broken opener at the start of the next line: (`明远）`, `5月16日…`)."""
    m = _CLOSE_PAREN.match(line)
    return (m.group(0).strip(), line[m.end():]) if m else ("", line)


def split_credit(line: str) -> tuple[str, str]:
    """Split `…预计年销售收入2.8亿元。 ■ 本报记者 吴兆旭` into (text, `■ 本报记者 吴兆旭`)."""
    hinted = _CREDIT_MARK.search(line) or line.rstrip().endswith(_CREDIT_CLOSE)
    m = _LAZY.CREDIT.search(line) if hinted else None
    if not m or m.start() == 0 and not line.lstrip().startswith(("■", "□", "●", "◆", "（", "(")):
        return line, ""
    return line[: m.start()].rstrip(), m.group(0).strip()


def is_photo_credit(credit: str) -> bool:
    """`■ 本报记者 吴兆旭`, `（某某 摄）`: the credit under a photo, not a reporter's sign-off."""
    credit = credit.strip()
    return "摄" in credit or bool(_MARK_RE.match(credit)) or bool(_SUPPLIED.search(credit))


def clean_byline(text: str) -> str:
    """Readable byline: no markers, single spaces (`■ 本报记者 苑莘` -> `本报记者 苑莘`)."""
    text = _MARK_RE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def strip_bylines(text: str) -> str:
    """Remove openers, credits and byline-only lines from article text, keeping line structure."""
    out = []
    for line in text.split("\n"):
        if is_byline_line(line):
            continue
        line = split_opener(line)[1]
        line = split_credit(line)[0]
        if line.strip():
            out.append(line)
    return "\n".join(out)


def __getattr__(name: str) -> re.Pattern[str]:
    """`bylines.OPENER`, `bylines.CREDIT`, `bylines.OPEN_OPENER` (and the private token patterns),
    compiled and bound here on first read."""
    return _LAZY.read_into(globals(), name)

"""Language data of the splitter: the words and shapes Chinese newspapers print.

Everything a new paper may need to add lives here, as word lists first and patterns built from
them second, so supporting a new paper means adding words, not code. Nothing here decides
anything: the rules in `roles`, `blocks`, `segments` and `titles` say what a match means.
Lines are matched after normalisation (`normalize.normalize_line`, `unspace_letters`).
"""

from __future__ import annotations

import re

from .._lazy_re import LazyPatterns
from ..normalize import CJK

# -- words ------------------------------------------------------------------------------------

#: sentence-final punctuation, and what may close a sentence after it
TERMINAL = "。！？；…!?;"
CLOSERS = "”’」』）)》】〉\"'"
#: a headline may end on these (a question or an exclamation headline)
HEADLINE_END_OK = "？！?!"
#: a line ending on these is prose cut at the column edge, never a headline
CONTINUES = "，、：:,；。;…"

#: suffixes of newspaper names, for mastheads (`江口日报`)
PAPER_SUFFIXES = ("日报", "晚报", "都市报", "商报", "时报", "早报", "新闻", "周报")
#: page and section names printed at the page edge (`A2 要闻`, `县区新闻`)
PAGE_NAMES = (
    "要闻", "综合", "经济", "民生", "文化", "体育", "社会", "城事", "副刊", "时评", "专版", "专题", "国内", "国际",
    "视点", "财经", "法治", "教育", "健康", "农村", "县区", "新闻", "分类广告", "广告专版", "评论", "理论", "关注",
    "文旅", "文体", "周刊",
)
#: column headers over a run of short items (`民生简讯`, `一周快讯`)
SECTION_WORDS = ("简讯", "快讯", "速递", "简报", "速览", "短波", "播报", "一览", "资讯", "集锦", "动态")
#: production credits of the page (`责任编辑：`, `版式：`)
EDITOR_ROLES = ("责任编辑", "责编", "编辑", "版式", "美编", "校对", "组版", "审读", "值班主任", "视觉", "排版")
#: endings of headings that always title the text below them (`停电公告`, `遗失声明`)
NOTICE_WORDS = ("声明", "公告", "启事", "通告", "通知", "讣告", "广告", "告示", "公示", "招标", "招聘", "告知书", "招租",
                "出租", "转让", "求购")
#: column labels printed above a headline (`记者手记`, `反诈小课堂`)
COLUMN_LABELS = ("手记", "观察", "快评", "短评", "小课堂", "随笔", "札记", "视点", "特写", "一线", "现场", "探访", "故事",
                 "时评", "热点", "关注", "聚焦", "数说", "链接", "相关链接", "背景", "延伸阅读", "记者调查", "新闻眼",
                 "为鉴", "答疑", "提示", "问答", "问诊", "巡礼", "去哪儿", "寻访", "调研", "速读", "导读")
#: the paper's own hotlines, printed in the page footer (`新闻热线：0592-96888`)
HOTLINES = ("广告热线", "新闻热线", "订阅热线", "发行热线", "报料热线", "读者热线", "投稿邮箱")
#: administrative units that make a region label (`东昌府区`, `高新区`)
REGION_SUFFIXES = ("区", "县", "市", "镇", "乡", "街道", "旗", "州", "盟")
#: words of ad copy
AD_WORDS = ("电话", "热线", "地址", "咨询", "优惠", "开业", "开园", "盛大", "微信", "二维码", "详询", "店址", "报名")
#: contact fields that close notices and ads
CONTACT_FIELDS = ("电话", "热线", "地址", "邮箱", "网址")
#: time words that open a news paragraph (`近日，`, `今年以来，`)
LEAD_TIME_WORDS = ("近日", "日前", "昨天", "昨日", "今天", "今日", "近期", "本周", "上周", "连日来", "入夏以来", "今年以来")
#: box labels: data boxes and side bars that are not stories of their own (`【数说】`, `■ 数据`)
BOX_LABELS = ("数说", "数据", "数读", "图说", "链接", "相关链接", "小贴士", "提醒", "名词解释", "导读")
#: markers of reprinted copy (`来源：新华社`)
SOURCE_WORDS = ("来源", "稿件来源", "转自", "据")
#: markers that open an item in a list of short items
BULLETS = "■□●◆▲"

# -- patterns -------------------------------------------------------------------------------

_NAMES_RE = "|".join
DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,6}(?:星期|周)[一二三四五六日天]")
#: every branch of EDITOR holds a role word: a line with no role word's first character has none
EDITOR_HINT = re.compile(f"[{''.join(sorted({re.escape(w[0]) for w in EDITOR_ROLES}))}]")
PAGE_NO = re.compile(r"^(?:第\s*[0-9一二三四五六七八九十]{1,3}\s*版|[A-H]\s?\d{1,2}(?:\s*版)?|\d{1,2}\s*版?)$")
PAGE_NUMBER_TOKEN = re.compile(r"第?[A-H]?\d{1,2}版|[A-H]?\d{1,2}$|^[A-H]?\d{1,2}(?=[^\d年月日万亿个%.])")
#: a page-number token is at most this long (`第A12版`) and holds a digit
PAGE_NUMBER_TOKEN_MAX = 5
#: every branch of IMPRINT holds one of these characters (主办, 出版物号, 刊号, 邮发代号, CN, 农历,
#: 机关报, 报社出版, 今日…版, 第…期): a line with none of them is no imprint, and this one scan
#: says so faster than IMPRINT's search, which tries every branch at every position
IMPRINT_HINT = re.compile("[办版刊邮C历关期]")
LATIN_MASTHEAD = re.compile(r"^[A-Z][A-Z .&'-]{3,40}$")
#: `（下转第3版）`, `（上接第1版）`, `下转A3版`
JUMP = re.compile(r"^[（(]\s*(?:上接|下转|紧接|接上|转)[^（()）]{1,12}[）)]$"
                  r"|^(?:上接|下转|紧接|接上|转)\s*第?\s*[A-H]?\s*\d{1,2}\s*版$")
_JUMP_INLINE = r"[（(]\s*(?:上接|下转|接上|紧接|转)\s*第?\s*[A-H]?\s*\d{1,2}\s*版\s*[）)]"
JUMP_AT_START = re.compile(rf"^\s*{_JUMP_INLINE}\s*")
JUMP_AT_END = re.compile(rf"\s*{_JUMP_INLINE}\s*$")
JUMP_BACK = re.compile(r"(?:上接|接上|紧接)")
HOTLINE = re.compile(rf"^(?:本报)?(?:{_NAMES_RE(HOTLINES)})\s*[：:]")
RULE_LINE = re.compile(r"^[-=─━—_*★☆◆◇■□●○·~～\s]{3,}$")
#: a page number alone inside a column (OCR keeps it): `12`, `- 3 -`
STRAY_NUMBER = re.compile(r"^[-—\s]*[A-H]?\d{1,3}[-—\s]*$")

NOTICE = re.compile(rf"(?:{_NAMES_RE(NOTICE_WORDS)})$")
AD = re.compile(rf"(?:{_NAMES_RE(AD_WORDS)})")
DATE_LEAD = re.compile(
    r"^(?:\d{1,2}月\d{1,2}日(?:[上下]午|晚|早|凌晨)?[，,\s]|(?:\d{4}年)\d{1,2}月\d{1,2}日|"
    rf"(?:{_NAMES_RE(LEAD_TIME_WORDS)})[，,]|记者.{{0,12}}(?:从|获悉|了解到|来到|走进)|据.{{0,12}}(?:消息|介绍))"
)
#: what opens a story under a lone heading strongly enough to make it a title: a date or a time
#: word (`据介绍，` and `记者了解到` also open paragraphs under sub-headings, so they do not count)
TITLE_LEAD = re.compile(
    r"^(?:\d{1,2}月\d{1,2}日(?:[上下]午|晚|早|凌晨)?[，,\s]|(?:\d{4}年)\d{1,2}月\d{1,2}日|"
    rf"(?:{_NAMES_RE(LEAD_TIME_WORDS)})[，,]|据.{{0,12}}消息|记者.{{0,4}}从.{{2,24}}(?:获悉|了解到))"
)
#: what opens an untitled brief or caption (stricter than what may open a paragraph mid-story)
BRIEF_LEAD = re.compile(r"^(?:\d{1,2}月\d{1,2}日(?:[上下]午|晚|早|凌晨|起)?[，,\s]|据.{1,14}消息[，,]|(?:近日|日前)[，,])")
CONTACT = re.compile(rf"(?:{_NAMES_RE(CONTACT_FIELDS)})[：:]|[：:]\s*(?:[\d\-－ ]{{5,}}|[（(]\d)")
CONTACT_LINE = re.compile(rf"(?:{_NAMES_RE(CONTACT_FIELDS)}|微信)[：:]")
BARE_DATE = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
                       r"|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$")
CLOSING = re.compile(r"(?:[：:]\s*[\d\-－ ]{5,}|\d{4}年\d{1,2}月\d{1,2}日)$")
#: `■ 4月10日，…`, `■ 市气象台预计，…`: a bullet that opens a brief (dated, sourced, or a short
#: clause); a bullet before a long name (`●某某公司遗失…`) lists items of one notice
BULLET_BRIEF = re.compile(rf"^[{BULLETS}]\s*(?=\d{{1,2}}\s*月|近日|日前|据|今年|昨天|昨日|本报讯|记者|[^，。：:]{{2,7}}，"
                          rf"|[^，。：:]{{2,14}}(?:近日|日前|昨天|昨日|今天|今年))")
#: `一、招聘岗位及人数`, `（二）报名方式`, `案例二：…`: a numbered section of a notice or a long story
ORDINAL_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
                             r"|(?:案例|第)[一二三四五六七八九十]{1,3}[：:、])")
#: `● 开工项目42个`, `■ 总投资386亿元`: an item of a list of figures (a marker, then text with digits)
BULLET_ITEM = re.compile(rf"^[{BULLETS}●○◎]\s*(?=.*\d)(?!.*(?:记者|通讯员|摄))")
BOX_LABEL = re.compile(rf"^(?:[【\[]\s*(?:{_NAMES_RE(BOX_LABELS)})\s*[】\]]|[{BULLETS}]?\s*(?:{_NAMES_RE(BOX_LABELS)}))$")
#: `来源：新华社`, `（来源：人民日报）`: the source line of reprinted copy
SOURCE_LINE = re.compile(r"^[（(]?\s*(?:稿件)?来源\s*[：:]\s*\S{2,20}?[）)]?$")
#: `（作者单位：青川市社会科学院）`, `（作者系…）`, `作者：钟理`: the author note of a commentary
AUTHOR_NOTE = re.compile(r"^[（(]?\s*(?:作者单位|作者系|作者为|作者是|作者)\s*[：:]?.{1,40}?[）)]?$")
#: what every match of CREDIT_HEAD also matches (its CJK class widened to any non-space): one
#: scan for a sentence end, cheaper than CREDIT_HEAD's lookbehind at every position of the line
CREDIT_HEAD_HINT = re.compile(r"[。！？”]\s+\S{1,3}$")
#: `（作者：罗清渠，系华东师范` / `大学教育学部教授）`: an author note broken over two lines
AUTHOR_NOTE_OPEN = re.compile(r"^[（(]\s*(?:作者单位|作者系|作者为|作者是|作者)\s*[：:]?[^）)]{1,30}$")
AUTHOR_NOTE_CLOSE = re.compile(r"^[^（()）]{1,20}[）)]$")
#: `（图片由南平市公安局提供）`: the credit of a supplied photo, on its own line
SUPPLIED_LINE = re.compile(r"^[（(](?:图片|照片)由[^（()）]{2,20}提供[）)]$")
#: a line that ends on a figure (`5.3%`, `42个` aside): an item of a data box
FIGURE_END = re.compile(r"\d(?:\.\d+)?\s*[%％‰]?$")
#: `地区生产总值：2864.7亿元`: a label, a colon, a figure (a list line when its neighbours match too)
LABEL_FIGURE = re.compile(r"^[^：:，。]{2,16}[：:][^：:]*\d")
#: what may follow a number cut by a column break: units, date parts, punctuation
NUMBER_CONTINUES = "日月年号时分秒万亿元个件人次项家倍％%‰，、。；：）)"
#: `Q：`, `问：`, `答：`, `记者：`: the turns of an interview
QA_TURN = re.compile(r"^(?:[QA问答][：:]|记者[：:]|[QA]\s*[:：.])")
SUBTITLE_DASH = ("——", "—", "--")

# -- patterns with a CJK class, compiled when first read ------------------------------------
# Each `[{CJK}]` class costs CPython milliseconds to compile (see `classify._lazy_re`): these are
# compiled the first time a rule reads one (`P.MASTHEAD`), not when the splitter is imported.

_LAZY = LazyPatterns(dict(
    EDITOR=rf"(?:{_NAMES_RE(EDITOR_ROLES)})\s*[：:]|^(?:{_NAMES_RE(EDITOR_ROLES)})\s*[{CJK}]{{2,4}}(?:\s|$)",
    MASTHEAD=rf"^(?:[{CJK}]{{2,8}}(?:{_NAMES_RE(PAPER_SUFFIXES)})|[{CJK}]{{2,4}}报|今日[{CJK}]{{2,4}})(?:\s.*)?$",
    PAGE_NAME=rf"^(?:[A-H]?\d{{0,2}}\s*)?[{CJK}·]{{0,6}}(?:{_NAMES_RE(PAGE_NAMES)})[{CJK}·]{{0,6}}(?:\s*[A-H]?\d{{1,2}})?$",
    SECTION=rf"^[{CJK}·]{{0,6}}(?:{_NAMES_RE(SECTION_WORDS)})$",
    IMPRINT=r"(?:^[\u4e00-\u9fff]{2,12}主办(?:\s|$)|出版物号|刊号|邮发代号|CN\s*\d{2}\s*-\s*\d{4}|农历[\u4e00-\u9fff]{2,}年"
            r"|机关报|报社出版|^今日\s*\d{1,2}\s*版|第\s*\d{3,6}\s*期|\s(?:联合)?主办$)",
    COLUMN_KICKER=rf"^[{CJK}]{{0,4}}(?:{_NAMES_RE(COLUMN_LABELS)})$",
    REGION=rf"^[{CJK}]{{1,4}}(?:{_NAMES_RE(REGION_SUFFIXES)})$",
    #: `■ 市气象台预计，…`: a bullet that opens a short item (a credit has only names after it)
    BULLET=rf"^[{BULLETS}]\s*(?![{CJK}]{{2,8}}[：:])(?=\S*[，。：])",
    #: `春日寻访·古村落`, `一线调研·制造业转型观察`: a column and its sub-column joined by `·`
    DOTTED_LABEL=rf"^[{CJK}]{{2,6}}·[{CJK}]{{2,8}}$",
    #: `坚持项目为王 厚植发展优势`: two or more parallel phrases, the shape of a 引题
    PARALLEL_PHRASES=rf"^[{CJK}“”]{{2,10}}(?: [{CJK}“”]{{2,10}})+$",
    #: `…作业。 本` / `报记者 苏航 摄`: a credit whose first characters were left on the line above
    CREDIT_HEAD=rf"(?<=[。！？”])\s+([{CJK}■]{{1,3}})$",
    #: `…（苏` / `末）`: a sign-off in brackets broken over two lines
    SIGNOFF_HEAD=rf"[。！？”][（(][{CJK}·]{{1,3}}$",
    SIGNOFF_TAIL=rf"^[{CJK}·]{{1,3}}[）)]$",
    HAN=rf"[{CJK}]+",
    SPACED_CJK=rf"[{CJK}] [{CJK}]",
))


def __getattr__(name: str) -> re.Pattern[str]:
    """`P.MASTHEAD` and the other patterns of `_LAZY`, compiled and bound here on first read."""
    return _LAZY.read_into(globals(), name)

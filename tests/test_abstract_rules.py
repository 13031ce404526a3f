"""The editor's rules for abstracts: one test per rule (texts written for these tests)."""

from __future__ import annotations

import itertools

import pytest

from classify.sentences import split_sentences
from classify.summarizers import TextRankSummarizer
from classify.summarizers import _language as lang

BUDGETS = [(60, 2), (120, 3), (200, 4)]

LIST_ARTICLE = (
    "柳湾镇今年投入1200万元改造老旧小区，涉及居民860户。\n"
    "改造工作分三步推进：一是更换供水管网和燃气管道；二是加装电梯和无障碍坡道；三是整治楼道照明和停车位。"
    "管网更换已于10月完成，电梯加装正在施工。\n"
    "柳湾镇城建办负责人说，改造完成后小区停车位将增加300个。"
)
ANAPHOR_ARTICLE = (
    "石桥县第二届农民丰收节9月23日在石桥广场开幕，全县18个乡镇带来300多种农产品。\n"
    "当天，丰收节现场还举办了农产品直播带货活动，销售额达到46万元。\n"
    "其中，石桥香米和高山茶叶最受欢迎，香米销量超过两万斤。\n"
    "此外，主办方为20名种粮大户颁发了奖牌，奖金总额10万元。"
)
QUOTE_ARTICLE = (
    "北岭村的葡萄今年喜获丰收，亩产达到2500公斤，收入比去年增加三成。\n"
    "“今年雨水少，光照足，葡萄甜度高。我们合作社的葡萄一上市就被订光了，游客还专门开车来采摘。”"
    "北岭村葡萄合作社社长赵立军说。\n"
    "北岭村今年新建冷库两座，葡萄储存期延长到三个月，远销广州和深圳。"
)
MARKUP_ARTICLE = (
    "本报讯（记者 周明 通讯员 林海）【解说】11月8日，东湖区消防救援大队在东湖中学开展消防演练，1200名师生参加。\n"
    "演练中，师生在3分钟内全部撤离到操场，消防员还演示了灭火器的使用方法。（完）\n"
    "记者 周明 摄\n"
    "责任编辑：王丽"
)
SEMICOLON_ARTICLE = (
    "南港区今年新增公共充电桩680个，覆盖全部街道；\n"
    "全区新能源汽车保有量达到2.3万辆，比去年增长四成；\n"
    "区交通局计划明年再建充电站15座。"
)
FRAMING_ARTICLE = (
    "近年来，随着乡村旅游持续升温，越来越多的游客走进乡村、体验农家生活，乡村旅游成为新的消费热点。\n"
    "青山镇今年接待游客45万人次，旅游收入突破1.2亿元，带动农户就业2100人。\n"
    "青山镇新开民宿38家，平均入住率达到七成。"
)
ARTICLES = [LIST_ARTICLE, ANAPHOR_ARTICLE, QUOTE_ARTICLE, MARKUP_ARTICLE, SEMICOLON_ARTICLE, FRAMING_ARTICLE]


def _runs(article: str, **params: object):
    model = TextRankSummarizer(**params)
    for max_chars, max_sentences in BUDGETS:
        yield model.summarize(article, max_chars=max_chars, max_sentences=max_sentences)


def _assert_only_after(article: str, later: int, earlier: int) -> None:
    """Under every budget, sentence `later` is chosen only together with sentence `earlier`."""
    for summary in _runs(article, prefer_lead=False, lead_bias=0.0):
        picked = [i for i, _, _ in summary.sentences]
        assert later not in picked or earlier in picked, summary.text


def _source_index(article: str) -> dict[str, int]:
    return {lang.clean_markup(s): i for i, s in enumerate(split_sentences(article))}


@pytest.mark.parametrize("article", [ANAPHOR_ARTICLE, LIST_ARTICLE])
def test_dependent_sentence_only_right_after_its_antecedent(article: str) -> None:
    for summary in _runs(article, prefer_lead=False, lead_bias=0.0):
        chosen = {i for i, _, _ in summary.sentences}
        for i, _, text in summary.sentences:
            if lang.is_dependent(text):
                assert i - 1 in chosen, summary.text
        first = min(chosen)
        assert not lang.is_dependent(summary.sentences[0][2]), first


def test_without_the_rules_a_dependent_sentence_can_open_the_abstract() -> None:
    """The rule is what keeps a bare `…说。` out: the plain ranking picks it."""
    plain = [TextRankSummarizer(editor_rules=False, lead_bias=0.0).summarize(QUOTE_ARTICLE, max_chars=60,
                                                                            max_sentences=1)]
    assert any(lang.is_dependent(text) and i - 1 not in {j for j, _, _ in s.sentences}
               for s in plain for i, _, text in s.sentences)


def test_list_items_only_with_their_lead_in() -> None:
    for summary in _runs(LIST_ARTICLE, prefer_lead=False, lead_bias=0.0):
        chosen = [i for i, _, _ in summary.sentences]
        for i, _, text in summary.sentences:
            if lang.is_list_item(text):
                assert i - 1 in chosen


def test_list_that_opens_the_article_loses_its_markers() -> None:
    text = "①新增公交线路3条；②延长末班车时间到22时；③老年人免费乘车。"
    summary = TextRankSummarizer().summarize(text, max_chars=120, max_sentences=3)
    assert not lang.is_list_item(summary.text)
    assert summary.text.endswith("。")
    assert not any(mark in summary.text for mark in "①②③"), summary.text  # no item keeps its marker


def test_quotes_whole_or_not_at_all() -> None:
    for summary in _runs(QUOTE_ARTICLE, prefer_lead=False):
        assert lang.quote_balance(summary.text) == 0, summary.text
        assert not lang.starts_with_stray_close(summary.text)
    assert lang.quote_balance("“今年雨水少。") == 1
    assert lang.quote_balance("我们很满意。”他说。") == -1


def test_quote_longer_than_allowed_is_dropped() -> None:
    model = TextRankSummarizer(max_quote_sentences=1, prefer_lead=False)
    summary = model.summarize(QUOTE_ARTICLE, max_chars=300, max_sentences=4)
    assert "“" not in summary.text and "”" not in summary.text


def test_markup_bylines_and_credits_never_inside() -> None:
    for summary in _runs(MARKUP_ARTICLE):
        assert summary.text
        for bad in ("【", "（完）", "记者", "通讯员", "责任编辑", "本报讯"):
            assert bad not in summary.text, summary.text


def test_never_ends_on_a_semicolon_or_comma() -> None:
    for summary in _runs(SEMICOLON_ARTICLE, prefer_lead=False):
        assert summary.text.rstrip("”）)")[-1] not in lang.UNFINISHED_ENDS, summary.text
    plain = TextRankSummarizer(editor_rules=False).summarize(SEMICOLON_ARTICLE, max_chars=60, max_sentences=2)
    assert plain.text.endswith("；")  # the rule, not the article, removes the hanging end


def test_framing_never_opens_the_abstract() -> None:
    for summary in _runs(FRAMING_ARTICLE, lead_bias=0.0):
        assert not lang.is_framing(summary.text), summary.text


def test_lead_that_carries_the_news_opens_the_abstract() -> None:
    model = TextRankSummarizer(lead_bias=0.0)
    led = [model.summarize(a, max_chars=120, max_sentences=1) for a in (ANAPHOR_ARTICLE, LIST_ARTICLE)]
    assert all(s.sentences[0][0] == 0 for s in led)
    unled = TextRankSummarizer(lead_bias=0.0, prefer_lead=False)
    assert unled.summarize(LIST_ARTICLE, max_chars=120, max_sentences=1).sentences[0][0] != 0


def test_a_sentence_is_added_only_with_a_new_fact() -> None:
    restated = ("西川县新建图书馆12座，覆盖全部乡镇。\n西川县新建图书馆覆盖全部乡镇。\n"
                "图书馆每天开放到晚上9点。")
    summary = TextRankSummarizer().summarize(restated, max_chars=120, max_sentences=3)
    assert [i for i, _, _ in summary.sentences] == [0, 2]
    strict = TextRankSummarizer(min_new_words=1000).summarize(ANAPHOR_ARTICLE, max_chars=200, max_sentences=3)
    assert len(strict.sentences) >= 1
    for (_, _, a), (_, _, b) in itertools.pairwise(strict.sentences):
        assert set(lang.NUMBER_RUN.findall(b)) - set(lang.NUMBER_RUN.findall(a))


@pytest.mark.parametrize("article", ARTICLES)
def test_within_budget_and_deterministic(article: str) -> None:
    model = TextRankSummarizer()
    for max_chars, max_sentences in BUDGETS:
        a = model.summarize(article, max_chars=max_chars, max_sentences=max_sentences)
        b = model.summarize(article, max_chars=max_chars, max_sentences=max_sentences)
        assert a == b
        assert len(a.sentences) <= max_sentences
        assert a.over_budget or len(a.text) <= max_chars


def test_language_patterns() -> None:
    assert lang.is_dependent("该项目总投资3亿元。") and lang.is_dependent("此外，还有两个项目。")
    assert lang.is_dependent("三是加强监管。") and lang.is_dependent("2、红枣洗净。")
    assert lang.is_dependent("一位求职者说。")
    assert not lang.is_dependent("临河区举行招聘会。") and not lang.is_dependent("2023年全市GDP增长5%。")
    assert lang.clean_markup("【解说】今天开幕。（完）") == "今天开幕。"
    assert lang.is_credit("记者 王芳 摄") and lang.is_credit("责任编辑：李明")
    assert not lang.is_credit("记者从区人社局了解到，今年新增岗位3000个。")
    assert lang.finish("增长四成；") == "增长四成。" and lang.finish("他说：“好；”") == "他说：“好。”"
    assert lang.carries_news("临河区新增岗位3000个。") and not lang.carries_news("大家都很高兴。")


# The lead, then a sentence of atmosphere that TextRank ranks high (it shares the story's words),
# then the sentence with the story's numbers.
FACTS_ARTICLE = (
    "11月20日，云溪县冬季农民工技能培训班在县职教中心开班。\n"
    "冬季是农闲时节，云溪县不少农民工都有时间也有意愿参加培训班学一门技能。\n"
    "培训班为期40天，开设电工、焊工、家政服务等9个专业，首批学员620余人。\n"
    "云溪县农民工技能培训班结业后，县里将组织专场招聘会。"
)


def test_new_quantities_lift_a_sentence_after_the_first() -> None:
    lifted = TextRankSummarizer(fact_weight=2.0).summarize(FACTS_ARTICLE, max_chars=80, max_sentences=2)
    plain = TextRankSummarizer(fact_weight=0.0).summarize(FACTS_ARTICLE, max_chars=80, max_sentences=2)
    assert [i for i, _, _ in lifted.sentences] == [0, 2]
    assert [i for i, _, _ in plain.sentences] != [0, 2]  # the weight is what made the difference


def test_a_stray_figure_far_down_is_not_lifted() -> None:
    # a long feature: the figure sits in the sentence TextRank ranks last, far below the tenth
    body = "".join(f"云溪县的{place}今年冬天迎来了很多游客，{place}的游客都很喜欢云溪县的风景。\n"
                   for place in ("古镇", "茶园", "竹林", "温泉", "湖边", "山村", "老街", "码头", "梯田", "花海",
                                 "石桥", "书院"))
    article = "云溪县冬季旅游节今天开幕，游客可以游览古镇和茶园。\n" + body + "鸡蛋大概二十个就够了，约合1.5公斤。"
    last = len(split_sentences(article)) - 1
    summary = TextRankSummarizer(fact_weight=5.0).summarize(article, max_chars=200, max_sentences=3)
    assert last not in [i for i, _, _ in summary.sentences]


def test_continuity_lifts_the_next_sentence() -> None:
    # without numbers to tell them apart, a weight on the story's order takes the next sentence
    article = ("石湾镇今天开通了第一条城乡公交线路，沿线8个村的村民受益。\n线路全长26公里，每天发车20班。\n"
               "石湾镇的城乡公交线路开通以后，沿线村民进城办事更方便了。\n石湾镇城乡公交线路票价2元。")
    def picked(weight: float) -> list[int]:
        model = TextRankSummarizer(continuity_weight=weight, fact_weight=0.0)
        return [i for i, _, _ in model.summarize(article, max_chars=80, max_sentences=2).sentences]
    assert picked(0.5) == [0, 1]
    assert picked(0.0) != [0, 1]


def test_quantities_leave_out_dates() -> None:
    assert lang.quantities("5月16日，40多名工人") == {"40"}
    assert lang.quantities("2023年收入3.1亿元，增长12.4%") == {"3.1", "12.4"}
    assert lang.quantities("培训为期两个月，开设12个专业") == {"两个", "12"}
    assert not lang.quantities("今年9月，警方接到报警。")


def test_more_markup_and_captions() -> None:
    assert lang.clean_markup("启动第二批征迁。（原题为《新区征迁工作启动》）") == "启动第二批征迁。"
    assert lang.is_list_item("做法：1、白菜洗净切段。") and not lang.is_list_item("做法很简单。")
    assert lang.is_credit("让酒变得更好看的杯子@圣路易水晶。")
    assert not lang.is_credit("请发邮件至service@example.com咨询。")
    assert lang.is_dependent("图中右二的杯子灵感来自神话。")
    assert lang.is_dependent("刚刚办完租房提取业务的职工韩小雨说。")


def test_questions_and_odd_plain_quotes() -> None:
    assert lang.is_question("你会想到什么？") and lang.is_question("这是真的吗?”")
    assert not lang.is_question("他问：为什么？大家都笑了。")
    assert lang.odd_plain_quotes('解说员用词辱骂球员"') and not lang.odd_plain_quotes('他说"好"。')
    assert lang.is_dependent("事后，该解说仍称没说过。")
    assert lang.is_dependent("民警介绍，此类骗局通常有三种套路。") and lang.is_dependent("他表示：“这些都是……”")
    assert not lang.is_dependent("民警介绍，今年全市破获诈骗案120起。")


def test_a_question_is_added_only_right_after_its_sentence() -> None:
    # the question ranks high (it shares the story's words) but is not next to the lead
    article = ("青石镇今年建成村级养老服务站12个，覆盖全镇老人3800人。\n"
               "青石镇还为80岁以上老人安装了一键呼叫设备，设备由镇财政出资。\n"
               "养老服务站建成以后，青石镇老人过上了怎样的日子？\n"
               "服务站提供助餐、助浴和日间照料，老人每月只需交纳120元。")
    for max_chars, max_sentences in BUDGETS:
        picked = [i for i, _, _ in TextRankSummarizer().summarize(
            article, max_chars=max_chars, max_sentences=max_sentences).sentences]
        assert 2 not in picked or 1 in picked


def test_an_abstract_does_not_end_on_its_own_question() -> None:
    # the question follows the lead (so it may be added), but its long answer does not fit
    answer = ("岚山区把全区4.6万亩撂荒地按地块编号，引入合作社和家庭农场统一流转经营，"
              "区财政按每亩300元补贴土地整治费用，并为流转大户提供农机作业和烘干服务，"
              "岚山区农业农村局还组织农技人员包片指导，帮助经营主体选择适合丘陵地块的作物品种，"
              "今年复耕的地块已种上小麦和油菜。")
    article = ("岚山区今年复垦撂荒地4.6万亩，新增粮食产量1.2万吨。\n"
               "岚山区撂荒地复垦的4.6万亩地块是怎么找回来的？\n" + answer)
    assert len(answer) > 120
    for max_chars, max_sentences in BUDGETS[:2]:
        summary = TextRankSummarizer().summarize(article, max_chars=max_chars, max_sentences=max_sentences)
        assert not lang.is_question(summary.text), summary.text
    quoted = "“撂荒地为什么没人种？”岚山区农民赵立新说。"
    assert lang.ends_in_quote("他说：“为什么没人种？”") and not lang.ends_in_quote(quoted)


def test_a_bang_inside_a_latin_name_ends_no_sentence() -> None:
    assert split_sentences("彩妆品牌YES!IC推出新品。顾客说Yes! 很好。") == [
        "彩妆品牌YES!IC推出新品。", "顾客说Yes!", "很好。"]
    assert split_sentences("第2?3项已完成。") == ["第2?3项已完成。"]


# The lead's second half after `；` holds the story's words and ranks high on its own.
SEMICOLON_HALF_ARTICLE = (
    "东港区今年共投入资金900万元；新建口袋公园8座，口袋公园配建健身步道，居民步行10分钟可达口袋公园。\n"
    "东港区园林局计划明年再建口袋公园10座，口袋公园配建健身步道。\n"
    "东港区口袋公园配建健身步道26公里，居民很满意。"
)


def test_the_half_after_a_semicolon_only_with_its_first_half() -> None:
    _assert_only_after(SEMICOLON_HALF_ARTICLE, 1, 0)


def test_an_anaphor_after_a_time_phrase_still_points_back() -> None:
    assert lang.is_dependent("今年9月，该团伙被警方打掉。") and lang.is_dependent("当天上午，这些村民到场。")
    assert not lang.is_dependent("今年9月，警方打掉一个诈骗团伙。")


def test_a_pronoun_after_its_named_speaker_points_nowhere_else() -> None:
    assert not lang.is_dependent("沙特王子塔拉尔表示，他赞同政府不减产的决定。")
    assert lang.is_dependent("他表示，今年全市新增岗位3000个。")  # the speaker himself points back
    assert lang.is_dependent("民警介绍，其中两人已被刑拘。")


# A quote with no speaker in it: its speaker is in the sentence before, or after it (`……说。`).
SPEAKER_ARTICLE = (
    "西坪村今年种植高山蔬菜1500亩，亩均收入8000元，高山蔬菜成了西坪村的致富产业。\n"
    "村党支部书记李强带记者走进高山蔬菜大棚。\n"
    "“西坪村的高山蔬菜一上市就被超市订走，亩均收入翻了一番。”\n"
    "西坪村新建冷库两座，高山蔬菜远销上海和杭州。"
)


def test_a_quote_keeps_its_speaker() -> None:
    _assert_only_after(SPEAKER_ARTICLE, 2, 1)
    for summary in _runs(QUOTE_ARTICLE, prefer_lead=False, lead_bias=0.0):
        assert "“" not in summary.text or "赵立军说" in summary.text, summary.text


FRAMED_NEWS_ARTICLE = (
    "为进一步改善农村人居环境，5月31日，安平县全面启动农村改厕工作，首批涉及32个村。\n"
    "安平县的农村改厕工作由农业农村局牵头，每户补助1500元。\n"
    "安平县农村改厕工作计划三年完成，农村改厕惠及全县农户。"
)


def test_a_framed_lead_that_carries_the_news_may_open() -> None:
    lead = FRAMED_NEWS_ARTICLE.split("\n")[0]
    assert lang.is_framing(lead) and not lang.frames_only(lead)
    assert lang.frames_only(FRAMING_ARTICLE.split("\n")[0])
    for max_chars, max_sentences in BUDGETS:
        summary = TextRankSummarizer(lead_bias=0.0).summarize(
            FRAMED_NEWS_ARTICLE, max_chars=max_chars, max_sentences=max_sentences)
        assert summary.sentences[0][0] == 0, summary.text


def test_a_warning_is_added_only_right_after_its_sentence() -> None:
    # the warning shares the story's words and ranks high, but it is advice, not the news
    article = ("霁原市公安局今年破获电信诈骗案件120起，为群众挽回损失860万元。\n"
               "霁原市公安局反诈中心今年劝阻潜在受害人3200人次。\n"
               "霁原市的电信诈骗多发生在网络购物和刷单返利中。\n"
               "警方提醒，霁原市民遇到电信诈骗请拨打110，霁原市公安局反诈中心全天受理。")
    assert lang.is_advice("如发现被骗，请立即拨打110报警。") and lang.is_advice(article.split("\n")[-1])
    for max_chars, max_sentences in BUDGETS:
        for lead_bias in (0.0, 5.0):
            picked = [i for i, _, _ in TextRankSummarizer(lead_bias=lead_bias, prefer_lead=False).summarize(
                article, max_chars=max_chars, max_sentences=max_sentences).sentences]
            assert picked[0] != 3 and (3 not in picked or 2 in picked), picked


def test_a_list_is_not_cut_after_its_first_item() -> None:
    article = ("华岭市11月以来接到冰雪旅游诈骗警情9起，涉案金额12万元。\n"
               "冰雪旅游诈骗有三种套路：一是在社交平台发布低价冰雪旅游套餐；二是冒充景区客服骗取银行卡信息；"
               "三是声称有内部渠道代抢冰雪旅游门票。\n"
               "华岭市冰雪旅游诈骗受害人多为外地游客。")
    assert lang.cuts_a_list("冰雪旅游诈骗有三种套路：一是在社交平台发布低价冰雪旅游套餐；")
    for summary in _runs(article, prefer_lead=False, lead_bias=0.0):
        assert "一是" not in summary.text or "二是" in summary.text, summary.text
    # an article that is the list: its lead-in with the first item is the lead, the items follow
    listed = ("一名靠谱的JavaScript程序员应备的素质：1.你需要知道HTML，并非常精通它；"
              "2.你需要了解CSS，这样你才不至于后悔。3.你需要了解浏览器；4.你需要了解JavaScript是怎样工作的。"
              "5.你需要了解JavaScript框架。")
    for summary in _runs(listed):
        picked = [i for i, _, _ in summary.sentences]
        assert picked == list(range(len(picked))), picked



def test_an_empty_pair_of_quotes_is_dropped() -> None:
    article = ("西坪县今年新修农村公路86公里，惠及沿线村民3.2万人。“”\n"
               "西坪县交通局说，明年将再修农村公路60公里。\n"
               "西坪县沿线村民的果园今年收入增长两成。“ ”")
    assert lang.drop_empty_quotes("再修农村公路60公里。“”") == "再修农村公路60公里。"
    for summary in _runs(article, prefer_lead=False, lead_bias=0.0):
        assert "“" not in summary.text and "”" not in summary.text, summary.text


def test_doubled_quote_marks_are_paired() -> None:
    # a scraped text writes each quote mark as `""`: paired, the quote stays whole or goes whole
    assert lang.pair_doubled_quotes(['他说，""路修好了。', '果子卖得快了。""', '""好""。']) \
        == ["他说，“路修好了。", "果子卖得快了。”", "“好”。"]
    article = ("西坪县今年新修农村公路86公里，惠及沿线村民3.2万人。\n"
               '西坪县交通局局长说，""明年将再修农村公路60公里。西坪县的果子就卖得更快了。""\n'
               "西坪县沿线村民的果园今年收入增长两成。")
    for summary in _runs(article, prefer_lead=False, lead_bias=0.0):
        assert '""' not in summary.text and lang.quote_balance(summary.text) == 0, summary.text


def test_a_bracketed_headline_glued_to_the_lead_stands_apart() -> None:
    article = ("【多地老旧小区频发电动车火灾元凶多为违规充电】今年3月，东林市一小区楼道内电动车起火，"
               "造成2人受伤。\n东林市消防救援支队今年已查处楼道违规充电1200余起。")
    assert lang.strip_glued_title("【好消息！】今天开园。") == "好消息！今天开园。"
    for summary in _runs(article):  # the headline stays, as a sentence of its own
        assert "【" not in summary.text and "违规充电。今年3月" in summary.text, summary.text


def test_a_book_title_glued_to_the_lead_is_dropped_unless_it_is_the_subject() -> None:
    assert lang.strip_glued_title("《家庭用电安全手册》对于老人和儿童的用电习惯，书中给出了建议。") \
        == "对于老人和儿童的用电习惯，书中给出了建议。"
    assert lang.strip_glued_title("《东林往事》是本地作家陈默的新作。") == "《东林往事》是本地作家陈默的新作。"
    article = ("《家庭用电安全手册》本书介绍了家庭用电的常见隐患，东林市消防救援支队编写，印数2万册。\n"
               "东林市消防救援支队将把手册免费发放到全市社区。")
    for summary in _runs(article):
        assert summary.text.startswith("本书介绍"), summary.text


def test_a_headline_run_into_a_lead_in_is_dropped() -> None:
    assert lang.strip_glued_title("公司根据市场数据，调整了产量。") == "公司根据市场数据，调整了产量。"
    article = ("东林市养老服务是民生保障的重要内容根据市民政局公布的数据，截至去年底，东林市60岁以上老人达到48万人。\n"
               "东林市今年新建社区养老服务站36个。")
    for summary in _runs(article):
        assert summary.text.startswith("根据市民政局"), summary.text


def test_an_author_credit_is_never_part_of_an_abstract() -> None:
    article = ("东林市第三届中小学生征文比赛收到作品1800余篇，评出一等奖30篇。\n"
               "《我的外婆》作者：林小雨，东林市实验小学五（3）班。\n"
               "外婆家门前有一棵老槐树，每年春天，槐花开满枝头。")
    assert lang.names_author("《我的外婆》作者：林小雨，东林市实验小学五（3）班。")
    for summary in _runs(article, prefer_lead=False, lead_bias=0.0):
        assert "作者" not in summary.text, summary.text


def test_a_heading_of_noun_phrases_is_not_a_sentence() -> None:
    article = ("门诊里的故事，夏天的用眼习惯。\n"
               "东林市眼科医院7月接诊视力下降的中小学生1300余人次，比去年同期增加两成。\n"
               "东林市眼科医院医生建议孩子每天户外活动两小时。")
    assert lang.is_noun_heading("门诊里的故事，夏天的用眼习惯。") and not lang.is_noun_heading("他的话很有道理。")
    for summary in _runs(article):
        assert summary.sentences[0][0] == 1, summary.text


def test_a_pronoun_after_an_anonymous_source_points_back() -> None:
    # unlike `王某表示，他……`, `据了解，` names no one the pronoun could mean
    assert lang.points_back("据了解，对方先自称银行客服。") and lang.points_back("记者了解到，他已在此工作十年。")
    assert not lang.points_back("据了解，东林市今年新建公园12个。")
    article = ("东林市今年入冬较早。\n"
               "据了解，他冒充银行客服给东林市民周女士打电话，称周女士的银行卡涉嫌违规，要求周女士把6万元存款转入安全账户。\n"
               "东林市反诈中心说，冒充银行客服诈骗今年已有1100余起，银行客服不会要求市民把存款转入安全账户。\n"
               "周女士的6万元存款最终保住了。")
    _assert_only_after(article, 1, 0)


def test_like_these_points_back() -> None:
    assert lang.points_back("像东林锁业这样走上品牌化道路的企业，在金屋镇越来越多。")
    article = ("金屋镇聚集五金企业600余家，去年产值突破150亿元。\n"
               "东林锁业去年自主品牌销售额达到3亿元，产品进入40多个国家。\n"
               "像东林锁业这样的五金企业，金屋镇去年新增了30家，销售额超过10亿元。")
    _assert_only_after(article, 2, 1)


def test_a_related_noun_as_the_topic_points_back() -> None:
    assert lang.points_back("11月以来，我市已接到相关警情9起。") and lang.points_back("相关负责人表示，将尽快整改。")
    article = ("东林市今年入冬较早。\n"
               "11月以来，东林市公安局反诈中心已接到相关警情9起，冰雪旅游诈骗涉案金额12万元。\n"
               "东林市公安局反诈中心说，冰雪旅游诈骗多发生在网上。\n"
               "东林市冰雪旅游今年接待游客20万人次。")
    _assert_only_after(article, 1, 0)


def test_a_distant_sentence_on_another_topic_is_not_added() -> None:
    article = ("清晨的东林湖畔，晨练的市民沿着步道慢跑，湖面上白鹭低飞。\n"
               "东林湖步道去年完成改造，全长8公里，沿途新设座椅和路灯。\n"
               "步道旁的花圃种满了月季和紫薇。\n"
               "傍晚时分，湖边的广场上跳舞的人越来越多。\n"
               "东林市今年计划新建口袋公园25个，新增绿地面积40公顷，投资1.6亿元。\n"
               "东林市口袋公园建设由市园林局统一规划，25个口袋公园年底前全部开放。")
    for summary in _runs(article, prefer_lead=True, lead_bias=5.0):
        picked = [i for i, _, _ in summary.sentences]
        assert not (0 in picked and 4 in picked and 1 not in picked and 3 not in picked), picked


def test_list_items_only_with_the_whole_list() -> None:
    article = ("东林市发布冬季出行提示。\n"
               "冬季出行注意五点：\n"
               "1、雨雪天气减速慢行，保持安全车距，避免急刹车。\n"
               "2、出行前检查轮胎、灯光和刹车，备好防滑链。\n"
               "3、关注东林市交通广播发布的路况信息，避开拥堵路段。\n"
               "4、遇到道路结冰，服从交警指挥，不要强行通过。\n"
               "5、长途出行备足饮用水、食品和保暖衣物。")
    for max_chars, max_sentences in [(60, 3), (120, 3), (120, 4), (300, 4)]:
        text = TextRankSummarizer().summarize(article, max_chars=max_chars, max_sentences=max_sentences).text
        assert "1、" not in text or "5、" in text, text


@pytest.mark.parametrize("openers", [lang.ANAPHORS, lang.CONNECTIVES, lang.FRAMING])
def test_opener_test_by_first_character_is_startswith(openers: tuple[str, ...]) -> None:
    heads = [w + tail for w in openers for tail in ("", "，记者了解到")] + ["", "记者了解到", "这", "另"]
    heads += [w[:1] for w in openers] + [w[:-1] for w in openers]
    for head in heads:
        assert lang._Openers(openers)(head) == head.startswith(openers), head


def test_rare_patterns_compile_on_first_use() -> None:
    """Importing the language module compiles no caption, frame-tail or benchmark pattern (each
    CJK class is ~2 ms of every start); the module attribute is the compiled pattern."""
    import re
    import subprocess
    import sys

    code = ("from classify.summarizers import _language as lang; "
            "compiled = lambda: len(set(vars(lang._LAZY)) - {'_sources'}); "
            "print(compiled()); lang.CAPTION; print(compiled())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "1"]
    assert lang.CAPTION.pattern == lang._CAPTION and isinstance(lang.CAPTION, re.Pattern)
    assert lang.NEWS_AFTER_FRAME.search("2024年") and lang.VISIBLE_MARKUP.search("【解说】")
    with pytest.raises(AttributeError):
        lang.NOT_A_PATTERN  # noqa: B018

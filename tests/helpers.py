"""Small labeled texts written for the tests (not from data/labeled), and helpers to use them."""

from __future__ import annotations

import json
import os
from pathlib import Path

TEXTS = {
    "industry": [
        "开发区新签约12个制造业项目，总投资86亿元，涵盖新能源电池和智能装备。",
        "钢管企业完成技术改造，新生产线投产后年产值可增加3亿元。",
        "产业园引进激光设备企业，上下游配套企业陆续入驻，产业链不断延伸。",
        "上半年全市规模以上工业增加值同比增长7.2%，固定资产投资稳步增长。",
        "农产品加工企业建成冷链仓储中心，年加工能力达到五万吨。",
        "科技型中小企业获得研发补助，新产品销往东南亚市场，订单排到年底。",
        "县里举办招商推介会，现场签约食品加工和物流项目九个。",
        "汽车零部件企业建设智能车间，生产效率提高三成，能耗下降一成。",
    ],
    "anti_fraud": [
        "民警走进社区讲解刷单返利诈骗套路，提醒老人不要向陌生账户转账。",
        "银行柜员发现储户被冒充客服的骗子诱导转账，及时报警成功止付。",
        "警方破获一起虚假投资理财诈骗案，抓获犯罪嫌疑人十五名。",
        "反诈志愿者入户发放宣传手册，教居民安装国家反诈中心App。",
        "一名大学生网购退款时遭遇冒充客服诈骗，民警提醒退款只走官方渠道。",
        "派出所联合学校开展防范电信网络诈骗主题班会，揭露游戏装备交易骗局。",
        "老人接到冒充公检法的电话称涉嫌洗钱，社区民警上门劝阻避免损失。",
        "警方提示：网络交友遇到推荐投资平台的，十有八九是杀猪盘诈骗。",
    ],
    "gov_services": [
        "政务服务中心推出一窗受理，企业开办半个工作日即可办结。",
        "12345热线上半年受理群众诉求八万件，按时办结率超过98%。",
        "住房公积金提取实现全程网办，职工在手机上就能申请。",
        "行政审批局推行告知承诺制，项目拿地即开工，审批时间大幅压缩。",
        "社保卡业务下沉到乡镇便民服务站，群众就近就能办理。",
        "不动产登记中心开设周末窗口，方便上班族办理登记和查询。",
        "医保异地就医备案开通线上渠道，办事群众不用再跑腿。",
        "市场监管部门简化营业执照变更流程，材料减少一半。",
    ],
    "employment": [
        "春风行动专场招聘会提供岗位两千多个，现场达成就业意向三百人。",
        "人社局为高校毕业生举办直播带岗，线上投递简历超过一千份。",
        "零工市场开门迎客，求职者扫码就能查看当天的用工需求。",
        "职业技能培训班结业，六十名学员取得电工证后陆续上岗。",
        "返乡青年申请到创业担保贷款，开起了农产品网店。",
        "稳岗返还资金发放到两百家企业，帮助企业稳定职工队伍。",
        "劳动监察大队为农民工追回欠薪八十万元。",
        "就业驿站开进社区，为下岗职工推荐家政和物流岗位。",
    ],
    "culture": [
        "非遗传承人在广场表演皮影戏，台下观众掌声不断。",
        "市图书馆开设城市书房，市民可以二十四小时借阅图书。",
        "博物馆推出青铜器特展，展出文物一百二十件。",
        "红色故事讲解大赛启动，讲解员讲述革命先辈的感人事迹。",
        "端午假期古镇举办龙舟赛，吸引游客数万人次观赛。",
        "乡村文化节上，村民自编自演的节目展示了新农村风貌。",
        "剧院上演原创戏曲剧目，演员唱腔婉转动人。",
        "灯会开幕，传统花灯和现代光影装置吸引市民夜游。",
    ],
    "other": [
        "气象台预报明天有中到大雨，局部地区伴有雷电大风。",
        "城区主干道施工期间实行交通管制，请车辆绕行。",
        "全市中学生篮球联赛落幕，实验中学队获得冠军。",
        "医院开通胸痛中心绿色通道，抢救时间明显缩短。",
        "小麦进入收获期，农机手忙着抢收抢晒。",
        "法院审结一起盗窃电动车案件，被告人被判处有期徒刑一年。",
        "河道治理工程完工，两岸新建步道和绿地。",
        "遗失声明：某某公司公章不慎遗失，特此声明作废。",
    ],
}


def examples() -> list[tuple[str, str]]:
    return [(text, label) for label, texts in TEXTS.items() for text in texts]


def page_text(*lines: str) -> str:
    """A page of raw text from its lines, as a paper's text export ends: with a newline."""
    return "\n".join(lines) + "\n"


def copy_inputs(folder: Path, *sources: Path) -> list[Path]:
    """Copies of `sources` as folder/a.txt, folder/b.txt, ...: inputs a test may change."""
    out = []
    for n, src in enumerate(sources):
        dst = folder / f"{chr(ord('a') + n)}.txt"
        dst.write_bytes(src.read_bytes())
        out.append(dst)
    return out


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# Written for the tests: a traditional-character page of two articles, as Big5 archives hold.
TRADITIONAL_PAGE = (
    "警方提醒防範電信詐騙\n"
    "本報訊（記者 陳美玲）近日，市公安局反詐中心接到多名市民報警，稱接到自稱客服的電話，"
    "對方以退款為由要求轉賬。民警提醒，凡是要求轉賬到陌生賬戶的，一定是詐騙。\n"
    "民警走進社區講解刷單返利詐騙套路，提醒老人不要向陌生賬戶轉賬，接到可疑電話及時報警。\n"
    "\n"
    "市圖書館開設城市書房\n"
    "本報訊 市圖書館開設城市書房，市民可以二十四小時借閱圖書。週末還有親子閱讀活動，"
    "非遺傳承人也將走進書房表演皮影戲。\n"
)


def build_hostile_folder(folder: Path, pages: list[Path]) -> None:
    """The hardening acceptance folder: a FIFO, a /dev/zero symlink, an /etc/passwd symlink, a
    Big5 page, a UTF-16-LE page without BOM and three good pages (`pages[:3]`)."""
    os.mkfifo(folder / "fifo.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink("/etc/passwd", folder / "passwd.txt")
    (folder / "big5.txt").write_bytes(TRADITIONAL_PAGE.encode("big5"))
    (folder / "utf16.txt").write_bytes(pages[2].read_text(encoding="utf-8").encode("utf-16-le"))
    for page in pages[:3]:
        (folder / page.name).write_bytes(page.read_bytes())


"""Generated publications for the demo portal (issue 14, part 11): a few thousand 行政处罚 and 行政许可 decisions of
the demo's agencies over the last three years, against companies (with USCCs that pass GB 32100's check
character) and natural persons, with amounts, decision numbers in each agency's style, some withdrawn with the
reason, some corrected (a second snapshot, the current one), the oldest of the natural persons' past their
period and taken down.

A bulk path: Publication, PublishedSnapshot and SearchToken rows inserted in batches, each with the items, the
text and the SM3 that publishing it would give (``actions.snapshot_of``, ``search.tokens_of``). No ledger
entries or obligations: these stand for decisions made before the system. Their texts hold no 身份证号 and no
phone number — the portal publishes them as they are.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.core.validators import uscc_check_character
from zhifa.publicity import actions, rules, search
from zhifa.publicity.models import (
    PUBLIC_STATES,
    Publication,
    PublicationKind,
    PublicationState,
    PublishedSnapshot,
    SearchToken,
)
from zhifa.workdays.calendar import SHANGHAI

SOURCE = "demo-generated"  # Publication.source_model of a generated publication (no case, no model behind it)
BATCH = 1_000
YEARS = 3

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
            "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰",
         "霞", "平", "刚", "桂英", "建华", "文", "华", "金凤", "玉兰", "海燕", "志强", "晓东", "春梅", "国庆", "建国",
         "红梅", "俊杰", "子涵", "雨轩", "浩然", "欣怡", "宇航", "鑫", "斌", "鹏", "婷", "宇", "欣", "凯", "博文",
         "淑珍", "德胜", "立新", "卫东", "丹", "晶", "颖", "琳", "亮", "辉", "健", "帅")
PLACES = ("鞍山", "铁东", "铁西", "立山", "千山", "海城", "台安", "岫岩", "腾鳌", "汤岗子", "旧堡", "宁远")
WORDS = ("宏达", "鑫源", "恒泰", "金鼎", "华盛", "瑞丰", "德利", "兴业", "广源", "天成", "正阳", "永安", "博远", "众合",
         "嘉禾", "东升", "隆基", "新世纪", "汇通", "长青", "盛达", "泰和", "安康", "富民")
TRADES = ("建材", "建筑工程", "房地产开发", "矿业", "石材", "混凝土", "物流", "装饰工程", "市政工程", "农业发展",
          "砂石", "钢结构", "置业", "劳务", "环保科技", "商贸")
FORMS = ("有限公司", "有限责任公司", "股份有限公司")
DISTRICTS = ("铁东区", "铁西区", "立山区", "千山区", "海城市", "台安县")

# the decision number's abbreviation of each demo agency, the acts it punishes (act, article violated, basis,
# penalty) and the licences it grants (certificate, category)
STYLES = {
    "鞍山市自然资源局": ("鞍自然", [
        ("未经批准占用土地建设", "《中华人民共和国土地管理法》第四十四条", "《中华人民共和国土地管理法》第七十七条",
         "责令退还非法占用的土地，限期拆除在非法占用的土地上新建的建筑物和其他设施，并处罚款"),
        ("未取得采矿许可证擅自采矿", "《中华人民共和国矿产资源法》第三条", "《中华人民共和国矿产资源法》第三十九条",
         "责令停止开采，没收采出的矿产品和违法所得，并处罚款"),
        ("非法转让土地", "《中华人民共和国土地管理法》第二条", "《中华人民共和国土地管理法》第七十四条",
         "没收违法所得，并处罚款")],
        [("建设用地规划许可证", "建设用地规划许可"), ("采矿许可证", "采矿权新立登记"),
         ("乡村建设规划许可证", "乡村建设规划许可")]),
    "鞍山市住房和城乡建设局": ("鞍住建", [
        ("未取得施工许可证擅自施工", "《建筑工程施工许可管理办法》第三条", "《建筑工程施工许可管理办法》第十二条",
         "责令停止施工，限期改正，并处罚款"),
        ("未按照规定办理工程质量监督手续", "《建设工程质量管理条例》第十三条", "《建设工程质量管理条例》第五十六条",
         "责令改正，并处罚款"),
        ("违反安全生产规定组织施工", "《建设工程安全生产管理条例》第二十一条", "《建设工程安全生产管理条例》第六十六条",
         "责令限期改正，并处罚款")],
        [("建筑工程施工许可证", "建筑工程施工许可"), ("商品房预售许可证", "商品房预售许可"),
         ("建筑业企业资质证书", "建筑业企业资质核准")]),
}
WITHDRAWN_REASON = "经行政复议，复议机关以认定事实不清、证据不足为由决定撤销原行政处罚决定"


# Names are far from even: the first surnames and given names of the lists come the most often (by 1/rank), so
# that a common name such as 张伟 is found many times over, as on a real portal.
_SURNAME_WEIGHTS = list(itertools.accumulate(1 / (r + 1) for r in range(len(SURNAMES))))
_GIVEN_WEIGHTS = list(itertools.accumulate(1 / (r + 1) for r in range(len(GIVEN))))


def person_name(rng: random.Random) -> str:
    return (rng.choices(SURNAMES, cum_weights=_SURNAME_WEIGHTS)[0]
            + rng.choices(GIVEN, cum_weights=_GIVEN_WEIGHTS)[0])


def company_name(rng: random.Random) -> str:
    return f"鞍山市{rng.choice(WORDS)}{rng.choice(TRADES)}{rng.choice(FORMS)}"


def company_uscc(n: int) -> str:
    """A USCC of a company registered in 鞍山 (GB 32100: 9 企业, 1 a company, 210300 the region code, the
    organisation code with its letters, the check character). Letters in the body: no run of digits that
    could be read as a 身份证号."""
    body = f"91210300MA{n % 10**7:07d}"
    return body + uscc_check_character(body)


@dataclass
class Made:
    publication: Publication
    snapshots: list[PublishedSnapshot]


def _penalty(rng: random.Random, name: str, person: bool, agency: Agency, abbr: str, acts: list,
             decided: dt.date, seq: int) -> tuple[str, dict[str, str], str]:
    act, violated, basis, content = rng.choice(acts)
    district = rng.choice(DISTRICTS)
    area = rng.randrange(80, 5000)
    fine = rng.randrange(20, 2000) * 500  # 元
    confiscated = rng.randrange(0, 40) * 1000 if "没收" in content else 0
    number = f"{abbr}罚〔{decided.year}〕{seq}号"
    facts = (f"经查，当事人{name}于{decided.year - (1 if decided.month < 4 else 0)}年在{district}{act}，"
             f"涉及面积{area}平方米，违反了{violated}的规定。")
    record = {"行政相对人名称": name, "行政相对人类别": "自然人" if person else "法人及非法人组织",
              "行政处罚决定书文号": number, "违法行为类型": act, "违法事实": facts, "处罚依据": basis,
              "处罚类别": "罚款" + ("、没收违法所得、没收非法财物" if confiscated else ""),
              "处罚内容": f"{content}{fine}元", "罚款金额（万元）": actions.wan(Decimal(fine)),
              "没收违法所得、没收非法财物的金额（万元）": actions.wan(Decimal(confiscated)),
              "处罚决定日期": f"{decided:%Y-%m-%d}",
              "处罚机关": agency.name, "处罚机关统一社会信用代码": agency.uscc, "数据来源单位": agency.name,
              "数据来源单位统一社会信用代码": agency.uscc}
    text = (f"{agency.name}\n行政处罚决定书\n{number}\n当事人：{name}\n{facts}\n以上事实有现场勘查笔录、询问笔录、"
            f"现场照片等证据证实。\n依据{basis}的规定，本机关决定：{content}{fine}元。\n当事人应当自收到本决定书之日起"
            "十五日内缴纳罚款。如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。")
    return number, record, text


def _licence(rng: random.Random, name: str, person: bool, agency: Agency, abbr: str, grants: list,
             decided: dt.date, seq: int) -> tuple[str, dict[str, str], str]:
    certificate, category = rng.choice(grants)
    number = f"{abbr}许〔{decided.year}〕{seq}号"
    until = decided.replace(year=decided.year + 5, day=min(decided.day, 28)) - dt.timedelta(days=1)  # five years
    record = {"行政相对人名称": name, "行政相对人类别": "自然人" if person else "法人及非法人组织",
              "行政许可决定文书名称": "准予行政许可决定书", "行政许可决定文书号": number, "许可类别": "普通",
              "许可证书名称": certificate, "许可编号": f"210300{decided.year}{seq:05d}",
              "许可内容": f"准予{category}（{rng.choice(DISTRICTS)}）", "许可决定日期": f"{decided:%Y-%m-%d}",
              "有效期自": f"{decided:%Y-%m-%d}", "有效期至": f"{until:%Y-%m-%d}", "许可机关": agency.name,
              "许可机关统一社会信用代码": agency.uscc, "当前状态": "有效", "数据来源单位": agency.name,
              "数据来源单位统一社会信用代码": agency.uscc}
    text = (f"{agency.name}\n准予行政许可决定书\n{number}\n申请人：{name}\n经审查，你提出的{category}申请符合法定条件、"
            f"标准，本机关决定准予行政许可，发给{certificate}。")
    return number, record, text


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def make(rng: random.Random, i: int, *, agency: Agency, unit: Agency, today: dt.date) -> Made:
    """The ``i``-th generated publication and its snapshots (unsaved; the publication's pk is set on saving)."""
    abbr, acts, grants = STYLES[agency.name]
    kind = PublicationKind.LICENCE if i % 4 == 3 else PublicationKind.PENALTY
    person = i % 3 == 1
    name = person_name(rng) if person else company_name(rng)
    decided = today - dt.timedelta(days=7 + rng.randrange(YEARS * 365))
    seq = 1000 + i
    maker = _penalty if kind == PublicationKind.PENALTY else _licence
    number, record, text = maker(rng, name, person, agency, abbr, acts if kind == PublicationKind.PENALTY else grants,
                                 decided, seq)
    subject = {"统一社会信用代码": "" if person else company_uscc(i),
               "证件类型": "身份证" if person else "", "法定代表人": "" if person else person_name(rng)}
    due = rules.publish_due(kind, decided)
    published_on = min(due.last_day, decided + dt.timedelta(days=1 + i % 4))
    published_at = _at(published_on, 10)
    pub = Publication(
        agency=agency, unit=unit, kind=kind, state=PublicationState.PUBLISHED, case_id=0, source_model=SOURCE,
        source_id=i, source_label=f"{record.get('行政许可决定文书名称', '行政处罚决定书')} {number}",
        decision_number=number, decided_on=decided, party_name=name, natural_person=person,
        record=actions.ordered(kind, {**record, **subject}), text=text, publish_by=due.last_day, due_at=due.due_at,
        warn_from=due.due_at - dt.timedelta(days=3), published_at=published_at,
        visible_until=rules.visible_until(published_on, person), created_at=_at(decided, 16))
    return Made(pub, [])


def snapshots(made: Made, i: int, today: dt.date, reviewer: str) -> None:
    """The snapshots of a saved publication: one, or two for a corrected one (the first no longer current);
    a withdrawn one ends with its reason, one past its period taken down."""
    pub = made.publication
    assert pub.published_at is not None and pub.visible_until is not None
    corrected = i % 23 == 5 and pub.kind == PublicationKind.PENALTY
    if corrected:
        first = actions.snapshot_of(pub, version=1, at=pub.published_at, by_name=reviewer, until=pub.visible_until)
        first.current = False
        made.snapshots.append(first)
        pub.record = {**pub.record, "违法事实": pub.record["违法事实"] + "（更正：原公示的涉及面积有误，已予更正）"}
        pub.text += "\n（本信息经更正后重新公示）"
    version = 2 if corrected else 1
    at = pub.published_at + dt.timedelta(days=20) if corrected else pub.published_at
    snap = actions.snapshot_of(pub, version=version, at=at, by_name=reviewer, until=pub.visible_until)
    if pub.visible_until < today:
        snap.state, snap.ended_at = PublicationState.EXPIRED, _at(pub.visible_until + dt.timedelta(days=1), 2)
        snap.end_reason = actions.expiry_reason(pub.visible_until)
    elif i % 37 == 11 and pub.kind == PublicationKind.PENALTY:
        revoked = min(today, pub.decided_on + dt.timedelta(days=60))
        pub.revocation = {"ground": "revoked", "words": rules.check_ground("revoked"),
                          "revoked_on": f"{revoked:%Y-%m-%d}", "reason": WITHDRAWN_REASON}
        snap.state, snap.ended_at = PublicationState.WITHDRAWN, _at(revoked, 15)
        snap.end_reason = actions.withdrawal_reason(pub.revocation)
    pub.state = snap.state
    made.snapshots.append(snap)


def build(count: int, *, today: dt.date | None = None, seed: int = 14) -> dict[str, int]:
    """``count`` publications of the demo's agencies (鞍山市自然资源局 and 住建局, their 执法 units), published by
    the 公示审核员 林欣. Returns how many of each state were made."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    agencies = [(a, Agency.objects.filter(parent=a).order_by("pk")[0])  # the agency and its first unit
                for a in Agency.objects.filter(name__in=STYLES).order_by("pk")]
    reviewer = "林欣"
    start = Publication.objects.filter(source_model=SOURCE).count()
    tally: dict[str, int] = {}
    for lo in range(start, start + count, BATCH):
        with transaction.atomic():
            batch = []
            for i in range(lo, min(lo + BATCH, start + count)):
                agency, unit = agencies[i % len(agencies)]
                batch.append(make(rng, i, agency=agency, unit=unit, today=today))
            Publication.objects.bulk_create([m.publication for m in batch])
            for i, m in enumerate(batch, start=lo):
                snapshots(m, i, today, reviewer)
            # the states, revocations and corrected records the snapshots settled
            Publication.objects.bulk_update([m.publication for m in batch], ["state", "revocation", "record", "text"])
            snaps = PublishedSnapshot.objects.bulk_create([s for m in batch for s in m.snapshots])
            SearchToken.objects.bulk_create([t for s in snaps if s.current and s.state in PUBLIC_STATES
                                             for t in search.tokens_of(s)])
            for m in batch:
                tally[m.publication.state] = tally.get(m.publication.state, 0) + 1
    return tally

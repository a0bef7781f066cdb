"""The catalog of the demo city: the legal bases the seeds and the case rules cite, and the five lists of
鞍山市自然资源局 and 鞍山市住房和城乡建设局 drawn from the seeds (鞍自然资发〔2020〕39号 and the 麒麟区 plan):
the AV list of the 记录办法 (第十四、十五、十九、二十一条), the review catalogue of the 审核制度 (第三条) with
the 麒麟区 additions (没收违法所得、没收非法财物、限期拆除), thresholds the demo cases hit, and discretion
standards for the penalty items. Built through the write functions: an agency head edits and submits, the
system administrator publishes (PUB-09: a second person).

Article texts are short summaries (marked 摘要), not the official wording; check the official text
(国家法律法规数据库) before relying on one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth import get_user_model

from zhifa.agencies.models import ActionKind, Agency, Domain
from zhifa.catalog import actions
from zhifa.catalog.models import (
    ALL_ITEMS,
    Article,
    AVStage,
    DocumentKind,
    EnforcementItem,
    LegalDocument,
    ListKind,
    Measure,
)

K = ActionKind
NPC = "全国人民代表大会常务委员会"

# (name, short name, issuing body, number, kind, in force from): {article: summary}
LAWS: list[tuple[tuple[str, str, str, str, str, dt.date], dict[int, str]]] = [
    (("中华人民共和国行政处罚法", "行政处罚法", NPC, "中华人民共和国主席令第七十号", DocumentKind.LAW,
      dt.date(2021, 7, 15)), {
        32: "当事人主动消除或者减轻违法行为危害后果、受他人胁迫或者诱骗实施违法行为、主动供述、配合查处有立功表现等的，"
            "应当从轻或者减轻行政处罚。",
        33: "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚；初次违法且危害后果轻微并及时改正的，"
            "可以不予行政处罚；"
            "当事人有证据足以证明没有主观过错的，不予行政处罚。",
        42: "行政处罚应当由具有行政执法资格的执法人员实施，执法人员不得少于两人，法律另有规定的除外。",
        44: "行政机关在作出行政处罚决定之前，应当告知当事人拟作出的行政处罚内容及事实、理由、依据，"
            "并告知当事人依法享有的"
            "陈述、申辩、要求听证等权利。",
        47: "行政机关应当依法以文字、音像等形式，对行政处罚的启动、调查取证、审核、决定、送达、执行等进行全过程记录，"
            "归档保存。",
        48: "具有一定社会影响的行政处罚决定应当依法公开；公开的决定被依法变更、撤销、确认违法或者确认无效的，"
            "应当在三日内撤回并公开说明理由。",
        51: "违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的，"
            "可以当场作出决定。",
        54: "符合立案标准的，行政机关应当及时立案。",
        57: "调查终结，行政机关负责人应当对调查结果进行审查，根据不同情况分别作出处罚、不予处罚、移送等决定；"
            "对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。",
        58: "涉及重大公共利益、直接关系当事人或者第三人重大权益且经过听证程序、"
            "案件情况疑难复杂且涉及多个法律关系等情形，"
            "在作出决定之前应当进行法制审核；初次从事法制审核的人员应当取得法律职业资格。",
        60: "行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定，法律、法规、规章另有规定的，从其规定。",
        61: "行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，"
            "应当在七日内依照民事诉讼法的有关规定送达当事人。",
        63: "拟作出较大数额罚款、没收较大数额违法所得或非法财物、降低资质等级、吊销许可证件、责令停产停业、责令关闭、"
            "限制从业等行政处罚决定的，应当告知当事人有要求听证的权利。",
        64: "当事人要求听证的，应当在行政机关告知后五日内提出；行政机关应当在举行听证的七日前通知当事人；"
            "听证应当制作笔录。",
    }),
    (("中华人民共和国行政强制法", "行政强制法", NPC, "中华人民共和国主席令第四十九号", DocumentKind.LAW,
      dt.date(2012, 1, 1)), {
        18: "实施行政强制措施应当经行政机关负责人批准，由两名以上执法人员实施，出示执法证件，通知当事人到场，"
            "当场告知理由、依据和权利、救济途径，听取陈述和申辩，制作现场笔录。",
        25: "查封、扣押的期限不得超过三十日；情况复杂的，经行政机关负责人批准，可以延长，但延长期限不得超过三十日。",
        35: "行政机关作出强制执行决定前，应当事先催告当事人履行义务。",
        43: "行政机关不得在夜间或者法定节假日实施行政强制执行，情况紧急的除外；不得对居民生活采取停止供水、供电、供热、"
            "供燃气等方式迫使当事人履行。",
        44: "对违法的建筑物、构筑物、设施等需要强制拆除的，应当由行政机关予以公告，限期当事人自行拆除；"
            "当事人在法定期限内"
            "不申请行政复议或者提起行政诉讼，又不拆除的，行政机关可以依法强制拆除。",
        53: "当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行的，没有强制执行权的行政机关可以自期限届满之日起"
            "三个月内，申请人民法院强制执行。",
        54: "行政机关申请人民法院强制执行前，应当催告当事人履行义务；催告书送达十日后当事人仍未履行的，"
            "可以申请强制执行。",
    }),
    (("中华人民共和国行政许可法", "行政许可法", NPC, "中华人民共和国主席令第二十九号（2019年修正）", DocumentKind.LAW,
      dt.date(2019, 4, 23)), {
        30: "行政机关应当将行政许可的事项、依据、条件、数量、程序、期限以及需要提交的全部材料的目录和申请书示范文本等"
            "在办公场所公示。",
        32: "申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，"
            "逾期不告知的，自收到申请材料之日起即为受理。",
        42: "除可以当场作出行政许可决定的外，行政机关应当自受理之日起二十日内作出决定；二十日内不能作出决定的，"
            "经本行政机关负责人批准，可以延长十日。",
        44: "行政机关作出准予行政许可的决定，应当自作出决定之日起十日内颁发、送达行政许可证件。",
        82: "本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日。",
    }),
    (("中华人民共和国土地管理法", "土地管理法", NPC, "中华人民共和国主席令第三十二号（2019年修正）", DocumentKind.LAW,
      dt.date(2020, 1, 1)), {
        67: "县级以上人民政府自然资源主管部门对违反土地管理法律、法规的行为进行监督检查。",
        74: "买卖或者以其他形式非法转让土地的，由县级以上人民政府自然资源主管部门没收违法所得，限期拆除新建的建筑物和"
            "其他设施，恢复土地原状，可以并处罚款。",
        75: "占用耕地建窑、建坟或者擅自在耕地上建房、挖砂、采石、采矿、取土等，破坏种植条件的，责令限期改正或者治理，"
            "可以并处罚款。",
        77: "未经批准或者采取欺骗手段骗取批准，非法占用土地的，"
            "由县级以上人民政府自然资源主管部门责令退还非法占用的土地，"
            "限期拆除在非法占用的土地上新建的建筑物和其他设施，恢复土地原状，可以并处罚款。",
    }),
    (("中华人民共和国土地管理法实施条例", "土地管理法实施条例", "国务院", "中华人民共和国国务院令第743号",
      DocumentKind.ADMIN_REGULATION, dt.date(2021, 9, 1)), {
        54: "依照土地管理法第七十四条的规定处以罚款的，罚款额为违法所得的百分之十以上百分之五十以下。",
        57: "依照土地管理法第七十七条的规定处以罚款的，罚款额为非法占用土地每平方米一百元以上一千元以下。",
    }),
    (("中华人民共和国城乡规划法", "城乡规划法", NPC, "中华人民共和国主席令第二十九号（2019年修正）", DocumentKind.LAW,
      dt.date(2019, 4, 23)), {
        40: "在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当申请办理建设工程"
            "规划许可证。",
        64: "未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，责令停止建设；尚可采取改正措施消除"
            "对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款；无法采取改正措施消除影响的，"
            "限期拆除。",
    }),
    (("中华人民共和国建筑法", "建筑法", NPC, "中华人民共和国主席令第二十九号（2019年修正）", DocumentKind.LAW,
      dt.date(2019, 4, 23)), {
        7: "建筑工程开工前，"
           "建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门申请领取施工许可证。",
        8: "建设行政主管部门应当自收到申请之日起七日内，对符合条件的申请颁发施工许可证。",
        64: "违反本法规定，未取得施工许可证或者开工报告未经批准擅自施工的，责令改正，对不符合开工条件的责令停止施工，"
            "可以处以罚款。",
    }),
    (("建设工程质量管理条例", "建设工程质量管理条例", "国务院", "中华人民共和国国务院令第279号（2019年修订）",
      DocumentKind.ADMIN_REGULATION, dt.date(2019, 4, 23)), {
        47: "县级以上地方人民政府建设行政主管部门和其他有关部门应当加强对有关建设工程质量的法律、法规和强制性标准"
            "执行情况的监督检查。",
        57: "建设单位未取得施工许可证或者开工报告未经批准，擅自施工的，责令停止施工，限期改正，"
            "处工程合同价款百分之一以上"
            "百分之二以下的罚款。",
    }),
    (("中华人民共和国民法典", "民法典", "全国人民代表大会", "中华人民共和国主席令第四十五号", DocumentKind.LAW,
      dt.date(2021, 1, 1)), {
        1259: "民法所称的“以上”“以下”“以内”“届满”，包括本数；所称的“不满”“超过”“以外”，不包括本数。",
    }),
    # 行政征收、行政收费 (issue 12): the basis of the demo's 土地闲置费 and 不动产登记费 items
    (("中华人民共和国民法典", "民法典", "全国人民代表大会", "中华人民共和国主席令第四十五号", DocumentKind.LAW,
      dt.date(2021, 1, 1)), {
        223: "不动产登记费按件收取，不得按照不动产的面积、体积或者价款的比例收取。",
    }),
    (("闲置土地处置办法", "闲置土地处置办法", "国土资源部", "中华人民共和国国土资源部令第53号", DocumentKind.RULE,
      dt.date(2012, 7, 1)), {
        14: "未动工开发满一年的，由市、县国土资源主管部门报经本级人民政府批准后，向国有建设用地使用权人下达"
            "《征缴土地闲置费决定书》，按照土地出让或者划拨价款的百分之二十征缴土地闲置费。",
        17: "国有建设用地使用权人应当自《征缴土地闲置费决定书》送达之日起三十日内，按照规定缴纳土地闲置费。",
    }),
    # 行政征用 (issue 12): the basis of the demo's requisition of a digger in a landslide
    (("中华人民共和国突发事件应对法", "突发事件应对法", "全国人民代表大会常务委员会", "中华人民共和国主席令第二十五号",
      DocumentKind.LAW, dt.date(2024, 11, 1)), {
        12: "县级以上人民政府及其部门为应对突发事件的紧急需要，可以征用单位和个人的设备、设施、场地、交通工具等财产。"
            "被征用的财产在使用完毕或者突发事件应急处置工作结束后，应当及时返还。财产被征用或者征用后毁损、灭失的，"
            "应当给予公平、合理的补偿。",
    }),
]

# The 鞍山市自然资源局's own rules (鞍自然资发〔2020〕39号), entered as that agency's normative document.
ANSHAN_RULES = (("鞍山市自然资源局行政执法全过程记录实施办法", "记录办法", "鞍山市自然资源局", "鞍自然资发〔2020〕39号",
                 DocumentKind.NORMATIVE, dt.date(2020, 12, 31)), {
    14: "依法采取现场检查（勘验）、抽样调查和听证取证方式的，应当同时进行音像记录；不适宜音像记录的，需书面记录原因。",
    15: "依法实施查封、扣押等行政强制措施，通过制作法定文书的方式进行文字记录，还应当同时进行音像记录。",
    19: "留置送达行政执法文书应当在送达回证上记明拒收事由和日期，由送达人、见证人签名或盖章，并采用音像记录等方式记录"
        "送达过程。",
    21: "公告送达行政执法文书应当重点记录已经采用其他方式均无法送达的情况以及公告送达的方式和载体，"
        "以适当方式进行音像记录。",
})
ANSHAN_REVIEW = (("鞍山市自然资源局重大行政执法决定法制审核制度", "法制审核制度", "鞍山市自然资源局",
                  "鞍自然资发〔2020〕39号", DocumentKind.NORMATIVE, dt.date(2020, 12, 31)), {
    3: "执法机构拟作出涉及重大公共利益、直接关系行政相对人或第三人重大权益、经过听证程序、"
       "案件情况疑难复杂涉及多个法律关系，"
       "以及其他法律、法规、规章规定应当进行法制审核的重大执法决定，应当进行法制审核。",
})

REMEDY = ("对行政执法决定不服的，可以自知道该决定之日起60日内向鞍山市人民政府申请行政复议，"
          "或者自知道之日起6个月内向人民法院提起行政诉讼。")
OFFICE_HOURS = "工作日 上午8:30—11:30，下午13:30—17:00（法定节假日除外）"


def _laws(admin, nr: Agency) -> dict[str, Article]:
    """Every article by “简称 第N条”."""
    found: dict[str, Article] = {}
    for (name, short, body, number, kind, start), articles in [*LAWS, ANSHAN_RULES, ANSHAN_REVIEW]:
        owner = nr if kind == DocumentKind.NORMATIVE else None
        document = LegalDocument.objects.filter(name=name).first() or actions.create_legal_document(
            actor=admin, owner=owner, name=name, short_name=short, issuing_body=body, number=number, kind=kind,
            in_force_from=start)
        for seq, text in articles.items():
            article = Article.objects.filter(document=document, seq=seq).first() or actions.add_article(
                actor=admin, document=document, seq=seq, text=text, is_summary=True)
            found[f"{short} {seq}"] = article
    return found


def _cite(laws: dict[str, Article], *keys: str) -> list[Article]:
    return [laws[k] for k in keys]


def _items(editor, agency: Agency, laws: dict[str, Article], items: list[dict[str, Any]]) -> dict[str, Any]:
    saved = {}
    for values in items:
        values = dict(values)
        cites = values.pop("cite")
        levels = values.pop("levels", [])
        item = cast(EnforcementItem, actions.save_entry(actor=editor, agency=agency, kind=ListKind.ITEMS,
                                                        articles=_cite(laws, *cites), **values))
        for level in levels:
            level = dict(level)
            actions.save_discretion_level(actor=editor, item=item, articles=_cite(laws, *level.pop("cite")), **level)
        saved[item.code] = item
    return saved


def _entries(editor, agency: Agency, kind: str, laws: dict[str, Article], rows: list[dict[str, Any]]) -> None:
    for values in rows:
        values = dict(values)
        actions.save_entry(actor=editor, agency=agency, kind=kind, articles=_cite(laws, *values.pop("cite", ())),
                           **values)


def _publish(editor, publisher, agency: Agency, kind: str, *, effective_from: dt.date | None = None,
             note: str = ""):
    actions.submit_list(actor=editor, agency=agency, kind=kind)
    return actions.publish_list(actor=publisher, agency=agency, kind=kind, effective_from=effective_from, note=note)


def _levels_land() -> list[dict[str, Any]]:
    """非法占用土地: 实施条例第57条 每平方米100–1000元; 减轻 below the statutory minimum."""
    d = Decimal
    return [
        {"level": "none", "unit": "none", "conditions_text": "违法行为轻微；及时改正；没有造成危害后果",
         "cite": ["行政处罚法 33"]},
        {"level": "first_offence", "unit": "none", "conditions_text": "初次违法；危害后果轻微；及时改正",
         "cite": ["行政处罚法 33"]},
        {"level": "mitigated", "unit": "per_sqm", "low": d(50), "high": d(100),
         "conditions_text": "受他人胁迫或者诱骗实施违法行为", "cite": ["行政处罚法 32", "土地管理法实施条例 57"],
         "other_penalties": "责令退还非法占用的土地，限期拆除新建的建筑物和其他设施"},
        {"level": "lighter", "unit": "per_sqm", "low": d(100), "high": d(300),
         "conditions_text": "主动消除或者减轻违法行为危害后果", "cite": ["行政处罚法 32", "土地管理法实施条例 57"],
         "other_penalties": "责令退还非法占用的土地，限期拆除新建的建筑物和其他设施"},
        {"level": "heavier", "unit": "per_sqm", "low": d(700), "high": d(1000), "conditions_text": "再次违法",
         "cite": ["土地管理法 77", "土地管理法实施条例 57"],
         "other_penalties": "责令退还非法占用的土地，限期拆除新建的建筑物和其他设施，恢复土地原状"},
        {"level": "heavier", "unit": "per_sqm", "low": d(700), "high": d(1000),
         "conditions_text": "土地类型=耕地、永久基本农田", "cite": ["土地管理法 77", "土地管理法实施条例 57"],
         "other_penalties": "责令退还非法占用的土地，限期拆除新建的建筑物和其他设施，恢复土地原状"},
        {"level": "general", "unit": "per_sqm", "low": d(300), "high": d(700),
         "cite": ["土地管理法 77", "土地管理法实施条例 57"],
         "other_penalties": "责令退还非法占用的土地，限期拆除新建的建筑物和其他设施，恢复土地原状"},
    ]


def _review_criteria(fine_threshold: Decimal, seeds: list[str]) -> list[dict[str, Any]]:
    """鞍山市自然资源局 审核制度 第三条, with the 麒麟区 additions and a fine threshold (001 14: 涉案金额)."""
    return [
        {"code": "SH-01", "name": "涉及重大公共利益，可能造成重大社会影响或引发社会风险的行政执法决定",
         "public_interest": True, "cite": seeds},
        {"code": "SH-02", "name": "直接关系行政相对人或第三人重大权益的行政执法决定", "major_rights": True,
         "cite": seeds},
        {"code": "SH-03", "name": "经过听证程序作出的行政执法决定", "after_hearing": True,
         "cite": [*seeds, "行政处罚法 58"]},
        {"code": "SH-04", "name": "案件情况疑难复杂，涉及多个法律关系的行政执法决定", "several_legal_relations": True,
         "cite": [*seeds, "行政处罚法 58"]},
        {"code": "SH-05", "name": "没收违法所得、没收非法财物的行政处罚决定",
         "measures": [Measure.CONFISCATE_GAINS, Measure.CONFISCATE_PROPERTY], "cite": seeds},
        {"code": "SH-06", "name": "责令限期拆除、强制拆除违法建筑物和其他设施的决定",
         "measures": [Measure.DEMOLISH_ORDER, Measure.FORCED_DEMOLITION], "cite": [*seeds, "行政强制法 44"]},
        {"code": "SH-07", "name": f"罚款数额在{fine_threshold / 10000:.0f}万元以上（含本数）的行政处罚决定",
         "action_kinds": [K.PUNISHMENT], "min_fine": fine_threshold, "inclusive": True,
         "cite": ["行政处罚法 58", "民法典 1259"]},
        {"code": "SH-08", "name": "吊销许可证件、降低资质等级、责令停产停业、责令关闭的行政处罚决定",
         "measures": [Measure.REVOKE_LICENCE, Measure.LOWER_QUALIFICATION, Measure.SUSPEND_BUSINESS, Measure.CLOSE],
         "cite": ["行政处罚法 63"]},
        {"code": "SH-09", "name": "其他法律、法规、规章规定应当进行法制审核的行政执法决定", "manual": True,
         "cite": seeds},
    ]


AV_ALL = {"code": ALL_ITEMS, "stages": [AVStage.ONSITE, AVStage.SAMPLING, AVStage.HEARING, AVStage.SEIZURE,
                                        AVStage.SERVICE_LEFT, AVStage.SERVICE_PUBLIC],
          "note": "现场检查（勘验）、抽样取证、听证、查封扣押同时进行音像记录；留置送达、公告送达以适当方式音像记录。",
          "cite": ["记录办法 14", "记录办法 15", "记录办法 19", "记录办法 21"]}


def _levy_items(team: Agency, nr: Agency, common: dict[str, Any]) -> list[dict[str, Any]]:
    """The 征收 and 收费 items (issue 12): their basis, and for the 收费 its standard (the 收费标准 the case shows)."""
    return [
        {"code": "ZR-ZS-001", "name": "土地闲置费征收", "action_kind": K.EXPROPRIATION, "handling_unit": team,
         "cite": ["闲置土地处置办法 14", "闲置土地处置办法 17"], "time_limit": "决定书送达之日起30日内缴纳",
         "process": "调查认定闲置—核定数额—报批并作出征收决定—送达—缴纳—结案归档",
         "fees": "按照土地出让或者划拨价款的百分之二十征缴土地闲置费", **common},
        {"code": "ZR-SF-001", "name": "不动产登记费收取", "action_kind": K.CHARGE, "handling_unit": nr,
         "cite": ["民法典 223"], "time_limit": "收费通知书载明的期限内缴纳",
         "fees": "住宅类不动产登记每件80元，非住宅类不动产登记每件550元（发改价格规〔2016〕2559号）", **common},
        {"code": "ZR-ZY-001", "name": "地质灾害应急处置临时征用设备、场地", "action_kind": K.EXPROPRIATION,
         "handling_unit": team, "cite": ["突发事件应对法 12"], "time_limit": "使用完毕后及时返还，返还后支付补偿",
         "fees": "按同类设备、场地的市场租赁价格给予补偿；毁损、灭失的，按评估价值补偿", **common},
    ]


def build(*, admin, nodes: dict[str, Agency], today: dt.date) -> None:
    """The demo catalog (called from ``zhifa.demo.data.build``)."""
    users = get_user_model().objects
    nr, zj = nodes["nr"], nodes["zj"]
    nr_head, zj_head = users.get(username="nr_head"), users.get(username="zj_head")
    laws = _laws(admin, nr)
    domain_nr, domain_zj = Domain.objects.get(code="ziranziyuan"), Domain.objects.get(code="zhujian")

    # ---- 鞍山市自然资源局
    common = {"supervision_phone": "0412-5550299（局法规科）", "remedy": REMEDY, "office_hours": OFFICE_HOURS,
              "address": nr.address, "phone": nr.phone, "domain": domain_nr,
              "accountability": "对不履行或者不正确履行行政执法职责的，依照《辽宁省行政执法条例》等规定追究责任。"}
    team = nodes["nr_team"]
    _items(nr_head, nr, laws, [
        {"code": "ZR-CF-001", "name": "对未经批准或者采取欺骗手段骗取批准，非法占用土地的行政处罚",
         "action_kind": K.PUNISHMENT, "handling_unit": team, "cite": ["土地管理法 77", "土地管理法实施条例 57"],
         "time_limit": "立案之日起90日内作出处罚决定", "fees": "不收费",
         "process": "立案—调查取证—案件审核—事先告知—陈述申辩（听证）—法制审核—决定—送达—执行—结案归档",
         "levels": _levels_land(), **common},
        {"code": "ZR-CF-002", "name": "对买卖或者以其他形式非法转让土地的行政处罚", "action_kind": K.PUNISHMENT,
         "handling_unit": team, "cite": ["土地管理法 74", "土地管理法实施条例 54"],
         "time_limit": "立案之日起90日内作出处罚决定", "fees": "不收费",
         "levels": [{"level": "general", "unit": "gains_multiple", "low": Decimal("0.1"), "high": Decimal("0.5"),
                     "other_penalties": "没收违法所得，限期拆除新建的建筑物和其他设施，恢复土地原状",
                     "cite": ["土地管理法 74", "土地管理法实施条例 54"]}], **common},
        {"code": "ZR-CF-003", "name": "对占用耕地建窑、建坟或者擅自在耕地上建房、挖砂、采石、采矿、取土等破坏种植条件的"
                                      "行政处罚",
         "action_kind": K.PUNISHMENT, "handling_unit": team, "cite": ["土地管理法 75"],
         "time_limit": "立案之日起90日内作出处罚决定", "fees": "不收费", **common},
        {"code": "ZR-QZ-001", "name": "对涉嫌土地违法的场所、设施、财物的查封、扣押", "action_kind": K.COERCION,
         "handling_unit": team, "cite": ["行政强制法 18", "行政强制法 25"], "time_limit": "查封、扣押不超过30日，"
         "情况复杂的经负责人批准可延长30日", "fees": "不收费", **common},
        {"code": "ZR-JC-001", "name": "土地利用和土地管理情况监督检查", "action_kind": K.INSPECTION,
         "handling_unit": team, "cite": ["土地管理法 67"], "time_limit": "按年度检查计划", "fees": "不收费", **common},
        {"code": "ZR-XK-001", "name": "建设工程规划许可证核发", "action_kind": K.LICENSING,
         "handling_unit": nr, "cite": ["城乡规划法 40", "行政许可法 30", "行政许可法 42"],
         "conditions": "取得建设用地使用权；符合控制性详细规划和规划条件；设计方案符合规划要求。",
         "materials": "1. 建设工程规划许可申请表；2. 使用土地的有关证明文件；3. 建设工程设计方案；4. "
                      "法律法规规定的其他材料。",
         "process": "申请—受理（材料不齐全的5个工作日内一次告知）—审查—决定—制证送达",
         "time_limit": "受理之日起20个工作日（经负责人批准可延长10个工作日）", "fees": "不收费", **common},
    ])
    _items(nr_head, nr, laws, _levy_items(team, nr, common))
    _publish(nr_head, admin, nr, ListKind.ITEMS)
    _entries(nr_head, nr, ListKind.RANDOM, laws, [
        {"code": "CC-ZR-01", "name": "土地利用情况检查", "item_code": "ZR-JC-001", "subject_unit": team,
         "objects_text": "辖区内取得建设用地使用权的单位", "content": "是否存在未经批准占用土地、改变土地用途等行为",
         "ratio": Decimal(5), "method": "从检查对象名录库和执法检查人员名录库中双随机抽取，现场检查",
         "frequency": "每年不少于1次", "cite": ["土地管理法 67"]},
        {"code": "CC-ZR-02", "name": "建设工程规划许可执行情况检查", "item_code": "ZR-XK-001", "subject_unit": team,
         "objects_text": "已取得建设工程规划许可证的在建项目", "content": "是否按照规划许可的内容进行建设",
         "ratio": Decimal(3), "method": "双随机抽取，现场核查与书面检查结合", "frequency": "每年1次",
         "cite": ["城乡规划法 40"]},
    ])
    _publish(nr_head, admin, nr, ListKind.RANDOM)
    _entries(nr_head, nr, ListKind.AV, laws, [
        AV_ALL,
        {"code": "ZR-QZ-001", "full_process": True, "note": "现场实施行政强制措施全程录音录像（记录仪办法第六条）",
         "cite": ["行政强制法 18"]},
        {"code": "ZR-CF-001", "stages": [AVStage.ENFORCEMENT], "note": "限期拆除后的强制执行同步录音录像",
         "cite": ["行政强制法 44"]},
    ])
    _publish(nr_head, admin, nr, ListKind.AV)
    _entries(nr_head, nr, ListKind.REVIEW, laws, _review_criteria(Decimal(100_000), ["法制审核制度 3"]))
    _publish(nr_head, admin, nr, ListKind.REVIEW)
    _publish(nr_head, admin, nr, ListKind.SUBJECTS)

    # A second version of the items list, published now and taking effect in a month: what changes (PUB-02).
    _items(nr_head, nr, laws, [
        {"code": "ZR-CF-004", "name": "对依法收回国有土地使用权当事人拒不交出土地的行政处罚",
         "action_kind": K.PUNISHMENT, "handling_unit": team, "cite": ["土地管理法 77"],
         "time_limit": "立案之日起90日内作出处罚决定", "fees": "不收费", **common},
    ])
    item = EnforcementItem.objects.get(list__agency=nr, code="ZR-JC-001")
    actions.save_entry(actor=nr_head, agency=nr, kind=ListKind.ITEMS, entry=item,
                       articles=_cite(laws, "土地管理法 67"),
                       **{**common, "code": "ZR-JC-001", "name": "土地利用和土地管理情况监督检查",
                          "action_kind": K.INSPECTION, "handling_unit": team, "fees": "不收费",
                          "time_limit": "按年度双随机抽查计划；检查结果20个工作日内公示"})
    _publish(nr_head, admin, nr, ListKind.ITEMS, effective_from=today + dt.timedelta(days=30),
             note="新增“拒不交出土地”处罚事项；监督检查事项写明结果公示时限")

    # ---- 鞍山市住房和城乡建设局
    common_zj = {"supervision_phone": "0412-5550399（局法规科）", "remedy": REMEDY, "office_hours": OFFICE_HOURS,
                 "address": zj.address, "phone": zj.phone, "domain": domain_zj}
    zj_team, zj_market = nodes["zj_team"], nodes["zj_market"]
    _items(zj_head, zj, laws, [
        {"code": "ZJ-CF-001", "name": "对建设单位未取得施工许可证擅自施工的行政处罚", "action_kind": K.PUNISHMENT,
         "handling_unit": zj_team, "cite": ["建筑法 64", "建设工程质量管理条例 57"],
         "time_limit": "立案之日起90日内作出处罚决定", "fees": "不收费",
         "levels": [
             {"level": "first_offence", "unit": "none", "conditions_text": "初次违法；危害后果轻微；及时改正",
              "cite": ["行政处罚法 33"]},
             {"level": "lighter", "unit": "pct_building", "low": Decimal(1), "high": Decimal("1.3"),
              "conditions_text": "主动消除或者减轻违法行为危害后果", "cite": ["建设工程质量管理条例 57", "行政处罚法 "
                  "32"],
              "other_penalties": "责令停止施工，限期改正"},
             {"level": "general", "unit": "pct_building", "low": Decimal("1.3"), "high": Decimal("1.7"),
              "cite": ["建设工程质量管理条例 57"], "other_penalties": "责令停止施工，限期改正"},
             {"level": "heavier", "unit": "pct_building", "low": Decimal("1.7"), "high": Decimal(2),
              "conditions_text": "阻碍、抗拒执法", "cite": ["建设工程质量管理条例 57"],
              "other_penalties": "责令停止施工，限期改正"},
         ], **common_zj},
        {"code": "ZJ-XK-001", "name": "建筑工程施工许可证核发", "action_kind": K.LICENSING, "handling_unit": zj_market,
         "cite": ["建筑法 7", "建筑法 8", "行政许可法 30", "行政许可法 32"],
         "conditions": "已办理用地批准手续；已取得规划许可证；施工场地已具备施工条件；已确定施工企业；有满足施工需要的"
                       "资金安排、施工图纸及技术资料；有保证工程质量和安全的具体措施。",
         "materials": "1. 建筑工程施工许可证申请表；2. 建设工程规划许可证；3. 施工合同；4. 施工图审查合格书；"
                      "5. 质量安全措施资料。",
         "process": "申请—受理—审查—决定—发证", "time_limit": "收到申请之日起7日内", "fees": "不收费", **common_zj},
        {"code": "ZJ-JC-001", "name": "建设工程质量安全监督检查", "action_kind": K.INSPECTION, "handling_unit": zj_team,
         "cite": ["建设工程质量管理条例 47"], "time_limit": "按年度检查计划", "fees": "不收费", **common_zj},
    ])
    _publish(zj_head, admin, zj, ListKind.ITEMS)
    _entries(zj_head, zj, ListKind.AV, laws, [AV_ALL])
    _publish(zj_head, admin, zj, ListKind.AV)
    _entries(zj_head, zj, ListKind.REVIEW, laws, _review_criteria(Decimal(50_000), ["行政处罚法 58"]))
    _publish(zj_head, admin, zj, ListKind.REVIEW)
    _publish(zj_head, admin, zj, ListKind.SUBJECTS)
    # The random-check list waits for its check: submitted, not yet published.
    _entries(zj_head, zj, ListKind.RANDOM, laws, [
        {"code": "CC-ZJ-01", "name": "建筑工程施工许可执行情况检查", "item_code": "ZJ-XK-001",
         "subject_unit": zj_market,
         "objects_text": "辖区内在建房屋建筑和市政基础设施工程", "content": "是否取得施工许可证、是否按许可内容施工",
         "ratio": Decimal(5), "method": "双随机抽取，现场检查", "frequency": "每半年1次", "cite": ["建筑法 7"]},
    ])
    actions.submit_list(actor=zj_head, agency=zj, kind=ListKind.RANDOM)

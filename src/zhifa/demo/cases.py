"""Demo cases of 鞍山市自然资源局, each through the write functions the pages use: one opened and under
investigation with its recordings linked, one waiting for the unit head, one for the agency head, one opened 95
days ago and still under investigation (its 90-day limit passed), one stopped before its decision for legal
review, one archived, and two complaints (one waiting for an answer, one answered without a case)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhifa.agencies.models import Agency, Officer
from zhifa.cases import actions
from zhifa.cases.models import CaseSource
from zhifa.demo import cases_coercion, cases_inspection, cases_levy, cases_measure, cases_permit, cases_review
from zhifa.demo import evidence as evidence_demo
from zhifa.demo.clock import as_of
from zhifa.parties.models import Party
from zhifa.records import actions as records
from zhifa.records.models import Evidence

ITEM = "ZR-CF-001"


def build(*, nodes: dict[str, Agency], officers: list[Officer]) -> None:
    # Dates of service, statements and payment are checked against the real day by the write functions, so the
    # cases are of the day the demo is loaded, whatever day the rest of the demo is built for.
    today = timezone.localdate()
    actions.set_document_code(actor=get_user_model().objects.get(username="nr_head"), agency=nodes["nr"],
                              code="鞍自然资")
    company, person, shop = (Party.objects.get(name=name)
                             for name in ("鞍山市鑫源建材有限公司", "王建军", "铁东区老李农家院"))
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["nr_officer", "nr_team_head", "nr_head"])}
    officer, team_head, head = users["nr_officer"], users["nr_team_head"], users["nr_head"]
    team, pair = nodes["nr_team"], [officers[0], officers[1]]

    def register(title: str, summary: str, days_ago: int, party: Party, **extra):
        return actions.register_case(
            actor=officer, unit=team, process="punishment_general", source=extra.pop("source", CaseSource.INSPECTION),
            title=title, summary=summary, item_code=ITEM, place=nodes["tiedong"],
            act_on=timezone.localdate() - dt.timedelta(days=days_ago), officers=pair, lead=officers[0],
            opinion="经初步核实，涉嫌违法事实存在，属本机关管辖，建议立案调查。", parties=[party], **extra)

    opened = register("鞍山市鑫源建材有限公司未经批准占用集体土地建设厂房案",
                      "日常巡查发现当事人在铁东区某村占用集体土地约1200平方米建设厂房，未能提供用地批准文件。",
                      12, company)
    actions.sign_opinion(actor=team_head, case=opened, step="open", agrees=True, text="同意立案，由王伟主办。")
    actions.sign_opinion(actor=head, case=opened, step="open", agrees=True, text="同意立案。")
    actions.move(actor=officer, case=opened, target="investigate", note="立案后开展调查取证")
    for ev in Evidence.objects.filter(case_number__endswith="12号", unit=team).order_by("received_at"):
        actions.link_evidence(actor=officer, case=opened, evidence=ev,
                              av_stage="onsite" if ev.is_av and ev.title == "现场检查" else "")

    register("王建军擅自在耕地上建房案", "群众反映当事人在承包耕地上建房，面积约200平方米。", 5, person)
    waiting_head = register("铁东区老李农家院非法转让土地使用权案",
                            "经核查，当事人以出租名义变相转让集体土地使用权。", 30, shop)
    actions.sign_opinion(actor=team_head, case=waiting_head, step="open", agrees=True, text="同意，报局领导审批。")

    with as_of(today - dt.timedelta(days=95)):
        late = register("鞍山市宏达混凝土有限公司擅自改变土地用途案",
                        "当事人将工业用地改作商品混凝土搅拌站堆场，涉嫌擅自改变土地用途。", 30, company)
        actions.sign_opinion(actor=team_head, case=late, step="open", agrees=True, text="同意立案。")
        actions.sign_opinion(actor=head, case=late, step="open", agrees=True, text="同意立案。")
        actions.move(actor=officer, case=late, target="investigate", note="立案后开展调查取证")
    def at_decision(title: str, summary: str, fine: Decimal, days_ago: int = 20):  # -> Case
        """A case notified ``days_ago`` days ago, its statement given up, its penalty proposed at 作出决定."""
        with as_of(today - dt.timedelta(days=days_ago)):
            case = register(title, summary, days_ago + 20, company)
            _notified(officer, team_head, head, case, fine=fine, pair=pair)
        with as_of(today - dt.timedelta(days=days_ago - 10)):  # the 5 working days for a hearing request passed
            actions.record_statement(actor=officer, case=case, received_on=timezone.localdate(), waived=True)
            actions.move(actor=officer, case=case, target="decide")
            actions.propose_decision(actor=officer, case=case, kinds=["fine"], fine=fine, confiscated=Decimal(0),
                                     outside_reason="按占用耕地每平方米60元计")
        return case

    at_decision("鞍山市鑫源建材有限公司非法占用耕地采矿案", "当事人未经批准占用耕地约8000平方米露天开采建筑用砂石。",
                Decimal("480000"))
    cases_review.build(at_decision=at_decision, investigating=opened)
    _archived(officer, team_head, head, register("王建军在基本农田上挖塘养鱼案",
                                                 "巡查发现当事人在基本农田上挖塘养鱼约300平方米。", 20, person), today)

    _onsite(officer, team, nodes["tiedong"], pair, shop)
    cases_measure.build(nodes=nodes, officers=officers, served=opened)
    cases_levy.build(nodes=nodes, officers=officers)
    cases_coercion.build(nodes=nodes, officers=officers, today=today)

    actions.receive_complaint(actor=officer, unit=team, channel="phone", reporter_name="赵某",
                              reporter_contact="139****0001", about="铁西区某地块夜间挖砂",
                              content="举报人称铁西区某地块近日夜间有车辆挖砂外运。")
    answered = actions.receive_complaint(actor=officer, unit=team, channel="online", about="某小区绿地被占用",
                                         content="匿名反映某小区绿地被改为停车场。")
    actions.answer_complaint(actor=officer, complaint=answered,
                             reason="经核查，该处绿地改建系物业依规划变更审批实施，不属于自然资源违法行为。")
    cases_inspection.build(nodes=nodes, officers=officers)
    cases_permit.build(nodes=nodes, users=users, parties=[company, person, shop])


def _notified(officer, team_head, head, case, *, fine: Decimal, pair: list[Officer]) -> None:
    """A case opened, investigated and its 事先告知书 served, on one day."""
    today = timezone.localdate()
    actions.sign_opinion(actor=team_head, case=case, step="open", agrees=True, text="同意立案。")
    actions.sign_opinion(actor=head, case=case, step="open", agrees=True, text="同意立案。")
    actions.move(actor=officer, case=case, target="investigate")
    site = timezone.now() - dt.timedelta(minutes=30)
    photo = records.ingest_stream(
        actor=officer, unit=case.unit, chunks=[evidence_demo.png_bytes()], original_name="现场照片-采砂坑.png",
        received_at=timezone.now(), description={
            "kind": "photo", "title": "现场检查", "device": evidence_demo.DEVICE, "officers": pair,
            "camera_operator": pair[1], "place": "铁东区大孤山镇某村东侧", "capture_start": site, "capture_end": site})
    actions.link_evidence(actor=officer, case=case, evidence=photo)
    for av_stage in ("onsite", "sampling", "seizure"):
        actions.explain_no_av(actor=officer, case=case, av_stage=av_stage, reason="现场位于矿坑内，以照片和笔录记录")
    for target in ("unit_review", "notify"):
        actions.move(actor=officer, case=case, target=target)
    notice = actions.issue_notice(
        actor=officer, case=case, kinds=["fine"], fine=fine, confiscated=Decimal(0),
        facts="未经批准占用耕地约8000平方米露天开采建筑用砂石", evidence="现场检查（勘验）笔录、测绘报告、询问笔录",
        violated="《中华人民共和国土地管理法》第四十四条", penalty_basis="《中华人民共和国土地管理法》第七十七条",
        reason="占用耕地面积大，且已造成耕作层破坏", contact="王伟　0412-5550210",
        agency_address="鞍山市铁东区园林路88号")
    actions.record_service(actor=officer, case=case, document=notice.document, method="direct", served_on=today,
                           recipient="鞍山市鑫源建材有限公司　李明（法定代表人）")
    actions.move(actor=officer, case=case, target="statement")


# The facts as a decision states them: the witness by name, the party's mobile number written with dashes — for
# the publication's redaction to take out (the case knows the witness; the pattern finds the number).
ARCHIVED_WITNESS = "刘玉芬"
ARCHIVED_FACTS = (f"当事人未经批准在铁东区某村基本农田上挖塘养鱼约300平方米。村民委员会委员{ARCHIVED_WITNESS}证实该鱼塘"
                  "由当事人雇工开挖，当事人本人亦于现场检查时承认（联系电话139-0412-0001）")


def _archived(officer, team_head, head, case, today: dt.date) -> None:
    """One case the whole way: 立案, investigation with its recording, 事先告知 served, the statement given up,
    the decision served, the fine paid, 结案 and 归档."""
    actions.sign_opinion(actor=team_head, case=case, step="open", agrees=True, text="同意立案。")
    actions.sign_opinion(actor=head, case=case, step="open", agrees=True, text="同意立案。")
    actions.move(actor=officer, case=case, target="investigate")
    described = Evidence.objects.filter(unit=case.unit, described_at__isnull=False).order_by("received_at")
    recording = next((ev for ev in described if ev.is_av), None)
    for ev in described:
        actions.link_evidence(actor=officer, case=case, evidence=ev, av_stage="onsite" if ev == recording else "")
    for av_stage in ("onsite", "sampling", "seizure"):
        if recording is None or av_stage != "onsite":
            actions.explain_no_av(actor=officer, case=case, av_stage=av_stage, reason="本案未进行该环节")
    for target in ("unit_review", "notify"):
        actions.move(actor=officer, case=case, target=target)
    notice = actions.issue_notice(
        actor=officer, case=case, kinds=["fine"], fine=Decimal("1500"), confiscated=Decimal(0),
        facts=ARCHIVED_FACTS, evidence="现场检查（勘验）笔录、现场录像、证人证言",
        violated="《中华人民共和国土地管理法》第三十七条", penalty_basis="《中华人民共和国土地管理法》第七十五条",
        reason="当事人已恢复部分耕地，属一般情节", contact="王伟　0412-5550210",
        agency_address="鞍山市铁东区园林路88号")
    actions.record_service(actor=officer, case=case, document=notice.document, method="left", served_on=today,
                           witness=ARCHIVED_WITNESS, reason="当事人拒绝签收")
    actions.move(actor=officer, case=case, target="statement")
    actions.record_statement(actor=officer, case=case, received_on=today, waived=True)
    actions.move(actor=officer, case=case, target="decide")
    actions.propose_decision(actor=officer, case=case, kinds=["fine"], fine=Decimal("1500"),
                             confiscated=Decimal(0), outside_reason="本事项裁量基准按面积计，参照同类案件从轻")
    decision = actions.decide(actor=head, case=case, statement_summary="当事人书面放弃陈述、申辩",
                              reason="当事人已恢复部分耕地，属一般情节",
                              performance="自收到本决定书之日起十五日内缴纳罚款", payment="鞍山市财政局非税收入专户",
                              review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    actions.record_service(actor=officer, case=case, document=decision, method="direct", served_on=today,
                           recipient="王建军")
    actions.move(actor=officer, case=case, target="execute")
    actions.record_payment(actor=officer, case=case, paid_on=today, amount=Decimal("1500"))
    actions.sign_opinion(actor=team_head, case=case, step="close", agrees=True, text="罚款已缴纳，同意结案。")
    actions.sign_opinion(actor=head, case=case, step="close", agrees=True, text="同意结案。")
    actions.move(actor=officer, case=case, target="close")
    actions.move(actor=officer, case=case, target="archive")


def _onsite(officer, team: Agency, place: Agency, pair: list[Officer], party: Party) -> None:
    """One 简易程序 case decided on the spot (行政处罚法 第51、52条): the fine collected there against its receipt,
    its filing with the agency still open in the work queue."""
    import uuid
    from decimal import Decimal

    case = actions.start_simple_case(
        actor=officer, unit=team, token=uuid.uuid4().hex, item_code=ITEM, title="擅自在农家院旁空地堆放建筑垃圾",
        facts="在院落东侧空地堆放建筑垃圾约15平方米", spot="铁东区某村老李农家院东侧",
        act_at=timezone.now() - dt.timedelta(hours=2), place=place, party=party, officers=pair, lead=pair[0])
    actions.show_credential(actor=officer, case=case)
    actions.explain_no_av(actor=officer, case=case, av_stage="onsite", reason="执法记录仪电量耗尽，已拍照留存")
    actions.move(actor=officer, case=case, target="tell")
    actions.tell_rights(actor=officer, case=case, kinds=["fine"], fine=Decimal("100"),
                        violated="《中华人民共和国土地管理法》第三十七条",
                        penalty_basis="《中华人民共和国土地管理法》第七十五条", statement="当事人称当天即清运")
    actions.move(actor=officer, case=case, target="decide")
    actions.decide_onsite(actor=officer, case=case, review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    actions.hand_over(actor=officer, case=case, signed=True)
    actions.record_simple_payment(actor=officer, case=case, onsite=True, ground="small",
                                  receipt_number="辽财罚00018827")

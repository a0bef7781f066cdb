"""Demo 行政许可 of 鞍山市自然资源局 (建设工程规划许可证核发), each through the write functions the desk uses: an
application answered with a one-time notice, one complete and waiting at the desk, one left unanswered past its 5th
working day (so the page says it counts as accepted on receipt), one under review with an expert review stopping
its clock, one decided and its licence issued — and a renewal of a licence that runs out in two months — and a
licence obtained with a forged land certificate, revoked (第69条) after its holder was told and heard."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.permit_rules import materials_of
from zhifa.catalog.evaluate import item_in_force
from zhifa.demo.clock import as_of
from zhifa.parties.models import Party

ITEM = "ZR-XK-001"
CONTACT = "王伟　0412-5550188"


def build(*, nodes: dict[str, Agency], users: dict, parties: list[Party]) -> None:
    officer, team_head, head = users["nr_officer"], users["nr_team_head"], users["nr_head"]
    team = nodes["nr_team"]
    today = timezone.localdate()
    listed = materials_of(item_in_force(nodes["nr"], ITEM, today)["materials"])  # type: ignore[index]
    company, person, shop = parties

    def apply(applicant: Party, request: str, materials: list[str], **extra):
        return actions.register_application(actor=officer, unit=team, token=uuid.uuid4().hex, item_code=ITEM,
                                            request=request, materials=materials, applicant=applicant, **extra)

    with as_of(today - dt.timedelta(days=2)):
        noticed = apply(shop, "在铁东区某村老李农家院东侧建设游客服务用房一栋，建筑面积320平方米", listed[:1])
        actions.correct_application(actor=officer, case=noticed, what="申请表·建设地点", before="铁西区某村",
                                    after="铁东区某村")
        actions.notify_missing(actor=officer, case=noticed, contact=CONTACT, others=["申请表未加盖申请人印章"])

    apply(company, "在鞍山市鑫源建材有限公司厂区内扩建原料库房，建筑面积1,800平方米", listed)

    with as_of(today - dt.timedelta(days=20)):  # no notice within 5 working days: accepted as of its receipt
        apply(person, "在铁东区某村宅基地上翻建自住房，建筑面积180平方米", listed[:2])

    with as_of(today - dt.timedelta(days=20)):
        reviewing = apply(company, "在鞍山市鑫源建材有限公司厂区东侧新建综合办公楼，建筑面积6,500平方米", listed)
        actions.accept_application(actor=officer, case=reviewing, contact=CONTACT)
    with as_of(today - dt.timedelta(days=6)):
        actions.pause_licence_clock(actor=team_head, case=reviewing, kind="expert", started_on=timezone.localdate(),
                                    note="组织规划、建筑专家对建设工程设计方案进行评审")

    with as_of(today - dt.timedelta(days=40)):
        issued = apply(shop, "在老李农家院西侧建设临时停车场及附属用房，建筑面积120平方米", listed)
        actions.accept_application(actor=officer, case=issued, contact=CONTACT)
    with as_of(today - dt.timedelta(days=30)):
        actions.move(actor=officer, case=issued, target="decide", note="书面审查，无需实地核查")
        actions.decide_licence(actor=head, case=issued, granted=True,
                               findings="申请材料齐全、符合法定形式，设计方案符合规划条件",
                               basis="《中华人民共和国城乡规划法》第四十条",
                               content="同意建设临时停车场及附属用房，建筑面积120平方米",
                               valid_from=timezone.localdate(), valid_to=today + dt.timedelta(days=60))
    with as_of(today - dt.timedelta(days=27)):
        licence = actions.issue_licence(actor=officer, case=issued, recipient="李某（老李农家院经营者）")
    actions.register_application(actor=officer, unit=team, token=uuid.uuid4().hex, item_code=ITEM, licence=licence,
                                 purpose="renewal", request="申请延续临时停车场及附属用房的建设工程规划许可有效期一年",
                                 materials=[], other_materials=["延续申请书"])

    with as_of(today - dt.timedelta(days=60)):
        forged = apply(company, "在厂区北侧新建成品仓库，建筑面积2,400平方米", listed)
        actions.accept_application(actor=officer, case=forged, contact=CONTACT)
    with as_of(today - dt.timedelta(days=50)):
        actions.move(actor=officer, case=forged, target="decide", note="书面审查，无需实地核查")
        actions.decide_licence(actor=head, case=forged, granted=True, findings="申请材料齐全、符合法定形式",
                               basis="《中华人民共和国城乡规划法》第四十条",
                               content="同意新建成品仓库，建筑面积2,400平方米",
                               valid_from=timezone.localdate(), valid_to=today + dt.timedelta(days=680))
        revoked = actions.issue_licence(actor=officer, case=forged, recipient="鞍山市鑫源建材有限公司经办人")
    with as_of(today - dt.timedelta(days=14)):
        ending = actions.start_licence_end(actor=officer, licence=revoked, unit=team, token=uuid.uuid4().hex,
                                           kind="revoke",
                                           ground="被许可人提交的土地使用证明文件经核实系伪造，以欺骗手段取得许可",
                                           basis="《中华人民共和国行政许可法》第六十九条第二款")
        actions.notify_licence_end(actor=officer, case=ending, recipient="鞍山市鑫源建材有限公司经办人",
                                   contact=CONTACT)
    with as_of(today - dt.timedelta(days=10)):
        actions.hear_licence_holder(actor=officer, case=ending, heard_on=timezone.localdate(),
                                    statement="称证明文件系中介代办，本公司不知情")
    with as_of(today - dt.timedelta(days=7)):
        ended = actions.decide_licence_end(actor=head, case=ending, no_public_harm=True,
                                           answer="经复核，是否知情不影响以欺骗手段取得许可的认定，申辩理由不成立",
                                           review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
        decision = ended.ends.get().decision
        assert decision is not None
        actions.record_service(actor=officer, case=ending, document=decision, method="direct",
                               served_on=timezone.localdate(), recipient="鞍山市鑫源建材有限公司经办人")
        actions.move(actor=officer, case=ending, target="close")

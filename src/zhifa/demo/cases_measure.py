"""Demo 行政强制措施 of 鞍山市自然资源局 (查封、扣押, 行政强制法 第18–28条), each through the write functions the pages
use: a 扣押 three days before its 30th day, a 查封 extended by the head on its 28th day, a 扣押 for the 行政处罚 case
under investigation released and closed, a 扣押 carried out on the spot in an emergency, reported, awaiting the
head's approval afterwards, and a 冻结 of a bank account (第29–33条, the agency's authority set for the demo) whose
冻结决定书 was handed to the party within the three working days."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhifa.agencies.models import Agency, Officer
from zhifa.cases import actions
from zhifa.cases.models import Case, Measure
from zhifa.demo.clock import as_of
from zhifa.parties.models import Party

ITEM = "ZR-QZ-001"
BASIS = "《中华人民共和国土地管理法》第六十八条第四项"


def build(*, nodes: dict[str, Agency], officers: list[Officer], served: Case | None = None) -> None:
    today = timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["nr_officer", "nr_head"])}
    officer, head = users["nr_officer"], users["nr_head"]
    company, person = (Party.objects.get(name=name) for name in ("鞍山市鑫源建材有限公司", "王建军"))
    pair = [officers[0], officers[1]]

    def start(title: str, party: Party, kind: str, items: str, **extra: Any) -> Case:
        return actions.start_measure(
            actor=officer, unit=nodes["nr_team"], token=uuid.uuid4().hex, item_code=ITEM, kind=kind, title=title,
            facts=extra.pop("facts", "未经批准占用集体土地施工，经责令停止违法行为后仍继续施工。"),
            reason="为制止违法行为继续、防止证据损毁，有必要" + ("查封" if kind == "seal" else "扣押"), basis=BASIS,
            items=items, keeping=extra.pop("keeping", "由本机关在鞍山市铁东区执法暂扣物品停车场保管"),
            spot="铁东区某村东侧", place=nodes["tiedong"], act_on=timezone.localdate() - dt.timedelta(days=2),
            officers=pair, party=party, lead=officers[0], **extra)

    def carried_out(case: Case, present: str) -> None:
        actions.record_onsite(actor=officer, case=case, party_present=True, present_name=present,
                              statement="当事人称正在补办用地手续，请求不予扣押", signed=True,
                              av_note="执法记录仪（编号AS-NR-0007）全程录音录像", review_body="鞍山市人民政府",
                              court="鞍山市铁东区人民法院", acted_at=None if case.measure.emergency else timezone.now())
        actions.explain_no_av(actor=officer, case=case, av_stage="seizure",
                              reason="音像记录已由执法记录仪拍摄，待移交存储后登记")
        actions.move(actor=officer, case=case, target="hold")

    def approved(case: Case, text: str) -> None:
        actions.approve_measure(actor=head, case=case, agrees=True, opinion=text)
        actions.move(actor=officer, case=case, target="implement")

    with as_of(today - dt.timedelta(days=27)):  # its 30th day is three days from today
        near = start("扣押鞍山市鑫源建材有限公司非法占地施工机械", company, "seize",
                     "挖掘机1台（卡特320，黄色）、装载机1台（柳工856）")
        approved(near, "同意扣押，注意保全施工机械状况。")
        carried_out(near, "赵丽华（法定代表人）")

    with as_of(today - dt.timedelta(days=40)):
        extended = start("查封王建军在耕地上建设的房屋", person, "seal", "在建砖混结构房屋一栋（约200平方米）",
                         keeping="就地查封，张贴封条，由村委会协助看管")
        approved(extended, "同意查封。")
        carried_out(extended, "王建军")
    with as_of(today - dt.timedelta(days=12)):  # its 28th day: the head extends by 30 days (第25条)
        due = actions.measure_due(Measure.objects.get(case=extended))  # the row as carried out
        assert due is not None
        measure = actions.extend_measure(actor=head, case=extended, reason="涉及土地承包权属争议，需进一步调查核实",
                                         last_day=due.last_day)
        assert measure.extension is not None
        actions.record_service(actor=officer, case=extended, document=measure.extension, method="direct",
                               served_on=timezone.localdate(), recipient="王建军")

    with as_of(today - dt.timedelta(days=20)):
        released = start("扣押鞍山市鑫源建材有限公司采矿设备", company, "seize", "筛沙机1台、运输车辆2辆",
                         punishment_case=served)
        approved(released, "同意扣押，作为证据保全。")
        carried_out(released, "赵丽华（法定代表人）")
    with as_of(today - dt.timedelta(days=5)):  # the evidence fixed, the equipment goes back (第28条)
        measure = actions.release_measure(actor=officer, case=released, ground="not_needed")
        assert measure.release is not None
        actions.record_service(actor=officer, case=released, document=measure.release, method="direct",
                               served_on=timezone.localdate(), recipient="赵丽华")
        actions.move(actor=officer, case=released, target="close", note="已解除扣押，返还财物")

    urgent = start("当场扣押正在外运的砂石运输车", company, "seize", "自卸运输车1辆（辽C·XXXXX，满载砂石）",
                   emergency=True, emergency_reason="当事人正将砂石连夜外运，不当场扣押将无法取证",
                   acted_at=timezone.now() - dt.timedelta(hours=3),
                   facts="夜间巡查发现当事人在铁东区某村非法采砂并装车外运。")
    actions.report_emergency(actor=officer, case=urgent, reported_at=timezone.now() - dt.timedelta(hours=1))

    # 冻结 (第29–33条): the demo agency is given a law's authority (a setting), the freeze approved and carried out
    # at the bank eight days ago, the 冻结决定书 handed to the party the next day
    actions.set_freeze_basis(actor=head, agency=nodes["nr_team"].enclosing_agency(),
                             basis="演示：假定法律授权本机关冻结涉嫌违法所得的存款、汇款")
    with as_of(today - dt.timedelta(days=8)):
        frozen = start("冻结鞍山市鑫源建材有限公司非法转让土地所得", company, "freeze", "", keeping="",
                       bank="中国工商银行鞍山铁东支行", account="0704 0000 0900 0012 345",
                       freeze_amount=Decimal("360000.00"))
        approved(frozen, "同意冻结，数额与涉嫌违法所得相当。")
        measure = actions.carry_out_freeze(actor=officer, case=frozen, acted_at=timezone.now(), bank_staff="钱晓梅",
                                           av_note="执法记录仪（编号AS-NR-0007）全程录音录像",
                                           review_body="鞍山市人民政府", court="鞍山市铁东区人民法院")
    with as_of(today - dt.timedelta(days=7)):
        assert measure.decision is not None
        actions.record_service(actor=officer, case=frozen, document=measure.decision, method="direct",
                               served_on=timezone.localdate(), recipient="赵丽华")
        actions.explain_no_av(actor=officer, case=frozen, av_stage="seizure",
                              reason="音像记录已由执法记录仪拍摄，待移交存储后登记")
        actions.move(actor=officer, case=frozen, target="hold")

"""Demo 行政检查 of 鞍山市自然资源局, through the write functions the pages use: a 检查计划 of the 随机抽查事项
CC-ZR-01 with one inspection drawn for it and found 合格; an ad-hoc inspection that ordered 限期整改 and waits for
its re-check; and an inspection that found a violation and became a 行政处罚 case, carrying its recording."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhifa.agencies.models import Agency, Officer
from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.demo import evidence as evidence_demo
from zhifa.parties.models import Party
from zhifa.records import actions as records

CHECK_ITEM = "ZR-JC-001"
PUNISHMENT_ITEM = "ZR-CF-001"


def build(*, nodes: dict[str, Agency], officers: list[Officer]) -> None:
    officer = get_user_model().objects.get(username="nr_officer")
    team, place, pair = nodes["nr_team"], nodes["tiedong"], [officers[0], officers[1]]
    company, person, shop = (Party.objects.get(name=name)
                             for name in ("鞍山市鑫源建材有限公司", "王建军", "铁东区老李农家院"))
    today = timezone.localdate()

    def inspect(case, findings: str, present: str) -> None:
        now = timezone.now()
        actions.record_inspection(
            actor=officer, case=case, started_at=now - dt.timedelta(hours=2), ended_at=now - dt.timedelta(hours=1),
            place=f"{present.split('（')[0]}经营场所", items_checked="用地批准文件；实际用地范围与批准范围；土地用途",
            findings=findings, present=present, av_note=f"执法记录仪（{evidence_demo.DEVICE}）全程录像",
            officers=pair, recorder=pair[1], signed=True)

    plan = actions.create_plan(actor=officer, unit=team, name=f"{today.year}年度土地利用情况双随机抽查",
                               random_code="CC-ZR-01", starts_on=today - dt.timedelta(days=30),
                               ends_on=today + dt.timedelta(days=60))
    compliant = actions.plan_inspections(actor=officer, plan=plan, objects=[shop], officers=pair, place=place)[0]
    inspect(compliant, "用地手续齐全，实际用地在批准范围内，未发现改变土地用途", "李德福（经营者）")
    actions.explain_no_av(actor=officer, case=compliant, av_stage="onsite",
                          reason="执法记录仪存储卡故障，以照片和笔录记录")
    actions.find_compliant(actor=officer, case=compliant)

    def ad_hoc(title: str, party: Party) -> Case:
        return actions.start_inspection(actor=officer, unit=team, token=uuid.uuid4().hex, party=party, place=place,
                                        officers=pair, title=title, item_code=CHECK_ITEM, lead=pair[0])

    def recording(title: str):
        site = timezone.now() - dt.timedelta(hours=2)
        return records.ingest_stream(
            actor=officer, unit=team, chunks=[evidence_demo.png_bytes()], original_name=f"{title}.png",
            received_at=timezone.now(), description={
                "kind": "photo", "title": title, "device": evidence_demo.DEVICE, "officers": pair,
                "camera_operator": pair[1], "place": "铁东区", "capture_start": site, "capture_end": site})

    rectifying = ad_hoc("王建军宅基地使用情况检查", person)
    inspect(rectifying, "院落东侧搭建彩钢棚约40平方米，超出宅基地批准范围", "王建军（户主）")
    actions.link_evidence(actor=officer, case=rectifying, evidence=recording("彩钢棚现场照片"))
    actions.explain_no_av(actor=officer, case=rectifying, av_stage="onsite", reason="户主不同意录像，以照片和笔录记录")
    actions.order_inspection_rectification(
        actor=officer, case=rectifying, due_on=today + dt.timedelta(days=15),
        violated="《中华人民共和国土地管理法》第六十二条", basis="《中华人民共和国行政处罚法》第二十八条第一款",
        content="拆除超出宅基地批准范围搭建的彩钢棚，恢复原状", consequence="逾期不整改的，依法立案查处",
        contact="王伟　0412-5550210")

    found = ad_hoc("鞍山市鑫源建材有限公司用地情况检查", company)
    inspect(found, "厂区北侧新建仓库约600平方米，未能提供用地批准文件", "赵丽华（法定代表人）")
    actions.link_evidence(actor=officer, case=found, evidence=recording("新建仓库现场照片"))
    actions.explain_no_av(actor=officer, case=found, av_stage="onsite", reason="现场照明不足，以照片和笔录记录")
    actions.open_case_from_inspection(
        actor=officer, case=found, item_code=PUNISHMENT_ITEM, title="鞍山市鑫源建材有限公司未经批准新建仓库占用土地案",
        summary="行政检查发现当事人在厂区北侧新建仓库约600平方米，未能提供用地批准文件，涉嫌非法占用土地。",
        opinion="检查发现涉嫌违法，属本机关管辖，建议立案调查。", act_on=today - dt.timedelta(days=20))

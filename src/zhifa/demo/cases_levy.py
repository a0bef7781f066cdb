"""Demo cases of 行政征收 and 行政收费 of 鞍山市自然资源局, each through the write functions the pages use: a 土地闲置费
just started, one decided and served and waiting for payment, a 不动产登记费 assessed and waiting for the head's
notice, one paid against its bank receipt and closed, and a 征用 of a digger in a landslide: returned with its
state recorded and its compensation paid against the bank's receipt."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhifa.agencies.models import Agency, Officer
from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.demo import evidence as evidence_demo
from zhifa.parties.models import Party
from zhifa.records import actions as records

IDLE_LAND, REGISTRATION, REQUISITION = "ZR-ZS-001", "ZR-SF-001", "ZR-ZY-001"
REVIEW_BODY, COURT = "鞍山市人民政府", "鞍山市铁东区人民法院"


def build(*, nodes: dict[str, Agency], officers: list[Officer]) -> None:
    today = timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["nr_officer", "nr_head"])}
    officer, head = users["nr_officer"], users["nr_head"]
    team, pair = nodes["nr_team"], [officers[0], officers[1]]
    company, person = (Party.objects.get(name=name) for name in ("鞍山市鑫源建材有限公司", "王建军"))

    def start(process: str, item: str, title: str, facts: str, party: Party, act_on: dt.date,
              kind: str = "") -> Case:
        return actions.start_levy_case(
            actor=officer, unit=team, token=uuid.uuid4().hex, process=process,
            kind=kind or ("charge" if process == "charge" else "expropriate"), item_code=item, title=title, facts=facts,
            act_on=act_on, place=nodes["tiedong"], officers=pair, party=party, lead=pair[0])

    def idle_land(case: Case, price: str) -> None:
        actions.assess_levy(actor=officer, case=case, base_label="土地出让价款", base=Decimal(price), base_unit="元",
                            rate=Decimal(20), rate_unit="percent", standard="按土地出让价款的百分之二十征缴土地闲置费")

    def registration(case: Case, pieces: int, price: int) -> None:
        actions.assess_levy(actor=officer, case=case, base_label="登记件数", base=Decimal(pieces), base_unit="件",
                            rate=Decimal(price), rate_unit="per_unit")

    start("expropriation", IDLE_LAND, "鞍山市鑫源建材有限公司铁东区地块土地闲置费征收",
          "你单位于2023年6月取得铁东区某地块国有建设用地使用权，出让合同约定2024年9月1日前动工开发，至今未动工开发，"
          "闲置已满一年。", company, dt.date(2024, 9, 1))

    def decide_and_serve(case: Case, performance: str, **kw) -> None:
        """The head's decision on the case, served on the company's representative today."""
        actions.move(actor=officer, case=case, target="levy_decision")
        doc = actions.decide_levy(actor=head, case=case, performance=performance, review_body=REVIEW_BODY,
                                  court=COURT, **kw)
        actions.record_service(actor=officer, case=case, document=doc, method="direct", served_on=today,
                               recipient="鞍山市鑫源建材有限公司　李明（法定代表人）")
        actions.move(actor=officer, case=case, target="settle")

    served = start("expropriation", IDLE_LAND, "鞍山市鑫源建材有限公司千山路地块土地闲置费征收",
                   "你单位取得千山路东侧地块国有建设用地使用权，约定2024年5月1日前动工开发，经调查认定闲置满一年。",
                   company, dt.date(2024, 5, 1))
    idle_land(served, "8600000")
    decide_and_serve(served, "缴入鞍山市财政局非税收入专户")

    waiting = start("charge", REGISTRATION, "王建军住宅转移登记收费", "申请人申请铁东区胜利路住宅一套的转移登记。",
                    person, today)
    registration(waiting, 1, 80)
    actions.move(actor=officer, case=waiting, target="levy_decision")

    paid = start("charge", REGISTRATION, "鞍山市鑫源建材有限公司厂房首次登记收费",
                 "申请人申请铁东区厂房两处的国有建设用地使用权及房屋所有权首次登记。", company, today)
    registration(paid, 2, 550)
    decide_and_serve(paid, "通过非税收入电子缴款系统缴纳", charge_days=15)
    def receipt(case: Case, name: str, title: str):
        scan = records.ingest_stream(
            actor=officer, unit=team, chunks=[evidence_demo.png_bytes()], original_name=name,
            received_at=timezone.now(), description={"kind": "scan", "title": title, "officers": pair})
        actions.link_evidence(actor=officer, case=case, evidence=scan)
        return scan

    actions.record_settlement(actor=officer, case=paid, settled_on=today, amount=Decimal(1100),
                              receipt=receipt(paid, "非税收入缴款回单.png", "不动产登记费缴款回单"),
                              receipt_number="辽财非税2026-0031876")

    used = start("expropriation", REQUISITION, "千山区山体滑坡应急处置临时征用挖掘机",
                 "千山区某村山体滑坡，为抢通道路，征用你单位卡特彼勒320型挖掘机一台，连同操作人员，使用3个台班。",
                 company, today, kind="requisition")
    actions.assess_levy(actor=officer, case=used, base_label="使用台班", base=Decimal(3), base_unit="台班",
                        rate=Decimal(1800), rate_unit="per_unit",
                        standard="按同类挖掘机市场租赁价格每台班1800元给予补偿")
    decide_and_serve(used, "征用结束后十五日内将补偿款支付至被征用人账户")
    actions.record_return(actor=officer, case=used, returned_on=today, state="intact",
                          note="挖掘机经双方查验，外观及运行正常，当场交还操作人员")
    actions.record_settlement(actor=officer, case=used, settled_on=today, amount=Decimal(5400),
                              receipt=receipt(used, "征用补偿支付回单.png", "征用补偿款银行支付回单"),
                              receipt_number="工行转账2026-118")

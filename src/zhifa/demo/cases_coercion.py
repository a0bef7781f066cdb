"""Demo 行政强制执行 cases of 鞍山市自然资源局 (行政强制法 第34–60条), through the write functions the pages use:
one whose enforcement was tried on a statutory holiday and refused — the refusal kept on the case — and one in
progress, its 强制拆除 announced and waiting for the remedy periods to pass; and one suspended (第39条) because the
party cannot perform for now."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhifa.agencies.models import Agency, Officer
from zhifa.cases import actions
from zhifa.core.errors import RuleViolation
from zhifa.demo import cases_review
from zhifa.demo import evidence as evidence_demo
from zhifa.demo.clock import CATALOG_AGE, as_of
from zhifa.parties.models import Party
from zhifa.records import actions as records
from zhifa.workdays import calendar

ITEM = "ZR-CF-001"
URGE = {"contact": "王伟　0412-5550210", "agency_address": "鞍山市铁东区园林路88号"}


def _latest_holiday(today: dt.date) -> dt.date:
    """The latest statutory holiday the demo's lists reach back to (a Sunday where none is that recent)."""
    earliest = today - CATALOG_AGE + dt.timedelta(days=20)
    days = [today - dt.timedelta(days=n) for n in range(2, (today - earliest).days)]
    return next((d for d in days if calendar.is_holiday(d)), next(d for d in days if not calendar.is_working_day(d)))


def _site_photo(officer, case, pair: list[Officer]) -> None:
    """The photo of the building to be demolished, the evidence the legal review is sent with."""
    site = timezone.now() - dt.timedelta(minutes=30)
    photo = records.ingest_stream(
        actor=officer, unit=case.unit, chunks=[evidence_demo.png_bytes()], original_name="现场照片-违法厂房.png",
        received_at=timezone.now(), description={
            "kind": "photo", "title": "拆除前现场", "device": evidence_demo.DEVICE, "officers": pair,
            "camera_operator": pair[1], "place": "铁东区某村集体土地", "capture_start": site, "capture_end": site})
    actions.link_evidence(actor=officer, case=case, evidence=photo)


def build(*, nodes: dict[str, Agency], officers: list[Officer], today: dt.date) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["nr_officer", "nr_head"])}
    officer, head = users["nr_officer"], users["nr_head"]
    team, pair = nodes["nr_team"], [officers[0], officers[1]]
    company, person = (Party.objects.get(name=name) for name in ("鞍山市鑫源建材有限公司", "王建军"))

    def start(token: str, party: Party, served_on: dt.date, title: str, number: str, obligation: str):
        return actions.start_coercion(actor=officer, unit=team, token=token, officers=pair, lead=pair[0],
                                      party=party, item_code=ITEM, decision_title=title, decision_number=number,
                                      decision_served_on=served_on, obligation=obligation)

    def urge(case, urged: dt.date, performance: str) -> None:
        with as_of(urged):
            made = actions.issue_urge(actor=officer, case=case, due_on=urged + dt.timedelta(days=3),
                                      performance=performance, **URGE)
            actions.record_service(actor=officer, case=case, document=made.document, method="direct",
                                   served_on=urged, recipient=case.party_links.first().party.name)
            actions.move(actor=officer, case=case, target="statement")

    def decide(case, decided: dt.date, measure: str, reason: str) -> None:
        decision: dict[str, Any] = {"measure": measure, "reason": reason, "execute_from": decided,
                                    "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"}
        with as_of(decided):
            actions.move(actor=officer, case=case, target="decide")
            if measure == "demolish":  # 强制拆除: the 目录清单's SH-06, reviewed before it is decided
                _site_photo(officer, case, pair)
                cases_review.agreed(case, summary=case.summary or case.title, proposed=f"强制拆除。{reason}",
                                    bases=["《中华人民共和国土地管理法》第八十三条",
                                           "《中华人民共和国行政强制法》第四十四条"], draft=decision)
            made = actions.decide_coercion(actor=head, case=case, **decision)  # as reviewed
            actions.record_service(actor=officer, case=case, document=made.document, method="direct",
                                   served_on=decided, recipient=case.party_links.first().party.name)
            actions.move(actor=officer, case=case, target="enforce")

    # tried on a statutory holiday without urgency: refused (第43条), the refusal kept on the case
    holiday = _latest_holiday(today)
    urged = holiday - dt.timedelta(days=12)
    with as_of(urged):
        refused = start("demo-coercion-holiday", person, urged - dt.timedelta(days=75), "责令改正违法行为决定书",
                        "鞍自然资责改字〔2026〕3号", "清除堆放在基本农田上的建筑垃圾，恢复种植条件")
    urge(refused, urged, "自行清除建筑垃圾并恢复耕作层")
    decide(refused, urged + dt.timedelta(days=4), "restore",
           "当事人经催告逾期仍不清除，依据《中华人民共和国土地管理法》第七十五条、《中华人民共和国行政强制法》第三十七条")
    # the point of this case: the system said no, and kept why
    with as_of(holiday + dt.timedelta(days=1)), suppress(RuleViolation):
        actions.enforce(actor=officer, case=refused, note="组织清运建筑垃圾",
                        at=dt.datetime.combine(holiday, dt.time(9, 30), tzinfo=calendar.SHANGHAI))

    # in progress: the 强制拆除 announced, the remedy periods of the decision still running (第44条)
    urged = today - dt.timedelta(days=10)
    with as_of(urged):
        demolition = start("demo-coercion-demolition", company, urged - dt.timedelta(days=40), "责令限期拆除决定书",
                           "鞍自然资拆决字〔2026〕5号",
                           "拆除在铁东区某村集体土地上新建的厂房约1200平方米，恢复土地原状")
    urge(demolition, urged, "自行拆除并恢复土地原状")
    with as_of(urged + dt.timedelta(days=2)):
        actions.record_defence(actor=officer, case=demolition, received_on=urged + dt.timedelta(days=1),
                               content="厂房系经村委会同意建设，请求缓期拆除",
                               review="村委会无权批准占用集体土地建设，理由不成立，不予采纳")
    decide(demolition, urged + dt.timedelta(days=4), "demolish",
           "当事人经催告逾期仍不拆除，依据《中华人民共和国土地管理法》第八十三条")
    with as_of(urged + dt.timedelta(days=5)):
        actions.announce_demolition(actor=officer, case=demolition, announced_on=urged + dt.timedelta(days=5),
                                    medium="张贴于违法建筑现场及某村村务公开栏",
                                    own_demolition_by=today + dt.timedelta(days=15), target="厂房约1200平方米")

    # suspended (第39条): the party's business stopped, nothing to enforce on for now
    urged = today - dt.timedelta(days=20)
    with as_of(urged):
        suspended = start("demo-coercion-suspended", person, urged - dt.timedelta(days=60), "责令改正违法行为决定书",
                          "鞍自然资责改字〔2026〕7号", "拆除在耕地上建设的养殖棚，恢复种植条件")
    urge(suspended, urged, "自行拆除养殖棚并恢复种植条件")
    decide(suspended, urged + dt.timedelta(days=8), "restore",
           "当事人经催告逾期仍不履行，依据《中华人民共和国土地管理法》第七十五条、《中华人民共和国行政强制法》第三十七条")
    stopped = next(d for d in (urged + dt.timedelta(days=n) for n in range(9, 19)) if calendar.is_working_day(d))
    with as_of(stopped):
        stop = actions.suspend_enforcement(actor=head, case=suspended, on=stopped, ground="hardship",
                                           reason="当事人因病住院，暂无能力组织拆除，已提交医院证明")
        actions.record_service(actor=officer, case=suspended, document=stop.document, method="direct",
                               served_on=stopped, recipient="王建军")

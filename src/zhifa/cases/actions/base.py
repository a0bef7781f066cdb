"""What every write function of a case shares: text checks, the read-only rule, the row lock, the ledger
entry, the qualified team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from zhifa.agencies.models import Agency, Domain, Officer
from zhifa.agencies.rules import Act, check_enforcement_team
from zhifa.cases.models import (
    Case,
    CaseState,
    ComplaintState,
)
from zhifa.catalog.evaluate import item_in_force
from zhifa.core.errors import RuleViolation
from zhifa.ledger import chain as ledger

if TYPE_CHECKING:
    from django.contrib.auth.models import User



# A read-only case: once closed only archiving moves it; once archived nothing does (REC-09).
ARCHIVED_RULE = "REC-09 案卷归档"
# A step out of the order of the case's process definition (the published 执法流程图).
PROCESS_RULE = "执法流程"
OPEN_COMPLAINT = (ComplaintState.RECEIVED, ComplaintState.ASSIGNED)
# 公告送达: deemed served this many days after publication.
PUBLIC_NOTICE_DAYS = 30
# The 90-day decision deadline turns yellow this many days before its last day.
DECISION_WARN_DAYS = 10
# Called inside the transaction of a decision (行政处罚决定书, 准予行政许可决定书, the 行政许可证件 issued on it, a
# licence's 撤回 or 撤销 决定书: the document; 行政检查: its result) with (actor, case, source); apps above cases
# register here (publicity drafts its publication, PUB-04, or fills in the licence's number or its end).
DECIDED_HOOKS: list[Callable[[User, Case, Any], object]] = []


def decided(actor: User, case: Case, source: Any) -> None:
    """Tell the apps above cases of a decision (``DECIDED_HOOKS``), in the caller's transaction."""
    for hook in DECIDED_HOOKS:
        hook(actor, case, source)

# Called inside the transaction that records a 行政复议 or 行政诉讼 result revoking or changing the decision, with
# (actor, case, remedy): publicity withdraws what it published of the decision (行政处罚法 第48条, PUB-06).
REVOKED_HOOKS: list[Callable[[User, Case, Any], object]] = []


def clean_text(field: str, label: str, value: str | None, *, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise RuleViolation(f"{label}不能为空", field=field)
    if len(value) > max_length:
        raise RuleViolation(f"{label}不能超过{max_length}个字", field=field)
    return value


def ensure_writable(case: Case, *, closing: bool = False) -> None:
    if case.state == CaseState.ARCHIVED:
        raise RuleViolation("案件已归档，案卷不得再作任何改动", rule=ARCHIVED_RULE)
    if case.state == CaseState.CLOSED and not closing:
        raise RuleViolation("案件已结案，只能归档", rule=ARCHIVED_RULE)


def lock(case: Case) -> Case:
    """The case row locked for this transaction, re-read, so two acts on one case queue."""
    return (Case.objects.select_for_update(of=("self",)).select_related("agency", "unit", "place", "domain")
            .get(pk=case.pk))


def record(actor: User, case: Case, kind: str, *, digests: Iterable[str] = (), **payload: Any) -> None:
    """The case's ledger entry; ``digests``: the SM3 of the blobs the act made or relies on (the 案卷 PDF)."""
    ledger.append(actor=actor, agency=case.agency, kind=kind, subject=case,
                  payload={"case": case.pk, "stage": case.stage, "state": case.state, **payload}, evidence=digests)


def qualified_team(officers: Iterable[Officer], agency: Agency, act: Act) -> list[Officer]:
    """Officers of the agency each qualified for the act (持证上岗); how many the act needs is a guard."""
    officers = list({o.pk: o for o in officers}.values())
    outside = [o.person.name for o in officers if not o.unit.is_within(agency)]
    if outside:
        raise RuleViolation("承办人员须为本执法主体的执法人员：" + "、".join(outside), field="officers")
    check_enforcement_team(officers, act, min_size=1)
    return officers


def lead_user(case: Case) -> User | None:
    lead = next((a.officer for a in case.assignments.select_related("officer__person__user") if a.lead), None)
    return lead.person.user if lead is not None else None


def ensure_stage(case: Case, stage: str, what: str) -> None:
    if case.stage != stage:
        where = case.definition.stage(stage).label
        raise RuleViolation(f"{what}须在“{where}”环节进行，案件现在“{case.stage_label}”环节", rule=PROCESS_RULE)


def case_type():  # -> ContentType
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Case)


def started_by(model: Any, token: str, unit: Agency) -> Case | None:
    """The case a start form with ``token`` already started (``model``: the kind's own row, with its ``token``
    and ``case``), so the same form sent twice acts once; a token of another unit's form is refused."""
    existing = model.objects.filter(token=token).select_related("case").first()
    if existing is None:
        return None
    if existing.case.unit_id != unit.pk:
        raise RuleViolation("表单标识已被使用，请刷新页面重新填写", field="token")
    return existing.case


def item_with_domain(agency: Agency, item_code: str, on: dt.date, *, kind: str | None = None, not_kind: str = "",
                     rule: str = "GEN-02") -> tuple[dict[str, Any], Domain]:
    """The item ``item_code`` of the agency's 行政执法事项清单 in force on ``on`` and its 执法领域 (which the officers'
    credentials are checked against); an item not in the list, of another ``kind`` of action than asked (refused
    as “<name>” + ``not_kind`` under ``rule``), or without a domain, is refused."""
    item = item_in_force(agency, item_code, on)
    if item is None:
        raise RuleViolation(f"本机关现行行政执法事项清单中没有编码为“{item_code}”的事项", field="item_code",
                            rule="GEN-05")
    if kind is not None and item["action_kind"] != kind:
        raise RuleViolation(f"“{item['name']}”{not_kind}", field="item_code", rule=rule)
    domain = Domain.objects.filter(code=item["domain"]).first() if item.get("domain") else None
    if domain is None:
        raise RuleViolation(f"执法事项“{item['name']}”未写明执法领域，无法核对执法证的执法类别", field="item_code",
                            rule="GEN-03")
    return item, domain

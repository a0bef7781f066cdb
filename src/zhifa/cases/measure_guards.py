"""The checks behind the guards of the 行政强制措施 process (``catalog.processes.COERCIVE_MEASURE``), one per guard,
each reading the measure's own row (approval, report, the 现场笔录 and its signatures, the documents handed over,
the release) and saying in words what is still missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from zhifa.cases import guards
from zhifa.cases.guards import Result
from zhifa.cases.models import Case, CaseState, DisposalKind, Measure, MeasureKind
from zhifa.catalog import processes as p


def measure_record(case: Case) -> Measure | None:
    """The case's measure; None for a case of another kind."""
    try:
        return case.measure
    except Measure.DoesNotExist:
        return None


@guards.check(p.MEASURE_APPROVED_OR_EMERGENCY)  # 行政强制法 第18条第一项、第19条
def measure_approved_or_emergency(case: Case, on: dt.date) -> Result:
    measure = measure_record(case)
    if measure is None:
        return Result.lacking("尚未登记拟采取的行政强制措施")
    if measure.emergency and measure.emergency_reason:
        return Result.passed()
    if measure.approved:
        return Result.passed()
    if measure.approved is False:
        return Result.lacking("行政机关负责人不予批准实施")
    return Result.lacking("实施前须向行政机关负责人报告并经批准（尚未批准）")


# 行政强制法 第18条第二项: the rule of 行政处罚法 第42条 — two officers, each with a valid credential for the act
guards.check(p.MEASURE_TWO_OFFICERS)(guards.two_valid_officers)


@guards.check(p.MEASURE_NOT_APPROVED)  # 行政强制法 第18条第一项
def measure_not_approved(case: Case, on: dt.date) -> Result:
    measure = measure_record(case)
    if measure is not None and measure.approved is False:
        return Result.passed()
    return Result.lacking("行政机关负责人尚未作出不予批准的决定")


@guards.check(p.MEASURE_ONSITE_RECORD)  # 行政强制法 第18条
def measure_onsite_record(case: Case, on: dt.date) -> Result:
    measure = measure_record(case)
    if measure is None or measure.record is None or measure.record.voided_at is not None:
        return Result.lacking("尚未制作现场笔录（出示证件、当场告知、听取陈述申辩、签名）")
    if not measure.credentials:
        return Result.lacking("现场笔录未记载出示的执法证件")
    if measure.party_present and not (measure.statement or measure.statement_waived):
        return Result.lacking("尚未听取当事人的陈述和申辩")
    if not measure.party_signed and not (measure.refusal_reason and measure.witness):
        return Result.lacking("当事人未签名，且未注明拒绝或不到场的情况及见证人")
    return Result.passed()


@guards.check(p.SEIZURE_DELIVERED)  # 行政强制法 第24条
def seizure_decision_delivered(case: Case, on: dt.date) -> Result:
    measure = measure_record(case)
    if measure is not None and measure.kind == MeasureKind.FREEZE:  # 行政强制法 第30条、第31条
        if measure.decision is None or measure.bank_notice is None:
            return Result.lacking("尚未向金融机构交付冻结通知书")
        handed = (measure.decision, measure.bank_notice)
    elif measure is None or measure.decision is None or measure.inventory is None:
        return Result.lacking("尚未制作查封（扣押）决定书和清单")
    else:
        handed = (measure.decision, measure.inventory)
    served = {s.document_id for s in case.services.all()}
    missing = [f"《{d.title}》（{d.number or '附决定书'}）" for d in handed if d.pk not in served]
    return Result.lacking("尚未交付当事人：" + "、".join(missing)) if missing else Result.passed()


@guards.check(p.EMERGENCY_APPROVED)  # 行政强制法 第19条
def emergency_reported_approved(case: Case, on: dt.date) -> Result:
    measure = measure_record(case)
    if measure is None or not measure.emergency:
        return Result.passed()
    if measure.reported_at is None:
        return Result.lacking("当场实施的行政强制措施尚未向行政机关负责人报告")
    if measure.approved is None:
        return Result.lacking(f"已于{timezone.localtime(measure.reported_at):%Y-%m-%d %H:%M}报告，"
                              "尚待行政机关负责人补办批准手续")
    if measure.approved is False and measure.release_id is None:
        return Result.lacking("负责人不予批准，应当立即解除")
    return Result.passed()


@guards.check(p.MEASURE_RELEASED)  # 行政强制法 第27条、第28条
def measure_released(case: Case, on: dt.date) -> Result:
    measure = measure_record(case)
    if measure is not None and measure.release is not None and measure.release.voided_at is None:
        return Result.passed()
    if measure is not None and measure.disposal in (DisposalKind.CONFISCATE, DisposalKind.DESTROY):
        return Result.passed()  # 第27条: the 处理决定 — confiscated or destroyed
    return Result.lacking("尚未作出解除决定，也未依法没收或者销毁")


# 审核制度 第三条 (REV-02): a 查封、扣押 is what the review catalogue names as “查封、扣押” (a 冻结 it does not
# name; the agency setting that reviews every decision outside the simple procedure reaches it too).
def measure_proposed(case: Case, decision: Mapping[str, Any]):  # -> ProposedDecision
    from zhifa.catalog.models import Measure as Catalogued

    measure = measure_record(case)
    sealed = measure is not None and measure.kind in (MeasureKind.SEAL, MeasureKind.SEIZE)
    return guards.proposed_of(case, measures=frozenset({Catalogued.SEAL_SEIZE} if sealed else ()))


guards.PROPOSED[p.COERCIVE_MEASURE.code] = measure_proposed


def awaiting_approval(case: Case) -> bool:
    """Whether the head's approval of the measure is still to come — before it is carried out (第18条第一项), or
    the 补办批准 of one taken on the spot (第19条): the time its legal review is submitted."""
    measure = measure_record(case)
    if measure is None or measure.approved is not None or case.state != CaseState.ACTIVE:
        return False
    return measure.emergency or case.stage == "approve"

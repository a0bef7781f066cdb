"""The checks of the 行政强制执行 process's guards (``catalog.processes.COERCIVE_ENFORCEMENT``), each named
after its article; registered by importing this module from ``cases.guards``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from zhifa.cases.guards import PROPOSED, Result, check, proposed_of
from zhifa.cases.models import Case, CoercionDecision, CoercionMeasure
from zhifa.catalog import processes as p


@check(p.URGE_SERVED)  # 行政强制法 第35条
def urge_served(case: Case, on: dt.date) -> Result:
    from zhifa.cases.actions.enforcement import urge_served as served

    urge, service = served(case)
    if urge is None:
        return Result.lacking("尚未制作催告书")
    return Result.passed() if service is not None else Result.lacking(f"催告书（{urge.document.number}）尚未送达")


@check(p.URGE_LAPSED)  # 行政强制法 第37条
def urge_lapsed(case: Case, on: dt.date) -> Result:
    from zhifa.cases.actions.coercion import completed, urge_lapse_day

    last = urge_lapse_day(case)
    if last is None:
        return Result.lacking("催告书尚未送达")
    if on <= last:
        return Result.lacking(f"催告书载明的履行期限至{last:%Y-%m-%d}，期限届满后当事人仍不履行的，方可强制执行")
    if completed(case):
        return Result.lacking("当事人已履行")
    return Result.passed()


@check(p.DEFENCE_REVIEWED)  # 行政强制法 第36条
def defence_reviewed(case: Case, on: dt.date) -> Result:
    from zhifa.cases.actions.coercion import urge_lapse_day

    if case.coercion_statements.exists():
        return Result.passed()
    last = urge_lapse_day(case)
    if last is not None and on > last:
        return Result.passed()  # nothing said within the 催告's time limit: the right was not used
    return Result.lacking("当事人的陈述、申辩尚未记录复核（催告期限届满前未提出的，期满后视为未提出）")


@check(p.ENFORCEMENT_DECISION_SERVED)  # 行政强制法 第37、38条
def enforcement_decision_served(case: Case, on: dt.date) -> Result:
    from zhifa.cases.actions.coercion import decision_served

    decision, service = decision_served(case)
    if decision is None:
        return Result.lacking("尚未作出强制执行决定")
    if service is None:
        return Result.lacking(f"强制执行决定书（{decision.document.number}）尚未送达")
    return Result.passed()


@check(p.ENFORCED)  # 行政强制法 第42条
def enforced(case: Case, on: dt.date) -> Result:
    from zhifa.cases.actions.coercion import completed

    return Result.passed() if completed(case) else Result.lacking("强制执行尚未实施完毕，执行协议也未履行完毕")


@check(p.COURT_RULED)  # 行政强制法 第57、58条
def court_ruled(case: Case, on: dt.date) -> Result:
    application = getattr(case, "court_application", None)
    if application is None:
        return Result.lacking("尚未申请人民法院强制执行")
    return Result.passed() if application.ruling else Result.lacking("人民法院尚未作出裁定")


@check(p.SUSPENDED)  # 行政强制法 第39条
def enforcement_suspended(case: Case, on: dt.date) -> Result:
    from zhifa.cases.actions.coercion import live_suspension

    return Result.passed() if live_suspension(case) is not None else Result.lacking("尚未作出中止执行决定")


@check(p.RESUMED)  # 行政强制法 第39条
def enforcement_resumed(case: Case, on: dt.date) -> Result:
    latest = case.enforcement_suspensions.order_by("-suspended_on", "-pk").first()
    if latest is None:
        return Result.lacking("本案未中止执行")
    if latest.resumed_on is None:
        return Result.lacking(f"{latest.suspended_on:%Y-%m-%d}起中止执行（{latest.get_ground_display()}），"
                              "中止的情形消失后方可恢复执行")
    return Result.passed()


@check(p.TERMINATED)  # 行政强制法 第40条
def enforcement_terminated(case: Case, on: dt.date) -> Result:
    ended = getattr(case, "enforcement_termination", None)
    return Result.passed() if ended is not None else Result.lacking("尚未作出终结执行决定")


# 审核制度 第三条 (REV-02): a 强制拆除 is what the review catalogue names (SH-06); the way is the decision's: the one
# being drafted or decided (``decision``'s measure, so a draft check before the number reads it), else the one made.
def coercion_proposed(case: Case, decision: Mapping[str, Any]):  # -> ProposedDecision
    from zhifa.catalog.models import Measure

    measure = decision.get("measure")
    if not measure:
        made = CoercionDecision.objects.filter(case=case).first()
        measure = made.measure if made is not None else ""
    demolish = measure == CoercionMeasure.DEMOLISH
    return proposed_of(case, measures=frozenset({Measure.FORCED_DEMOLITION} if demolish else ()))


PROPOSED[p.COERCIVE_ENFORCEMENT.code] = coercion_proposed

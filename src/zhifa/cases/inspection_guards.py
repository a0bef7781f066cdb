"""The checks behind the guards of the 行政检查 process (``catalog.processes.INSPECTION``)."""

from __future__ import annotations

import datetime as dt

from zhifa.cases import guards
from zhifa.cases.guards import Result
from zhifa.cases.models import Case, Inspection, InspectionOutcome
from zhifa.catalog import processes as p


def _inspection(case: Case) -> Inspection | None:
    try:
        return case.inspection
    except Inspection.DoesNotExist:
        return None


@guards.check(p.INSPECTION_RECORDED)  # REC-03: 现场检查笔录
def inspection_recorded(case: Case, on: dt.date) -> Result:
    inspection = _inspection(case)
    if inspection is None or inspection.record_id is None:
        return Result.lacking("尚未制作现场检查笔录（检查事项、检查发现）")
    return Result.passed()


@guards.check(p.INSPECTION_RESULT)  # PUB-04: the conclusion that is published
def inspection_result(case: Case, on: dt.date) -> Result:
    inspection = _inspection(case)
    if inspection is not None and inspection.outcome in (InspectionOutcome.COMPLIANT, InspectionOutcome.CASE):
        return Result.passed()
    return Result.lacking("尚未作出检查结论（合格，或立案查处）")


@guards.check(p.RECTIFICATION_ORDERED)  # 行政处罚法 第28条
def rectification_ordered(case: Case, on: dt.date) -> Result:
    inspection = _inspection(case)
    if inspection is None or inspection.rectification_id is None:
        return Result.lacking("尚未制作责令改正通知书")
    return Result.passed()


@guards.check(p.RECTIFICATION_RECHECKED)  # 行政处罚法 第28条: re-checked on its day
def rectification_rechecked(case: Case, on: dt.date) -> Result:
    inspection = _inspection(case)
    order = inspection.rectification if inspection is not None else None
    if order is None:
        return Result.lacking("尚未制作责令改正通知书")
    if order.checked_on is None:
        return Result.lacking(f"整改期限{order.due_on:%Y-%m-%d}，尚未复查")
    return Result.passed()

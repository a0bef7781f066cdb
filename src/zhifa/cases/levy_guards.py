"""The checks of the 征收征用 and 收费 guards (catalog.processes): each reads the case's ``Levy`` row and the
service of its decision, never a flag."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from zhifa.cases import guards
from zhifa.cases.guards import Result
from zhifa.cases.levy_rules import LevyKind
from zhifa.cases.models import Case, Levy
from zhifa.catalog import processes as p


def _levy(case: Case) -> Levy | None:
    try:
        return case.levy
    except Levy.DoesNotExist:
        return None


@guards.check(p.LEVY_ASSESSED)  # 事项清单所列依据和标准
def levy_assessed(case: Case, on: dt.date) -> Result:
    levy = _levy(case)
    if levy is None or not levy.basis:
        return Result.lacking("未载明法律依据")
    if levy.amount is None:
        return Result.lacking("尚未核定数额（计征基数、标准和计算结果）")
    return Result.passed()


@guards.check(p.LEVY_DECIDED)  # 书面决定，负责人签发
def levy_decided(case: Case, on: dt.date) -> Result:
    levy = _levy(case)
    if levy is None or levy.decision is None or levy.decision.voided_at is not None:
        return Result.lacking("尚未由行政机关负责人作出决定并制作文书")
    return Result.passed()


@guards.check(p.LEVY_SERVED)  # REC-07 送达记录
def levy_served(case: Case, on: dt.date) -> Result:
    levy = _levy(case)
    if levy is None or levy.decision is None:
        return Result.lacking("尚未制作决定书（收费通知书）")
    if not case.services.filter(document_id=levy.decision_id).exists():
        return Result.lacking(f"《{levy.decision.title}》（{levy.decision.number}）尚未送达")
    return Result.passed()


@guards.check(p.LEVY_SETTLED)  # 缴款（支付）凭证
def levy_settled(case: Case, on: dt.date) -> Result:
    levy = _levy(case)
    if levy is None or levy.settled_on is None or levy.receipt_id is None:
        return Result.lacking("尚未登记足额缴纳（支付）及其凭证")
    if levy.kind == LevyKind.REQUISITION and levy.returned_on is None:  # 突发事件应对法 第十二条
        return Result.lacking("尚未登记被征用财产的返还（或毁损、灭失）情况")
    return Result.passed()


# 审核制度 第三条 (REV-02): a 征收、征用 or 收费 decision is read by its kind, domain and item (the agency setting and
# the criteria naming the kind).
def _levy_proposed(case: Case, decision: Mapping[str, Any]):  # -> ProposedDecision
    return guards.proposed_of(case)


guards.PROPOSED.update({p.EXPROPRIATION.code: _levy_proposed, p.CHARGE.code: _levy_proposed})

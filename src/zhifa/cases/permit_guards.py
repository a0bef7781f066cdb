"""The checks of the 行政许可 guards (``catalog.processes.LICENSING``), each named after its article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from zhifa.agencies.models import ActionKind
from zhifa.agencies.rules import Act, check_enforcement_team
from zhifa.cases.guards import PROPOSED, Result, av_missing, check, proposed_of
from zhifa.cases.models import (
    Application,
    ApplicationState,
    Case,
    LicenceEnd,
    LicenceEndKind,
    LicencePause,
    PauseKind,
)
from zhifa.cases.permit_rules import DECISION_RULE, deemed_accepted
from zhifa.catalog import processes as p
from zhifa.catalog.models import AVStage
from zhifa.core.errors import RuleViolation
from zhifa.obligations.models import Obligation, ObligationState


def application_of(case: Case) -> Application | None:
    try:
        return case.application
    except Application.DoesNotExist:
        return None


def verification_act(case: Case, on: dt.date) -> Act:
    """实地核查 is an inspection of the applicant's site: the staff's credentials must cover 行政检查 in the item's
    domain and the place (第34条 asks two of them)."""
    assert case.domain is not None  # register_application refuses an item without a domain
    return Act(kind=ActionKind.INSPECTION, domain=case.domain, place=case.place, on=on)


def _hearings(case: Case) -> list[LicencePause]:
    return [x for x in case.licence_pauses.all() if x.kind == PauseKind.HEARING]


@check(p.APPLICATION_ACCEPTED)  # 行政许可法 第32条
def application_accepted(case: Case, on: dt.date) -> Result:
    app = application_of(case)
    if app is None:
        return Result.lacking("尚未登记申请")
    if app.state == ApplicationState.ACCEPTED:
        return Result.passed()
    if app.state == ApplicationState.RECEIVED and deemed_accepted(app.received_on, on):
        return Result.lacking(f"逾期未一次告知补正，依法自收到申请材料之日（{app.received_on:%Y-%m-%d}）起即为受理；"
                              "请出具受理通知书")
    return Result.lacking("尚未出具受理通知书" + ("；尚缺材料：" + "、".join(app.missing) if app.missing else ""))


@check(p.APPLICATION_REFUSED)  # 行政许可法 第32条
def application_refused(case: Case, on: dt.date) -> Result:
    app = application_of(case)
    if app is None or app.refusal_id is None:
        return Result.lacking("尚未出具不予受理通知书")
    return Result.passed()


@check(p.VERIFIED_IF_ONSITE)  # 行政许可法 第34条第三款
def verified_if_onsite(case: Case, on: dt.date) -> Result:
    verifications = list(case.verifications.all())
    if not verifications:
        return Result.passed()  # 书面审查: no verification was needed
    for v in verifications:
        try:
            check_enforcement_team(list(v.officers.all()), verification_act(case, v.verified_on))
        except RuleViolation as e:
            return Result.lacking(f"{v.verified_on:%Y-%m-%d}的实地核查：{e.message}")
    missing = av_missing(case, on)
    if missing:
        return Result.lacking("实地核查缺少音像记录，或书面说明不宜音像记录的原因："
                              + "、".join(AVStage(s).label for s in missing))
    return Result.passed()


@check(p.LICENCE_HEARING_ASKED)  # 行政许可法 第46、47条
def licence_hearing_asked(case: Case, on: dt.date) -> Result:
    pending = [h for h in _hearings(case) if h.ended_on is None]
    return Result.passed() if pending else Result.lacking("尚未登记听证申请（或依职权听证的决定）")


@check(p.LICENCE_HEARING_HELD)  # 行政许可法 第48条
def licence_hearing_held(case: Case, on: dt.date) -> Result:
    hearings = _hearings(case)
    if hearings and hearings[-1].ended_on is not None:
        return Result.passed()
    return Result.lacking("听证尚未举行，尚无听证笔录")


@check(p.NO_HEARING_PENDING)  # 行政许可法 第47条
def no_licence_hearing_pending(case: Case, on: dt.date) -> Result:
    pending = [x for x in case.licence_pauses.all() if x.ended_on is None]
    if pending:
        return Result.lacking(f"{pending[0].get_kind_display()}尚未结束（{pending[0].started_on:%Y-%m-%d}"
                               "起，不计入审查期限）")
    return Result.passed()


@check(p.LICENCE_DECIDED)  # 行政许可法 第38条
def licence_decided(case: Case, on: dt.date) -> Result:
    app = application_of(case)
    if app is None or app.decision_id is None:
        return Result.lacking("尚未作出准予或不予行政许可的书面决定")
    return Result.passed()


@check(p.DECIDED_IN_TIME)  # 行政许可法 第42条
def licence_decided_in_time(case: Case, on: dt.date) -> Result:
    from zhifa.cases.actions.base import case_type

    app = application_of(case)
    if app is None or app.decided_on is None:
        return Result.lacking("尚未作出决定")
    met = (Obligation.objects.filter(subject_type=case_type(), subject_id=case.pk, rule=DECISION_RULE,
                                     state=ObligationState.MET).order_by("-met_at").first())
    if met is None or app.decided_on <= timezone.localdate(met.due_at):
        return Result.passed()
    if app.late_reason:
        return Result.passed()  # late, and why is written in the record
    return Result.lacking(f"决定晚于期限（{timezone.localdate(met.due_at):%Y-%m-%d}）作出，且未写明逾期原因")


@check(p.LICENCE_DELIVERED)  # 行政许可法 第44条
def licence_delivered(case: Case, on: dt.date) -> Result:
    app = application_of(case)
    if app is None or app.decision is None:
        return Result.lacking("尚未作出决定")
    served = {s.document_id for s in case.services.all()}
    if app.granted:
        if not hasattr(case, "licence") and not (app.licence is not None
                                                  and app.licence.document.subject_id == case.pk):
            return Result.lacking("行政许可证件尚未颁发")
        return Result.passed() if app.decision_id in served else Result.lacking("准予行政许可决定书尚未送达")
    return Result.passed() if app.decision_id in served else Result.lacking(
        f"《不予行政许可决定书》（{app.decision.number}）尚未送达")



# ---------------------------------------------------------------- 撤回、撤销 (第7、8、69条)


def _end(case: Case) -> LicenceEnd | None:
    try:
        return case.licence_end
    except LicenceEnd.DoesNotExist:
        return None


@check(p.LICENCE_END_TOLD)  # 行政许可法 第7条
def licence_end_told(case: Case, on: dt.date) -> Result:
    end = _end(case)
    return Result.passed() if end is not None and end.notice_id else Result.lacking("尚未制作并送达告知书")


@check(p.LICENCE_END_HEARD)  # 行政许可法 第7条
def licence_end_heard(case: Case, on: dt.date) -> Result:
    end = _end(case)
    if end is None or end.reply_by is None:
        return Result.lacking("尚未告知陈述申辩权利")
    if end.heard_on is not None or on > end.reply_by:
        return Result.passed()
    return Result.lacking(f"陈述申辩期限至{end.reply_by:%Y-%m-%d}，尚未听取被许可人的陈述申辩")


@check(p.LICENCE_END_DECIDED)  # 行政许可法 第8、69条
def licence_end_decided(case: Case, on: dt.date) -> Result:
    end = _end(case)
    return Result.passed() if end is not None and end.decision_id else Result.lacking("尚未作出决定")


@check(p.LICENCE_END_SERVED)  # 行政许可法 第8、69条
def licence_end_served(case: Case, on: dt.date) -> Result:
    end = _end(case)
    if end is None or end.decision is None:
        return Result.lacking("尚未作出决定")
    if any(s.document_id == end.decision_id for s in case.services.all()):
        return Result.passed()
    return Result.lacking(f"《{end.decision.title}》（{end.decision.number}）尚未送达")


# 审核制度 第三条 (REV-02): what the review catalogue reads in a licence decision — a hearing held (SH-03's 经过听证
# 程序) — and in a 撤销 (撤销行政许可).
def licence_proposed(case: Case, decision: Mapping[str, Any]):  # -> ProposedDecision
    return proposed_of(case, after_hearing=any(h.ended_on is not None for h in _hearings(case)))


def licence_end_proposed(case: Case, decision: Mapping[str, Any]):  # -> ProposedDecision
    from zhifa.catalog.models import Measure

    end = _end(case)
    revoke = end is not None and end.kind == LicenceEndKind.REVOKE
    return proposed_of(case, measures=frozenset({Measure.REVOKE_PERMIT} if revoke else ()))


PROPOSED.update({p.LICENSING.code: licence_proposed, p.LICENCE_END.code: licence_end_proposed})

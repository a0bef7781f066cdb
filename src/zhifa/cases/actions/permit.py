"""行政许可 (行政许可法 第29–50条): the application registered at the 受理 desk with its materials checked against
the 服务指南's list; accepted, refused with reason, or answered with one notice of every missing material within
5 working days — after that it counts as accepted on the day it was received (第32条); 审查 with on-site
verification by two staff (第34条); the decision within 20 working days of acceptance, +10 with the head's
approval and the reason told (第42条), the time of hearings, testing and expert review not counted (第45条);
hearings told, noticed seven days before and, on public-interest matters, announced (第46–48条); the 准予 / 不予
decision (第38条); the licence issued within 10 working days (第44条); and changes and renewals (第49、50条) as
applications of their own linked to the licence, whose decision changes it.

These functions are the only way in: the 受理 desk calls them, and so will the API of a later issue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Agency, Officer, name_of
from zhifa.agencies.permissions import require
from zhifa.agencies.rules import check_enforcement_team
from zhifa.cases import drafts, guards
from zhifa.cases import permit_rules as rules
from zhifa.cases.models import (
    Application,
    ApplicationCorrection,
    ApplicationPurpose,
    ApplicationState,
    Case,
    CaseOfficer,
    CaseParty,
    CaseSettings,
    CaseSource,
    Licence,
    LicencePause,
    LicenceState,
    LicenceVerification,
    PauseKind,
    Service,
    ServiceMethod,
)
from zhifa.cases.permit_guards import application_of, verification_act
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.digest import sm3
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import ACTIVE_STATES, Obligation, ObligationState, PeriodUnit
from zhifa.parties import actions as parties
from zhifa.parties.models import Party
from zhifa.workdays.calendar import SHANGHAI

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions.base import (
    case_type,
    clean_text,
    decided,
    ensure_stage,
    ensure_writable,
    item_with_domain,
    lead_user,
    lock,
    record,
    started_by,
)
from zhifa.cases.actions.engine import advance

PROCESS = "licensing"
# 行政许可法 第29、31条: the applicant hands in the materials the 服务指南 lists, truthfully
APPLICATION_RULE = "行政许可法 第31条"
# 行政许可法 第38条: the decision in writing; a refusal with its reasons and the remedies
DECISION_WRITTEN_RULE = "行政许可法 第38条"
VERIFY_RULE = "行政许可法 第34条"



def _application(case: Case) -> Application:
    found = application_of(case)
    if found is None:
        raise RuleViolation("本案不是行政许可申请", field="case", rule=APPLICATION_RULE)
    return found


def _past_act(day: dt.date, *, field: str, label: str, not_before: dt.date | None = None,
              before_label: str = "", rule: str = APPLICATION_RULE) -> dt.date:
    if day > timezone.localdate():
        raise RuleViolation(f"{label}不能晚于今天", field=field, rule=rule)
    if not_before is not None and day < not_before:
        raise RuleViolation(f"{label}不能早于{before_label}（{cn_date(not_before)}）", field=field, rule=rule)
    return day


def _day_start(day: dt.date) -> dt.datetime:
    """The moment before ``day`` begins: a pause from it loses ``day`` itself (obligations count whole days)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI) - dt.timedelta(seconds=1)


def _day_end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=SHANGHAI)


def _values(case: Case, app: Application) -> dict[str, Any]:
    """The fields every 许可 document fills the same way."""
    applicant = _applicant(case)
    return {"agency_short": CaseSettings.of(case.agency).agency_short, "申请人": applicant.name,
            "证件号码": applicant.id_number, "许可事项": case.item_name, "收件日期": cn_date(app.received_on),
            "机关名称": case.agency.name, "日期": cn_date(timezone.localdate())}


def _applicant(case: Case) -> Party:
    return case.party_links.select_related("party").first().party  # type: ignore[union-attr]  # one, at register


def _hand_over(actor: User, case: Case, doc: IssuedDocument, recipient: str) -> None:
    """A desk document handed to the applicant across the counter (直接送达, signed for)."""
    Service.objects.create(case=case, document=doc, method=ServiceMethod.DIRECT, served_on=timezone.localdate(),
                           recipient=recipient, recorded_by=actor, recorded_at=timezone.now())


def _open_decision_deadline(case: Case, accepted_on: dt.date) -> None:
    due = rules.decision_due(accepted_on)
    obligations.ensure_obligation(
        agency=case.unit, subject=case, rule=due.rule, due_at=due.due_at,
        title=f"“{case.title}”应于{due.last_day:%Y-%m-%d}前作出行政许可决定",
        warn_from=due.due_at - dt.timedelta(days=5), unit=PeriodUnit(due.unit), assignee=lead_user(case),
        provisional=due.provisional, basis="自受理之日起二十个工作日内作出行政许可决定；听证、检验、"
                                           "鉴定、专家评审时间不计")


def _open_renewal_deadline(case: Case, licence: Licence) -> None:
    """第50条: the agency decides on a renewal before the licence expires; undecided by then, it counts as granted."""
    obligations.ensure_obligation(
        agency=case.unit, subject=case, rule=rules.RENEWAL_RULE, due_at=_day_end(licence.valid_to),
        title=f"“{case.title}”应于{licence.valid_to:%Y-%m-%d}（有效期届满）前作出是否准予延续的决定",
        warn_from=_day_end(licence.valid_to) - dt.timedelta(days=10), unit=PeriodUnit.DAY, assignee=lead_user(case),
        basis="在有效期届满前作出是否准予延续的决定；逾期未作决定的，视为准予延续")


def deemed_renewed(app: Application, on: dt.date) -> bool:
    """A renewal (第50条) the agency had not decided by the licence's expiry: it counts as granted."""
    return (app.purpose == ApplicationPurpose.RENEWAL and app.licence is not None
            and app.state != ApplicationState.REFUSED
            and rules.deemed_renewed(app.licence.valid_to, on, decided=app.decided_on is not None
                                     and app.decided_on <= app.licence.valid_to))


def decision_obligation(case: Case) -> Obligation | None:
    """The live decision deadline (第42条), moved by an extension and by every pause (第45条)."""
    return (Obligation.objects.filter(subject_type=case_type(), subject_id=case.pk, rule=rules.DECISION_RULE,
                                      state__in=ACTIVE_STATES).first())


# ---------------------------------------------------------------- the 受理 desk (第29–32条)


def register_application(*, actor: User, unit: Agency, token: str, item_code: str, request: str,
                         materials: Iterable[str] = (), other_materials: Iterable[str] = (),
                         applicant: Party | None = None, new_applicant: Mapping[str, Any] | None = None,
                         received_on: dt.date | None = None, licence: Licence | None = None,
                         purpose: str = ApplicationPurpose.NEW) -> Case:
    """An application received (第29条): the applicant (found by number, or typed and recorded in the same
    transaction), what is applied for, and the materials handed in — ticked from the 服务指南's list of the item,
    with any others typed. An application with no materials is refused; an item whose 服务指南 lists none is
    registered and says so. A renewal (第50条) names its licence and comes 30 days before it expires. The same form
    sent twice (``token``) returns the case it registered."""
    require(actor, "case.handle", unit)
    token = clean_text("token", "表单标识", token, max_length=40)
    existing = started_by(Application, token, unit)
    if existing is not None:
        return existing
    if purpose not in ApplicationPurpose.values:
        raise RuleViolation("请选择申请类型", field="purpose", rule=APPLICATION_RULE)
    request = clean_text("request", "申请事项", request, max_length=2000)
    today = timezone.localdate()
    received_on = _past_act(received_on or today, field="received_on", label="收到申请材料日期")
    agency = unit.enclosing_agency()
    if purpose != ApplicationPurpose.NEW:
        rule = rules.RENEWAL_RULE if purpose == ApplicationPurpose.RENEWAL else rules.CHANGE_RULE
        if licence is None:
            raise RuleViolation("延续或变更申请须写明所涉许可证件", field="licence", rule=rule)
        if licence.agency_id != agency.pk:
            raise RuleViolation("许可证件不是本机关颁发的，应向作出许可决定的机关申请", field="licence", rule=rule)
        if licence.state != LicenceState.VALID or received_on > licence.valid_to:
            state = licence.get_state_display() if licence.state != LicenceState.VALID else "有效期已届满"
            raise RuleViolation(f"许可证件{state}，不能申请{ApplicationPurpose(purpose).label[:2]}", field="licence",
                                rule=rule)
        if purpose == ApplicationPurpose.RENEWAL:
            rules.check_renewal_in_time(licence.valid_to, received_on, CaseSettings.of(agency).renewal_lead_days)
        item_code, applicant, new_applicant = licence.item_code, licence.holder, None
    elif licence is not None:
        raise RuleViolation("新申请不涉及已颁发的许可证件", field="licence", rule=APPLICATION_RULE)
    item, domain = item_with_domain(agency, item_code, today, kind=ActionKind.LICENSING, not_kind="不是行政许可事项",
                                    rule=APPLICATION_RULE)
    listed = rules.materials_of(item.get("materials", ""))
    given = list(dict.fromkeys(m.strip() for m in materials if m.strip()))
    unknown = [m for m in given if m not in listed]
    if unknown:
        raise RuleViolation("服务指南未列出这些材料：" + "、".join(unknown) + "；请在“其他材料”中填写",
                            field="materials", rule=APPLICATION_RULE)
    others = list(dict.fromkeys(clean_text("other_materials", "其他材料", m, max_length=200)
                                for m in other_materials if m.strip()))
    if not given and not others:
        raise RuleViolation("申请材料不能为空：请勾选申请人提交的材料，或填写其他材料", field="materials",
                            rule=APPLICATION_RULE)
    if applicant is None and not new_applicant:
        raise RuleViolation("请按证件号码查找申请人，或填写申请人信息", field="name", rule=APPLICATION_RULE)
    if applicant is not None and not applicant.agencies.filter(agency=agency).exists():
        raise RuleViolation("申请人须先登记在本机关（按证件号码查找或登记）", field="applicant")
    rows = ([{"name": m, "given": m in given, "listed": True} for m in listed]
            + [{"name": m, "given": True, "listed": False} for m in others if m not in listed])
    me = Officer.objects.filter(person__user=actor, active=True, unit__in=Agency.objects.within([agency])).first()
    now = timezone.now()
    try:
        with transaction.atomic():
            if applicant is None:
                applicant = parties.record_party(actor=actor, agency=agency, **dict(new_applicant or {})).party
            label = ApplicationPurpose(purpose).label
            title = f"{applicant.name}{'申请' if purpose == ApplicationPurpose.NEW else label}{item['name']}"[:200]
            case = Case.objects.create(
                agency=agency, unit=unit, process=PROCESS, stage="apply", stage_since=now, title=title, summary=request,
                source=CaseSource.APPLICATION,
                source_note=label + (f"（{licence.number}）" if licence else ""),
                action_kind=ActionKind.LICENSING, item_code=item_code, item_name=item["name"], domain=domain,
                place=agency.parent or agency, act_on=received_on, registered_at=now, registered_by=actor,
                opened_on=received_on)  # no 立案审批: an application is handled from its receipt
            if me is not None:
                CaseOfficer.objects.create(case=case, officer=me, lead=True, assigned_at=now)
            CaseParty.objects.create(case=case, party=applicant, added_by=actor, added_at=now)
            app = Application.objects.create(case=case, token=token, purpose=purpose, licence=licence,
                                             received_on=received_on, request=request, materials=rows,
                                             guide_listed=bool(listed))
            record(actor, case, "case.registered", title=title, source=CaseSource.APPLICATION, item=item_code,
                   process=PROCESS, parties=[applicant.pk], received_on=received_on, purpose=purpose,
                   licence=licence.pk if licence else None, materials=rows, guide_listed=bool(listed),
                   missing=app.missing)
            due = rules.notice_due(received_on)
            obligations.ensure_obligation(
                agency=unit, subject=case, rule=due.rule, due_at=due.due_at,
                title=f"“{title}”应于{due.last_day:%Y-%m-%d}前受理、不予受理或一次告知补正",
                warn_from=due.due_at - dt.timedelta(days=2), unit=PeriodUnit(due.unit), assignee=actor,
                provisional=due.provisional, basis="申请材料不齐全的，五日内一次告知需要补正的全部内容；逾期即为受理")
            if purpose == ApplicationPurpose.RENEWAL:
                assert licence is not None
                _open_renewal_deadline(case, licence)
    except IntegrityError:  # the same form sent twice at once: the other request registered it
        existing = started_by(Application, token, unit)
        if existing is None:
            raise
        return existing
    return case


def _at_desk(actor: User, case: Case, what: str) -> tuple[Case, Application]:
    case = lock(case)
    require(actor, "case.handle", case.unit)
    ensure_writable(case)
    ensure_stage(case, "apply", what)
    app = _application(case)
    if app.state not in (ApplicationState.RECEIVED, ApplicationState.NOTIFIED):
        raise RuleViolation(f"申请{app.get_state_display()}", field="case", rule=rules.NOTICE_RULE)
    return case, app


def correct_application(*, actor: User, case: Case, what: str, before: str, after: str) -> ApplicationCorrection:
    """An obvious error the applicant corrects on the spot (第32条第一款第三项), before the application is accepted."""
    what = clean_text("what", "更正的材料或事项", what, max_length=200)
    before = clean_text("before", "更正前", before, max_length=500)
    after = clean_text("after", "更正后", after, max_length=500)
    with transaction.atomic():
        case, app = _at_desk(actor, case, "当场更正申请材料")
        if before == after:
            raise RuleViolation("更正前后内容相同", field="after", rule=rules.NOTICE_RULE)
        correction = ApplicationCorrection.objects.create(application=app, what=what, before=before, after=after,
                                                          by=actor, at=timezone.now())
        record(actor, case, "case.application_corrected", what=what, before=before, after=after)
    return correction


def notify_missing(*, actor: User, case: Case, contact: str, others: Iterable[str] = ()) -> Application:
    """The one-time notice (补正材料通知书) of every missing material — all the listed ones not handed in, and
    ``others`` (a material in the wrong form) — within 5 working days of receipt, once (第32条). After that the
    application is already accepted as of its receipt, and the notice is refused saying so."""
    contact = clean_text("contact", "联系人及电话", contact, max_length=100)
    extra = [clean_text("others", "其他需要补正的内容", o, max_length=300) for o in others if o.strip()]
    with transaction.atomic():
        case, app = _at_desk(actor, case, "一次告知补正")
        if app.notice_id is not None:
            raise RuleViolation(f"已于{cn_date(app.notified_on)}一次告知补正（{app.notice.number}），不得再次告知",  # type: ignore[arg-type,union-attr]
                                field="missing", rule=rules.NOTICE_RULE)
        today = timezone.localdate()
        rules.check_notice_in_time(app.received_on, today)
        listed = [f"{m}（未提交）" for m in app.missing]
        if not listed and not extra:
            raise RuleViolation("申请材料已齐全，没有需要补正的内容；请受理", field="missing", rule=rules.NOTICE_RULE)
        doc = documents.issue(actor=actor, agency=case.agency, template="correction_notice", subject=case, on=today,
                              values={**_values(case, app), "补正内容": "；".join(listed + extra),
                                      "已收材料": "；".join(app.given) or "无", "联系人": contact})
        _hand_over(actor, case, doc, _applicant(case).name)
        app.notice, app.notified_on, app.state = doc, today, ApplicationState.NOTIFIED
        app.save(update_fields=["notice", "notified_on", "state"])
        obligations.meet(subject=case, rule=rules.NOTICE_RULE)
        record(actor, case, "case.correction_notified", document=doc.pk, number=doc.number, missing=listed + extra)
    return app


def supplement_materials(*, actor: User, case: Case, materials: Iterable[str]) -> Application:
    """Materials the applicant hands in after the one-time notice (第32条): ticked off the list."""
    with transaction.atomic():
        case, app = _at_desk(actor, case, "登记补正材料")
        if app.notice_id is None:
            raise RuleViolation("尚未一次告知补正", field="materials", rule=rules.NOTICE_RULE)
        names = {m.strip() for m in materials if m.strip()}
        unknown = names - {m["name"] for m in app.materials}
        if unknown:
            raise RuleViolation("不在申请材料清单中：" + "、".join(sorted(unknown)), field="materials",
                                rule=rules.NOTICE_RULE)
        added = [m["name"] for m in app.materials if m["name"] in names and not m["given"]]
        if not added:
            raise RuleViolation("请勾选申请人补正提交的材料", field="materials", rule=rules.NOTICE_RULE)
        app.materials = [{**m, "given": m["given"] or m["name"] in names} for m in app.materials]
        app.save(update_fields=["materials"])
        record(actor, case, "case.materials_supplemented", added=added, missing=app.missing)
    return app


def accept_application(*, actor: User, case: Case, contact: str) -> Application:
    """The 受理通知书 (第32条), numbered, handed over across the counter as the receipt: the materials complete,
    or — past the 5th working day with no notice — accepted as of the day of receipt whatever is missing (the
    notice says so). The decision's 20 working days run from acceptance (第42条)."""
    contact = clean_text("contact", "联系人及电话", contact, max_length=100)
    with transaction.atomic():
        case, app = _at_desk(actor, case, "受理申请")
        today = timezone.localdate()
        deemed = app.state == ApplicationState.RECEIVED and rules.deemed_accepted(app.received_on, today)
        if not deemed and app.missing:
            raise RuleViolation("申请材料不齐全，尚缺：" + "、".join(app.missing) + "；请一次告知补正",
                                field="contact", rule=rules.NOTICE_RULE)
        accepted_on = app.received_on if deemed else today
        due = rules.decision_due(accepted_on)
        doc = documents.issue(actor=actor, agency=case.agency, template="acceptance_notice", subject=case, on=today,
                              values={**_values(case, app), "受理日期": cn_date(accepted_on), "视为受理": deemed,
                                      "材料清单": "；".join(app.given), "决定期限": cn_date(due.last_day),
                                      "联系人": contact})
        _hand_over(actor, case, doc, _applicant(case).name)
        app.acceptance, app.accepted_on, app.deemed, app.state = doc, accepted_on, deemed, ApplicationState.ACCEPTED
        app.save(update_fields=["acceptance", "accepted_on", "deemed", "state"])
        case.number = doc.number
        case.save(update_fields=["number"])
        obligations.meet(subject=case, rule=rules.NOTICE_RULE)
        _open_decision_deadline(case, accepted_on)
        record(actor, case, "case.application_accepted", document=doc.pk, number=doc.number, accepted_on=accepted_on,
               deemed=deemed, decision_due=due.last_day)
        advance(actor, case, "review")
    return app


def refuse_application(*, actor: User, case: Case, reason: str, review_body: str, court: str) -> Application:
    """The 不予受理通知书 with its reason and the remedies (第32条): within the 5 working days, as the notice;
    the case is done (办结) once it is handed over."""
    reason = clean_text("reason", "不予受理理由", reason, max_length=2000)
    review_body = clean_text("review_body", "行政复议机关", review_body, max_length=200)
    court = clean_text("court", "有管辖权的人民法院", court, max_length=200)
    with transaction.atomic():
        case, app = _at_desk(actor, case, "不予受理")
        today = timezone.localdate()
        if app.state == ApplicationState.RECEIVED:
            try:
                rules.check_notice_in_time(app.received_on, today)
            except RuleViolation as late:
                raise RuleViolation(late.message, field="reason", rule=late.rule) from None
        doc = documents.issue(actor=actor, agency=case.agency, template="non_acceptance_notice", subject=case,
                              on=today, values={**_values(case, app), "不予受理理由": reason, "复议机关": review_body,
                                                "管辖法院": court})
        _hand_over(actor, case, doc, _applicant(case).name)
        app.refusal, app.refusal_reason, app.state = doc, reason, ApplicationState.REFUSED
        app.save(update_fields=["refusal", "refusal_reason", "state"])
        obligations.meet(subject=case, rule=rules.NOTICE_RULE)
        obligations.meet(subject=case, rule=rules.RENEWAL_RULE)
        record(actor, case, "case.application_refused", document=doc.pk, number=doc.number, reason=reason)
        advance(actor, case, "close")
    return app


# ---------------------------------------------------------------- 审查 (第34–36、42、45–48条)


def record_verification(*, actor: User, case: Case, officers: Iterable[Officer], verified_on: dt.date, spot: str,
                        findings: str) -> LicenceVerification:
    """On-site verification of the materials' substance, by two or more staff each qualified that day (第34条);
    its audio-video, or the reason for none, is the case's AV of this stage (the 音像记录事项清单)."""
    spot = clean_text("spot", "核查地点", spot, max_length=200)
    findings = clean_text("findings", "核查情况", findings, max_length=5000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "review", "实地核查")
        app = _application(case)
        _past_act(verified_on, field="verified_on", label="核查日期", not_before=app.accepted_on,
                  before_label="受理日期", rule=VERIFY_RULE)
        team = list({o.pk: o for o in officers}.values())
        try:
            check_enforcement_team(team, verification_act(case, verified_on))
        except RuleViolation as e:
            raise RuleViolation(e.message, rule=VERIFY_RULE, field="officers", details=e.details) from None
        verification = LicenceVerification.objects.create(case=case, verified_on=verified_on, spot=spot,
                                                          findings=findings, by=actor, at=timezone.now())
        verification.officers.set(team)
        record(actor, case, "case.licence_verified", verified_on=verified_on, spot=spot, findings=findings,
               officers=sorted(o.pk for o in team))
    return verification


def extend_licence_deadline(*, actor: User, case: Case, reason: str) -> Application:
    """The agency head extends the decision period by 10 working days (第42条), before it runs out, once; the
    reason is told to the applicant in a numbered 延长行政许可期限告知书, and the obligation moves."""
    reason = clean_text("reason", "延长理由", reason, max_length=2000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        if case.stage not in ("review", "hearing", "decide"):
            raise RuleViolation(f"受理后、作出决定前方可延长期限，案件现在“{case.stage_label}”环节", field="reason",
                                rule=rules.DECISION_RULE)
        app = _application(case)
        if app.extension_id is not None:
            raise RuleViolation(f"已经批准延长（{app.extension.number}），只能延长一次十个工作日",  # type: ignore[union-attr]
                                field="reason", rule=rules.DECISION_RULE)
        live = decision_obligation(case)
        today = timezone.localdate()
        if live is None:
            raise RuleViolation("本案没有正在计算的作出行政许可决定期限", field="reason", rule=rules.DECISION_RULE)
        last = timezone.localdate(live.due_at)
        if today > last and live.state != ObligationState.PAUSED:
            raise RuleViolation(f"二十个工作日的期限已于{cn_date(last)}届满，不能再批准延长", field="reason",
                                rule=rules.DECISION_RULE)
        # the pauses so far moved the 20th day; the extension adds 10 working days to wherever it now is
        moved = rules.period_end(rules.DECISION_RULE, last, rules.Period(rules.DECISION_EXTENSION))
        doc = documents.issue(actor=actor, agency=case.agency, template="licence_extension_notice", subject=case,
                              on=today, values={**_values(case, app), "受理日期": cn_date(app.accepted_on),  # type: ignore[arg-type]
                                                "延长理由": reason, "批准人": name_of(actor),
                                                "决定期限": cn_date(moved.last_day)})
        app.extension, app.extension_reason, app.extended_by_name = doc, reason, name_of(actor)
        app.save(update_fields=["extension", "extension_reason", "extended_by_name"])
        shift = moved.due_at - live.due_at
        live.due_at, live.warn_from = live.due_at + shift, live.warn_from + shift
        live.title = f"“{case.title}”应于{moved.last_day:%Y-%m-%d}前作出行政许可决定（经批准延长十个工作日）"
        live.provisional = live.provisional or moved.provisional
        if live.state == ObligationState.LATE and live.due_at >= timezone.now():
            live.state = ObligationState.OPEN
        live.save(update_fields=["due_at", "warn_from", "title", "provisional", "state"])
        record(actor, case, "case.licence_deadline_extended", document=doc.pk, number=doc.number, reason=reason,
               last_day=moved.last_day)
    return app


def _open_pause(case: Case) -> LicencePause | None:
    return case.licence_pauses.filter(ended_on__isnull=True).first()


# The 第45条 pauses are the handler's to record (the case's own permission, case.handle, checked by the caller):
# the decision deadline's clock stops and runs again with them, not by a deadline manager's hand.
def _stop_clock(actor: User, case: Case, started_on: dt.date) -> None:
    obligations.pause_on(actor=actor, subject=case, rule=rules.DECISION_RULE, at=_day_start(started_on))


def _restart_clock(actor: User, case: Case, ended_on: dt.date) -> None:
    obligations.resume_on(actor=actor, subject=case, rule=rules.DECISION_RULE, at=_day_end(ended_on))


def pause_licence_clock(*, actor: User, case: Case, kind: str, started_on: dt.date, note: str) -> LicencePause:
    """Testing, appraisal, expert review or a tender begins: its time is not counted (第45条), so the decision
    obligation's clock stops from ``started_on`` (the days from it to the end are added back in working days).
    A hearing has its own request (``request_licence_hearing``)."""
    note = clean_text("note", "说明", note, max_length=2000)
    if kind not in PauseKind.values or kind == PauseKind.HEARING:
        raise RuleViolation("请选择检验、检测、鉴定、专家评审或招标、拍卖", field="kind", rule=rules.PAUSE_RULE)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "review", "中止计算审查期限")
        app = _application(case)
        _past_act(started_on, field="started_on", label="开始日期", not_before=app.accepted_on,
                  before_label="受理日期", rule=rules.PAUSE_RULE)
        if _open_pause(case) is not None:
            raise RuleViolation("已有尚未结束的不计入期限事由，请先登记其结束", field="kind", rule=rules.PAUSE_RULE)
        pause = LicencePause.objects.create(case=case, kind=kind, started_on=started_on, note=note, by=actor,
                                            at=timezone.now())
        _stop_clock(actor, case, started_on)
        record(actor, case, "case.licence_paused", pause=pause.pk, pause_kind=kind, started_on=started_on, note=note)
    return pause


def resume_licence_clock(*, actor: User, case: Case, ended_on: dt.date, result: str) -> LicencePause:
    """The testing, appraisal or expert review ends with its result: the clock runs again from the next day, the
    deadline moved on by the working days it stood still (第45条)."""
    result = clean_text("result", "结论", result, max_length=5000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        pause = _open_pause(case)
        if pause is None or pause.kind == PauseKind.HEARING:
            raise RuleViolation("没有尚未结束的检验、检测、鉴定或专家评审", field="ended_on", rule=rules.PAUSE_RULE)
        _past_act(ended_on, field="ended_on", label="结束日期", not_before=pause.started_on, before_label="开始日期",
                  rule=rules.PAUSE_RULE)
        pause.ended_on, pause.result = ended_on, result
        pause.save(update_fields=["ended_on", "result"])
        _restart_clock(actor, case, ended_on)
        record(actor, case, "case.licence_resumed", pause=pause.pk, pause_kind=pause.kind, ended_on=ended_on,
               result=result)
    return pause


def request_licence_hearing(*, actor: User, case: Case, requested_on: dt.date, note: str,
                            public_interest: bool = False, requested_by: str = "",
                            told_on: dt.date | None = None) -> LicencePause:
    """A hearing: the agency's own on a matter of public interest (第46条), or asked for by the applicant or an
    interested party within 5 working days of being told of the right (第47条); held within 20 working days (an
    obligation), its time not counted in the decision period (第45条)."""
    note = clean_text("note", "听证事项", note, max_length=2000)
    requested_by = clean_text("requested_by", "听证申请人", requested_by, max_length=200, required=not public_interest)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "review", "听证")
        app = _application(case)
        _past_act(requested_on, field="requested_on", label="听证申请（决定）日期", not_before=app.accepted_on,
                  before_label="受理日期", rule=rules.HEARING_RULE)
        if not public_interest:
            told_on = app.hearing_told_on or told_on  # the 听证告知书's day, when the right was told by one
            if told_on is None:
                raise RuleViolation("请填写告知听证权利的日期", field="told_on", rule=rules.HEARING_RULE)
            rules.check_hearing_request(told_on, requested_on)
        if _open_pause(case) is not None:
            raise RuleViolation("已有尚未结束的不计入期限事由，请先登记其结束", field="requested_on",
                                rule=rules.PAUSE_RULE)
        pause = LicencePause.objects.create(case=case, kind=PauseKind.HEARING, started_on=requested_on, note=note,
                                            public_interest=public_interest, requested_by=requested_by,
                                            told_on=told_on, by=actor, at=timezone.now())
        _stop_clock(actor, case, requested_on)
        due = rules.hearing_due(requested_on)
        obligations.ensure_obligation(
            agency=case.unit, subject=case, rule=due.rule, due_at=due.due_at,
            title=f"“{case.title}”的听证应于{due.last_day:%Y-%m-%d}前举行", warn_from=due.due_at - dt.timedelta(days=5),
            unit=PeriodUnit(due.unit), assignee=lead_user(case), provisional=due.provisional,
            basis="申请人、利害关系人提出听证申请的，行政机关应当在二十日内组织听证")
        record(actor, case, "case.licence_hearing_requested", pause=pause.pk, requested_on=requested_on,
               public_interest=public_interest, requested_by=requested_by, told_on=told_on, note=note)
    return pause


def tell_licence_hearing_right(*, actor: User, case: Case, matter: str, contact: str) -> Application:
    """The 听证告知书 (第47条): a matter of major interest between the applicant and others — the applicant and the
    interested parties told, in a numbered notice handed over, of their right to ask for a hearing within 5 working
    days; a request then counts from this day."""
    matter = clean_text("matter", "听证事项", matter, max_length=500)
    contact = clean_text("contact", "联系人及电话", contact, max_length=100)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "review", "告知听证权利")
        app = _application(case)
        if app.hearing_right is not None:
            raise RuleViolation(f"已于{cn_date(app.hearing_told_on)}告知听证权利（{app.hearing_right.number}）",  # type: ignore[arg-type]
                                field="matter", rule=rules.HEARING_RULE)
        today = timezone.localdate()
        doc = documents.issue(actor=actor, agency=case.agency, template="licence_hearing_right", subject=case,
                              on=today, values={**_values(case, app), "听证事项": matter, "联系人": contact})
        _hand_over(actor, case, doc, _applicant(case).name)
        app.hearing_right, app.hearing_told_on = doc, today
        app.save(update_fields=["hearing_right", "hearing_told_on"])
        record(actor, case, "case.licence_hearing_right_told", document=doc.pk, number=doc.number, matter=matter)
    return app


def notify_licence_hearing(*, actor: User, case: Case, hearing_on: dt.date, hour: str, place: str,
                           contact: str) -> LicencePause:
    """The 听证通知书 (第48条): the time and place told seven working days before the hearing, within the 20 working
    days of the request (第47条); for a public-interest hearing (第46条) also the 听证公告, both numbered."""
    hour = clean_text("hour", "听证时间（时分）", hour, max_length=40)
    place = clean_text("place", "听证地点", place, max_length=200)
    contact = clean_text("contact", "联系人及电话", contact, max_length=100)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "hearing", "通知听证")
        app = _application(case)
        pause = _open_pause(case)
        if pause is None or pause.kind != PauseKind.HEARING:
            raise RuleViolation("没有尚未举行的听证", field="hearing_on", rule=rules.HEARING_RULE)
        if pause.notice_id is not None:
            raise RuleViolation(f"已通知听证（{pause.notice.number}）", field="hearing_on",  # type: ignore[union-attr]
                                rule=rules.HEARING_NOTICE_RULE)
        today = timezone.localdate()
        held_by = None if pause.public_interest else rules.hearing_due(pause.started_on).last_day
        rules.check_hearing_notice(today, hearing_on, held_by)
        values = {**_values(case, app), "听证事项": pause.note, "听证时间": f"{cn_date(hearing_on)}{hour}",
                  "听证地点": place, "联系人": contact}
        notice = documents.issue(actor=actor, agency=case.agency, template="licence_hearing_notice", subject=case,
                                 on=today, values=values)
        _hand_over(actor, case, notice, _applicant(case).name)
        announcement = None
        if pause.public_interest:
            announcement = documents.issue(actor=actor, agency=case.agency, template="licence_hearing_announcement",
                                           subject=case, on=today, values=values)
        pause.notice, pause.announcement, pause.hearing_on, pause.hearing_place = (notice, announcement, hearing_on,
                                                                                   place)
        pause.save(update_fields=["notice", "announcement", "hearing_on", "hearing_place"])
        record(actor, case, "case.licence_hearing_noticed", pause=pause.pk, document=notice.pk, number=notice.number,
               announcement=announcement.number if announcement else None, hearing_on=hearing_on, place=place)
    return pause


def record_licence_hearing(*, actor: User, case: Case, held_on: dt.date, result: str) -> LicencePause:
    """The hearing held on the day its notice gave, and its 听证笔录 summarised (第48条: the decision is made on the
    record); the decision clock runs again."""
    result = clean_text("result", "听证笔录要点", result, max_length=5000)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "hearing", "记录听证")
        pause = _open_pause(case)
        if pause is None or pause.kind != PauseKind.HEARING:
            raise RuleViolation("没有尚未举行的听证", field="held_on", rule=rules.HEARING_RULE)
        if pause.hearing_on is None:
            raise RuleViolation("尚未制作听证通知书：应当于举行听证的七日前通知时间、地点", field="held_on",
                                rule=rules.HEARING_NOTICE_RULE)
        _past_act(held_on, field="held_on", label="听证日期", not_before=pause.hearing_on,
                  before_label="听证通知书载明的日期", rule=rules.HEARING_NOTICE_RULE)
        pause.ended_on, pause.result = held_on, result
        pause.save(update_fields=["ended_on", "result"])
        obligations.meet(subject=case, rule=rules.HEARING_RULE, at=_day_end(held_on))
        _restart_clock(actor, case, held_on)
        record(actor, case, "case.licence_hearing_held", pause=pause.pk, held_on=held_on, result=result)
    return pause


# ---------------------------------------------------------------- 决定 and the licence (第37–44条)


LICENCE_FIELDS = ("granted", "findings", "basis", "content", "valid_from", "valid_to", "reason", "review_body",
                  "court")


@drafts.register(PROCESS, LICENCE_FIELDS, ("licence_grant", "licence_refusal"))
def licence_draft(case: Case, given: Mapping[str, Any], on: dt.date) -> drafts.Drafted:
    """The written decision (第38条) ``decide_licence`` would issue with ``given``: 准予 with the licence's content
    and validity, or 不予 with its reasons and the remedies. Writes nothing, takes no number."""
    if given.get("granted") is None:
        raise RuleViolation("请选择准予或者不予行政许可", field="granted", rule=DECISION_WRITTEN_RULE)
    granted = given["granted"] not in (False, "0", "")
    findings = clean_text("findings", "审查情况", given.get("findings"), max_length=5000)
    basis = content = reason = review_body = court = ""
    valid_from = valid_to = None
    if granted:
        basis = clean_text("basis", "许可依据", given.get("basis"), max_length=500)
        content = clean_text("content", "许可内容", given.get("content"), max_length=2000)
        valid_from, valid_to = drafts.day(given.get("valid_from")), drafts.day(given.get("valid_to"))
        if valid_from is None or valid_to is None:
            raise RuleViolation("请填写许可有效期限", field="valid_to", rule=DECISION_WRITTEN_RULE)
        if valid_to <= valid_from:
            raise RuleViolation("有效期至须晚于有效期自", field="valid_to", rule=DECISION_WRITTEN_RULE)
    else:
        reason = clean_text("reason", "不予许可理由", given.get("reason"), max_length=2000)
        review_body = clean_text("review_body", "行政复议机关", given.get("review_body"), max_length=200)
        court = clean_text("court", "有管辖权的人民法院", given.get("court"), max_length=200)
    app = _application(case)
    values = {**_values(case, app), "受理日期": cn_date(app.accepted_on), "审查情况": findings,  # type: ignore[arg-type]
              "日期": cn_date(on)}
    fields = {"granted": granted, "findings": findings, "basis": basis, "content": content, "valid_from": valid_from,
              "valid_to": valid_to, "reason": reason, "review_body": review_body, "court": court}
    if granted:
        assert valid_from is not None and valid_to is not None
        return drafts.Drafted("licence_grant", {**values, "许可内容": content, "许可依据": basis,
                                                "有效期": f"{cn_date(valid_from)}至{cn_date(valid_to)}"}, fields)
    return drafts.Drafted("licence_refusal", {**values, "不予许可理由": f"{findings}。{reason}",
                                              "复议机关": review_body, "管辖法院": court}, fields)


def decide_licence(*, actor: User, case: Case, granted: bool, findings: str, basis: str = "", content: str = "",
                   valid_from: dt.date | None = None, valid_to: dt.date | None = None, reason: str = "",
                   review_body: str = "", court: str = "", late_reason: str = "") -> Application:
    """The written decision (第38条), signed off by the agency head: the document ``licence_draft`` builds, checked
    against a reviewed draft before its number is taken. Within the period (第42条, as extended and paused); past
    it, only with the reason for the delay written down — the obligation stays late on the record."""
    given = {"granted": granted, "findings": findings, "basis": basis, "content": content, "valid_from": valid_from,
             "valid_to": valid_to, "reason": reason, "review_body": review_body, "court": court}
    late_reason = clean_text("late_reason", "逾期原因", late_reason, max_length=2000, required=False)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.approve", case.agency)
        ensure_writable(case)
        ensure_stage(case, "decide", "作出行政许可决定")
        app = _application(case)
        if app.decision_id is not None:
            raise RuleViolation(f"已作出决定（{app.decision.number}）", field="granted",  # type: ignore[union-attr]
                                rule=DECISION_WRITTEN_RULE)
        today = timezone.localdate()
        drafted = licence_draft(case, given, today)
        granted = drafted.given["granted"]
        live = decision_obligation(case)
        if live is not None and live.state == ObligationState.PAUSED:
            raise RuleViolation("不计入期限的事由（听证、检验、鉴定、专家评审）尚未结束", field="granted",
                                rule=rules.PAUSE_RULE)
        if live is not None and today > timezone.localdate(live.due_at) and not late_reason:
            raise RuleViolation(f"作出行政许可决定的期限已于{cn_date(timezone.localdate(live.due_at))}届满"
                                + ("" if app.extension_id else "，且未经负责人批准延长")
                                + "；逾期作出决定的，须写明逾期原因", field="late_reason", rule=rules.DECISION_RULE)
        if not granted and deemed_renewed(app, today):
            raise RuleViolation(f"许可证件有效期已于{cn_date(app.licence.valid_to)}届满，届满前未作出决定的，"  # type: ignore[union-attr]
                                "依法视为准予延续，不能再作出不予延续的决定", field="granted", rule=rules.RENEWAL_RULE)
        guards.check_drafted(case, drafted, today)  # before a number is taken
        doc = documents.issue(actor=actor, agency=case.agency, template=drafted.template, subject=case, on=today,
                              values=drafted.values)
        d = drafted.given
        app.decision, app.granted, app.decided_on, app.late_reason = doc, granted, today, late_reason
        app.licence_content, app.valid_from, app.valid_to = d["content"], d["valid_from"], d["valid_to"]
        app.save(update_fields=["decision", "granted", "decided_on", "late_reason", "licence_content", "valid_from",
                                "valid_to"])
        obligations.meet(subject=case, rule=rules.DECISION_RULE)
        obligations.meet(subject=case, rule=rules.RENEWAL_RULE)
        before = _change_licence(app) if granted and app.licence is not None else {}
        if granted:
            due = rules.issue_due(today)
            obligations.ensure_obligation(
                agency=case.unit, subject=case, rule=due.rule, due_at=due.due_at,
                title=f"“{case.title}”的行政许可证件应于{due.last_day:%Y-%m-%d}前颁发、送达",
                warn_from=due.due_at - dt.timedelta(days=3), unit=PeriodUnit(due.unit), assignee=lead_user(case),
                provisional=due.provisional, basis="自作出准予行政许可决定之日起十日内颁发、送达行政许可证件")
        record(actor, case, "case.licence_decided", by_name=name_of(actor), document=doc.pk, number=doc.number,
               granted=granted,
               findings=d["findings"], content=d["content"], valid_from=d["valid_from"], valid_to=d["valid_to"],
               reason=d["reason"], late_reason=late_reason, licence=app.licence_id, changed=before,
               draft_sm3=sm3(drafted.text.encode()))
        decided(actor, case, doc)
        advance(actor, case, "deliver")
    return app


def _change_licence(app: Application) -> dict[str, Any]:
    """A granted 延续 (第50条) or 变更 (第49条) changes the licence it is about, with the decision: the new term, or
    the new content. What it was goes in the decision's ledger entry."""
    assert app.licence_id is not None and app.valid_to is not None
    licence = Licence.objects.select_for_update().get(pk=app.licence_id)
    if licence.state != LicenceState.VALID:
        raise RuleViolation(f"许可证件{licence.get_state_display()}，不能准予{app.get_purpose_display()}",
                            field="granted", rule=rules.RENEWAL_RULE)
    before = {"valid_to": licence.valid_to, "content": licence.content}
    if app.purpose == ApplicationPurpose.RENEWAL:
        licence.valid_to = app.valid_to
    licence.content = app.licence_content
    licence.save(update_fields=["valid_to", "content"])
    return before


def issue_licence(*, actor: User, case: Case, recipient: str) -> Licence:
    """The licence issued and handed over with the decision within 10 working days (第44条): a numbered 行政许可证件
    and the Licence its holder keeps. A renewal carries the licence it renews on to the new validity (第50条)."""
    recipient = clean_text("recipient", "签收人", recipient, max_length=100)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "deliver", "颁发行政许可证件")
        app = _application(case)
        if not app.granted or app.decision is None:
            raise RuleViolation("只有准予行政许可的决定颁发许可证件", field="recipient", rule=rules.ISSUE_RULE)
        if hasattr(case, "licence") or (app.licence is not None and app.licence.document.subject_id == case.pk):
            raise RuleViolation("许可证件已颁发", field="recipient", rule=rules.ISSUE_RULE)
        assert app.valid_from is not None and app.valid_to is not None
        holder = _applicant(case)
        today = timezone.localdate()
        doc = documents.issue(actor=actor, agency=case.agency, template="licence_certificate", subject=case, on=today,
                              values={"agency_short": CaseSettings.of(case.agency).agency_short,
                                      "被许可人": holder.name, "证件号码": holder.id_number, "许可事项": case.item_name,
                                      "许可内容": app.licence_content,
                                      "有效期": f"{cn_date(app.valid_from)}至{cn_date(app.valid_to)}",
                                      "决定书文号": app.decision.number, "机关名称": case.agency.name,
                                      "日期": cn_date(today)})
        now = timezone.now()
        if app.licence is not None:  # 延续、变更: the decision changed the licence; it gets the new certificate
            licence = Licence.objects.select_for_update().get(pk=app.licence.pk)
            before = {"document": licence.document_id}
            licence.document = doc
            licence.save(update_fields=["document"])
            app.licence = licence  # the 第44条 guard reads the new certificate
        else:
            before = {}
            licence = Licence.objects.create(
                agency=case.agency, case=case, document=doc, number=doc.number, holder=holder,
                item_code=case.item_code, item_name=case.item_name, content=app.licence_content,
                valid_from=app.valid_from, valid_to=app.valid_to, issued_at=now, issued_by=actor)
        for served in (app.decision, doc):
            if not Service.objects.filter(document=served).exists():
                _hand_over(actor, case, served, recipient)
        obligations.meet(subject=case, rule=rules.ISSUE_RULE)
        record(actor, case, "case.licence_issued", licence=licence.pk, number=doc.number, document=doc.pk,
               recipient=recipient, valid_from=app.valid_from, valid_to=app.valid_to, renewed=before)
        decided(actor, case, doc)  # the publication's 许可编号, in this transaction
        advance(actor, case, "close")
    return licence

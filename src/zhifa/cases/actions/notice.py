"""事先告知 (行政处罚法 第44条), service of documents (第61条) and the party's statement (第45条)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhifa.agencies.permissions import require
from zhifa.cases import guards, levy_rules, rules
from zhifa.cases.models import (
    Case,
    CaseSettings,
    Notice,
    Service,
    ServiceMethod,
    Statement,
)
from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.documents import actions as documents
from zhifa.documents.models import IssuedDocument
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.records.models import Evidence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from zhifa.cases.actions import enforcement, levy
from zhifa.cases.actions.base import (
    PUBLIC_NOTICE_DAYS,
    case_type,
    clean_text,
    ensure_stage,
    ensure_writable,
    lead_user,
    lock,
    record,
)

PARTY_KINDS = {"person": rules.PartyKind.PERSON, "individual": rules.PartyKind.INDIVIDUAL_BUSINESS,
               "legal": rules.PartyKind.LEGAL_PERSON, "other": rules.PartyKind.OTHER_ORGANISATION}


def party_kind(case: Case) -> rules.PartyKind:
    """The party kind the amount rules read: an organisation if any party of the case is one (the higher limits
    then apply to it; for a person the lower ones)."""
    kinds = [PARTY_KINDS[link.party.kind] for link in case.party_links.select_related("party")]
    organisations = [k for k in kinds if rules.is_organisation(k)]
    return organisations[0] if organisations else (kinds[0] if kinds else rules.PartyKind.PERSON)


def issue_notice(*, actor: User, case: Case, kinds: Iterable[str], fine: Decimal, confiscated: Decimal,
                 facts: str, evidence: str, violated: str, penalty_basis: str, reason: str, contact: str,
                 agency_address: str) -> Notice:
    """The 行政处罚事先告知书 with the proposed penalty; it tells of a hearing where 第63条 gives one."""
    given = (("facts", "违法事实", "违法事实", facts), ("evidence", "证据", "证据", evidence),
             ("violated", "违反的规定", "违反的规定", violated),
             ("penalty_basis", "处罚依据", "处罚依据", penalty_basis), ("reason", "处罚理由", "处罚理由", reason),
             ("contact", "联系人及电话", "联系人", contact),
             ("agency_address", "本机关地址", "机关地址", agency_address))
    values = {key: clean_text(field, label, value, max_length=2000) for field, label, key, value in given}
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        ensure_stage(case, "notify", "事先告知")
        penalty = rules.Penalty(frozenset(kinds), fine, confiscated)  # type: ignore[arg-type]
        grounds = rules.hearing_grounds(penalty, party_kind(case))
        today = timezone.localdate()
        parties = [link.party for link in case.party_links.select_related("party")]
        doc = documents.issue(actor=actor, agency=case.agency, template="prior_notice", subject=case, on=today,
                              values={**values, "agency_short": CaseSettings.of(case.agency).agency_short,
                                      "当事人名称": "、".join(p.name for p in parties), "拟处罚内容": penalty.label,
                                      "听证权利": bool(grounds), "机关名称": case.agency.name,
                                      "日期": cn_date(today)})
        notice = Notice.objects.create(case=case, document=doc, kinds=sorted(penalty.kinds), fine=penalty.fine,
                                       confiscated=penalty.confiscated, hearing_grounds="；".join(grounds),
                                       issued_at=timezone.now())
        record(actor, case, "case.notified", notice=notice.pk, document=doc.pk, number=doc.number,
                penalty=penalty.label, hearing=grounds)
    return notice


def record_service(*, actor: User, case: Case, document: IssuedDocument, method: str,
                   served_on: dt.date | None = None, recipient: str = "", tracking_number: str = "",
                   witness: str = "", reason: str = "", medium: str = "", published_on: dt.date | None = None,
                   receipt: Evidence | None = None) -> Service:
    """How a document of the case reached the party (行政处罚法 第61条; REC-07), each way with what it needs."""
    rule = "行政处罚法 第61条"
    if method not in ServiceMethod.values:
        raise RuleViolation("请选择送达方式", field="method", rule=rule)
    recipient = clean_text("recipient", "签收人", recipient, max_length=100, required=method in (
        ServiceMethod.DIRECT, ServiceMethod.ENTRUSTED, ServiceMethod.FORWARDED))
    tracking_number = clean_text("tracking_number", "邮件号码", tracking_number, max_length=60,
                            required=method == ServiceMethod.MAIL)
    witness = clean_text("witness", "见证人", witness, max_length=100, required=method == ServiceMethod.LEFT)
    reason = clean_text("reason", "情况说明", reason, max_length=2000, required=method in (
        ServiceMethod.LEFT, ServiceMethod.ENTRUSTED, ServiceMethod.FORWARDED, ServiceMethod.PUBLIC))
    medium = clean_text("medium", "公告媒介", medium, max_length=200, required=method == ServiceMethod.PUBLIC)
    if method == ServiceMethod.PUBLIC:
        if published_on is None:
            raise RuleViolation("公告送达须填写公告日期", field="published_on", rule=rule)
        served_on = published_on + dt.timedelta(days=PUBLIC_NOTICE_DAYS)  # deemed served 30 days after it
    elif served_on is None:
        raise RuleViolation("请填写送达日期", field="served_on", rule=rule)
    today = timezone.localdate()
    if (published_on or served_on) > today:
        raise RuleViolation("送达（公告）日期不能晚于今天", field="published_on" if published_on else "served_on",
                            rule=rule)
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        # a 不予行政处罚决定书 closes the case when it is made, and is served after (行政处罚法 第61条)
        ensure_writable(case, closing=document.template == "no_penalty_decision")
        if document.subject_id != case.pk or document.subject_type_id != case_type().pk:
            raise RuleViolation("只能登记本案文书的送达", field="document")
        if document.voided_at is not None:
            raise RuleViolation("文书已作废，不能送达", field="document")
        if (published_on or served_on) < timezone.localdate(document.issued_at):
            raise RuleViolation("送达日期不能早于文书制作日期", field="served_on", rule=rule)
        if Service.objects.filter(document=document).exists():
            raise RuleViolation(f"《{document.title}》已登记送达", field="document")
        if method == ServiceMethod.ELECTRONIC and not _consents_to_electronic(case):
            raise RuleViolation("当事人未书面同意电子送达（送达地址确认书）", field="method", rule=rule)
        if document.template in ("penalty_decision", "no_penalty_decision"):
            obligations.meet(subject=case, rule="行政处罚法 第61条")
        if document.template == "hearing_notice":
            obligations.meet(subject=case, rule="行政处罚法 第64条")
        if document.template == "penalty_decision":
            proposal = guards.latest_proposal(case)
            if proposal is not None and proposal.fine:
                due = rules.payment_due(served_on)
                title = f"当事人应于{due.last_day:%Y-%m-%d}前缴纳罚款{proposal.fine}元，逾期每日加处3%"
                obligations.ensure_obligation(
                    agency=case.unit, subject=case, rule=due.rule, title=title, due_at=due.due_at,
                    warn_from=due.due_at - dt.timedelta(days=3), unit=PeriodUnit(due.unit),
                    assignee=lead_user(case), provisional=due.provisional,
                    basis="自收到行政处罚决定书之日起十五日内缴纳罚款")
        if document.template in levy_rules.TEMPLATES:
            levy.served(case, document, served_on)
        if document.template == "freeze_decision":  # 行政强制法 第31条: to the party within three days
            obligations.meet(subject=case, rule="行政强制法 第31条")
        if document.template == "urge_notice":
            enforcement.urge_delivered(case, document, served_on)
        service = Service.objects.create(
            case=case, document=document, method=method, served_on=served_on, recipient=recipient,
            tracking_number=tracking_number, witness=witness, reason=reason, medium=medium,
            published_on=published_on, receipt=receipt, recorded_by=actor, recorded_at=timezone.now())
        record(actor, case, "case.served", document=document.pk, number=document.number, method=method,
                served_on=served_on, recipient=recipient, tracking_number=tracking_number, witness=witness,
                published_on=published_on, receipt=receipt.pk if receipt else None)
    return service


def _consents_to_electronic(case: Case) -> bool:
    from zhifa.parties.models import ServiceAddress

    parties = case.party_links.values("party_id")
    return ServiceAddress.objects.filter(party__in=parties, electronic_consent=True).exclude(
        electronic_address="").exists()


def record_statement(*, actor: User, case: Case, received_on: dt.date, content: str = "", review: str = "",
                     waived: bool = False, hearing_requested: bool = False) -> Statement:
    """What the party said after the notice, and its review (第45条); or that they gave it up; and whether
    they asked for a hearing, within 5 working days of service (第64条)."""
    content = clean_text("content", "陈述申辩内容", content, max_length=5000,
                         required=not waived and not hearing_requested)
    review = clean_text("review", "复核意见", review, max_length=5000, required=bool(content))
    with transaction.atomic():
        case = lock(case)
        require(actor, "case.handle", case.unit)
        ensure_writable(case)
        notice = case.notices.order_by("-issued_at", "-pk").first()
        served = Service.objects.filter(document_id=notice.document_id).first() if notice else None
        if notice is None or served is None:
            raise RuleViolation("事先告知书尚未送达", field="received_on", rule="行政处罚法 第44条")
        if received_on < served.served_on or received_on > timezone.localdate():
            raise RuleViolation("提出日期应在告知书送达之日至今天之间", field="received_on", rule="行政处罚法 第45条")
        if hearing_requested:
            if not notice.hearing_grounds:
                raise RuleViolation("拟作出的处罚不属于听证范围", field="hearing_requested", rule="行政处罚法 第63条")
            rules.check_hearing_request(notice_served_on=served.served_on, requested_on=received_on)
        statement = Statement.objects.create(
            case=case, notice=notice, received_on=received_on, waived=waived, content=content, review=review,
            hearing_requested=hearing_requested, recorded_by=actor, recorded_at=timezone.now())
        record(actor, case, "case.statement", notice=notice.pk, received_on=received_on, waived=waived,
                content=content, review=review, hearing_requested=hearing_requested)
    return statement

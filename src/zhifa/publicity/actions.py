"""The write functions of 行政执法公示: a draft made in the decision's transaction (PUB-04), its review and
redaction (PUB-08, PUB-09), publishing as a frozen snapshot, withdrawal (PUB-06), expiry and 信用修复
(PUB-05). Each checks permission, validates, writes in one transaction with its ledger entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from zhifa.agencies.models import name_of
from zhifa.agencies.permissions import can, require
from zhifa.cases.models import Case, InspectionResult, Licence, Remedy, RemedyResult
from zhifa.cases.rules import PenaltyKind
from zhifa.catalog.documents import render_text
from zhifa.core.errors import RuleViolation
from zhifa.documents.actions import template_of
from zhifa.documents.models import IssuedDocument
from zhifa.ledger import chain as ledger
from zhifa.ledger.canonical import canonical_json
from zhifa.ledger.digest import sm3
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import PeriodUnit
from zhifa.parties.models import ORGANISATIONS, IdKind, Party, PartyKind
from zhifa.publicity import redaction, rules, search
from zhifa.publicity.models import (
    FIELDS,
    PRIVATE_FIELDS,
    Publication,
    PublicationKind,
    PublicationState,
    PublishedSnapshot,
    search_key,
    settings_of,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REVIEW_RULE = "PUB-09"
PRIVACY_RULE = "PUB-08"
SUBJECT_CATEGORY: dict[str, str] = {PartyKind.PERSON: "自然人", PartyKind.INDIVIDUAL: "个体工商户"}


def _record(actor: User | None, pub: Publication, kind: str, **payload: Any) -> None:
    ledger.append(actor=actor, agency=pub.agency, kind=kind, subject=pub,
                  payload={"publication": pub.pk, "case": pub.case_id, "state": pub.state, **payload})


def locked(pub: Publication) -> Publication:
    return Publication.objects.select_for_update(of=("self",)).select_related("agency", "unit").get(pk=pub.pk)


def wan(yuan: Decimal) -> str:
    """An amount in 元 as the standard's 万元, up to six decimals."""
    return f"{(Decimal(yuan) / 10000).quantize(Decimal('0.000001')).normalize():f}" if yuan else ""


def _subject(parties: list[Party]) -> dict[str, str]:
    """The standard's subject block for the case's first party (the others are named in 备注)."""
    p = parties[0]
    person = p.kind == PartyKind.PERSON
    uscc = p.id_number if p.id_kind == IdKind.USCC else ""
    others = "、".join(o.name for o in parties[1:])
    return {"行政相对人名称": p.name, "行政相对人类别": SUBJECT_CATEGORY.get(p.kind, "法人及非法人组织"),
            "统一社会信用代码": uscc, "工商注册号": "", "组织机构代码": "", "税务登记号": "", "事业单位证书号": "",
            "社会组织登记证号": "", "法定代表人": "" if person else p.rep_name,
            "法定代表人证件类型": "" if person or not p.rep_id_kind else p.get_rep_id_kind_display(),
            "法定代表人证件号码": "" if person else p.rep_id_number,
            "证件类型": p.get_id_kind_display() if not uscc else "", "证件号码": p.id_number if not uscc else "",
            "备注": f"共同当事人：{others}" if others else ""}


def _parties(case: Case) -> list[Party]:
    return [link.party for link in case.party_links.select_related("party")]


def _penalty_items(case: Case, doc: IssuedDocument, parties: list[Party], *, facts: str, basis: str,
                   kinds: list[str], content: str, fine: str, confiscated: str) -> dict[str, str]:
    return {**_subject(parties), "行政处罚决定书文号": doc.number, "违法行为类型": case.item_name,
            "违法事实": facts, "处罚依据": basis, "处罚类别": "、".join(PenaltyKind(k).label for k in kinds),
            "处罚内容": content, "罚款金额（万元）": fine, "没收违法所得、没收非法财物的金额（万元）": confiscated,
            "暂扣或吊销证照名称及编号": "", "处罚决定日期": f"{doc.issued_at.date():%Y-%m-%d}", "处罚有效期": "",
            "公示截止期": "", "处罚机关": case.agency.name, "处罚机关统一社会信用代码": case.agency.uscc,
            "数据来源单位": case.agency.name, "数据来源单位统一社会信用代码": case.agency.uscc}


def _penalty_record(case: Case, doc: IssuedDocument, parties: list[Party]) -> dict[str, str]:
    proposal = case.proposals.order_by("-proposed_at", "-pk").first()
    v = doc.values
    return _penalty_items(case, doc, parties, facts=str(v.get("违法事实", "")), basis=str(v.get("处罚依据", "")),
                          kinds=list(proposal.kinds) if proposal else [], content=str(v.get("处罚内容", "")),
                          fine=wan(proposal.fine) if proposal else "",
                          confiscated=wan(proposal.confiscated) if proposal else "")


def _onsite_record(case: Case, doc: IssuedDocument, parties: list[Party]) -> dict[str, str]:
    """A 当场行政处罚决定书's items: the penalty as the 简易程序 record holds it (there is no proposal)."""
    simple = case.simple  # type: ignore[attr-defined]
    v = doc.values
    content = f"罚款人民币{v['罚款数额']}元" if v.get("含罚款") else str(v.get("处罚种类", ""))
    return _penalty_items(case, doc, parties, facts=str(v.get("违法行为", "")), basis=str(v.get("处罚依据", "")),
                          kinds=list(simple.kinds), content=content, fine=wan(simple.fine), confiscated="")


def _licence_record(case: Case, doc: IssuedDocument, parties: list[Party]) -> dict[str, str]:
    app = case.application  # type: ignore[attr-defined]
    return {**_subject(parties), "行政许可决定文书名称": doc.title, "行政许可决定文书号": doc.number,
            "许可类别": "普通", "许可证书名称": "", "许可编号": "", "许可内容": app.licence_content,
            "许可决定日期": f"{app.decided_on:%Y-%m-%d}", "有效期自": f"{app.valid_from:%Y-%m-%d}",
            "有效期至": f"{app.valid_to:%Y-%m-%d}", "许可机关": case.agency.name,
            "许可机关统一社会信用代码": case.agency.uscc, "当前状态": "有效", "数据来源单位": case.agency.name,
            "数据来源单位统一社会信用代码": case.agency.uscc}


def ordered(kind: str, record: dict[str, str]) -> dict[str, str]:
    return {name: record.get(name, "") for name in FIELDS[PublicationKind(kind)]}


# The decisions that are published, by their document's template, and how each gives the 双公示 items.
RECORDS = {"penalty_decision": _penalty_record, "onsite_decision": _onsite_record, "licence_grant": _licence_record}
# The other 执法决定 (国办发〔2018〕118号; 行政执法公示办法 第九条: 执法机关、执法对象、执法类别、执法结论 within 20
# working days): 行政强制措施, 行政强制执行, 行政征收征用 and 行政收费 decisions, by their document's template.
OTHER_DECISIONS = frozenset({"seizure_decision", "freeze_decision", "coercion_decision", "substitute_decision",
                             "levy_decision", "requisition_decision", "charge_notice"})


def _other_record(case: Case, doc: IssuedDocument, parties: list[Party]) -> dict[str, str]:
    return {"执法机关": case.agency.name, "执法对象": "、".join(p.name for p in parties),
            "执法类别": case.get_process_display(), "执法结论": f"作出{doc.title}（{doc.number}）",
            "决定日期": f"{timezone.localdate(doc.issued_at):%Y-%m-%d}"}


# 行政许可法 第8条 (撤回) and 第69条 (撤销): decisions that end a licence, whose publication's 当前状态 follows.
LICENCE_ENDS = ("licence_withdrawal", "licence_revocation")


# PUB-04: the hook the case engine calls inside a decision's transaction (cases.actions.base.DECIDED_HOOKS).
def on_decided(actor: User, case: Case, source: models.Model) -> Publication | None:
    """The draft of a decision's publication: a 行政处罚决定书 (a 当场 one too) or a 准予行政许可决定书 (7 working days,
    an obligation on the draft), or a 行政检查 result (20 working days; the inspection's own obligation runs on the
    result). The 行政许可证件 then fills its publication's 许可证书名称 and 许可编号, and a 撤回 or 撤销 决定书 of a
    licence the 当前状态 of the licence's publications."""
    if isinstance(source, IssuedDocument) and source.template in LICENCE_ENDS:
        licence_ended(actor, Licence.objects.get(ends__case=case), source)
        return None
    if isinstance(source, IssuedDocument) and source.template == "licence_certificate":
        licence_issued(actor, case, source)
        return None
    parties = _parties(case)
    if isinstance(source, InspectionResult):
        kind, text, number = PublicationKind.OTHER, "", ""
        record = {"执法机关": source.agency.name, "执法对象": source.subject, "执法类别": source.category,
                  "执法结论": source.conclusion, "决定日期": f"{source.result_on:%Y-%m-%d}"}
        decided_on, label = source.result_on, f"行政检查结果：{case.title}"
    elif isinstance(source, IssuedDocument) and source.template in OTHER_DECISIONS:
        kind, text, number = PublicationKind.OTHER, "", source.number
        record = _other_record(case, source, parties)
        decided_on, label = source.issued_at.date(), f"{source.title} {source.number}"
    elif isinstance(source, IssuedDocument) and source.template in RECORDS:
        # 行政处罚法 第48条: 具有一定社会影响的行政处罚决定应当依法公开 — a 当场 decision too, unless the agency chose
        # not to publish its 简易程序 decisions (PublicitySettings; published by default, the stricter reading).
        if source.template == "onsite_decision" and not settings_of(case.agency).publish_simple_penalties:
            return None
        kind = PublicationKind.LICENCE if source.template == "licence_grant" else PublicationKind.PENALTY
        record = RECORDS[source.template](case, source, parties)
        text = "\n".join(render_text(template_of(source.template), source.values))
        decided_on, number, label = source.issued_at.date(), source.number, f"{source.title} {source.number}"
    else:
        return None  # 不予行政许可 and the other documents are not published
    decided_on = timezone.localdate(source.issued_at) if isinstance(source, IssuedDocument) else decided_on
    inspection = isinstance(source, InspectionResult)
    due = rules.publish_due(kind, decided_on, inspection)
    person = bool(parties) and all(p.kind not in ORGANISATIONS for p in parties)
    record = ordered(kind, record)
    marks = redaction.present_in(
        redaction.suggestions(case, [text, *record.values()], mask_party=settings.ZHIFA_PUBLICITY_MASK_PARTY_NAME),
        [text, *(v for k, v in record.items() if k not in PRIVATE_FIELDS)])
    pub = Publication.objects.create(
        agency=case.agency, unit=case.unit, kind=kind, case_id=case.pk, source_label=label[:300],
        source_model=source._meta.label_lower,
        source_id=source.pk, decision_number=number, decided_on=decided_on,
        party_name=record.get("行政相对人名称") or record.get("执法对象", ""), natural_person=person, record=record,
        text=text, marks=marks,
        publish_by=due.last_day, due_at=due.due_at, warn_from=due.due_at - dt.timedelta(days=3),
        created_at=timezone.now())
    if not inspection:  # an inspection's result has its own obligation, on the result
        what, days = ((pub.get_kind_display(), 20) if kind == PublicationKind.OTHER
                      else (f"{pub.get_kind_display()}决定", 7))
        obligations.ensure_obligation(
            agency=case.agency, subject=pub, rule=due.rule, due_at=due.due_at, unit=PeriodUnit.WORKDAY,
            warn_from=pub.warn_from, provisional=due.provisional,
            title=f"{what}公示：{pub.party_name}（{due.last_day:%Y-%m-%d}前）",
            basis=f"{what}自作出之日起{days}个工作日内公开")
    _record(actor, pub, "publication.drafted", publication_kind=kind, source=label, publish_by=due.last_day,
            suggestions=len(marks))
    return pub


def _restate(actor: User, pubs: models.QuerySet[Publication], changes: Any, kind: str, **payload: Any) -> None:
    """Items of each publication in ``pubs`` changed by ``changes(record)`` (the changed items): a published one
    publishes them as its next version (the portal and the credit platform's 更新 follow), a draft is published
    with them later, an ended one keeps them for the export."""
    for pub in pubs.select_for_update(of=("self",)).select_related("agency"):
        pub.record = {**pub.record, **changes(pub.record)}
        pub.save(update_fields=["record"])
        snap = None
        if pub.state == PublicationState.PUBLISHED:
            assert pub.visible_until is not None
            snap = snapshot(actor, pub, timezone.now(), pub.visible_until)
        _record(actor, pub, kind, snapshot=snap.pk if snap else None, version=snap.version if snap else None,
                **payload)


def licence_issued(actor: User, case: Case, certificate: IssuedDocument) -> None:
    """The 行政许可证件 issued (行政许可法 第39、44条): the case's publication gets its 许可证书名称 and 许可编号."""
    _restate(actor, Publication.objects.filter(case_id=case.pk, kind=PublicationKind.LICENCE),
             lambda record: {"许可证书名称": certificate.title, "许可编号": certificate.number},
             "publication.licence_issued", number=certificate.number)


def licence_ended(actor: User, licence: Licence, decision: IssuedDocument) -> None:
    """The licence withdrawn or revoked (its state already changed, in this transaction): each of its
    publications — the grant's, a 变更's or 延续's — records the 当前状态 and, in 备注, the decision."""
    cases = [licence.case_id, *licence.applications.values_list("case_id", flat=True)]
    state = licence.get_state_display()
    note = f"{licence.ended_on:%Y-%m-%d}{state.removeprefix('已')}（{decision.number}）"

    def changes(record: dict[str, str]) -> dict[str, str]:
        remark = record.get("备注", "")
        return {"当前状态": state, "备注": f"{remark}；{note}" if remark else note}

    _restate(actor, Publication.objects.filter(case_id__in=cases, kind=PublicationKind.LICENCE), changes,
             "publication.licence_ended", licence=licence.pk, licence_state=licence.state, decision=decision.number)


def in_reach(actor: User, pub: Publication, action: str) -> None:
    """404 for a publication out of the actor's sight, PermissionDenied for one they see but may not change."""
    if not can(actor, "publication.view", pub.agency):
        raise Http404
    require(actor, action, pub.agency)


def mark(*, actor: User, publication: Publication, decisions: dict[int, str],
         manual: Iterable[tuple[str, str]] = ()) -> Publication:
    """The reviewer's redaction: each suggestion accepted or rejected (``decisions``: index → accepted|rejected),
    strings of their own added as accepted marks (``manual``: text, replacement); the draft is then 审核中, to be
    published as marked."""
    with transaction.atomic():
        pub = locked(publication)
        in_reach(actor, pub, "publication.publish")
        if pub.state not in (PublicationState.DRAFT, PublicationState.REVIEW):
            raise RuleViolation(f"该信息{pub.get_state_display()}，不能再修改技术处理", field="marks", rule=REVIEW_RULE)
        marks = [dict(m) for m in pub.marks]
        for i, state in decisions.items():
            if not 0 <= i < len(marks) or state not in ("accepted", "rejected"):
                raise RuleViolation("技术处理标记不存在或处理意见无效", field="marks", rule=PRIVACY_RULE)
            marks[i]["state"] = state
        texts = [pub.text, *pub.record.values()]
        for text, replacement in manual:
            text, replacement = text.strip(), (replacement or "").strip() or "×××"
            if not text:
                continue
            if not any(text in t for t in texts if isinstance(t, str)):
                raise RuleViolation(f"“{text}”不在公示内容中", field="manual", rule=PRIVACY_RULE)
            if any(m["text"] == text for m in marks):
                marks = [m if m["text"] != text else {**m, "state": "accepted", "replacement": replacement}
                         for m in marks]
            else:
                marks.append(redaction.mark(text, replacement, "人工标记", "manual", "accepted"))
        pub.marks, pub.marks_by, pub.state = marks, actor, PublicationState.REVIEW
        pub.save(update_fields=["marks", "marks_by", "state"])
        _record(actor, pub, "publication.marked", marks=redaction.diff(marks, texts))
    return pub


def _digest(fields: dict[str, Any], text: str, version: int, pub: Publication, at: dt.datetime) -> str:
    return sm3(canonical_json({"publication": pub.pk, "version": version, "fields": fields, "text": text,
                               "published_at": at}))


def snapshot_of(pub: Publication, *, version: int, at: dt.datetime, by_name: str,
                until: dt.date) -> PublishedSnapshot:
    """The snapshot (unsaved) that publishing ``pub`` at ``at`` makes: the redacted items (no personal 证件号码)
    and text and their SM3. ``publish`` saves it; the demo's bulk load inserts many."""
    public = {k: v for k, v in pub.record.items() if k not in PRIVATE_FIELDS}
    if pub.kind == PublicationKind.PENALTY:
        public["公示截止期"] = f"{until:%Y-%m-%d}"
    fields = redaction.apply_fields(public, pub.marks)
    text = redaction.apply(pub.text, pub.marks)
    return PublishedSnapshot(
        publication=pub, version=version, agency=pub.agency, agency_name=pub.agency.name, kind=pub.kind,
        party_name=fields.get("行政相对人名称") or fields.get("执法对象", ""),
        uscc=str(fields.get("统一社会信用代码", "")), decision_number=pub.decision_number,
        number_key=search_key(pub.decision_number), decided_on=pub.decided_on, fields=fields, text=text,
        sm3=_digest(fields, text, version, pub, at), published_at=at, published_by_name=by_name,
        visible_until=until)


def snapshot(actor: User, pub: Publication, now: dt.datetime, until: dt.date) -> PublishedSnapshot:
    """The publication's record and text as the public sees them frozen as its next version (``snapshot_of``);
    it becomes the current one, and the search index moves to it. In the caller's transaction, the publication
    locked: publishing and a correction (``corrections``) both make their versions here."""
    version = pub.snapshots.count() + 1
    for old in pub.snapshots.filter(current=True):
        search.unindex(old)
    pub.snapshots.filter(current=True).update(current=False)
    snap = snapshot_of(pub, version=version, at=now, by_name=name_of(actor), until=until)
    snap.save()
    search.index(snap)
    return snap


def publish(*, actor: User, publication: Publication, period_months: int | None = None,
            period_basis: str = "") -> PublishedSnapshot:
    """The reviewed draft published (PUB-09: by a 公示审核员, named): the snapshot holds only the redacted items
    (no personal 证件号码) and text and their SM3; the ledger keeps the reviewer and the redaction's diff. Up for 2
    or 5 years (PUB-05), or the ``period_months`` a law sets, named in ``period_basis``."""
    period_basis = rules.check_law_period(period_months, period_basis)  # refused before the transaction
    with transaction.atomic():
        pub = locked(publication)
        in_reach(actor, pub, "publication.publish")
        if pub.state != PublicationState.REVIEW:
            raise RuleViolation("请先逐项确认技术处理意见，再发布", field="marks", rule=REVIEW_RULE)
        if any(m["state"] == "suggested" for m in pub.marks):
            raise RuleViolation("尚有未确认的技术处理建议", field="marks", rule=REVIEW_RULE)
        kept = [(i, kind) for i, m in enumerate(pub.marks) if m["state"] == "rejected"
                and (kind := redaction.never_public(m["text"]))]
        if kept:
            raise RuleViolation("；".join(f"第{i + 1}项“{pub.marks[i]['replacement']}”是{kind}" for i, kind in kept)
                                + "，个人证件号码和联系方式不得公开（《行政处罚结果信息网上公示暂行办法》），"
                                  "须选择“处理”后再发布", field="marks", rule=PRIVACY_RULE)
        now = timezone.now()
        today = timezone.localdate(now)
        until = rules.visible_until(today, pub.natural_person, period_months)
        snap = snapshot(actor, pub, now, until)
        pub.state, pub.reviewer, pub.published_at, pub.visible_until = (PublicationState.PUBLISHED, actor, now,
                                                                        until)
        pub.save(update_fields=["state", "reviewer", "published_at", "visible_until"])
        _meet_publish_deadline(pub, now)
        _record(actor, pub, "publication.published", snapshot=snap.pk, version=snap.version, sm3=snap.sm3,
                reviewer=name_of(actor), visible_until=until, period_basis=period_basis, late=today > pub.publish_by,
                redaction=redaction.diff(pub.marks, [pub.text, *pub.record.values()]))
    return snap


def _meet_publish_deadline(pub: Publication, at: dt.datetime) -> None:
    if pub.source_model == InspectionResult._meta.label_lower:
        result = InspectionResult.objects.filter(pk=pub.source_id).first()
        if result is not None:
            obligations.meet(subject=result, rule=rules.OTHER_RULE, at=at)
    else:
        obligations.meet(subject=pub, rule=rules.OTHER_DECISION_RULE if pub.kind == PublicationKind.OTHER
                         else rules.PUBLISH_RULE, at=at)


def record_revocation(*, actor: User, publication: Publication, ground: str, revoked_on: dt.date,
                      reason: str) -> Publication:
    """The published decision revoked, confirmed illegal or void, changed or ordered redone (复议、诉讼 or the
    agency's own correction): the obligation to withdraw it within 3 working days opens (行政处罚法 第48条)."""
    rules.check_ground(ground)  # refused before the transaction
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请写明撤回的原因（将一并公开）", field="reason", rule=rules.WITHDRAW_RULE)
    if revoked_on > timezone.localdate():
        raise RuleViolation("决定被撤销等的日期不能晚于今天", field="revoked_on", rule=rules.WITHDRAW_RULE)
    with transaction.atomic():
        pub = locked(publication)
        in_reach(actor, pub, "publication.publish")
        if pub.state != PublicationState.PUBLISHED:
            raise RuleViolation(f"该信息{pub.get_state_display()}，无需撤回", field="ground", rule=rules.WITHDRAW_RULE)
        _open_withdrawal(actor, pub, ground, revoked_on, reason)
    return pub


def _open_withdrawal(actor: User, pub: Publication, ground: str, revoked_on: dt.date, reason: str) -> None:
    """行政处罚法 第48条: the revocation kept on the publication and its 3-working-day obligation to withdraw."""
    words = rules.check_ground(ground)
    due = rules.withdraw_due(revoked_on)
    pub.revocation = {"ground": ground, "words": words, "revoked_on": f"{revoked_on:%Y-%m-%d}", "reason": reason}
    pub.save(update_fields=["revocation"])
    obligations.ensure_obligation(
        agency=pub.agency, subject=pub, rule=due.rule, due_at=due.due_at, unit=PeriodUnit.WORKDAY,
        warn_from=due.due_at - dt.timedelta(days=1), provisional=due.provisional,
        title=f"撤回公示：{pub.party_name}（决定{words}，{due.last_day:%Y-%m-%d}前）",
        basis="公开的行政决定被依法变更、撤销、确认违法或者确认无效的，应当在三日内撤回并公开说明理由")
    _record(actor, pub, "publication.revocation_recorded", ground=ground, revoked_on=revoked_on, reason=reason,
            withdraw_by=due.last_day)


# PUB-06: the hook the case engine calls when a 复议 or 诉讼 result revokes or changes the decision
# (cases.actions.base.REVOKED_HOOKS), in that transaction.
def on_revoked(actor: User, case: Case, remedy: Remedy) -> None:
    """What was published of the case's decision is to be withdrawn within 3 working days of the result's service
    (第48条), the reason — who decided what — published with it; a revocation already recorded is kept."""
    ground = "changed" if remedy.result == RemedyResult.CHANGED else "revoked"
    assert remedy.ended_on is not None
    reason = f"{remedy.body}{remedy.get_kind_display()}结果：{remedy.get_result_display()}"
    for pub in Publication.objects.select_for_update().filter(case_id=case.pk, state=PublicationState.PUBLISHED):
        if not pub.revocation:
            _open_withdrawal(actor, pub, ground, remedy.ended_on, reason)


def _end(pub: Publication, state: str, reason: str, at: dt.datetime) -> PublishedSnapshot:
    snap = pub.snapshots.get(current=True)
    snap.state, snap.ended_at, snap.end_reason = state, at, reason
    snap.save(update_fields=["state", "ended_at", "end_reason"])
    pub.state = state
    pub.save(update_fields=["state"])
    return snap


def withdrawal_reason(revocation: dict[str, str]) -> str:
    """What a withdrawn publication's page says (第48条: the reason is published)."""
    return f"该决定已于{revocation['revoked_on']}{revocation['words']}：{revocation['reason']}"


def withdraw(*, actor: User, publication: Publication) -> PublishedSnapshot:
    """The publication withdrawn with its reason published (第48条); its page then shows the withdrawal only."""
    with transaction.atomic():
        pub = locked(publication)
        in_reach(actor, pub, "publication.publish")
        if pub.state != PublicationState.PUBLISHED or not pub.revocation:
            raise RuleViolation("请先登记决定被撤销、确认违法等情况", field="ground", rule=rules.WITHDRAW_RULE)
        now = timezone.now()
        reason = withdrawal_reason(pub.revocation)
        snap = _end(pub, PublicationState.WITHDRAWN, reason, now)
        obligations.meet(subject=pub, rule=rules.WITHDRAW_RULE, at=now)
        _record(actor, pub, "publication.withdrawn", snapshot=snap.pk, reason=reason)
    return snap


def expiry_reason(visible_until: dt.date) -> str:
    return f"公示期已于{visible_until:%Y-%m-%d}届满"


def expire_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Every publication whose period (PUB-05) ended before today taken down: the worker's sweep and
    ``zhifa publicity_expire``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = 0
    for pk in Publication.objects.filter(state=PublicationState.PUBLISHED, visible_until__lt=today).values_list(
            "pk", flat=True).iterator():
        with transaction.atomic():
            pub = Publication.objects.select_for_update(of=("self",)).select_related("agency").get(pk=pk)
            if pub.state != PublicationState.PUBLISHED:
                continue
            assert pub.visible_until is not None
            snap = _end(pub, PublicationState.EXPIRED, expiry_reason(pub.visible_until), now)
            search.unindex(snap)
            _record(None, pub, "publication.expired", snapshot=snap.pk, visible_until=pub.visible_until)
            done += 1
    return {"expired": done}


def take_down_repaired(*, actor: User, publication: Publication, severity: str, reason: str) -> PublishedSnapshot:
    """信用修复: a 行政处罚 publication taken down early on the party's request, once the shortest period for its
    severity (ZHIFA_CREDIT_REPAIR_MONTHS) has run; the request's reason recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请写明信用修复的情况（申请人、已履行的义务）", field="reason", rule=rules.REPAIR_RULE)
    with transaction.atomic():
        pub = locked(publication)
        in_reach(actor, pub, "publication.publish")
        if pub.state != PublicationState.PUBLISHED or pub.kind != PublicationKind.PENALTY:
            raise RuleViolation("只有正在公示的行政处罚信息可以信用修复后撤下", field="severity",
                                rule=rules.REPAIR_RULE)
        now = timezone.now()
        assert pub.published_at is not None
        rules.check_repair(timezone.localdate(pub.published_at), severity, timezone.localdate(now))
        snap = _end(pub, PublicationState.TAKEN_DOWN, "信用修复后提前撤下", now)
        search.unindex(snap)
        _record(actor, pub, "publication.repaired", snapshot=snap.pk, severity=severity, reason=reason)
    return snap

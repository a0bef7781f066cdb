"""Write functions for parties: record, update, agents, service addresses.

Each takes the acting user first, checks the permission table (``party.manage``), validates with Chinese
messages naming the field and the rule, writes in one transaction and appends its ledger entry there. A party
is one row per real-world person or organisation (the unique constraints on its number): recording a number
already known returns that party instead of a second one, so a form sent twice records one party.

Ledger payloads carry identity and telephone numbers masked (``core.masking``): the ledger is exported and
kept for ever, the full number stays in the party's row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.agencies.permissions import reach, require
from zhifa.core.errors import RuleViolation
from zhifa.core.masking import mask_id, mask_phone
from zhifa.core.validators import validate_resident_id, validate_uscc
from zhifa.ledger import chain as ledger
from zhifa.parties.access import identity, may_manage, normalise_number, parties_for
from zhifa.parties.models import (
    PERSON_ID_KINDS,
    Agent,
    AgentScope,
    IdKind,
    Party,
    PartyAgency,
    PartyKind,
    ServiceAddress,
    Sex,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

UNIQUE_RULE = "当事人唯一性"
INDIVIDUAL_CODE = "92"  # GB 32100: 登记管理部门 9 (市场监管), 机构类别 2 (个体工商户)
SERVICE_RULE = "行政处罚法 第61条"
_PHONE = re.compile(r"^\+?[0-9][0-9\- ()]{4,28}[0-9]$")
_OTHER_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9()\-]{3,39}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


@dataclasses.dataclass
class Recorded:
    """What ``record_party`` did: the party, and whether it is new (False: found by its number)."""

    party: Party
    created: bool
    linked: bool = False  # known before to other agencies only; now to the actor's too


# ---------------------------------------------------------------- checks


def _plain(rule_text: str, message: str) -> str:
    """A validator's message without its own “（GB …）”, which the violation's rule adds again."""
    return message.replace(f"（{rule_text}）", "", 1)


def check_id(id_kind: str, number: str, *, field: str, label: str) -> str:
    """The normalised number of a document of ``id_kind``; refuses a malformed one naming ``label``."""
    number = normalise_number(number)
    if not number:
        raise RuleViolation(f"{label}不能为空", field=field)
    if id_kind == IdKind.RESIDENT:
        try:
            validate_resident_id(number, today=timezone.localdate())
        except ValidationError as e:
            raise RuleViolation(f"{label}：" + _plain("GB 11643", e.messages[0]), rule="GB 11643",
                                field=field) from None
    elif id_kind == IdKind.USCC:
        try:
            validate_uscc(number)
        except ValidationError as e:
            raise RuleViolation(f"{label}：" + _plain("GB 32100", e.messages[0]), rule="GB 32100",
                                field=field) from None
    elif id_kind in dict(PERSON_ID_KINDS):
        if not _OTHER_NUMBER.match(number):
            raise RuleViolation(f"{label}只能由字母、数字、括号和“-”组成，4至40位", field=field)
    else:
        raise RuleViolation("证件类型不在可选范围内", field=field.replace("number", "kind"))
    return number


def check_phone(phone: str, *, field: str = "phone", label: str = "联系电话", required: bool = False) -> str:
    phone = (phone or "").strip()
    if not phone:
        if required:
            raise RuleViolation(f"{label}不能为空", field=field)
        return ""
    if not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 5:
        raise RuleViolation(f"{label}应为电话号码（数字，可含“-”“+”、空格和括号），如 13812345678 或 0412-2345678",
                            field=field)
    return phone


def _born_and_sex(number: str) -> tuple[dt.date, str]:
    born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return born, (Sex.MALE if int(number[16]) % 2 else Sex.FEMALE)


def _person_details(id_kind: str, number: str, sex: str, birth_date: dt.date | None) -> tuple[str, dt.date | None]:
    """Sex and birth date: read from a 居民身份证 number (and a typed value must agree with it)."""
    if sex and sex not in Sex.values:
        raise RuleViolation("性别不在可选范围内", field="sex")
    if id_kind != IdKind.RESIDENT:
        return sex, birth_date
    born, derived = _born_and_sex(number)
    if sex and sex != derived:
        raise RuleViolation("性别与公民身份号码第17位不符（奇数为男，偶数为女）", rule="GB 11643", field="sex")
    if birth_date and birth_date != born:
        raise RuleViolation(f"出生日期与公民身份号码第7至14位（{born.isoformat()}）不符", rule="GB 11643",
                            field="birth_date")
    return derived, born


def _text(value: str, *, field: str, label: str, required: bool = False) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise RuleViolation(f"{label}不能为空", field=field)
    return value


def check_party(*, kind: str, name: str, id_kind: str = "", id_number: str = "", uscc: str = "",
                sex: str = "", birth_date: dt.date | None = None, address: str = "", phone: str = "",
                rep_name: str = "", rep_id_kind: str = "", rep_id_number: str = "", rep_position: str = ""
                ) -> dict[str, Any]:
    """A party's values checked and normalised for its kind, as the row stores them."""
    if kind not in PartyKind.values:
        raise RuleViolation("当事人类型不在可选范围内", field="kind")
    values: dict[str, Any] = {"kind": kind, "address": _text(address, field="address", label="地址"),
                              "phone": check_phone(phone), "sex": "", "birth_date": None,
                              "rep_name": "", "rep_id_kind": "", "rep_id_number": "", "rep_position": ""}
    if kind == PartyKind.PERSON:
        values["name"] = _text(name, field="name", label="姓名", required=True)
        if id_kind not in dict(PERSON_ID_KINDS):
            raise RuleViolation("请选择证件类型", field="id_kind")
        values["id_kind"] = id_kind
        values["id_number"] = check_id(id_kind, id_number, field="id_number", label="证件号码")
        values["sex"], values["birth_date"] = _person_details(id_kind, values["id_number"], sex, birth_date)
        return values
    rep_label = "经营者" if kind == PartyKind.INDIVIDUAL else "法定代表人（负责人）"
    values["rep_name"] = _text(rep_name, field="rep_name", label=f"{rep_label}姓名", required=True)
    values["rep_position"] = _text(rep_position, field="rep_position", label="职务")
    if rep_id_number or kind == PartyKind.INDIVIDUAL:
        if rep_id_kind not in dict(PERSON_ID_KINDS):
            raise RuleViolation(f"请选择{rep_label}的证件类型", field="rep_id_kind")
        values["rep_id_kind"] = rep_id_kind
        values["rep_id_number"] = check_id(rep_id_kind, rep_id_number, field="rep_id_number",
                                           label=f"{rep_label}证件号码")
    if kind == PartyKind.INDIVIDUAL:
        values["name"] = _text(name, field="name", label="字号名称") or f"{values['rep_name']}（个体工商户）"
        if normalise_number(uscc):
            values["id_kind"] = IdKind.USCC
            values["id_number"] = check_id(IdKind.USCC, uscc, field="uscc", label="统一社会信用代码")
            if not values["id_number"].startswith(INDIVIDUAL_CODE):
                raise RuleViolation(
                    "统一社会信用代码：个体工商户的代码前两位应为“92”（登记管理部门代码9、机构类别代码2）",
                    rule="GB 32100", field="uscc")
        else:  # no code: known by its operator's document, in a namespace of its own
            values["id_kind"], values["id_number"] = values["rep_id_kind"], values["rep_id_number"]
        return values
    values["name"] = _text(name, field="name", label="名称", required=True)
    values["id_kind"] = IdKind.USCC
    values["id_number"] = check_id(IdKind.USCC, uscc, field="uscc", label="统一社会信用代码")
    if values["id_number"].startswith(INDIVIDUAL_CODE):
        raise RuleViolation("统一社会信用代码：前两位“92”是个体工商户的代码，请按个体工商户登记", rule="GB 32100",
                            field="uscc")
    return values


def number_field(kind: str, id_kind: str) -> str:
    """The form field that holds a party's identifying number."""
    if id_kind == IdKind.USCC and kind != PartyKind.PERSON:
        return "uscc"
    return "rep_id_number" if kind == PartyKind.INDIVIDUAL else "id_number"


# ---------------------------------------------------------------- who records


def recording_agency(actor: User, agency: Agency | None = None) -> Agency:
    """The 执法主体 in whose name ``actor`` records: ``agency`` (within their party.manage reach) or, when
    they reach one only, that one."""
    everything, roots = reach(actor, "party.manage")
    if agency is not None:
        require(actor, "party.manage", agency)
        return agency.enclosing_agency()
    agencies = {r.enclosing_agency().pk: r.enclosing_agency() for r in roots}
    if len(agencies) == 1:
        return next(iter(agencies.values()))
    if not agencies and not everything:
        require(actor, "party.manage")  # raises
    raise RuleViolation("请选择登记机关", field="agency")


def recording_agencies(actor: User) -> list[Agency]:
    """The agencies ``actor`` may record parties for (the form's choice when more than one)."""
    _, roots = reach(actor, "party.manage")
    return list({r.enclosing_agency().pk: r.enclosing_agency() for r in roots}.values())


def _payload(party: Party) -> dict[str, Any]:
    return {"kind": party.kind, "name": party.name, "id_kind": party.id_kind, "id_number": mask_id(party.id_number)}


def _same_name(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _link(*, actor: User, party: Party, agency: Agency, now: dt.datetime) -> bool:
    """Make ``party`` known to ``agency``; False if it was already."""
    if PartyAgency.objects.filter(party=party, agency=agency).exists():
        return False
    try:
        with transaction.atomic():
            PartyAgency.objects.create(party=party, agency=agency, since=now, by=actor)
    except IntegrityError:  # the same form sent twice at once: the other request linked it
        return False
    ledger.append(actor=actor, agency=agency, kind="party.linked", subject=party, payload=_payload(party))
    return True


def record_party(*, actor: User, kind: str, name: str, agency: Agency | None = None, **fields: Any) -> Recorded:
    """Record a party, or find it by its number when it is known already (then nothing is typed again and
    nothing is changed: the existing row is returned, ``created`` False). A party other agencies recorded is
    linked to the actor's agency when the name typed is the name it has; otherwise refused, without saying
    whose the number is."""
    agency = recording_agency(actor, agency)
    values = check_party(kind=kind, name=name, **fields)
    with transaction.atomic():
        now = timezone.now()
        existing = _existing(values)
        if existing is None:
            try:
                with transaction.atomic():
                    party = Party.objects.create(**values, created_at=now, updated_at=now, created_by=actor)
            except IntegrityError:  # the same form sent twice at once: the other request recorded it
                existing = _existing(values)
                if existing is None:
                    raise
            else:
                PartyAgency.objects.create(party=party, agency=agency, since=now, by=actor)
                ledger.append(actor=actor, agency=agency, kind="party.recorded", subject=party,
                              payload=_payload(party) | {"address": party.address, "phone": mask_phone(party.phone)})
                return Recorded(party, created=True)
        if not parties_for(actor).filter(pk=existing.pk).exists() and not _same_name(existing.name, values["name"]):
            raise RuleViolation("该号码已登记为另一名称的当事人，与所填名称不一致；请核对号码和名称",
                                rule=UNIQUE_RULE, field=number_field(values["kind"], values["id_kind"]))
        linked = _link(actor=actor, party=existing, agency=agency, now=now)
        return Recorded(existing, created=False, linked=linked)


def _existing(values: dict[str, Any]) -> Party | None:
    return Party.objects.filter(identity(values["kind"], values["id_kind"], values["id_number"])).first()


EDITABLE = ("name", "id_kind", "id_number", "sex", "birth_date", "address", "phone", "rep_name", "rep_id_kind",
            "rep_id_number", "rep_position")
MASKED = {"id_number": mask_id, "rep_id_number": mask_id, "phone": mask_phone}


def update_party(*, actor: User, party: Party, **fields: Any) -> Party:
    """Correct a party's details (its kind stays). A number that another party holds is refused."""
    if not may_manage(actor, party):
        raise PermissionDenied("无权登记和维护当事人")
    values = check_party(kind=party.kind, **fields)
    with transaction.atomic():
        locked = Party.objects.select_for_update().get(pk=party.pk)
        changed = [f for f in EDITABLE if getattr(locked, f) != values[f]]
        if not changed:
            return locked
        if {"id_kind", "id_number"} & set(changed) and Party.objects.filter(
                identity(locked.kind, values["id_kind"], values["id_number"])).exclude(pk=locked.pk).exists():
            raise RuleViolation("该号码已登记为另一当事人，不能改为此号码", rule=UNIQUE_RULE,
                                field=number_field(locked.kind, values["id_kind"]))
        for f in changed:
            setattr(locked, f, values[f])
        locked.updated_at = timezone.now()
        locked.save()
        agency = _agency_of(actor, locked)
        ledger.append(actor=actor, agency=agency, kind="party.updated", subject=locked, payload={
            "changed": {f: MASKED.get(f, str)(values[f]) if values[f] is not None else None for f in changed}})
    return locked


def _agency_of(actor: User, party: Party) -> Agency:
    """The actor's agency that knows ``party`` (for the ledger's chain)."""
    mine = {a.pk for a in recording_agencies(actor)}
    known = PartyAgency.objects.filter(party=party, agency_id__in=mine).select_related("agency").first()
    if known is not None:
        return known.agency
    return recording_agency(actor)


# ---------------------------------------------------------------- agents and service addresses


def _evidence(actor: User, pk: int | None, *, field: str, label: str):
    if pk is None:
        return None
    from zhifa.records.access import evidence_for

    found = evidence_for(actor).filter(pk=pk).first()
    if found is None:
        raise RuleViolation(f"{label}：证据编号 {pk} 不存在或不在您的查看范围内", field=field)
    return found


def _subject(subject: models.Model | None) -> dict[str, Any]:
    if subject is None:
        return {"subject_type": None, "subject_id": None}
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


def _writable(actor: User, party: Party, agency: Agency | None) -> tuple[Party, Agency]:
    if not may_manage(actor, party):
        raise PermissionDenied("无权登记和维护当事人")
    agency = _agency_of(actor, party) if agency is None else recording_agency(actor, agency)
    return Party.objects.select_for_update().get(pk=party.pk), agency  # repeats of one form queue here


def add_agent(*, actor: User, party: Party, name: str, id_kind: str, id_number: str, scope: str,
              valid_from: dt.date, phone: str = "", relation: str = "", scope_text: str = "",
              valid_to: dt.date | None = None, authorisation: int | None = None,
              subject: models.Model | None = None, agency: Agency | None = None) -> Agent:
    """Record a 委托代理人 and the authorisation; the 授权委托书, where handed in, is evidence (its number)."""
    name = _text(name, field="name", label="代理人姓名", required=True)
    if id_kind not in dict(PERSON_ID_KINDS):
        raise RuleViolation("请选择代理人的证件类型", field="id_kind")
    number = check_id(id_kind, id_number, field="id_number", label="代理人证件号码")
    phone = check_phone(phone)
    if scope not in AgentScope.values:
        raise RuleViolation("代理权限不在可选范围内", field="scope")
    scope_text = _text(scope_text, field="scope_text", label="授权事项")
    if scope == AgentScope.SPECIAL and not scope_text:
        raise RuleViolation("特别授权须写明授权事项（如代为陈述申辩、代为签收文书）", rule="授权委托书载明事项",
                            field="scope_text")
    if valid_to is not None and valid_to < valid_from:
        raise RuleViolation("授权截止日不能早于起始日", field="valid_to")
    evidence = _evidence(actor, authorisation, field="authorisation", label="授权委托书")
    values = {"name": name, "id_kind": id_kind, "id_number": number, "phone": phone,
              "relation": _text(relation, field="relation", label="与当事人关系"), "scope": scope,
              "scope_text": scope_text, "valid_from": valid_from, "valid_to": valid_to, "authorisation": evidence,
              **_subject(subject)}
    with transaction.atomic():
        locked, agency = _writable(actor, party, agency)
        same = Agent.objects.filter(party=locked, agency=agency, **values).first()
        if same is not None:  # the same form sent again
            return same
        agent = Agent.objects.create(party=locked, agency=agency, **values, created_at=timezone.now(),
                                     created_by=actor)
        ledger.append(actor=actor, agency=agency, kind="party.agent_added", subject=locked, payload={
            "agent": agent.pk, "name": name, "id_kind": id_kind, "id_number": mask_id(number), "scope": scope,
            "scope_text": scope_text, "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat() if valid_to else None},
            evidence=[evidence.blob.sm3] if evidence is not None else ())
    return agent


def check_electronic_address(value: str) -> str:
    value = (value or "").strip()
    if value and not (_EMAIL.match(value) or _MOBILE.match(value)):
        raise RuleViolation("电子送达地址应为电子邮箱或11位手机号码", field="electronic_address")
    return value


def confirm_service_address(*, actor: User, party: Party, address: str, recipient: str, phone: str,
                            confirmed_on: dt.date, postcode: str = "", electronic_address: str = "",
                            electronic_consent: bool = False, consent_evidence: int | None = None,
                            signed: bool = False, signed_by: str = "", subject: models.Model | None = None,
                            agency: Agency | None = None) -> ServiceAddress:
    """Record a 送达地址确认书 of ``party`` (for ``subject``, the case, when given). Electronic service needs the
    party's written consent (行政处罚法 第61条第2款): the signed confirmation, or the consent as evidence."""
    address = _text(address, field="address", label="送达地址", required=True)
    recipient = _text(recipient, field="recipient", label="收件人", required=True)
    phone = check_phone(phone, label="收件人电话", required=True)
    postcode = (postcode or "").strip()
    if postcode and not (len(postcode) == 6 and postcode.isascii() and postcode.isdigit()):
        raise RuleViolation("邮政编码应为6位数字", field="postcode")
    electronic_address = check_electronic_address(electronic_address)
    if confirmed_on > timezone.localdate():
        raise RuleViolation("确认日期不能晚于今天", field="confirmed_on")
    signed_by = _text(signed_by, field="signed_by", label="签字人")
    if signed and not signed_by:
        raise RuleViolation("已签字确认的，须填写签字人姓名", field="signed_by")
    evidence = _evidence(actor, consent_evidence, field="consent_evidence", label="同意电子送达的书面材料")
    if electronic_consent:
        if not electronic_address:
            raise RuleViolation("同意电子送达的，须填写电子送达地址", rule=SERVICE_RULE, field="electronic_address")
        if not signed and evidence is None:
            raise RuleViolation("电子送达须经受送达人书面同意：确认书须经签字，或提供同意电子送达的书面材料",
                                rule=SERVICE_RULE, field="electronic_consent")
    values = {"address": address, "postcode": postcode, "recipient": recipient, "phone": phone,
              "electronic_address": electronic_address, "electronic_consent": electronic_consent,
              "consent_evidence": evidence, "confirmed_on": confirmed_on, "signed": signed, "signed_by": signed_by,
              **_subject(subject)}
    with transaction.atomic():
        locked, agency = _writable(actor, party, agency)
        same = ServiceAddress.objects.filter(party=locked, agency=agency, **values).first()
        if same is not None:  # the same form sent again
            return same
        confirmation = ServiceAddress.objects.create(party=locked, agency=agency, **values,
                                                     created_at=timezone.now(), created_by=actor)
        ledger.append(actor=actor, agency=agency, kind="party.service_address_confirmed", subject=locked, payload={
            "service_address": confirmation.pk, "address": address, "postcode": postcode, "recipient": recipient,
            "phone": mask_phone(phone), "electronic": bool(electronic_address),
            "electronic_consent": electronic_consent,
            "confirmed_on": confirmed_on.isoformat(), "signed": signed,
            "subject": f"{values['subject_type'].app_label}.{values['subject_type'].model}:{values['subject_id']}"
            if subject is not None else None},
            evidence=[evidence.blob.sm3] if evidence is not None else ())
    return confirmation

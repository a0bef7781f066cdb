"""Write functions for agencies, people, officers, credentials, role grants and reviewers.

Each takes the acting user first, checks permission with the one table, validates, and changes rows in
one transaction. A refusal is a ``RuleViolation`` (or ``PermissionDenied``) naming the field and the rule.
"""

from __future__ import annotations

import datetime as dt
from binascii import unhexlify
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, key_validator

from zhifa.agencies import rules, two_factor
from zhifa.agencies.models import (
    AccountState,
    ActionKind,
    Agency,
    Credential,
    CredentialState,
    Domain,
    ImportRun,
    ImportState,
    Officer,
    OrgLevel,
    Person,
    QualificationKind,
    Reviewer,
    Role,
    RoleGrant,
    name_of,
)
from zhifa.agencies.permissions import can, covers, forget, grant_reaches, reach, require
from zhifa.core.errors import RuleViolation
from zhifa.core.queue import claim_oldest
from zhifa.core.validators import validate_resident_id, validate_uscc
from zhifa.ledger import chain as ledger
from zhifa.ledger.keys import ensure_key
from zhifa.obligations import actions as obligations
from zhifa.obligations.models import Obligation, PeriodUnit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User



def _validate(field: str, label: str, validator, value: str) -> str:
    value = (value or "").strip().upper()
    if value:
        try:
            validator(value)
        except ValidationError as e:
            raise RuleViolation(f"{label}：{e.messages[0]}", field=field) from None
    return value


def _required(field: str, label: str, value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RuleViolation(f"{label}不能为空", field=field)
    return value.strip() if isinstance(value, str) else value


# ---------------------------------------------------------------- agencies


# What agency.manage edits. Not ``supervises``: which region an agency supervises decides how far its
# 监督人员 reach, so it is set by ``set_supervision``, a decision of the level above.
AGENCY_FIELDS = ("name", "uscc", "duties", "jurisdiction", "address", "phone", "principal")


def _agency_record(agency: Agency) -> dict[str, Any]:
    return {"parent": agency.parent_id, "level": agency.level.code, "path": agency.path, "name": agency.name,
            "uscc": agency.uscc, "duties": agency.duties, "jurisdiction": agency.jurisdiction,
            "address": agency.address, "phone": agency.phone, "principal": agency.principal_id,
            "supervises": agency.supervises_id, "domains": sorted(d.code for d in agency.domains.all())}


def _credential_record(c: Credential, domains: Iterable[Domain] | None = None,
                       areas: Iterable[Agency] | None = None) -> dict[str, Any]:
    """What a credential's ledger entries hold; ``domains`` and ``areas`` when the caller has them at hand."""
    return {"officer": c.officer_id, "number": c.number, "issuing_body": c.issuing_body,
            "action_kinds": list(c.action_kinds),
            "domains": sorted(d.code for d in (c.domains.all() if domains is None else domains)),
            "areas": sorted(a.pk for a in (c.areas.all() if areas is None else areas)),
            "valid_from": c.valid_from, "valid_to": c.valid_to, "state": c.state, "state_reason": c.state_reason}


def _check_agency_fields(values: dict[str, Any], level: OrgLevel, exclude_pk: int | None) -> dict[str, Any]:
    values["name"] = _required("name", "名称", values.get("name"))
    values["uscc"] = _validate("uscc", "统一社会信用代码", validate_uscc, values.get("uscc", ""))
    if level.is_agency and not values["uscc"]:
        raise RuleViolation("执法主体（机关）必须填写统一社会信用代码", field="uscc", rule="PUB-01")
    others = Agency.objects.filter(uscc=values["uscc"])
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if values["uscc"] and others.exists():
        raise RuleViolation(f"统一社会信用代码{values['uscc']}已被其他机构使用", field="uscc")
    return values


def _check_supervision(actor: User, where: Agency | None, level: OrgLevel, regions: Iterable[Agency | None],
                       region: Agency | None) -> None:
    """May ``actor`` decide that the agency at ``where`` (of ``level``) supervises ``region`` (GEN-01)?

    The decision belongs to the level above: whoever holds agency.set_supervision over the agency and over
    every region concerned (the one it supervised and the one it is to supervise) — the region's own
    supervisor or a system administrator, never the agency itself.
    """
    if region is not None and not (level.is_agency and region.level.is_region):
        raise RuleViolation("只有机关可以监督一个行政区域", field="supervises", rule="GEN-01")
    if where is None:
        everything, _ = reach(actor, "agency.set_supervision")
        if not everything:
            raise PermissionDenied("无权指定监督区域")
    else:
        require(actor, "agency.set_supervision", where)
    for r in regions:
        if r is not None and not can(actor, "agency.set_supervision", r):
            raise RuleViolation(f"无权决定由谁监督“{r.name}”：这由该区域的监督机关或系统管理员决定",
                                field="supervises", rule="GEN-01")


def create_agency(*, actor: User, parent: Agency | None, level: OrgLevel, domains: Iterable[Domain] = (),
                  supervises: Agency | None = None, **fields: Any) -> Agency:
    """Add a node under ``parent``: a region, an agency or an internal unit (GEN-01).

    ``supervises`` makes the new agency a 司法局 of that region, which needs agency.set_supervision besides.
    """
    if parent is None:
        everything, _ = reach(actor, "agency.manage")
        if not everything:  # a root can only be added by someone who reaches the whole tree
            raise PermissionDenied("无权新增顶级机构")
    else:
        require(actor, "agency.manage", parent)
        if level.rank <= parent.level.rank:
            raise RuleViolation(f"“{level.name}”不能设在“{parent.level.name}”之下", field="level", rule="GEN-01")
    if supervises is not None:
        _check_supervision(actor, parent, level, [supervises], supervises)
    values = _check_agency_fields({k: fields.get(k) for k in AGENCY_FIELDS}, level, None)
    with transaction.atomic():
        try:
            agency = Agency.objects.create(parent=parent, level=level, supervises=supervises,
                                           **{k: v for k, v in values.items() if v is not None})
        except IntegrityError:
            raise RuleViolation(f"上级机构下已有名为“{values['name']}”的机构", field="name") from None
        agency.path = f"{parent.path if parent else '/'}{agency.pk}/"
        agency.save(update_fields=["path"])
        agency.domains.set(domains)
        ledger.append(actor=actor, agency=agency, kind="agency.created", subject=agency,
                      payload=_agency_record(agency))
        if level.is_agency:
            ensure_key(agency)  # its SM2 key pair for signing checkpoints
    return agency


def update_agency(*, actor: User, agency: Agency, domains: Iterable[Domain] | None = None,
                  **fields: Any) -> Agency:
    """Edit an agency's particulars; its place in the tree, level and supervision are not among them."""
    require(actor, "agency.manage", agency)
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:  # a caller passing supervises, parent or level here is a bug, not something to ignore
        raise TypeError(f"update_agency() cannot change {', '.join(sorted(unknown))}")
    values = {k: fields.get(k, getattr(agency, k)) for k in AGENCY_FIELDS}
    values = _check_agency_fields(values, agency.level, agency.pk)
    with transaction.atomic():
        for k, v in values.items():
            setattr(agency, k, v if v is not None else ("" if k != "principal" else None))
        try:
            with transaction.atomic():
                agency.save(update_fields=list(AGENCY_FIELDS))
        except IntegrityError:
            raise RuleViolation(f"上级机构下已有名为“{values['name']}”的机构", field="name") from None
        if domains is not None:
            agency.domains.set(domains)
        ledger.append(actor=actor, agency=agency, kind="agency.updated", subject=agency,
                      payload=_agency_record(agency))
    return agency


def set_supervision(*, actor: User, agency: Agency, region: Agency | None) -> Agency:
    """Make ``agency`` the 司法局 supervising ``region``, or no region's (GEN-01); agency.set_supervision."""
    with transaction.atomic():
        agency = Agency.objects.select_for_update(of=("self",)).select_related("level", "supervises").get(pk=agency.pk)
        previous = agency.supervises
        _check_supervision(actor, agency, agency.level, [previous, region], region)
        agency.supervises = region
        agency.save(update_fields=["supervises"])
        ledger.append(actor=actor, agency=agency, kind="agency.supervision_set", subject=agency, payload={
            "agency": agency.pk, "supervises": region.pk if region else None,
            "previous": previous.pk if previous else None})
    forget(actor)  # its remembered grants still name the old region
    return agency


# ---------------------------------------------------------------- people and officers


def create_officer(*, actor: User, unit: Agency, name: str, id_number: str = "", phone: str = "",
                   post: str = "") -> Officer:
    """Register an enforcement officer in ``unit`` (GEN-03); the person is found by ID number or created."""
    require(actor, "officer.manage", unit)
    with transaction.atomic():
        person = _person_for(name, id_number)
        if Officer.objects.filter(person=person).exists():
            raise RuleViolation(f"公民身份号码{person.id_number}的人员已登记为执法人员", field="id_number",
                                rule="GEN-03")
        if phone and not person.phone:
            person.phone = phone.strip()
            person.save(update_fields=["phone"])
        officer = Officer.objects.create(person=person, unit=unit, post=(post or "").strip())
        ledger.append(actor=actor, agency=unit, kind="officer.created", subject=officer,
                      payload=_officer_created(officer))
        return officer


def _officer_created(officer: Officer) -> dict[str, Any]:
    person = officer.person
    return {"person": person.pk, "name": person.name, "id_number": person.id_number, "unit": officer.unit_id,
            "post": officer.post}


def update_officer(*, actor: User, officer: Officer, name: str, id_number: str, phone: str, post: str,
                   unit: Agency, active: bool) -> Officer:
    require(actor, "officer.manage", officer.unit)
    if unit.pk != officer.unit_id:
        require(actor, "officer.manage", unit)
    name = _required("name", "姓名", name)
    id_number = _validate("id_number", "公民身份号码", validate_resident_id, id_number)
    if id_number and Person.objects.filter(id_number=id_number).exclude(pk=officer.person_id).exists():
        raise RuleViolation(f"公民身份号码{id_number}已登记为其他人员", field="id_number")
    with transaction.atomic():
        person = officer.person
        person.name, person.id_number, person.phone = name, id_number, (phone or "").strip()
        person.save()
        officer.unit, officer.post, officer.active = unit, (post or "").strip(), active
        officer.save()
        ledger.append(actor=actor, agency=unit, kind="officer.updated", subject=officer, payload={
            "person": person.pk, "name": name, "id_number": id_number, "phone": person.phone, "unit": unit.pk,
            "post": officer.post, "active": active})
    return officer


# ---------------------------------------------------------------- credentials


def _renewal_deadline(credential: Credential) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    due_day = credential.valid_to - dt.timedelta(days=rules.RENEWAL_LEAD_DAYS)
    due = dt.datetime.combine(due_day, dt.time(23, 59, 59), tzinfo=tz)
    return due, due - dt.timedelta(days=rules.RENEWAL_WARN_DAYS)


def _schedule_renewal(credential: Credential) -> None:
    """Keep one renewal obligation per officer, following the credential that ends last (GEN-03)."""
    officer = credential.officer
    latest = officer.credentials.exclude(state=CredentialState.REVOKED).order_by("-valid_to", "-pk").first()
    for c in officer.credentials.all():
        if latest is not None and c.pk == latest.pk:
            continue
        obligations.meet(subject=c, rule=rules.RENEWAL_RULE)
    if latest is None:
        return
    obligations.ensure_obligation(subject=latest, **_renewal(latest))


def _renewal_title(credential: Credential, due: dt.datetime) -> str:
    """Stored once and read on any later day, so it names both dates and no tense (never “将于” a day gone),
    and its “应于…前” is the due date the list shows beside it."""
    return (f"执法证{credential.number}（有效期至{credential.valid_to.isoformat()}）"
            f"应于{timezone.localtime(due).date().isoformat()}前申请换证")


def _renewal(credential: Credential) -> dict[str, Any]:
    """The renewal obligation on ``credential``, the one of its officer's that ends last (GEN-03)."""
    due, warn = _renewal_deadline(credential)
    return {"agency": credential.officer.unit, "rule": rules.RENEWAL_RULE, "basis": rules.RENEWAL_BASIS,
            "title": _renewal_title(credential, due),
            "due_at": due, "warn_from": warn, "unit": PeriodUnit.DAY, "assignee": credential.officer.person.user}


def issue_credential(*, actor: User, officer: Officer, number: str, issuing_body: str,
                     action_kinds: Iterable[str], domains: Iterable[Domain], areas: Iterable[Agency],
                     valid_from: dt.date, valid_to: dt.date) -> Credential:
    """Record an 执法证 (GEN-03) and schedule its renewal 30 days before it ends."""
    require(actor, "officer.manage", officer.unit)
    number = _required("number", "证件编号", number)
    issuing_body = _required("issuing_body", "发证机关", issuing_body)
    kinds = list(dict.fromkeys(action_kinds))
    unknown = [k for k in kinds if k not in ActionKind.values]
    if not kinds:
        raise RuleViolation("执法类别至少选择一项行政行为种类", field="action_kinds", rule="GEN-02")
    if unknown:
        raise RuleViolation(f"未知的执法类别：{'、'.join(unknown)}", field="action_kinds", rule="GEN-02")
    domains, areas = list(domains), list(areas)
    if not domains:
        raise RuleViolation("执法类别至少选择一个执法领域", field="domains", rule="GEN-03")
    if not areas:
        raise RuleViolation("执法区域至少选择一个", field="areas", rule="GEN-03")
    if any(not a.level.is_region for a in areas):
        raise RuleViolation("执法区域只能是行政区域（省、市、县）", field="areas", rule="GEN-03")
    if valid_from is None or valid_to is None:
        raise RuleViolation("有效期起止日期不能为空", field="valid_to")
    if valid_to < valid_from:
        raise RuleViolation(f"有效期至（{valid_to}）早于有效期起（{valid_from}）", field="valid_to")
    with transaction.atomic():
        if Credential.objects.filter(number=number).exists():
            raise RuleViolation(f"证件编号{number}已存在，执法证编号必须唯一", field="number", rule="GEN-03")
        try:
            with transaction.atomic():
                credential = Credential.objects.create(
                    officer=officer, number=number, issuing_body=issuing_body, action_kinds=kinds,
                    valid_from=valid_from, valid_to=valid_to)
        except IntegrityError:  # a concurrent writer took the number between the check and the insert
            raise RuleViolation(f"证件编号{number}已存在，执法证编号必须唯一", field="number",
                                rule="GEN-03") from None
        credential.domains.set(domains)
        credential.areas.set(areas)
        _schedule_renewal(credential)
        ledger.append(actor=actor, agency=officer.unit, kind="credential.issued", subject=credential,
                      payload=_credential_record(credential))
    return credential


def import_credentials(*, actor: User, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Register the officers and 执法证 of a checked import file at once (GEN-03): what ``create_officer`` and
    ``issue_credential`` do row by row (the same rows, renewal obligations and ledger entries) with statements
    per batch, so that the one transaction, and SQLite's write lock, lasts moments even for thousands of rows.

    Each row: unit, name, id_number, phone, post, officer (the registered officer the credential is added to,
    or None), number, issuing_body, action_kinds, domains, areas, valid_from, valid_to, as the import checked
    them; what only the write can see (a number or a person registered meanwhile) is refused here.
    """
    for unit in {r["unit"].pk: r["unit"] for r in rows}.values():
        require(actor, "officer.manage", unit)
    new: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["officer"] is None:
            new.setdefault(r["id_number"], r)
    try:
        with transaction.atomic():
            taken = Credential.objects.filter(number__in=[r["number"] for r in rows]).values_list("number", flat=True)
            if number := taken.first():
                raise RuleViolation(f"证件编号{number}已存在，执法证编号必须唯一", field="number", rule="GEN-03")
            persons = {p.id_number: p for p in Person.objects.select_for_update().filter(id_number__in=list(new))}
            registered = Officer.objects.filter(person__in=list(persons.values())).select_related("person").first()
            if registered is not None:
                raise RuleViolation(f"公民身份号码{registered.person.id_number}的人员已登记为执法人员",
                                    field="id_number", rule="GEN-03")
            phoned = []
            for id_number, person in persons.items():
                if person.name != new[id_number]["name"]:
                    raise RuleViolation(f"公民身份号码{id_number}已登记为“{person.name}”，与导入的姓名不符",
                                        field="name")
                if new[id_number]["phone"] and not person.phone:
                    person.phone = new[id_number]["phone"].strip()
                    phoned.append(person)
            Person.objects.bulk_update(phoned, ["phone"], batch_size=500)
            created_people = Person.objects.bulk_create(
                [Person(name=r["name"], id_number=i, phone=(r["phone"] or "").strip())
                 for i, r in new.items() if i not in persons], batch_size=500)
            persons.update((p.id_number, p) for p in created_people)
            officers = Officer.objects.bulk_create(
                [Officer(person=persons[i], unit=r["unit"], post=(r["post"] or "").strip()) for i, r in new.items()],
                batch_size=500)
            by_id = {o.person.id_number: o for o in officers}
            credentials = Credential.objects.bulk_create(
                [Credential(officer=r["officer"] or by_id[r["id_number"]], number=r["number"],
                            issuing_body=r["issuing_body"], action_kinds=list(dict.fromkeys(r["action_kinds"])),
                            valid_from=r["valid_from"], valid_to=r["valid_to"]) for r in rows], batch_size=500)
            pairs = list(zip(credentials, rows, strict=True))
            domains, areas = Credential.domains.through, Credential.areas.through
            domains.objects.bulk_create([domains(credential_id=c.pk, domain_id=d.pk) for c, r in pairs
                                         for d in r["domains"]], batch_size=500)
            areas.objects.bulk_create([areas(credential_id=c.pk, agency_id=a.pk) for c, r in pairs
                                       for a in r["areas"]], batch_size=500)
            latest: dict[int, Credential] = {}
            for c in credentials:
                if c.officer_id not in latest or c.valid_to >= latest[c.officer_id].valid_to:
                    latest[c.officer_id] = c
            fresh = {o.pk for o in officers}
            obligations.open_many([Obligation(subject=c, subject_label=str(c)[:200], **_renewal(c))
                                   for pk, c in latest.items() if pk in fresh])
            for pk, c in latest.items():
                if pk not in fresh:  # a registered officer: the credential that ends last may be an older one
                    _schedule_renewal(c)
            ledger.append_many(actor=actor, acts=[
                *((o.unit, "officer.created", o, _officer_created(o)) for o in officers),
                *((c.officer.unit, "credential.issued", c, _credential_record(c, r["domains"], r["areas"]))
                  for c, r in pairs)])
    except IntegrityError:  # PostgreSQL: another writer registered a number or a person after the checks
        raise RuleViolation("导入期间有其他人登记了文件中的证件编号或人员，未导入任何数据，请重新导入",
                            field="file", rule="GEN-03") from None
    return {"officers_created": len(officers), "officers_reused": len(rows) - len(officers),
            "credentials_created": len(credentials)}


def request_import(*, actor: User, kind: str, agency: Agency | None, data: bytes, file_name: str,
                   rows: int) -> ImportRun:
    """Queue the import of a file too big for the request for ``zhifa worker`` (``zhifa.agencies.imports``);
    the file is kept under ``ZHIFA_IMPORT_DIR`` until the run ends."""
    import hashlib
    import uuid

    from zhifa.agencies import imports

    spec = imports.kind_of(kind)
    if agency is None:
        require(actor, spec.permission)
    else:
        require(actor, spec.permission, agency)
    name = f"{uuid.uuid4().hex}.xlsx"
    path = imports.stored_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(kind=kind, label=spec.label, agency=agency, file_name=file_name[:200],
                                           stored_as=name, sm3=hashlib.new("sm3", data).hexdigest(),
                                           rows_total=rows, requested_by=actor, requested_at=timezone.now())
            ledger.append(actor=actor, agency=agency, kind="import.queued", subject=run, payload={
                "kind": kind, "agency": agency.pk if agency else None, "file": run.file_name, "sm3": run.sm3,
                "rows": rows})
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return run


def claim_import() -> ImportRun | None:
    """Take the oldest queued import and mark it 导入中. No ledger entry: the finishing entry names when it
    started."""
    return claim_oldest(ImportRun, queued=ImportState.QUEUED, running=ImportState.RUNNING,
                        related=("requested_by", "agency"))


def finish_import(*, run: ImportRun, state: str, message: str, errors: list | None = None,
                  error_count: int = 0) -> ImportRun:
    """Keep how a queued import ended, with its ledger entry, and delete its file."""
    from zhifa.agencies import imports

    with transaction.atomic():
        stored, run.stored_as = run.stored_as, ""
        run.state, run.message, run.errors, run.error_count = state, message, errors or [], error_count
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "message", "errors", "error_count", "stored_as", "finished_at"])
        ledger.append(actor=None, agency=run.agency, kind="import.finished", subject=run, payload={
            "kind": run.kind, "state": state, "started_at": run.started_at, "message": message[:200],
            "error_count": error_count, "sm3": run.sm3})
    if stored:
        imports.stored_path(stored).unlink(missing_ok=True)
    return run


def set_credential_state(*, actor: User, credential: Credential, state: str, reason: str) -> Credential:
    """暂扣, 注销 or restore a credential; a reason is required and 注销 is final."""
    require(actor, "officer.manage", credential.officer.unit)
    if state not in CredentialState.values:
        raise RuleViolation(f"未知的证件状态：{state}", field="state")
    reason = (reason or "").strip()
    if state != CredentialState.ACTIVE and not reason:
        raise RuleViolation(f"{CredentialState(state).label}执法证必须写明理由", field="reason", rule="GEN-03")
    with transaction.atomic():
        credential = Credential.objects.select_for_update().get(pk=credential.pk)
        if credential.state == CredentialState.REVOKED:
            raise RuleViolation(f"执法证{credential.number}已注销，不能再变更状态", field="state", rule="GEN-03")
        credential.state, credential.state_reason = state, reason[:200]
        credential.save(update_fields=["state", "state_reason"])
        _schedule_renewal(credential)
        ledger.append(actor=actor, agency=credential.officer.unit, kind="credential.state_changed",
                      subject=credential, payload={"number": credential.number, "state": state,
                                                   "reason": credential.state_reason})
    return credential


# ---------------------------------------------------------------- roles and reviewers


def _check_within_reach(actor: User, grant: RoleGrant) -> None:
    """Refuse a grant that would reach further than the granter manages roles (no escalation).

    Every subtree the role reaches, for every action of the table, must lie within the granter's own
    role.manage reach — so a role reaching a region (监督人员) or everything (系统管理员) is given only by
    someone whose role.manage reaches that far. And nobody widens their own reach: a grant to oneself must
    stay, action by action, within what one reaches already; anything more is given by someone else.
    """
    label = Role(grant.role).label
    for action, root in grant_reaches(grant).items():
        if not covers(actor, "role.manage", root):
            where = f"“{root.name}”" if root is not None else "全系统"
            raise RuleViolation(f"“{label}”在{grant.agency.name}的权限及于{where}，超出您管理角色的范围，不能授予",
                                field="role")
        if grant.user_id == actor.pk and not covers(actor, action, root):
            raise RuleViolation(f"不能为自己授予“{label}”：它超出您现有的权限，须由上级或其他管理员授予",
                                field="role")


def grant_role(*, actor: User, user: User, agency: Agency, role: str) -> RoleGrant:
    """Give ``user`` ``role`` at ``agency``; never more reach than the granter has (``_check_within_reach``)."""
    require(actor, "role.manage", agency)
    if role not in Role.values:
        raise RuleViolation(f"未知的角色：{role}", field="role")
    if role == Role.SUPERVISOR and agency.supervises_id is None:
        raise RuleViolation("监督人员只能授予在负有监督职责的机关（司法局）", field="role", rule="GEN-01")
    with transaction.atomic():
        # The agency row is read again under lock: what it supervises decides how far the grant reaches.
        agency = Agency.objects.select_for_update(of=("self",)).select_related("level", "supervises").get(pk=agency.pk)
        _check_within_reach(actor, RoleGrant(user=user, agency=agency, role=role))
        grant, created = RoleGrant.objects.get_or_create(user=user, agency=agency, role=role)
        if created:
            ledger.append(actor=actor, agency=agency, kind="role.granted", subject=grant,
                          payload={"user": user.pk, "username": user.get_username(), "agency": agency.pk,
                                   "role": role})
    forget(user)
    return grant


def revoke_role(*, actor: User, grant: RoleGrant) -> None:
    """Take a grant away; only someone who could have given it (a supervisor's role is not its agency's to take)."""
    require(actor, "role.manage", grant.agency)
    for root in grant_reaches(grant).values():
        if not covers(actor, "role.manage", root):
            raise RuleViolation(f"“{grant.get_role_display()}”的权限超出您管理角色的范围，不能撤销",
                                field="role")
    with transaction.atomic():
        ledger.append(actor=actor, agency=grant.agency, kind="role.revoked", subject=grant,
                      payload={"user": grant.user_id, "agency": grant.agency_id, "role": grant.role})
        RoleGrant.objects.filter(pk=grant.pk).delete()
    forget(grant.user)


def _person_for(name: str, id_number: str) -> Person:
    """The person with this ID number (whose name must match), or a new one; inside the caller's transaction."""
    name = _required("name", "姓名", name)
    id_number = _validate("id_number", "公民身份号码", validate_resident_id, id_number)
    person = Person.objects.select_for_update().filter(id_number=id_number).first() if id_number else None
    if person is None:
        return Person.objects.create(name=name, id_number=id_number)
    if person.name != name:
        raise RuleViolation(f"公民身份号码{id_number}已登记为“{person.name}”，与姓名“{name}”不符", field="name")
    return person


def register_reviewer(*, actor: User, name: str, id_number: str, unit: Agency, qualification_kind: str,
                      qualification_number: str = "", registered_with: Agency | None = None,
                      registered_on: dt.date | None = None) -> Reviewer:
    """Enter a legal reviewer in the register (REV-11): who, in which unit, with which qualification."""
    require(actor, "reviewer.manage", unit)
    if qualification_kind not in QualificationKind.values:
        raise RuleViolation(f"未知的资格类别：{qualification_kind}", field="qualification_kind", rule="REV-11")
    qualification_number = (qualification_number or "").strip()
    if qualification_kind == QualificationKind.LEGAL_PROFESSION and not qualification_number:
        # 行政处罚法 第58条: first-time reviewers hold 法律职业资格; the certificate number is the proof.
        raise RuleViolation("法律职业资格证书编号不能为空", field="qualification_number", rule="行政处罚法 第58条")
    if registered_with is not None and registered_with.supervises_id is None:
        raise RuleViolation("备案机关应为负有监督职责的司法局", field="registered_with", rule="REV-11")
    with transaction.atomic():
        person = _person_for(name, id_number)
        if Reviewer.objects.filter(person=person).exists():
            raise RuleViolation(f"{person.name}已在法制审核人员名册中", field="name", rule="REV-11")
        reviewer = Reviewer.objects.create(person=person, unit=unit, qualification_kind=qualification_kind,
                                           qualification_number=qualification_number,
                                           registered_with=registered_with, registered_on=registered_on)
        ledger.append(actor=actor, agency=unit, kind="reviewer.registered", subject=reviewer, payload={
            "person": person.pk, "name": person.name, "unit": unit.pk, "qualification_kind": qualification_kind,
            "qualification_number": qualification_number,
            "registered_with": registered_with.pk if registered_with else None, "registered_on": registered_on})
        return reviewer


def _password_problem(password: str, user: User) -> str | None:
    """Why the project's validators (Django's and the person-name one) refuse ``password`` for ``user``, or None."""
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as e:
        # Django's Chinese catalogue lacks the plural form of the length message: say it ourselves
        reasons = [f"至少 {err.params['min_length']} 位" if err.code == "password_too_short" and err.params
                   else " ".join(err.messages) for err in e.error_list]
        return "密码不符合要求：" + "；".join(r.rstrip("。") for r in reasons)
    return None


def _new_account(username: str, password: str, person: Person) -> User:
    """An unsaved account after the checks every account gets: a free, well-formed name and a good password
    (not like the name of ``person``, whom it will belong to)."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    username = (username or "").strip()
    try:
        model.username_validator(username)
    except ValidationError:
        raise RuleViolation("用户名只能由字母、数字和 @ . + - _ 组成", field="username") from None
    if not username:
        raise RuleViolation("请填写用户名", field="username")
    if model.objects.filter(username__iexact=username).exists():
        raise RuleViolation(f"用户名“{username}”已被使用", field="username")
    user = model(username=username)
    person.user = user  # in memory, so the validators compare the password with the person's name too
    problem = _password_problem(password, user)
    if problem is not None:
        person.user = None
        raise RuleViolation(problem, field="password")
    user.set_password(password)
    return user


def _record_account(actor: User | None, agency: Agency, user: User, person: Person, *,
                    must_change_password: bool) -> None:
    """Save the new account, link its person, and record it — never the password; in the caller's transaction."""
    user.save()
    AccountState.objects.create(user=user, agency=agency, must_change_password=must_change_password,
                                password_version=1)
    person.user = user
    person.save(update_fields=["user"])
    ledger.append(actor=actor, agency=agency, kind="account.created", subject=user, payload={
        "user": user.pk, "username": user.get_username(), "person": person.pk,
        "agency": agency.pk, "must_change_password": must_change_password})


def open_account(*, actor: User, agency: Agency, username: str, password: str, person: Person,
                 must_change_password: bool = True) -> User:
    """A login for ``person`` opened at ``agency`` by someone who manages roles there, with no role yet. Every
    account is a named person's, so pages name its holder, never its login name (``models.name_of``).

    Accounts are made here, not in Django's admin (read-only for them), so that each one is in the ledger
    (who opened it, for whom). The password is checked by the project's validators and never recorded. Its
    holder did not choose it, so they must change it at their first sign-in; only the demo, whose printed
    passwords are the point, opens accounts with ``must_change_password=False`` (the entry says so).
    """
    require(actor, "role.manage", agency)
    if person.user is not None:
        raise RuleViolation(f"{person.name}已有登录账号“{person.user.get_username()}”", field="username")
    user = _new_account(username, password, person)
    with transaction.atomic():
        _record_account(actor, agency, user, person, must_change_password=must_change_password)
    return user


def create_account(*, actor: User, officer: Officer, username: str, password: str) -> User:
    """A login for ``officer``: the account, linked to their person, with the 执法人员 role in their unit."""
    with transaction.atomic():
        user = open_account(actor=actor, agency=officer.unit, username=username, password=password,
                            person=officer.person)
        grant_role(actor=actor, user=user, agency=officer.unit, role=Role.OFFICER)
    return user


# ---------------------------------------------------------------- two-factor sign-in


def _account_agency(user: User) -> Agency | None:
    """Whose chain records a change to this account: the officer's unit, else the first role's agency."""
    person = Person.objects.filter(user=user).select_related("officer__unit").first()
    officer = getattr(person, "officer", None) if person is not None else None
    if officer is not None:
        return officer.unit
    grant = RoleGrant.objects.filter(user=user).select_related("agency__level").first()
    if grant is not None:
        return grant.agency
    state = AccountState.objects.filter(user=user).select_related("agency__level").first()
    return state.agency if state is not None else None


def enroll_totp_device(*, actor: User, key: str, code: str) -> TOTPDevice:
    """Bind an authenticator app to the actor's own account, replacing any earlier one.

    ``key`` is the secret the enrolment page showed; ``code`` must be the app's current code for it, so only a
    device that really holds the secret is bound. The code is spent: it cannot sign in a second time.
    """
    if not actor.is_authenticated:
        raise PermissionDenied("请先登录")
    try:
        key_validator(key)
    except ValidationError:
        raise RuleViolation("绑定密钥无效，请刷新页面重新扫描二维码", field="code") from None
    code = (code or "").strip()
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise RuleViolation("动态验证码应为6位数字", field="code")
    totp = TOTP(unhexlify(key))
    if not totp.verify(int(code), tolerance=1):
        raise RuleViolation("动态验证码不正确：请确认已扫描本页的二维码，且手机时间准确", field="code")
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=actor).delete()[0]
        device = TOTPDevice.objects.create(user=actor, name="身份验证器", key=key, confirmed=True,
                                           last_t=totp.t())
        ledger.append(actor=actor, agency=_account_agency(actor), kind="account.2fa_enrolled", subject=device,
                      payload={"user": actor.pk, "username": actor.get_username(), "device": device.pk,
                               "replaced": replaced})
    return device


def remove_totp_device(*, actor: User) -> None:
    """Turn the actor's own second factor off; refused where their roles require it."""
    if not actor.is_authenticated:
        raise PermissionDenied("请先登录")
    if two_factor.required(actor):
        raise RuleViolation("您的角色要求双因素认证，不能停用；更换手机时请重新绑定", rule="等保2.0 三级")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=actor).delete()[0]
        if removed:
            ledger.append(actor=actor, agency=_account_agency(actor), kind="account.2fa_removed", subject=actor,
                          payload={"user": actor.pk, "username": actor.get_username(), "removed": removed})


def reset_two_factor(*, actor: User, user: User) -> None:
    """Unbind another user's authenticator (a lost phone): they enrol a new one at their next sign-in.

    Only someone who manages roles wherever the user holds one (and in their unit, for an officer) may, so no one
    opens the way into an account that reaches further than their own; never one's own (that is a new binding).
    """
    if actor.pk == user.pk:
        raise RuleViolation("不能重置自己的双因素认证；更换手机请在“账号安全”中重新绑定", field="username")
    places = [g.agency for g in RoleGrant.objects.filter(user=user).select_related("agency__level")]
    officer = Officer.objects.filter(person__user=user).select_related("unit").first()
    if officer is not None:
        places.append(officer.unit)
    if places:
        for place in places:
            require(actor, "role.manage", place)
    elif not reach(actor, "role.manage")[0]:
        raise PermissionDenied("无权重置此账号的双因素认证")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        if not removed:
            raise RuleViolation(f"{name_of(user)}的账号未绑定身份验证器", field="username")
        ledger.append(actor=actor, agency=_account_agency(user), kind="account.2fa_reset", subject=user,
                      payload={"user": user.pk, "username": user.get_username(), "removed": removed})


def create_first_administrator(*, username: str, password: str, name: str, region_name: str,
                               level: OrgLevel) -> User:
    """The installation's first 系统管理员, the person ``name``, at the root region ``region_name`` (made when
    missing).

    Every other account and grant is given by someone who holds the power to give it; the first one
    cannot be, so this is the one write without an actor, allowed only while no system administrator
    exists. Django's superuser flag is no substitute: it grants nothing in the enforcement work.
    """
    region_name = _required("region_name", "顶级行政区域名称", region_name)
    name = _required("name", "姓名", name)
    if not level.is_region:
        raise RuleViolation(f"“{level.name}”不是行政区域层级", field="level", rule="GEN-01")
    person = Person(name=name)
    user = _new_account(username, password, person)
    with transaction.atomic():
        if RoleGrant.objects.filter(role=Role.SYSADMIN).exists():
            raise RuleViolation("系统已有系统管理员；其他账号由系统管理员开通", field="username")
        root = Agency.objects.filter(parent=None, name=region_name).first()
        if root is None:
            root = Agency.objects.create(parent=None, level=level, name=region_name)
            root.path = f"/{root.pk}/"
            root.save(update_fields=["path"])
            ledger.append(actor=None, agency=root, kind="agency.created", subject=root,
                          payload=_agency_record(root))
        # The installer typed this password for themselves (zhifa bootstrap asks it twice): theirs to keep.
        person.user = None
        person.save()
        _record_account(None, root, user, person, must_change_password=False)
        grant = RoleGrant.objects.create(user=user, agency=root, role=Role.SYSADMIN)
        ledger.append(actor=None, agency=root, kind="role.granted", subject=grant, payload={
            "user": user.pk, "username": user.get_username(), "agency": root.pk, "role": Role.SYSADMIN})
    return user


# ---------------------------------------------------------------- accounts: passwords, locking, closing
#
# An account is managed (account.manage) by whoever reaches every place it belongs to — the unit it was opened
# in, its officer's unit, every role grant's agency — and, for each role it holds, everything that role reaches:
# whoever could reset a password could sign in with it, so nobody takes over an account that reaches further
# than their own. Nobody locks, closes or resets their own account (their own password changes on its own
# page, knowing the old one).

ACCOUNT_RULE = "账号管理"
TEMPORARY_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I


def account_places(user: User) -> list[Agency]:
    """The nodes an account belongs to: where it was opened, its officer's unit, its grants' agencies."""
    places = [g.agency for g in RoleGrant.objects.filter(user=user).select_related("agency__level",
                                                                                  "agency__supervises")]
    officer = Officer.objects.filter(person__user=user).select_related("unit__level").first()
    if officer is not None:
        places.append(officer.unit)
    state = AccountState.objects.filter(user=user).select_related("agency__level").first()
    if state is not None and state.agency is not None:
        places.append(state.agency)
    return places


def _require_account_manager(actor: User, user: User, what: str) -> None:
    """Refuse unless ``actor`` manages ``user``'s account (see above); ``what`` names the act for the message."""
    places = account_places(user)
    if places:
        for place in places:
            require(actor, "account.manage", place)
    elif not reach(actor, "account.manage")[0]:
        raise PermissionDenied("无权管理账号")
    if actor.pk == user.pk:
        raise RuleViolation(f"不能{what}自己的账号：须由另一位管理员办理", rule=ACCOUNT_RULE)
    for grant in RoleGrant.objects.filter(user=user).select_related("agency__level", "agency__supervises"):
        for root in grant_reaches(grant).values():
            if not covers(actor, "account.manage", root):
                where = f"“{root.name}”" if root is not None else "全系统"
                raise RuleViolation(
                    f"{name_of(user)}的“{grant.get_role_display()}”角色权限及于{where}，超出您管理账号的范围，"
                    f"不能{what}其账号", rule=ACCOUNT_RULE)


def _locked_state(user: User) -> AccountState:
    """The account's state row, made when missing, locked for this transaction."""
    AccountState.objects.get_or_create(user=user)
    return AccountState.objects.select_for_update().get(user=user)


def _account_payload(user: User, **more: Any) -> dict[str, Any]:
    return {"user": user.pk, "username": user.get_username(), **more}


def change_own_password(*, actor: User, old_password: str, new_password: str) -> User:
    """The actor changes their own password, knowing the old one; ends a forced change.

    The new one passes the project's validators (Django's and ``PersonNameValidator``) and differs from the old.
    The entry records that the password changed — never either password. Django ends the account's other
    sessions (their session hash no longer matches); the view keeps the current one signed in.
    """
    if not actor.is_authenticated:
        raise PermissionDenied("请先登录")
    if not actor.check_password(old_password or ""):
        raise RuleViolation("原密码不正确", field="old_password")
    if new_password == old_password:
        raise RuleViolation("新密码不能与原密码相同", field="new_password1")
    problem = _password_problem(new_password, actor)
    if problem is not None:
        raise RuleViolation(problem, field="new_password1")
    with transaction.atomic():
        state = _locked_state(actor)
        forced = state.must_change_password
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        state.must_change_password = False
        state.password_version += 1
        state.save(update_fields=["must_change_password", "password_version"])
        ledger.append(actor=actor, agency=_account_agency(actor), kind="account.password_changed", subject=actor,
                      payload=_account_payload(actor, forced=forced))
    return actor


def temporary_password(user: User) -> str:
    """A random password the project's validators accept, in groups of four for reading out: ``xxxx-xxxx-xxxx``."""
    import secrets

    while True:
        raw = "".join(secrets.choice(TEMPORARY_PASSWORD_ALPHABET) for _ in range(12))
        password = "-".join(raw[i:i + 4] for i in range(0, 12, 4))
        if _password_problem(password, user) is None:
            return password


def reset_password(*, actor: User, user: User, version: int) -> str:
    """Give ``user`` a new random password, returned to be shown once and never stored or recorded in clear.

    Its holder must change it at their next sign-in, and every session the account had open ends (Django's
    session hash follows the password). ``version`` is the account's password version the reset page showed:
    a repeated submit (or a second administrator at the same moment) finds it moved on and is refused, so one
    reset gives one password. A bound authenticator stays bound: the administrator who reads the temporary
    password out cannot sign in with it alone where a second factor is required (a lost phone is reset
    separately, ``reset_two_factor``). A closed account is not reset.
    """
    _require_account_manager(actor, user, "重置")
    if not user.is_active:
        raise RuleViolation(f"{name_of(user)}的账号已停用，不能重置密码", rule=ACCOUNT_RULE)
    with transaction.atomic():
        state = _locked_state(user)
        if state.password_version != version:
            raise RuleViolation(f"{name_of(user)}的密码已在此页打开后重置过（新密码只显示一次）；"
                                "如需再次重置，请重新打开重置页面", rule=ACCOUNT_RULE)
        password = temporary_password(user)
        user.set_password(password)
        user.save(update_fields=["password"])
        state.must_change_password = True
        state.password_version += 1
        state.save(update_fields=["must_change_password", "password_version"])
        ledger.append(actor=actor, agency=_account_agency(user), kind="account.password_reset", subject=user,
                      payload=_account_payload(user, must_change_password=True))
    return password


def lock_account(*, actor: User, user: User, reason: str) -> bool:
    """Lock an account for now (suspected misuse, a long absence): it cannot sign in and its open sessions end at
    their next request; ``unlock_account`` undoes it. False when it was locked already (nothing changes)."""
    _require_account_manager(actor, user, "锁定")
    reason = _required("reason", "锁定理由", reason)
    if not user.is_active:
        raise RuleViolation(f"{name_of(user)}的账号已停用，无须锁定", rule=ACCOUNT_RULE)
    with transaction.atomic():
        state = _locked_state(user)
        if state.locked_at is not None:
            return False
        state.locked_at, state.locked_by, state.lock_reason = timezone.now(), actor, reason
        state.save(update_fields=["locked_at", "locked_by", "lock_reason"])
        ledger.append(actor=actor, agency=_account_agency(user), kind="account.locked", subject=user,
                      payload=_account_payload(user, reason=reason))
    return True


def unlock_account(*, actor: User, user: User) -> bool:
    """Lift a lock; False when the account was not locked."""
    _require_account_manager(actor, user, "解锁")
    with transaction.atomic():
        state = _locked_state(user)
        if state.locked_at is None:
            return False
        if not user.is_active:
            raise RuleViolation(f"{name_of(user)}的账号已停用，不能解锁", rule=ACCOUNT_RULE)
        reason = state.lock_reason
        state.locked_at, state.locked_by, state.lock_reason = None, None, ""
        state.save(update_fields=["locked_at", "locked_by", "lock_reason"])
        ledger.append(actor=actor, agency=_account_agency(user), kind="account.unlocked", subject=user,
                      payload=_account_payload(user, lock_reason=reason))
    return True


def close_account(*, actor: User, user: User, reason: str) -> bool:
    """Close an account for good (停用: left the post, died, a duplicate): it never signs in again.

    The row stays, with its role grants, so the record still names who held which role; nothing reopens it
    (a returning person gets a new account). False when it was closed already.
    """
    _require_account_manager(actor, user, "停用")
    reason = _required("reason", "停用理由", reason)
    with transaction.atomic():
        state = _locked_state(user)
        user.refresh_from_db(fields=["is_active"])
        if not user.is_active:
            return False
        user.is_active = False
        user.save(update_fields=["is_active"])
        state.closed_at, state.close_reason = timezone.now(), reason
        state.save(update_fields=["closed_at", "close_reason"])
        ledger.append(actor=actor, agency=_account_agency(user), kind="account.closed", subject=user,
                      payload=_account_payload(user, reason=reason,
                                               roles=sorted(f"{g.agency_id}:{g.role}" for g in user.role_grants.all())))
    return True

"""Every URL pattern × every demo role, a user with no role and anonymous (issue 9, "Must show").

The patterns come from the resolver, so a new URL joins the matrix by being a URL pattern. Its path parameters
are filled from the registry below (``object_of``, ``choice_of``): a parameter it cannot fill fails
``test_every_url_pattern_can_be_filled`` by name, so the author of a new URL says which object it takes.

Each pattern is requested with objects of two worlds — 鞍山市自然资源局 and 辽阳市自然资源局, each with an officer,
a credential, a grant, a legal document, a published list with an item and its discretion level, evidence with
a hold and a view request, an obligation, a tus upload, an issued document and a party with an agent — with
missing ids (a large one and one of 30 digits), and with a nested object of the other world under an object of
one's own (``nr+ly``: 鞍山's agency, 辽阳's item).
Every request runs in a savepoint that is rolled back, so all of them see the same data, which is built once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import traceback
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection, transaction
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter
from django.urls.exceptions import Resolver404
from django.utils import timezone
from tests.conftest import Cast, build_cast, give_second_factor, resident_id

from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import ActionKind, Agency, Domain, Role, RoleGrant
from zhifa.cases import actions as case_actions
from zhifa.catalog import actions as catalog_actions
from zhifa.catalog.documents import DECISION, TEMPLATES, sample_values
from zhifa.catalog.models import ListKind
from zhifa.catalog.processes import PROCESSES
from zhifa.demo.evidence import png_bytes
from zhifa.documents import actions as document_actions
from zhifa.ledger.models import Entry
from zhifa.obligations.actions import ensure_obligation
from zhifa.obligations.models import PeriodUnit
from zhifa.parties import actions as parties_actions
from zhifa.publicity.corrections import new_tracking
from zhifa.publicity.models import CorrectionRequest, Publication, PublishedSnapshot
from zhifa.publicity.portal_officers import token_of
from zhifa.records import actions as records_actions
from zhifa.records import uploads, viewing
from zhifa.records.models import HoldReason, ViewPurpose
from zhifa.records.names import encode_upload_metadata
from zhifa.review.models import Question, ReviewRound

# The crawl (a module fixture) builds its data in the test database, which pytest-django sets up only for a
# session holding a test marked so: every test reading the crawl is.
uses_crawl = pytest.mark.django_db

MISSING = "999999999"  # an id no row has
HUGE = "1" * 30  # an id no database integer holds
MISSING_TOKEN = "missing-token-0123456789"

# Pages anyone may open: they are exempt from "anonymous is sent to the login page" and from "another agency's
# object answers like a missing one" (another agency's published lists are public), not from the leak check.
PUBLIC = {"login", "logout", "catalog:flow_svg", "catalog:public_index", "catalog:public_agency",
          "catalog:public_guide", "catalog:public_list", "catalog:public_version",
          "ledger:public_checkpoints", "ledger:public_checkpoints_feed", "favicon", "home",
          "portal:home", "portal:agencies", "portal:agency", "portal:officers", "portal:guide", "portal:list",
          "portal:version", "portal:texts", "portal:document_sample", "portal:board", "portal:credential",
          "portal:card", "portal:search", "portal:publication", "portal:correction", "portal:track",
          "portal:feed", "portal:open_data_csv", "portal:open_data_json"}
# Portal pages that show officers: an officer's name and credential number are public there (PUB-01).
SHOWS_OFFICERS = {"portal:officers", "portal:board", "portal:credential", "portal:card"}
# Pages that show any agency's object by design (catalog/access.py: legal documents are public law).
READABLE_ACROSS = {"catalog:law_detail"}


# ---------------------------------------------------------------- the parameter registry

# A path parameter named after what it holds.
PARAM_OBJECTS = {"agency_pk": "agency", "item_pk": "item", "grant_pk": "grant", "hold_pk": "hold",
                 "request_pk": "request", "number": "version_number", "chain": "agency", "unit_pk": "unit"}
# ``pk`` holds the object the URL name is about: the longest matching prefix of the name says which.
PK_OBJECTS = {
    "agency_": "agency", "role_": "agency", "officer_": "officer", "credential_create": "officer",
    "credential_state": "credential",
    "catalog:law_": "law", "catalog:article_create": "law", "catalog:article_edit": "article",
    "catalog:entry_": "item", "catalog:item": "item", "catalog:guide_draft": "item", "catalog:level_": "level",
    "catalog:version": "version",
    "records:": "evidence", "obligations:": "obligation", "import_status": "import_run",
    "account_": "account", "cases:": "case", "cases:complaint": "complaint", "documents:": "document",
    "parties:": "party", "review:": "review_round", "review:submit": "case",
    "review:criterion": "case", "review:involve": "case", "review:comment": "case",
    "review:answer": "review_question",
    "publicity:": "publication", "portal:publication": "snapshot",
    "portal:correction": "snapshot", "publicity:correction": "correction_request",
}
# ``code`` and ``token`` by URL name: an object of a world, or a fixed choice that is the same in every world.
NAMED_OBJECTS = {("catalog:public_guide", "code"): "item_code", ("records:tus_resource", "token"): "upload",
                 ("records:view", "token"): "view_token", ("records:view_file", "token"): "view_token",
                 ("portal:guide", "code"): "item_code", ("portal:credential", "token"): "credential_token",
                 ("portal:card", "token"): "credential_token"}
CHOICES = {"kind": ListKind.ITEMS.value, "year": "2026",
           ("catalog:document_sample", "code"): next(iter(TEMPLATES)),
           ("catalog:document_sample_docx", "code"): next(iter(TEMPLATES)),
           ("catalog:flow_svg", "code"): next(iter(PROCESSES)), ("review:act", "act"): "accept",
           ("portal:document_sample", "code"): next(iter(TEMPLATES))}


def object_of(name: str, param: str) -> str | None:
    if param == "pk":
        prefixes = [p for p in PK_OBJECTS if name.startswith(p)]
        return PK_OBJECTS[max(prefixes, key=len)] if prefixes else None
    return NAMED_OBJECTS.get((name, param)) or PARAM_OBJECTS.get(param)


def choice_of(name: str, param: str) -> str | None:
    return CHOICES.get((name, param)) or CHOICES.get(param)


# ---------------------------------------------------------------- the patterns


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    integer: bool
    obj: str | None  # the world's object it names, or None for a fixed choice
    choice: str | None


@dataclasses.dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name"
    route: str  # the whole path, each parameter as {name}
    params: tuple[Param, ...]

    @property
    def objects(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.obj)


def _route_of(pattern) -> tuple[str, dict[str, bool]]:
    """The pattern's path with each parameter as {name}, and which parameters are integers."""
    if hasattr(pattern.pattern, "_route"):  # path()
        converters = pattern.pattern.converters
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern.pattern._route)
        return route, {n: isinstance(c, IntConverter) or c.regex.strip("+").startswith("[0-9]")
                       for n, c in converters.items()}
    regex = pattern.pattern._regex.lstrip("^").rstrip("$")  # re_path(): replace each named group
    names: dict[str, bool] = {}
    out, i = [], 0
    while i < len(regex):
        m = re.match(r"\(\?P<(\w+)>", regex[i:])
        if not m:
            out.append(regex[i])
            i += 1
            continue
        depth, j = 1, i + m.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(regex[j], 0)
            j += 1
        names[m.group(1)] = regex[i + m.end():j - 1] in (r"\d+", "[0-9]+")
        out.append("{" + m.group(1) + "}")
        i = j
    return "".join(out).replace("\\", ""), names


def url_patterns() -> tuple[list[Pattern], list[str]]:
    """Every pattern of the project (the Django admin aside) whose parameters the registry fills, and a line for
    each one it does not."""
    found: list[Pattern] = []
    unfilled: list[str] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                route, _ = _route_of(p)
                walk(p.url_patterns, prefix + route, ":".join(filter(None, [namespace, p.namespace])))
                continue
            assert isinstance(p, URLPattern)
            route, ints = _route_of(p)
            name = ":".join(filter(None, [namespace, p.name or ""]))
            params = [Param(param, integer, object_of(name, param), choice_of(name, param))
                      for param, integer in ints.items()]
            missing = [p.name for p in params if p.obj is None and p.choice is None]
            if missing:
                unfilled.append(f"/{prefix}{route} ({name or 'unnamed'}): nothing fills <{'>, <'.join(missing)}>")
            else:
                found.append(Pattern(name, "/" + prefix + route, tuple(params)))

    walk(get_resolver().url_patterns, "", "")
    return found, unfilled


# ---------------------------------------------------------------- the two worlds


@dataclasses.dataclass
class World:
    key: str  # "nr" or "ly"
    agency: Agency
    ids: dict[str, str]
    markers: tuple[str, ...]  # texts only someone reaching this world may read
    officer_markers: tuple[str, ...] = ()  # of those, the ones the portal's officer pages show anyone
    evidence_pk: int = 0
    view_entry: int = 0


def build_world(key: str, *, agency: Agency, unit: Agency, head, officer_user, admin, law, area: Agency) -> World:
    """One agency's objects of every kind, through the write functions."""
    marker = {"nr": "鞍山", "ly": "辽阳"}[key]
    officer = agency_actions.create_officer(actor=head, unit=unit, name={"nr": "欧阳明远", "ly": "上官思齐"}[key])
    credential = agency_actions.issue_credential(
        actor=head, officer=officer, number=f"{key.upper()}M0001", issuing_body="辽宁省人民政府",
        action_kinds=[ActionKind.PUNISHMENT], domains=[Domain.objects.get(code="ziranziyuan")], areas=[area],
        valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2028, 12, 31))
    item = catalog_actions.save_entry(
        actor=head, agency=agency, kind=ListKind.ITEMS, code=f"{key.upper()}-CF-001",
        name="对非法占用土地的行政处罚", action_kind=ActionKind.PUNISHMENT, handling_unit=unit,
        domain=credential.domains.get(), time_limit="90日", remedy="行政复议或行政诉讼",
        articles=[law.articles.get()])
    level = catalog_actions.save_discretion_level(
        actor=head, item=item, level="none", unit="none", low=None, high=None, other_penalties="",
        conditions_text="违法行为轻微；及时改正；没有造成危害后果", articles=[law.articles.get()])
    catalog_actions.submit_list(actor=head, agency=agency, kind=ListKind.ITEMS)
    version = catalog_actions.publish_list(actor=admin, agency=agency, kind=ListKind.ITEMS, note="首次发布")
    now = timezone.now()
    hidden_name = f"{marker}现场照片-未公开.png"
    evidence = records_actions.ingest_stream(
        actor=officer_user, unit=unit, chunks=[png_bytes(16, 16)], original_name=hidden_name,
        description={"kind": "photo", "title": f"{marker}现场检查", "capture_start": now - dt.timedelta(hours=2),
                     "capture_end": now - dt.timedelta(hours=2)})
    hold_note = f"{marker}投诉件保全说明"
    hold = records_actions.place_hold(actor=head, evidence=evidence, reason=HoldReason.COMPLAINT, note=hold_note)
    request_reason = f"{marker}复核询问内容的理由"
    view_request = records_actions.request_view(actor=head, evidence=evidence, purpose=ViewPurpose.VIEW,
                                                reason=request_reason)
    upload = uploads.create_upload(actor=officer_user, length_header="10",
                                   metadata_header=encode_upload_metadata({"filename": f"{key}-现场.mp4"}))
    grant = RoleGrant.objects.get(user=head, agency=agency)
    obligation = ensure_obligation(agency=agency, subject=evidence, rule="REC-15", title=f"{marker}证据著录",
                                   due_at=now + dt.timedelta(days=2), warn_from=now + dt.timedelta(days=1),
                                   unit=PeriodUnit.WORKDAY, assignee=officer_user)
    import_run = agency_actions.request_import(actor=head, kind="officers", agency=agency, data=b"PK\x03\x04",
                                               file_name=f"{marker}执法人员.xlsx", rows=600)
    complaint_about = f"{marker}某村占地建房"
    complaint = case_actions.receive_complaint(actor=officer_user, unit=unit, channel="phone", about=complaint_about,
                                               content="村东头耕地上建房", reporter_name="刘某",
                                               reporter_contact="13800000000")
    entry = Entry.objects.latest("pk")
    document_values = {k: v for k, v in sample_values(DECISION).items() if k not in ("year", "n")}
    document = document_actions.issue(actor=head, agency=agency, template=DECISION, subject=None, values={
        **document_values, "agency_short": f"{marker}自然", "当事人名称": f"{marker}某某建材有限公司（未公开）"})
    party_name = {"nr": "司马长风", "ly": "诸葛青云"}[key]
    party_number = resident_id({"nr": "21030219800202135", "ly": "21100219750303246"}[key])
    party = parties_actions.record_party(
        actor=officer_user, kind="person", name=party_name, id_kind="resident", id_number=party_number,
        address=f"{marker}市某街1号", phone="13812345678").party
    parties_actions.add_agent(actor=officer_user, party=party, name=f"{marker}代理律师", id_kind="passport",
                              id_number=f"{key.upper()}1234567", scope="general", valid_from=dt.date(2026, 1, 5))
    case_title = f"{marker}某公司占用耕地案"
    case = case_actions.register_case(
        actor=officer_user, unit=unit, process="punishment_general", source="inspection", title=case_title,
        summary="巡查发现", item_code=item.code, place=area, act_on=now.date() - dt.timedelta(days=3),
        officers=[officer], opinion="建议立案", parties=[party])
    review_note = f"{marker}法制审核情况说明"
    review_round = ReviewRound.objects.create(  # a round as submitted, bare: the pages of its workspace
        case=case, seq=1, stage="check", application={"案件名称": case_title}, explanation=review_note,
        draft_fields={}, draft_text="", draft_sm3="", submitted_by=officer_user, submitted_at=now)
    question = Question.objects.create(round=review_round, text=f"{marker}法制审核问询", asked_by=officer_user,
                                       asked_at=now, token=f"{marker}-question")
    publication = Publication.objects.create(  # a draft as a decision leaves it, and a snapshot as published
        agency=agency, unit=unit, kind="penalty", case_id=case.pk, source_label=f"{marker}待审公示来源",
        source_model="cases.case", source_id=case.pk, decided_on=now.date(), party_name=f"{marker}待审公示",
        record={"行政相对人名称": f"{marker}待审公示"}, publish_by=now.date(), due_at=now, warn_from=now,
        created_at=now)
    snapshot = PublishedSnapshot.objects.create(
        publication=publication, version=1, agency=agency, agency_name=agency.name, kind="penalty",
        party_name=f"{marker}已公示公司", decided_on=now.date(), fields={}, sm3="0" * 64, published_at=now,
        published_by_name="公示审核员", visible_until=now.date())
    correction = CorrectionRequest.objects.create(  # an application from the public, open
        tracking=new_tracking(), snapshot=snapshot, publication=publication, agency=agency,
        name=f"{marker}更正申请人", phone="13800000000", wrong="有误", should_be="应为", received_at=now,
        due_on=now.date(), due_at=now, warn_from=now)
    ids = {"agency": agency.pk, "officer": officer.pk, "review_round": review_round.pk,
           "review_question": question.pk, "credential": credential.pk,
           "publication": publication.pk, "snapshot": snapshot.pk, "correction_request": correction.pk,
           "grant": grant.pk,
           "law": law.pk, "article": law.articles.get().pk, "item": item.pk, "item_code": item.code,
           "level": level.pk, "version": version.pk, "version_number": version.number, "evidence": evidence.pk,
           "hold": hold.pk, "request": view_request.pk, "obligation": obligation.pk, "upload": upload.token,
           "import_run": import_run.pk, "account": officer_user.pk, "case": case.pk, "complaint": complaint.pk,
           "document": document.pk, "party": party.pk, "unit": unit.pk, "credential_token": token_of(credential)}
    markers = (officer.person.name, credential.number, hidden_name, hold_note, request_reason, case_title,
               complaint_about, document.number, f"{marker}某某建材有限公司（未公开）", party_name, party_number,
               f"{marker}代理律师", review_note, f"{marker}待审公示", f"{marker}更正申请人")
    return World(key, agency, {k: str(v) for k, v in ids.items()}, markers,
                 (officer.person.name, credential.number), evidence.pk, entry.pk)


@dataclasses.dataclass
class Who:
    label: str
    user: object | None  # None: anonymous
    outside: frozenset[str]  # the worlds out of this user's reach


def build_cast_and_worlds() -> tuple[Cast, dict[str, World], list[Who]]:
    from zhifa.catalog.actions import add_article, create_legal_document

    c = build_cast()
    c.u_reviewer = c.user("nr_reviewer", [(c.nr_legal, Role.REVIEWER)])
    c.u_records = c.user("nr_records", [(c.nr, Role.RECORDS)])
    c.u_publicity = c.user("nr_publicity", [(c.nr, Role.PUBLICITY)])
    c.u_nobody = c.user("nobody", [])
    c.ly_team = c.node(c.ly_nr, "unit", "辽阳执法支队")
    c.chen.unit = c.ly_team
    c.chen.save(update_fields=["unit"])
    c.u_ly_officer = c.user("chenjing", [(c.ly_team, Role.OFFICER)], person=c.chen.person)

    def law(owner, head, name):
        document = create_legal_document(actor=head, owner=owner, name=name, issuing_body=owner.name,
                                         kind="normative", in_force_from=dt.date(2020, 1, 1))
        add_article(actor=head, document=document, seq=1, text="对违法行为依法予以处罚（摘要）。", is_summary=True)
        return document

    worlds = {
        "nr": build_world("nr", agency=c.nr, unit=c.nr_team, head=c.u_head, officer_user=c.u_officer,
                          admin=c.u_admin, law=law(c.nr, c.u_head, "鞍山市自然资源行政处罚办法"), area=c.anshan),
        "ly": build_world("ly", agency=c.ly_nr, unit=c.ly_team, head=c.u_ly_head, officer_user=c.u_ly_officer,
                          admin=c.u_admin, law=law(c.ly_nr, c.u_ly_head, "辽阳市自然资源行政处罚办法"),
                          area=c.liaoyang),
    }
    both, ly = frozenset({"nr", "ly"}), frozenset({"ly"})
    cast_of = [
        Who("officer", c.u_officer, ly), Who("unit_head", c.u_unit_head, ly), Who("reviewer", c.u_reviewer, ly),
        Who("agency_head", c.u_head, ly), Who("records", c.u_records, ly), Who("publicity", c.u_publicity, ly),
        Who("supervisor", c.u_supervisor, ly), Who("sysadmin", c.u_admin, frozenset()),
        Who("zj_head", c.u_zj_head, both), Who("ly_head", c.u_ly_head, frozenset({"nr"})),
        Who("no_role", c.u_nobody, both), Who("anonymous", None, both),
    ]
    assert {Role(r) for r in Role.values} <= {Role(g.role) for w in cast_of if w.user
                                             for g in RoleGrant.objects.filter(user=w.user)}, "a role is missing"
    return c, worlds, cast_of


# ---------------------------------------------------------------- requests


@dataclasses.dataclass(frozen=True)
class Hit:
    pattern: Pattern
    who: str
    variant: str
    method: str
    path: str
    status: int
    location: str
    html: bool
    csp: bool
    digest: str
    leaked: tuple[str, ...]
    changed: tuple[str, ...]
    error: str
    reads_post: bool = True  # whether the view read what a POST changes, or was not reached (middleware answered)

    @property
    def key(self) -> str:
        return f"{self.pattern.name or self.pattern.route} {self.who} {self.variant} {self.method}"

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.pattern.route}] as {self.who} ({self.variant}) → {self.status}"


def variants(pattern: Pattern, worlds: dict[str, World]) -> dict[str, dict[str, str]]:
    """Parameter values by variant: each world, missing ids, 30-digit ids, and the last object of the other
    world (or missing) under the first of one world."""

    def values(world_of, int_value: str | None = None) -> dict[str, str]:
        out = {}
        for i, p in enumerate(pattern.params):
            if p.obj is None:
                out[p.name] = (int_value or p.choice) if p.integer else p.choice
            else:
                w = world_of(i)
                if w is None and p.obj == "view_token":
                    out[p.name] = MISSING_TOKEN if int_value == HUGE else "view:missing"
                elif w is None:
                    out[p.name] = int_value or (MISSING if p.integer else MISSING_TOKEN)
                else:
                    out[p.name] = worlds[w].ids[p.obj] if p.obj != "view_token" else f"view:{w}"
        return out

    if not pattern.params:
        return {"-": {}}
    found = {"missing": values(lambda i: None, MISSING if not pattern.objects else None),
             "huge": values(lambda i: None, HUGE)}
    for w in worlds if pattern.objects else ["nr"]:  # without objects every world asks the same
        found[w] = values(lambda i, w=w: w)
    objects = [i for i, p in enumerate(pattern.params) if p.obj]
    if len(objects) > 1:
        last = objects[-1]
        for a in worlds:
            for b in [*worlds, None]:
                if b != a:
                    found[f"{a}+{b or 'missing'}"] = values(lambda i, a=a, b=b: b if i == last else a)
    return found


def comparisons(pattern: Pattern, who: Who, names: set[str]) -> list[tuple[str, str]]:
    """(out-of-scope variant, missing variant) pairs that must answer alike for ``who``."""
    if pattern.name in PUBLIC or not pattern.objects:
        return []
    pairs = [(w, "missing") for w in who.outside if w in names]
    pairs += [(v, v.split("+")[0] + "+missing") for v in names
              if "+" in v and not v.endswith("+missing") and v.split("+")[1] in who.outside]
    return pairs


# What a person would type into a form's empty text fields, so that a POST reaches the write function rather
# than stopping at "required": the user a grant names, the reason a take or a waiver asks for.
TYPED = {"username": "nobody", "reason": "复核案件需要", "note": "复核案件需要", "party_name": "刘某某",
         "title": "现场检查", "text": "对违法行为依法予以处罚（摘要）。"}


class _Forms(HTMLParser):
    """The POST forms of a page: action → field values (the first option of a select, checked boxes)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._form: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append((a.get("action", ""), self._form))
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input" and a.get("type") not in ("file", "submit", "button", "image", "reset"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a or name not in self._form:
                self._form[name] = a.get("value", "on" if a.get("type") in ("checkbox", "radio") else "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and (self._select not in self._form or "selected" in a):
            if a.get("value", "") or self._select not in self._form:
                self._form[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self._form[name] = ""
        elif tag == "button" and a.get("value") and name not in self._form:
            self._form[name] = a["value"]

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _normalised(body: bytes, path: str) -> bytes:
    for form in {path, quote(path), quote(path, safe="")}:
        body = body.replace(form.encode(), b"{path}")
    return re.sub(rb"\b[A-Za-z0-9]{64}\b", b"{csrf}", body)  # a masked CSRF token differs in every answer


def _row_counts() -> dict[str, int]:
    """Rows of every table (sessions aside): one query."""
    tables = sorted({m._meta.db_table for m in apps.get_models() if m._meta.db_table != "django_session"
                     and not m._meta.proxy and m._meta.managed})
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


# ---------------------------------------------------------------- what a POST could change

# What a POST of a path differs in from its GET, as the view can see it: the method, the body and what is
# parsed from it, and the environ's keys that describe the body. A view that reads none of them while it
# answers a GET runs the same code for the POST (the data, the rows and the clock are the same; middleware
# does not depend on the view), so its POST answers as its GET did and is not sent (``Crawl.request``).
_BODY_ENVIRON = frozenset({"REQUEST_METHOD", "CONTENT_TYPE", "CONTENT_LENGTH", "wsgi.input"})
_READ = "_zhifa_read_post"


def _noted(request) -> None:
    request.__dict__[_READ] = True


def _noting_attribute(name: str) -> property:
    def get(self):
        _noted(self)
        return self.__dict__[name]

    def set_(self, value):
        self.__dict__[name] = value

    return property(get, set_)


def _noting_property(base: property) -> property:
    def get(self):
        _noted(self)
        return base.fget(self)

    return property(get, base.fset)


def _noting_method(name: str):
    def method(self, *args):
        _noted(self)
        return getattr(WSGIRequest, name)(self, *args)

    return method


class _Environ(dict):
    """``request.META`` from the moment the view is called: notes a read of a key a POST changes."""

    def __init__(self, environ: dict, request) -> None:
        super().__init__(environ)
        self.request = request

    def __getitem__(self, key):
        if key in _BODY_ENVIRON:
            _noted(self.request)
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key in _BODY_ENVIRON:
            _noted(self.request)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        if key in _BODY_ENVIRON:
            _noted(self.request)
        return super().__contains__(key)


def _headers(self):
    _noted(self)  # the Content-Type and Content-Length headers differ
    return HttpRequest.headers.func(self)  # type: ignore[attr-defined]


_Watched = type("_Watched", (WSGIRequest,), {
    "__doc__": "The request while its view runs: notes whether the view reads anything a POST changes.",
    "method": _noting_attribute("method"), "content_type": _noting_attribute("content_type"),
    "content_params": _noting_attribute("content_params"),
    "POST": _noting_property(WSGIRequest.POST), "FILES": _noting_property(WSGIRequest.FILES),
    "body": _noting_property(HttpRequest.body), "headers": property(_headers),
    **{name: _noting_method(name) for name in ("read", "readline", "readlines", "__iter__")},
})


def _watching(client: Client, read: list[bool]) -> None:
    """Make the client's handler note, for each request, whether its view read what a POST changes."""
    handler = client.handler
    atomic = handler.make_view_atomic

    def make_view_atomic(view):
        wrapped = atomic(view)

        def watched(request, *args, **kwargs):
            request.__class__ = _Watched
            request.META = _Environ(request.META, request)
            request.__dict__[_READ] = False
            try:
                return wrapped(request, *args, **kwargs)
            finally:
                read.append(request.__dict__[_READ])
                request.__class__ = WSGIRequest

        return watched

    handler.make_view_atomic = make_view_atomic


def _sign_in(client: Client, user) -> None:
    """The one place the crawl signs a client in, so a second factor required of some roles is met here (the
    autouse fixture that does it for ``force_login`` is a test's, and the crawl is built before any test's)."""
    client.force_login(user)
    give_second_factor(client, user)


class Crawl:
    TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}

    def __init__(self, patterns: list[Pattern], unfilled: list[str], worlds: dict[str, World],
                 cast_of: list[Who]) -> None:
        self.patterns, self.unfilled, self.worlds, self.cast_of = patterns, unfilled, worlds, cast_of
        self.hits: dict[str, Hit] = {}
        self.forms: dict[str, dict[str, str]] = {}
        self.clients: dict[str, Client] = {}
        self.read: list[bool] = []  # for the request under way: whether its view read what a POST changes
        self.sent = {"GET": 0, "POST": 0, "answered as the GET": 0}
        for who in cast_of:
            client = Client()
            if who.user is not None:
                _sign_in(client, who.user)
            _watching(client, self.read)
            self.clients[who.label] = client
        self.counts = _row_counts()
        self.markers = {w.key: w.markers for w in worlds.values()}
        self.officer_markers = {w.key: w.officer_markers for w in worlds.values()}

    def path(self, pattern: Pattern, values: dict[str, str], who: Who) -> str:
        out = pattern.route
        for name, value in values.items():
            if value.startswith("view:"):  # a genuine link of this user's, to a world's evidence or a missing one
                w = self.worlds.get(value[5:])
                value = viewing.make_token(user_id=who.user.pk if who.user is not None else 0,
                                           evidence_id=w.evidence_pk if w else int(MISSING),
                                           entry_id=w.view_entry if w else int(MISSING))
            out = out.replace("{" + name + "}", value)
        return out

    def request(self, pattern: Pattern, who: Who, variant: str, method: str, path: str, *,
                check_writes: bool) -> Hit:
        client = self.clients[who.label]
        cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
        data = self.forms.get(pattern.name or pattern.route, {}) if method == "POST" else {}
        extra = self.TUS if "tus" in pattern.name else {}
        error, changed, response = "", (), None
        self.read.clear()
        try:
            with transaction.atomic():
                try:
                    response = client.generic(method, path, **extra) if method in ("HEAD", "DELETE", "PATCH") \
                        else getattr(client, method.lower())(path, data, **extra)
                except Exception:  # a 500 is what we are looking for
                    error = traceback.format_exc(limit=-3)
                if check_writes and not error:
                    after = _row_counts()
                    changed = tuple(f"{t}: {n} → {after[t]}" for t, n in self.counts.items() if after[t] != n)
                transaction.set_rollback(True)
        finally:
            client.cookies = cookies
        if response is None:
            return Hit(pattern, who.label, variant, method, path, 500, "", False, False, "", (), (), error)
        body = b"" if getattr(response, "streaming", False) else response.content
        text = body.decode("utf-8", "replace")
        sent = " ".join(data.values())  # a form echoes what it was sent, which may come from another world
        shown = self.officer_markers if pattern.name in SHOWS_OFFICERS else {}
        leaked = tuple(m for w in who.outside for m in self.markers[w]
                       if m in text and m not in sent and m not in shown.get(w, ()))
        html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code >= 500 and not error:
            error = text[:300]
        if html and response.status_code == 200 and method == "GET" and not who.outside & {variant}:
            parser = _Forms()
            parser.feed(text)
            for action, fields in parser.forms:
                target = urlsplit(action).path or path
                try:
                    match = resolve(target)
                except Resolver404:
                    continue
                typed = {k: TYPED[k] for k, v in fields.items() if not v and k in TYPED}
                self.forms.setdefault(match.view_name or match.route, fields | typed)
        return Hit(pattern, who.label, variant, method, path, response.status_code,
                   response.get("Location", ""), html,
                   "Content-Security-Policy" in response, hashlib.sha256(_normalised(body, path)).hexdigest(),
                   leaked, changed, error, not self.read or any(self.read))

    def answer(self, pattern: Pattern, who: Who, variant: str, method: str, path: str, *,
               check_writes: bool) -> Hit:
        """The request's answer: a POST whose view read nothing a POST changes when it answered the GET (no
        method, no body: see ``_Watched``) answers as that GET did — the same status, body and rows written —
        and is not sent."""
        get = self.hits.get(f"{pattern.name or pattern.route} {who.label} {variant} GET")
        if method == "POST" and get is not None and not get.reads_post and not get.error:
            self.sent["answered as the GET"] += 1
            return dataclasses.replace(get, method="POST")
        self.sent[method] = self.sent.get(method, 0) + 1
        return self.request(pattern, who, variant, method, path, check_writes=check_writes)

    @staticmethod
    def informative(who: Who, variant: str, method: str) -> bool:
        """Whether the request can tell anything the others do not: anonymous is refused whatever the ids; a
        nested object under an object already out of reach is refused by that one; a 30-digit id is looked up
        alike whatever the method."""
        if who.user is None:
            return variant in ("nr", "-")
        if "+" in variant:
            return variant.split("+")[0] not in who.outside
        return variant != "huge" or method == "GET"

    def run(self) -> None:
        for method in ("GET", "POST", "PATCH", "DELETE", "HEAD"):
            for pattern in self.patterns:
                if method not in ("GET", "POST") and "tus" not in pattern.name:
                    continue
                for variant, values in variants(pattern, self.worlds).items():
                    for who in self.cast_of:
                        if not self.informative(who, variant, method):
                            continue
                        out_of_scope = variant == "missing" or variant.endswith("missing") or bool(
                            who.outside & set(variant.split("+")))
                        path = self.path(pattern, values, who)
                        hit = self.answer(pattern, who, variant, method, path, check_writes=out_of_scope)
                        self.hits[hit.key] = hit


@pytest.fixture(scope="module")
def crawl(django_db_setup, django_db_blocker, tmp_path_factory) -> Crawl:
    root = tmp_path_factory.mktemp("matrix")
    with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            # each role's client signs in once; on a loaded machine the crawl can leave one idle past the 30
            # minutes after which a session ends (tests/core test that rule), and its requests would then all
            # answer with the login page's redirect instead of what the check is about
            ZHIFA_SESSION_IDLE_MINUTES=24 * 60,
            ZHIFA_KEYSTORE_DIR=root / "keystore", ZHIFA_UPLOAD_DIR=root / "uploads",
            STORAGES={**settings.STORAGES, "blobs": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                      "OPTIONS": {"location": str(root / "files")}}}), \
            django_db_blocker.unblock(), transaction.atomic():
        _cast, worlds, cast_of = build_cast_and_worlds()
        patterns, unfilled = url_patterns()
        result = Crawl(patterns, unfilled, worlds, cast_of)
        result.run()
        transaction.set_rollback(True)
    return result


# ---------------------------------------------------------------- the checks


def _report(check: str, failures: list[tuple[Hit, str]]) -> list[str]:
    return [f"{check} {h.key}: {h} {detail}" for h, detail in failures]


def no_500(crawl: Crawl) -> list[str]:
    return _report("500", [(h, h.error.strip().splitlines()[-1] if h.error else "") for h in crawl.hits.values()
                           if h.status >= 500])


def out_of_scope_like_missing(crawl: Crawl) -> list[str]:
    found = []
    who_of = {w.label: w for w in crawl.cast_of}
    for pattern in crawl.patterns:
        if pattern.name in READABLE_ACROSS:
            continue
        names = set(variants(pattern, crawl.worlds))
        for who in crawl.cast_of:
            if who.user is None:
                continue
            for method in ("GET", "POST"):
                for other, missing in comparisons(pattern, who_of[who.label], names):
                    a = crawl.hits.get(f"{pattern.name or pattern.route} {who.label} {other} {method}")
                    b = crawl.hits.get(f"{pattern.name or pattern.route} {who.label} {missing} {method}")
                    if a is None or b is None:  # not asked: not informative
                        continue
                    if (a.status, a.location.replace(a.path, "{path}"), a.digest) \
                            != (b.status, b.location.replace(b.path, "{path}"), b.digest):
                        what = "body differs" if a.status == b.status else f"missing → {b.status}"
                        found.append((a, what))
    return _report("scope", found)


def no_leak(crawl: Crawl) -> list[str]:
    return _report("leak", [(h, f"shows {', '.join(h.leaked)}") for h in crawl.hits.values() if h.leaked])


def no_write(crawl: Crawl) -> list[str]:
    return _report("write", [(h, "; ".join(h.changed)) for h in crawl.hits.values() if h.changed])


def anonymous_refused(crawl: Crawl) -> list[str]:
    login = resolve_url(settings.LOGIN_URL)
    return _report("anonymous", [(h, h.location) for h in crawl.hits.values() if h.who == "anonymous"
                                 and h.pattern.name not in PUBLIC and h.status < 500
                                 and not (h.status == 302 and h.location.startswith(login))
                                 and h.status not in (401, 403, 404, 405)])


CHECKS = [no_500, out_of_scope_like_missing, no_leak, no_write, anonymous_refused]


def test_a_url_whose_parameter_nothing_fills_is_named(monkeypatch):
    monkeypatch.delitem(PK_OBJECTS, "obligations:")
    _, unfilled = url_patterns()
    assert "/deadlines/{pk}/waive/ (obligations:waive): nothing fills <pk>" in unfilled


@uses_crawl
def test_every_url_pattern_can_be_filled(crawl):
    assert not crawl.unfilled, "say in tests/security/test_url_matrix.py how to fill:\n" + "\n".join(crawl.unfilled)


@uses_crawl
def test_the_matrix_covers_every_role_and_both_worlds(crawl):
    print("请求数：", crawl.sent, "主体：", len(crawl.cast_of))
    assert len(crawl.patterns) > 80
    assert {h.who for h in crawl.hits.values()} == {w.label for w in crawl.cast_of}
    assert sum(1 for h in crawl.hits.values() if h.status == 200 and h.variant == "nr") > 100
    # Signed in for real (a second factor, a session rule would otherwise turn every answer into a redirect).
    assert {w.label: crawl.hits[f"home {w.label} - GET"].status for w in crawl.cast_of if w.user} \
        == {w.label: 200 for w in crawl.cast_of if w.user}


@uses_crawl
@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_matrix(crawl, check):
    failures = check(crawl)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:200])


@uses_crawl
def test_every_html_page_has_csp(crawl):
    missing = [str(h) for h in crawl.hits.values() if h.html and not h.csp]
    assert not missing, f"{len(missing)} HTML answers without Content-Security-Policy:\n" + "\n".join(missing[:50])



"""An archived case is read-only everywhere (REC-09): every public write function of ``zhifa.cases.actions``
refuses it under the archive rule and writes nothing, and no POST to any URL of the case changes a row.

Both proofs are generic, so a write function or a page added later is covered without touching this file:
the functions are found by introspection of ``actions.__all__`` and called with values chosen by each
parameter's name or annotation (a parameter nothing here can fill fails the test, naming it); the URLs are
every pattern of the ``cases`` namespace that takes a case's ``pk``, posted with the fields of every form of
the case pages."""

from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal
from typing import Any

import pytest
from django import forms as django_forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import get_resolver, reverse
from django.utils import timezone
from tests.cases.conftest import hand_in
from tests.cases.test_case_decision import at_decide, executing  # noqa: F401  (fixtures)
from tests.cases.test_case_dossier import archived, closed  # noqa: F401  (fixtures)
from tests.cases.test_case_notice import at_notify  # noqa: F401  (fixture)

from zhifa.agencies.models import Role, RoleGrant
from zhifa.cases import actions, dossier_views
from zhifa.cases import forms as case_forms
from zhifa.cases.models import Case, CaseState
from zhifa.catalog.documents import NO_PENALTY_GROUNDS, PRESERVATION_OUTCOMES, TRANSFER_REASONS
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry

TODAY = dt.date.today()

# Public write functions (they take an ``actor``) that act on no existing case, each with why it is not tried
# here. A new one must be put here by its author, or take the case it acts on — then it is tried below.
NOT_ON_A_CASE = {
    "register_case": "登记新案件，尚无案件",
    "receive_complaint": "登记投诉举报，尚无案件",
    "answer_complaint": "答复未立案的投诉举报；已立案的投诉举报不再受理答复",
    "set_document_code": "执法主体的文号设置",
    "set_freeze_basis": "执法主体冻结存款、汇款的法律授权设置（行政强制法 第29条）",
    "set_dossier_settings": "执法主体的归档期限设置",
    "start_simple_case": "当场开始简易程序案件，尚无案件",
    "create_plan": "制定检查计划，尚无案件",
    "plan_inspections": "按检查计划形成行政检查，尚无案件",
    "start_inspection": "开始行政检查，尚无案件",
    "start_measure": "开始行政强制措施，尚无案件；所涉行政处罚案件不在办理中的，拒绝关联",
    "start_levy_case": "开始征收征用或收费案件，尚无案件",
    "register_application": "登记行政许可申请，尚无案件",
    "start_coercion": "启动行政强制执行，尚无强制执行案件（所执行的行政处罚案件只被读取）",
    "start_licence_end": "启动撤回、撤销行政许可的案件，尚无案件（所涉许可证件只被读取）",
}

# Where a write function checks a choice before it reads the case, a valid choice for it, so that what is tried
# is the archive's refusal, not the bad value's.
CHOICES: dict[str, dict[str, Any]] = {
    "apply_payment_plan": {"kind": "defer"},
    "record_testing": {"kind": "test"},
    "release_measure": {"ground": "no_violation"},
    "dispose_measure": {"disposal": "return"},
    "suspend_enforcement": {"ground": "hardship"},
    "terminate_enforcement": {"ground": "deceased"},
    "record_return": {"state": "intact"},
    "record_remedy": {"kind": "reconsideration"},
    "end_remedy": {"result": "upheld"},
    "record_court_ruling": {"ruling": "granted"},
    "end_hearing_unheld": {"outcome": "absent"},
    "request_recusal": {"source": "party"},
    "make_record": {"kind": "statement", "signed": True},
    "decide_no_penalty": {"ground": NO_PENALTY_GROUNDS[0]},
    "transfer_case": {"reason": TRANSFER_REASONS[0]},
    "order_rectification": {"immediate": True},
    "schedule_hearing": {"public": True},
    "record_hearing": {"started_at": timezone.now() - dt.timedelta(hours=2), "party_signed": True},
    "pause_licence_clock": {"kind": "expert"},
    "decide_coercion": {"measure": "restore"},
    "announce_demolition": {"own_demolition_by": TODAY + dt.timedelta(days=10)},
    "sign_agreement": {"public_interest_unharmed": True, "due_on": TODAY + dt.timedelta(days=10)},
}

# What the reads of an archived case may add: the access log of its 案卷 (downloads and exports), and the
# ledger's own signing key and checkpoint that an export's proofs are made against.
READ_KINDS = {"case.dossier_downloaded", "case.dossier_exported", "evidence.exported", "ledger.key_created"}
READ_TABLES = {"ledger.Entry", "ledger.Checkpoint", "ledger.AgencyKey"}


@pytest.fixture
def everyone(world):
    """张伟 with every role a case asks for: officer and unit head of the team, head of the agency — so a refusal
    is the archive's, never a missing permission."""
    for agency, role in ((world.nr_team, Role.UNIT_HEAD), (world.nr, Role.AGENCY_HEAD)):
        RoleGrant.objects.create(user=world.u_officer, agency=agency, role=role)
    return get_user_model().objects.get(pk=world.u_officer.pk)  # without the grants cached on the cast's user


def _values(world, case: Case, actor) -> tuple[dict[str, Any], dict[str, Any]]:
    """Plausible arguments: by parameter name where the name decides (a choice), else by annotation."""
    evidence = hand_in(world, title="归档后补拍")
    document = IssuedDocument.objects.filter(subject_id=case.pk, template="penalty_decision").get()
    by_name = {"step": "close", "target": "archive", "method": "direct", "av_stage": "onsite", "kinds": ["fine"],
               "agrees": True, "outcome": PRESERVATION_OUTCOMES[0], "credential_shown": True, "signed": True}
    by_type = {
        "User": actor, "Case": case, "Evidence": evidence, "Evidence | None": None, "IssuedDocument": document,
        "Officer": world.zhang, "Officer | None": world.zhang, "Iterable[Officer]": [world.zhang, world.li],
        "dt.date": TODAY, "dt.date | None": TODAY, "Decimal": Decimal("5000"), "str": "经查属实", "bool": False,
        "int": 1, "dict[str, Any] | None": None, "dt.datetime": timezone.now(), "Iterable[str]": ["statement"],
        "Iterable[User]": [actor],
        # a part of the case (a preservation, a recusal …): a row of it on the archived case
        **_parts_of_a_case(case),
    }
    return by_name, by_type


def _parts_of_a_case(case: Case | None = None) -> dict[str, Any]:
    """The models of the cases app that belong to one case — by a ``case`` foreign key, or through a part that
    does (an instalment of a payment plan) — which a write function may take instead of the case itself: by
    name, an unsaved row of each on ``case``."""
    parts: dict[str, Any] = {}
    models = list(apps.get_app_config("cases").get_models())
    for _ in range(2):  # a part of a part
        for m in models:
            for f in m._meta.fields:
                if not f.many_to_one or m.__name__ in parts:
                    continue
                if f.related_model is Case and f.name == "case":
                    parts[m.__name__] = m(case=case)
                elif f.related_model.__name__ in parts and f.related_model is not m:
                    parts[m.__name__] = m(**{f.name: parts[f.related_model.__name__]})
    return parts


def _case_writes() -> dict[str, Any]:
    """The public write functions on a case: those of ``actions.__all__`` that take an actor and a case."""
    found = {}
    for name in actions.__all__:
        fn = getattr(actions, name)
        if not callable(fn):
            continue
        params = inspect.signature(fn).parameters
        if "actor" not in params:
            continue  # a read (decision_of, surcharge_on …)
        parts = set(_parts_of_a_case())
        if "case" in params or any(p.annotation == "Case" or p.annotation in parts for p in params.values()):
            found[name] = fn
        else:
            assert name in NOT_ON_A_CASE, (
                f"actions.{name} 是写操作但不接受案件：请在 NOT_ON_A_CASE 中说明它为何与已归档案件无关，"
                "或让它接受所作用的案件以便在此验证")
    return found


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_an_archived_case_refuses_every_write_function(world, archived, everyone):  # noqa: F811
    writes = _case_writes()
    assert {"move", "sign_opinion", "link_evidence", "record_payment", "decide", "issue_notice"} <= set(writes)
    by_name, by_type = _values(world, archived, everyone)
    before = _counts()
    for name, fn in writes.items():
        kwargs = {}
        for p in inspect.signature(fn).parameters.values():
            if p.name in by_name:
                kwargs[p.name] = by_name[p.name]
            elif p.annotation in by_type:
                kwargs[p.name] = by_type[p.annotation]
            else:
                assert p.default is not inspect.Parameter.empty, (
                    f"actions.{name} 的参数 {p.name}（{p.annotation}）没有示例值：请在 _values 中补上")
        kwargs |= CHOICES.get(name, {})
        with pytest.raises(RuleViolation) as refused:
            fn(**kwargs)
        assert refused.value.rule == actions.ARCHIVED_RULE, f"actions.{name}: {refused.value}"
        assert "已归档" in str(refused.value)
        assert _counts() == before, f"actions.{name} 在已归档案件上留下了记录"
    assert Case.objects.get(pk=archived.pk).state == CaseState.ARCHIVED


def _case_urls(case: Case) -> list[tuple[str, str]]:
    """Every URL of the cases namespace that takes a case's pk, with its name."""
    resolver = get_resolver().namespace_dict["cases"][1]
    urls = []
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if route.startswith("<int:pk>/") and pattern.name:
            urls.append((pattern.name, reverse(f"cases:{pattern.name}", args=[case.pk])))
    return urls


def _field_value(name: str, field: django_forms.Field, ids: dict[str, Any]) -> Any:
    if name in ids:
        return ids[name]
    if isinstance(field, django_forms.ModelChoiceField):  # its choices are the view's: only those named above
        return ""
    if isinstance(field, django_forms.MultipleChoiceField):
        return [str(v) for v, _ in field.choices][:1]
    if isinstance(field, django_forms.ChoiceField):
        return next((str(v) for v, _ in field.choices if v not in ("", None)), "")
    if isinstance(field, django_forms.DateField):
        return TODAY.isoformat()
    if isinstance(field, django_forms.DecimalField | django_forms.IntegerField):
        return "5000"
    if isinstance(field, django_forms.BooleanField):
        return ""
    return "经查属实"


def _payloads(world, case: Case) -> list[dict[str, Any]]:
    """The fields of every form of the case pages, filled; forms whose field names clash go in separate posts."""
    evidence = hand_in(world, title="归档后补拍")
    document = IssuedDocument.objects.filter(subject_id=case.pk, template="penalty_decision").get()
    ids = {"target": "archive", "step": "close", "agrees": "1", "method": "direct", "av_stage": "onsite",
           "document": document.pk, "lead": world.zhang.pk, "officers": [world.zhang.pk, world.li.pk],
           "reason": "移送人民法院强制执行", "kinds": ["fine"]}
    payloads: list[dict[str, Any]] = []
    for module in (case_forms, dossier_views):
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and issubclass(cls, django_forms.Form) and cls.__module__ == module.__name__):
                continue
            data = {name: _field_value(name, f, ids) for name, f in cls.base_fields.items()}
            if cls is case_forms.EvidenceLinkForm:
                data["evidence"] = evidence.pk
            home = next((p for p in payloads if all(p.get(k, v) == v for k, v in data.items())), None)
            if home is None:
                payloads.append(data)
            else:
                home.update(data)
    return [{}, *payloads]


def test_no_post_to_an_archived_cases_urls_changes_anything(world, archived, everyone, login):  # noqa: F811
    client = login(everyone)
    urls = _case_urls(archived)
    assert {"opinion", "move", "payment", "dossier_pdf", "dossier_bag"} <= {name for name, _ in urls}
    payloads = _payloads(world, archived)
    before, entries = _counts(), Entry.objects.count()
    for name, url in urls:
        for data in payloads:
            response = client.post(url, data)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)  # the bag is built and sent; its directory goes
            assert response.status_code != 302, f"{name} 接受了对已归档案件的提交：{data}"
            assert response.status_code < 500, name
    after = _counts()
    new = Entry.objects.order_by("pk")[entries:]
    assert {e.kind for e in new} <= READ_KINDS, "已归档案件的提交写入了台账记录"
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    assert set(changed) <= READ_TABLES, changed
    assert Case.objects.get(pk=archived.pk).state == CaseState.ARCHIVED

"""One label registry (issue 10, item 4): every ledger entry kind and every rule an obligation is opened under
reads in plain Chinese, from the same words on every page; a code or a kind is never shown as itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.template import Context, Template

from zhifa.agencies.permissions import ACTIONS
from zhifa.catalog.models import ListKind
from zhifa.core import labels

SRC = Path(__file__).resolve().parents[2] / "src" / "zhifa"
DOTTED = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_{}]+)+$")
NOT_KINDS = re.compile(r"^(zhifa|django|django_otp|whitenoise)\.|\.(txt|json|jsonl|sig|signed|pem|xlsx|ico|sqlite3)$")


def _source_strings() -> dict[str, Path]:
    """Every dotted lower-case string written in ``src`` (an f-string's placeholders as ``{}``), by where."""
    found: dict[str, Path] = {}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            elif isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            else:
                continue
            if DOTTED.match(text):
                found.setdefault(text, path)
    return found


def _kinds_written_in_src() -> dict[str, Path]:
    """What ``ledger.append(kind=…)`` is given anywhere: the dotted strings that name no permission, module or
    file; ``catalog.{kind}.saved`` stands for each of the five lists."""
    kinds: dict[str, Path] = {}
    for text, path in _source_strings().items():
        if text in ACTIONS or NOT_KINDS.search(text):
            continue
        for kind in ([text.replace("{}", k) for k in ListKind.values] if "{}" in text else [text]):
            kinds[kind] = path
    return kinds


def test_every_ledger_kind_written_in_the_source_has_a_label():
    kinds = _kinds_written_in_src()
    assert {"evidence.viewed", "ledger.key_created", "obligation.paused", "catalog.av.saved"} <= set(kinds)
    missing = {k: str(p.relative_to(SRC)) for k, p in kinds.items() if not labels.is_kind(k)}
    assert missing == {}, f"台账事项缺少中文名称（在 zhifa/core/labels.py 的 KINDS 中补上）：{missing}"


def test_the_registry_holds_no_kind_the_source_never_writes():
    assert set(labels.KINDS) - set(_kinds_written_in_src()) == set()


def _rule_constants() -> dict[str, str]:
    """Module constants named ``…_RULE`` (the rules obligations are opened and met under), by name."""
    found: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id.endswith("_RULE") and isinstance(node.value, ast.Constant)):
                found[f"{path.relative_to(SRC)}:{node.targets[0].id}"] = node.value.value
    return found


def test_every_rule_named_in_the_source_is_in_the_registry():
    rules = _rule_constants()
    assert {"REC-10 移交", "REC-10 著录", "GEN-03 执法证换证"} <= set(rules.values())
    assert {where: rule for where, rule in rules.items() if rule not in labels.RULES} == {}


def test_every_kind_and_obligation_rule_the_demo_writes_reads_in_words(shared_demo):
    from zhifa.ledger.models import Entry
    from zhifa.obligations.models import Obligation

    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert len(kinds) > 20 and {k for k in kinds if not labels.is_kind(k)} == set()
    rules = set(Obligation.objects.values_list("rule", flat=True))
    assert rules and rules <= set(labels.RULES)
    for rule in rules:
        assert not re.search(r"[A-Z]{3}-\d{2}", labels.rule_label(rule)), rule


@pytest.mark.parametrize("rule, shown", [
    ("REC-10 移交", "音像记录24小时内移交（《行政执法全过程记录办法》第二十五条、《执法记录仪使用管理办法》第十二条）"),
    ("GEN-03 执法证换证", "执法证到期前换证（《中华人民共和国行政处罚法》第四十二条）"),
    ("REV-11", "法制审核人员配备"),
    ("行政处罚法 第42条", "执法人员资格与人数（《中华人民共和国行政处罚法》第四十二条）"),
    ("行政处罚法 第7条", "《行政处罚法》第七条"),             # a citation the registry does not name, in words
    ("行政处罚法 第58条；REV-01",
     "重大执法决定法制审核（《中华人民共和国行政处罚法》第五十八条）、未经法制审核不得作出决定"),
    ("GEN-03 持证上岗", "持证上岗"),                           # the words that follow a code
    ("XYZ-99", ""),                                            # an unknown code is left out, never shown
    ("XYZ-99 新规则", "新规则"),
    ("", ""),
    ("记录办法 第十九~二十一条；REC-07", "记录办法 第十九~二十一条、送达记录"),
])
def test_a_rule_reads_by_its_name_and_basis_never_its_code(rule, shown):
    assert labels.rule_label(rule) == shown


@pytest.mark.parametrize("rule, shown", [
    ("PUB-09", "公示前审核"),
    ("行政处罚法 第42条", "《行政处罚法》第四十二条"),
    ("行政处罚法 第42条、GEN-03 持证上岗", "《行政处罚法》第四十二条、持证上岗"),
    ("REC-10 移交", "音像记录24小时内移交"),
])
def test_a_refusal_names_its_rule_without_the_basis(rule, shown):
    assert labels.rule_name(rule) == shown


def test_an_unregistered_kind_never_shows_as_itself():
    assert labels.kind_label("evidence.viewed") == "查看证据"
    assert labels.kind_label("cases.something_new") == "其他记录"


def test_templates_show_rules_and_kinds_from_the_registry_with_the_code_only_in_a_tooltip():
    out = Template('{% load labels %}<span title="{{ r|rule_code }}">{{ r|rule }}</span> {{ k|kind }} '
                   '{{ b|nocodes }}').render(Context({"r": "REC-10 著录", "k": "evidence.described",
                                                     "b": "GEN-03 持证上岗：届满前换证"}))
    assert out == ('<span title="REC-10">音像记录2个工作日内著录（《行政执法全过程记录办法》第二十五条）</span> 著录 '
                   '持证上岗：届满前换证')

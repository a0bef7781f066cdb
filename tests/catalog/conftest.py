"""The catalog's part of the cast: a few laws with the articles the tests cite, a second agency head for
鞍山市自然资源局 (so that one edits and another publishes, PUB-09), and helpers that build lists through the
write functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from tests.conftest import Cast

from zhifa.agencies.models import ActionKind, Role
from zhifa.catalog import actions
from zhifa.catalog.models import Article, EnforcementItem, LegalDocument, ListKind

ARTICLES = {
    ("中华人民共和国行政处罚法", "行政处罚法", "处罚", dt.date(2021, 7, 15)): {
        32: "当事人有下列情形之一，应当从轻或者减轻行政处罚（摘要）。",
        33: "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚；"
            "初次违法且危害后果轻微并及时改正的，可以不予行政处罚（摘要）。",
        58: "有下列情形之一，在行政机关负责人作出行政处罚的决定之前，"
            "应当由从事行政处罚决定法制审核的人员进行法制审核（摘要）。",
    },
    ("中华人民共和国土地管理法", "土地管理法", "土地", dt.date(2020, 1, 1)): {
        77: "未经批准或者采取欺骗手段骗取批准，非法占用土地的，"
            "由县级以上人民政府自然资源主管部门责令退还非法占用的土地，限期拆除在非法占用的土地上新建的建筑物和其他设施，恢复土地原状，可以并处罚款（摘要）。",
    },
    ("中华人民共和国城乡规划法", "城乡规划法", "城乡", dt.date(2008, 1, 1)): {
        64: "未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，"
            "处建设工程造价百分之五以上百分之十以下的罚款（摘要）。",
    },
}


@pytest.fixture
def laws(db) -> dict[str, Article]:
    """Articles by short key: "处罚33", "土地77", "城乡64"…"""
    found = {}
    for (name, short, key, start), articles in ARTICLES.items():
        document = LegalDocument.objects.create(name=name, short_name=short, issuing_body="全国人民代表大会常务委员会",
                                                kind="law", in_force_from=start)
        for seq, text in articles.items():
            found[f"{key}{seq}"] = Article.objects.create(document=document, seq=seq, text=text, is_summary=True)
    return found


@pytest.fixture
def cat(cast: Cast, laws) -> SimpleNamespace:
    """Helpers for 鞍山市自然资源局's lists: ``editor`` (nr_head) edits, ``publisher`` (nr_head2) publishes."""
    ns = SimpleNamespace(cast=cast, laws=laws, editor=cast.u_head)
    ns.publisher = cast.user("nr_head2", [(cast.nr, Role.AGENCY_HEAD)])

    def item(code: str = "ZR-CF-001", name: str = "对非法占用土地的行政处罚", *, kind: str = ActionKind.PUNISHMENT,
             articles=("土地77",), actor=None, **fields):
        values = {"code": code, "name": name, "action_kind": kind, "handling_unit": cast.nr_team,
                  "domain": cast.d_nr, "time_limit": "90日", "remedy": "行政复议或行政诉讼"} | fields
        existing = EnforcementItem.objects.filter(list__agency=cast.nr, code=code).first()  # same code: an edit
        return actions.save_entry(actor=actor or ns.editor, agency=cast.nr, kind=ListKind.ITEMS, entry=existing,
                                  articles=[laws[a] for a in articles], **values)

    def level(item, level: str, unit: str = "none", low=None, high=None, conditions: str = "",
              articles=("土地77",), other: str = ""):
        return actions.save_discretion_level(
            actor=ns.editor, item=item, level=level, unit=unit, low=None if low is None else Decimal(low),
            high=None if high is None else Decimal(high), conditions_text=conditions, other_penalties=other,
            articles=[laws[a] for a in articles])

    def publish(kind: str, *, effective_from: dt.date | None = None, note: str = "调整"):
        actions.submit_list(actor=ns.editor, agency=cast.nr, kind=kind)
        return actions.publish_list(actor=ns.publisher, agency=cast.nr, kind=kind, effective_from=effective_from,
                                    note=note)

    ns.item, ns.level, ns.publish = item, level, publish
    return ns


@pytest.fixture
def editor(cat, login):
    """The signed-in client of ``cat.editor``."""
    return login(cat.editor)

"""The world of the 行政许可 tests: 鞍山市自然资源局 with two licence items published (one whose 服务指南 lists its
materials, one that lists none) in force from 2026-09-01, before the dates the edges fall on (the 国庆节 break,
a 调休 Saturday)."""

from __future__ import annotations

import datetime as dt
import uuid

import time_machine
from tests.cases.conftest import uscc
from tests.conftest import build_cast

from zhifa.agencies.models import Role
from zhifa.cases import actions
from zhifa.catalog import actions as catalog
from zhifa.catalog.models import Article, LegalDocument, ListKind
from zhifa.parties import actions as parties
from zhifa.workdays.calendar import SHANGHAI

ITEM = "ZR-XK-001"
BARE_ITEM = "ZR-XK-002"
MATERIALS = ["建设工程规划许可申请表", "使用土地的有关证明文件", "建设工程设计方案"]


def at(day: str | dt.date, hour: int = 10):
    """The agency's clock on ``day`` (10:00 Asia/Shanghai)."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI), tick=True)


def build_permit_world():
    with at("2026-09-01", 9):
        c = build_cast()
        law = LegalDocument.objects.create(name="中华人民共和国城乡规划法", short_name="城乡规划法", kind="law",
                                           issuing_body="全国人民代表大会常务委员会",
                                           in_force_from=dt.date(2019, 4, 23))
        article = Article.objects.create(document=law, seq=40, text="在城市、镇规划区内进行建筑物……建"
                                                                    "设工程规划许可证……",
                                         is_summary=True)
        catalog.save_entry(actor=c.u_head, agency=c.nr, kind=ListKind.ITEMS, entry=None, articles=[article],
                           code=ITEM, name="建设工程规划许可证核发", action_kind="xuke", handling_unit=c.nr_team,
                           domain=c.d_nr, materials="1. 建设工程规划许可申请表；2. 使用土地的有关证明"
                                                    "文件；3. 建设工程设计方案。")
        catalog.save_entry(actor=c.u_head, agency=c.nr, kind=ListKind.ITEMS, entry=None, articles=[article],
                           code=BARE_ITEM, name="临时建设工程规划许可", action_kind="xuke", handling_unit=c.nr_team,
                           domain=c.d_nr)
        catalog.submit_list(actor=c.u_head, agency=c.nr, kind=ListKind.ITEMS)
        catalog.publish_list(actor=c.user("nr_head2", [(c.nr, Role.AGENCY_HEAD)]), agency=c.nr, kind=ListKind.ITEMS)
        c.u_li = c.user("lina", [(c.nr_team, Role.OFFICER)], person=c.li.person)
        c.company = parties.record_party(actor=c.u_officer, kind="legal", name="鞍山某置业有限公司",
                                         uscc=uscc("91210300MA0QC2388"), address="鞍山市铁东区胜利路88号",
                                         rep_name="孙立新").party
    return c


def register(w, materials=MATERIALS, token=None, **kw):
    values = dict(actor=w.u_officer, unit=w.nr_team, token=token or uuid.uuid4().hex, item_code=ITEM,
                  request="在铁东区胜利路东侧地块建设综合楼一栋，建筑面积12,000平方米", materials=materials,
                  applicant=w.company)
    return actions.register_application(**(values | kw))


def accept(w, case):
    return actions.accept_application(actor=w.u_officer, case=case, contact="张伟　0412-5550101")


def notify(w, case, **kw):
    return actions.notify_missing(actor=w.u_officer, case=case, contact="张伟　0412-5550101", **kw)


def to_decide(w, case):
    return actions.move(actor=w.u_officer, case=case, target="decide")


def grant(w, case, **kw):
    values = dict(actor=w.u_head, case=case, granted=True, findings="申请材料齐全、符合法定形式，设计方案符合规划条件",
                  basis="《中华人民共和国城乡规划法》第四十条", content="同意建设综合楼一栋，建筑面积12,000平方米",
                  valid_from=dt.date(2026, 12, 1), valid_to=dt.date(2028, 11, 30))
    return actions.decide_licence(**(values | kw))



def granted(w, received="2026-11-02", decided="2026-11-16", **grant_kw):
    """An application granted, its licence not yet issued: applied for on ``received``, accepted, decided on
    ``decided`` (valid to 2028-11-30 unless told otherwise)."""
    with at(received):
        case = register(w)
        accept(w, case)
        to_decide(w, case)
    with at(decided):
        grant(w, case, **grant_kw)
    return case


def issued(w, received="2026-11-02", decided="2026-11-16", **grant_kw):
    """A licence granted and issued on ``decided`` (``granted``)."""
    case = granted(w, received, decided, **grant_kw)
    with at(decided):
        return actions.issue_licence(actor=w.u_officer, case=case, recipient="孙立新")

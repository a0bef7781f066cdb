"""A 行政许可's publication (PUB-04): drafted with the 准予行政许可决定书 in its transaction, due 7 working days
later, its 双公示 items those of the licence standard; and when the licence is later withdrawn (行政许可法 第8条) or
revoked (第69条), its 当前状态 follows the licence — a new version on the portal, an 更新 to the credit platform,
the state in the export's file."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from tests.cases.permit_world import at, build_permit_world, granted, issued
from tests.cases.test_permit_changes import start_end
from tests.publicity.test_credit import platform, worker  # noqa: F401  (the platform fixture)

from zhifa.agencies.models import Person, Role
from zhifa.cases import actions as cases
from zhifa.obligations.models import Obligation
from zhifa.publicity import actions, rules
from zhifa.publicity.models import LICENCE_FIELDS, Publication, PublicationKind, PublicationState


@pytest.fixture
def w(db, store):
    w = build_permit_world()
    w.reviewer = w.user("sunli", [(w.nr, Role.PUBLICITY)], person=Person.objects.create(name="孙丽"))
    return w


def _published(w):
    licence = issued(w)  # decided 2026-11-16
    pub = Publication.objects.get(case_id=licence.case_id)
    with at("2026-11-18"):
        actions.mark(actor=w.reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
        actions.publish(actor=w.reviewer, publication=pub)
    return licence, pub


def _end(w, licence, kind):
    revoke = kind == "revoke"
    extra = dict(basis="《中华人民共和国行政许可法》第六十九条第二款", ground="被许可人以伪造的土地证明文件取得许可",
                 token="end-2") if revoke else {}
    with at("2027-05-10"):
        case = start_end(w, licence, kind=kind, **extra)
        cases.notify_licence_end(actor=w.u_officer, case=case, recipient="孙立新", contact="张伟")
        cases.hear_licence_holder(actor=w.u_officer, case=case, heard_on=dt.date(2027, 5, 10), statement="无异议")
        return cases.decide_licence_end(actor=w.u_head, case=case, answer="依法处理", review_body="鞍山市人民政府",
                                        court="鞍山市铁东区人民法院", no_public_harm=revoke)


def test_a_licence_grant_drafts_its_publication_with_the_licence_items_due_seven_working_days_later(w):
    licence = issued(w)
    pub = Publication.objects.get(case_id=licence.case_id)
    assert (pub.kind, pub.state, pub.party_name) == (PublicationKind.LICENCE, PublicationState.DRAFT,
                                                     "鞍山某置业有限公司")
    assert set(pub.record) == set(LICENCE_FIELDS)  # shown in the standard's order (jsonb keeps its own)
    assert (pub.record["许可内容"], pub.record["有效期自"], pub.record["有效期至"], pub.record["当前状态"]) == (
        "同意建设综合楼一栋，建筑面积12,000平方米", "2026-12-01", "2028-11-30", "有效")
    due = rules.publish_due(PublicationKind.LICENCE, dt.date(2026, 11, 16))
    ob = Obligation.objects.get(subject_type=ContentType.objects.get_for_model(Publication), subject_id=pub.pk,
                                rule=rules.PUBLISH_RULE)
    assert pub.publish_by == due.last_day == dt.date(2026, 11, 25) and ob.due_at == due.due_at
    assert (pub.record["许可证书名称"], pub.record["许可编号"]) == ("行政许可证件", licence.number)  # issued since


def test_a_licence_published_before_its_certificate_gets_the_number_as_its_next_version(w, client):
    case = granted(w, "2026-11-02", "2026-11-16")
    pub = Publication.objects.get(case_id=case.pk)
    assert pub.record["许可编号"] == ""
    with at("2026-11-17"):
        actions.mark(actor=w.reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
        first = actions.publish(actor=w.reviewer, publication=pub)
        licence = cases.issue_licence(actor=w.u_officer, case=case, recipient="孙立新")
    second = pub.snapshots.get(current=True)
    assert (first.fields["许可编号"], second.version, second.fields["许可编号"]) == ("", 2, licence.number)
    assert licence.number in client.get(f"/portal/publications/{second.pk}/").content.decode()
    earlier = client.get(f"/portal/publications/{first.pk}/").content.decode()
    assert "更新" in earlier and "更正" not in earlier and f"/portal/publications/{second.pk}/" in earlier


@pytest.mark.parametrize("kind, state, words", [("withdraw", "已撤回", "撤回"), ("revoke", "已撤销", "撤销")])
def test_a_withdrawn_or_revoked_licence_is_published_and_pushed_with_its_state(w, client, platform, kind, state,  # noqa: F811
                                                                               words):
    licence, pub = _published(w)
    with at("2026-11-18"):
        worker()
    licence = _end(w, licence, kind)
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED and pub.record["当前状态"] == state
    first, second = pub.snapshots.order_by("version")
    assert not first.current and first.fields["当前状态"] == "有效"  # what was public before stays answerable
    assert second.current and second.fields["当前状态"] == state and words in second.fields["备注"]
    assert licence.ends.get().decision.number in second.fields["备注"]
    page = client.get(f"/portal/publications/{second.pk}/").content.decode()
    assert state in page
    with at("2027-05-10"):
        worker()
    assert platform.events() == ["新增", "更新"]
    assert platform.received[1]["body"]["数据项"]["当前状态"] == state
    with at("2027-05-10"):
        client.force_login(w.reviewer)
        got = client.get("/publicity/credit/export/", {"kind": "licence", "format": "csv"})
    assert got.status_code == 200
    table = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert [row[LICENCE_FIELDS.index("当前状态")] for row in table[1:]] == [state]


def test_a_licence_ended_before_its_publication_is_published_with_its_state(w):
    licence = issued(w)
    _end(w, licence, "withdraw")
    pub = Publication.objects.get(case_id=licence.case_id)
    assert pub.state == PublicationState.DRAFT and not pub.snapshots.exists()
    with at("2027-05-11"):
        actions.mark(actor=w.reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
        snap = actions.publish(actor=w.reviewer, publication=pub)
    assert snap.version == 1 and snap.fields["当前状态"] == "已撤回"

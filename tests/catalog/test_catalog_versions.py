"""Versions of a list (PUB-02, PUB-09): edited as a draft, submitted, published by a second person, frozen,
answerable for any day, compared entry by entry."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from zhifa.agencies.models import Role
from zhifa.catalog import actions
from zhifa.catalog.evaluate import version_in_force
from zhifa.catalog.models import EnforcementItem, List, ListKind, ListStatus, ListVersion, VersionImmutable
from zhifa.catalog.snapshot import diff
from zhifa.core.errors import RuleViolation
from zhifa.ledger.canonical import canonical_json

ITEMS = ListKind.ITEMS


def submit(cat):
    return actions.submit_list(actor=cat.editor, agency=cat.cast.nr, kind=ITEMS)


def test_a_second_person_publishes_the_submitted_draft(cat):
    cat.item()
    submit(cat)
    version = actions.publish_list(actor=cat.publisher, agency=cat.cast.nr, kind=ITEMS)
    assert version.number == 1 and version.entry_count == 1
    assert version.published_by == cat.publisher and version.effective_from == dt.date.today()
    # The digest is SM3 over the canonical JSON of the content, so anyone can recompute it.
    assert version.digest == hashlib.new("sm3", canonical_json(json.loads(version.content))).hexdigest()
    assert version.data["entries"][0]["basis"][0]["cite"] == "《土地管理法》第七十七条"
    assert List.objects.get(agency=cat.cast.nr, kind=ITEMS).status == ListStatus.EDITING


def test_the_last_editor_cannot_publish(cat):
    cat.item()
    submit(cat)
    with pytest.raises(RuleViolation, match="发布人不能是草稿的最后编辑人") as e:
        actions.publish_list(actor=cat.editor, agency=cat.cast.nr, kind=ITEMS)
    assert e.value.rule == "PUB-09"
    assert not ListVersion.objects.exists()


def test_a_draft_that_was_not_submitted_is_not_published(cat):
    cat.item()
    with pytest.raises(RuleViolation, match="尚未提交审核"):
        actions.publish_list(actor=cat.publisher, agency=cat.cast.nr, kind=ITEMS)


def test_an_edit_after_submission_sends_the_draft_back_to_editing(cat):
    cat.item()
    submit(cat)
    cat.item("ZR-CF-002", "对破坏耕地的行政处罚", actor=cat.publisher)  # the publisher edits: now the last editor
    lst = List.objects.get(agency=cat.cast.nr, kind=ITEMS)
    assert lst.status == ListStatus.EDITING and lst.last_edited_by == cat.publisher
    with pytest.raises(RuleViolation, match="尚未提交审核"):
        actions.publish_list(actor=cat.publisher, agency=cat.cast.nr, kind=ITEMS)
    submit(cat)
    with pytest.raises(RuleViolation, match="最后编辑人"):
        actions.publish_list(actor=cat.publisher, agency=cat.cast.nr, kind=ITEMS)
    with pytest.raises(RuleViolation, match="提交审核人"):  # the submitter vouched for it: not the second person
        actions.publish_list(actor=cat.editor, agency=cat.cast.nr, kind=ITEMS)
    third = cat.cast.user("nr_publicity", [(cat.cast.nr, Role.PUBLICITY)])
    assert actions.publish_list(actor=third, agency=cat.cast.nr, kind=ITEMS).entry_count == 2


def test_a_returned_draft_carries_the_reason(cat):
    cat.item()
    submit(cat)
    actions.return_list(actor=cat.publisher, agency=cat.cast.nr, kind=ITEMS, reason="办理时限应写明工作日")
    lst = List.objects.get(agency=cat.cast.nr, kind=ITEMS)
    assert lst.status == ListStatus.EDITING and lst.return_reason == "办理时限应写明工作日"


def test_an_officer_neither_edits_nor_publishes(cat):
    with pytest.raises(PermissionDenied):
        cat.item(actor=cat.cast.u_officer)
    cat.item()
    submit(cat)
    with pytest.raises(PermissionDenied):
        actions.publish_list(actor=cat.cast.u_officer, agency=cat.cast.nr, kind=ITEMS)


def test_an_unchanged_draft_is_not_submitted_again(cat):
    cat.item()
    cat.publish(ITEMS)
    with pytest.raises(RuleViolation, match="与已发布的第1版相同"):
        submit(cat)


def test_a_published_version_never_changes(cat):
    cat.item()
    version = cat.publish(ITEMS)
    version.note = "改一下"
    with pytest.raises(VersionImmutable):
        version.save()
    with pytest.raises(VersionImmutable):
        version.delete()
    with pytest.raises(VersionImmutable):
        ListVersion.objects.filter(pk=version.pk).update(note="改一下")
    with pytest.raises(VersionImmutable):
        ListVersion.objects.filter(pk=version.pk).delete()
    # Editing the draft afterwards leaves the version as it was.
    cat.item(name="对非法占用土地的处罚（修订）")
    version.refresh_from_db()
    assert version.data["entries"][0]["name"] == "对非法占用土地的行政处罚"


def test_a_second_version_needs_its_reason_and_an_effective_date_not_in_the_past(cat):
    cat.item()
    cat.publish(ITEMS)
    cat.item("ZR-CF-002", "对破坏耕地的行政处罚")
    submit(cat)
    with pytest.raises(RuleViolation, match="请填写调整说明"):
        actions.publish_list(actor=cat.publisher, agency=cat.cast.nr, kind=ITEMS, note="")
    with pytest.raises(RuleViolation, match="不能早于发布之日"):
        actions.publish_list(actor=cat.publisher, agency=cat.cast.nr, kind=ITEMS, note="新增事项",
                             effective_from=dt.date.today() - dt.timedelta(days=1))


V1_PUBLISHED = dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC)   # 10:00 in 鞍山
V2_PUBLISHED = dt.datetime(2026, 6, 20, 2, 0, tzinfo=dt.UTC)
V2_EFFECTIVE = dt.date(2026, 7, 1)


@pytest.fixture
def two_versions(cat):
    with time_machine.travel(V1_PUBLISHED, tick=False):
        cat.item(time_limit="90日")
        cat.item("ZR-CF-002", "对破坏耕地的行政处罚")
        cat.publish(ITEMS, effective_from=dt.date(2026, 1, 5))
    with time_machine.travel(V2_PUBLISHED, tick=False):
        cat.item(time_limit="自立案之日起90日内作出决定")
        actions.delete_entry(actor=cat.editor, entry=EnforcementItem.objects.get(code="ZR-CF-002"))
        cat.item("ZR-CF-003", "对非法转让土地的行政处罚")
        cat.publish(ITEMS, effective_from=V2_EFFECTIVE, note="依据修订调整办理时限；撤销一项，新增一项")
    return cat


@pytest.mark.parametrize("day, number", [
    (dt.date(2026, 1, 4), None),      # before the first version took effect
    (dt.date(2026, 1, 5), 1),
    (dt.date(2026, 6, 30), 1),        # the second was published on 06-20 but takes effect on 07-01
    (V2_EFFECTIVE, 2),
    (dt.date(2027, 3, 1), 2),
])
def test_the_version_in_force_on_a_day(two_versions, day, number):
    version = version_in_force(two_versions.cast.nr, ITEMS, day)
    assert (version.number if version else None) == number


def test_the_difference_between_two_versions_item_by_item(two_versions):
    v1, v2 = ListVersion.objects.filter(list__kind=ITEMS).order_by("number")
    d = diff(v1.data, v2.data)
    assert [e["key"] for e in d.added] == ["ZR-CF-003"]
    assert [e["key"] for e in d.removed] == ["ZR-CF-002"]
    [changed] = d.changed
    assert changed.key == "ZR-CF-001"
    assert [(c.label, c.old, c.new) for c in changed.changes] == [("办理时限", "90日", "自立案之日起90日内作出决定")]
    assert d.summary == "新增1项，删除1项，修改1项"


def test_publishing_is_recorded_in_the_ledger(cat):
    from zhifa.ledger.chain import entries_about

    cat.item()
    version = cat.publish(ITEMS)
    [entry] = entries_about(version)
    assert entry.kind == "catalog.list.published"
    assert json.loads(entry.payload)["digest"] == version.digest

"""Which stages of which items are recorded in audio and video (REC-04, REC-18): the 音像记录事项清单 as data,
with the stages the recording rules make audio-visual whatever a list says."""

from __future__ import annotations

import datetime as dt

import pytest

from zhifa.agencies.models import ActionKind
from zhifa.catalog import actions
from zhifa.catalog.evaluate import av_required
from zhifa.catalog.models import ALL_ITEMS, AVStage, ListKind

AV = ListKind.AV


@pytest.fixture
def av_list(cat):
    cat.item("ZR-CF-001", "对非法占用土地的行政处罚")
    cat.item("ZR-CF-002", "对破坏耕地的行政处罚")
    cat.item("ZR-QZ-001", "强制拆除非法占地上的建筑物", kind=ActionKind.COERCION)
    actions.save_entry(actor=cat.editor, agency=cat.cast.nr, kind=AV, code="ZR-CF-001",
                       stages=[AVStage.ENFORCEMENT, AVStage.ONSITE])
    actions.save_entry(actor=cat.editor, agency=cat.cast.nr, kind=AV, code="ZR-QZ-001", full_process=True)
    cat.publish(ListKind.ITEMS)
    cat.publish(AV)
    return cat


TODAY = dt.date.today()


def test_a_marked_stage_needs_audio_video(av_list):
    required, reasons = av_required(av_list.cast.nr, "ZR-CF-001", AVStage.ENFORCEMENT, TODAY)
    assert required is True
    assert reasons == ["音像记录事项清单第1版：“对非法占用土地的行政处罚”的“强制执行”环节须音像记录"]


def test_the_same_stage_of_an_item_not_marked_does_not(av_list):
    assert av_required(av_list.cast.nr, "ZR-CF-002", AVStage.ENFORCEMENT, TODAY) == (False, [])


def test_a_stage_not_marked_for_the_item_does_not(av_list):
    assert av_required(av_list.cast.nr, "ZR-CF-001", AVStage.OTHER, TODAY) == (False, [])


def test_the_recording_rules_apply_whatever_the_list_says(av_list):
    required, reasons = av_required(av_list.cast.nr, "ZR-CF-002", AVStage.SERVICE_LEFT, TODAY)
    assert required is True
    assert reasons == ["留置送达应当以音像记录等方式记录送达过程（《行政执法全过程记录办法》第十九条）"]


def test_a_full_process_item_records_every_stage(av_list):
    required, reasons = av_required(av_list.cast.nr, "ZR-QZ-001", AVStage.OTHER, TODAY)
    assert required is True and reasons == ["音像记录事项清单第1版：“强制拆除非法占地上的建筑物”实行全过程音像记录"]


def test_an_entry_for_every_item(cat):
    cat.item("ZR-CF-002", "对破坏耕地的行政处罚")
    actions.save_entry(actor=cat.editor, agency=cat.cast.nr, kind=AV, code=ALL_ITEMS, stages=[AVStage.ENFORCEMENT])
    cat.publish(AV)
    required, reasons = av_required(cat.cast.nr, "ZR-CF-002", AVStage.ENFORCEMENT, TODAY)
    assert required and reasons == ["音像记录事项清单第1版：本机关全部执法事项的“强制执行”环节须音像记录"]


def test_nothing_is_marked_before_the_list_takes_effect(cat):
    cat.item()
    actions.save_entry(actor=cat.editor, agency=cat.cast.nr, kind=AV, code="ZR-CF-001", stages=[AVStage.ENFORCEMENT])
    assert av_required(cat.cast.nr, "ZR-CF-001", AVStage.ENFORCEMENT, TODAY) == (False, [])  # a draft decides nothing
    cat.publish(AV, effective_from=TODAY + dt.timedelta(days=1))
    assert av_required(cat.cast.nr, "ZR-CF-001", AVStage.ENFORCEMENT, TODAY)[0] is False
    assert av_required(cat.cast.nr, "ZR-CF-001", AVStage.ENFORCEMENT, TODAY + dt.timedelta(days=1))[0] is True


def test_an_entry_for_an_unknown_item_or_without_stages_is_refused(cat):
    from zhifa.core.errors import RuleViolation

    with pytest.raises(RuleViolation, match="没有编码为“ZR-999”的事项"):
        actions.save_entry(actor=cat.editor, agency=cat.cast.nr, kind=AV, code="ZR-999", stages=[AVStage.HEARING])
    cat.item()
    with pytest.raises(RuleViolation, match="至少选择一个需音像记录的环节"):
        actions.save_entry(actor=cat.editor, agency=cat.cast.nr, kind=AV, code="ZR-CF-001", stages=[])


def test_an_unknown_stage_is_a_programming_error(cat):
    with pytest.raises(ValueError, match="未知的执法环节"):
        av_required(cat.cast.nr, "ZR-CF-001", "flying", TODAY)

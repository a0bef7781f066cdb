"""Big imports run in the worker (issue 9 item 7): a file of more rows than ZHIFA_IMPORT_QUEUE_ROWS is kept
under ZHIFA_IMPORT_DIR and queued; its page shows it waiting, the rows checked while it runs, and how it
ended; the worker's sweep runs it all or nothing and deletes the file. A small file still imports at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from tests.agencies.test_officer_import import QIAN, ZHOU, row, upload, workbook

from zhifa.agencies import excel
from zhifa.agencies.models import Credential, ImportRun
from zhifa.core import spreadsheet, sweeps
from zhifa.ledger.models import Entry
from zhifa.ledger.verify import verify

THREE = [row(), row(姓名="钱峰", 公民身份号码=QIAN, 证件编号="21030102"),
         row(姓名="周南", 公民身份号码=ZHOU, 证件编号="21030103")]


@pytest.fixture
def queue(settings, tmp_path):
    settings.ZHIFA_IMPORT_QUEUE_ROWS = 2
    settings.ZHIFA_IMPORT_DIR = tmp_path / "imports"
    return settings.ZHIFA_IMPORT_DIR


def test_a_big_import_is_queued_then_run_by_the_worker_and_its_page_shows_the_result(cast, head, counts, queue):
    before = counts()

    response = upload(head, workbook(THREE))

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    assert counts() == before  # nothing written during the request
    assert [p.name for p in queue.iterdir()] == [run.stored_as]
    waiting = head.get(response["Location"])
    assert "排队中" in waiting.content.decode() and "3 行" in waiting.content.decode()
    polled = head.get(response["Location"], HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in polled.content.decode()
    assert "<html" not in polled.content.decode()

    assert sweeps.run(["imports"])["imports"] == {"imported": 1}

    done = head.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "已导入" in done and "新登记执法人员3名" in done and "共录入执法证3张" in done
    assert "hx-trigger" not in done  # finished: the page stops polling
    assert Credential.objects.filter(number__in=["21030101", "21030102", "21030103"]).count() == 3
    assert list(queue.iterdir()) == []
    assert ImportRun.objects.get().stored_as == ""
    assert list(Entry.objects.filter(subject_type="agencies.importrun").values_list("kind", flat=True)
                .order_by("seq")) == ["import.queued", "import.finished"]
    assert Entry.objects.filter(chain=cast.nr.pk, kind="credential.issued").count() == 3
    assert verify(agency_ids=[cast.nr.pk]).ok  # the entries written per batch make an unbroken chain


def test_the_page_shows_the_rows_checked_while_the_worker_runs(cast, head, queue, monkeypatch, client):
    monkeypatch.setattr(spreadsheet, "PROGRESS_EVERY", 1)
    upload(head, workbook(THREE))
    run = ImportRun.objects.get()
    seen: list[str] = []
    check = excel._Importer.row

    def watching(self, number, raw):
        if number == 3:  # the second data row: the first one is checked and reported
            seen.append(head.get(f"/imports/{run.pk}/", HTTP_HX_REQUEST="true").content.decode())
        return check(self, number, raw)

    monkeypatch.setattr(excel._Importer, "row", watching)

    sweeps.run(["imports"])

    assert "导入中" in seen[0] and "已检查 1 / 3 行（33%）" in seen[0]


def test_a_queued_import_with_a_wrong_row_writes_nothing_and_lists_the_error(cast, head, counts, queue):
    before = counts()
    upload(head, workbook([*THREE[:2], row(姓名="周南", 公民身份号码=ZHOU, 证件编号="21030001")]))

    sweeps.run(["imports"])

    page = head.get(f"/imports/{ImportRun.objects.get().pk}/").content.decode()
    assert page.count("未导入任何数据") == 1 and page.count("处错误") == 1  # said once, not twice
    assert "第4行" in page and "证件编号21030001已存在，执法证编号必须唯一" in page
    assert counts() == before
    assert list(queue.iterdir()) == []


def test_only_the_one_who_asked_sees_a_queued_import(cast, head, queue, login):
    upload(head, workbook(THREE))
    run = ImportRun.objects.get()

    other = login(cast.u_zj_head).get(f"/imports/{run.pk}/")
    missing = login(cast.u_zj_head).get(f"/imports/{run.pk + 1}/")

    assert other.status_code == missing.status_code == 404


def test_a_file_at_the_threshold_still_imports_during_the_request(cast, head, queue):
    response = upload(head, workbook(THREE[:2]))

    assert response.status_code == 200
    assert "导入成功" in response.content.decode()
    assert not ImportRun.objects.exists()
    assert Credential.objects.filter(number__in=["21030101", "21030102"]).count() == 2


def test_the_worker_runs_imports_every_few_seconds_and_closes_one_whose_worker_died(cast, head, queue):
    upload(head, workbook(THREE))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(state="running", started_at=timezone.now() - dt.timedelta(hours=3))

    assert sweeps.frequent()["imports"] <= 5
    assert sweeps.run(["imports"])["imports"] == {"imported": 0, "abandoned": 1}

    page = head.get(f"/imports/{run.pk}/").content.decode()
    assert "未能完成" in page and "工作进程在导入中停止，请重新上传文件" in page
    assert list(queue.iterdir()) == []
    assert not Credential.objects.filter(number="21030102").exists()

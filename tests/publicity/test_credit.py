"""The credit platform export (PUB-13): the 双公示 files in the standard's column order, and the push the worker
runs to a real HTTP server in a thread — delivered, retried with backoff, a failing delivery an obligation met
when it finally arrives, a correction and a withdrawal as their own deliveries in order; the staff's scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.publicity.conftest import PARTY_ID

from zhifa.ledger.digest import sm3
from zhifa.obligations.models import Obligation, ObligationState
from zhifa.publicity import actions
from zhifa.publicity.models import (
    PENALTY_FIELDS,
    CreditDelivery,
    DeliveryStatus,
    Publication,
    PublishedSnapshot,
)


class Platform:
    """The credit platform's endpoint: a real HTTP server on a free port that records what it receives and can
    be told to answer 500 the next ``fail`` times or to wait ``delay`` seconds before answering."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.fail = 0
        self.delay = 0.0
        self.hits = 0
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                platform.hits += 1
                if platform.delay:
                    time.sleep(platform.delay)
                if platform.fail:
                    platform.fail -= 1
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write("服务器内部错误".encode())
                    return
                platform.received.append({"body": json.loads(body), "raw": body, "headers": self.headers})
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'{"code":0}')

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/sgs"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[str]:
        return [r["body"]["事件"] for r in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def platform(settings):
    p = Platform()
    settings.ZHIFA_CREDIT_URL = p.url
    settings.ZHIFA_CREDIT_RETRY_BASE_SECONDS = 60
    settings.ZHIFA_CREDIT_RETRY_CAP_SECONDS = 600
    yield p
    p.close()


def published(decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
    return pub, actions.publish(actor=reviewer, publication=pub)


def worker() -> str:
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


def corrected(pub: Publication) -> PublishedSnapshot:
    """A correction as a new snapshot version, ``current`` moving to it (as the correction helper adds it)."""
    old = pub.snapshots.get(current=True)
    pub.snapshots.update(current=False)
    return PublishedSnapshot.objects.create(**{
        f.attname: getattr(old, f.attname) for f in PublishedSnapshot._meta.concrete_fields if f.attname != "id"}
        | {"version": old.version + 1, "current": True, "sm3": "1" * 64})


def test_a_publication_is_delivered_unredacted_with_its_token_and_digest(world, decided, reviewer, platform,
                                                                         settings, monkeypatch):
    monkeypatch.setenv("ZHIFA_CREDIT_TOKEN_TEST", "s3cret")
    settings.ZHIFA_CREDIT_TOKEN_ENV = "ZHIFA_CREDIT_TOKEN_TEST"
    _, snap = published(decided, reviewer)
    assert "credit_push made=1 delivered=1 failed=0" in worker()
    [got] = platform.received
    assert got["body"]["事件"] == "新增" and got["body"]["版本"] == 1
    assert got["body"]["数据项"]["证件号码"] == PARTY_ID  # the platform gets what the portal never shows
    assert got["body"]["数据项"]["公示截止期"] == f"{snap.visible_until:%Y-%m-%d}"
    assert got["headers"]["Authorization"] == "Bearer s3cret"
    delivery = CreditDelivery.objects.get()
    assert got["headers"]["X-Zhifa-SM3"] == delivery.digest == sm3(got["raw"])
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert "credit_push made=0 delivered=0 failed=0" in worker()  # once only
    assert len(platform.received) == 1


def test_a_failed_delivery_is_retried_with_backoff(world, decided, reviewer, platform, time_machine):
    published(decided, reviewer)
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    platform.fail = 2
    assert "delivered=0 failed=1" in worker()
    d = CreditDelivery.objects.get()
    assert d.status == DeliveryStatus.FAILING and d.last_http_status == 500 and "服务器内部错误" in d.last_error
    assert d.next_attempt_at == start + dt.timedelta(seconds=60)
    time_machine.move_to(start + dt.timedelta(seconds=59), tick=False)
    worker()
    assert platform.hits == 1  # not yet due
    time_machine.move_to(start + dt.timedelta(seconds=60), tick=False)
    assert "delivered=0 failed=1" in worker()
    d.refresh_from_db()
    assert d.next_attempt_at == start + dt.timedelta(seconds=60 + 120)  # doubled
    time_machine.move_to(start + dt.timedelta(seconds=180), tick=False)
    assert "delivered=1 failed=0" in worker()
    d.refresh_from_db()
    assert d.status == DeliveryStatus.DELIVERED and d.attempts == 3 and platform.hits == 3
    assert [a.ok for a in d.attempt_log.all()] == [False, False, True]


def test_a_platform_that_does_not_answer_in_time_is_a_failure(world, decided, reviewer, platform, settings):
    settings.ZHIFA_CREDIT_TIMEOUT_SECONDS = 0.3
    platform.delay = 1
    published(decided, reviewer)
    assert "failed=1" in worker()
    d = CreditDelivery.objects.get()
    assert d.status == DeliveryStatus.FAILING and "超时" in d.last_error and d.last_http_status is None


def test_a_delivery_that_keeps_failing_becomes_an_obligation_met_when_it_arrives(client, world, decided, reviewer,
                                                                                 platform, settings, time_machine):
    settings.ZHIFA_CREDIT_ESCALATE_ATTEMPTS = 3
    pub, _ = published(decided, reviewer)
    start = timezone.now()
    platform.fail = 3
    for at in (0, 60, 180):
        time_machine.move_to(start + dt.timedelta(seconds=at), tick=False)
        worker()
    d = CreditDelivery.objects.get()
    ob = Obligation.objects.get(rule="PUB-13 信用推送")
    assert ob.state == ObligationState.OPEN and ob.agency == pub.agency and "已尝试3次" in ob.title
    assert ob.subject == d
    client.force_login(world.u_head)  # the agency head finds it in 我的待办, leading to the delivery log
    todo = client.get("/todo/").content.decode()
    assert "信用信息推送失败" in todo and "/publicity/credit/deliveries/?status=failing" in todo
    time_machine.move_to(start + dt.timedelta(seconds=420), tick=False)
    assert "delivered=1" in worker()
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET
    assert Obligation.objects.filter(rule="PUB-13 信用推送").count() == 1  # opened once, not per attempt


def test_a_correction_and_a_withdrawal_propagate_as_their_own_deliveries_in_order(world, decided, reviewer,
                                                                                   platform, time_machine):
    pub, _ = published(decided, reviewer)
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    platform.fail = 1  # the first is held up: nothing after it may overtake it
    corrected(pub)
    actions.record_revocation(actor=reviewer, publication=pub, ground="revoked", revoked_on=timezone.localdate(),
                              reason="复议机关决定撤销")
    actions.withdraw(actor=reviewer, publication=pub)
    assert "made=3 delivered=0 failed=1" in worker()
    assert platform.received == []
    time_machine.move_to(start + dt.timedelta(seconds=60), tick=False)
    assert "delivered=3" in worker()
    assert platform.events() == ["新增", "更新", "撤回"]
    assert [r["body"]["版本"] for r in platform.received] == [1, 2, 2]
    assert "复议机关决定撤销" in platform.received[2]["body"]["撤回或撤下原因"]


def test_an_expiry_propagates_as_a_take_down(world, decided, reviewer, platform, time_machine):
    _, snap = published(decided, reviewer)
    worker()
    time_machine.move_to(snap.published_at + (snap.visible_until - timezone.localdate(snap.published_at))
                         + dt.timedelta(days=2), tick=False)
    worker()  # the expiry sweep and the push in the same round, or the next
    worker()
    assert platform.events() == ["新增", "撤下"]


def _rows_xlsx(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_the_files_hold_the_standard_columns_in_order(client, world, decided, reviewer):
    pub, _ = published(decided, reviewer)
    client.force_login(reviewer)
    assert "导出 Excel" in client.get("/publicity/credit/").content.decode()
    xlsx = client.get("/publicity/credit/export/", {"kind": "penalty", "format": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]
    rows = _rows_xlsx(xlsx.content)
    assert rows[0] == PENALTY_FIELDS and len(rows) == 2
    assert rows[1][PENALTY_FIELDS.index("证件号码")] == PARTY_ID
    assert rows[1][PENALTY_FIELDS.index("行政处罚决定书文号")] == pub.decision_number
    got = client.get("/publicity/credit/export/", {"kind": "penalty", "format": "csv"})
    assert got.content.startswith(b"\xef\xbb\xbf") and got["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert tuple(table[0]) == PENALTY_FIELDS and table[1][PENALTY_FIELDS.index("证件号码")] == PARTY_ID
    licences = _rows_xlsx(client.get("/publicity/credit/export/", {"kind": "licence", "format": "xlsx"}).content)
    assert len(licences) == 1  # one file per kind: the penalty is not in the licences' file
    later = {"kind": "penalty", "format": "xlsx", "since": f"{pub.decided_on + dt.timedelta(days=1):%Y-%m-%d}"}
    assert len(_rows_xlsx(client.get("/publicity/credit/export/", later).content)) == 1
    withdrawn = {"kind": "penalty", "format": "csv", "state": "withdrawn"}
    assert len(list(csv.reader(io.StringIO(client.get("/publicity/credit/export/", withdrawn).content
                                           .decode("utf-8-sig"))))) == 1
    bad = client.get("/publicity/credit/export/", {"kind": "penalty", "since": "2026-05-01", "until": "2026-04-01"})
    assert bad.status_code == 422 and "起点不能晚于终点" in bad.content.decode()


def test_another_agencys_staff_get_nothing_of_it(client, world, decided, reviewer, platform):
    published(decided, reviewer)
    worker()
    client.force_login(world.u_ly_head)
    rows = _rows_xlsx(client.get("/publicity/credit/export/", {"kind": "penalty", "format": "xlsx"}).content)
    assert rows == [PENALTY_FIELDS]
    assert "没有推送记录" in client.get("/publicity/credit/deliveries/").content.decode()
    client.force_login(world.u_officer)
    for url in ("/publicity/credit/", "/publicity/credit/export/?kind=penalty", "/publicity/credit/deliveries/"):
        assert client.get(url).status_code == 404, url


def test_the_head_sets_the_agencys_endpoint_and_its_token_name(client, world, decided, reviewer, platform,
                                                               settings, monkeypatch):
    settings.ZHIFA_CREDIT_URL = ""
    published(decided, reviewer)
    assert "made=1 delivered=0 failed=0" in worker()  # nowhere to send it yet: it waits
    client.force_login(world.u_head)
    refused = client.post("/publicity/credit/endpoint/", {"agency": world.nr.pk, "url": platform.url,
                                                          "token_env": "ZHIFA_SECRET_KEY"})
    assert refused.status_code == 422 and "ZHIFA_CREDIT_TOKEN" in refused.content.decode()
    assert client.post("/publicity/credit/endpoint/", {"agency": world.nr.pk, "url": platform.url,
                                                       "token_env": "ZHIFA_CREDIT_TOKEN_NR"}).status_code == 302
    assert platform.url in client.get("/publicity/credit/").content.decode()
    assert "failed=1" in worker()  # the token's variable is not set on this server
    assert "ZHIFA_CREDIT_TOKEN_NR" in CreditDelivery.objects.get().last_error
    monkeypatch.setenv("ZHIFA_CREDIT_TOKEN_NR", "nr-token")
    CreditDelivery.objects.update(next_attempt_at=timezone.now())
    assert "delivered=1" in worker()
    assert platform.received[0]["headers"]["Authorization"] == "Bearer nr-token"
    client.force_login(world.u_admin)  # the administrator sets addresses but exports nothing
    assert "导出 Excel" not in client.get("/publicity/credit/").content.decode()
    assert client.get("/publicity/credit/export/?kind=penalty").status_code == 404
    client.force_login(world.u_ly_head)  # another agency's head cannot choose it
    assert client.post("/publicity/credit/endpoint/", {"agency": world.nr.pk, "url": "http://x.example/",
                                                       "token_env": ""}).status_code == 422


def test_the_delivery_log_costs_the_same_queries_for_more_deliveries(client, world, decided, reviewer, platform):
    pub, _ = published(decided, reviewer)
    worker()
    client.force_login(reviewer)
    client.get("/publicity/credit/deliveries/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/publicity/credit/deliveries/").status_code == 200
    for _ in range(4):
        corrected(pub)
    platform.fail = 3
    worker()
    with CaptureQueriesContext(connection) as five:
        page = client.get("/publicity/credit/deliveries/").content.decode()
    assert page.count("（第") == 5 and "HTTP 500" in page and len(five) == len(one)

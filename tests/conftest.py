"""The small named cast every test is built from.

Two cities: 鞍山市 with its 司法局, a 自然资源局 (two internal units) and a 住建局; 辽阳市 with a 自然资源局,
outside 鞍山's supervision. Officers of 鞍山自然资源局: 张伟 and 李娜 hold valid credentials, 王强's
expired on 2026-10-14, 赵敏's is suspended. Users hold each role.
"""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from hypothesis import settings as hypothesis_settings
from tests.snapshot import key_of, restored

from zhifa.agencies.models import (
    ActionKind,
    Agency,
    Credential,
    CredentialState,
    Domain,
    Officer,
    OrgLevel,
    Person,
    Role,
    RoleGrant,
)
from zhifa.core.validators import resident_id_check_character, uscc_check_character

PASSWORD = "zhifa-test-1"

# Property tests check behaviour, not speed: on a loaded CI machine a 200 ms per-example deadline fails
# correct code. Speed is measured in bench/.
hypothesis_settings.register_profile("zhifa", deadline=None)
hypothesis_settings.load_profile("zhifa")


# A test that touches no database gives the same answer on every database: scripts/test runs the whole suite
# on SQLite, then with ZHIFA_TEST_DB_ONLY=1 on PostgreSQL, where only the tests that use a database run.
# Every way of using one (db, transactional_db, the cast, a module-scoped fixture that unblocks the
# database, like tests/security's crawl) requests pytest-django's django_db_setup; the live server and the
# django_db marker reach it at run time, so they are named here.
_DB_ONLY = os.environ.get("ZHIFA_TEST_DB_ONLY") == "1"
_DESELECTED = pytest.StashKey[int]()


def uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & {"django_db_setup", "live_server"}) or item.get_closest_marker("django_db") is not None


@pytest.hookimpl(trylast=True)  # after -k and -m, so that what is counted here is only what this leaves out
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _DB_ONLY:
        return
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        # Browser tests check what the browser shows and runs (layout, scripts, the crawl): they ran on SQLite;
        # on PostgreSQL the same pages are checked through the test client (the URL matrix, the page tests).
        browser = item.get_closest_marker("e2e") is not None
        (keep if uses_database(item) and not browser else dropped).append(item)
    config.stash[_DESELECTED] = len(dropped)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_report_collectionfinish(config: pytest.Config, items: list[pytest.Item]) -> str | None:
    if _DESELECTED not in config.stash:
        return None
    return (f"ZHIFA_TEST_DB_ONLY=1：运行用到数据库的 {len(items)} 个测试，"
            f"略过不用数据库的和浏览器测试共 {config.stash[_DESELECTED]} 个（scripts/test 已在 SQLite 上运行它们）")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Every selected test ran on SQLite and none of them uses a database: that is not pytest's "no tests ran"
    # (exit 5), which scripts/test counts as a failure.
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and session.config.stash.get(_DESELECTED, 0):
        session.exitstatus = pytest.ExitCode.OK


def uscc(body: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    return body + uscc_check_character(body)


def resident_id(body: str) -> str:
    return body + resident_id_check_character(body)


class Cast(SimpleNamespace):
    def node(self, parent: Agency | None, level: str, name: str, **fields) -> Agency:
        agency = Agency.objects.create(parent=parent, level=self.levels[level], name=name, **fields)
        agency.path = f"{parent.path if parent else '/'}{agency.pk}/"
        agency.save(update_fields=["path"])
        return agency

    def user(self, username: str, grants: list[tuple[Agency, Role]], person: Person | None = None):
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        if person is not None:
            person.user = user
            person.save(update_fields=["user"])
        for agency, role in grants:
            RoleGrant.objects.create(user=user, agency=agency, role=role)
        return user

    def officer(self, name: str, unit: Agency, *, number: str, valid_to: dt.date = dt.date(2028, 12, 31),
                state: str = CredentialState.ACTIVE, domains: list[Domain] | None = None,
                kinds: list[str] | None = None, areas: list[Agency] | None = None) -> Officer:
        person = Person.objects.create(name=name)
        officer = Officer.objects.create(person=person, unit=unit)
        cred = Credential.objects.create(
            officer=officer, number=number, issuing_body="辽宁省人民政府", valid_from=dt.date(2024, 1, 1),
            valid_to=valid_to, state=state,
            action_kinds=kinds or [ActionKind.PUNISHMENT, ActionKind.INSPECTION, ActionKind.COERCION])
        cred.domains.set(domains or [self.d_nr])
        cred.areas.set(areas or [self.anshan])
        return officer


DEMO_NOW = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)  # the moment the demo tests build the demo at


def built_once(build):
    """A module-scoped fixture holding ``build()`` (the demo data, say), run once for the module's tests at the
    demo's time (``DEMO_NOW``, frozen while the module runs; a test may move it) inside a transaction rolled back
    after the module's last test. A test that asks for it and for ``db`` runs in a savepoint of that transaction
    (pytest-django's ``db`` nests in a transaction already open), so what one test changes the next does not
    see: the isolation of building per test, for one build per module (the demo takes seconds). Keys, blobs and
    uploads go where the autouse fixtures below put every test's. Every test of such a module sees the data, so
    a test that needs an empty database lives in another module.

    The build itself runs once per session and database for every module whose ``build`` is the same function
    (``demo_command``, say): the later ones get its rows copied back (``tests.snapshot.restored``) instead."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker, tmp_path_factory):
        import time_machine
        from django.db import transaction
        from django.test import override_settings

        root = tmp_path_factory.getbasetemp()
        blobs = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                 "OPTIONS": {"location": str(root / "data" / "files")}}
        stores = override_settings(PASSWORD_HASHERS=FAST_HASHERS, ZHIFA_KEYSTORE_DIR=root / "keystore",
                                   ZHIFA_UPLOAD_DIR=root / "data" / "uploads",
                                   STORAGES={**django_settings.STORAGES, "blobs": blobs})
        with stores, django_db_blocker.unblock(), time_machine.travel(DEMO_NOW, tick=False), transaction.atomic():
            yield restored(key_of(build), build)
            transaction.set_rollback(True)

    return fixture


def demo_command() -> str:
    """``zhifa demo``'s output, the demo city built: the build modules share (``built_once(demo_command)``)."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("demo", publications=0, stdout=out)  # the generated publications: tests/demo/test_demo_load.py
    return out.getvalue()


@pytest.fixture
def shared_demo(db, time_machine) -> str:
    """The demo city in this test's database, at ``DEMO_NOW`` (frozen; a test may move it): the build the
    ``built_once(demo_command)`` modules share, copied back (``tests.snapshot``) unless this test is the first
    of the session to ask."""
    time_machine.move_to(DEMO_NOW, tick=False)
    return restored(key_of(demo_command), demo_command)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Tests and the demo act "an hour or two ago" on a case opened today, as the pages do; in the small hours of
# Shanghai's day that moment is yesterday, before the case was opened, and the rules rightly refuse it. A session
# in or near those hours runs at 08:00 (after midnight) or 20:00 (before it) of the same day, the clock moving.
# The move is made before collection, so the dates and times test modules read when imported agree with the
# clock their tests run on; nothing reads the database server's own clock.
SMALL_HOURS = (22, 4)  # from 22:00 to 04:00
_MOVED = pytest.StashKey[time_machine.travel]()


def pytest_configure(config: pytest.Config) -> None:
    from zhifa.workdays.calendar import SHANGHAI

    now = dt.datetime.now(SHANGHAI)
    late, early = SMALL_HOURS
    if early <= now.hour < late:
        return
    moved = time_machine.travel(
        dt.datetime.combine(now.date(), dt.time(8 if now.hour < early else 20), tzinfo=SHANGHAI), tick=True)
    moved.start()
    config.stash[_MOVED] = moved


def pytest_unconfigure(config: pytest.Config) -> None:
    moved = config.stash.get(_MOVED, None)
    if moved is not None:
        moved.stop()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast creates several users per test; PBKDF2's deliberate slowness would dominate the suite.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _keystore(settings, tmp_path_factory):
    """The ledger's private signing keys go to the session's temporary directory, never to the data dir."""
    settings.ZHIFA_KEYSTORE_DIR = tmp_path_factory.getbasetemp() / "keystore"


@pytest.fixture(autouse=True)
def _blob_store(settings, tmp_path_factory):
    """Evidence blobs (the demo data writes some) go to the session's temporary directory, never to the data
    dir; tests that look at the files choose their own directory (tests/records/conftest.py)."""
    root = tmp_path_factory.getbasetemp() / "data"
    settings.STORAGES = {**settings.STORAGES, "blobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root / "files")}}}
    settings.ZHIFA_UPLOAD_DIR = root / "uploads"


@pytest.fixture(autouse=True, scope="session")
def _ledger_flushable():
    """Let Django's flush after a transactional (browser) test empty the ledger tables, and nothing else.

    The flush's own transaction suspends the triggers (``ledger.db.triggers_suspended``: on PostgreSQL
    ALTER TABLE … DISABLE TRIGGER, which the test database's owner may do and the application's production
    role may not), so every test itself runs with the triggers in force.
    """
    from django.db.backends.base.operations import BaseDatabaseOperations

    from zhifa.ledger.db import triggers_suspended

    flush = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with triggers_suspended(self.connection):
            flush(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


def totp_device(user):
    """Test infrastructure: the user's confirmed authenticator, made directly (no ledger entry) when missing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试设备", confirmed=True)


def totp_code(device) -> str:
    """The device's current code, as the phone would show it. The device's memory of the last code used is
    cleared first: two sign-ins of one user within 30 seconds would otherwise offer a spent code."""
    from django_otp.oath import totp

    type(device).objects.filter(pk=device.pk).update(last_t=-1)
    return f"{totp(device.bin_key):06d}"


def give_second_factor(client, user) -> None:
    """Mark a client signed in with ``force_login`` as having given its second factor, when it has or needs one."""
    from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

    from zhifa.agencies import two_factor

    fresh = get_user_model().objects.get(pk=user.pk)  # leave the caller's object without cached grants
    if two_factor.required(fresh) or user_has_device(fresh):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(fresh).persistent_id
        session.save()


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch):
    """Test infrastructure: ``Client.force_login`` also completes two-factor sign-in (giving the user a test
    device when they must have one), so the many tests that sign in that way test their page, not the login.
    The real flow — password, then a code — is tested through the login form (tests/agencies/test_two_factor.py,
    and the browser's ``sign_in``)."""
    from django.test.client import ClientMixin

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        give_second_factor(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


def build_cast() -> Cast:
    """The cast itself, for fixtures of a wider scope than one test (tests/security's URL matrix)."""
    c = Cast()
    c.levels = {lv.code: lv for lv in [
        OrgLevel.objects.get_or_create(code=code, defaults={"name": name, "rank": rank, "is_region": region,
                                                            "is_agency": agency})[0]
        for code, name, rank, region, agency in [
            ("province", "省", 10, True, False), ("city", "市", 20, True, False),
            ("county", "县（区）", 30, True, False), ("agency", "机关", 40, False, True),
            ("unit", "内设机构", 50, False, False)]]}
    c.d_nr = Domain.objects.get_or_create(code="ziranziyuan", defaults={"name": "自然资源"})[0]
    c.d_zj = Domain.objects.get_or_create(code="zhujian", defaults={"name": "住房城乡建设"})[0]

    c.liaoning = c.node(None, "province", "辽宁省")
    c.anshan = c.node(c.liaoning, "city", "鞍山市")
    c.tiedong = c.node(c.anshan, "county", "铁东区")
    c.liaoyang = c.node(c.liaoning, "city", "辽阳市")
    c.sfj = c.node(c.anshan, "agency", "鞍山市司法局", uscc=uscc("11210300MB1234567"), supervises=c.anshan)
    c.nr = c.node(c.anshan, "agency", "鞍山市自然资源局", uscc=uscc("11210300MB2345678"))
    c.nr_team = c.node(c.nr, "unit", "执法监察支队")
    c.nr_legal = c.node(c.nr, "unit", "法规科")
    c.zj = c.node(c.anshan, "agency", "鞍山市住房和城乡建设局", uscc=uscc("11210300MB3456789"))
    c.zj_unit = c.node(c.zj, "unit", "建筑市场监管科")
    c.ly_nr = c.node(c.liaoyang, "agency", "辽阳市自然资源局", uscc=uscc("11211000MB4567890"))

    c.zhang = c.officer("张伟", c.nr_team, number="21030001")
    c.li = c.officer("李娜", c.nr_team, number="21030002")
    c.wang = c.officer("王强", c.nr_team, number="21030003", valid_to=dt.date(2026, 10, 14))
    c.zhao = c.officer("赵敏", c.nr_team, number="21030004", state=CredentialState.SUSPENDED)
    c.liu = c.officer("刘洋", c.zj_unit, number="21030005", domains=[c.d_zj])
    c.chen = c.officer("陈静", c.ly_nr, number="21100001", areas=[c.liaoyang])

    c.u_officer = c.user("zhangwei", [(c.nr_team, Role.OFFICER)], person=c.zhang.person)
    # the unit head signs 立案审批 and 结案审批 by name (王刚), as a 承办机构负责人 does; an account without a person
    # would be named by its login name (agencies.models.name_of)
    c.u_unit_head = c.user("nr_team_head", [(c.nr_team, Role.UNIT_HEAD)], person=Person.objects.create(name="王刚"))
    c.u_head = c.user("nr_head", [(c.nr, Role.AGENCY_HEAD)], person=Person.objects.create(name="孙立国"))
    c.u_zj_head = c.user("zj_head", [(c.zj, Role.AGENCY_HEAD)])
    c.u_supervisor = c.user("as_supervisor", [(c.sfj, Role.SUPERVISOR)])
    c.u_admin = c.user("sysadmin", [(c.liaoning, Role.SYSADMIN)])
    c.u_ly_head = c.user("ly_head", [(c.ly_nr, Role.AGENCY_HEAD)])
    return c


@pytest.fixture
def login(client):
    """Sign a test client in as one of the cast's users."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def admin_mounted():
    """The Django admin mounted at /admin/ as with ZHIFA_ADMIN=1 (the URLconf reads the setting when imported)."""
    import importlib

    from django.test import override_settings
    from django.urls import clear_url_caches

    import zhifa.urls

    with override_settings(ZHIFA_ADMIN=True):
        importlib.reload(zhifa.urls)
        clear_url_caches()
        yield
    importlib.reload(zhifa.urls)
    clear_url_caches()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts and ends with an empty cache (the portal's home page is cached for the public: a page
    cached by one test's data must not be served in the next, nor to a module fixture set up between them)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

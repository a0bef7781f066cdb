"""The demo city: 鞍山市 with its 司法局, a 自然资源局 and a 住建局, about thirty officers, two reviewers, a user
for every role, the catalog and a few pieces of evidence, built through the same write functions the pages use."""

from __future__ import annotations

import datetime as dt
import itertools
from base64 import b32encode

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp

from zhifa.agencies import actions, two_factor
from zhifa.agencies.models import (
    ActionKind,
    Agency,
    CredentialState,
    Domain,
    OrgLevel,
    Person,
    QualificationKind,
    Role,
)
from zhifa.catalog import demo as catalog_demo
from zhifa.core.validators import resident_id_check_character, uscc_check_character
from zhifa.demo import cases as cases_demo
from zhifa.demo import evidence as evidence_demo
from zhifa.demo import parties as parties_demo
from zhifa.demo import publications as publications_demo
from zhifa.demo import publicity as publicity_demo
from zhifa.demo.clock import CATALOG_AGE, as_of, out_of_small_hours
from zhifa.ledger import checkpoint

DEMO_PASSWORD = "zhifa-demo-2026"
# Generated publications of `zhifa demo` and `zhifa run` (the portal to search and browse); the tests build the
# demo without them, or with a few.
DEMO_PUBLICATIONS = 3_000
# The authenticator secret of every demo user whose role requires two-factor sign-in, printed beside the logins
# so that a demonstration can be driven (add it to a phone's authenticator app, or `oathtool --totp -b SECRET`).
DEMO_TOTP_KEY = b"zhifa-demo-2026-totp".hex()
DEMO_TOTP_SECRET = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
K = ActionKind

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "华",
         "平", "刚", "桂英", "建国", "海燕", "志强", "晓东", "丽", "斌", "鹏", "婷", "宇", "欣"]

# (username, role, where) — where: key of the node in ``build``'s nodes.
USERS = [
    ("admin", Role.SYSADMIN, "liaoning"),
    ("supervisor", Role.SUPERVISOR, "sfj"),
    ("nr_head", Role.AGENCY_HEAD, "nr"),
    ("nr_team_head", Role.UNIT_HEAD, "nr_team"),
    ("nr_officer", Role.OFFICER, "nr_team"),
    ("nr_reviewer", Role.REVIEWER, "nr_legal"),
    ("nr_records", Role.RECORDS, "nr"),
    ("nr_publicity", Role.PUBLICITY, "nr"),
    ("zj_head", Role.AGENCY_HEAD, "zj"),
    ("zj_officer", Role.OFFICER, "zj_team"),
]


def uscc(body: str) -> str:
    return body + uscc_check_character(body)


def resident_id(n: int) -> str:
    born = dt.date(1965 + n % 35, 1 + n % 12, 1 + n % 28)
    body = f"210302{born:%Y%m%d}{100 + n:03d}"
    return body + resident_id_check_character(body)


def already_loaded() -> bool:
    return Agency.objects.filter(name="鞍山市").exists()


@transaction.atomic
def build(today: dt.date | None = None, *, publications: int = 0) -> dict[str, str]:
    """Create the demo city, with ``publications`` generated publications on its portal (``demo.publications``);
    returns {username: description} of the demo logins. Run in the small hours, it is built as of the evening
    before (``clock.out_of_small_hours``)."""
    with out_of_small_hours():
        return _city(today or timezone.localdate(), publications=publications)


def _city(today: dt.date, *, publications: int) -> dict[str, str]:
    lv = {level.code: level for level in OrgLevel.objects.all()}
    # An ordinary account holding 系统管理员, like any other user: the table decides what it may do.
    admin = actions.create_first_administrator(username="admin", password=DEMO_PASSWORD, name="郑国华",
                                               region_name="辽宁省", level=lv["province"])
    d = {dom.code: dom for dom in Domain.objects.all()}

    def node(parent, level, name, **fields):
        return actions.create_agency(actor=admin, parent=parent, level=lv[level], name=name, **fields)

    n = {}
    n["liaoning"] = Agency.objects.get(parent=None, name="辽宁省")
    n["anshan"] = node(n["liaoning"], "city", "鞍山市")
    n["tiedong"] = node(n["anshan"], "county", "铁东区")
    n["tiexi"] = node(n["anshan"], "county", "铁西区")
    n["sfj"] = node(n["anshan"], "agency", "鞍山市司法局", uscc=uscc("11210300MB0100001"),
                    supervises=n["anshan"], address="鞍山市铁东区胜利南路30号", phone="0412-5550100",
                    duties="负责全市行政执法监督工作，承担行政执法三项制度的指导、监督和考核。")
    n["nr"] = node(n["anshan"], "agency", "鞍山市自然资源局", uscc=uscc("11210300MB0200002"),
                   address="鞍山市铁东区南胜利路11号", phone="0412-5550200", domains=[d["ziranziyuan"]],
                   duties="负责全市自然资源统一管理，查处土地、矿产、测绘等自然资源违法行为。",
                   jurisdiction="鞍山市行政区域（县级自然资源主管部门管辖的除外）")
    n["nr_team"] = node(n["nr"], "unit", "执法监察支队")
    n["nr_legal"] = node(n["nr"], "unit", "法规科")
    n["nr_office"] = node(n["nr"], "unit", "办公室")
    n["zj"] = node(n["anshan"], "agency", "鞍山市住房和城乡建设局", uscc=uscc("11210300MB0300003"),
                   address="鞍山市铁东区园林路110号", phone="0412-5550300", domains=[d["zhujian"]],
                   duties="负责全市住房和城乡建设领域的行政许可、行政处罚和监督检查。",
                   jurisdiction="鞍山市行政区域")
    n["zj_team"] = node(n["zj"], "unit", "城建执法大队")
    n["zj_market"] = node(n["zj"], "unit", "建筑市场监管科")
    n["zj_legal"] = node(n["zj"], "unit", "法规科")

    names = (s + g for s, g in zip(itertools.cycle(SURNAMES), itertools.cycle(GIVEN)))
    placements = [("nr_team", 14), ("nr_legal", 2), ("zj_team", 10), ("zj_market", 4)]
    officers = []
    seq = 0
    for unit_key, count in placements:
        domain = d["ziranziyuan"] if unit_key.startswith("nr") else d["zhujian"]
        for _ in range(count):
            seq += 1
            officer = actions.create_officer(actor=admin, unit=n[unit_key], name=next(names),
                                             id_number=resident_id(seq), phone=f"139{seq:08d}",
                                             post="执法队员")
            valid_to = dt.date(today.year + 1 + seq % 3, 12, 31)
            actions.issue_credential(
                actor=admin, officer=officer, number=f"2103{seq:05d}", issuing_body="辽宁省人民政府",
                action_kinds=[K.PUNISHMENT, K.INSPECTION, K.COERCION] + ([K.LICENSING] if seq % 4 == 0 else [])
                + ([K.EXPROPRIATION, K.CHARGE] if unit_key == "nr_team" else []),
                domains=[domain], areas=[n["anshan"]], valid_from=dt.date(today.year - 2, 1, 1),
                valid_to=valid_to)
            officers.append(officer)

    # One credential that expired, one suspended, one that ends within a month (its renewal is overdue).
    expired, suspended, near = officers[3], officers[5], officers[7]
    actions.issue_credential(actor=admin, officer=expired, number="2103E0001", issuing_body="辽宁省人民政府",
                             action_kinds=[K.PUNISHMENT], domains=[d["ziranziyuan"]], areas=[n["anshan"]],
                             valid_from=dt.date(today.year - 5, 1, 1), valid_to=today - dt.timedelta(days=10))
    actions.set_credential_state(actor=admin, credential=expired.credentials.order_by("-valid_to")[0],
                                 state=CredentialState.REVOKED, reason="证件遗失，已注销")
    actions.set_credential_state(actor=admin, credential=suspended.credentials.get(),
                                 state=CredentialState.SUSPENDED, reason="年度考核不合格，暂扣执法证")
    cred = near.credentials.get()
    actions.set_credential_state(actor=admin, credential=cred, state=CredentialState.REVOKED,
                                 reason="证件换发")
    actions.issue_credential(actor=admin, officer=near, number="2103N0001", issuing_body="辽宁省人民政府",
                             action_kinds=[K.PUNISHMENT, K.INSPECTION], domains=[d["ziranziyuan"]],
                             areas=[n["anshan"]], valid_from=dt.date(today.year - 3, 1, 1),
                             valid_to=today + dt.timedelta(days=20))

    reviewers = [
        actions.register_reviewer(actor=admin, name="周律", id_number=resident_id(90), unit=n["nr_legal"],
                                  qualification_kind=QualificationKind.LEGAL_PROFESSION,
                                  qualification_number="A20152103010001", registered_with=n["sfj"],
                                  registered_on=dt.date(today.year, 3, 1)),
        actions.register_reviewer(actor=admin, name="钱法", id_number=resident_id(91), unit=n["zj_legal"],
                                  qualification_kind=QualificationKind.PUBLIC_LAWYER,
                                  qualification_number="G20182103020002", registered_with=n["sfj"],
                                  registered_on=dt.date(today.year, 3, 1)),
    ]

    logins: dict[str, str] = {}
    heads = {"nr_head": ("nr", "刘建国", 92), "zj_head": ("zj", "孙海燕", 93), "supervisor": ("sfj", "吴志强", 94)}
    people = {"nr_officer": officers[0].person, "zj_officer": officers[16].person,
              "nr_reviewer": reviewers[0].person}
    staff = {"nr_team_head": ("马超", 95), "nr_records": ("杨静", 96), "nr_publicity": ("林欣", 97)}
    for username, (name, seq) in [*((u, (name, seq)) for u, (_key, name, seq) in heads.items()), *staff.items()]:
        people[username] = Person.objects.create(name=name, id_number=resident_id(seq))
    for username, role, where in USERS:
        person = admin.person if username == "admin" else people[username]
        if username == "admin":
            user = admin
        else:
            # Demo accounts keep the password the demo prints (tests and visitors sign in with it): they are
            # not held at the password-change page as an account opened for a real person is.
            user = actions.open_account(actor=admin, agency=n[where], username=username, password=DEMO_PASSWORD,
                                        person=person, must_change_password=False)
            actions.grant_role(actor=admin, user=user, agency=n[where], role=role)
        logins[username] = f"{Role(role).label}，{n[where].name}（{person.name}）"
    for user in get_user_model().objects.filter(username__in=logins).order_by("pk"):
        if two_factor.required(user):
            actions.enroll_totp_device(actor=user, key=DEMO_TOTP_KEY,
                                       code=f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
            logins[user.username] += "，需动态验证码"
    for username, (key, _name, _seq) in heads.items():
        if key != "sfj":
            actions.update_agency(actor=admin, agency=n[key], principal=people[username])
    with as_of(timezone.localdate() - CATALOG_AGE):
        catalog_demo.build(admin=admin, nodes=n, today=today)
    evidence_demo.build(nodes=n, officers=officers, today=today)
    parties_demo.build(officer=get_user_model().objects.get(username="nr_officer"), today=today)
    cases_demo.build(nodes=n, officers=officers)
    publicity_demo.build()
    if publications:
        publications_demo.build(publications, today=today)
    checkpoint.checkpoint_all()  # a tail cut is then caught from the start, and by the witness's copy
    return logins

"""Nobody raises their own reach (issue 9, item 1).

An agency head used to make their own agency supervise the province (agency.manage covered ``supervises``)
and then grant themselves 监督人员 there, reading every agency of the province. Supervision is now the level
above's decision (agency.set_supervision), and a grant never reaches further than its granter.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from tests.conftest import uscc

from zhifa.agencies import actions
from zhifa.agencies.models import Agency, Officer, Person, Role, RoleGrant
from zhifa.agencies.permissions import ACTION_LABELS, ACTIONS, reach
from zhifa.core.errors import RuleViolation
from zhifa.ledger.models import Entry


def _agency_post(agency: Agency, **extra) -> dict:
    """The edit form as the page sends it, with ``extra`` on top."""
    return {"name": agency.name, "uscc": agency.uscc, "duties": "", "jurisdiction": "", "address": "",
            "phone": "", **extra}


def test_every_action_has_a_name_for_its_refusals():
    assert set(ACTION_LABELS) == ACTIONS


def test_an_agency_head_can_no_longer_make_itself_a_supervisor_and_read_the_province(cast, login):
    client = login(cast.u_head)
    # The attack, as it was made: the edit form with supervises=<the province>, then 监督人员 for oneself.
    client.post(f"/agencies/{cast.nr.pk}/edit/", _agency_post(cast.nr, supervises=cast.liaoning.pk))
    client.post(f"/agencies/{cast.nr.pk}/roles/", {"username": "nr_head", "role": "supervisor"})
    cast.nr.refresh_from_db()
    assert cast.nr.supervises_id is None
    assert not RoleGrant.objects.filter(user=cast.u_head, role=Role.SUPERVISOR).exists()
    # ... and so 辽阳's agency and the officers of other agencies stay out of reach, as missing ones are.
    client = login(cast.u_head)
    assert client.get(f"/agencies/{cast.ly_nr.pk}/").status_code == 404
    assert client.get(f"/officers/{cast.chen.pk}/").status_code == 404
    assert client.get(f"/officers/{cast.liu.pk}/").status_code == 404  # 住建局 of the same city too
    # The supervision page is not theirs either.
    assert client.get(f"/agencies/{cast.nr.pk}/supervision/").status_code == 404
    r = client.post(f"/agencies/{cast.nr.pk}/supervision/", {"supervises": cast.liaoning.pk})
    assert r.status_code == 404
    cast.nr.refresh_from_db()
    assert cast.nr.supervises_id is None


def test_the_edit_form_still_saves_the_particulars(cast, login):
    r = login(cast.u_head).post(f"/agencies/{cast.nr.pk}/edit/", _agency_post(cast.nr, phone="0412-1234567"))
    assert r.status_code == 302
    cast.nr.refresh_from_db()
    assert cast.nr.phone == "0412-1234567"
    with pytest.raises(TypeError):  # supervision, parent and level are not particulars
        actions.update_agency(actor=cast.u_admin, agency=cast.nr, supervises=cast.anshan)


def test_the_regions_supervisor_decides_who_supervises_within_it(cast, login):
    client = login(cast.u_supervisor)
    page = client.get(f"/agencies/{cast.zj.pk}/").content.decode()
    assert f'href="/agencies/{cast.zj.pk}/supervision/"' in page
    form = client.get(f"/agencies/{cast.zj.pk}/supervision/").content.decode()
    assert "铁东区" in form and "辽宁省" not in form  # the regions it may decide for, by name
    r = client.post(f"/agencies/{cast.zj.pk}/supervision/", {"supervises": cast.tiedong.pk})
    assert r.status_code == 302
    cast.zj.refresh_from_db()
    assert cast.zj.supervises == cast.tiedong
    entry = Entry.objects.get(kind="agency.supervision_set")
    assert entry.chain == cast.zj.pk and entry.actor_label == "as_supervisor"
    # Not a region above its own, and not an agency outside it (辽阳 is not 鞍山's to decide).
    r = client.post(f"/agencies/{cast.zj.pk}/supervision/", {"supervises": cast.liaoning.pk})
    assert r.status_code == 422  # not among the choices
    with pytest.raises(RuleViolation, match="无权决定由谁监督“辽宁省”"):
        actions.set_supervision(actor=cast.u_supervisor, agency=cast.sfj, region=cast.liaoning)
    assert client.get(f"/agencies/{cast.ly_nr.pk}/supervision/").status_code == 404
    cast.sfj.refresh_from_db()
    assert cast.sfj.supervises == cast.anshan
    # A system administrator decides anywhere.
    actions.set_supervision(actor=cast.u_admin, agency=cast.ly_nr, region=cast.liaoyang)
    cast.ly_nr.refresh_from_db()
    assert cast.ly_nr.supervises == cast.liaoyang


def test_a_supervising_bodys_own_head_cannot_give_or_take_its_supervisors_role(cast, login):
    sfj_head = cast.user("sfj_head", [(cast.sfj, Role.AGENCY_HEAD)])
    client = login(sfj_head)
    r = client.post(f"/agencies/{cast.sfj.pk}/roles/", {"username": "sfj_head", "role": "supervisor"}, follow=True)
    assert "超出您管理角色的范围" in r.content.decode()
    assert not RoleGrant.objects.filter(user=sfj_head, role=Role.SUPERVISOR).exists()
    grant = RoleGrant.objects.get(user=cast.u_supervisor, role=Role.SUPERVISOR)
    r = client.post(f"/agencies/{cast.sfj.pk}/roles/{grant.pk}/revoke/", follow=True)
    assert "不能撤销" in r.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    # The system administrator can; the agency head still gives the roles of its own agency.
    actions.grant_role(actor=cast.u_admin, user=sfj_head, agency=cast.sfj, role=Role.SUPERVISOR)
    actions.grant_role(actor=sfj_head, user=cast.u_supervisor, agency=cast.sfj, role=Role.PUBLICITY)


def test_nobody_grants_themselves_more_than_they_have(cast):
    # A system administrator reaches everything for its own actions but approves no view requests:
    # making itself 机关负责人 to approve them is for another administrator to decide.
    with pytest.raises(RuleViolation, match="不能为自己授予“机关负责人”"):
        actions.grant_role(actor=cast.u_admin, user=cast.u_admin, agency=cast.nr, role=Role.AGENCY_HEAD)
    other = cast.user("second_admin", [(cast.liaoning, Role.SYSADMIN)])
    actions.grant_role(actor=other, user=cast.u_admin, agency=cast.nr, role=Role.AGENCY_HEAD)
    # A role within one's reach for each of its actions is fine.
    actions.grant_role(actor=cast.u_head, user=cast.u_head, agency=cast.nr, role=Role.PUBLICITY)


# ---------------------------------------------------------------- every role through every write


def _reach_map(user, nodes: list[tuple[int, str]]) -> dict[str, object]:
    """For every action: "all", or the set of ``nodes`` (pk, path) the user reaches — from a fresh object.

    Only nodes that were there before count: a unit created inside one's reach is no wider reach.
    """
    user = get_user_model().objects.get(pk=user.pk)
    result: dict[str, object] = {}
    for action in ACTIONS:
        everything, roots = reach(user, action)
        result[action] = "all" if everything else frozenset(
            pk for pk, path in nodes if any(path.startswith(r.path) for r in roots))
    return result


def _wider(after: dict[str, object], before: dict[str, object]) -> list[str]:
    """The actions for which ``after`` reaches something ``before`` did not."""
    return [action for action, now in after.items() if before[action] != "all"
            and (now == "all" or not now <= before[action])]  # type: ignore[operator]


def _writes(other, levels, nodes, regions, counter):
    """Every write that changes grants, levels, parents or supervision, with every target, as (name, call
    taking the acting user): the tree first, then supervision, then grants, revocations last — so a later
    grant builds on an earlier change of the tree, as the attack did."""
    password = "Zhifa-2026-kaihu"
    for parent, level, supervises in itertools.product([None, *nodes], levels, [None, *regions]):
        def create(a, parent=parent, level=level, supervises=supervises):
            n = next(counter)
            return actions.create_agency(actor=a, parent=parent, level=level, supervises=supervises,
                                         name=f"新机构{n}", uscc=uscc(f"11210300MB{n:07d}") if level.is_agency else "")
        yield f"create_agency({parent}, {level}, supervises={supervises})", create
    for agency in nodes:
        yield f"update_agency({agency})", lambda a, agency=agency: actions.update_agency(
            actor=a, agency=agency, phone="0412-0000000")
        # What the edit form once carried, and what a caller might try: none of it is agency.manage's.
        for field, values in (("supervises", regions), ("parent", nodes), ("level", levels)):
            for value in values:
                yield f"update_agency({agency}, {field}={value})", lambda a, agency=agency, f=field, v=value: \
                    actions.update_agency(actor=a, agency=agency, **{f: v})
    for agency in nodes:
        for region in [*regions, None]:
            yield f"set_supervision({agency}, {region})", lambda a, agency=agency, region=region: \
                actions.set_supervision(actor=a, agency=agency, region=region)
    for agency in nodes:
        for role in Role:
            # To the actor itself, and to someone else (which leaves the actor's reach as it was).
            yield f"grant_role(self, {agency}, {role})", lambda a, agency=agency, role=role: \
                actions.grant_role(actor=a, user=a, agency=agency, role=role)
            yield f"grant_role({other}, {agency}, {role})", lambda a, agency=agency, role=role: \
                actions.grant_role(actor=a, user=other, agency=agency, role=role)
        yield f"open_account({agency})", lambda a, agency=agency: actions.open_account(
            actor=a, agency=agency, username=f"acct{next(counter)}", password=password,
            person=Person.objects.create(name="韩梅"))
    for officer in Officer.objects.filter(person__user=None).select_related("person", "unit"):
        yield f"create_account({officer})", lambda a, o=officer: actions.create_account(
            actor=a, officer=o, username=f"acct{next(counter)}", password=password)
    for grant in RoleGrant.objects.select_related("agency", "user"):
        yield f"revoke_role({grant.user} {grant})", lambda a, g=grant: actions.revoke_role(actor=a, grant=g)


def _state() -> tuple[int, ...]:
    """What reach is made of — grants, and each node's parent, level and region — and the ledger's length,
    in one query: when this is unchanged after a refused write, the actor's reach is unchanged too."""
    agency, grant, entry = Agency._meta.db_table, RoleGrant._meta.db_table, Entry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {entry}), (SELECT COUNT(*) FROM {grant}),"
            f" (SELECT COALESCE(SUM(user_id * 1000003 + agency_id * 1009 + LENGTH(role)), 0) FROM {grant}),"
            f" (SELECT COUNT(*) FROM {agency}),"
            f" (SELECT COALESCE(SUM(id * (COALESCE(supervises_id, 0) * 7919 + COALESCE(parent_id, 0) * 31"
            f" + level_id)), 0) FROM {agency})")
        return tuple(cursor.fetchone())


def test_no_role_raises_its_own_reach_through_any_write(cast):
    """Each role (the cast's users, one for every role, and a user with none) tries every write on every
    target in turn, keeping what succeeds; after each, the actor reaches, action by action, no more than it
    did at the start. (Each actor's run is rolled back before the next.)"""
    actors = [cast.u_officer, cast.u_unit_head, cast.u_head, cast.u_supervisor, cast.u_admin,
              cast.user("nr_reviewer", [(cast.nr_legal, Role.REVIEWER)]),
              cast.user("nr_records", [(cast.nr, Role.RECORDS)]),
              cast.user("nr_publicity", [(cast.nr, Role.PUBLICITY)]),
              cast.user("sfj_head", [(cast.sfj, Role.AGENCY_HEAD)]),
              cast.user("nobody", [])]
    assert {Role(g.role) for g in RoleGrant.objects.filter(user__in=actors)} == set(Role)
    nodes = list(Agency.objects.select_related("level", "supervises").order_by("path"))
    regions = [n for n in nodes if n.level.is_region]
    existing = [(n.pk, n.path) for n in nodes]
    levels = list(cast.levels.values())
    counter = itertools.count(1)
    done: dict[str, set[str]] = {}
    User = get_user_model()
    for actor in actors:
        before = _reach_map(actor, existing)
        other = cast.u_ly_head
        run = transaction.savepoint()
        acting = User.objects.get(pk=actor.pk)
        now = _state()
        for name, call in list(_writes(other, levels, nodes, regions, counter)):
            state = now
            # No savepoint of its own: a refused write that left anything behind shows in the state below.
            try:
                call(acting)
            except (PermissionDenied, RuleViolation):
                succeeded = False
            except TypeError:
                if "=" not in name:  # only supervises, parent or level passed to update_agency is refused so
                    raise
                succeeded = False
            else:
                succeeded = True
            now = _state()
            if succeeded or now != state:
                wider = _wider(_reach_map(actor, existing), before)
                assert not wider, f"{actor} widened {wider} by {name}"
                acting = User.objects.get(pk=actor.pk)  # nothing remembered from before the change
            wrote = now[0] > state[0]
            regranted = name.startswith("grant_role") and now[1:] == state[1:]
            # Every change leaves its entry; a refusal changes nothing (a grant held already changes nothing).
            assert wrote == (succeeded and not regranted), f"{name} by {actor}: entry {wrote}"
            assert succeeded or now == state, f"{name} by {actor} was refused but changed something"
            if succeeded:
                done.setdefault(actor.username, set()).add(name.split("(")[0])
        transaction.savepoint_rollback(run)
    # Not vacuous: the writes did happen where the table allows them.
    assert done["sysadmin"] >= {"create_agency", "update_agency", "set_supervision", "grant_role", "revoke_role",
                                "open_account", "create_account"}
    assert done["as_supervisor"] == {"set_supervision"}
    assert done["nr_head"] >= {"create_agency", "update_agency", "grant_role", "revoke_role", "create_account"}
    assert "nobody" not in done and "zhangwei" not in done

"""The checklist's 执法人员资格 point (REV-04): each officer's credential on each day they acted in the case —
the investigation records they were present at or kept, the rights notices where they showed their credential,
and the proposed decision the case's officers made — not only today's standing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from zhifa.agencies.models import ActionKind, Credential, Officer
from zhifa.agencies.rules import Act, credential_problem, standing_problem
from zhifa.cases.models import Case


@dataclass(frozen=True)
class OfficerAct:
    officer: Officer
    on: dt.date
    what: str


@dataclass(frozen=True)
class Finding:
    act: OfficerAct
    problem: str | None   # None: the officer held a credential covering the act that day

    def __str__(self) -> str:
        where = f"{self.act.on:%Y-%m-%d}{self.act.what}"
        return f"{self.act.officer.person.name}：{where}" + (f"时{self.problem}" if self.problem else "时持证有效")


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def officer_acts(case: Case) -> list[OfficerAct]:
    """Who acted in the case on which day, earliest first."""
    creds = Prefetch("credentials", queryset=Credential.objects.prefetch_related("domains", "areas"))
    people = Officer.objects.select_related("person").prefetch_related(creds)
    acts: list[OfficerAct] = []
    records = case.investigation_records.prefetch_related(Prefetch("officers", queryset=people))
    for record in records.select_related("recorder__person"):
        present = {o.pk: o for o in record.officers.all()}
        acts += [OfficerAct(o, _day(record.started_at), f"制作{record.get_kind_display()}") for o in present.values()]
        if record.recorder is not None and record.recorder.pk not in present:
            recorder = people.get(pk=record.recorder.pk)
            acts.append(OfficerAct(recorder, _day(record.started_at), f"记录{record.get_kind_display()}"))
    for notice in case.rights_notices.prefetch_related(Prefetch("officers", queryset=people)):
        acts += [OfficerAct(o, _day(notice.told_at), "出示执法证件、告知权利") for o in notice.officers.all()]
    proposal = case.proposals.order_by("-proposed_at", "-pk").first()
    if proposal is not None:
        team = people.filter(pk__in=case.assignments.values("officer_id"))
        acts += [OfficerAct(o, _day(proposal.proposed_at), "拟定处罚内容") for o in team]
    return sorted(acts, key=lambda a: (a.on, a.officer.person.name))


def check_officers(case: Case) -> list[Finding]:
    """Each act's officer against their credentials on that day: the one that covers the act, or why none did
    (行政处罚法 第42条, GEN-03 持证上岗)."""
    findings = []
    for act in officer_acts(case):
        credentials = sorted(act.officer.credentials.all(), key=lambda c: c.valid_to, reverse=True)
        if case.domain is None:
            problems = [standing_problem(c, act.on) for c in credentials] or [standing_problem(None, act.on)]
        else:
            rule_act = Act(kind=ActionKind(case.action_kind), domain=case.domain, place=case.place, on=act.on)
            problems = [credential_problem(c, rule_act) for c in credentials] or [credential_problem(None, rule_act)]
        findings.append(Finding(act, None if None in problems else problems[0]))
    return findings

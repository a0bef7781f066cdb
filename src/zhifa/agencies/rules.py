"""The legal rules about who may act: 持证上岗 and the two-officer rule, and credential renewal.

Cases call ``check_enforcement_team`` before any act that needs officers; a refusal names which officer
fails which rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zhifa.agencies.models import ActionKind, Agency, Credential, CredentialStatus, Domain, Officer
from zhifa.core.errors import RuleViolation

if TYPE_CHECKING:
    from collections.abc import Iterable

# 行政处罚法 第42条: 行政处罚应当由具有行政执法资格的执法人员实施。执法人员不得少于两人，法律另有规定的除外。
TEAM_RULE = "行政处罚法 第42条"
MIN_TEAM_SIZE = 2

# GEN-03 持证上岗: an officer renews the 执法证 before it ends; the obligation falls due this many days before
# the last valid day and turns yellow this many days before it falls due.
RENEWAL_RULE = "GEN-03 执法证换证"
RENEWAL_BASIS = "持证上岗：执法证有效期届满前申请换证"
RENEWAL_LEAD_DAYS = 30
RENEWAL_WARN_DAYS = 30


@dataclass(frozen=True)
class Act:
    """What a team is about to do: its kind, domain, place and day."""

    kind: ActionKind
    domain: Domain
    place: Agency
    on: dt.date


def standing_problem(credential: Credential | None, on: dt.date) -> str | None:
    """Why this credential is not valid on ``on`` (missing, expired, not yet, suspended, revoked); None when
    it is. What it covers is ``credential_problem``'s question."""
    if credential is None:
        return "没有执法证"
    status = credential.status_on(on)
    if status == CredentialStatus.EXPIRED:
        return f"执法证{credential.number}已于{credential.valid_to.isoformat()}到期"
    if status == CredentialStatus.NOT_YET:
        return f"执法证{credential.number}自{credential.valid_from.isoformat()}起才生效"
    if status != CredentialStatus.VALID:
        return f"执法证{credential.number}已{status.label}"
    return None


def officer_standing_problem(officer: Officer, on: dt.date) -> str | None:
    """Why ``officer`` may not act at all on ``on`` (持证上岗: in post, with a credential valid that day), for
    pages that offer officers before the act is known; None when they may. Uses prefetched credentials."""
    if not officer.active:
        return "不在岗"
    return standing_problem(officer.current_credential(on), on)


def credential_problem(credential: Credential | None, act: Act) -> str | None:
    """Why this credential does not let its holder do ``act``; None when it does."""
    problem = standing_problem(credential, act.on)
    if problem is not None or credential is None:
        return problem
    if act.kind not in credential.action_kinds:
        return f"执法证{credential.number}的执法类别不含“{ActionKind(act.kind).label}”"
    if act.domain.pk not in {d.pk for d in credential.domains.all()}:
        return f"执法证{credential.number}的执法领域不含“{act.domain.name}”"
    if not any(act.place.is_within(area) for area in credential.areas.all()):
        return f"执法证{credential.number}的执法区域不含“{act.place.name}”"
    return None


def best_credential(officer: Officer, act: Act) -> tuple[Credential | None, str | None]:
    """The officer's credential that covers ``act``, or the nearest miss and why it fails."""
    credentials = list(officer.credentials.all())
    if not credentials:
        return None, credential_problem(None, act)
    problems = []
    for c in sorted(credentials, key=lambda c: c.valid_to, reverse=True):
        problem = credential_problem(c, act)
        if problem is None:
            return c, None
        problems.append(problem)
    return None, problems[0]


def check_enforcement_team(officers: Iterable[Officer], act: Act, *, min_size: int = MIN_TEAM_SIZE) -> None:
    """Refuse unless at least ``min_size`` distinct officers each hold a credential covering ``act``.

    # 行政处罚法 第42条 (two officers) and GEN-03 (持证上岗: valid on that day, covering the act's category
    # and place). ``min_size`` is lower only where a law says otherwise.
    """
    team = list({o.pk: o for o in officers}.values())
    problems = []
    for officer in team:
        if not officer.active:
            problems.append(f"{officer.person.name}：不在岗")
            continue
        _, problem = best_credential(officer, act)
        if problem:
            problems.append(f"{officer.person.name}：{problem}")
    if problems:
        raise RuleViolation("执法人员不具备执法资格", rule=f"{TEAM_RULE}、GEN-03 持证上岗", details=problems)
    if len(team) < min_size:
        raise RuleViolation(f"执法人员不得少于{min_size}人，当前只有{len(team)}人", rule=TEAM_RULE)

"""REV-10: for a decision, who submitted it for legal review, who reviewed it, who decided, and the SM3 of what
each saw — read from the ledger's records alone.

``account_of`` takes the hashed records (``Entry.record()``, or the ``record`` of each line of an exported bag's
``data/entries.jsonl``), so the same answer comes from the database and from a bag with no database at all —
each entry names its person (``by_name``, as ``agencies.models.name_of`` names the account's holder):

- 报送: the ``review.submitted`` entry of the round — its actor, the draft's SM3 and the evidence's SM3 (the
  draft bound at submission is what it made);
- 审核: the round's ``review.opinion`` entry — its actor, the draft's SM3 and the opinion's PDF; the opinion's
  ``document.issued`` entry adds its DOCX; the reviewer saw the draft and the evidence submitted;
- 决定: the decision's entry (``DECIDED``: the penalty's ``case.decided``, and the 行政许可, its 撤回/撤销, the
  强制执行 and the 征收征用/收费 decisions') — its actor, the SM3 of the draft it was made from (the one the passed
  review bound) and the decision's files; the decider saw the draft and the opinion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zhifa.agencies.models import names_by_id
from zhifa.ledger.chain import entries_about

# Each decision's entry, with the payload key that holds the decision's number.
DECIDED = {"case.decided": "number", "case.licence_decided": "number", "case.licence_ended": "decision",
           "case.coercion_decided": "number", "case.levy_decided": "number"}
KINDS = ("review.submitted", "review.resubmitted", "review.opinion", "document.issued", *DECIDED)


@dataclass(frozen=True)
class Act:
    """One person's part: who (the ledger's actor), when, and the SM3 of what they saw or made."""

    role: str          # 报送 / 审核 / 决定
    actor_id: int | None
    actor: str         # the ledger's actor label (the account)
    at: str            # the entry's time, as recorded
    saw: tuple[str, ...]
    made: tuple[str, ...]
    entry_seq: int
    name: str = ""     # the person's name, as the entry recorded it (``by_name``); empty in older entries

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.strptime(self.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Account:
    """A decision and the review it rests on; ``review`` is empty for a decision no review preceded."""

    decision_number: str
    draft_sm3: str
    submitted: Act | None
    reviewed: Act | None
    decided: Act
    opinion_number: str = ""

    @property
    def acts(self) -> list[Act]:
        return [a for a in (self.submitted, self.reviewed, self.decided) if a is not None]

    @property
    def bound(self) -> bool:
        """The decision was made from the very draft the review passed (its SM3 the same)."""
        return self.reviewed is not None and self.draft_sm3 in self.reviewed.saw


def _act(role: str, record: Mapping[str, Any], saw: Iterable[str], made: Iterable[str]) -> Act:
    actor = record["actor"]
    return Act(role, actor["id"], actor["label"], record["at"], tuple(s for s in saw if s),
               tuple(m for m in made if m), record["seq"], record["payload"].get("by_name", ""))


def account_of(records: Iterable[Mapping[str, Any]]) -> list[Account]:
    """Every decision in ``records`` (one case's, in chain order) with who submitted, reviewed and decided it."""
    submissions: dict[int, Mapping[str, Any]] = {}
    passed: dict[str, tuple[Mapping[str, Any], Mapping[str, Any]]] = {}  # draft SM3 → (submission, opinion)
    documents: dict[int, Mapping[str, Any]] = {}
    out: list[Account] = []
    for record in sorted(records, key=lambda r: r["seq"]):
        kind, payload = record["kind"], record["payload"]
        if kind == "review.submitted":
            submissions[payload["round"]] = record
        elif kind == "document.issued":
            documents[payload["document"]] = payload
        elif kind == "review.opinion" and payload.get("outcome") == "agree" and payload["round"] in submissions:
            passed[payload["draft_sm3"]] = (submissions[payload["round"]], record)
        elif kind in DECIDED:
            draft, number = payload.get("draft_sm3", ""), payload.get(DECIDED[kind], "")
            decision = documents.get(payload.get("document"), {})
            decided_made = list(dict.fromkeys([decision.get("docx_sm3", ""), decision.get("pdf_sm3", ""),
                                               *record["evidence"]]))
            if draft not in passed:
                out.append(Account(number, draft, None, None, _act("决定", record, [draft], decided_made)))
                continue
            sub, op = passed[draft]
            material = [sub["payload"]["draft_sm3"], *sub["payload"].get("evidence", [])]
            opinion = documents.get(op["payload"].get("document"), {})
            opinion_files = [opinion.get("docx_sm3", ""), opinion.get("pdf_sm3", "")]
            out.append(Account(
                number, draft,
                submitted=_act("报送", sub, material, [sub["payload"]["draft_sm3"]]),
                reviewed=_act("审核", op, material, opinion_files or op["evidence"]),
                decided=_act("决定", record, [draft, *opinion_files], decided_made),
                opinion_number=op["payload"].get("number", "")))
    return out


def case_context(request, case) -> dict[str, Any]:
    """The case page's 技术信息 of its decisions: the accountability read from the case's ledger entries."""
    accounts = account_of(e.record() for e in entries_about(case).filter(kind__in=KINDS))
    if not accounts:
        return {"review_accounts": []}
    names = names_by_id(a.actor_id for acc in accounts for a in acc.acts if not a.name)  # older entries
    return {"review_accounts": [(acc, [(a, a.name or names.get(a.actor_id or 0, a.actor)) for a in acc.acts])
                                for acc in accounts]}

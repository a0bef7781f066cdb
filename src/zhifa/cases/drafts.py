"""The draft of a decision: the document a kind's decide function would issue, built without writing anything
and without a number, from the case and the decision's own fields. One registry for every kind whose decision a
legal review binds (行政处罚法 第58条; 审核制度 第三条; REV-01, REV-03): the review renders the draft's body and
binds its SM3, and the decide function builds the very same document and checks it against the reviewed draft
before it takes a number — so what is issued is byte for byte what was reviewed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from zhifa.core.errors import RuleViolation

if TYPE_CHECKING:
    from zhifa.cases.models import Case

# The draft carries this in place of the date of the decision, which only the decision itself has.
DRAFT_DATE = "（作出决定之日）"
# The dates only the act itself has, by template, and what the draft carries in their place: a 查封、扣押 or a
# 冻结 runs from the day it is carried out (行政强制法 第25条、第32条), which is that decision's date too.
ACT_DATES: dict[str, dict[str, str]] = {}


def draft_text(template: str, values: Mapping[str, object]) -> str:
    """The document's body without its number and date (and the dates only the act has, ``ACT_DATES``): the bytes
    a legal review binds by their SM3."""
    from zhifa.catalog.documents import TEMPLATES, render_parts
    from zhifa.documents.actions import plain

    # the number's parts are the issuing's; the body never reads them
    body = render_parts(TEMPLATES[template], {**{k: plain(v) for k, v in values.items()}, "日期": DRAFT_DATE,
                                              **ACT_DATES.get(template, {}), "year": "—", "n": "—"})
    return "\n".join(r.line() for r in body)


@dataclass(frozen=True)
class Drafted:
    """The document a decision would issue: its template and values, and the decision's fields as cleaned (what
    the decide function records, and what a draft check reads — the 强制执行's way decides whether it is major)."""

    template: str
    values: dict[str, object]
    given: dict[str, Any]

    @property
    def text(self) -> str:
        return draft_text(self.template, self.values)


Build = Callable[["Case", Mapping[str, Any], dt.date], Drafted]


@dataclass(frozen=True)
class DraftKind:
    """A kind's decision: the fields of its decision form that the document is drawn from, the pure function that
    draws it, and the templates it may issue (where a guard finds the decision issued)."""

    fields: tuple[str, ...]
    build: Build
    templates: tuple[str, ...]


# process code -> its decision; each kind's actions module registers its own.
DRAFTS: dict[str, DraftKind] = {}


def register(process: str, fields: tuple[str, ...], templates: tuple[str, ...]) -> Callable[[Build], Build]:
    def add(build: Build) -> Build:
        DRAFTS[process] = DraftKind(fields, build, templates)
        return build

    return add


def kind_of(case: Case) -> DraftKind:
    try:
        return DRAFTS[case.process]
    except KeyError:
        raise RuleViolation(f"{case.definition.name}的决定不经法制审核", field="stage", rule="REV-01") from None


def draft(case: Case, given: Mapping[str, Any], on: dt.date) -> Drafted:
    """The draft of ``case``'s decision with ``given`` fields (only the kind's own are read)."""
    kind = kind_of(case)
    return kind.build(case, {k: given[k] for k in kind.fields if k in given}, on)


def day(value: object) -> dt.date | None:
    """A date field as given: a date, its ISO text (as a form posts it), or nothing."""
    if isinstance(value, dt.date) or value is None:
        return value
    text = str(value).strip()
    return dt.date.fromisoformat(text) if text else None


def form_value(value: object) -> Any:
    """A field as its decision form posts it, so a form starts from it: a choice of yes/no as "1"/"0", a date
    as ISO, a number as its digits, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date | Decimal | int):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def form_values(given: Mapping[str, Any]) -> dict[str, Any]:
    return {k: form_value(v) for k, v in given.items()}

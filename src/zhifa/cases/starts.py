"""How a case of each process begins: the page an officer opens to start one (issue 12, item 7).

The case list offers one button per entry, so a kind of action joins the list by adding its line here; the
process code names its definition in ``catalog.processes`` (its name is the button's label).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from zhifa.agencies.models import Agency, Officer
from zhifa.agencies.permissions import agencies_in_reach
from zhifa.catalog.evaluate import content_of, version_in_force
from zhifa.catalog.models import ListKind
from zhifa.catalog.processes import PROCESSES


@dataclass(frozen=True)
class Start:
    process: str   # a code of catalog.processes.PROCESSES
    url_name: str  # the page that starts it
    label: str     # the button, in the words an officer uses

    @property
    def name(self) -> str:
        return PROCESSES[self.process].name


STARTS: tuple[Start, ...] = (
    Start("punishment_general", "cases:register", "登记案件"),
    Start("punishment_simple", "cases:simple_start", "当场处罚"),
    Start("inspection", "cases:inspection_start", "行政检查"),
    Start("coercive_measure", "cases:measure_start", "实施行政强制措施"),
    Start("expropriation", "cases:levy_start_expropriation", "征收征用"),
    Start("charge", "cases:levy_start_charge", "行政收费"),
    Start("licensing", "cases:permit_desk", "受理窗口"),
    Start("coercive_enforcement", "cases:coercion_start", "启动强制执行"),
)


@dataclass
class StartChoices:
    """What every start page offers: the user's units, the agency's items in force of the kind, the places
    in its region and its active officers; and the initial values (the one unit, the agency's own region,
    the user as officer)."""

    units: Any
    items: list[tuple[str, str]]
    places: Any
    officers: Any
    agency: Agency | None
    me: Officer | None
    initial: dict[str, Any] = field(default_factory=dict)


def start_choices(user, action_kind: str | None = None) -> StartChoices:
    """The choices of a start page for ``user``; ``action_kind`` keeps only the items of that kind."""
    units = agencies_in_reach(user, "case.handle").filter(level__is_agency=False).order_by("path")
    unit_list = list(units[:50])
    agency = unit_list[0].enclosing_agency() if unit_list else None
    items: list[tuple[str, str]] = []
    places = Agency.objects.none()
    officers = Officer.objects.none()
    if agency is not None:
        version = version_in_force(agency, ListKind.ITEMS, timezone.localdate())
        items = [(e["code"], f"{e['code']} {e['name']}") for e in (content_of(version)["entries"] if version else [])
                 if action_kind is None or e.get("action_kind") == action_kind]
        region = agency.parent
        places = Agency.objects.within([region]).filter(level__is_region=True).order_by("path") if region else places
        officers = (Officer.objects.filter(unit__in=Agency.objects.within([agency]), active=True)
                    .select_related("person", "unit").order_by("unit__path", "person__name"))
    me = Officer.objects.filter(person__user=user).first()
    initial: dict[str, Any] = {"unit": unit_list[0] if len(unit_list) == 1 else None,
                               "place": agency.parent if agency else None}
    if me is not None:
        initial["officers"] = [me]
    return StartChoices(units=units, items=items, places=places, officers=officers, agency=agency, me=me,
                        initial=initial)

"""How a case of each process begins: the page an officer opens to start one (issue 12, item 7).

The case list offers one button per entry, so a kind of action joins the list by adding its line here; the
process code names its definition in ``catalog.processes`` (its name is the button's label).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    Start("coercive_enforcement", "cases:coercion_start", "启动强制执行"),
)

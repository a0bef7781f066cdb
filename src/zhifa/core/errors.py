"""Errors that carry a rule: every refusal names the field or the rule it enforces, in Chinese."""

from __future__ import annotations

import re

# The requirement codes a refusal may carry as its rule (docs and tests cite them), by the name a person
# reads; a rule given as a legal citation (``行政处罚法 第42条``) is shown as it is.
RULE_NAMES: dict[str, str] = {
    "GEN-01": "机构层级与监督职责", "GEN-02": "行政执法类别", "GEN-03": "持证上岗", "GEN-04": "国务院放假安排",
    "GEN-05": "五个清单", "GEN-08": "行政处罚裁量基准",
    "PUB-01": "事前公开", "PUB-02": "清单动态调整", "PUB-09": "公示前审核",
    "REC-10": "音像记录移交", "REC-11": "记录保存期限", "REC-12": "记录不得删改", "REC-13": "记录查阅审批",
    "REC-15": "同步录音录像摄录情况记录表", "REC-18": "音像记录事项清单",
    "REV-02": "法制审核范围", "REV-11": "法制审核人员配备", "RND-01": "双随机抽查", "SUP-03": "执法活动网上监督",
}
_CODE = re.compile(r"\b([A-Z]{3}-\d{2})(?: (?=[^\x00-\x7f]))?")


def rule_name(rule: str) -> str:
    """``rule`` as a person reads it: each requirement code replaced by its name, or dropped where a name
    follows it already (``GEN-03 持证上岗``)."""

    def name(m: re.Match[str]) -> str:
        return "" if m.group(0).endswith(" ") else RULE_NAMES.get(m.group(1), "")

    return re.sub(r"^[、；，\s]+|[、；，\s]+$", "", _CODE.sub(name, rule))


class RuleViolation(Exception):
    """A write was refused because a rule forbids it.

    ``rule`` names the source (``行政处罚法 第42条``, ``GEN-03``); ``message`` is the Chinese sentence a user
    reads; ``field`` is set when one input field is at fault, so a form can show it beside that field.
    """

    def __init__(self, message: str, *, rule: str = "", field: str | None = None,
                 details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.field = field
        self.details = details or []

    @property
    def sentence(self) -> str:
        """The message with the rule it enforces, by name."""
        name = rule_name(self.rule)
        return f"{self.message}（{name}）" if name else self.message

    def __str__(self) -> str:
        text = self.sentence
        if self.details:
            text += "：" + "；".join(self.details)
        return text

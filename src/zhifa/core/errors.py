"""Errors that carry a rule: every refusal names the field or the rule it enforces, in Chinese."""

from __future__ import annotations


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

    def __str__(self) -> str:
        text = f"{self.message}（{self.rule}）" if self.rule else self.message
        if self.details:
            text += "：" + "；".join(self.details)
        return text

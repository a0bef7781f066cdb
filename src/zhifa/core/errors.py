"""Errors that carry a rule: every refusal names the field or the rule it enforces, in Chinese."""

from __future__ import annotations

from zhifa.core.labels import rule_name  # the rules' names live in the one label registry

__all__ = ["RuleViolation", "rule_name"]


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

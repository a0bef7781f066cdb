"""The one form of the obligation pages: the reason a time limit is waived."""

from __future__ import annotations

from zhifa.core import fields


class WaiveForm(fields.Form):
    reason = fields.CharField(label="免除理由", max_length=300, error_messages={"required": "免除期限事项必须填写理由"})

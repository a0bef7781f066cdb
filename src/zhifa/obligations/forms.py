"""The one form of the obligation pages: the reason a time limit is waived."""

from __future__ import annotations

from zhifa.core import fields


class WaiveForm(fields.Form):
    # Not required here: the write function refuses an empty reason, naming its rule.
    reason = fields.CharField(label="免除理由", max_length=300, required=False)

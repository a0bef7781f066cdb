"""The one form-field layer of the project: every form is a ``Form`` built from these fields, so bad input is
refused the same way everywhere, with a Chinese message beside its field, before it reaches a query, a date
calculation or the database.

- Numbers are bounded: integers to 64 bits (or the field's own limits), decimals finite (no NaN, Infinity,
  sNaN) with bounded digits, and either refused as text before parsing when longer than any number a form
  takes.
- Dates lie between ``DATE_MIN`` and ``DATE_MAX`` (date-times too, by their local date), so date arithmetic
  and time-zone conversion never leave what ``datetime`` can hold.
- Ids of a choice from a queryset are checked as text (digits, at most 64 bits) before any query: SQLite
  cannot bind a larger integer and PostgreSQL refuses it as out of range.
- Text has a length limit even when the form names none, and refuses control characters (tab and newline
  are allowed in multi-line text; CR LF becomes LF) and the bidirectional overrides and isolates
  (U+202A–U+202E, U+2066–U+2069) that make text display other than it reads.

``Form.full_clean`` refuses to validate a form holding a field of another kind (a programming error, caught
by the tests that post every form), so a new form cannot quietly bypass the layer.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import CommandError
from django.db import models

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
LINE_MAX = 500          # a one-line field that names no limit
TEXT_MAX = 20_000       # a multi-line field that names no limit
NUMBER_CHARS = 40       # longer than any number a form takes: refused before it is parsed
KEY_CHARS = 200         # a choice's key that is not an integer

_BIDI = "\u202a-\u202e\u2066-\u2069"
_LINE_REFUSED = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_TEXT_REFUSED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")

DATE_FORMAT = "%Y-%m-%d"
DATE_ERRORS: dict[str, Any] = {"invalid": "日期格式应为 YYYY-MM-DD，如 2026-09-30", "required": "此项不能为空"}
TOO_LONG = "不能超过%(limit_value)d个字（现为%(show_value)d个）"
INVALID_CHOICE = "所选的项不在可选范围内，请重新选择"


def refused_character(text: str, *, multiline: bool) -> str | None:
    """Why ``text`` is refused for the characters it holds, or None."""
    found = (_TEXT_REFUSED if multiline else _LINE_REFUSED).search(text)
    if found is None:
        return None
    kind = "文字方向控制符" if found.group() >= "\u202a" else "控制字符"
    return f"不能包含{kind}（第{found.start() + 1}个字符，U+{ord(found.group()):04X}）"


class CharField(forms.CharField):
    """Text with a length limit (``LINE_MAX`` or ``TEXT_MAX`` when none is given) and no control characters;
    multi-line when its widget is a textarea."""

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        widget = kwargs.get("widget") or self.widget
        self.multiline = isinstance(widget, forms.Textarea) or (
            isinstance(widget, type) and issubclass(widget, forms.Textarea))
        if max_length is None:
            max_length = TEXT_MAX if self.multiline else LINE_MAX
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not isinstance(text, str):  # the field's empty value
            return text
        if self.multiline:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        # Checked here, before a subclass parses the text (citations), not only among the validators.
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(self.error_messages.get("max_length", TOO_LONG), code="max_length",
                                  params={"limit_value": self.max_length, "show_value": len(text)})
        problem = refused_character(text, multiline=self.multiline)
        if problem is not None:
            raise ValidationError(problem, code="control_character")
        return text


class IntegerField(forms.IntegerField):
    """An integer between the field's limits, or within 64 bits when it names none."""

    default_error_messages = {"invalid": "请填写整数"}

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any) -> None:
        super().__init__(min_value=INT64_MIN if min_value is None else min_value,
                         max_value=INT64_MAX if max_value is None else max_value, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and len(value.strip()) > NUMBER_CHARS:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DecimalField(forms.DecimalField):
    """A finite decimal with bounded digits: NaN, Infinity, sNaN and huge exponents are refused."""

    default_error_messages = {"invalid": "请填写数值"}

    def __init__(self, *, max_digits: int | None = 18, decimal_places: int | None = 6, **kwargs: Any) -> None:
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and len(value.strip()) > NUMBER_CHARS:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number = super().to_python(value)
        # Refused here without params: Django's own check formats the message with them, and a message
        # holding “%” (5%) then breaks; and a signalling NaN must not reach a comparison.
        if number is not None and not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def _bounds_message(low: dt.date, high: dt.date) -> str:
    return f"日期须在{low:%Y-%m-%d}至{high:%Y-%m-%d}之间"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATE_FORMAT, **kwargs)


class DateField(forms.DateField):
    """A date between ``min_value`` and ``max_value`` (by default ``DATE_MIN`` … ``DATE_MAX``)."""

    widget = DateInput
    default_error_messages = DATE_ERRORS

    def __init__(self, *, min_value: dt.date = DATE_MIN, max_value: dt.date = DATE_MAX, **kwargs: Any) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)
        # A form's own date widget would show the locale's 2025/11/04, which a browser's date input cannot
        # read: the field then looks empty and saving the form clears it. Whatever widget a form names, the
        # value goes out as the one format the input and this field both take.
        if isinstance(self.widget, forms.DateInput):
            self.widget.format = DATE_FORMAT
            self.widget.input_type = "date"

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not self.min_value <= value <= self.max_value:
            raise ValidationError(_bounds_message(self.min_value, self.max_value), code="out_of_range")


class MonthField(DateField):
    """A whole month, typed as 2026-01 (a browser's month input); its value is the month's first day."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=["%Y-%m"], **kwargs)
        self.widget.format = "%Y-%m"
        self.widget.input_type = "month"


def command_date(option: str, value: str | None) -> dt.date | None:
    """A date given to a command's ``option``, read by ``DateField``: a malformed date or one beyond its bounds
    (0001-01-01 overflows the time-zone conversion, 9999-12-31 the day after) is a Chinese error, exit 2."""
    if not value:
        return None
    try:
        return DateField().clean(value)
    except ValidationError as e:
        raise CommandError(f"{option}：{e.messages[0]}，收到“{value[:40]}”", returncode=2) from None


class DateTimeField(forms.DateTimeField):
    """A date and time whose local date lies between ``DATE_MIN`` and ``DATE_MAX``."""

    default_error_messages = {"invalid": "日期时间格式应如 2026-09-30 09:30"}

    def to_python(self, value: Any) -> dt.datetime | None:
        moment = super().to_python(value)
        # The wall-clock date as entered, never converted: 0001-01-01 00:00 in Asia/Shanghai lies before
        # datetime.min in UTC, so the conversion itself would overflow.
        if moment is not None and not DATE_MIN <= moment.date() <= DATE_MAX:
            raise ValidationError(_bounds_message(DATE_MIN, DATE_MAX), code="out_of_range")
        return moment


def _key_refused(queryset: models.QuerySet | None, to_field_name: str | None, value: Any) -> bool:
    """Whether ``value`` cannot be a key of ``queryset``'s rows, told from its text alone."""
    if queryset is None or isinstance(value, models.Model):
        return False
    opts = queryset.model._meta
    key = opts.get_field(to_field_name) if to_field_name else opts.pk
    text = str(value)
    if isinstance(key, models.IntegerField):
        return not (text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= INT64_MAX)
    return len(text) > KEY_CHARS


class ModelChoiceField(forms.ModelChoiceField):
    """One row of a queryset; a value that cannot be a key is an invalid choice without a query."""

    default_error_messages = {"invalid_choice": INVALID_CHOICE}

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _key_refused(self.queryset, self.to_field_name, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": str(value)[:40]})
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rows of a queryset; any value that cannot be a key makes the choice invalid without a query."""

    default_error_messages = {"invalid_choice": INVALID_CHOICE, "invalid_pk_value": INVALID_CHOICE}

    def _check_values(self, value: Any) -> Any:
        for v in value:
            if _key_refused(self.queryset, self.to_field_name, v):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": str(v)[:40]})
        return super()._check_values(value)  # type: ignore[misc]


LAYER = (CharField, IntegerField, DecimalField, DateField, DateTimeField, ModelChoiceField, ModelMultipleChoiceField)
# Fields that take only what they list or a fixed format, whose values can be neither too large nor text.
CLOSED = (forms.BooleanField, forms.ChoiceField, forms.TimeField, forms.FileField)
# Django's fields the layer replaces (ModelChoiceField is a ChoiceField, DecimalField an IntegerField).
REPLACED = (forms.CharField, forms.IntegerField, forms.FloatField, forms.DateField, forms.DateTimeField,
            forms.ModelChoiceField, forms.DurationField)


def outside_layer(field: forms.Field) -> bool:
    if isinstance(field, LAYER):
        return False
    return isinstance(field, REPLACED) or not isinstance(field, CLOSED)


class Form(forms.Form):
    """The base of every form of the project: its fields must be the layer's (or closed choices)."""

    def full_clean(self) -> None:
        stray = [name for name, field in self.fields.items() if outside_layer(field)]
        if stray:
            raise ImproperlyConfigured(f"{type(self).__name__}: fields {stray} bypass zhifa.core.fields")
        super().full_clean()


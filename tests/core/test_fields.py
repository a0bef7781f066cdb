"""The form-field layer itself: every form of the project is built on it, and its fields refuse what gave a 500.
No database: these read classes and clean values."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import translation

import zhifa
from zhifa.core import fields


def project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(zhifa.__path__, "zhifa."):
        if not any(part in module.name for part in (".migrations", ".management", "__main__")):
            importlib.import_module(module.name)
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("zhifa."):
            found.append(cls)
    return found


def test_every_form_of_the_project_is_built_on_the_field_layer():
    found = project_forms()
    assert len(found) > 30
    # The sign-in form is Django's AuthenticationForm (its own bounded user name), throttled by agencies.
    outside = [f"{cls.__module__}.{cls.__name__}" for cls in found
               if not issubclass(cls, fields.Form) and cls.__name__ != "ThrottledAuthenticationForm"]
    assert outside == []
    stray = [f"{cls.__name__}.{name}" for cls in found if issubclass(cls, fields.Form)
             for name, f in cls.base_fields.items() if fields.outside_layer(f)]
    assert stray == []


def test_a_form_holding_a_field_outside_the_layer_refuses_to_validate():
    class Loose(fields.Form):
        n = forms.IntegerField()

    with pytest.raises(ImproperlyConfigured, match="Loose"):
        Loose({"n": "1"}).is_valid()


@pytest.mark.parametrize("text, multiline, refused", [
    ("张伟", False, False), ("a\tb", False, True), ("a\tb\nc", True, False), ("a\x00", True, True),
    ("a\x1b", True, True), ("a\x85", False, True), ("exe.\u202emp4", False, True), ("a\u2069", True, True),
    ("a\u200fb", False, False),  # a right-to-left mark changes no order of what is typed
])
def test_control_characters_and_bidi_overrides(text, multiline, refused):
    assert (fields.refused_character(text, multiline=multiline) is not None) == refused


@pytest.mark.parametrize("field, value", [
    (fields.IntegerField(), "1" * 30), (fields.IntegerField(), str(2**63)), (fields.IntegerField(), "9" * 5000),
    (fields.DecimalField(), "NaN"), (fields.DecimalField(), "-Infinity"), (fields.DecimalField(), "sNaN"),
    (fields.DecimalField(), "1e999999999"), (fields.DateField(), "0001-01-01"), (fields.DateField(), "9999-12-31"),
    (fields.DateTimeField(), "0001-01-01 00:00"), (fields.DateTimeField(), "9999-12-31 23:59"),
    (fields.CharField(), "x" * (fields.LINE_MAX + 1)),
    (fields.CharField(widget=forms.Textarea), "x" * (fields.TEXT_MAX + 1)),
])
def test_values_that_overflowed_are_refused(field, value):
    with pytest.raises(ValidationError):
        field.clean(value)


def test_the_date_bounds_are_inclusive():
    assert fields.DateField().clean("1900-01-01") == dt.date(1900, 1, 1)
    assert fields.DateField().clean("2199-12-31") == dt.date(2199, 12, 31)
    assert fields.IntegerField().clean(str(2**63 - 1)) == 2**63 - 1


def test_every_date_input_of_the_project_shows_its_value_as_the_browser_reads_it():
    """A date input takes only YYYY-MM-DD; the zh-hans format (2025/11/04) shows as an empty field, which a save
    then clears — whatever widget a form gives its date field."""
    plain = fields.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    found = [plain] + [f for cls in project_forms() for f in cls.base_fields.values()
                       if isinstance(f, fields.DateField)]
    assert len(found) > 5
    with translation.override("zh-hans"):
        for field in found:
            html = field.widget.render("d", dt.date(2025, 11, 4))
            # a hidden date (what the page showed, sent back to catch a second submission) is ISO all the same
            if isinstance(field, fields.MonthField):  # a month input reads YYYY-MM
                assert 'type="month"' in html and 'value="2025-11"' in html, html
                continue
            assert ('type="hidden"' if field.widget.is_hidden else 'type="date"') in html, html
            assert 'value="2025-11-04"' in html, html

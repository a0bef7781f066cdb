"""Forms of the deadline calculator and the calendar admin pages; Chinese messages beside each field."""

from __future__ import annotations

from django import forms

from zhifa.core import fields
from zhifa.workdays.calendar import MAX_YEAR, MIN_YEAR

UNITS = [("workday", "工作日"), ("day", "日（自然日）"), ("hour", "小时")]


class CalculatorForm(fields.Form):
    start = fields.DateField(label="起算日期",
                             help_text="引起期间开始的事件发生之日；期间从次日起算",
                             error_messages={"required": "请填写起算日期",
                                             "invalid": "日期格式应如2026-09-30"})
    time = forms.TimeField(label="起算时刻", required=False, widget=forms.TimeInput(attrs={"type": "time"}),
                           help_text="仅按小时计算时填写；期间从下一个整点起算",
                           error_messages={"invalid": "时刻格式应如09:30"})
    n = fields.IntegerField(label="期间长度", min_value=0, max_value=20000,
                            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                            error_messages={"required": "请填写期间长度", "invalid": "期间长度须为整数",
                                            "min_value": "期间长度不能为负数",
                                            "max_value": "期间长度不能超过20000"})
    unit = forms.ChoiceField(label="单位", choices=UNITS, initial="workday",
                             error_messages={"invalid_choice": "单位只能是工作日、日或小时",
                                             "required": "请选择单位"})

    def clean(self):
        data = super().clean()
        if data.get("unit") == "hour" and data.get("time") is None and "time" not in self.errors:
            self.add_error("time", "按小时计算时须填写起算时刻")
        return data


class YearForm(fields.Form):
    """The year asked for on the calendar list (GET)."""

    year = fields.IntegerField(label="年度", min_value=MIN_YEAR, max_value=MAX_YEAR,
                               error_messages={"invalid": "年度须为四位数字，如2027",
                                               "min_value": f"年度须在{MIN_YEAR}—{MAX_YEAR}年之间",
                                               "max_value": f"年度须在{MIN_YEAR}—{MAX_YEAR}年之间"})


class _YearMeta(fields.Form):
    source = fields.CharField(label="依据", max_length=300,
                              help_text="国务院办公厅通知的文号和标题，例如：国办发明电〔2025〕7号 "
                                        "国务院办公厅关于2026年部分节假日安排的通知",
                              error_messages={"required": "请填写依据（通知的文号和标题）",
                                              "max_length": "依据不能超过300个字"})
    published_on = fields.DateField(label="发布日期", required=False,
                                    error_messages={"invalid": "日期格式应如2025-11-04"})
    notes = fields.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class YearEditForm(_YearMeta):
    days = fields.CharField(label="放假和调休上班日期", widget=forms.Textarea(attrs={"rows": 14}),
                            help_text="每行一个日期：日期,类型,名称；第一行为表头“日期,类型,名称”。"
                                      "类型填“放假”或“上班”（调休上班，只能是周六或周日）。"
                                      "放假期间的每一天（含其中的周末）都要列出。",
                            error_messages={"required": "请填写日期"})


class YearImportForm(_YearMeta):
    upload = forms.FileField(label="CSV文件",
                             help_text="三列：日期,类型,名称，第一行为表头；UTF-8或GBK编码均可",
                             error_messages={"required": "请选择要导入的文件", "empty": "文件为空"})

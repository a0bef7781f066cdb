"""The statutory periods and amounts of 行政处罚 (and the court application of 行政强制法 that its execution
uses), one function per article.

Pure: no model, no write. Each function answers or raises ``RuleViolation`` naming its article; the case
engine calls them from its guards and opens its obligations from the ``Deadline`` they return.

How periods are counted (shared/laws.md):
- A period starts the day after the event (民事诉讼法 第85条第2款; 民法典 第201条).
- 行政处罚法 第85条: its 二日、三日、五日、七日 are 工作日; 行政强制法 第69条: its periods of ten days or
  less are 工作日. Working days come from ``zhifa.workdays.calendar`` (the State Council's schedule, or the
  statutory holidays in a year not entered yet: then the answer is ``provisional``).
- Longer periods are calendar days or months; months and years end on the corresponding day, or the
  month's last day where there is none (民法典 第202条).
- A calendar-day period of the *party* whose last day is a holiday or weekend ends on the next working day
  (民事诉讼法 第85条第3款). Where sources differ on whether that applies to a period the *agency* must keep,
  the function takes ``roll_over_holiday`` and defaults to the stricter reading: the agency's last day is
  not moved.
- Amounts are ``Decimal`` yuan with at most two decimals; anything else is a programming error (a fine
  typed with letters is refused by the form, not here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from django.db import models

from zhifa.core.dates import cn_date
from zhifa.core.errors import RuleViolation
from zhifa.workdays import calendar

Unit = Literal["workday", "day"]  # the values of obligations.PeriodUnit
FEN = Decimal("0.01")


# ---------------------------------------------------------------------------------------------------
# Periods and deadlines
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """n working days or n calendar days: the shape of an agency's setting (``Period(5, "workday")``)."""

    n: int
    unit: Unit = "workday"

    def __post_init__(self) -> None:
        if self.n < 0 or self.unit not in ("workday", "day"):
            raise ValueError(f"期间设置无效：{self.n} {self.unit}")

    @property
    def label(self) -> str:
        return f"{self.n}个工作日" if self.unit == "workday" else f"{self.n}日"


@dataclass(frozen=True)
class Deadline:
    """The last day of a period; met by anything done on or before it (until 23:59:59 Asia/Shanghai)."""

    rule: str
    last_day: dt.date
    unit: Unit
    provisional: bool = False

    @property
    def due_at(self) -> dt.datetime:
        return dt.datetime.combine(self.last_day, dt.time(23, 59, 59), tzinfo=calendar.SHANGHAI)

    def met_by(self, day: dt.date) -> bool:
        return day <= self.last_day


def period_end(rule: str, start: dt.date, period: Period, *, roll_over_holiday: bool = True) -> Deadline:
    """The deadline of ``period`` after ``start`` (the start day not counted)."""
    if period.unit == "workday":
        due = calendar.add_working_days(start, period.n)
    elif roll_over_holiday:
        due = calendar.add_calendar_days(start, period.n)
    else:
        due = calendar.Due(start + dt.timedelta(days=period.n), False)
    return Deadline(rule, due.date, period.unit, due.provisional)



def _check_order(earlier: dt.date, later: dt.date, *, field: str, message: str, rule: str) -> None:
    if later < earlier:
        raise RuleViolation(message, rule=rule, field=field)


# ---------------------------------------------------------------------------------------------------
# Amounts, parties and penalties
# ---------------------------------------------------------------------------------------------------

def yuan(value: Decimal, *, field: str = "fine", label: str = "金额") -> Decimal:
    """``value`` checked as an amount in yuan: a finite Decimal, not negative, at most to the fen."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{label}须为 Decimal，得到 {type(value).__name__}")
    if not value.is_finite() or value < 0:
        raise RuleViolation(f"{label}须为不小于零的数额", field=field)
    try:
        exact = value == value.quantize(FEN)
    except InvalidOperation:  # more digits than Decimal's context holds
        raise RuleViolation(f"{label}过大", field=field) from None
    if not exact:
        raise RuleViolation(f"{label}最多精确到分（两位小数）", field=field)
    return value


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER_ORGANISATION = "other_organisation", "其他组织"


def is_organisation(party: PartyKind | str) -> bool:
    """法人或者其他组织. A 个体工商户 is a natural person (民法典 第二章第四节) and takes the lower limits of
    a person — the stricter reading where an agency's practice differs."""
    return party in (PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORGANISATION)


class PenaltyKind(models.TextChoices):
    """The kinds of 行政处罚 (行政处罚法 第9条); codes shared with ``catalog.Measure`` where both name one."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    LOWER_QUALIFICATION = "lower_qualification", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"
    DETENTION = "detention", "行政拘留"


# How heavy each kind is, for 第45条 only: 声誉罚 < 财产罚 < 资格罚 and 行为罚 < 人身罚. A kind added to a
# decision is heavier unless a kind of a strictly higher rank was dropped for it (暂扣 for 吊销, 警告 for
# 罚款); two kinds of the same rank never stand in for each other (the stricter reading).
SEVERITY: dict[PenaltyKind, int] = {
    PenaltyKind.WARNING: 1, PenaltyKind.CRITICISM: 1,
    PenaltyKind.FINE: 2, PenaltyKind.CONFISCATE_GAINS: 2, PenaltyKind.CONFISCATE_PROPERTY: 2,
    PenaltyKind.SUSPEND_LICENCE: 3, PenaltyKind.LOWER_QUALIFICATION: 4, PenaltyKind.RESTRICT_BUSINESS: 4,
    PenaltyKind.REVOKE_LICENCE: 5, PenaltyKind.SUSPEND_BUSINESS: 5,
    PenaltyKind.CLOSE: 6, PenaltyKind.RESTRICT_PRACTICE: 6,
    PenaltyKind.DETENTION: 7,
}
CONFISCATIONS = frozenset({PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY})
_ARTICLE_ORDER = {kind: i for i, kind in enumerate(PenaltyKind)}


def in_article_order(kinds: Iterable[PenaltyKind]) -> list[PenaltyKind]:
    return sorted(kinds, key=_ARTICLE_ORDER.__getitem__)


@dataclass(frozen=True)
class Penalty:
    """A proposed or decided penalty: its kinds, the fine and the value confiscated (gains and property)."""

    kinds: frozenset[PenaltyKind]
    fine: Decimal = Decimal(0)
    confiscated: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", frozenset(PenaltyKind(k) for k in self.kinds))
        yuan(self.fine, field="fine", label="罚款数额")
        yuan(self.confiscated, field="confiscated", label="没收金额")
        if not self.kinds:
            raise RuleViolation("请至少选择一种处罚种类", rule="行政处罚法 第9条", field="kinds")
        if (PenaltyKind.FINE in self.kinds) != (self.fine > 0):
            raise RuleViolation("罚款须写明大于零的罚款数额，未处罚款不得填写罚款数额",
                                rule="行政处罚法 第9条", field="fine")
        if self.confiscated and not self.kinds & CONFISCATIONS:
            raise RuleViolation("未处没收，不得填写没收金额", rule="行政处罚法 第9条", field="confiscated")

    @classmethod
    def of(cls, *kinds: PenaltyKind, fine: Decimal = Decimal(0), confiscated: Decimal = Decimal(0)) -> Penalty:
        return cls(frozenset(kinds), fine, confiscated)

    @property
    def label(self) -> str:
        """The penalty in words, kinds in the order of 第9条: 罚款5,000.00元、没收违法所得1,200.00元、吊销许可证件."""
        kinds = in_article_order(self.kinds)
        confiscations = [k for k in kinds if k in CONFISCATIONS]
        parts: list[str] = []
        for kind in kinds:
            text = kind.label
            if kind == PenaltyKind.FINE:
                text += f"{self.fine:,.2f}元"
            elif self.confiscated and kind == confiscations[-1]:
                amount = f"{self.confiscated:,.2f}元"
                text += amount if len(confiscations) == 1 else f"（合计{amount}）"
            parts.append(text)
        return "、".join(parts)

    def heavier_than(self, other: Penalty) -> bool:
        """More money, or a kind added that no dropped kind of strictly higher rank stands in for."""
        if self.fine > other.fine or self.confiscated > other.confiscated:
            return True
        dropped = max((SEVERITY[k] for k in other.kinds - self.kinds), default=0)
        return any(SEVERITY[k] >= dropped for k in self.kinds - other.kinds)


# ---------------------------------------------------------------------------------------------------
# 立案
# ---------------------------------------------------------------------------------------------------

# 行政处罚法 第36条
def limitation_last_day(act_ended_on: dt.date, *, grave_harm: bool = False) -> dt.date:
    """The last day on which the act may still be discovered: the same date 2 (or 5) years later, or 28
    February for an act on 29 February (民法典 第202条). Not moved past a holiday: discovery is not a step the
    party takes, and a complaint or an inspection can happen on any day."""
    return calendar.add_months(act_ended_on, 12 * (5 if grave_harm else 2))


# 行政处罚法 第36条
def check_limitation(*, act_ended_on: dt.date, discovered_on: dt.date, grave_harm: bool = False) -> None:
    """Refuse to open a case for an act not discovered in time.

    ``act_ended_on`` is the day of the act, or the day a continuing act ended; ``grave_harm`` is true where
    life, health or financial safety was involved and harm resulted (5 years). ``discovered_on`` is the day
    the agency discovered the act (a complaint registered, an inspection finding); pass the 立案 date where
    nothing earlier is recorded — the stricter reading.
    """
    rule = "行政处罚法 第36条"
    _check_order(act_ended_on, discovered_on, field="act_ended_on", rule=rule,
                 message="违法行为发生（终了）日期不能晚于发现之日")
    last = limitation_last_day(act_ended_on, grave_harm=grave_harm)
    if discovered_on > last:
        years = "五" if grave_harm else "二"
        raise RuleViolation(f"违法行为已超过{years}年追责期限（至{cn_date(last)}届满），不予立案、不再给予行政处罚",
                            rule=rule, field="act_ended_on")


# ---------------------------------------------------------------------------------------------------
# 简易程序
# ---------------------------------------------------------------------------------------------------

# 行政处罚法 第51条
def check_simple_procedure(penalty: Penalty, party: PartyKind | str, *,
                           person_limit: Decimal = Decimal(200), organisation_limit: Decimal = Decimal(3000),
                           allow_warning_with_fine: bool = False) -> None:
    """A warning, or a fine of at most 200 yuan (person) / 3,000 yuan (法人或者其他组织), may be decided on
    the spot. The limits are parameters for a law that says otherwise (法律另有规定的，从其规定). The
    article reads 罚款或者警告: a warning together with a fine is refused unless ``allow_warning_with_fine``
    (the stricter reading by default)."""
    rule = "行政处罚法 第51条"
    allowed = {PenaltyKind.WARNING, PenaltyKind.FINE}
    if not penalty.kinds <= allowed:
        others = "、".join(k.label for k in in_article_order(penalty.kinds - allowed))
        raise RuleViolation(f"简易程序只能给予警告或者罚款，{others}须适用普通程序", rule=rule, field="kinds")
    if len(penalty.kinds) > 1 and not allow_warning_with_fine:
        raise RuleViolation("简易程序只能给予警告或者罚款其中一种", rule=rule, field="kinds")
    limit = organisation_limit if is_organisation(party) else person_limit
    if penalty.fine > limit:
        who = "法人或者其他组织" if is_organisation(party) else "公民"
        raise RuleViolation(f"当场对{who}处以罚款不得超过{limit:,}元，须适用普通程序", rule=rule, field="fine")


# 行政处罚法 第52条
def simple_filing_due(decided_on: dt.date, period: Period = Period(3, "workday")) -> Deadline:
    """The on-the-spot decision filed with the agency (备案). The law sets no period and no seed does;
    departmental rules set 三日 (e.g. 档案行政处罚程序规定) or 24 hours (公安). The default, 3 working days,
    is the shorter of the working-day periods in use; an agency under a shorter rule sets its own."""
    return period_end("行政处罚法 第52条", decided_on, period, roll_over_holiday=False)


class OnsiteGround(models.TextChoices):
    """Why a fine may be collected on the spot (当场收缴) rather than paid at the bank within 15 days."""

    SMALL = "small", "依法给予一百元以下罚款"  # 行政处罚法 第68条第一项
    HARD_LATER = "hard_later", "不当场收缴事后难以执行"  # 第68条第二项
    # 第69条
    REMOTE = "remote", "边远、水上、交通不便地区，当事人到指定银行或者通过电子支付系统缴纳确有困难，经当事人提出"


ONSITE_COLLECTION_RULE = "行政处罚法 第68条"
ONSITE_SMALL_LIMIT = Decimal(100)


# 行政处罚法 第68条、第69条、第70条
def check_onsite_collection(fine: Decimal, ground: OnsiteGround | str, receipt_number: str) -> None:
    """当场收缴: only on a ground of 第68条 or 第69条 (a fine of 100 yuan or less counts only when it is one),
    and always against the 专用票据 of the provincial finance department (第70条), whose number is kept."""
    if ground not in OnsiteGround.values:
        raise RuleViolation("请选择当场收缴的法定情形", rule=ONSITE_COLLECTION_RULE, field="ground")
    if fine <= 0:
        raise RuleViolation("本决定未处罚款，无需收缴", rule=ONSITE_COLLECTION_RULE, field="ground")
    if ground == OnsiteGround.SMALL and fine > ONSITE_SMALL_LIMIT:
        raise RuleViolation(f"罚款{fine:,.2f}元超过一百元，不属“依法给予一百元以下罚款”，不得以此当场收缴",
                            rule=ONSITE_COLLECTION_RULE, field="ground")
    if not receipt_number.strip():
        raise RuleViolation("当场收缴罚款须出具省级财政部门统一制发的专用票据，请填写票据号码",
                            rule="行政处罚法 第70条", field="receipt_number")


# ---------------------------------------------------------------------------------------------------
# Investigation, 告知, hearing
# ---------------------------------------------------------------------------------------------------

# 行政处罚法 第56条
def preservation_decision_due(preserved_on: dt.date) -> Deadline:
    """先行登记保存: the decision on the goods within 7 working days (第85条)."""
    return period_end("行政处罚法 第56条", preserved_on, Period(7, "workday"))


def preservation_decided_late(preserved_on: dt.date, decided_on: dt.date) -> bool:
    """Whether the 处理决定 came after the 7th working day. The law sets no consequence here (laws.md): the late
    decision is still recorded, and flagged; its obligation has gone overdue."""
    return not preservation_decision_due(preserved_on).met_by(decided_on)


# 行政处罚法 第54条、第55条: 立案 first, then the investigation; nothing is recorded ahead of time
def check_investigation_day(*, opened_on: dt.date, day: dt.date, today: dt.date, field: str, label: str) -> None:
    """A record of the investigation is dated on or after the day the case was opened, and not after today."""
    _check_order(opened_on, day, field=field, rule="行政处罚法 第54条",
                 message=f"{label}（{cn_date(day)}）不能早于立案日期（{cn_date(opened_on)}）：调查取证在立案之后进行")
    _check_order(day, today, field=field, rule="行政处罚法 第55条", message=f"{label}（{cn_date(day)}）不能晚于今天")


# 行政处罚法 第42条: inquiries, inspections and sampling are done by at least two officers; a written statement
# or an expert opinion is received by one officer of the team.
TEAM_SIZE_BY_RECORD = {"inquiry": 2, "onsite": 2, "sampling": 2, "statement": 1, "expert": 1}

# 行政处罚法 第55条; 执法全过程记录办法 第十三条: a record is checked and signed by those present; a refusal is
# noted in it with the reason, and a witness signs. An expert opinion is signed or sealed by the experts.
SIGNATURE_RULE = "笔录签名"


def check_signatures(*, signed: bool, refusal_reason: str, witness: str, refusal_allowed: bool = True) -> None:
    if signed:
        return
    if not refusal_allowed:
        raise RuleViolation("鉴定意见应当有鉴定人签名或者鉴定机构盖章", rule=SIGNATURE_RULE, field="signed")
    if not refusal_reason.strip():
        raise RuleViolation("未签名的，应当注明拒绝签名的原因", rule=SIGNATURE_RULE, field="refusal_reason")
    if not witness.strip():
        raise RuleViolation("拒绝签名的，应当由见证人签名：请填写见证人姓名", rule=SIGNATURE_RULE, field="witness")


# 行政处罚法 第44条、第45条
def statement_due(notice_served_on: dt.date, period: Period = Period(5, "workday")) -> Deadline:
    """The party's statement and defence after service of the 事先告知书: an agency setting, by default
    5 working days (the issue's item 6; no seed sets it)."""
    return period_end("行政处罚法 第45条", notice_served_on, period)


# 行政处罚法 第45条
def check_not_heavier(decided: Penalty, notified: Penalty) -> None:
    """No penalty heavier than the one the party was told of (第44条) — in particular not because of the
    statement (第45条). A heavier one needs a new 事先告知, which makes it the ``notified`` one."""
    if decided.heavier_than(notified):
        raise RuleViolation(f"拟作出的处罚（{decided.label}）重于事先告知的处罚（{notified.label}），"
                            "不得因当事人陈述、申辩加重处罚；确需加重的，须重新事先告知",
                            rule="行政处罚法 第45条", field="penalty")


@dataclass(frozen=True)
class HearingThresholds:
    """较大数额 (行政处罚法 第63条), an agency setting in yuan, reached at or above (以上, 民法典 第1259条).

    No seed sets them. National rules differ: 公安机关办理行政案件程序规定 2,000 (个人) / 10,000 (单位);
    市场监督管理行政处罚听证办法 10,000 / 100,000. The defaults are the lower (stricter) pair, for fines and
    for confiscations alike.
    """

    person_fine: Decimal = Decimal(2000)
    organisation_fine: Decimal = Decimal(10000)
    person_confiscation: Decimal = Decimal(2000)
    organisation_confiscation: Decimal = Decimal(10000)


# 第63条 (三)(四) by name; 限制开展生产经营活动 and 行政拘留 as (五) 其他较重的行政处罚 — the stricter reading.
HEARING_KINDS = frozenset({
    PenaltyKind.LOWER_QUALIFICATION, PenaltyKind.REVOKE_LICENCE, PenaltyKind.SUSPEND_BUSINESS,
    PenaltyKind.CLOSE, PenaltyKind.RESTRICT_PRACTICE, PenaltyKind.RESTRICT_BUSINESS, PenaltyKind.DETENTION,
})


# 行政处罚法 第63条
def hearing_grounds(penalty: Penalty, party: PartyKind | str, *,
                    thresholds: HearingThresholds = HearingThresholds(),
                    heavy_kinds: frozenset[PenaltyKind] = HEARING_KINDS) -> list[str]:
    """Why the party has the right to a hearing, in Chinese; empty when it has none."""
    org = is_organisation(party)
    fine_at = thresholds.organisation_fine if org else thresholds.person_fine
    conf_at = thresholds.organisation_confiscation if org else thresholds.person_confiscation
    grounds: list[str] = []
    if PenaltyKind.FINE in penalty.kinds and penalty.fine >= fine_at:
        grounds.append(f"较大数额罚款（{fine_at:,}元以上）")
    if penalty.kinds & CONFISCATIONS and penalty.confiscated >= conf_at:
        grounds.append(f"没收较大数额违法所得或者较大价值非法财物（{conf_at:,}元以上）")
    grounds += [k.label for k in in_article_order(penalty.kinds & heavy_kinds)]
    return grounds


# 行政处罚法 第64条
def hearing_request_due(notice_served_on: dt.date) -> Deadline:
    """The party asks for a hearing within 5 working days after service of the 告知 (第64条, 第85条)."""
    return period_end("行政处罚法 第64条", notice_served_on, Period(5, "workday"))


# 行政处罚法 第64条
def check_hearing_request(*, notice_served_on: dt.date, requested_on: dt.date) -> None:
    rule = "行政处罚法 第64条"
    _check_order(notice_served_on, requested_on, field="requested_on", rule=rule,
                 message="听证申请日期不能早于告知书送达之日")
    due = hearing_request_due(notice_served_on)
    if not due.met_by(requested_on):
        raise RuleViolation(f"听证申请应在告知书送达后5个工作日内（{cn_date(due.last_day)}前）提出，已逾期",
                            rule=rule, field="requested_on")


# 行政处罚法 第64条
def earliest_hearing_day(notice_served_on: dt.date, *, full_days_between: bool = True) -> dt.date:
    """The first day the hearing may be held after its 听证通知书 was served: 7 working days before it.

    Read strictly by default, the seven working days lie wholly between the day of service and the day of
    the hearing (neither counted); ``full_days_between=False`` lets the hearing fall on the 7th working day.
    """
    seventh = calendar.add_working_days(notice_served_on, 7).date
    return seventh + dt.timedelta(days=1) if full_days_between else seventh


# 行政处罚法 第64条
def check_hearing_notice(*, notice_served_on: dt.date, hearing_on: dt.date, full_days_between: bool = True) -> None:
    first = earliest_hearing_day(notice_served_on, full_days_between=full_days_between)
    if hearing_on < first:
        raise RuleViolation(f"听证通知书应在举行听证7个工作日前送达，最早可于{cn_date(first)}举行听证",
                            rule="行政处罚法 第64条", field="hearing_on")


# 行政处罚法 第64条
def hearing_notice_due(hearing_on: dt.date, *, full_days_between: bool = True) -> Deadline:
    """The last day the 听证通知书 may be served for a hearing on ``hearing_on``: the latest day whose
    ``earliest_hearing_day`` is not after it (7 working days before, read as ``earliest_hearing_day`` reads it)."""
    day = hearing_on - dt.timedelta(days=1)
    while earliest_hearing_day(day, full_days_between=full_days_between) > hearing_on:
        day -= dt.timedelta(days=1)
    provisional = calendar.add_working_days(day, 7).provisional
    return Deadline("行政处罚法 第64条", day, "workday", provisional)


# 行政处罚法 第64条
def check_presiding_officer(presiding: Iterable[Hashable], investigators: Iterable[Hashable]) -> None:
    """The hearing is presided over by someone who did not investigate the case (第64条第四项)."""
    if set(presiding) & set(investigators):
        raise RuleViolation("听证主持人不得由本案调查人员担任", rule="行政处罚法 第64条", field="presiding")


# 行政处罚法 第64条
def check_hearing_staff(*, presiding: Hashable, recorder: Hashable, panel: Iterable[Hashable] = (),
                        investigators: Iterable[Hashable]) -> None:
    """The hearing is presided over by someone the agency designates who did not investigate the case (第64条
    第四项). The 听证员 and the 记录员 are held to the same, as the departmental hearing rules do (市场监督管理
    行政处罚听证办法: 办案人员不得担任听证主持人、听证员和记录员) — the stricter reading; and no one holds two of
    these places."""
    rule = "行政处罚法 第64条"
    check_presiding_officer([presiding], investigators)
    investigators, panel = set(investigators), list(panel)
    if set(panel) & investigators:
        raise RuleViolation("听证员不得由本案调查人员担任", rule=rule, field="panel")
    if recorder in investigators:
        raise RuleViolation("听证记录员不得由本案调查人员担任", rule=rule, field="recorder")
    if presiding in panel or recorder == presiding or recorder in panel:
        raise RuleViolation("听证主持人、听证员、记录员应当分别由不同人员担任", rule=rule, field="recorder")


# 行政处罚法 第64条
def check_hearing_agents(agents: Iterable[str]) -> None:
    """The party may attend in person or through one or two agents (第64条第五项)."""
    if len([a for a in agents if a.strip()]) > 2:
        raise RuleViolation("当事人只能委托一至二人代理参加听证", rule="行政处罚法 第64条", field="agents")


# ---------------------------------------------------------------------------------------------------
# Decision and service
# ---------------------------------------------------------------------------------------------------

# 行政处罚法 第60条
def decision_due(opened_on: dt.date, *, extension_days: int = 0, roll_over_holiday: bool = False) -> Deadline:
    """The decision within 90 days of 立案, the day of 立案 not counted (立案 on 3 March: the 90th day is
    1 June), plus the days of an approved extension counted on from there (as a local rule or the agency's
    approval gives them). The agency's own limit: by default not moved past a holiday (stricter)."""
    if extension_days < 0:
        raise ValueError("延长天数不能为负数")
    return period_end("行政处罚法 第60条", opened_on, Period(90 + extension_days, "day"),
                      roll_over_holiday=roll_over_holiday)


# 行政处罚法 第60条
DECISION_EXTENSION_DAYS = 30


# 行政处罚法 第60条
def check_decision_extension(*, opened_on: dt.date, extended_days: int, days: int, on: dt.date,
                             max_days: int = DECISION_EXTENSION_DAYS) -> Deadline:
    """An extension of the 90 days by ``days``, approved on ``on``; answers the new deadline.

    第60条 lets a law, and in practice the departmental and local rules, allow more time "with approval"; it
    names no length. Departmental rules allow 30 days on the head's approval (市场监督管理行政处罚程序规定: 经负责人
    批准，可以延长三十日), more only by the heads' collective discussion: the default ``max_days`` is that 30, counted
    over every extension of the case together (the stricter reading), and an agency whose rules allow more sets
    its own. An extension must be approved
    while the limit still runs: once its last day has passed, the limit was missed and no approval mends that.
    """
    rule = "行政处罚法 第60条"
    if days < 1:
        raise RuleViolation("延长天数至少为1日", rule=rule, field="days")
    if extended_days + days > max_days:
        left = max_days - extended_days
        raise RuleViolation(f"经批准延长的期限合计不得超过{max_days}日" + (
            f"，本案已延长{extended_days}日，至多还可延长{left}日" if extended_days else ""), rule=rule, field="days")
    current = decision_due(opened_on, extension_days=extended_days)
    if on > current.last_day:
        raise RuleViolation(f"作出处罚决定的期限已于{cn_date(current.last_day)}届满，不能再批准延长", rule=rule,
                            field="days")
    return decision_due(opened_on, extension_days=extended_days + days)


# 行政处罚法 第61条
def service_due(decided_on: dt.date) -> Deadline:
    """A decision not handed over on the spot is served within 7 working days (第61条, 第85条)."""
    return period_end("行政处罚法 第61条", decided_on, Period(7, "workday"))


# ---------------------------------------------------------------------------------------------------
# Execution
# ---------------------------------------------------------------------------------------------------

# 行政处罚法 第67条
def payment_due(served_on: dt.date) -> Deadline:
    """The fine is paid within 15 days of receiving the decision: calendar days, the party's period, so a
    last day on a holiday or weekend moves to the next working day (民事诉讼法 第85条第3款)."""
    return period_end("行政处罚法 第67条", served_on, Period(15, "day"))


@dataclass(frozen=True)
class Surcharge:
    days: int  # the overdue days counted, paused days left out
    amount: Decimal  # yuan, to the fen
    capped: bool  # the amount reached the fine (第72条)
    paused_days: int  # overdue days left out for reconsideration or lawsuit (第73条)
    due: Deadline  # the payment deadline the overdue days follow (第67条)


# 行政处罚法 第72条、第73条
def late_payment_surcharge(fine: Decimal, *, served_on: dt.date, until: dt.date,
                           paused: Iterable[tuple[dt.date, dt.date]] = (),
                           deferred_to: dt.date | None = None) -> Surcharge:
    """加处罚款 from the day after the payment deadline (第67条) through ``until`` (the day paid, or today):
    3% of the fine a day, rounded half up to the fen, never above the fine (第72条; 行政强制法 第45条).

    ``paused`` are the days of reconsideration or lawsuit (第73条), each (first, last) inclusive — from the
    day the application was filed through the day its outcome was served. ``deferred_to`` is the last day
    of an approved deferral (第66条), which then replaces the 15 days.
    """
    yuan(fine, field="fine", label="罚款数额")
    due = payment_due(served_on)
    if deferred_to is not None:
        _check_order(due.last_day, deferred_to, field="deferred_to", rule="行政处罚法 第66条",
                     message="延期缴纳的期限不能早于原定缴纳期限")
        due = Deadline("行政处罚法 第66条", deferred_to, "day")
    return overdue_surcharge(fine, due=due, until=until, paused=paused)


# 行政处罚法 第72条、第73条
def overdue_surcharge(amount: Decimal, *, due: Deadline, until: dt.date,
                      paused: Iterable[tuple[dt.date, dt.date]] = (), rate: Decimal = Decimal("0.03"),
                      cap: Decimal | None = None) -> Surcharge:
    """加处罚款 on ``amount`` (the fine, or one approved instalment of it) overdue after ``due``: 3% a day (or the
    daily ``rate`` of a levy's 加处罚款 or 滞纳金), the paused days left out (第73条), never above ``cap`` (by
    default ``amount``) — so the instalments' together never above the fine (第72条; 行政强制法 第45条)."""
    yuan(amount, field="fine", label="罚款数额")
    fine = amount if cap is None else cap
    start, end = due.last_day.toordinal() + 1, until.toordinal()  # the overdue days, both ends included
    spans = []
    for first, last in paused:
        _check_order(first, last, field="paused", rule="行政处罚法 第73条",
                     message="复议或者诉讼期间的结束日不能早于开始日")
        spans.append((max(first.toordinal(), start), min(last.toordinal(), end)))
    paused_days, reach = 0, start
    for a, b in sorted(spans):  # overlapping intervals counted once
        a = max(a, reach)
        if a <= b:
            paused_days += b - a + 1
            reach = b + 1
    counted = max(0, end - start + 1 - paused_days)
    amount = (amount * rate * counted).quantize(FEN, rounding=ROUND_HALF_UP)
    capped = counted > 0 and amount >= fine
    return Surcharge(counted, fine if capped else amount, capped, paused_days, due)


# 行政处罚法 第66条
def check_deferral(*, served_on: dt.date, deferred_to: dt.date) -> Deadline:
    """An approved deferral (暂缓缴纳) moves the last day of payment past the 15 days of 第67条."""
    due = payment_due(served_on)
    if deferred_to <= due.last_day:
        raise RuleViolation(f"延期缴纳的期限应晚于原定缴纳期限（{cn_date(due.last_day)}）", rule="行政处罚法 第66条",
                            field="deferred_to")
    return Deadline("行政处罚法 第66条", deferred_to, "day")


# 行政处罚法 第66条
def check_instalments(fine: Decimal, *, served_on: dt.date,
                      instalments: Iterable[tuple[dt.date, Decimal]]) -> list[Deadline]:
    """Approved instalments (分期缴纳): two or more, each a positive amount to the fen due after the service
    of the decision, their days in order, the amounts adding up to the fine. One deadline per instalment."""
    rule = "行政处罚法 第66条"
    plan = list(instalments)
    if len(plan) < 2:
        raise RuleViolation("分期缴纳至少分为两期；只改期限的，请选择延期缴纳", rule=rule, field="instalments")
    previous = served_on
    for i, (day, amount) in enumerate(plan, start=1):
        if amount <= 0:
            raise RuleViolation(f"第{i}期金额须大于零", rule=rule, field="instalments")
        yuan(amount, field="instalments", label=f"第{i}期金额")
        if day <= previous:
            raise RuleViolation(f"第{i}期期限（{cn_date(day)}）须晚于" + (
                f"处罚决定书送达之日（{cn_date(served_on)}）" if i == 1 else f"第{i - 1}期期限"), rule=rule,
                field="instalments")
        previous = day
    total = sum((amount for _day, amount in plan), Decimal(0))
    if total != fine:
        raise RuleViolation(f"各期金额合计 {total} 元，应等于罚款 {fine} 元", rule=rule, field="instalments")
    return [Deadline(rule, day, "day") for day, _amount in plan]


# 行政处罚法 第28条
def rectification_recheck_due(due_on: dt.date) -> Deadline:
    """责令改正: the agency re-checks on the day the order gave (限期改正), or at once (立即改正: the day of
    the order). The agency's own limit, not moved past a holiday."""
    return Deadline("行政处罚法 第28条", due_on, "day")


@dataclass(frozen=True)
class CourtWindow:
    """When the agency may apply to the court for enforcement: ``first_day`` to ``last_day`` inclusive."""

    first_day: dt.date
    last_day: dt.date
    remedies_end: dt.date  # the last day of the longer remedy period (the lawsuit's, as a rule)
    provisional: bool = False

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day


# 行政复议法 第20条；行政诉讼法 第46条
def remedy_periods(decision_served_on: dt.date) -> tuple[calendar.Due, calendar.Due]:
    """The last days for 行政复议 (60 days) and 行政诉讼 (6 months) against a decision, each counted from its
    service and moved past a holiday at its end (the party's periods): what every decision tells the party."""
    return (calendar.add_calendar_days(decision_served_on, 60),
            calendar.add_calendar_months(decision_served_on, 6))


# 行政强制法 第53条
def court_application_window(decision_served_on: dt.date, *, roll_over_holiday: bool = False) -> CourtWindow:
    """Within 3 months after the periods for reconsideration and lawsuit (``remedy_periods``) have both passed.
    The 3 months count from the day after the later of the two ends; the agency's last day is not moved past a
    holiday unless ``roll_over_holiday``."""
    review, lawsuit = remedy_periods(decision_served_on)
    remedies_end = max(review.date, lawsuit.date)
    if roll_over_holiday:
        last = calendar.add_calendar_months(remedies_end, 3)
    else:
        last = calendar.Due(calendar.add_months(remedies_end, 3), False)
    return CourtWindow(remedies_end + dt.timedelta(days=1), last.date, remedies_end,
                       review.provisional or lawsuit.provisional or last.provisional)


# 行政强制法 第54条
def earliest_court_application(urge_served_on: dt.date) -> dt.date:
    """The day after the 10 working days (行政强制法 第69条) that follow the service of the 催告书."""
    return calendar.add_working_days(urge_served_on, 10).date + dt.timedelta(days=1)


# 行政强制法 第53条、第54条
def check_court_application(*, decision_served_on: dt.date, urge_served_on: dt.date | None, applied_on: dt.date,
                            complied: bool = False, remedy_sought: bool = False) -> None:
    """The application to the court is allowed only after a 催告 served at least 10 working days earlier
    without compliance (第54条), and only within the window of 第53条."""
    if complied:
        raise RuleViolation("当事人已履行义务，无需申请人民法院强制执行", rule="行政强制法 第54条", field="complied")
    if remedy_sought:
        raise RuleViolation("当事人已申请行政复议或者提起行政诉讼，须待其结果", rule="行政强制法 第53条",
                            field="remedy_sought")
    if urge_served_on is None:
        raise RuleViolation("申请人民法院强制执行前，应当催告当事人履行义务", rule="行政强制法 第54条",
                            field="urge_served_on")
    _check_order(decision_served_on, urge_served_on, field="urge_served_on", rule="行政强制法 第54条",
                 message="催告书送达日期不能早于处罚决定书送达之日")
    after_urge = earliest_court_application(urge_served_on)
    if applied_on < after_urge:
        raise RuleViolation(f"催告书送达满10个工作日后当事人仍未履行的，方可申请，最早为{cn_date(after_urge)}",
                            rule="行政强制法 第54条", field="applied_on")
    window = court_application_window(decision_served_on)
    if applied_on < window.first_day:
        raise RuleViolation(f"行政复议、行政诉讼期限届满前不得申请，最早为{cn_date(window.first_day)}",
                            rule="行政强制法 第53条", field="applied_on")
    if applied_on > window.last_day:
        raise RuleViolation(f"申请期限已于{cn_date(window.last_day)}届满（复议、诉讼期限届满之日起三个月）",
                            rule="行政强制法 第53条", field="applied_on")


# ---------------------------------------------------------------------------------------------------
# Closing
# ---------------------------------------------------------------------------------------------------

# 行政处罚法 第47条: the whole record of a case is archived; the seeds set the period after closing.
ARCHIVE_RULE = "行政处罚法 第47条"


def archive_due(closed_on: dt.date, period: Period = Period(30, "day")) -> Deadline:
    """The 案卷 assembled and archived after closing (行政处罚法 第47条; the seeds: 30日 from the end of the
    act in 鞍山, 30个工作日 from closing elsewhere). An agency setting; the default is the shorter, 30 days,
    and as the agency's own limit it is not moved past a holiday."""
    return period_end(ARCHIVE_RULE, closed_on, period, roll_over_holiday=False)


# ---------------------------------------------------------------------------------------------------
# Complaints and reports
# ---------------------------------------------------------------------------------------------------

# 鞍山市自然资源局行政执法公示办法 第九条: a real-name complainant whose complaint opens no case is told so,
# and it is recorded in writing; the 晋城 scheme answers 信访 within one month — the default here is 30 days,
# never longer than a month, and an agency sets its own.
COMPLAINT_RULE = "执法公示办法 第九条"


def complaint_answer_due(received_on: dt.date, period: Period = Period(30, "day")) -> Deadline:
    """The day by which a real-name complainant is told that no case is opened, and why."""
    return period_end(COMPLAINT_RULE, received_on, period)

"""The periods of 行政执法公示, each with its source: to publish, to withdraw, how long a publication stays up,
and the shortest time before a 信用修复 may take it down."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from zhifa.cases import inspection_rules
from zhifa.cases.rules import Deadline, Period, period_end
from zhifa.core.errors import RuleViolation
from zhifa.publicity.models import PublicationKind
from zhifa.workdays.calendar import add_months

# 行政执法公示办法 第九条 (PUB-04): 行政许可 and 行政处罚 decisions are published within 7 working days of the
# decision. The other decisions (行政检查 results and the rest) publish 执法机关、执法对象、执法类别、执法结论 within
# 20 working days: cases.inspection_rules holds that rule, which the inspection's own obligation runs under.
PUBLISH_RULE = "PUB-04 决定公示"
PUBLISH_PERIOD = Period(7, "workday")
OTHER_RULE = inspection_rules.PUBLICITY_RULE
# The other decisions' own obligation, on their publication: 行政强制 and 征收、收费 decisions.
OTHER_DECISION_RULE = "PUB-04 其他决定公示"

# 行政处罚法 第48条; 行政执法公示办法 第十条 (PUB-06): a published decision that is changed, revoked, confirmed
# illegal or void is withdrawn within 3 working days, with the reason published.
WITHDRAW_RULE = "行政处罚法 第48条"
WITHDRAW_PERIOD = Period(3, "workday")
REVOCATION_GROUNDS = {"revoked": "被依法撤销", "illegal": "被确认违法", "void": "被确认无效", "changed": "被依法变更",
                      "redo": "被责令重新作出"}

# 行政执法公示办法 第九条 (PUB-05): published for 2 years where the party is a natural person, 5 years otherwise,
# unless a law sets another period: the reviewer then gives it in months with its source when publishing.
PERIOD_RULE = "PUB-05"
PERSON_MONTHS, OTHERS_MONTHS = 24, 60
LAW_MONTHS_MAX = 120

# 信用修复 (《失信行为纠正后的信用信息修复管理办法（试行）》): a 行政处罚 publication may come down early on the party's
# request once the shortest period for its severity has passed — ZHIFA_CREDIT_REPAIR_MONTHS (months by severity).
REPAIR_RULE = "信用修复"
REPAIR_SEVERITIES = {"minor": "轻微失信行为", "general": "一般失信行为", "serious": "严重失信行为"}

# 行政执法公示办法 第十一条 (PUB-07): anyone who finds published information wrong may apply to have it corrected;
# the agency verifies and answers within the period it sets (PublicitySettings, 15 working days by default).
CORRECTION_RULE = "PUB-07"
CORRECTION_WORKDAYS = 15
# What an applicant who disagrees with the answer may do: the channels every answer names.
CORRECTION_REMEDY = ("对答复不服的，可以自收到答复之日起六十日内依法申请行政复议，或者自收到答复之日起六个月内依法向"
                     "人民法院提起行政诉讼。")


# PUB-04; 行政执法公示办法 第九条
def publish_due(kind: str, decided_on: dt.date, inspection: bool = True) -> Deadline:
    """The last day to publish a decision of ``kind`` made on ``decided_on`` (that day not counted); an other
    decision's 20 working days are the inspection's rule for an inspection's result, their own otherwise."""
    if kind == PublicationKind.OTHER and inspection:
        return inspection_rules.result_publicity_due(decided_on)
    if kind == PublicationKind.OTHER:
        return period_end(OTHER_DECISION_RULE, decided_on, inspection_rules.PUBLICITY_PERIOD)
    return period_end(PUBLISH_RULE, decided_on, PUBLISH_PERIOD)


# 行政处罚法 第48条
def withdraw_due(revoked_on: dt.date) -> Deadline:
    """The last day to withdraw a publication whose decision was revoked (confirmed illegal, …) on ``revoked_on``."""
    return period_end(WITHDRAW_RULE, revoked_on, WITHDRAW_PERIOD)


def check_ground(ground: str) -> str:
    if ground not in REVOCATION_GROUNDS:
        raise RuleViolation("请选择决定被撤回的情形（撤销、确认违法、确认无效、变更或责令重作）", field="ground",
                            rule=WITHDRAW_RULE)
    return REVOCATION_GROUNDS[ground]


# PUB-05; 行政执法公示办法 第九条
def visible_until(published_on: dt.date, natural_person: bool, law_months: int | None = None) -> dt.date:
    """The last day a publication stays up: 2 years (a natural person) or 5 years after publishing, or the
    ``law_months`` a law sets, the corresponding day (民法典 第202条)."""
    return add_months(published_on, law_months or (PERSON_MONTHS if natural_person else OTHERS_MONTHS))


def check_law_period(months: int | None, basis: str) -> str:
    """A period a law sets (PUB-05: 法律另有规定的): months from 1 to LAW_MONTHS_MAX and the law that sets them,
    both or neither; the basis, stripped."""
    basis = (basis or "").strip()
    if months is None:
        if basis:
            raise RuleViolation("写明了依据的，请同时填写法律规定的公示期限（月）", field="period_months",
                                rule=PERIOD_RULE)
        return ""
    if not 1 <= months <= LAW_MONTHS_MAX:
        raise RuleViolation(f"公示期限应为1至{LAW_MONTHS_MAX}个月", field="period_months", rule=PERIOD_RULE)
    if not basis:
        raise RuleViolation("法律另行规定公示期限的，请写明依据（法律名称和条款）", field="period_basis",
                            rule=PERIOD_RULE)
    return basis


def repair_months(severity: str) -> int:
    if severity not in REPAIR_SEVERITIES:
        raise RuleViolation("请选择失信行为的严重程度", field="severity", rule=REPAIR_RULE)
    return int(settings.ZHIFA_CREDIT_REPAIR_MONTHS[severity])


# 信用修复: the shortest publication period by severity, counted from publishing.
def check_repair(published_on: dt.date, severity: str, today: dt.date) -> None:
    """Refuse an early take-down before the shortest period for ``severity`` has run."""
    months = repair_months(severity)
    earliest = add_months(published_on, months) + dt.timedelta(days=1) if months else published_on
    if today < earliest:
        raise RuleViolation(f"{REPAIR_SEVERITIES[severity]}的最短公示期为{months}个月，{earliest:%Y-%m-%d}起方可"
                            "申请信用修复后撤下", field="severity", rule=REPAIR_RULE)


# PUB-07; 行政执法公示办法 第十一条
def correction_due(received_on: dt.date, workdays: int = CORRECTION_WORKDAYS) -> Deadline:
    """The last day to answer a correction application received on ``received_on`` (that day not counted),
    ``workdays`` being the agency's setting."""
    return period_end(CORRECTION_RULE, received_on, Period(workdays, "workday"))

"""行政强制执行 (行政强制法 第34–60条) through the write functions: started from a 行政处罚 case whose fine is
overdue or from a decision made outside the system; the 催告 with its time limit (the 行政处罚 case's own
function), the party's defence reviewed, the numbered 强制执行决定书; enforcement refused at night and on a
statutory holiday unless urgent with a reason (the refusal kept), a home's utilities never cut, a demolition
only after its 公告 and the remedy periods, 代履行 three days after its 催告, a 执行协议; the court path after a
催告 served ten working days earlier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from tests.cases import test_case_decision as _decision
from tests.cases import test_case_notice as _notice
from tests.cases.conftest import ITEM
from tests.cases.test_rules import refused

from zhifa.cases import actions, coercion_rules, rules
from zhifa.cases.models import Case, Coercion, CourtApplication, EnforcementAct
from zhifa.core.errors import RuleViolation
from zhifa.documents.models import IssuedDocument
from zhifa.ledger.models import Entry
from zhifa.workdays import calendar
from zhifa.workdays.actions import set_year_schedule
from zhifa.workdays.calendar import SHANGHAI

TODAY = dt.datetime.now(SHANGHAI).date()
at_notify, at_decide, executing = _notice.at_notify, _decision.at_decide, _decision.executing
URGE = {"performance": "自行拆除并恢复土地原状", "contact": "张伟 0412-0000000",
        "agency_address": "鞍山市铁东区某街1号"}
TOKENS = count(1)


def travel(day: dt.date, hour: int = 10):
    """To ``hour`` o'clock in 鞍山 on ``day``."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=SHANGHAI), tick=False)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def working_day_after(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def first(pred, start: dt.date) -> dt.date:
    return next(d for d in (start + dt.timedelta(days=i) for i in range(1, 500)) if pred(d))


def start_outside(world, *, served_on: dt.date, **kw) -> Case:
    values = {"decision_title": "责令限期拆除决定书", "decision_number": "鞍自然拆决字〔2026〕8号",
              "obligation": "限期拆除在铁东区某村集体土地上新建的厂房", "item_code": ITEM, "party": world.company, **kw}
    return actions.start_coercion(actor=world.u_officer, unit=world.nr_team, token=f"t{next(TOKENS)}",
                                  officers=[world.zhang, world.li], decision_served_on=served_on, **values)


def kinds() -> list[str]:
    return list(Entry.objects.filter(kind__startswith="case.").values_list("kind", flat=True))


def to_enforce(world, measure: str, *, served_on: dt.date, residence: bool = False, **decision) -> tuple[Case, dt.date]:
    """A case from outside, urged (5 days), the 催告 lapsed without a word, decided by the head, served: at 实施."""
    case = start_outside(world, served_on=served_on, residence=residence)
    urge = actions.issue_urge(actor=world.u_officer, case=case, due_on=TODAY + dt.timedelta(days=5), **URGE)
    actions.record_service(actor=world.u_officer, case=case, document=urge.document, method="direct",
                           served_on=TODAY, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=case, target="statement")
    day = TODAY + dt.timedelta(days=6)
    with travel(day):
        actions.move(actor=world.u_officer, case=case, target="decide")
        made = actions.decide_coercion(actor=world.u_head, case=case, measure=measure, reason="经催告逾期仍不履行",
                                       execute_from=day, review_body="鞍山市人民政府", court="鞍山市铁东区人民法院",
                                       **decision)
        actions.record_service(actor=world.u_officer, case=case, document=made.document, method="direct",
                               served_on=day, recipient="赵丽华")
        actions.move(actor=world.u_officer, case=case, target="enforce")
    return case, day


# ---------------------------------------------------------------- starting


def test_a_case_starts_from_an_overdue_punishment_case_once_and_a_form_sent_twice_starts_it_once(world, executing):
    with pytest.raises(RuleViolation, match="履行期限尚未届满") as early:  # the 15 days to pay are still running
        actions.start_coercion(actor=world.u_officer, unit=world.nr_team, token="a", source_case=executing,
                               officers=[world.zhang, world.li])
    assert early.value.rule == "行政强制法 第34条"
    late = rules.payment_due(TODAY).last_day + dt.timedelta(days=1)
    with travel(late):
        case = actions.start_coercion(actor=world.u_officer, unit=world.nr_team, token="a", source_case=executing,
                                      officers=[world.zhang, world.li])
        again = actions.start_coercion(actor=world.u_officer, unit=world.nr_team, token="a", source_case=executing,
                                       officers=[world.zhang, world.li])
        with refused("行政强制法 第34条", "source_case"):  # a second enforcement of the same decision
            actions.start_coercion(actor=world.u_officer, unit=world.nr_team, token="b", source_case=executing,
                                   officers=[world.zhang, world.li])
    assert again == case and Case.objects.filter(process="coercive_enforcement").count() == 1
    coercion = Coercion.objects.get()
    assert coercion.source_case == executing and coercion.decision_title == "行政处罚决定书"
    assert coercion.decision_served_on == TODAY and coercion.amount > Decimal(5000)  # with the surcharge
    assert [link.party for link in case.party_links.all()] == [world.company]
    assert case.stage == "urge" and case.action_kind == "qiangzhi" and kinds().count("case.coercion_started") == 1


def test_bad_input_for_an_outside_decision_is_refused_in_chinese_and_nothing_is_written(world):
    with refused("行政强制法 第34条", "decision_served_on") as future:
        start_outside(world, served_on=TODAY + dt.timedelta(days=1))
    assert "不能晚于今天" in future.value.message
    with pytest.raises(RuleViolation, match="行政决定文号不能为空"):
        start_outside(world, served_on=TODAY, decision_number=" ")
    with refused("GEN-05", "item_code"):
        start_outside(world, served_on=TODAY, item_code="NO-SUCH")
    with pytest.raises(RuleViolation, match="金钱给付数额"):
        start_outside(world, served_on=TODAY, amount=Decimal("-1"))
    with pytest.raises(RuleViolation) as alone:  # one officer is not a team
        actions.start_coercion(actor=world.u_officer, unit=world.nr_team, token="x", officers=[world.zhang],
                               decision_served_on=TODAY, decision_title="责令限期拆除决定书", decision_number="1号",
                               obligation="拆除", item_code=ITEM, party=world.company)
    assert alone.value.field == "officers"
    assert not Case.objects.filter(process="coercive_enforcement").exists() and "case.coercion_started" not in kinds()


# ---------------------------------------------------------------- 第35–38条


def test_the_urge_states_its_limit_the_defence_is_reviewed_and_the_decision_waits_for_the_limit(world):
    case = start_outside(world, served_on=TODAY - dt.timedelta(days=100))
    with refused("行政强制法 第35条", "due_on"):
        actions.issue_urge(actor=world.u_officer, case=case, due_on=TODAY, **URGE)
    urge = actions.issue_urge(actor=world.u_officer, case=case, due_on=TODAY + dt.timedelta(days=5), **URGE)
    assert urge.document.template == "urge_notice" and "催字" in urge.document.number
    assert urge.document.values["决定书名称"] == "责令限期拆除决定书"
    assert urge.document.values["逾期措施"] == "作出强制执行决定或者申请人民法院强制执行"
    with pytest.raises(RuleViolation, match="已制作催告书"):
        actions.issue_urge(actor=world.u_officer, case=case, due_on=TODAY + dt.timedelta(days=5), **URGE)
    with refused("行政强制法 第35条", "target"):  # not served yet
        actions.move(actor=world.u_officer, case=case, target="statement")
    with refused("行政强制法 第36条", "received_on"):
        actions.record_defence(actor=world.u_officer, case=case, received_on=TODAY, content="已在拆除", review="不成立")
    actions.record_service(actor=world.u_officer, case=case, document=urge.document, method="direct",
                           served_on=TODAY, recipient="赵丽华")
    actions.move(actor=world.u_officer, case=case, target="statement")
    with pytest.raises(RuleViolation, match="复核意见不能为空"):
        actions.record_defence(actor=world.u_officer, case=case, received_on=TODAY, content="厂房系村委会同意建设")
    actions.record_defence(actor=world.u_officer, case=case, received_on=TODAY, content="厂房系村委会同意建设",
                           review="村委会无权批准占用集体土地建设，理由不成立，不予采纳")
    with refused("行政强制法 第37条", "target"):  # the 催告's five days still run
        actions.move(actor=world.u_officer, case=case, target="decide")
    with travel(TODAY + dt.timedelta(days=6)):
        actions.move(actor=world.u_officer, case=case, target="decide")
        args = {"reason": "经催告逾期仍不履行", "execute_from": TODAY + dt.timedelta(days=6),
                "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"}
        with pytest.raises(PermissionDenied):  # the agency decides (case.approve)
            actions.decide_coercion(actor=world.u_officer, case=case, measure="demolish", **args)
        with refused("行政强制法 第51条", "budget"):
            actions.decide_coercion(actor=world.u_head, case=case, measure="substitute", performer="某拆除公司",
                                    target="违法建筑", **args)
        with pytest.raises(RuleViolation, match="代履行的标的不能为空"):
            actions.decide_coercion(actor=world.u_head, case=case, measure="substitute", performer="某拆除公司",
                                    budget=Decimal("1000"), **args)
        decision = actions.decide_coercion(actor=world.u_head, case=case, measure="demolish", **args)
        with pytest.raises(RuleViolation, match="已作出强制执行决定"):
            actions.decide_coercion(actor=world.u_head, case=case, measure="demolish", **args)
    doc = decision.document
    assert doc.title == "强制执行决定书" and "强执字" in doc.number and doc.number.endswith("号")
    assert "理由不成立" in doc.values["陈述申辩"] and doc.values["催告书文号"] == urge.document.number
    with refused("行政强制法 第38条", "target"):
        actions.move(actor=world.u_officer, case=case, target="enforce")


def test_a_home_s_water_power_heating_or_gas_are_never_cut(world):
    with pytest.raises(RuleViolation) as cut:
        to_enforce(world, "utilities", served_on=TODAY - dt.timedelta(days=10), residence=True)
    assert cut.value.rule == "行政强制法 第43条第二款" and cut.value.field == "measure"
    assert not IssuedDocument.objects.filter(template="coercion_decision").exists()


# ---------------------------------------------------------------- 第43条: night and holidays


def test_enforcement_on_a_statutory_holiday_is_refused_and_the_refusal_kept_unless_urgent(world):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    holiday = first(calendar.is_holiday, day)
    with travel(holiday + dt.timedelta(days=1)):
        with refused("行政强制法 第43条", "at"):
            actions.enforce(actor=world.u_officer, case=case, at=at(holiday, 10), note="组织清除堆放物")
        with refused("行政强制法 第43条", "at"):  # the same form again: refused again, kept once
            actions.enforce(actor=world.u_officer, case=case, at=at(holiday, 10), note="组织清除堆放物")
        refusal = EnforcementAct.objects.get()
        assert refusal.refused and "法定节假日" in refusal.refusal and refusal.refusal_rule == "行政强制法 第43条"
        assert kinds().count("case.enforcement_refused") == 1 and "case.enforced" not in kinds()
        with refused("行政强制法 第42条", "target"):  # nothing enforced yet
            actions.move(actor=world.u_officer, case=case, target="close")
        done = actions.enforce(actor=world.u_officer, case=case, at=at(holiday, 10), note="组织清除堆放物",
                               urgent_reason="堆放物阻塞消防通道，危及周边居民安全")
    assert done.completed and not done.refused and done.urgent_reason
    actions.move(actor=world.u_officer, case=case, target="close")


def test_at_night_22_00_and_05_59_are_refused_06_00_is_not_and_urgency_allows_the_night(world):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    workday = first(lambda d: calendar.is_working_day(d) and calendar.is_working_day(d + dt.timedelta(days=1)), day)
    with travel(workday + dt.timedelta(days=3)):
        for when in (at(workday, 22, 0), at(workday + dt.timedelta(days=1), 5, 59)):
            with refused("行政强制法 第43条", "at") as night:
                actions.enforce(actor=world.u_officer, case=case, at=when, note="清除", completed=False)
            assert "夜间" in night.value.message
        actions.enforce(actor=world.u_officer, case=case, at=at(workday, 23, 0), note="连夜清除", completed=False,
                        urgent_reason="暴雨来临，堆放物可能冲入河道")
        actions.enforce(actor=world.u_officer, case=case, at=at(workday + dt.timedelta(days=1), 6, 0), note="清除完毕")
    acts = list(EnforcementAct.objects.order_by("at", "pk"))
    assert [a.refused for a in acts] == [True, False, True, False]


def test_a_make_up_working_saturday_is_no_holiday(world):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    year = day.year + 1  # a year of its own, whose schedule makes its first February Saturday a 调休 working day
    saturday = first(lambda d: d.weekday() == 5, dt.date(year, 2, 1) - dt.timedelta(days=1))
    set_year_schedule(actor=world.u_admin, year=year, source="国务院办公厅关于部分节假日安排的通知（测试）",
                      days=[(saturday, "workday", "春节调休"), (saturday + dt.timedelta(days=2), "holiday", "春节")])
    assert calendar.is_working_day(saturday) and not calendar.is_working_day(saturday + dt.timedelta(days=1))
    with travel(saturday + dt.timedelta(days=1)):
        act = actions.enforce(actor=world.u_officer, case=case, at=at(saturday, 9), note="清除")
    assert not act.refused


def test_the_agency_s_own_night_is_its_setting(world):
    from zhifa.cases.models import CaseSettings

    CaseSettings.objects.update_or_create(agency=world.nr, defaults={"night_starts": dt.time(20, 0)})
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    workday = first(calendar.is_working_day, day)
    with travel(workday + dt.timedelta(days=1)), refused("行政强制法 第43条", "at"):
        actions.enforce(actor=world.u_officer, case=case, at=at(workday, 20, 30), note="清除")


def test_an_act_in_the_future_or_before_the_decision_was_served_is_refused_and_not_kept(world):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    with travel(day):
        with refused("行政强制法 第43条", "at"):
            actions.enforce(actor=world.u_officer, case=case, at=at(day, 20) + dt.timedelta(days=1), note="清除")
        with refused("行政强制法 第37条", "at"):
            actions.enforce(actor=world.u_officer, case=case, at=at(day - dt.timedelta(days=1), 10), note="清除")
    assert not EnforcementAct.objects.exists()


# ---------------------------------------------------------------- 第44条 demolition, 第51条 代履行, 第42条 协议


def test_a_demolition_before_the_remedy_periods_end_is_refused_after_its_announcement_and_them_it_is_done(world):
    served = TODAY - dt.timedelta(days=100)
    case, day = to_enforce(world, "demolish", served_on=served)
    end = coercion_rules.remedies_end(served)
    when = first(calendar.is_working_day, day + dt.timedelta(days=12))
    assert when <= end
    with travel(when):
        with refused("行政强制法 第44条", "measure"):  # no announcement yet
            actions.enforce(actor=world.u_officer, case=case, at=at(when, 9), note="拆除")
        actions.announce_demolition(actor=world.u_officer, case=case, announced_on=day, medium="张贴于现场",
                                    own_demolition_by=day + dt.timedelta(days=10), target="厂房约1200平方米")
        with refused("行政强制法 第44条", "at") as early:
            actions.enforce(actor=world.u_officer, case=case, at=at(when, 9), note="拆除")
    assert "行政复议、行政诉讼期限" in early.value.message
    assert EnforcementAct.objects.filter(refusal_rule="行政强制法 第44条").count() == 2
    after = working_day_after(end)
    with travel(after):
        act = actions.enforce(actor=world.u_officer, case=case, at=at(after, 9), note="拆除完毕，恢复土地原状")
        actions.move(actor=world.u_officer, case=case, target="close")
    assert act.completed and IssuedDocument.objects.filter(template="demolition_notice").count() == 1


def test_a_demolition_of_a_decision_the_party_took_to_court_is_refused(world):
    served = TODAY - dt.timedelta(days=400)
    case, day = to_enforce(world, "demolish", served_on=served)
    Coercion.objects.filter(case=case).update(remedy_sought=True)
    actions.announce_demolition(actor=world.u_officer, case=case, announced_on=TODAY, medium="张贴于现场",
                                own_demolition_by=TODAY + dt.timedelta(days=1), target="厂房")
    when = first(calendar.is_working_day, day + dt.timedelta(days=3))
    with travel(when), refused("行政强制法 第44条", "measure"):
        actions.enforce(actor=world.u_officer, case=case, at=at(when, 9), note="拆除")


def test_a_substitute_performance_waits_three_days_after_its_urge(world):
    case, day = to_enforce(world, "substitute", served_on=TODAY - dt.timedelta(days=10), performer="鞍山某清运公司",
                           budget=Decimal("8000"), target="堆放的建筑垃圾约300立方米")
    # 第51条第一款第一项: its own numbered 代履行决定书, with the target, the budget and the performer
    made = IssuedDocument.objects.get(template="substitute_decision")
    assert not IssuedDocument.objects.filter(template="coercion_decision").exists()
    assert "代履字" in made.number and made.values["代履行人"] == "鞍山某清运公司"
    assert made.values["标的"] == "堆放的建筑垃圾约300立方米" and made.values["费用预算"] == "8000"
    with travel(day):
        actions.notify_substitute(actor=world.u_officer, case=case, served_on=day)
        with pytest.raises(RuleViolation, match="已登记"):
            actions.notify_substitute(actor=world.u_officer, case=case, served_on=day)
    third = coercion_rules.earliest_substitute(day)
    with travel(third + dt.timedelta(days=1)):
        # the second day after the 催告, urgent so that only 第51条 can refuse it
        with refused("行政强制法 第51条", "at"):
            actions.enforce(actor=world.u_officer, case=case, at=at(third - dt.timedelta(days=1), 10), note="代履行",
                            urgent_reason="汛期临近")
        act = actions.enforce(actor=world.u_officer, case=case, at=at(third, 10), note="代履行完毕",
                              urgent_reason="" if calendar.is_working_day(third) else "汛期临近")
    assert act.completed


def test_an_agreement_holds_enforcement_and_once_performed_the_case_closes(world):
    case, day = to_enforce(world, "restore", served_on=TODAY - dt.timedelta(days=10))
    with travel(day):
        with refused("行政强制法 第42条", "public_interest_unharmed"):
            actions.sign_agreement(actor=world.u_head, case=case, signed_on=day, terms="分两期清除",
                                   due_on=day + dt.timedelta(days=20), public_interest_unharmed=False)
        agreement = actions.sign_agreement(actor=world.u_head, case=case, signed_on=day, terms="分两期清除",
                                           due_on=day + dt.timedelta(days=20), public_interest_unharmed=True)
        with refused("行政强制法 第42条", "at"):
            actions.enforce(actor=world.u_officer, case=case, at=at(day, 9), note="清除")
        with refused("行政强制法 第42条", "ended_on"):
            actions.end_agreement(actor=world.u_officer, case=case, agreement=agreement, ended_on=day,
                                  fulfilled=False, note="未履行")
        actions.end_agreement(actor=world.u_officer, case=case, agreement=agreement, ended_on=day, fulfilled=True,
                              note="当事人已自行清除")
        actions.move(actor=world.u_officer, case=case, target="close")
    assert not EnforcementAct.objects.exists()


# ---------------------------------------------------------------- 第53–58条: the court (the 行政处罚 case's function)


def test_the_court_is_applied_to_only_ten_working_days_after_the_urge_was_served_and_its_ruling_recorded(world):
    served = TODAY - dt.timedelta(days=150)  # the remedy periods end a month from today
    window = rules.court_application_window(served)
    case = start_outside(world, served_on=served)
    urged = window.first_day - dt.timedelta(days=3)
    with travel(urged):
        urge = actions.issue_urge(actor=world.u_officer, case=case, **URGE)  # 10 working days
        actions.record_service(actor=world.u_officer, case=case, document=urge.document, method="direct",
                               served_on=urged, recipient="赵丽华")
        actions.move(actor=world.u_officer, case=case, target="statement")
        actions.record_defence(actor=world.u_officer, case=case, received_on=urged, waived=True)
    earliest = rules.earliest_court_application(urged)
    lapse = calendar.add_working_days(urged, 10).date
    with travel(lapse + dt.timedelta(days=1)):
        actions.move(actor=world.u_officer, case=case, target="court")
        day_before = earliest - dt.timedelta(days=1)
        with refused("行政强制法 第54条", "applied_on"):
            actions.apply_to_court(actor=world.u_head, case=case, applied_on=day_before, court="铁东区法院")
        application = actions.apply_to_court(actor=world.u_head, case=case, applied_on=earliest,
                                             court="鞍山市铁东区人民法院")
        with refused("行政强制法 第57条", "target"):
            actions.move(actor=world.u_officer, case=case, target="close")
        actions.record_court_ruling(actor=world.u_officer, case=case, ruling="granted", ruled_on=earliest,
                                    ruling_court="鞍山市铁东区人民法院")
        actions.move(actor=world.u_officer, case=case, target="close")
    filed = IssuedDocument.objects.get(template="enforcement_application")
    assert filed.values["决定书名称"] == "责令限期拆除决定书" and filed.values["催告书文号"] == urge.document.number
    assert application.urge == urge and CourtApplication.objects.get().ruling == "granted"

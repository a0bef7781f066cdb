"""The demo's 行政强制执行 cases (issue 12, item 8): one refused on a statutory holiday, its refusal on the case
page; one in progress, its 强制拆除 announced and the remedy periods still running."""

from __future__ import annotations

from zhifa.cases.models import Case, EnforcementAct


def test_the_demo_has_an_enforcement_refused_on_a_holiday_and_one_in_progress(november_demo, client):
    refused = EnforcementAct.objects.select_related("case").get()
    assert refused.refused and refused.refusal_rule == "行政强制法 第43条" and "法定节假日" in refused.refusal
    cases = Case.objects.filter(process="coercive_enforcement")
    # one more suspended (中止执行, 第39条) beside the two being enforced
    assert sorted(c.stage for c in cases) == ["enforce", "enforce", "suspend"]
    demolition = cases.get(coercion__decision_title="责令限期拆除决定书")
    assert hasattr(demolition, "demolition_notice")
    client.force_login(refused.case.assignments.get(lead=True).officer.person.user)
    page = client.get(refused.case.get_absolute_url()).content.decode()
    assert "未予准许" in page and "法定节假日" in page

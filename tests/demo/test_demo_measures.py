"""The demo's 行政强制措施 (issue 12, item 8): a 查封扣押 near its 30th day, one extended, one released for the
行政处罚 case it served, and an emergency one awaiting the head's approval afterwards — and their pages speak words."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhifa.cases import actions
from zhifa.cases.models import Measure


def test_the_demo_has_measures_near_their_limit_extended_released_and_urgent(november_demo, client):
    today = timezone.localdate()
    measures = {m.case.title: m for m in Measure.objects.select_related("case", "punishment_case")}
    near = measures["扣押鞍山市鑫源建材有限公司非法占地施工机械"]
    assert near.case.stage == "hold" and actions.measure_due(near).last_day == today + dt.timedelta(days=3)
    extended = measures["查封王建军在耕地上建设的房屋"]
    assert extended.extension is not None
    assert actions.measure_due(extended).last_day == today + dt.timedelta(days=20)
    released = measures["扣押鞍山市鑫源建材有限公司采矿设备"]
    assert released.case.state == "closed" and released.release is not None and released.punishment_case is not None
    urgent = measures["当场扣押正在外运的砂石运输车"]
    assert urgent.emergency and urgent.reported_at is not None and urgent.approved is None

    client.force_login(near.case.assignments.get(lead=True).officer.person.user)
    page = client.get(near.case.get_absolute_url()).content.decode()
    assert "尚余 3 日" in page and "qiangzhi" not in page and "seize" not in page
    served = client.get(released.punishment_case.get_absolute_url()).content.decode()
    assert released.case.get_absolute_url() in served

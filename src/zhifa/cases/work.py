"""Items of 我的待办 from cases: approval forms waiting for the unit head's opinion or the agency head's
decision."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhifa.agencies.permissions import agencies_in_reach, reach
from zhifa.cases.models import Case, CaseState, Measure, Opinion, OpinionRole, OpinionStep
from zhifa.work.registry import Item, ItemKind

if TYPE_CHECKING:
    from zhifa.agencies.permissions import AnyUser


def _in_reach(user: AnyUser, action: str, field: str) -> QuerySet[Case]:
    everything, roots = reach(user, action)
    if everything:
        return Case.objects.all()
    if not roots:
        return Case.objects.none()
    return Case.objects.filter(**{f"{field}__in": agencies_in_reach(user, action)})


def _signed(role: str) -> Exists:
    return Exists(Opinion.objects.filter(case=OuterRef("pk"), step=OpinionStep.OPEN, role=role))


class _OpeningForm(ItemKind):
    related = ("unit",)
    approval = True
    agency = "unit"

    def present(self, case: Case) -> Item:
        return Item(title=f"立案审批：{case.title}", subject=case.item_name, url=case.get_absolute_url(),
                    action="签署意见", state=self.label, unit=case.unit.name, rule="行政处罚法 第54条")


class CaseAwaitingUnitOpinion(_OpeningForm):
    code = "case_unit_opinion"
    label = "待承办机构审核"
    permission = "case.review_unit"

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[Case]:
        return (_in_reach(user, "case.review_unit", "unit")
                .filter(state=CaseState.ACTIVE, opened_on__isnull=True).exclude(_signed(OpinionRole.UNIT)))


class CaseAwaitingApproval(_OpeningForm):
    code = "case_approval"
    label = "待负责人批准立案"
    permission = "case.approve"

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[Case]:
        return (_in_reach(user, "case.approve", "agency")
                .filter(_signed(OpinionRole.UNIT), state=CaseState.ACTIVE, opened_on__isnull=True)
                .exclude(_signed(OpinionRole.HEAD)))


class MeasureAwaitingApproval(ItemKind):
    """A 查封、扣押 the head must approve: before it is carried out (行政强制法 第18条第一项), or after an emergency
    measure was reported (第19条: 补办批准手续)."""

    code = "measure_approval"
    label = "待负责人批准行政强制措施"
    permission = "case.approve"
    approval = True
    related = ("unit",)
    agency = "unit"

    def pending_for(self, user: AnyUser, now: dt.datetime) -> QuerySet[Case]:
        before = Q(measure__emergency=False, stage="approve")
        after = Q(measure__emergency=True, measure__reported_at__isnull=False)
        # from the few undecided measures to their cases, not through every case of the agency
        undecided = Measure.objects.filter(approved__isnull=True).values("case_id")
        return (_in_reach(user, "case.approve", "agency")
                .filter(before | after, pk__in=undecided, state=CaseState.ACTIVE))

    def present(self, case: Case) -> Item:
        return Item(title=f"批准行政强制措施：{case.title}", subject=case.item_name, url=case.get_absolute_url(),
                    action="审批", state=self.label, unit=case.unit.name, rule="行政强制法 第18条、第19条")

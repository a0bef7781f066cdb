"""The demo's legal reviews: the 480,000 元 case stopped for review went through a first round — returned for a
missing map, resubmitted, the time limit extended, the opinion 变更 — and waits in its second, assigned."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhifa.agencies.models import Reviewer
from zhifa.cases.models import Case
from zhifa.demo.clock import as_of
from zhifa.review import actions as review
from zhifa.review.models import Outcome
from zhifa.review.rules import POINTS

TEXTS = {"statement_summary": "当事人放弃陈述、申辩和听证的权利", "performance": "自收到本决定书之日起十五日内缴纳罚款",
         "payment": "鞍山市财政局非税收入专户", "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"}
APPLICATION = {"contact": "王伟", "phone": "0412-5550210", "unit_head": "马超",
               "summary": "当事人未经批准占用耕地约8000平方米露天开采建筑用砂石，耕作层已被破坏。",
               "proposed": "罚款480,000元，依据《中华人民共和国土地管理法》第七十七条、"
                           "《中华人民共和国土地管理法实施条例》第五十八条"}
BASES = ["《中华人民共和国土地管理法》第七十七条", "《中华人民共和国土地管理法实施条例》第五十八条"]


def build() -> None:
    today = timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["nr_officer", "nr_reviewer", "nr_head"])}
    officer, reviewer_user, head = users["nr_officer"], users["nr_reviewer"], users["nr_head"]
    reviewer = Reviewer.objects.get(person__user=reviewer_user)
    case = Case.objects.get(title="鞍山市鑫源建材有限公司非法占用耕地采矿案")
    with as_of(today - dt.timedelta(days=8)):
        first = review.submit(actor=officer, case=case, application=APPLICATION, bases=BASES,
                              explanation="本案拟罚款48万元，属《重大行政执法决定目录》所列情形，报请法制审核。",
                              draft={**TEXTS, "reason": "占用耕地面积大，且已造成耕作层破坏"})
        review.assign(actor=reviewer_user, round=first, reviewer=reviewer)
        review.return_incomplete(actor=reviewer_user, round=first, missing=["占地范围测绘报告原件"])
    with as_of(today - dt.timedelta(days=6)):
        review.resubmit(actor=officer, round=first, supplement="已补充测绘报告原件（鞍山市测绘院2026年出具）")
        review.accept(actor=reviewer_user, round=first)
        review.extend(actor=head, round=first, reason="占地面积需实地复核")
    with as_of(today - dt.timedelta(days=3)):
        review.give_opinion(actor=reviewer_user, round=first, outcome=Outcome.CHANGE,
                            reasons="处罚理由未写明按每平方米60元计算罚款的裁量依据，应当补充后重新报送。",
                            findings={code: {"finding": "no" if code == "discretion" else "yes",
                                             "note": "裁量理由未写明" if code == "discretion" else ""}
                                      for code, _ in POINTS})
    second = review.submit(actor=officer, case=case, application=APPLICATION, bases=BASES,
                           explanation="已按第1轮审核意见补充裁量理由，重新报送。",
                           draft={**TEXTS, "reason": "占用耕地面积大，且已造成耕作层破坏，按每平方米60元计处罚款"})
    review.assign(actor=reviewer_user, round=second, reviewer=reviewer)

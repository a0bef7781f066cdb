"""The demo's legal reviews, one in every state: the 480,000 元 case stopped for review went through a first
round — returned for a missing map, resubmitted, the time limit extended, the opinion 变更 — and waits in its
second, assigned; four more cases at 作出决定 are one returned as incomplete, one under review with its time
limit extended (+3), one agreed (the unit accepting), one disagreed (the unit objecting, the agency head
deciding), one to be transferred (移送); the reviewer's questions to the handling unit, one answered (the round
extended) and one waiting (the second round); and a reviewer attached early to the case under investigation, with a
comment, and a criterion added by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhifa.agencies.models import Reviewer
from zhifa.cases.models import Case
from zhifa.demo.clock import as_of
from zhifa.review import actions as review
from zhifa.review import escalation, involvement, questions
from zhifa.review.models import Outcome
from zhifa.review.rules import POINTS

TEXTS = {"statement_summary": "当事人放弃陈述、申辩和听证的权利", "performance": "自收到本决定书之日起十五日内缴纳罚款",
         "payment": "鞍山市财政局非税收入专户", "review_body": "鞍山市人民政府", "court": "鞍山市铁东区人民法院"}
APPLICATION = {"contact": "王伟", "phone": "0412-5550210", "unit_head": "马超",
               "summary": "当事人未经批准占用耕地约8000平方米露天开采建筑用砂石，耕作层已被破坏。",
               "proposed": "罚款480,000元，依据《中华人民共和国土地管理法》第七十七条、"
                           "《中华人民共和国土地管理法实施条例》第五十八条"}
BASES = ["《中华人民共和国土地管理法》第七十七条", "《中华人民共和国土地管理法实施条例》第五十八条"]


def build(*, at_decision: Callable[..., Case], investigating: Case) -> None:
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
    # the reviewer's question on the second round, waiting for the handling unit (REV-06)
    questions.ask(actor=reviewer_user, round=second, token=f"demo-question-{second.pk}",
                  text="补充的裁量理由按每平方米60元计算，请说明所依据的裁量基准条目及其适用情形。")
    _every_state(at_decision, officer, reviewer_user, head, reviewer, today)
    _early(investigating, officer, reviewer_user, head, reviewer)


def _findings(failing: str = "", note: str = "") -> dict[str, dict[str, str]]:
    return {code: {"finding": "no" if code == failing else "yes", "note": note if code == failing else ""}
            for code, _ in POINTS}


def _every_state(at_decision, officer, reviewer_user, head, reviewer, today: dt.date) -> None:
    def submitted(title: str, summary: str, fine: str, days_ago: int):
        case = at_decision(title, summary, Decimal(fine), days_ago=days_ago)
        with as_of(today - dt.timedelta(days=days_ago - 11)):
            r = review.submit(actor=officer, case=case, application={**APPLICATION, "summary": summary},
                              bases=BASES, explanation=f"本案拟罚款{int(fine) // 10000}万元，报请法制审核。",
                              draft={**TEXTS, "reason": "占用耕地面积大"})
            return case, review.assign(actor=reviewer_user, round=r, reviewer=reviewer)

    _case, r = submitted("鞍山市顺达物流有限公司非法占用耕地建设堆场案",
                         "当事人未经批准占用耕地约3500平方米硬化后建设物流堆场。", "210000", 14)
    review.return_incomplete(actor=reviewer_user, round=r, missing=["土地权属证明", "占地范围测绘报告"])

    _case, r = submitted("鞍山市恒通石材厂非法占用林地加工石材案",
                         "当事人未经批准占用林地约4000平方米建设石材加工场。", "240000", 16)
    review.accept(actor=reviewer_user, round=r)
    review.extend(actor=head, round=r, reason="占地涉及林地与耕地交叉，需实地复核地类")
    with as_of(today - dt.timedelta(days=2)):  # asked while under review, answered the next day
        q = questions.ask(actor=reviewer_user, round=r, token=f"demo-question-{r.pk}",
                          text="现场笔录记载的占地面积与测绘报告不一致，请说明以哪一数据认定。")
    with as_of(today - dt.timedelta(days=1)):
        questions.answer(actor=officer, question=q, token=f"demo-answer-{q.pk}",
                         text="以鞍山市测绘院出具的测绘报告为准（4012平方米）；现场笔录中的面积为目测估算，已在笔录中注明。")

    _case, r = submitted("鞍山市金辉商贸有限公司非法占用耕地建设仓库案",
                         "当事人未经批准占用耕地约2500平方米建设仓库。", "150000", 18)
    with as_of(today - dt.timedelta(days=5)):
        review.accept(actor=reviewer_user, round=r)
        r = review.give_opinion(actor=reviewer_user, round=r, outcome=Outcome.AGREE, findings=_findings(),
                                reasons="事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。")
        escalation.respond(actor=officer, round=r, kind="accept", reason="按审核意见报请机关负责人作出决定")

    _case, r = submitted("鞍山市宏远建筑工程有限公司非法占地建设搅拌站案",
                         "当事人未经批准占用集体土地约3000平方米建设混凝土搅拌站。", "180000", 20)
    with as_of(today - dt.timedelta(days=6)):
        review.accept(actor=reviewer_user, round=r)
        r = review.give_opinion(actor=reviewer_user, round=r, outcome=Outcome.DISAGREE,
                                findings=_findings("subject", "涉案土地位于开发区，属开发区管理委员会管辖"),
                                reasons="涉案土地位于鞍山经济开发区，查处职权已委托开发区行使，本机关作出处罚超越职权。")
    with as_of(today - dt.timedelta(days=4)):
        escalation.respond(actor=officer, round=r, kind="object",
                           reason="委托已于2026年终止，查处职权已收回本机关，有终止委托的文件为证。")
    with as_of(today - dt.timedelta(days=2)):
        escalation.resolve(actor=head, round=r, how="head", resolution="sustain",
                           conclusion="委托已终止，本机关有权查处；附终止委托文件，按原拟处理意见重新报送法制审核。")

    _case, r = submitted("鞍山市利源矿业有限公司非法采矿案",
                         "当事人未取得采矿许可证擅自开采铁矿石，价值约120万元。", "300000", 22)
    with as_of(today - dt.timedelta(days=8)):
        review.accept(actor=reviewer_user, round=r)
        r = review.give_opinion(actor=reviewer_user, round=r, outcome=Outcome.TRANSFER,
                                findings=_findings("crime", "开采矿产资源价值约120万元，涉嫌非法采矿罪"),
                                reasons="非法开采的矿产资源价值已达刑事立案追诉标准，涉嫌非法采矿罪（刑法 第343条），"
                                        "应当依法移送公安机关。")
        escalation.respond(actor=officer, round=r, kind="accept", reason="按审核意见办理移送公安机关手续")


def _early(case: Case, officer, reviewer_user, head, reviewer) -> None:
    """A reviewer attached by the agency head to the case under investigation, a comment, a criterion by hand."""
    involvement.attach(actor=head, case=case, reviewer=reviewer, reason="涉及集体土地、村民联名反映，社会关注度高")
    involvement.comment(actor=reviewer_user, case=case, token=f"demo-comment-{case.pk}",
                        text="建议调取村集体经济组织的土地发包合同，并询问村委会负责人。")
    involvement.add_criterion(actor=officer, case=case, text="社会关注度高、可能引发群体性事件",
                              reason="村民联名反映，多次到局信访")


def agreed(case: Case, *, summary: str, proposed: str, bases: list[str], draft: dict[str, Any]) -> None:
    """A round for another kind's decision that the 目录清单 marks as major (SH-06's 强制拆除): submitted with the
    decision's own fields (the document drawn from them bound by its SM3), accepted and agreed the same day,
    before the decision is made — as reviewed."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["nr_officer", "nr_reviewer"])}
    officer, reviewer_user = users["nr_officer"], users["nr_reviewer"]
    r = review.submit(actor=officer, case=case, application={**APPLICATION, "summary": summary, "proposed": proposed},
                      bases=bases, explanation="拟作出的决定属《重大执法决定法制审核目录清单》所列情形，报请法制审核。",
                      draft=draft)
    r = review.assign(actor=reviewer_user, round=r, reviewer=Reviewer.objects.get(person__user=reviewer_user))
    review.accept(actor=reviewer_user, round=r)
    review.give_opinion(actor=reviewer_user, round=r, outcome=Outcome.AGREE, findings=_findings(),
                        reasons="事实清楚，证据确凿，适用依据正确，程序合法。")

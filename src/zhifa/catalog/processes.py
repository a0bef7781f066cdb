"""Process definitions as data (GEN-02): the stages of a kind of action, the transitions between them and the
guards on each transition, named after the rule they enforce.

The flow charts of the 四类文本 (执法流程图, 法制审核流程图) are drawn from these definitions
(``zhifa.catalog.flowchart``), and the cases and review modules will run on the same definitions, so the
chart the public reads cannot drift from what the system does. A guard here is a name and its rule; the
module that runs the process supplies the check that decides it.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.agencies.models import ActionKind
from zhifa.catalog.models import AVStage


@dataclass(frozen=True)
class Guard:
    """A condition a transition needs, named after its rule."""

    code: str
    label: str
    rule: str


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    limit: str = ""                       # the time limit that runs in this stage, as the law words it
    basis: str = ""
    av_stages: tuple[str, ...] = ()       # stages of the 音像记录事项清单 that happen here
    column: int = 0                       # 0: the main line of the chart; 1: a branch beside it


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str = ""
    guards: tuple[Guard, ...] = ()


@dataclass(frozen=True)
class Process:
    code: str
    name: str
    action_kind: str
    basis: str
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]

    def __post_init__(self) -> None:
        codes = [s.code for s in self.stages]
        if len(set(codes)) != len(codes):
            raise ValueError(f"{self.code}: 阶段代码重复")
        for t in self.transitions:
            if t.source not in codes or t.target not in codes:
                raise ValueError(f"{self.code}: 转换 {t.source}→{t.target} 引用了不存在的阶段")
        reachable, todo = {codes[0]}, [codes[0]]
        while todo:
            here = todo.pop()
            for t in self.transitions:
                if t.source == here and t.target not in reachable:
                    reachable.add(t.target)
                    todo.append(t.target)
        if reachable != set(codes):
            raise ValueError(f"{self.code}: 阶段 {sorted(set(codes) - reachable)} 无法到达")

    @property
    def start(self) -> Stage:
        return self.stages[0]

    def stage(self, code: str) -> Stage:
        return next(s for s in self.stages if s.code == code)

    def transitions_from(self, code: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == code]

    def transition(self, source: str, target: str) -> Transition | None:
        return next((t for t in self.transitions if t.source == source and t.target == target), None)

    def guards(self) -> list[Guard]:
        """Every guard, once, in the order they first appear."""
        seen: dict[str, Guard] = {}
        for t in self.transitions:
            for g in t.guards:
                seen.setdefault(g.code, g)
        return list(seen.values())


# ---------------------------------------------------------------- guards

TWO_OFFICERS = Guard("two_valid_officers", "两名以上持有效执法证的执法人员", "行政处罚法 第42条")
CASE_APPROVED = Guard("case_approved", "立案经行政机关负责人批准", "行政处罚法 第54条")
AV_OR_REASON = Guard("av_recorded_or_reason", "音像记录已完成，或已书面写明不宜记录的原因", "REC-04")
EVIDENCE_LISTED = Guard("evidence_listed", "证据已登记、全过程记录完整", "行政处罚法 第47条")
NOTICE_SERVED = Guard("notice_served", "已告知拟处罚内容及陈述、申辩、听证权利", "行政处罚法 第44条")
STATEMENT_HEARD = Guard("statement_heard", "陈述、申辩已听取并复核", "行政处罚法 第45条")
HEARING_SETTLED = Guard("hearing_settled", "听证申请期限（5个工作日）届满未申请，或听证已举行", "行政处罚法 第64条")
HEARING_REQUESTED = Guard("hearing_requested", "当事人在告知后5个工作日内要求听证", "行政处罚法 第64条")
HEARING_RECORD = Guard("hearing_record", "听证笔录已制作", "行政处罚法 第64条")
NOT_PUNISHED = Guard("no_penalty_or_transfer", "已作出不予行政处罚决定，或已移送有关机关", "行政处罚法 第57条")
REVIEW_PASSED = Guard("legal_review_passed", "法制审核通过", "行政处罚法 第58条；REV-01")
REVIEW_PASSED_IF_MAJOR = Guard("legal_review_passed_if_major", "属重大执法决定的，法制审核已通过",
                               "行政处罚法 第58条；REV-01")
COLLECTIVE_IF_COMPLEX = Guard("collective_if_complex", "情节复杂或重大违法的，已经负责人集体讨论",
                              "行政处罚法 第57条")
DISCRETION_CHECKED = Guard("within_discretion", "罚款在裁量基准幅度内，或已说明理由", "GEN-08")
SERVED = Guard("served", "决定书已送达（当场交付或7日内送达）", "行政处罚法 第61条")
RECORDS_COMPLETE = Guard("records_complete", "文字和音像记录收集齐全", "REC-09")
CLOSE_APPROVED = Guard("close_approved", "结案经行政机关负责人批准", "REC-09")
MATERIALS_COMPLETE = Guard("materials_complete", "送审材料齐全（申请表、情况说明、决定文本、依据、证据）", "REV-03")
OPINION_SIGNED = Guard("opinion_signed", "审查意见书已编号并由审核人员签署", "REV-08")

# ---------------------------------------------------------------- 行政处罚 普通程序

PUNISHMENT_GENERAL = Process(
    code="punishment_general", name="行政处罚（普通程序）", action_kind=ActionKind.PUNISHMENT,
    basis="《中华人民共和国行政处罚法》第五章第三节",
    stages=(
        Stage("open", "立案", basis="第54条"),
        Stage("investigate", "调查取证", limit="先行登记保存7日内处理", basis="第55、56条",
              av_stages=(AVStage.ONSITE, AVStage.SAMPLING, AVStage.SEIZURE)),
        Stage("unit_review", "案件审核", basis="第57条"),
        Stage("notify", "事先告知", basis="第44条"),
        Stage("statement", "陈述申辩", limit="听证申请期5个工作日", basis="第45条"),
        Stage("hearing", "听证", limit="提前7日通知", basis="第63、64条", av_stages=(AVStage.HEARING,), column=1),
        Stage("legal_review", "法制审核", limit="7个工作日，可延长3个", basis="第58条", column=1),
        Stage("collective", "集体讨论", basis="第57条第二款", column=1),
        Stage("decide", "作出决定", limit="立案之日起90日内", basis="第57、60条"),
        Stage("serve", "送达", limit="7日内", basis="第61条",
              av_stages=(AVStage.SERVICE_LEFT, AVStage.SERVICE_PUBLIC)),
        Stage("execute", "执行", limit="罚款15日内缴纳", basis="第67、72条", av_stages=(AVStage.ENFORCEMENT,)),
        Stage("close", "结案"),
        Stage("archive", "归档", limit="结案后30日内", basis="REC-09"),
    ),
    transitions=(
        Transition("open", "investigate", guards=(CASE_APPROVED, TWO_OFFICERS)),
        Transition("investigate", "unit_review", guards=(AV_OR_REASON, EVIDENCE_LISTED)),
        Transition("unit_review", "notify", "拟给予处罚"),
        Transition("unit_review", "close", "不予处罚、违法事实不成立或移送", guards=(NOT_PUNISHED,)),
        Transition("notify", "statement", guards=(NOTICE_SERVED,)),
        Transition("statement", "hearing", "当事人申请听证", guards=(HEARING_REQUESTED,)),
        Transition("statement", "legal_review", "重大执法决定", guards=(STATEMENT_HEARD, HEARING_SETTLED)),
        Transition("statement", "decide", "非重大执法决定", guards=(STATEMENT_HEARD, HEARING_SETTLED)),
        Transition("hearing", "legal_review", guards=(HEARING_RECORD,)),
        Transition("legal_review", "collective", "情节复杂或重大违法", guards=(REVIEW_PASSED,)),
        Transition("legal_review", "decide", guards=(REVIEW_PASSED,)),
        Transition("legal_review", "investigate", "补充调查"),
        Transition("collective", "decide"),
        Transition("decide", "serve", guards=(REVIEW_PASSED_IF_MAJOR, COLLECTIVE_IF_COMPLEX, DISCRETION_CHECKED)),
        Transition("serve", "execute", guards=(SERVED,)),
        Transition("execute", "close", guards=(CLOSE_APPROVED,)),
        Transition("close", "archive", guards=(RECORDS_COMPLETE,)),
    ),
)

# ---------------------------------------------------------------- 行政处罚 简易程序

SIMPLE_ELIGIBLE = Guard("simple_procedure_eligible",
                        "违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告",
                        "行政处罚法 第51条")
CREDENTIAL_SHOWN = Guard("credential_shown", "已向当事人出示执法证件", "行政处罚法 第52条")
RIGHTS_TOLD = Guard("rights_told", "已告知违法事实、处罚理由和依据，及陈述、申辩权利", "行政处罚法 第44条")
DECISION_HANDED_OVER = Guard("decision_handed_over", "当场处罚决定书已当场交付当事人并由其签名", "行政处罚法 第52条")
FINE_SETTLED = Guard("fine_settled", "罚款已缴纳或已当场收缴（仅予警告的除外）", "行政处罚法 第67条")
FILED_WITH_AGENCY = Guard("filed_with_agency", "已报所属行政机关备案", "行政处罚法 第52条")

PUNISHMENT_SIMPLE = Process(
    code="punishment_simple", name="行政处罚（简易程序）", action_kind=ActionKind.PUNISHMENT,
    basis="《中华人民共和国行政处罚法》第五章第二节",
    stages=(
        Stage("onsite", "当场检查", basis="第52条", av_stages=(AVStage.ONSITE,)),
        Stage("tell", "表明身份、告知", basis="第44、52条"),
        Stage("decide", "当场作出决定", basis="第51、52条"),
        Stage("execute", "执行", limit="罚款15日内缴纳，或当场收缴", basis="第67、68条"),
        Stage("file", "备案", limit="按本机关规定期限", basis="第52条"),
        Stage("archive", "归档", basis="REC-09"),
    ),
    transitions=(
        Transition("onsite", "tell", guards=(TWO_OFFICERS, CREDENTIAL_SHOWN, AV_OR_REASON)),
        Transition("tell", "decide", guards=(RIGHTS_TOLD, SIMPLE_ELIGIBLE)),
        Transition("decide", "execute", guards=(DECISION_HANDED_OVER,)),
        Transition("execute", "file", guards=(FINE_SETTLED,)),
        Transition("file", "archive", guards=(FILED_WITH_AGENCY,)),
    ),
)

# ---------------------------------------------------------------- 重大执法决定法制审核

LEGAL_REVIEW = Process(
    code="legal_review", name="重大执法决定法制审核", action_kind=ActionKind.OTHER,
    basis="《鞍山市自然资源局重大行政执法决定法制审核制度》",
    stages=(
        Stage("submit", "承办机构提交审核", basis="REV-03"),
        Stage("check", "审查送审材料", basis="REV-05"),
        Stage("supplement", "退回或补充材料", limit="不计入审核时限", basis="REV-05", column=1),
        Stage("review", "法制审核", limit="7个工作日，经批准可延长3个", basis="REV-04、REV-07"),
        Stage("opinion", "出具审核意见", basis="REV-08"),
        Stage("rework", "承办机构研究处理", basis="REV-09", column=1),
        Stage("transfer", "移送", basis="REV-08", column=1),
        Stage("decide", "提交负责人决定", basis="REV-01"),
    ),
    transitions=(
        Transition("submit", "check"),
        Transition("check", "supplement", "材料不齐全"),
        Transition("supplement", "check", "补充后重新报送"),
        Transition("check", "review", "材料齐全", guards=(MATERIALS_COMPLETE,)),
        Transition("review", "opinion"),
        Transition("opinion", "rework", "不同意、纠正或补充调查", guards=(OPINION_SIGNED,)),
        Transition("opinion", "transfer", "超出管辖或涉嫌犯罪", guards=(OPINION_SIGNED,)),
        Transition("opinion", "decide", "同意", guards=(OPINION_SIGNED,)),
        Transition("rework", "submit", "处理后重新报送"),
    ),
)

# ---------------------------------------------------------------- 行政强制执行 (行政机关强制执行程序)

URGE_SERVED = Guard("urge_served", "催告书已送达当事人", "行政强制法 第35条")
URGE_LAPSED = Guard("urge_lapsed", "催告书载明的履行期限已届满，当事人仍未履行", "行政强制法 第37条")
DEFENCE_REVIEWED = Guard("defence_reviewed", "当事人的陈述、申辩已记录并复核，或当事人明确放弃", "行政强制法 第36条")
ENFORCEMENT_DECISION_SERVED = Guard("enforcement_decision_served", "强制执行决定书已送达当事人",
                                    "行政强制法 第38条")
ENFORCED = Guard("enforced", "强制执行已实施完毕，或执行协议已履行完毕", "行政强制法 第42条")
COURT_RULED = Guard("court_ruled", "已登记人民法院的裁定", "行政强制法 第57条")

COERCIVE_ENFORCEMENT = Process(
    code="coercive_enforcement", name="行政强制执行", action_kind=ActionKind.COERCION,
    basis="《中华人民共和国行政强制法》第四章、第五章",
    stages=(
        Stage("urge", "催告", limit="催告书载明的履行期限", basis="第35条"),
        Stage("statement", "陈述申辩", basis="第36条"),
        Stage("decide", "强制执行决定", basis="第37条"),
        Stage("enforce", "实施强制执行", limit="不得在夜间或者法定节假日实施，情况紧急的除外；代履行三日前催告",
              basis="第41–44条、第50–51条", av_stages=(AVStage.ENFORCEMENT,)),
        Stage("court", "申请人民法院强制执行", limit="催告书送达满十个工作日，复议、诉讼期限届满之日起三个月内",
              basis="第53–58条", column=1),
        Stage("close", "结案"),
        Stage("archive", "归档", basis="REC-09"),
    ),
    transitions=(
        Transition("urge", "statement", guards=(URGE_SERVED,)),
        Transition("statement", "decide", "本机关依法有强制执行权", guards=(DEFENCE_REVIEWED, URGE_LAPSED)),
        Transition("statement", "court", "本机关无强制执行权", guards=(DEFENCE_REVIEWED, URGE_LAPSED)),
        Transition("decide", "enforce", guards=(ENFORCEMENT_DECISION_SERVED,)),
        Transition("enforce", "close", guards=(ENFORCED,)),
        Transition("court", "close", guards=(COURT_RULED,)),
        Transition("close", "archive", guards=(RECORDS_COMPLETE,)),
    ),
)

PROCESSES: dict[str, Process] = {p.code: p for p in (PUNISHMENT_GENERAL, PUNISHMENT_SIMPLE, LEGAL_REVIEW,
                                                     COERCIVE_ENFORCEMENT)}

# The processes a case runs (the legal review runs beside a case, on its draft decision).
CASE_PROCESSES = (PUNISHMENT_GENERAL, PUNISHMENT_SIMPLE, COERCIVE_ENFORCEMENT)

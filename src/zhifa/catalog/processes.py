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
    unnumbered: str = "待立案"        # what a case of it reads as before it has a number
    act_label: str = "违法行为"       # what the day and place the case is about are called

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
# 审核制度 第三条 (REV-02): the other kinds' decisions that the 目录清单 or the agency setting marks as major.
DECISION_REVIEWED_IF_MAJOR = Guard("decision_reviewed_if_major", "属重大执法决定的，法制审核已通过",
                                   "REV-02；REV-01")
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
    code="punishment_simple", name="行政处罚（简易程序）", action_kind=ActionKind.PUNISHMENT, unnumbered="简易程序",
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

# ---------------------------------------------------------------- 行政检查

INSPECTION_RECORDED = Guard("inspection_recorded", "检查记录已制作：检查事项、检查发现，当事人签名或拒签见证",
                            "REC-03")
INSPECTION_RESULT = Guard("inspection_result", "已作出检查结论：合格，或已立案查处", "PUB-04")
RECTIFICATION_ORDERED = Guard("rectification_ordered", "已制作责令改正通知书，写明整改期限", "行政处罚法 第28条")
RECTIFICATION_RECHECKED = Guard("rectification_rechecked", "整改期限届满，已复查并记录整改情况", "行政处罚法 第28条")

INSPECTION = Process(
    code="inspection", name="行政检查", action_kind=ActionKind.INSPECTION, unnumbered="行政检查", act_label="检查",
    basis="《中华人民共和国土地管理法》第六十七条；《行政执法公示办法》第九条",
    stages=(
        Stage("inspect", "实施检查", limit="按检查计划或不定期检查", basis="土地管理法 第67条",
              av_stages=(AVStage.ONSITE,)),
        Stage("rectify", "整改复查", limit="整改期限届满复查", basis="行政处罚法 第28条", column=1),
        # the labels of the shared codes are the punishment's: the case list's stage filter names a code once
        Stage("close", "结案", limit="检查结果20个工作日内公示", basis="PUB-04"),
        Stage("archive", "归档", limit="结案后30日内", basis="REC-09"),
    ),
    transitions=(
        Transition("inspect", "close", "合格，或发现违法立案查处",
                   guards=(TWO_OFFICERS, AV_OR_REASON, INSPECTION_RECORDED, INSPECTION_RESULT)),
        Transition("inspect", "rectify", "责令限期整改",
                   guards=(TWO_OFFICERS, AV_OR_REASON, INSPECTION_RECORDED, RECTIFICATION_ORDERED)),
        Transition("rectify", "close", guards=(RECTIFICATION_RECHECKED,)),
        Transition("close", "archive", guards=(RECORDS_COMPLETE,)),
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
SUSPENDED = Guard("enforcement_suspended", "已作出中止执行决定，写明中止的情形", "行政强制法 第39条")
RESUMED = Guard("enforcement_resumed", "中止执行的情形已经消失，已决定恢复执行", "行政强制法 第39条")
TERMINATED = Guard("enforcement_terminated", "已作出终结执行决定，写明终结的情形", "行政强制法 第40条")

COERCIVE_ENFORCEMENT = Process(
    code="coercive_enforcement", name="行政强制执行", action_kind=ActionKind.COERCION, unnumbered="强制执行",
    basis="《中华人民共和国行政强制法》第四章、第五章",
    stages=(
        Stage("urge", "催告", limit="催告书载明的履行期限", basis="第35条"),
        Stage("statement", "陈述申辩", basis="第36条"),
        Stage("decide", "强制执行决定", basis="第37条"),
        Stage("enforce", "实施强制执行", limit="不得在夜间或者法定节假日实施，情况紧急的除外；代履行三日前催告",
              basis="第41–44条、第50–51条", av_stages=(AVStage.ENFORCEMENT,)),
        Stage("court", "申请人民法院强制执行", limit="催告书送达满十个工作日，复议、诉讼期限届满之日起三个月内",
              basis="第53–58条", column=1),
        Stage("suspend", "中止执行", limit="中止的情形消失后恢复执行；满三年未恢复的不再执行", basis="第39条",
              column=1),
        Stage("terminate", "终结执行", basis="第40条", column=1),
        Stage("close", "结案"),
        Stage("archive", "归档", basis="REC-09"),
    ),
    transitions=(
        Transition("urge", "statement", guards=(URGE_SERVED,)),
        Transition("statement", "decide", "本机关依法有强制执行权", guards=(DEFENCE_REVIEWED, URGE_LAPSED)),
        Transition("statement", "court", "本机关无强制执行权", guards=(DEFENCE_REVIEWED, URGE_LAPSED)),
        Transition("decide", "enforce", guards=(DECISION_REVIEWED_IF_MAJOR, ENFORCEMENT_DECISION_SERVED)),
        Transition("enforce", "close", guards=(ENFORCED,)),
        Transition("court", "close", guards=(COURT_RULED,)),
        Transition("enforce", "suspend", "有中止执行的情形", guards=(SUSPENDED,)),
        Transition("suspend", "enforce", "中止的情形消失，恢复执行", guards=(RESUMED,)),
        Transition("enforce", "terminate", "有终结执行的情形", guards=(TERMINATED,)),
        Transition("suspend", "terminate", "有终结执行的情形", guards=(TERMINATED,)),
        Transition("terminate", "close", guards=(TERMINATED,)),
        Transition("close", "archive", guards=(RECORDS_COMPLETE,)),
    ),
)

# ---------------------------------------------------------------- 行政强制措施 (查封、扣押)

MEASURE_APPROVED_OR_EMERGENCY = Guard("measure_approved_or_emergency",
                                      "实施前经行政机关负责人批准，或情况紧急需当场实施并已写明理由",
                                      "行政强制法 第18条、第19条")
MEASURE_TWO_OFFICERS = Guard("measure_two_officers", "由两名以上具备资格的行政执法人员实施", "行政强制法 第18条")
MEASURE_NOT_APPROVED = Guard("measure_not_approved", "行政机关负责人不予批准实施", "行政强制法 第18条")
MEASURE_ONSITE_RECORD = Guard("measure_onsite_record",
                              "出示执法证件，当场告知理由、依据和权利、救济途径，听取陈述申辩，现场笔录经当事人和执法人员"
                              "签名（拒绝的注明；当事人不到场的由见证人签名）", "行政强制法 第18条")
SEIZURE_DELIVERED = Guard("seizure_decision_delivered", "查封（扣押）决定书和清单已当场交付当事人；冻结的，冻结通知书已"
                          "交付金融机构、冻结决定书已交付当事人", "行政强制法 第24条、第30条、第31条")
# 审核制度 第三条 (REV-02): a 查封、扣押 the 目录清单 (or the agency setting) marks as major is approved by the
# head only after a passed review; taken on the spot in an emergency (第19条) it cannot wait, so its review comes
# before the head's 补办批准 — the decision that keeps it (docs/architecture.md, “重大行政强制措施的法制审核”).
MEASURE_REVIEWED_IF_MAJOR = Guard("measure_reviewed_if_major",
                                  "属重大执法决定的，负责人批准前法制审核已通过（情况紧急当场实施的，补办批准前）",
                                  "REV-02；行政强制法 第18条、第19条")
EMERGENCY_APPROVED = Guard("emergency_reported_approved",
                           "当场实施的，已在24小时内向行政机关负责人报告并补办批准手续", "行政强制法 第19条")
MEASURE_RELEASED = Guard("measure_released", "已作出解除决定（冻结的并通知金融机构），或者财物已依法没收、销毁",
                         "行政强制法 第27条、第28条、第33条")

COERCIVE_MEASURE = Process(
    code="coercive_measure", name="行政强制措施（查封、扣押）", action_kind=ActionKind.COERCION,
    unnumbered="行政强制措施", act_label="涉嫌违法行为",
    basis="《中华人民共和国行政强制法》第三章",
    stages=(
        Stage("approve", "报请批准", basis="第18条第一项、第19条"),
        Stage("implement", "实施", limit="紧急实施的24小时内报告", basis="第18、19、24条",
              av_stages=(AVStage.SEIZURE,)),
        Stage("hold", "查封扣押期间", limit="不超过30日，经批准可延长30日；冻结决定书三日内交付当事人",
              basis="第25、26、31、32条"),
        Stage("close", "解除或处理", basis="第27、28、33条"),
        Stage("archive", "归档", limit="结案后30日内", basis="REC-09"),
    ),
    transitions=(
        Transition("approve", "implement", guards=(MEASURE_APPROVED_OR_EMERGENCY, MEASURE_TWO_OFFICERS,
                                                   MEASURE_REVIEWED_IF_MAJOR)),
        Transition("approve", "close", "负责人不予批准", guards=(MEASURE_NOT_APPROVED,)),
        Transition("implement", "hold", guards=(MEASURE_ONSITE_RECORD, AV_OR_REASON, SEIZURE_DELIVERED)),
        Transition("implement", "close", "负责人事后不予批准，立即解除", guards=(MEASURE_RELEASED,)),
        Transition("hold", "close", guards=(EMERGENCY_APPROVED, MEASURE_RELEASED)),
        Transition("close", "archive", guards=(RECORDS_COMPLETE,)),
    ),
)

# ---------------------------------------------------------------- 行政征收征用 and 行政收费

LEVY_ASSESSED = Guard("levy_assessed", "法律依据已载明，数额已按标准核定（计算依据、公式、结果）",
                      "征收收费 依法核定")
LEVY_DECIDED = Guard("levy_decided", "决定书（收费通知书）已由行政机关负责人签发并编号", "征收收费 书面决定")
LEVY_SERVED = Guard("levy_served", "决定书（收费通知书）已送达当事人", "征收收费 送达")
LEVY_SETTLED = Guard("levy_settled", "款项已足额缴纳（补偿已支付），并附缴款（支付）凭证", "征收收费 缴纳凭证")


def _levy(code: str, name: str, action_kind: str, basis: str, settle: str, settle_limit: str) -> Process:
    """征收征用 and 收费 run the same stages — a decision on a basis and an amount, served, then settled against a
    receipt — and differ in their words, so one shape, two definitions (each its own 执法流程图)."""
    return Process(
        code=code, name=name, action_kind=action_kind, basis=basis, unnumbered="待决定", act_label="事由发生",
        stages=(
            Stage("assess", "核定数额", basis="事项清单所列依据和标准"),
            Stage("levy_decision", "作出决定", basis="行政机关负责人签发"),
            Stage("levy_service", "送达", basis="REC-07"),
            Stage("settle", settle, limit=settle_limit),
            Stage("close", "结案"),
            Stage("archive", "归档", limit="结案后30日内", basis="REC-09"),
        ),
        transitions=(
            Transition("assess", "levy_decision", guards=(TWO_OFFICERS, LEVY_ASSESSED)),
            Transition("levy_decision", "levy_service", guards=(LEVY_DECIDED, DECISION_REVIEWED_IF_MAJOR)),
            Transition("levy_service", "settle", guards=(LEVY_SERVED,)),
            Transition("settle", "close", guards=(LEVY_SETTLED,)),
            Transition("close", "archive", guards=(RECORDS_COMPLETE,)),
        ),
    )


EXPROPRIATION = _levy("expropriation", "行政征收征用", ActionKind.EXPROPRIATION,
                      "事项清单所列法律、法规（如《闲置土地处置办法》第十四条至第十七条）",
                      "缴纳或补偿", "土地闲置费自决定书送达之日起30日内缴纳")
CHARGE = _levy("charge", "行政收费", ActionKind.CHARGE, "事项清单所列收费依据和收费标准",
               "缴费", "收费通知书载明的缴费期限")

# ---------------------------------------------------------------- 行政许可 (行政许可法 第29–50条)

APPLICATION_ACCEPTED = Guard("application_accepted", "申请已受理（受理通知书），或逾期未一次告知补正而视为受理",
                             "行政许可法 第32条")
APPLICATION_REFUSED = Guard("application_refused", "已出具不予受理通知书，写明理由", "行政许可法 第32条")
VERIFIED_IF_ONSITE = Guard("verified_if_onsite", "实地核查的，由两名以上工作人员核查，并有音像记录或不宜记录的原因",
                           "行政许可法 第34条")
LICENCE_HEARING_ASKED = Guard("licence_hearing_asked", "涉及公共利益应当听证，或申请人、利害关系人在"
                                                       "告知后5日内申请听证",
                              "行政许可法 第47条")
LICENCE_HEARING_HELD = Guard("licence_hearing_held", "听证已举行并制作笔录", "行政许可法 第48条")
NO_HEARING_PENDING = Guard("no_licence_hearing_pending", "没有尚未举行的听证", "行政许可法 第47条")
LICENCE_DECIDED = Guard("licence_decided", "已书面作出准予或不予行政许可的决定（不予许可的写明理由和救济途径）",
                        "行政许可法 第38条")
DECIDED_IN_TIME = Guard("licence_decided_in_time",
                        "决定在受理之日起20个工作日内作出，或经负责人批准延长10个工作日并告知申请人理由",
                        "行政许可法 第42条")
LICENCE_DELIVERED = Guard("licence_delivered", "准予许可的，自决定之日起10个工作日内颁发、送达许可证件；"
                          "不予许可的，决定书已送达", "行政许可法 第44条")

LICENSING = Process(
    code="licensing", name="行政许可", action_kind=ActionKind.LICENSING, unnumbered="待受理",
    basis="《中华人民共和国行政许可法》第四章",
    stages=(
        Stage("apply", "申请", limit="5个工作日内一次告知补正", basis="第29、31、32条"),
        Stage("review", "审查", limit="20个工作日，可延长10个", basis="第34、36、42条",
              av_stages=(AVStage.ONSITE,)),
        Stage("hearing", "听证", limit="20个工作日内举行", basis="第46–48条", column=1),
        Stage("decide", "决定", basis="第37、38、42条"),
        Stage("deliver", "送达或发证", limit="10个工作日内发证", basis="第44条"),
        Stage("close", "办结"),
        Stage("archive", "归档", limit="办结后30日内", basis="REC-09"),
    ),
    transitions=(
        Transition("apply", "review", "受理", guards=(APPLICATION_ACCEPTED,)),
        Transition("apply", "close", "不予受理", guards=(APPLICATION_REFUSED,)),
        Transition("review", "hearing", "依法或依申请听证", guards=(LICENCE_HEARING_ASKED,)),
        Transition("hearing", "review", guards=(LICENCE_HEARING_HELD,)),
        Transition("review", "decide", guards=(VERIFIED_IF_ONSITE, NO_HEARING_PENDING)),
        Transition("decide", "deliver", guards=(LICENCE_DECIDED, DECIDED_IN_TIME, DECISION_REVIEWED_IF_MAJOR)),
        Transition("deliver", "close", guards=(LICENCE_DELIVERED,)),
        Transition("close", "archive", guards=(RECORDS_COMPLETE,)),
    ),
)

# 撤回 (第8条) and 撤销 (第69条): started by the agency, the holder told and heard (第7条), a numbered decision that
# ends the licence. 变更 and 延续 are applications on LICENSING (第49、50条).
LICENCE_END_TOLD = Guard("licence_end_told", "已书面告知被许可人拟撤回（撤销）的事实、理由、依据和陈述申辩权利",
                         "行政许可法 第7条")
LICENCE_END_HEARD = Guard("licence_end_heard", "已听取被许可人的陈述申辩，或陈述申辩期限届满未提出",
                          "行政许可法 第7条")
LICENCE_END_DECIDED = Guard("licence_end_decided", "撤回（撤销）行政许可决定书已由负责人签发并编号",
                            "行政许可法 第8、69条")
LICENCE_END_SERVED = Guard("licence_end_served", "决定书已送达被许可人", "行政许可法 第8、69条")

LICENCE_END = Process(
    code="licence_end", name="撤回、撤销行政许可", action_kind=ActionKind.LICENSING, unnumbered="待告知",
    act_label="事由发生",
    basis="《中华人民共和国行政许可法》第七条、第八条、第六十九条",
    stages=(
        Stage("end_notice", "告知", basis="第7条"),
        Stage("end_heard", "陈述申辩", limit="告知书载明的期限", basis="第7条"),
        Stage("end_decide", "决定", basis="第8、69条"),
        Stage("end_service", "送达", basis="REC-07"),
        Stage("close", "办结"),
        Stage("archive", "归档", limit="办结后30日内", basis="REC-09"),
    ),
    transitions=(
        Transition("end_notice", "end_heard", guards=(LICENCE_END_TOLD,)),
        Transition("end_heard", "end_decide", guards=(LICENCE_END_HEARD,)),
        Transition("end_decide", "end_service", guards=(LICENCE_END_DECIDED, DECISION_REVIEWED_IF_MAJOR)),
        Transition("end_service", "close", guards=(LICENCE_END_SERVED,)),
        Transition("close", "archive", guards=(RECORDS_COMPLETE,)),
    ),
)

# The processes a case runs (the legal review runs beside a case, on its draft decision).
CASE_PROCESSES: tuple[Process, ...] = (PUNISHMENT_GENERAL, PUNISHMENT_SIMPLE, LICENSING, COERCIVE_MEASURE,
                                       COERCIVE_ENFORCEMENT, INSPECTION, EXPROPRIATION, CHARGE,
                                       LICENCE_END)
PROCESSES: dict[str, Process] = {p.code: p for p in (*CASE_PROCESSES, LEGAL_REVIEW)}

"""The plain Chinese of every rule and every ledger entry kind, in one place.

Pages, the ledger views and exports show a rule by its name and legal basis in words (``rule_label``) and a
ledger entry by what happened (``kind_label``); requirement codes (``REC-10``) and kinds
(``evidence.viewed``) stay in the code, in tests and in a tooltip or the ledger's raw view. Templates use the
``labels`` tag library: ``{{ ob.rule|rule }}``, ``{{ entry.kind|kind }}``.

A test (tests/core/test_labels.py) fails if a ledger kind written anywhere in ``src`` or a rule an obligation
is opened under has no entry here: a new kind or rule is added here with its words, in the same commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhifa.core.numerals import to_chinese


@dataclass(frozen=True)
class Rule:
    """A rule as a person reads it: its name, and the legal basis in words (``《行政处罚法》第四十二条``)."""

    name: str
    basis: str = ""

    @property
    def label(self) -> str:
        return f"{self.name}（{self.basis}）" if self.basis else self.name


_RECORDING = "《行政执法全过程记录办法》"
_CAMERA = "《执法记录仪使用管理办法》"
_PUBLICITY = "《行政执法公示办法》"
_REVIEW = "《重大行政执法决定法制审核制度》"
_PENALTY = "《中华人民共和国行政处罚法》"
_COERCION = "《中华人民共和国行政强制法》"
_LICENSING = "《中华人民共和国行政许可法》"

# Requirement codes (the digest's numbering, cited by code and tests), the rules obligations are opened under,
# and the legal citations code names a rule by (``行政处罚法 第42条``).
RULES: dict[str, Rule] = {
    "GEN-01": Rule("机构层级与监督职责"),
    "GEN-02": Rule("行政执法类别"),
    "GEN-03": Rule("持证上岗", f"{_PENALTY}第四十二条"),
    "GEN-04": Rule("国务院放假安排"),
    "GEN-05": Rule("五个清单"),
    "GEN-08": Rule("行政处罚裁量基准"),
    "PUB-01": Rule("事前公开", f"{_PUBLICITY}第五条"),
    "PUB-02": Rule("清单动态调整"),
    "PUB-09": Rule("公示前审核"),
    "PUB-04": Rule("事后公开"),
    "REC-03": Rule("调查取证记录"),
    "REC-04": Rule("音像记录范围", f"{_RECORDING}第十四条"),
    "REC-05": Rule("音像记录连续完整"),
    "REC-07": Rule("送达记录"),
    "REC-09": Rule("案卷归档", f"{_RECORDING}第二十五条"),
    "REC-10": Rule("音像记录移交", f"{_RECORDING}第二十五条"),
    "REC-11": Rule("记录保存期限", f"{_CAMERA}第十三条"),
    "REC-12": Rule("记录不得删改"),
    "REC-13": Rule("记录查阅审批", f"{_RECORDING}第二十七条"),
    "REC-15": Rule("同步录音录像摄录情况记录表", f"{_CAMERA}第十二条"),
    "REC-18": Rule("音像记录事项清单"),
    "REV-01": Rule("未经法制审核不得作出决定"),
    "REV-02": Rule("法制审核范围", f"{_REVIEW}第三条"),
    "REV-03": Rule("送审材料"),
    "REV-04": Rule("审核内容"),
    "REV-05": Rule("退回补充材料", f"{_REVIEW}第六条"),
    "REV-06": Rule("书面审核，要求承办机构说明", f"{_REVIEW}第七条"),
    "REV-07": Rule("审核期限", f"{_REVIEW}第八条"),
    "REV-08": Rule("审核意见"),
    "REV-09": Rule("审核意见的研究处理"),
    "REV-10": Rule("审核责任", f"{_REVIEW}第十条"),
    "REV-11": Rule("法制审核人员配备"),
    "REV-14": Rule("法制审核提前介入"),
    "RND-01": Rule("双随机抽查", f"{_PUBLICITY}第六条"),
    "SUP-03": Rule("执法活动网上监督"),
    # the rules obligations are opened under (records.actions, agencies.rules)
    "REC-10 移交": Rule("音像记录24小时内移交", f"{_RECORDING}第二十五条、{_CAMERA}第十二条"),
    "REC-10 著录": Rule("音像记录2个工作日内著录", f"{_RECORDING}第二十五条"),
    "GEN-03 执法证换证": Rule("执法证到期前换证", f"{_PENALTY}第四十二条"),
    "PUB-04 检查结果公示": Rule("行政检查结果20个工作日内公示", f"{_PUBLICITY}第九条"),  # cases.inspection_rules
    "账号管理": Rule("账号管理"),  # agencies.actions.ACCOUNT_RULE: who may change whose account
    "持证上岗": Rule("持证上岗", f"{_PENALTY}第四十二条"),  # records.forms.QUALIFIED_RULE
    # cases.actions.PROCESS_RULE: the order of the published 执法流程图, which the engine runs
    "执法流程": Rule("按执法流程办理", "三项制度实施方案：完善并公示执法流程"),
    "REC-09 案卷归档": Rule("案卷归档", f"{_RECORDING}第二十五条"),  # cases.actions.ARCHIVED_RULE
    "当事人唯一性": Rule("同一当事人只登记一次"),  # parties.actions.UNIQUE_RULE: one row per real-world party
    "执法公示办法 第九条": Rule("答复实名投诉举报人", "《鞍山市自然资源局行政执法公示办法》第九条"),
    # legal citations
    "行政处罚法 第33条": Rule("不予行政处罚的情形", f"{_PENALTY}第三十三条"),
    "行政处罚法 第42条": Rule("执法人员资格与人数", f"{_PENALTY}第四十二条"),
    "行政处罚法 第9条": Rule("行政处罚的种类", f"{_PENALTY}第九条"),
    "行政处罚法 第43条": Rule("回避", f"{_PENALTY}第四十三条"),
    "行政处罚法 第45条": Rule("陈述、申辩", f"{_PENALTY}第四十五条"),
    "行政处罚法 第47条": Rule("全过程记录归档保存", f"{_PENALTY}第四十七条"),
    "行政处罚法 第51条": Rule("简易程序的适用范围", f"{_PENALTY}第五十一条"),
    "行政处罚法 第52条": Rule("当场处罚决定报备", f"{_PENALTY}第五十二条"),
    "行政处罚法 第68条": Rule("当场收缴罚款", f"{_PENALTY}第六十八条"),
    "行政处罚法 第70条": Rule("当场收缴罚款的专用票据", f"{_PENALTY}第七十条"),
    "行政处罚法 第54条": Rule("立案", f"{_PENALTY}第五十四条"),
    "行政处罚法 第55条": Rule("出示执法证件，调查检查制作笔录", f"{_PENALTY}第五十五条"),
    "笔录签名": Rule("笔录核对签名，拒签注明并由见证人签名", f"{_PENALTY}第五十五条、{_RECORDING}第十三条"),
    "行政处罚法 第56条": Rule("先行登记保存证据的处理期限", f"{_PENALTY}第五十六条"),
    "行政处罚法 第27条": Rule("涉嫌犯罪案件的移送", f"{_PENALTY}第二十七条"),
    "行政处罚法 第57条": Rule("调查终结后的决定与集体讨论", f"{_PENALTY}第五十七条"),
    "行政处罚法 第58条": Rule("重大执法决定法制审核", f"{_PENALTY}第五十八条"),
    "行政处罚法 第60条": Rule("作出处罚决定期限", f"{_PENALTY}第六十条"),
    "行政处罚法 第61条": Rule("决定书送达期限", f"{_PENALTY}第六十一条"),
    "行政处罚法 第64条": Rule("听证", f"{_PENALTY}第六十四条"),
    "行政处罚法 第66条": Rule("延期或者分期缴纳罚款", f"{_PENALTY}第六十六条"),
    "行政处罚法 第67条": Rule("缴纳罚款期限", f"{_PENALTY}第六十七条"),
    "行政处罚法 第73条": Rule("复议、诉讼期间不停止执行", f"{_PENALTY}第七十三条"),
    "行政强制法 第53条": Rule("申请人民法院强制执行", f"{_COERCION}第五十三条"),
    "行政强制法 第54条": Rule("申请强制执行前催告", f"{_COERCION}第五十四条"),
    "行政强制法 第9条": Rule("行政强制措施的种类", f"{_COERCION}第九条"),
    "行政强制法 第17条": Rule("行政强制措施的实施主体", f"{_COERCION}第十七条"),
    "行政强制法 第18条": Rule("实施行政强制措施的程序", f"{_COERCION}第十八条"),
    "行政强制法 第19条": Rule("情况紧急当场实施，24小时内报告并补办批准", f"{_COERCION}第十九条"),
    "行政强制法 第18条、第19条": Rule("实施前经负责人批准，或情况紧急当场实施",
                                       f"{_COERCION}第十八条、第十九条"),
    "REV-02；行政强制法 第18条、第19条": Rule("重大行政强制措施批准（紧急实施的补办批准）前法制审核",
                                           f"{_REVIEW}第三条、{_COERCION}第十八条、第十九条"),
    "行政强制法 第24条": Rule("查封、扣押决定书和清单", f"{_COERCION}第二十四条"),
    "行政强制法 第25条": Rule("查封、扣押的期限", f"{_COERCION}第二十五条"),
    "行政强制法 第27条、第28条": Rule("查封、扣押的处理和解除", f"{_COERCION}第二十七条、第二十八条"),
    "行政强制法 第28条": Rule("解除查封、扣押", f"{_COERCION}第二十八条"),
    "行政强制法 第29条": Rule("冻结存款、汇款的实施主体", f"{_COERCION}第二十九条"),
    "行政强制法 第30条": Rule("冻结的程序和冻结通知书", f"{_COERCION}第三十条"),
    "行政强制法 第31条": Rule("三日内交付冻结决定书", f"{_COERCION}第三十一条"),
    "行政强制法 第32条": Rule("冻结的期限", f"{_COERCION}第三十二条"),
    "行政强制法 第33条": Rule("解除冻结", f"{_COERCION}第三十三条"),
    "行政强制法 第24条、第30条、第31条": Rule("决定书、清单和冻结通知书的交付",
                                        f"{_COERCION}第二十四条、第三十条、第三十一条"),
    "行政强制法 第27条、第28条、第33条": Rule("查封、扣押、冻结的处理和解除",
                                        f"{_COERCION}第二十七条、第二十八条、第三十三条"),
    "行政强制法 第39条": Rule("中止执行", f"{_COERCION}第三十九条"),
    "行政强制法 第40条": Rule("终结执行", f"{_COERCION}第四十条"),
    "行政强制法 第34条": Rule("行政机关强制执行", f"{_COERCION}第三十四条"),
    "行政强制法 第35条": Rule("强制执行前书面催告", f"{_COERCION}第三十五条"),
    "行政强制法 第36条": Rule("当事人陈述、申辩及复核", f"{_COERCION}第三十六条"),
    "行政强制法 第37条": Rule("强制执行决定", f"{_COERCION}第三十七条"),
    "行政强制法 第38条": Rule("强制执行决定书的送达", f"{_COERCION}第三十八条"),
    "行政强制法 第42条": Rule("执行协议", f"{_COERCION}第四十二条"),
    "行政强制法 第43条": Rule("不得在夜间或者法定节假日实施强制执行", f"{_COERCION}第四十三条"),
    "行政强制法 第43条第二款": Rule("不得对居民生活停止供水、供电、供热、供燃气", f"{_COERCION}第四十三条第二款"),
    "行政强制法 第44条": Rule("强制拆除前公告", f"{_COERCION}第四十四条"),
    "行政强制法 第51条": Rule("代履行", f"{_COERCION}第五十一条"),
    "行政强制法 第50条、第51条": Rule("代履行决定", f"{_COERCION}第五十条、第五十一条"),
    "行政强制法 第57条": Rule("人民法院的执行裁定", f"{_COERCION}第五十七条"),
    "行政处罚法 第28条": Rule("责令改正", f"{_PENALTY}第二十八条"),
    "行政处罚法 第72条": Rule("加处罚款", f"{_PENALTY}第七十二条"),
    # 行政征收征用、行政收费 (cases.levy_rules)
    "征收收费 依法核定": Rule("依事项清单所列依据和标准核定数额", "《行政执法事项清单》"),
    "征收收费 书面决定": Rule("由行政机关负责人作出书面决定"),
    "征收收费 送达": Rule("决定书送达当事人"),
    "征收收费 缴纳凭证": Rule("足额缴纳（支付）并附凭证"),
    "闲置土地处置办法 第十七条": Rule("土地闲置费缴纳期限", "《闲置土地处置办法》第十七条"),
    "收费通知书 缴费期限": Rule("缴费期限", "收费通知书载明的期限"),
    "行政强制法 第45条": Rule("加处罚款或者滞纳金（不超出金钱给付义务的数额）", f"{_COERCION}第四十五条"),
    "突发事件应对法 第十二条": Rule("征用财产的返还和补偿", "《中华人民共和国突发事件应对法》第十二条"),
    # 行政许可 (cases.permit_rules, cases.actions.permit)
    "行政许可法 第31条": Rule("如实提交申请材料", f"{_LICENSING}第三十一条"),
    "行政许可法 第32条": Rule("受理、不予受理或一次告知补正", f"{_LICENSING}第三十二条"),
    "行政许可法 第34条": Rule("审查申请材料与实地核查", f"{_LICENSING}第三十四条"),
    "行政许可法 第38条": Rule("书面作出行政许可决定", f"{_LICENSING}第三十八条"),
    "行政许可法 第42条": Rule("作出行政许可决定期限", f"{_LICENSING}第四十二条"),
    "行政许可法 第44条": Rule("颁发、送达行政许可证件期限", f"{_LICENSING}第四十四条"),
    "行政许可法 第45条": Rule("听证、检验、鉴定、专家评审时间不计入期限", f"{_LICENSING}第四十五条"),
    "行政许可法 第47条": Rule("行政许可听证的申请与组织", f"{_LICENSING}第四十七条"),
    "行政许可法 第48条": Rule("听证七日前通知、依听证笔录作出决定", f"{_LICENSING}第四十八条"),
    "行政许可法 第50条": Rule("延续申请期限；届满前未决定的视为准予延续", f"{_LICENSING}第五十条"),
    "行政许可法 第7条": Rule("被许可人的陈述权、申辩权", f"{_LICENSING}第七条"),
    "行政许可法 第8条": Rule("撤回已经生效的行政许可", f"{_LICENSING}第八条"),
    "行政许可法 第46条": Rule("涉及公共利益的听证向社会公告", f"{_LICENSING}第四十六条"),
    "行政许可法 第49条": Rule("变更行政许可事项", f"{_LICENSING}第四十九条"),
    "行政许可法 第69条": Rule("撤销行政许可", f"{_LICENSING}第六十九条"),
    # publicity.rules
    "PUB-04 其他决定公示": Rule("其他行政执法决定20个工作日内公示", f"{_PUBLICITY}第九条"),
    "PUB-04 决定公示": Rule("行政处罚、行政许可决定7个工作日内公示", f"{_PUBLICITY}第九条"),
    "PUB-05": Rule("公示期限", f"{_PUBLICITY}第九条"),
    "PUB-08": Rule("公示信息技术处理", "《行政处罚结果信息网上公示暂行办法》"),
    "行政处罚法 第48条": Rule("公示的决定被撤销等的，三日内撤回并说明理由", f"{_PENALTY}第四十八条"),
    "信用修复": Rule("信用修复后提前撤下", "《失信行为纠正后的信用信息修复管理办法（试行）》"),
    "PUB-13": Rule("行政许可、行政处罚信息报送信用平台"),
    "PUB-13 信用推送": Rule("行政许可、行政处罚信息推送信用平台失败须补送"),
    # statistics.rules
    "PUB-12 统计年报": Rule("上半年和上年度行政执法数据于7月10日和1月10日前公开并报送司法局",
                           "《行政执法公示制度执法全过程记录制度重大执法决定法制审核制度实施方案》"),
    "PUB-07": Rule("公示信息更正", f"{_PUBLICITY}第十一条"),  # publicity.corrections
}

_LISTS = {"subjects": "执法主体清单", "items": "行政执法事项清单", "random": "随机抽查事项清单",
          "av": "音像记录事项清单", "review": "法制审核目录清单"}

# Every kind of ledger entry, by what happened.
KINDS: dict[str, str] = {
    "account.created": "开设账号",
    "account.2fa_enrolled": "启用动态验证码",
    "account.2fa_removed": "停用动态验证码",
    "account.2fa_reset": "重置动态验证码",
    "account.password_changed": "修改密码",
    "account.password_reset": "重置密码",
    "account.locked": "锁定账号",
    "account.unlocked": "解除锁定",
    "account.closed": "停用账号",
    "agency.created": "设立机构",
    "agency.updated": "修改机构信息",
    "agency.supervision_set": "设定监督关系",
    "officer.created": "登记执法人员",
    "officer.updated": "修改执法人员信息",
    "credential.issued": "登记执法证",
    "credential.state_changed": "执法证状态变更",
    "import.queued": "导入排队",
    "import.finished": "导入完成",
    "role.granted": "授予角色",
    "role.revoked": "撤销角色",
    "reviewer.registered": "登记法制审核人员",
    "calendar.year_set": "设定年度放假安排",
    "calendar.year_deleted": "删除年度放假安排",
    "catalog.document.created": "新增法律依据",
    "catalog.document.updated": "修改法律依据",
    "catalog.article.created": "新增法律条文",
    "catalog.article.updated": "修改法律条文",
    "catalog.review.setting": "设定法制审核范围",
    "catalog.discretion.saved": "保存裁量基准",
    "catalog.discretion.deleted": "删除裁量基准",
    "catalog.discretion.imported": "导入裁量基准",
    "catalog.list.submitted": "清单提交审核",
    "catalog.list.returned": "清单退回修改",
    "catalog.list.published": "发布清单版本",
    **{f"catalog.{code}.saved": f"保存{name}条目" for code, name in _LISTS.items()},
    **{f"catalog.{code}.deleted": f"删除{name}条目" for code, name in _LISTS.items()},
    **{f"catalog.{code}.imported": f"导入{name}" for code, name in _LISTS.items()},
    "obligation.opened": "期限开始计算",
    "obligation.moved": "期限调整",
    "obligation.met": "期限事项完成",
    "obligation.paused": "中止计时",
    "obligation.resumed": "恢复计时",
    "obligation.waived": "免除期限事项",
    "obligation.marked_late": "标记逾期",
    "records.settings_created": "设定记录保存规则",
    "records.settings_changed": "修改记录保存规则",
    "records.verification_requested": "申请核验证据文件",
    "records.verification_finished": "证据文件核验完成",
    "upload.created": "开始上传",
    "upload.terminated": "取消上传",
    "upload.expired": "上传过期",
    "upload.repeated": "重复移交",
    "evidence.ingested": "移交存入",
    "evidence.described": "著录",
    "evidence.viewed": "查看证据",
    "evidence.downloaded": "调取证据文件",
    "evidence.exported": "导出证据",
    "evidence.view_requested": "申请调阅",
    "evidence.view_decided": "调阅审批",
    "evidence.hold_placed": "设定长期保存",
    "evidence.hold_released": "解除长期保存",
    "evidence.retention_set": "设定保存期限",
    "evidence.purged": "清除证据文件",
    "case.registered": "登记案件",
    "case.settings": "修改案件期限与文号设置",
    "case.notified": "制作行政处罚事先告知书",
    "case.served": "登记文书送达",
    "case.statement": "记录陈述申辩",
    "case.proposed": "拟定处罚内容",
    "case.decided": "作出行政处罚决定",
    "review.submitted": "报送法制审核",
    "review.resubmitted": "补充材料后重新报送法制审核",
    "review.assigned": "指派法制审核人员",
    "review.returned": "退回补充送审材料",
    "review.accepted": "送审材料齐全，开始法制审核",
    "review.extended": "批准延长法制审核期限",
    "review.opinion": "出具法制审核意见书",
    "review.opinion_accepted": "承办机构采纳法制审核意见",
    "review.objected": "承办机构对法制审核意见提出异议",
    "review.objection_decided": "对法制审核意见的异议作出决定",
    "review.criterion_added": "添加须法制审核的情形",
    "review.involved": "法制审核人员提前介入",
    "review.involvement_comment": "法制审核人员提前介入意见",
    "review.question_asked": "法制审核人员向承办机构提出问询",
    "review.question_answered": "承办机构答复法制审核问询",
    "case.paid": "登记缴纳罚款",
    "case.levy_assessed": "核定征收（补偿、收费）数额",
    "case.levy_decided": "作出征收征用决定或收费通知",
    "case.levy_settled": "登记缴纳或支付补偿",
    "case.levy_returned": "登记征用财产返还",
    "case.payment_plan_applied": "登记延期（分期）缴纳罚款申请",
    "case.payment_plan_decided": "审批延期（分期）缴纳罚款",
    "case.instalment_paid": "登记分期缴纳罚款",
    "case.remedy_filed": "登记行政复议、行政诉讼",
    "case.remedy_ended": "登记行政复议、行政诉讼结果",
    "case.rectification_ordered": "责令改正",
    "case.rectification_checked": "复查改正情况",
    "case.inspected": "制作现场检查笔录（行政检查）",
    "case.inspection_concluded": "作出检查结论",
    "case.evidence_carried": "随检查立案移送证据",
    "inspection.plan_created": "制定检查计划",
    "case.urged": "制作催告书",
    "case.court_applied": "申请人民法院强制执行",
    "case.court_ruled": "登记人民法院裁定",
    "case.opinion": "审批意见",
    "case.officers": "确定承办人员",
    "case.av_reason": "写明不宜音像记录的原因",
    "case.moved": "案件进入下一环节",
    "case.measure_reported": "向负责人报告当场实施的行政强制措施",
    "case.measure_approved": "负责人审批行政强制措施",
    "case.measure_carried_out": "实施查封（扣押）并制作现场笔录",
    "case.measure_extended": "延长查封（扣押）期限",
    "case.measure_testing": "登记检测（鉴定）期间",
    "case.measure_released": "解除查封（扣押）",
    "case.evidence_linked": "关联证据",
    "case.credential_shown": "出示执法证件",
    "case.rights_told": "告知当事人权利",  # 简易程序 (第44、52条) and investigation (第55条) alike
    "case.handed_over": "当场交付处罚决定书",
    "case.filed": "当场处罚决定报备",
    "case.hearing_scheduled": "安排听证、制作听证通知书",
    "case.hearing_held": "举行听证、制作听证笔录",
    "case.hearing_ended": "听证未举行（当事人未出席或撤回申请）",
    "case.collective_discussed": "负责人集体讨论",
    "case.not_punished": "作出不予行政处罚决定",
    "case.transferred": "移送案件",
    "case.transfer_received": "登记移送案件的接收",
    "case.deadline_extended": "批准延长作出处罚决定的期限",
    "case.dossier_downloaded": "下载案卷",
    "case.dossier_exported": "导出案卷 BagIt 包",
    "case.recusal_requested": "记录回避申请",
    "case.recusal_decided": "作出回避决定",
    "case.record_made": "制作调查取证记录",
    "case.preservation_requested": "申请先行登记保存",
    "case.preservation_approved": "批准先行登记保存",
    "case.preservation_refused": "不予批准先行登记保存",
    "case.preservation_decided": "作出先行登记保存处理决定",
    "case.application_corrected": "当场更正申请材料",
    "case.correction_notified": "一次告知补正材料",
    "case.materials_supplemented": "登记补正材料",
    "case.application_accepted": "受理行政许可申请",
    "case.application_refused": "不予受理行政许可申请",
    "case.licence_verified": "实地核查",
    "case.licence_deadline_extended": "批准延长作出行政许可决定的期限",
    "case.licence_paused": "开始不计入审查期限的检验、鉴定或专家评审",
    "case.licence_resumed": "检验、鉴定或专家评审结束",
    "case.licence_hearing_requested": "登记行政许可听证",
    "case.licence_hearing_held": "举行行政许可听证",
    "case.licence_decided": "作出行政许可决定",
    "case.licence_issued": "颁发、送达行政许可证件",
    "case.licence_hearing_right_told": "告知行政许可听证权利",
    "case.licence_hearing_noticed": "通知（公告）行政许可听证的时间、地点",
    "case.licence_end_started": "启动撤回、撤销行政许可",
    "case.licence_end_notified": "告知拟撤回、撤销行政许可及陈述申辩权利",
    "case.licence_holder_heard": "听取被许可人的陈述申辩",
    "case.licence_ended": "作出撤回、撤销行政许可决定",
    "case.coercion_started": "启动行政强制执行",
    "case.coercion_defence": "记录强制执行前的陈述申辩及复核",
    "case.coercion_decided": "作出强制执行决定",
    "case.demolition_announced": "发布强制拆除公告",
    "case.substitute_notified": "代履行前催告",
    "case.agreement_signed": "签订执行协议",
    "case.agreement_ended": "登记执行协议履行情况",
    "case.enforced": "实施强制执行",
    "case.enforcement_refused": "拒绝不符合法定条件的强制执行",
    "case.enforcement_suspended": "中止执行",
    "case.enforcement_resumed": "恢复执行",
    "case.enforcement_terminated": "终结执行",
    "case.measure_disposed": "处理查封（扣押）的财物",
    "complaint.received": "登记投诉举报",
    "document.issued": "制作执法文书",
    "document.voided": "作废执法文书",
    "document.downloaded": "下载执法文书",
    "complaint.answered": "答复投诉举报人",
    "party.recorded": "登记当事人",
    "party.linked": "使用已登记的当事人",
    "party.updated": "更正当事人信息",
    "party.agent_added": "登记委托代理人",
    "party.service_address_confirmed": "送达地址确认",
    "ledger.key_created": "生成签名密钥",
    "ledger.checkpoint_witnessed": "见证签名",
    "publication.drafted": "生成执法公示信息草稿",
    "publication.marked": "确认公示信息技术处理",
    "publication.published": "审核发布执法公示信息",
    "publication.revocation_recorded": "登记公示决定被撤销等情况",
    "publication.withdrawn": "撤回执法公示信息并公开理由",
    "publication.expired": "公示期满撤下",
    "publication.repaired": "信用修复后撤下公示信息",
    "publication.licence_ended": "许可被撤回或撤销，公示信息的当前状态随之更新",
    "publication.licence_issued": "颁发许可证件，公示信息补充许可证书名称和许可编号",
    "credit.exported": "导出双公示信息（报送信用平台）",
    "credit.endpoint_set": "设置信用平台接收地址",
    "credit.delivered": "信用信息已推送至信用平台",
    "publicity.correction_received": "收到公示信息更正申请",
    "publicity.correction_evidence_opened": "查看更正申请的证明材料",
    "statistics.reported": "报送行政执法统计数据",
    "publicity.correction_answered": "答复公示信息更正申请",
    "publicity.corrected": "更正公示信息并发布新版本",
    "publicity.settings": "修改执法公示设置",
}

UNKNOWN_KIND = "其他记录"

_CODE = re.compile(r"\b[A-Z]{3}-\d{2}\b")
_CODED = re.compile(r"^([A-Z]{3}-\d{2})(?:\s+(\S.*))?$")
_CITATION = re.compile(r"^《?([^《》\s]+?)》?\s*第\s*(\d+)\s*条$")
_PARTS = re.compile(r"\s*[、；;，,]\s*")


def kind_label(kind: str) -> str:
    """What a ledger entry of ``kind`` records, in words; an unregistered kind never shows as itself."""
    return KINDS.get(kind, UNKNOWN_KIND)


def is_kind(text: str) -> bool:
    return text in KINDS


def _citation(part: str) -> str | None:
    """``行政处罚法 第42条`` → ``《行政处罚法》第四十二条``; None when ``part`` is no citation."""
    m = _CITATION.match(part)
    if m is None or not 1 <= int(m.group(2)) <= 9999:
        return None
    return f"《{m.group(1)}》第{to_chinese(int(m.group(2)))}条"


def _part(part: str, *, basis: bool) -> str:
    cited = _citation(part)
    if cited is not None and not (basis and part in RULES):
        return cited  # by name only, a citation reads better as itself than as a name
    if part in RULES:
        return RULES[part].label if basis else RULES[part].name
    m = _CODED.match(part)
    if m is not None:
        # ``GEN-03 持证上岗``: the words that follow the code; a bare code: its name, or nothing.
        return m.group(2) or (RULES[m.group(1)].name if m.group(1) in RULES else "")
    return _CODE.sub("", part).strip()


def _words(rule: str, *, basis: bool) -> str:
    rule = (rule or "").strip()
    if rule in RULES and (basis or _citation(rule) is None):
        return RULES[rule].label if basis else RULES[rule].name
    parts = [_part(p, basis=basis) for p in _PARTS.split(rule)]
    return "、".join(p for p in parts if p)


def rule_label(rule: str) -> str:
    """``rule`` (a requirement code, an obligation's rule, a legal citation, or several joined by 、 or ；) as a
    person reads it: the name with its legal basis where known, and never a code.

    ``REC-10 移交`` → ``音像记录24小时内移交（《行政执法全过程记录办法》第二十五条、…）``;
    ``行政处罚法 第7条`` → ``《行政处罚法》第七条``; an unnamed code is left out."""
    return _words(rule, basis=True)


def rule_name(rule: str) -> str:
    """``rule`` by name only, for a refusal's sentence (``…（公示前审核）``): codes replaced by their names
    or dropped, a legal citation in words."""
    return _words(rule, basis=False)


def rule_code(rule: str) -> str:
    """The requirement codes in ``rule``, for a tooltip (``title=``): ``REC-10 移交`` → ``REC-10``."""
    return " ".join(_CODE.findall(rule or ""))


def strip_codes(text: str) -> str:
    """``text`` with requirement codes taken out, e.g. a basis written as ``GEN-03 持证上岗：…``."""
    return re.sub(r"（\s*）|\(\s*\)", "", _CODE.sub("", text or "")).strip(" 、；：")

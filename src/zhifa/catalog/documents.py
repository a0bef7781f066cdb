"""执法文书样本 (GEN-05) as declarative templates: each document is data — its title, legal basis, number
pattern and ordered parts of standard wording (规范用语) with named placeholders such as ``{当事人名称}`` —
and one renderer turns it into text lines, the HTML sample and a DOCX (``zhifa.catalog.docx``).

The placeholders are the fields the cases module fills; a missing required field is refused naming the field.
The same definition gives the published sample (filled with marked example values), the DOCX download and,
later, the case's own document, so the sample the public reads is the document the system produces.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from zhifa.core.errors import RuleViolation

CHECKED, UNCHECKED = "☑", "☐"
BLANK = "＿＿＿＿＿＿"
SAMPLE_MARK = "〔示例〕"


@dataclass(frozen=True)
class Field:
    """One placeholder: ``name`` is what the wording writes between braces."""

    name: str
    label: str = ""
    required: bool = True
    help: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()        # the value must be one of these
    flag: bool = False                   # a yes/no switch that includes or leaves out parts

    @property
    def placeholder(self) -> str:
        return "{" + self.name + "}"

    @property
    def title(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Part:
    """A piece of the document. ``kind``: ``para`` (a body paragraph), ``addressee`` (称谓, not indented),
    ``row`` (a form row: ``label`` and its text), ``checklist`` (every choice of ``text``'s field, the chosen
    one ticked), ``sign`` (the signature and seal block, right-aligned), ``note`` (a small note at the foot).
    ``when`` names a flag field: the part appears only when that flag is set."""

    kind: str
    text: str = ""
    label: str = ""
    when: str = ""


@dataclass(frozen=True)
class Rendered:
    kind: str
    text: str
    label: str = ""

    def line(self) -> str:
        return f"{self.label}：{self.text}" if self.label else self.text


NUMBER_FIELDS = (
    Field("agency_short", "机关简称（文号机关代字）", example="鞍自然"),
    Field("year", "年度", example="2026"),
    Field("n", "序号", example="示例1"),
)


@dataclass(frozen=True)
class DocumentTemplate:
    code: str
    title: str
    basis: str
    number_pattern: str
    fields: tuple[Field, ...]
    parts: tuple[Part, ...]
    summary: str = ""
    all_fields: tuple[Field, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        used_number = placeholders(self.number_pattern)
        declared = [*(f for f in NUMBER_FIELDS if f.name in used_number), *self.fields]
        names = [f.name for f in declared]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.code}: 字段重复")
        object.__setattr__(self, "all_fields", tuple(declared))
        for part in self.parts:
            for name in placeholders(part.text) | ({part.when} if part.when else set()):
                if name not in names:
                    raise ValueError(f"{self.code}: 文书内容引用了未定义的字段 {name}")
            if part.kind == "checklist" and not self.field(part.text.strip("{}")).choices:
                raise ValueError(f"{self.code}: 勾选项须引用有选项的字段")
        for name in used_number - set(names):
            raise ValueError(f"{self.code}: 文号引用了未定义的字段 {name}")

    def field(self, name: str) -> Field:
        return next(f for f in self.all_fields if f.name == name)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _present(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def check_values(template: DocumentTemplate, values: Mapping[str, object]) -> None:
    """Refuse a missing required value or a value outside a field's choices, naming the field."""
    for f in template.all_fields:
        value = values.get(f.name)
        if f.flag:
            continue
        if f.required and not _present(value):
            raise RuleViolation(f"《{template.title}》缺少必填项“{f.title}”", rule=template.basis, field=f.name)
        if f.choices and _present(value) and str(value) not in f.choices:
            raise RuleViolation(f"《{template.title}》“{f.title}”只能是：{'、'.join(f.choices)}",
                                rule=template.basis, field=f.name)


def _fill(text: str, values: Mapping[str, str]) -> str:
    return text.format_map(values)


def number_of(template: DocumentTemplate, values: Mapping[str, object]) -> str:
    if not template.number_pattern:
        return ""
    check_values(template, values)
    return _fill(template.number_pattern, _texts(template, values))


def _texts(template: DocumentTemplate, values: Mapping[str, object]) -> dict[str, str]:
    # the wording supplies the full stop after a placeholder, so a value's own is dropped
    return {f.name: str(values[f.name]).strip().rstrip("。") if _present(values.get(f.name)) else BLANK
            for f in template.all_fields}


def render_parts(template: DocumentTemplate, values: Mapping[str, object]) -> list[Rendered]:
    """The body of a document, filled: title and number are ``template.title`` and ``number_of``."""
    check_values(template, values)
    texts = _texts(template, values)
    out: list[Rendered] = []
    for part in template.parts:
        if part.when and not values.get(part.when):
            continue
        if part.kind == "checklist":
            f = template.field(part.text.strip("{}"))
            chosen = str(values.get(f.name, ""))
            last = len(f.choices) - 1
            out.extend(Rendered("check", f"{CHECKED if c == chosen else UNCHECKED} {c}{'。' if i == last else '；'}")
                       for i, c in enumerate(f.choices))
            continue
        out.append(Rendered(part.kind, _fill(part.text, texts), part.label))
    return out


def render_text(template: DocumentTemplate, values: Mapping[str, object]) -> list[str]:
    """The document as lines: title, number (if the document has one), then each part in order."""
    lines = [template.title]
    number = number_of(template, values)
    if number:
        lines.append(number)
    lines.extend(r.line() for r in render_parts(template, values))
    return lines


def sample_values(template: DocumentTemplate) -> dict[str, object]:
    """Example values for the published sample, each text marked 〔示例〕 so nobody takes it for a real case."""
    values: dict[str, object] = {}
    for f in template.all_fields:
        if f.flag:
            values[f.name] = True
        elif f.choices:
            values[f.name] = f.example or f.choices[0]
        elif f in NUMBER_FIELDS:
            values[f.name] = f.example
        elif f.example:
            values[f.name] = SAMPLE_MARK + f.example
    return values


# ---------------------------------------------------------------- shared fields and wording

PARTY = Field("当事人名称", "当事人名称（姓名）", example="鞍山某建材有限公司")
PARTY_ID = Field("证件号码", "统一社会信用代码（身份证号码）", example="91210300MA0XXXXXXX")
PARTY_REP = Field("法定代表人", "法定代表人（负责人）", required=False, example="刘某某")
PARTY_ADDRESS = Field("当事人地址", "住所（地址）", example="鞍山市铁东区某某路88号")
AGENCY = Field("机关名称", "行政机关名称", example="鞍山市自然资源局")
DATE = Field("日期", "文书日期", help="如：2026年3月5日", example="2026年3月5日")
FACTS = Field("违法事实", help="时间、地点、行为、情节、后果", example=(
    "于2025年5月至2025年9月，未经批准，在鞍山市千山区某某村占用集体土地1200平方米建设厂房"))
EVIDENCE = Field("证据", "证据名称", help="逐项列明证明违法事实的证据",
                 example="现场检查（勘验）笔录、询问笔录、勘测定界图、现场照片及音像记录")
VIOLATED = Field("违反的规定", "违反的法律规定", example="《中华人民共和国土地管理法》第四十四条第一款")
PENALTY_BASIS = Field("处罚依据", example="《中华人民共和国土地管理法》第七十七条第一款")
REVIEW_BODY = Field("复议机关", "行政复议机关", help="依行政复议法确定的复议机关", example="鞍山市人民政府")
COURT = Field("管辖法院", "有管辖权的人民法院", example="鞍山市铁东区人民法院")
CONTACT = Field("联系人", "联系人及电话", example="张伟　0412-0000000")
DECISION_TITLE = Field("决定书名称", "所执行的行政决定", example="行政处罚决定书")
AGENCY_ADDRESS = Field("机关地址", "本机关地址", example="鞍山市铁东区某某街1号")

SIGN = (Part("sign", "{机关名称}"), Part("sign", "（印章）"), Part("sign", "{日期}"))
PARTY_LINES = (
    Part("para", "当事人：{当事人名称}"),
    Part("para", "统一社会信用代码（身份证号码）：{证件号码}"),
    Part("para", "法定代表人（负责人）：{法定代表人}"),
    Part("para", "住所（地址）：{当事人地址}"),
)
REMEDY = ("如不服本决定，可以在收到本决定书之日起六十日内向{复议机关}申请行政复议，"
          "也可以在收到本决定书之日起六个月内依法向{管辖法院}提起行政诉讼。")

# ---------------------------------------------------------------- the documents

CASE_APPROVAL = DocumentTemplate(
    code="case_approval", title="立案审批表", basis="行政处罚法 第54条",
    number_pattern="{agency_short}立字〔{year}〕{n}号",
    summary="符合立案标准的，经行政机关负责人批准立案。",
    fields=(
        Field("案件来源", choices=("监督检查", "投诉举报", "上级交办", "其他机关移送", "其他"), example="监督检查"),
        Field("案由", example="涉嫌非法占用土地"),
        PARTY, PARTY_ID, PARTY_REP, PARTY_ADDRESS,
        Field("联系电话", "当事人联系电话", required=False, example="138********"),
        Field("简要案情", help="发现的时间、经过和涉嫌违法的事实", example=(
            "2025年9月12日巡查发现，当事人在千山区某某村占用集体土地建设厂房，未能提供用地批准文件")),
        VIOLATED,
        Field("承办人员", "承办人员及执法证件号", example="张伟（21000000001）、李娜（21000000002）"),
        Field("承办机构意见", required=False, help="由承办机构负责人填写"),
        Field("负责人审批意见", "行政机关负责人审批意见", required=False, help="由行政机关负责人填写"),
        AGENCY, DATE,
    ),
    parts=(
        Part("row", "{案件来源}", "案件来源"),
        Part("row", "{案由}", "案由"),
        Part("row", "{当事人名称}", "当事人"),
        Part("row", "{证件号码}", "统一社会信用代码（身份证号码）"),
        Part("row", "{法定代表人}", "法定代表人（负责人）"),
        Part("row", "{当事人地址}", "住所（地址）"),
        Part("row", "{联系电话}", "联系电话"),
        Part("row", "{简要案情}", "简要案情"),
        Part("row", "经初步核实，当事人涉嫌违反{违反的规定}的规定，有涉嫌违法的事实，依法应当给予行政处罚，"
                    "属于本机关管辖，且在《中华人民共和国行政处罚法》第三十六条规定的期限内。"
                    "依据《中华人民共和国行政处罚法》第五十四条第二款，建议立案调查，由{承办人员}承办。"
                    "　承办人（签名）：　　　　年　月　日", "承办人意见"),
        Part("row", "{承办机构意见}　负责人（签名）：　　　　年　月　日", "承办机构意见"),
        Part("row", "{负责人审批意见}　负责人（签名）：　　　　年　月　日", "行政机关负责人审批意见"),
        *SIGN,
    ),
)

PRIOR_NOTICE = DocumentTemplate(
    code="prior_notice", title="行政处罚事先告知书", basis="行政处罚法 第44、45、63、64条",
    number_pattern="{agency_short}罚告字〔{year}〕{n}号",
    summary="作出行政处罚决定前，告知拟处罚的事实、理由、依据和内容，以及陈述、申辩和要求听证的权利。",
    fields=(
        PARTY, FACTS, EVIDENCE, VIOLATED, PENALTY_BASIS,
        Field("处罚理由", "拟处罚的理由（含裁量理由）", example=(
            "当事人非法占用的土地符合土地利用总体规划，依据本机关裁量基准属一般情节")),
        Field("拟处罚内容", example=(
            "1. 责令退还非法占用的土地；2. 没收在非法占用的土地上新建的建筑物和其他设施；"
            "3. 处非法占用土地每平方米100元的罚款，计人民币120000元")),
        Field("听证权利", "告知听证权利", required=False, flag=True,
              help="拟作出的处罚属于行政处罚法第六十三条规定情形的，勾选此项"),
        CONTACT, AGENCY_ADDRESS, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}："),
        Part("para", "经查，你（单位）{违法事实}。"),
        Part("para", "以上事实有{证据}等证据为证。"),
        Part("para", "你（单位）的上述行为违反了{违反的规定}的规定。{处罚理由}。依据{处罚依据}的规定，"
                     "本机关拟对你（单位）作出如下行政处罚：{拟处罚内容}。"),
        Part("para", "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）享有陈述、申辩的权利。"
                     "你（单位）可以自收到本告知书之日起五个工作日内向本机关提出陈述、申辩意见；"
                     "逾期未提出的，视为放弃陈述、申辩的权利。本机关将充分听取你（单位）的意见，"
                     "对你（单位）提出的事实、理由和证据进行复核；你（单位）提出的事实、理由或者证据成立的，"
                     "本机关将予以采纳。本机关不因你（单位）陈述、申辩而给予更重的处罚。"),
        Part("para", "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。"
                     "如要求听证，应当自收到本告知书之日起五个工作日内向本机关提出；逾期未提出的，视为放弃听证的权利。"
                     "当事人不承担行政机关组织听证的费用。", when="听证权利"),
        Part("para", "联系人及电话：{联系人}　本机关地址：{机关地址}"),
        *SIGN,
    ),
)

DECISION = DocumentTemplate(
    code="penalty_decision", title="行政处罚决定书", basis="行政处罚法 第59条；第67、72条",
    number_pattern="{agency_short}罚决字〔{year}〕{n}号",
    summary="行政处罚法第五十九条规定的全部事项：当事人、违法事实和证据、处罚种类和依据、履行方式和期限、"
            "救济途径和期限、作出决定的机关名称和日期，并加盖印章。",
    fields=(
        PARTY, PARTY_ID, PARTY_REP, PARTY_ADDRESS,
        Field("立案日期", example="2025年9月15日"),
        Field("案由", example="非法占用土地"),
        FACTS, EVIDENCE,
        Field("告知书文号", "事先告知书文号", example="鞍自然罚告字〔2026〕示例1号"),
        Field("告知日期", "事先告知书送达日期", example="2026年2月10日"),
        Field("陈述申辩情况", "陈述、申辩、听证情况及采纳情况", example=(
            "当事人在规定期限内未提出陈述、申辩，未要求听证")),
        VIOLATED,
        Field("处罚理由", "处罚理由（含裁量理由）", example=(
            "当事人非法占用的土地符合土地利用总体规划，依据本机关裁量基准属一般情节")),
        PENALTY_BASIS,
        Field("处罚内容", "处罚种类和数额", example=(
            "1. 责令退还非法占用的土地；2. 没收在非法占用的土地上新建的建筑物和其他设施；"
            "3. 处非法占用土地每平方米100元的罚款，计人民币120000元")),
        Field("履行方式和期限", help="责令改正、没收等的履行方式和期限", example=(
            "当事人应自收到本决定书之日起十五日内退还非法占用的土地，并配合本机关办理没收建筑物和其他设施的移交手续")),
        Field("含罚款", "处罚含罚款", required=False, flag=True, help="处罚含罚款时载明缴纳期限和加处罚款"),
        Field("缴款方式", "罚款缴纳银行及账户", required=False,
              example="中国某某银行鞍山分行（或通过电子支付系统缴纳），凭《非税收入缴款书》缴纳"),
        REVIEW_BODY, COURT, AGENCY, DATE,
    ),
    parts=(
        *PARTY_LINES,
        Part("para", "本机关于{立案日期}对你（单位）{案由}一案立案调查，现已调查终结。"),
        Part("para", "经查明，你（单位）{违法事实}。"),
        Part("para", "以上事实有下列证据证明：{证据}。"),
        Part("para", "本机关于{告知日期}向你（单位）送达了《行政处罚事先告知书》（{告知书文号}），"
                     "告知了拟作出行政处罚的事实、理由、依据和处罚内容，以及你（单位）依法享有的陈述、申辩和要求听证的"
                     "权利。{陈述申辩情况}。"),
        Part("para", "本机关认为，你（单位）的上述行为违反了{违反的规定}的规定。{处罚理由}。依据{处罚依据}的规定，"
                     "本机关决定对你（单位）作出如下行政处罚：{处罚内容}。"),
        Part("para", "履行方式和期限：{履行方式和期限}。"),
        Part("para", "罚款自收到本决定书之日起十五日内缴至{缴款方式}。"
                     "到期不缴纳罚款的，依据《中华人民共和国行政处罚法》第七十二条第一款第一项的规定，本机关每日按罚款"
                     "数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。",
             when="含罚款"),
        Part("para", REMEDY + "行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外。"),
        Part("para", "你（单位）逾期不申请行政复议、不提起行政诉讼又不履行本决定的，"
                     "本机关将依法申请人民法院强制执行。"),
        *SIGN,
        Part("note", "（本决定书一式两份，一份送达当事人，一份由本机关存档。）"),
    ),
)

SERVICE_RECEIPT = DocumentTemplate(
    code="service_receipt", title="送达回证", basis="记录办法 第十九~二十一条；REC-07",
    number_pattern="",
    summary="直接、邮寄、留置、委托、公告送达的记录；留置送达由送达人、见证人签名并音像记录。",
    fields=(
        Field("送达文书名称及文号", example="《行政处罚决定书》（鞍自然罚决字〔2026〕示例1号）"),
        Field("受送达人", example="鞍山某建材有限公司"),
        Field("送达地点", example="鞍山市铁东区某某路88号"),
        Field("送达方式", choices=("直接送达", "邮寄送达", "留置送达", "委托送达", "转交送达", "公告送达", "电子送达"),
              example="留置送达"),
        Field("送达人", "送达人（签名）", example="张伟、李娜"),
        Field("签收", "受送达人（签名或盖章）及签收日期", required=False,
              help="受送达人或者符合法定条件的签收人签名或盖章并写明日期"),
        Field("代收人", "代收人及代收理由", required=False),
        Field("拒收事由", "拒收事由和日期（留置送达）", required=False,
              example="受送达人法定代表人拒绝签收，2026年3月6日"),
        Field("见证人", "见证人（签名或盖章，留置送达）", required=False, example="王某某（某某村村民委员会）"),
        Field("备注", required=False, help="邮寄送达的付邮凭证号；委托、转交送达的原因；公告送达的载体和经过",
              example="送达过程已音像记录"),
        AGENCY, DATE,
    ),
    parts=(
        Part("row", "{送达文书名称及文号}", "送达文书名称及文号"),
        Part("row", "{受送达人}", "受送达人"),
        Part("row", "{送达地点}", "送达地点"),
        Part("row", "{送达方式}", "送达方式"),
        Part("row", "{送达人}", "送达人（签名）"),
        Part("row", "{签收}　　年　月　日", "受送达人（签名或盖章）"),
        Part("row", "{代收人}", "代收人及代收理由"),
        Part("row", "{拒收事由}", "拒收事由和日期"),
        Part("row", "{见证人}", "见证人（签名或盖章）"),
        Part("row", "{备注}", "备注"),
        *SIGN,
        Part("note", "说明：直接送达的，由送达人、受送达人或者符合法定条件的签收人在本回证上签名或盖章。"
                     "邮寄送达的，采用挂号信或者特快专递，留存载明文书名称、文号的付邮凭证。"
                     "受送达人拒绝签收的，送达人在本回证上记明拒收事由和日期，由送达人、见证人签名或盖章，"
                     "把文书留在受送达人的住所，并采用音像记录等方式记录送达过程。"
                     "委托、转交送达的，记明委托、转交的原因。公告送达的，记明其他方式无法送达的情况及公告的方式和载体"
                     "。"),
    ),
)

ONSITE_RECORD = DocumentTemplate(
    code="onsite_record", title="现场检查（勘验）笔录", basis="行政处罚法 第55条；REC-03；记录办法 第十三条",
    number_pattern="",
    summary="检查时间、地点，执法人员姓名和证件号，出示证件，告知权利，检查情况，当事人签名或拒签情况。",
    fields=(
        Field("开始时间", "检查开始时间", example="2025年9月12日9时30分"),
        Field("结束时间", "检查结束时间", example="2025年9月12日10时45分"),
        Field("检查地点", example="鞍山市千山区某某村东侧"),
        Field("被检查人", example="鞍山某建材有限公司"),
        Field("在场人", "现场负责人或在场人（姓名、职务、联系电话）", example="刘某某，法定代表人，138********"),
        Field("执法人员", "执法人员姓名及执法证件号", example="张伟（21000000001）、李娜（21000000002）"),
        Field("记录人", example="李娜"),
        Field("回避", "是否申请回避", choices=("不申请回避", "申请回避"), example="不申请回避"),
        Field("检查情况", "检查（勘验）情况", help="现场状况、测量数据、发现的问题、提取的证据", example=(
            "现场有新建钢结构厂房一座，经测量占地面积约1200平方米；被检查人未能提供用地批准文件；现场拍摄照片12张")),
        Field("音像记录", "音像记录情况", help="执法记录仪编号及起止时间；不宜音像记录的，写明原因",
              example="使用执法记录仪（编号AS-NR-0007）全程录音录像"),
        Field("当事人意见", "当事人（在场人）意见", required=False, example="对检查情况无异议"),
        Field("当事人签名", "当事人（在场人）签名", required=False, help="当事人签名；拒绝签名的，留空并填写拒签情况"),
        Field("拒签情况", required=False, help="当事人拒绝签名或不在场的情况，及见证人姓名", example="无"),
    ),
    parts=(
        Part("row", "{开始时间}至{结束时间}", "检查时间"),
        Part("row", "{检查地点}", "检查地点"),
        Part("row", "{被检查人}", "被检查人"),
        Part("row", "{在场人}", "现场负责人或在场人"),
        Part("row", "{执法人员}", "执法人员及执法证件号"),
        Part("row", "{记录人}", "记录人"),
        Part("para", "执法人员{执法人员}向{在场人}出示了执法证件，表明了身份，说明了检查的事由和依据，并告知："
                     "你有权进行陈述和申辩；如认为执法人员与本案有直接利害关系或者有其他关系可能影响公正执法的，"
                     "有权申请回避；检查过程将进行同步录音录像。当事人（在场人）表示：{回避}。"),
        Part("para", "检查（勘验）情况：{检查情况}。"),
        Part("para", "音像记录情况：{音像记录}。"),
        Part("para", "当事人（在场人）意见：{当事人意见}。"),
        Part("para", "以上笔录已交当事人（在场人）核对（或已向其宣读），确认与实际情况一致。"),
        Part("row", "{当事人签名}　　年　月　日", "当事人（在场人）签名"),
        Part("row", "{拒签情况}", "拒签情况及见证人"),
        Part("row", "＿＿＿＿＿＿　＿＿＿＿＿＿　　年　月　日", "执法人员签名"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "记录人签名"),
        Part("note", "（当事人拒绝签名或者不在场的，由执法人员在笔录中注明，并可以邀请见证人签名。第　页　共　页）"),
    ),
)

INQUIRY_RECORD = DocumentTemplate(
    code="inquiry_record", title="询问笔录", basis="行政处罚法 第55条；REC-03",
    number_pattern="",
    summary="询问时间、地点，询问人和记录人，被询问人身份，出示证件和告知权利，问答，核对和签名。",
    fields=(
        Field("开始时间", "询问开始时间", example="2025年9月16日14时00分"),
        Field("结束时间", "询问结束时间", example="2025年9月16日15时20分"),
        Field("询问地点", example="鞍山市自然资源局执法监察支队询问室"),
        Field("询问人", "询问人姓名及执法证件号", example="张伟（21000000001）、李娜（21000000002）"),
        Field("记录人", example="李娜"),
        Field("被询问人", "被询问人姓名", example="刘某某"),
        Field("被询问人证件号码", "身份证件号码", example="210302********0000"),
        Field("工作单位及职务", required=False, example="鞍山某建材有限公司 法定代表人"),
        Field("被询问人电话", "联系电话", required=False, example="138********"),
        Field("被询问人住址", "住址", required=False, example="鞍山市铁东区某某小区"),
        AGENCY,
        Field("案由", example="涉嫌非法占用土地"),
        Field("回避", "是否申请回避", choices=("不申请回避", "申请回避"), example="不申请回避"),
        Field("问答", "询问内容（问、答）", help="逐问逐答记录", example=(
            "问：你单位在千山区某某村建设的厂房是否办理了用地审批手续？答：没有办理。")),
    ),
    parts=(
        Part("row", "{开始时间}至{结束时间}", "询问时间"),
        Part("row", "{询问地点}", "询问地点"),
        Part("row", "{询问人}", "询问人及执法证件号"),
        Part("row", "{记录人}", "记录人"),
        Part("row", "{被询问人}", "被询问人"),
        Part("row", "{被询问人证件号码}", "身份证件号码"),
        Part("row", "{工作单位及职务}", "工作单位及职务"),
        Part("row", "{被询问人电话}", "联系电话"),
        Part("row", "{被询问人住址}", "住址"),
        Part("para", "问：我们是{机关名称}的执法人员{询问人}，这是我们的执法证件（出示证件）。"
                     "现依法就{案由}一事向你进行调查询问。"
                     "你有如实回答询问的义务，也有陈述、申辩的权利；如认为执法人员与本案有直接利害关系或者有其他关系"
                     "可能影响公正执法的，有权申请回避。询问过程将进行同步录音录像。你是否听清楚了？是否申请回避？"),
        Part("para", "答：听清楚了，{回避}。"),
        Part("para", "{问答}"),
        Part("para", "问：以上所说是否属实？你还有什么补充？请核对笔录。"),
        Part("para", "被询问人核对意见：以上笔录我已看过（或已向我宣读），与我所说的一致。"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "被询问人签名"),
        Part("row", "＿＿＿＿＿＿　＿＿＿＿＿＿　　年　月　日", "询问人签名"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "记录人签名"),
        Part("note", "（被询问人应逐页签名并在修改处按指印；拒绝签名的，由询问人注明。第　页　共　页）"),
    ),
)

SEIZURE_DECISION = DocumentTemplate(
    code="seizure_decision", title="查封（扣押）决定书", basis="行政强制法 第24、25条",
    number_pattern="{agency_short}强决字〔{year}〕{n}号",
    summary="行政强制法第二十四条规定的事项：当事人、理由、依据和期限、财物名称和数量、救济途径和期限、"
            "机关名称、印章和日期；附查封（扣押）清单。",
    fields=(
        PARTY, PARTY_ID, PARTY_ADDRESS,
        Field("查封扣押理由", "查封（扣押）的理由", example=(
            "你单位涉嫌非法占用土地建设厂房，且在责令停止违法行为后继续施工，"
            "为防止证据损毁、制止违法行为，有必要对施工机械予以扣押")),
        Field("查封扣押依据", "查封（扣押）的依据", example="《中华人民共和国土地管理法》第六十八条第四项"),
        Field("措施", "强制措施", choices=("查封", "扣押"), example="扣押"),
        Field("财物", "查封（扣押）的场所、设施或者财物的名称、数量等", example="挖掘机1台、装载机1台"),
        Field("期限", "期限（日，不超过三十日）", example="30"),
        Field("起始日期", example="2025年9月20日"),
        Field("截止日期", example="2025年10月19日"),
        Field("保管", "保管方式和场所", example="由本机关在鞍山市某某停车场保管"),
        REVIEW_BODY, COURT, AGENCY, DATE,
    ),
    parts=(
        *PARTY_LINES[:2],
        PARTY_LINES[3],
        Part("para", "{查封扣押理由}。依据{查封扣押依据}和《中华人民共和国行政强制法》第二十三条、第二十四条的规定，"
                     "本机关决定对你（单位）的下列场所、设施或者财物予以{措施}：{财物}（详见《查封（扣押）清单》）。"),
        Part("para", "{措施}期限为{期限}日，自{起始日期}起至{截止日期}止。情况复杂的，经本机关负责人批准，可以延长，"
                     "但延长期限不超过三十日，延长的决定和理由将书面告知你（单位）。对物品需要进行检测、检验、检疫或者"
                     "技术鉴定的，"
                     "查封、扣押的期间不包括检测、检验、检疫或者技术鉴定的期间，本机关将书面告知你（单位）。"),
        Part("para", "{措施}的场所、设施或者财物{保管}。对{措施}的场所、设施或者财物，任何单位和个人不得擅自启封、"
                     "转移、使用或者损毁。"),
        Part("para", REMEDY),
        *SIGN,
        Part("note", "（本决定书附《查封（扣押）清单》，清单一式二份，由当事人和本机关分别保存。）"),
    ),
)

REVIEW_OUTCOMES = ("同意", "不同意", "违法行为不能成立，不予作出行政执法决定", "重新调查（或补充调查）",
                   "变更或修正行政执法决定", "纠正程序违法行为", "依法移送有关部门")

REVIEW_OPINION = DocumentTemplate(
    code="review_opinion", title="重大行政执法决定合法性审查意见书", basis="REV-08；审核制度 第九条及附件2",
    number_pattern="{agency_short}法审〔{year}〕{n}号",
    summary="法制审核的书面意见：编号、审核意见（勾选）、理由及依据、审核人员；一式两份，分别存档和交承办机构。",
    fields=(
        Field("承办机构", example="鞍山市自然资源局执法监察支队"),
        Field("案件名称", example="鞍山某建材有限公司非法占用土地案"),
        Field("案件号", example="鞍自然立字〔2025〕示例15号"),
        Field("审核意见", choices=REVIEW_OUTCOMES, example="同意"),
        Field("理由及依据", example=(
            "执法主体合法，执法人员具备资格；事实清楚，证据确凿；适用《中华人民共和国土地管理法》第七十七条第一款正确；"
            "程序合法；罚款数额在裁量基准幅度内；文书完备规范")),
        Field("法制审核人员", example="孙某某、周某某"),
        Field("法制审核机构", example="法规督考科"),
        AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{承办机构}："),
        Part("para", "按照重大行政执法决定法制审核的有关规定，对你单位提交的{案件名称}（案件号：{案件号}）"
                     "进行了合法性审核，提出以下意见："),
        Part("checklist", "{审核意见}"),
        Part("para", "理由及依据：{理由及依据}"),
        Part("para", "法制审核人员：{法制审核人员}"),
        Part("sign", "{机关名称}"),
        Part("sign", "{日期}"),
        Part("note", "（本文书一式两份：一份由{法制审核机构}存档，一份交{承办机构}。写不下可另附纸）"),
    ),
)

HEARING_NOTICE = DocumentTemplate(
    code="hearing_notice", title="行政处罚听证通知书", basis="行政处罚法 第64条",
    number_pattern="{agency_short}听通字〔{year}〕{n}号",
    summary="当事人要求听证的，在举行听证的七日前通知听证的时间、地点、主持人，告知申请回避、委托代理和不出席的后果。",
    fields=(
        PARTY,
        Field("申请日期", "当事人提出听证申请的日期", example="2026年2月12日"),
        Field("案由", example="非法占用土地"),
        Field("听证时间", example="2026年2月26日9时30分"),
        Field("听证地点", example="鞍山市自然资源局三楼听证室"),
        Field("主持人", "听证主持人（非本案调查人员）", example="孙某某"),
        Field("听证员", required=False, example="周某某"),
        Field("记录员", example="吴某某"),
        Field("公开举行", "公开举行听证", required=False, flag=True,
              help="涉及国家秘密、商业秘密或者个人隐私依法予以保密的，不勾选"),
        CONTACT, AGENCY_ADDRESS, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}："),
        Part("para", "根据你（单位）于{申请日期}提出的听证申请，依据《中华人民共和国行政处罚法》第六十三条、第六十四条"
                     "的规定，"
                     "本机关决定就你（单位）{案由}一案举行听证。现将有关事项通知如下："),
        Part("para", "一、听证时间：{听证时间}。"),
        Part("para", "二、听证地点：{听证地点}。"),
        Part("para", "三、听证主持人：{主持人}；听证员：{听证员}；记录员：{记录员}。"),
        Part("para", "四、本次听证公开举行。", when="公开举行"),
        Part("para", "你（单位）认为主持人、听证员、记录员与本案有直接利害关系或者有其他关系可能影响公正听证的，"
                     "有权申请回避，并应当在听证开始前提出并说明理由。"),
        Part("para", "你（单位）可以亲自参加听证，也可以委托一至二人代理。委托代理人参加听证的，应当在听证开始前向本机"
                     "关提交"
                     "由你（单位）签名或者盖章的授权委托书，载明委托事项及权限。请携带身份证明及有关证据材料按时参加。"
                     ""),
        Part("para", "你（单位）及代理人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本机关终止"
                     "听证。"
                     "当事人不承担行政机关组织听证的费用。"),
        Part("para", "联系人及电话：{联系人}　本机关地址：{机关地址}"),
        *SIGN,
        Part("note", "（本通知书应当在举行听证的七日前送达当事人。）"),
    ),
)

HEARING_RECORD = DocumentTemplate(
    code="hearing_record", title="听证笔录", basis="行政处罚法 第64条第八项、第65条",
    number_pattern="",
    summary="听证的时间、地点、主持人、参加人；调查人员提出的事实、证据和处罚建议，当事人的申辩和质证，最后陈述；"
            "由当事人或者其代理人核对后签字或者盖章，拒签的由主持人注明。",
    fields=(
        Field("案由", example="鞍山某建材有限公司非法占用土地案"),
        Field("开始时间", "听证开始时间", example="2026年2月26日9时30分"),
        Field("结束时间", "听证结束时间", example="2026年2月26日11时10分"),
        Field("听证地点", example="鞍山市自然资源局三楼听证室"),
        Field("公开情况", "是否公开", choices=("公开举行", "不公开举行（涉及国家秘密、商业秘密或者个人隐私）"),
              example="公开举行"),
        Field("主持人", "听证主持人", example="孙某某"),
        Field("听证员", required=False, example="周某某"),
        Field("记录员", example="吴某某"),
        Field("调查人员", "案件调查人员", example="张伟（21000000001）、李娜（21000000002）"),
        PARTY,
        Field("法定代表人", "法定代表人（负责人）", required=False, example="刘某某"),
        Field("委托代理人", required=False, example="王某某，辽宁某某律师事务所律师"),
        Field("回避", "当事人是否申请回避", choices=("不申请回避", "申请回避"), example="不申请回避"),
        Field("调查意见", "调查人员提出的违法事实、证据和处罚建议", example=(
            "当事人未经批准占用集体土地1200平方米建设厂房，有现场检查笔录、询问笔录、勘测定界图为证，"
            "建议依据《中华人民共和国土地管理法》第七十七条第一款处以罚款120000元")),
        Field("申辩质证", "当事人的陈述、申辩和质证意见", example=(
            "当事人对占地事实无异议，认为厂房已停止使用，请求从轻处罚")),
        Field("辩论", "辩论情况", required=False, example="双方就罚款数额的裁量情节进行了辩论"),
        Field("最后陈述", "当事人最后陈述", example="请求从轻处罚"),
        Field("拒签", "当事人（代理人）拒绝签字或者盖章", required=False, flag=True),
        Field("拒签说明", "拒绝签字或者盖章的情况及见证人", required=False,
              example="当事人代理人拒绝签字，称对笔录第三页的记载有异议；见证人：鞍山市铁东区某某社区工作人员王某某"),
    ),
    parts=(
        Part("row", "{案由}", "案由"),
        Part("row", "{开始时间}至{结束时间}", "听证时间"),
        Part("row", "{听证地点}", "听证地点"),
        Part("row", "{公开情况}", "公开情况"),
        Part("row", "{主持人}", "主持人"),
        Part("row", "{听证员}", "听证员"),
        Part("row", "{记录员}", "记录员"),
        Part("row", "{调查人员}", "案件调查人员"),
        Part("row", "{当事人名称}", "当事人"),
        Part("row", "{法定代表人}", "法定代表人（负责人）"),
        Part("row", "{委托代理人}", "委托代理人"),
        Part("para", "主持人宣布听证纪律，核对听证参加人身份，宣布案由，告知当事人在听证中的权利和义务：当事人有权申请"
                     "回避，"
                     "有权进行陈述、申辩和质证，有权进行最后陈述，并应当如实陈述、遵守听证纪律。"
                     "询问当事人是否申请回避，当事人表示：{回避}。"),
        Part("para", "调查人员提出当事人违法的事实、证据和行政处罚建议：{调查意见}。"),
        Part("para", "当事人的陈述、申辩和质证：{申辩质证}。"),
        Part("para", "辩论情况：{辩论}。"),
        Part("para", "当事人最后陈述：{最后陈述}。"),
        Part("para", "主持人宣布听证结束。本笔录已交当事人（代理人）核对，确认无误。"),
        Part("para", "当事人（代理人）拒绝在本笔录上签字或者盖章，由主持人注明：{拒签说明}。", when="拒签"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "当事人或代理人签名（盖章）"),
        Part("row", "＿＿＿＿＿＿　＿＿＿＿＿＿　　年　月　日", "主持人、听证员签名"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "记录员签名"),
        Part("note", "（当事人或者其代理人拒绝签字或者盖章的，由听证主持人在笔录中注明。听证结束后，行政机关根据听证笔"
                     "录，"
                     "依照行政处罚法第五十七条的规定作出决定。第　页　共　页）"),
    ),
)

COLLECTIVE_DISCUSSION = DocumentTemplate(
    code="collective_discussion", title="重大案件集体讨论记录", basis="行政处罚法 第57条第二款；REC-06",
    number_pattern="",
    summary="对情节复杂或者重大违法行为给予行政处罚，由行政机关负责人集体讨论决定：时间、地点、主持人、出席人、"
            "案情汇报、讨论意见和结论。",
    fields=(
        Field("案由", "案件名称", example="鞍山某建材有限公司非法占用土地案"),
        Field("讨论时间", example="2026年3月2日14时30分"),
        Field("讨论地点", example="鞍山市自然资源局第一会议室"),
        Field("主持人", example="鞍山市自然资源局局长　赵某某"),
        Field("出席人员", "出席的负责人", example="钱某某（副局长）、孙某某（副局长）、李某某（总工程师）"),
        Field("列席人员", required=False, example="执法监察支队支队长、法规督考科科长"),
        Field("记录人", example="吴某某"),
        Field("汇报人", "案情汇报人", example="张伟"),
        Field("案情", "案情汇报（事实、证据、法律依据、处罚建议）", example=(
            "当事人未经批准占用集体土地1200平方米建设厂房，承办机构建议处以罚款120000元并没收地上建筑物")),
        Field("审核意见", "法制审核意见", required=False, example="法规督考科审核同意"),
        Field("讨论意见", "出席人员的讨论意见（逐人记录）", example=(
            "钱某某：同意承办机构意见；孙某某：同意，建议在决定书中写明裁量理由；李某某：同意")),
        Field("结论", "集体讨论决定", example="同意对当事人处以罚款120000元，没收在非法占用的土地上新建的建筑物和其他设"
            "施"),
    ),
    parts=(
        Part("row", "{案由}", "案件名称"),
        Part("row", "{讨论时间}", "讨论时间"),
        Part("row", "{讨论地点}", "讨论地点"),
        Part("row", "{主持人}", "主持人"),
        Part("row", "{出席人员}", "出席人员"),
        Part("row", "{列席人员}", "列席人员"),
        Part("row", "{记录人}", "记录人"),
        Part("para", "案情汇报（{汇报人}）：{案情}。"),
        Part("para", "法制审核意见：{审核意见}。"),
        Part("para", "讨论意见：{讨论意见}。"),
        Part("para", "讨论决定：{结论}。"),
        Part("row", "＿＿＿＿＿＿　＿＿＿＿＿＿　＿＿＿＿＿＿", "出席人员签名"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "主持人签名"),
        Part("row", "＿＿＿＿＿＿", "记录人签名"),
        Part("note", "（不同意见应当如实记录。）"),
    ),
)

NO_PENALTY_GROUNDS = ("违法行为轻微并及时改正，没有造成危害后果（行政处罚法第三十三条第一款）",
                      "初次违法且危害后果轻微并及时改正（行政处罚法第三十三条第一款）",
                      "当事人有证据足以证明没有主观过错（行政处罚法第三十三条第二款）",
                      "违法行为在二年内未被发现（行政处罚法第三十六条）",
                      "违法事实不能成立（行政处罚法第五十七条第一款第三项）")

NO_PENALTY_DECISION = DocumentTemplate(
    code="no_penalty_decision", title="不予行政处罚决定书", basis="行政处罚法 第33、57条",
    number_pattern="{agency_short}不罚字〔{year}〕{n}号",
    summary="调查终结后，依法不予行政处罚的，写明事实、不予处罚的理由和依据，对当事人进行教育，并告知救济途径。",
    fields=(
        PARTY, PARTY_ID, PARTY_REP, PARTY_ADDRESS,
        Field("立案日期", example="2025年9月15日"),
        Field("案由", example="非法占用土地"),
        Field("查明事实", "经调查查明的事实", example=(
            "于2025年8月在鞍山市千山区某某村临时堆放建筑材料，占用集体土地约50平方米，发现后已于2025年9月20日自行清理恢"
            "复")),
        Field("证据", "证据名称", required=False, example="现场检查（勘验）笔录、询问笔录、现场照片"),
        Field("不予处罚理由", choices=NO_PENALTY_GROUNDS, example=NO_PENALTY_GROUNDS[0]),
        Field("理由说明", "理由和依据的说明", example="当事人占地面积小、时间短，已及时清理恢复，未造成危害后果"),
        Field("教育内容", "对当事人的教育", example="当事人应当遵守土地管理法律法规，今后使用土地应当依法办理批准手续"),
        REVIEW_BODY, COURT, AGENCY, DATE,
    ),
    parts=(
        *PARTY_LINES,
        Part("para", "本机关于{立案日期}对你（单位）{案由}一案立案调查，现已调查终结。"),
        Part("para", "经查明：{查明事实}。"),
        Part("para", "以上事实有{证据}等证据为证。"),
        Part("para", "本机关认为：{理由说明}，属于下列情形："),
        Part("checklist", "{不予处罚理由}"),
        Part("para", "根据《中华人民共和国行政处罚法》第三十三条、第五十七条第一款的规定，本机关决定对你（单位）不予行"
                     "政处罚。"),
        Part("para", "根据《中华人民共和国行政处罚法》第三十三条第三款的规定，本机关对你（单位）进行教育：{教育内容}。"
                     ""),
        Part("para", REMEDY),
        *SIGN,
    ),
)

RECTIFICATION_ORDER = DocumentTemplate(
    code="rectification_order", title="责令改正通知书", basis="行政处罚法 第28条",
    number_pattern="{agency_short}责改字〔{year}〕{n}号",
    summary="实施行政处罚时（或者依法不予处罚时）责令当事人改正或者限期改正违法行为：违法事实、依据、改正内容和期限、"
            "逾期不改正的后果。",
    fields=(
        PARTY, PARTY_ADDRESS,
        Field("违法行为", "违法行为（时间、地点、事实）", example=(
            "于2025年5月至2025年9月，未经批准，在鞍山市千山区某某村占用集体土地1200平方米建设厂房")),
        VIOLATED,
        Field("责令依据", "责令改正的依据", example="《中华人民共和国行政处罚法》第二十八条第一款、《中华人民共和国土地"
            "管理法》第七十七条第一款"),
        Field("改正方式", choices=("立即改正", "限期改正"), example="限期改正"),
        Field("改正期限", "改正期限（限期改正的）", required=False, example="2026年4月30日前"),
        Field("改正内容", "改正的内容和要求", example="拆除在非法占用的土地上新建的建筑物和其他设施，恢复土地原状"),
        Field("逾期后果", "逾期不改正的后果及依据", required=False, example=(
            "本机关将依照《中华人民共和国土地管理法》第七十七条第一款及有关规定依法处理")),
        CONTACT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}："),
        Part("para", "经查，你（单位）{违法行为}。"),
        Part("para", "你（单位）的上述行为违反了{违反的规定}的规定。依据{责令依据}的规定，本机关责令你（单位）{改正方式"
                     "}："),
        Part("para", "改正内容：{改正内容}。"),
        Part("para", "改正期限：{改正期限}。"),
        Part("para", "改正完毕后，请及时告知本机关，本机关将对改正情况进行核查。逾期不改正的，{逾期后果}。"),
        Part("para", "联系人及电话：{联系人}"),
        *SIGN,
        Part("note", "（本通知书一式两份，一份送达当事人，一份由本机关存档。）"),
    ),
)

PRESERVATION_NOTICE = DocumentTemplate(
    code="preservation_notice", title="先行登记保存证据通知书", basis="行政处罚法 第56条",
    number_pattern="{agency_short}登保字〔{year}〕{n}号",
    summary="证据可能灭失或者以后难以取得的，经行政机关负责人批准先行登记保存：物品清单、保存地点和方式，"
            "七日内作出处理决定，其间不得销毁或者转移证据。",
    fields=(
        PARTY, PARTY_ADDRESS,
        Field("案由", example="涉嫌非法占用土地"),
        Field("批准人", "批准的行政机关负责人", example="钱某某"),
        Field("批准日期", example="2025年9月18日"),
        Field("物品清单", "先行登记保存的证据（名称、规格、数量、状况）", example=(
            "施工日志1本（2025年5月至9月）；工程承包合同1份；挖掘机1台（型号××，现场停放）")),
        Field("保存方式", "保存地点和方式", example="就地由当事人保存，加贴封条"),
        Field("保存日期", "先行登记保存日期", example="2025年9月18日"),
        CONTACT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}："),
        Part("para", "本机关在调查你（单位）{案由}一案中，因有关证据可能灭失或者以后难以取得，"
                     "经本机关负责人{批准人}于{批准日期}批准，依据《中华人民共和国行政处罚法》第五十六条的规定，"
                     "决定自{保存日期}起对下列证据先行登记保存：{物品清单}。"),
        Part("para", "保存地点和方式：{保存方式}。"),
        Part("para", "在先行登记保存期间，你（单位）或者有关人员不得损毁、销毁或者转移上述证据。"
                     "本机关将在七日内对先行登记保存的证据作出处理决定。"),
        Part("para", "联系人及电话：{联系人}"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "当事人（签名或盖章）"),
        Part("row", "＿＿＿＿＿＿　＿＿＿＿＿＿", "执法人员（签名）"),
        *SIGN,
        Part("note", "（本通知书附《先行登记保存证据清单》，一式两份，一份交当事人，一份由本机关存档。）"),
    ),
)

PRESERVATION_OUTCOMES = ("予以返还", "依法予以没收", "移送有关部门处理", "解除先行登记保存",
                         "采取查封、扣押等行政强制措施", "进行检验、检测、检疫或者技术鉴定")

PRESERVATION_DECISION = DocumentTemplate(
    code="preservation_decision", title="先行登记保存证据处理决定书", basis="行政处罚法 第56条",
    number_pattern="{agency_short}登处字〔{year}〕{n}号",
    summary="先行登记保存后七日内作出的处理决定：保存通知书文号、处理方式（勾选）和理由、救济途径。",
    fields=(
        PARTY, PARTY_ADDRESS,
        Field("通知书文号", "先行登记保存证据通知书文号", example="鞍自然登保字〔2025〕示例3号"),
        Field("保存日期", "先行登记保存日期", example="2025年9月18日"),
        Field("物品清单", "证据名称和数量", example="施工日志1本；工程承包合同1份；挖掘机1台"),
        Field("处理方式", choices=PRESERVATION_OUTCOMES, example="解除先行登记保存"),
        Field("处理理由", "理由和依据", example="上述证据已复制、拍照固定，无需继续保存"),
        REVIEW_BODY, COURT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}："),
        Part("para", "本机关于{保存日期}以《先行登记保存证据通知书》（{通知书文号}）对你（单位）的下列证据先行登记保存"
                     "："
                     "{物品清单}。依据《中华人民共和国行政处罚法》第五十六条的规定，现作出如下处理决定："),
        Part("checklist", "{处理方式}"),
        Part("para", "理由和依据：{处理理由}。"),
        Part("para", REMEDY),
        *SIGN,
        Part("note", "（处理决定应当在先行登记保存之日起七日内作出。）"),
    ),
)

SERVICE_METHODS_AGREED = ("传真", "电子邮件", "短信或即时通讯", "其他电子方式")

SERVICE_ADDRESS = DocumentTemplate(
    code="service_address", title="送达地址确认书", basis="行政处罚法 第61条；民事诉讼法 第87、90条",
    number_pattern="",
    summary="当事人确认的送达地址和联系方式，以及同意采用传真、电子邮件等方式送达的书面确认；"
            "地址不准确或者变更未告知的后果。",
    fields=(
        Field("案由", example="鞍山某建材有限公司非法占用土地案"),
        Field("受送达人", example="鞍山某建材有限公司"),
        Field("送达地址", "确认的送达地址", example="鞍山市铁东区某某路88号"),
        Field("邮政编码", required=False, example="114000"),
        Field("收件人", "收件人及联系电话", example="刘某某　138********"),
        Field("同意电子送达", "同意采用传真、电子邮件等方式送达", required=False, flag=True),
        Field("电子方式", "电子送达方式", required=False, choices=SERVICE_METHODS_AGREED, example="电子邮件"),
        Field("电子地址", "传真号码、电子邮箱或者其他电子地址", required=False, example="zhifa-demo@example.cn"),
        AGENCY, DATE,
    ),
    parts=(
        Part("row", "{案由}", "案由"),
        Part("row", "{受送达人}", "受送达人"),
        Part("row", "{送达地址}", "送达地址"),
        Part("row", "{邮政编码}", "邮政编码"),
        Part("row", "{收件人}", "收件人及联系电话"),
        Part("para", "受送达人同意{机关名称}采用{电子方式}方式，向下列地址送达行政处罚决定书等文书：{电子地址}。"
                     "文书到达该地址之日为送达之日。", when="同意电子送达"),
        Part("para", "告知事项：一、受送达人应当如实提供确切的送达地址和联系方式；二、送达地址或者联系方式变更的，"
                     "应当及时书面告知本机关，未告知的，以本确认书确认的地址为送达地址；"
                     "三、因提供的地址不准确、变更未告知或者拒不提供，导致文书未能被实际接收的，文书退回之日视为送达之"
                     "日。"),
        Part("para", "受送达人已阅知上述告知事项，确认以上送达地址和方式。"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "受送达人（签名或盖章）"),
        Part("row", "＿＿＿＿＿＿　＿＿＿＿＿＿", "执法人员（签名）"),
        *SIGN,
    ),
)

TRANSFER_REASONS = ("涉嫌犯罪，移送司法机关（行政处罚法第二十七条、第五十七条第一款第四项）",
                    "不属于本机关管辖，移送有管辖权的行政机关（行政处罚法第二十二条、第二十三条）")

CASE_TRANSFER = DocumentTemplate(
    code="case_transfer", title="案件移送书", basis="行政处罚法 第27条、第57条；行政执法机关移送涉嫌犯罪案件的规定",
    number_pattern="{agency_short}移字〔{year}〕{n}号",
    summary="涉嫌犯罪或者不属本机关管辖的案件，连同案卷材料和证据移送有关机关：移送理由和依据、材料清单、联系人。",
    fields=(
        Field("接收机关", "接收移送的机关", example="鞍山市公安局"),
        Field("案由", "案件名称", example="鞍山某建材有限公司非法占用农用地案"),
        PARTY,
        Field("移送理由", choices=TRANSFER_REASONS, example=TRANSFER_REASONS[0]),
        Field("案情", "案件基本情况", example=(
            "当事人未经批准占用耕地12亩建设厂房，造成耕地种植条件严重毁坏，涉嫌非法占用农用地罪")),
        Field("移送依据", "移送的法律依据", example="《中华人民共和国刑法》第三百四十二条、《行政执法机关移送涉嫌犯罪案"
            "件的规定》第三条"),
        Field("移送材料", "随附材料（名称、页数或件数）", example=(
            "涉嫌犯罪案件调查报告1份；涉案物品清单1份；现场检查笔录、询问笔录、勘测定界图等证据材料共56页")),
        CONTACT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{接收机关}："),
        Part("para", "本机关在查处{当事人名称}{案由}过程中发现：{案情}。"),
        Part("para", "本机关认为，该案属于下列情形："),
        Part("checklist", "{移送理由}"),
        Part("para", "依据{移送依据}的规定，现将该案移送你单位处理。请在收到本移送书后依法审查，并将处理结果书面告知本"
                     "机关。"),
        Part("para", "随附材料：{移送材料}。"),
        Part("para", "联系人及电话：{联系人}"),
        *SIGN,
        Part("note", "（本移送书一式两份，一份送接收机关，一份由本机关存档。移送涉嫌犯罪案件的，抄送同级人民检察院。）"
                     ""),
    ),
)

URGE_NOTICE = DocumentTemplate(
    code="urge_notice", title="催告书", basis="行政强制法 第35条、第54条",
    number_pattern="{agency_short}催字〔{year}〕{n}号",
    summary="申请人民法院强制执行（或者作出强制执行决定）前，书面催告当事人履行义务：履行义务的期限和方式，"
            "涉及金钱给付的明确金额和给付方式，以及当事人依法享有的陈述权和申辩权。",
    fields=(
        PARTY, PARTY_ADDRESS, DECISION_TITLE,
        Field("决定书文号", "行政决定文号", example="鞍自然罚决字〔2026〕示例1号"),
        Field("送达日期", "决定书送达日期", example="2026年3月2日"),
        Field("处罚内容", "决定的内容", example="罚款人民币120000元"),
        Field("应缴金额", "应缴金额（元，含截至催告之日的加处罚款）",
              example="罚款120000.00元、加处罚款36000.00元，合计156000.00元"),
        Field("履行期限", "履行义务的期限", example="自收到本催告书之日起十个工作日内"),
        Field("履行方式", "履行义务的方式（给付方式）", example="凭《非税收入缴款书》到中国某某银行鞍山分行缴纳"),
        Field("逾期措施", "逾期仍不履行的后果", example="申请人民法院强制执行"),
        CONTACT, AGENCY_ADDRESS, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}："),
        Part("para", "本机关于{送达日期}向你（单位）送达了《{决定书名称}》（{决定书文号}），"
                     "决定对你（单位）{处罚内容}。你（单位）在法定期限内未申请行政复议或者提起行政诉讼，至今未履行该决定。"),
        Part("para", "依据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告你（单位）{履行期限}履行上述"
                     "决定，应缴金额：{应缴金额}。履行方式：{履行方式}。"),
        Part("para", "你（单位）有权进行陈述和申辩，可在收到本催告书之日起十个工作日内向本机关提出（地址：{机关地址}；"
                     "联系人及电话：{联系人}）。逾期仍不履行的，本机关将依法{逾期措施}。"),
        *SIGN,
        Part("note", "（本催告书一式两份，一份送达当事人，一份由本机关存档。）"),
    ),
)

ENFORCEMENT_APPLICATION = DocumentTemplate(
    code="enforcement_application", title="强制执行申请书", basis="行政强制法 第53、54、55条",
    number_pattern="{agency_short}强申字〔{year}〕{n}号",
    summary="当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定，经催告仍未履行的，向人民法院申请"
            "强制执行：写明行政决定及其依据、当事人的意见及催告情况、申请执行的标的，由行政机关负责人签名并加盖印章。",
    fields=(
        Field("人民法院", "受理申请的人民法院", example="鞍山市铁东区人民法院"),
        PARTY, PARTY_ADDRESS, DECISION_TITLE,
        Field("决定书文号", "行政决定文号", example="鞍自然罚决字〔2026〕示例1号"),
        Field("送达日期", "决定书送达日期", example="2026年3月2日"),
        Field("处罚内容", "决定的内容", example="罚款人民币120000元"),
        Field("催告书文号", example="鞍自然催字〔2026〕示例1号"),
        Field("催告送达日期", "催告书送达日期", example="2026年10月9日"),
        Field("当事人意见", "当事人的陈述、申辩及采纳情况", example="当事人收到催告书后未提出陈述、申辩"),
        Field("执行标的", "申请强制执行的标的", example="罚款120000.00元、加处罚款36000.00元，合计156000.00元"),
        Field("负责人", "行政机关负责人", example="王某某"),
        AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{人民法院}："),
        Part("para", "被申请人：{当事人名称}，住所（地址）：{当事人地址}。"),
        Part("para", "本机关于{送达日期}向被申请人送达了《{决定书名称}》（{决定书文号}），决定对其{处罚内容}。"
                     "被申请人在法定期限内未申请行政复议或者提起行政诉讼，又不履行该决定。本机关于{催告送达日期}送达《催告书》"
                     "（{催告书文号}），{当事人意见}，催告期满后仍未履行。"),
        Part("para", "依据《中华人民共和国行政强制法》第五十三条、第五十四条、第五十五条的规定，特申请你院强制执行，"
                     "执行标的：{执行标的}。"),
        Part("para", "附：{决定书名称}及作出决定的事实、理由和依据，送达回证，催告书及其送达回证，当事人的意见。"),
        Part("sign", "行政机关负责人：{负责人}（签名）"),
        *SIGN,
    ),
)

CLOSING_OUTCOMES = ("行政处罚决定已执行完毕", "不予行政处罚", "违法事实不能成立", "已移送司法机关或者其他行政机关",
                    "已申请人民法院强制执行并执行完毕", "当事人死亡或者终止，无权利义务承受人", "其他依法应当结案的情形"
                        "")

CASE_CLOSING = DocumentTemplate(
    code="case_closing", title="结案审批表", basis="REC-09；执法全过程记录办法",
    number_pattern="",
    summary="案件办结后的结案审批：案件号、当事人、处理结果及执行情况、结案理由；承办人、承办机构和行政机关负责人意见。"
            "",
    fields=(
        Field("案件号", "立案编号", example="鞍自然立字〔2025〕示例15号"),
        Field("案由", example="非法占用土地"),
        PARTY,
        Field("立案日期", example="2025年9月15日"),
        Field("决定书文号", "处理决定文书及文号", required=False, example="《行政处罚决定书》鞍自然罚决字〔2026〕示例1"
            "号"),
        Field("处理结果", example="罚款120000元；没收在非法占用的土地上新建的建筑物和其他设施"),
        Field("执行情况", example="当事人已于2026年3月18日缴纳罚款120000元，建筑物已移交"),
        Field("结案理由", choices=CLOSING_OUTCOMES, example=CLOSING_OUTCOMES[0]),
        Field("承办人", "承办人员", example="张伟、李娜"),
        Field("承办机构意见", required=False, help="由承办机构负责人填写"),
        Field("负责人审批意见", "行政机关负责人审批意见", required=False, help="由行政机关负责人填写"),
        AGENCY, DATE,
    ),
    parts=(
        Part("row", "{案件号}", "案件号"),
        Part("row", "{案由}", "案由"),
        Part("row", "{当事人名称}", "当事人"),
        Part("row", "{立案日期}", "立案日期"),
        Part("row", "{决定书文号}", "处理决定文书"),
        Part("row", "{处理结果}", "处理结果"),
        Part("row", "{执行情况}", "执行情况"),
        Part("row", "{结案理由}", "结案理由"),
        Part("row", "本案已办理完毕，案卷材料齐全，建议结案并在结案后三十日内立卷归档。"
                    "　承办人（签名）：{承办人}　　年　月　日", "承办人意见"),
        Part("row", "{承办机构意见}　负责人（签名）：　　　　年　月　日", "承办机构意见"),
        Part("row", "{负责人审批意见}　负责人（签名）：　　　　年　月　日", "行政机关负责人审批意见"),
        *SIGN,
    ),
)

ONSITE_PENALTIES = ("警告", "罚款")

ONSITE_DECISION = DocumentTemplate(
    code="onsite_decision", title="当场行政处罚决定书", basis="行政处罚法 第51、52条；第68、69条",
    number_pattern="{agency_short}当罚字〔{year}〕{n}号",
    summary="简易程序：违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告的，"
            "当场作出决定；载明违法行为、处罚种类和依据、罚款数额、时间、地点、救济途径、机关名称，执法人员签名，当场交"
            "付。",
    fields=(
        Field("当事人名称", "当事人名称（姓名）", example="张某某"),
        Field("证件号码", "统一社会信用代码（身份证号码）", example="210302********0000"),
        Field("当事人地址", "住所（地址）", example="鞍山市铁东区某某小区"),
        Field("违法时间", example="2026年3月5日10时20分"),
        Field("违法地点", example="鞍山市铁东区某某路某某公交站"),
        Field("违法行为", example="在公交站亭设施上张贴小广告"),
        Field("违反的规定", "违反的法律规定", example="《城市市容和环境卫生管理条例》第十七条第一款"),
        Field("处罚依据", example="《城市市容和环境卫生管理条例》第三十四条第二项"),
        Field("处罚种类", choices=ONSITE_PENALTIES, example="罚款"),
        Field("含罚款", "处罚为罚款", required=False, flag=True),
        Field("罚款数额", "罚款数额（元；个人二百元以下，单位三千元以下）", required=False, example="50"),
        Field("缴款方式", "罚款缴纳方式", required=False, example=(
            "自收到本决定书之日起十五日内到指定银行或者通过电子支付系统缴纳")),
        Field("执法人员", "执法人员姓名及执法证件号", example="张伟（21000000001）、李娜（21000000002）"),
        REVIEW_BODY, COURT, Field("机关名称", "行政机关名称", example="鞍山市城市管理综合行政执法局"), DATE,
    ),
    parts=(
        *PARTY_LINES[:2],
        PARTY_LINES[3],
        Part("para", "执法人员{执法人员}向你（单位）出示了执法证件。经查，你（单位）于{违法时间}在{违法地点}{违法行为}"
                     "。"),
        Part("para", "以上行为违反了{违反的规定}的规定。执法人员已告知你（单位）拟作出行政处罚的内容及事实、理由、依据"
                     "，"
                     "并告知你（单位）依法享有陈述、申辩的权利，已听取你（单位）的陈述和申辩。"),
        Part("para", "依据{处罚依据}和《中华人民共和国行政处罚法》第五十一条、第五十二条的规定，当场作出如下行政处罚决"
                     "定："),
        Part("checklist", "{处罚种类}"),
        Part("para", "罚款数额：人民币{罚款数额}元。缴纳方式：{缴款方式}。到期不缴纳罚款的，每日按罚款数额的百分之三加"
                     "处罚款，"
                     "加处罚款的数额不超过罚款的数额。", when="含罚款"),
        Part("para", REMEDY),
        Part("row", "＿＿＿＿＿＿　＿＿＿＿＿＿", "执法人员（签名或盖章）"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "当事人（签收）"),
        *SIGN,
        Part("note", "（本决定书当场交付当事人；当事人拒绝签收的，由执法人员在本决定书上注明。"
                     "执法人员当场作出的行政处罚决定，应当报所属行政机关备案。）"),
    ),
)

# ---------------------------------------------------------------- 行政强制措施 (行政强制法 第18、24、25、28条)

MEASURE_KINDS = ("查封", "扣押", "冻结存款、汇款")

MEASURE_RECORD = DocumentTemplate(
    code="measure_record", title="现场笔录", basis="行政强制法 第18条第八项",
    number_pattern="",
    summary="实施行政强制措施的时间、地点，执法人员及证件，当场告知的理由、依据和权利、救济途径，当事人的陈述和申辩，"
            "查封（扣押）的财物，当事人和执法人员签名，拒绝签名或当事人不到场的情况及见证人。",
    fields=(
        Field("实施时间", example="2026年3月5日9时30分"),
        Field("实施地点", example="鞍山市千山区某某村东侧"),
        PARTY,
        Field("到场人", "到场的当事人或其代理人", help="当事人不到场的，写“当事人未到场”",
              example="刘某某（法定代表人）"),
        Field("执法人员", "执法人员姓名及执法证件号", example="张伟（21000000001）、李娜（21000000002）"),
        Field("措施", "强制措施", choices=MEASURE_KINDS, example="扣押"),
        Field("财物", "查封（扣押）的场所、设施或者财物", example="挖掘机1台、装载机1台"),
        Field("理由", "理由和依据",
              example="涉嫌非法占用土地建设厂房，依据《中华人民共和国土地管理法》第六十八条第四项"),
        Field("陈述申辩", "当事人的陈述和申辩", example="当事人称厂房正在补办用地手续"),
        Field("音像记录", "音像记录情况", example="使用执法记录仪（编号AS-NR-0007）全程录音录像"),
        Field("签名情况", "当事人签名情况", example="当事人已签名"),
    ),
    parts=(
        Part("row", "{实施时间}", "实施时间"),
        Part("row", "{实施地点}", "实施地点"),
        Part("row", "{当事人名称}", "当事人"),
        Part("row", "{到场人}", "到场人"),
        Part("row", "{执法人员}", "执法人员及执法证件号"),
        Part("para", "执法人员{执法人员}向到场人出示了执法证件，当场告知当事人采取{措施}的理由和依据：{理由}；"
                     "并告知当事人依法享有陈述权、申辩权，对本行政强制措施不服的，可以依法申请行政复议或者提起行政诉讼。"),
        Part("para", "{措施}的场所、设施或者财物：{财物}（详见《查封（扣押）清单》）。"),
        Part("para", "当事人的陈述和申辩：{陈述申辩}。"),
        Part("para", "音像记录情况：{音像记录}。"),
        Part("para", "以上笔录已交当事人（见证人）核对（或已向其宣读），确认与实际情况一致。"),
        Part("row", "{签名情况}", "当事人（见证人）签名"),
        Part("row", "＿＿＿＿＿＿　＿＿＿＿＿＿　　年　月　日", "执法人员签名"),
        Part("note", "（当事人拒绝签名的，在笔录中予以注明；当事人不到场的，邀请见证人到场，由见证人和行政执法人员"
                     "在现场笔录上签名或者盖章。）"),
    ),
)

DECISION_NUMBER = Field("决定书文号", "查封（扣押）决定书文号", example="鞍自然强决字〔2026〕1号")

SEIZURE_LIST = DocumentTemplate(
    code="seizure_list", title="查封（扣押）清单", basis="行政强制法 第24条",
    number_pattern="",
    summary="查封（扣押）决定书的附件：场所、设施或者财物的名称、数量、规格和状况，保管方式，一式二份。",
    fields=(
        DECISION_NUMBER, PARTY,
        Field("措施", "强制措施", choices=MEASURE_KINDS, example="扣押"),
        Field("财物", "名称、数量、规格、状况", help="逐项列明", example="挖掘机1台（卡特320，黄色，七成新）"),
        Field("保管", "保管方式和场所", example="由本机关在鞍山市某某停车场保管"),
        Field("执法人员", "执法人员", example="张伟、李娜"),
        AGENCY, DATE,
    ),
    parts=(
        Part("row", "{决定书文号}", "决定书文号"),
        Part("row", "{当事人名称}", "当事人"),
        Part("row", "{措施}", "强制措施"),
        Part("para", "{财物}"),
        Part("row", "{保管}", "保管方式和场所"),
        Part("row", "＿＿＿＿＿＿　　年　月　日", "当事人（见证人）签名"),
        Part("row", "{执法人员}", "执法人员"),
        *SIGN,
        Part("note", "（本清单一式二份，由当事人和本机关分别保存。）"),
    ),
)

SEIZURE_EXTENSION = DocumentTemplate(
    code="seizure_extension", title="延长查封（扣押）期限决定书", basis="行政强制法 第25条",
    number_pattern="{agency_short}强延字〔{year}〕{n}号",
    summary="情况复杂的，经行政机关负责人批准延长查封（扣押）期限，延长不超过三十日，延长的决定和理由书面告知当事人。",
    fields=(
        PARTY, PARTY_ID, DECISION_NUMBER,
        Field("措施", "强制措施", choices=MEASURE_KINDS, example="扣押"),
        Field("标的", "查封（扣押）的财物或者冻结的账号、数额", example="挖掘机1台、装载机1台"),
        Field("条款", "延长的依据", example="第二十五条第一款"),
        Field("延长理由", example="案情复杂，需进一步查明土地权属"),
        Field("原截止日期", example="2026年4月4日"),
        Field("截止日期", "延长后的截止日期", example="2026年5月4日"),
        REVIEW_BODY, COURT, AGENCY, DATE,
    ),
    parts=(
        *PARTY_LINES[:2],
        Part("para", "本机关以{决定书文号}对你（单位）实施了{措施}（{标的}），"
                     "期限至{原截止日期}届满。因情况复杂（{延长理由}），经本机关负责人批准，依据《中华人民共和国行政强制法》"
                     "{条款}的规定，决定将{措施}期限延长三十日，至{截止日期}止。"),
        Part("para", REMEDY),
        *SIGN,
    ),
)

COERCION_DECISION = DocumentTemplate(
    code="coercion_decision", title="强制执行决定书", basis="行政强制法 第37条",
    number_pattern="{agency_short}强执字〔{year}〕{n}号",
    summary="经催告，当事人逾期仍不履行行政决定且无正当理由的，行政机关作出的书面强制执行决定：当事人、强制执行的"
            "理由和依据、方式和时间、申请行政复议或者提起行政诉讼的途径和期限，行政机关的名称、印章和日期。",
    fields=(
        PARTY, PARTY_ADDRESS, DECISION_TITLE,
        Field("决定书文号", "行政决定文号", example="鞍自然罚决字〔2026〕示例1号"),
        Field("送达日期", "决定书送达日期", example="2026年3月2日"),
        Field("决定内容", "行政决定的内容", example="限十五日内自行拆除在某村集体土地上新建的厂房"),
        Field("催告书文号", example="鞍自然催字〔2026〕示例1号"),
        Field("催告送达日期", "催告书送达日期", example="2026年10月9日"),
        Field("陈述申辩", "当事人的陈述、申辩及复核", example="当事人收到催告书后未提出陈述、申辩"),
        Field("理由和依据", "强制执行的理由和依据", example="当事人经催告逾期仍不履行，依据《中华人民共和国土地管理法》"
              "第八十三条"),
        Field("执行方式", "强制执行的方式", example="强制拆除违法的建筑物、构筑物、设施"),
        Field("执行时间", "强制执行的时间", example="2027年1月15日起"),
        Field("代履行", "代履行人及费用", required=False, example="代履行人：鞍山某拆除工程有限公司；费用预算20000元，"
              "由当事人承担"),
        Field("复议机关", "行政复议机关", example="鞍山市人民政府"),
        Field("人民法院", "管辖的人民法院", example="鞍山市铁东区人民法院"),
        AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}（地址：{当事人地址}）："),
        Part("para", "本机关于{送达日期}向你（单位）送达了《{决定书名称}》（{决定书文号}），决定{决定内容}。本机关于"
                     "{催告送达日期}送达《催告书》（{催告书文号}），{陈述申辩}，你（单位）逾期仍未履行且无正当理由。"),
        Part("para", "强制执行的理由和依据：{理由和依据}。依据《中华人民共和国行政强制法》第三十七条的规定，本机关决定"
                     "强制执行。"),
        Part("row", "{执行方式}", label="强制执行的方式"),
        Part("row", "{执行时间}", label="强制执行的时间"),
        Part("row", "{代履行}", label="代履行"),
        Part("para", "如不服本决定，可以自收到本决定书之日起六十日内向{复议机关}申请行政复议，或者自收到本决定书之日起"
                     "六个月内向{人民法院}提起行政诉讼。"),
        *SIGN,
    ),
)

TESTING_NOTICE = DocumentTemplate(
    code="testing_notice", title="检测（检验、检疫、技术鉴定）期间告知书", basis="行政强制法 第25条第三款",
    number_pattern="{agency_short}强检告字〔{year}〕{n}号",
    summary="对查封（扣押）的物品需要检测、检验、检疫或者技术鉴定的，明确其期间并书面告知当事人；该期间不计入查封（扣押）期限。",
    fields=(
        PARTY, DECISION_NUMBER,
        Field("措施", "强制措施", choices=MEASURE_KINDS, example="扣押"),
        Field("种类", choices=("检测", "检验", "检疫", "技术鉴定"), example="技术鉴定"),
        Field("机构", "检测（鉴定）机构", example="辽宁省某某司法鉴定所"),
        Field("起始日期", example="2026年3月10日"),
        Field("截止日期", example="2026年3月20日"),
        Field("新截止日期", "查封（扣押）期限的截止日期", example="2026年4月15日"),
        AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}："),
        Part("para", "本机关依《查封（扣押）决定书》（{决定书文号}）{措施}的物品需要进行{种类}，由{机构}进行，期间自"
                     "{起始日期}起至{截止日期}止。依据《中华人民共和国行政强制法》第二十五条第三款的规定，{种类}期间不计入"
                     "{措施}期间，{措施}期限相应顺延至{新截止日期}。"),
        Part("para", "特此告知。"),
        *SIGN,
    ),
)

DEMOLITION_NOTICE = DocumentTemplate(
    code="demolition_notice", title="强制拆除公告", basis="行政强制法 第44条",
    number_pattern="{agency_short}拆告字〔{year}〕{n}号",
    summary="对违法的建筑物、构筑物、设施等需要强制拆除的，由行政机关予以公告，限期当事人自行拆除；当事人在法定期限内"
            "不申请行政复议或者提起行政诉讼，又不拆除的，行政机关可以依法强制拆除。",
    fields=(
        PARTY, DECISION_TITLE,
        Field("决定书文号", "行政决定文号", example="鞍自然罚决字〔2026〕示例1号"),
        Field("拆除对象", "需要拆除的建筑物、构筑物、设施", example="铁东区某村集体土地上新建的厂房约1200平方米"),
        Field("自行拆除期限", "限期自行拆除至", example="2027年1月10日"),
        Field("公告方式", "公告方式（张贴地点或媒介）", example="张贴于违法建筑现场及某村村务公开栏"),
        AGENCY, DATE,
    ),
    parts=(
        Part("para", "本机关作出的《{决定书名称}》（{决定书文号}）已送达{当事人名称}，当事人至今未履行。"),
        Part("para", "依据《中华人民共和国行政强制法》第四十四条的规定，现予公告：限{当事人名称}于{自行拆除期限}前"
                     "自行拆除{拆除对象}。当事人在法定期限内不申请行政复议或者提起行政诉讼，又不拆除的，本机关将依法强制拆除。"),
        Part("note", "（公告方式：{公告方式}。）"),
        *SIGN,
    ),
)

RELEASE_GROUNDS = ("当事人没有违法行为", "查封、扣押的场所、设施或者财物与违法行为无关",
                   "行政机关对违法行为已经作出处理决定，不再需要查封、扣押", "查封、扣押期限已经届满",
                   "其他不再需要采取查封、扣押措施的情形", "行政机关负责人认为不应当采取行政强制措施")

SEIZURE_RELEASE = DocumentTemplate(
    code="seizure_release", title="解除查封（扣押）决定书", basis="行政强制法 第28条",
    number_pattern="{agency_short}强解字〔{year}〕{n}号",
    summary="有行政强制法第二十八条（或第十九条）规定情形的，及时作出解除查封（扣押）决定，返还财物。",
    fields=(
        PARTY, PARTY_ID,
        Field("决定书文号", "查封（扣押）决定书文号", required=False, help="当场实施尚未制作决定书的，不填",
              example="鞍自然强决字〔2026〕1号"),
        Field("措施", "强制措施", choices=MEASURE_KINDS, example="扣押"),
        Field("财物", "解除查封（扣押）的场所、设施或者财物", example="挖掘机1台、装载机1台"),
        Field("解除理由", choices=RELEASE_GROUNDS, example="查封、扣押期限已经届满"),
        Field("解除日期", example="2026年4月4日"),
        CONTACT, AGENCY, DATE,
    ),
    parts=(
        *PARTY_LINES[:2],
        Part("para", "本机关对你（单位）的下列场所、设施或者财物实施了{措施}（{决定书文号}）：{财物}。"),
        Part("para", "因有下列情形，依据《中华人民共和国行政强制法》第二十八条（第十九条）的规定，"
                     "本机关决定自{解除日期}起解除{措施}："),
        Part("checklist", "{解除理由}"),
        Part("para", "已扣押的财物，请你（单位）凭本决定书及《查封（扣押）清单》到本机关领取。联系人：{联系人}。"),
        *SIGN,
    ),
)
# ---------------------------------------------------------------- 行政征收征用 and 行政收费


def _levy(code: str, title: str, basis: str, number_pattern: str, summary: str, decided: str,
          settle: str) -> DocumentTemplate:
    """征收决定书, 征用决定书 and 收费通知书: one shape — the party, the facts, the basis from the 事项清单, the
    amount with how it was computed, how and by when it is settled, the remedies — in each one's words."""
    return DocumentTemplate(
        code=code, title=title, basis=basis, number_pattern=number_pattern, summary=summary,
        fields=(
            PARTY, PARTY_ID, PARTY_REP, PARTY_ADDRESS,
            Field("事由", help="征收、征用或收费的事实", example=(
                "你（单位）于2023年6月取得鞍山市铁东区某地块国有建设用地使用权，约定2024年3月1日前动工开发，"
                "至今未动工开发，闲置已满一年")),
            Field("依据", "法律依据（事项清单所列）", example="《闲置土地处置办法》第十四条"),
            Field("标准", "标准", example="按照土地出让价款的百分之二十征缴土地闲置费"),
            Field("计算", "计算方法", example="土地出让价款 12,000,000元 × 20% = 2,400,000.00元"),
            Field("金额", "数额（元）", example="2,400,000.00"),
            Field("履行", "缴纳（支付）方式和期限", example="自收到本决定书之日起三十日内缴入指定账户"),
            REVIEW_BODY, COURT, AGENCY, DATE,
        ),
        parts=(
            *PARTY_LINES,
            Part("para", "经查，{事由}。"),
            Part("para", "依据{依据}的规定，" + decided),
            Part("row", "{标准}", "标准"),
            Part("row", "{计算}", "计算"),
            Part("row", "人民币{金额}元", "数额"),
            Part("para", settle + "{履行}。"),
            Part("para", REMEDY),
            *SIGN,
            Part("note", f"（本{title}一式两份，一份送达当事人，一份由本机关存档。）"),
        ),
    )


LEVY_DECISION = _levy(
    "levy_decision", "征收决定书", "闲置土地处置办法 第十四条、第十六条", "{agency_short}征决字〔{year}〕{n}号",
    "依事项清单所列依据和标准作出的征收决定：当事人、事实、依据、标准和计算、数额、缴纳方式和期限、救济途径和期限。",
    "本机关决定向你（单位）征收下列款项：", "请你（单位）")
REQUISITION_DECISION = _levy(
    "requisition_decision", "征用决定书", "突发事件应对法 第十二条", "{agency_short}征用字〔{year}〕{n}号",
    "依法征用单位和个人的财产：当事人、事实、依据、补偿标准和计算、补偿数额、支付方式和期限、救济途径和期限。",
    "本机关决定征用你（单位）的下列财产，并依下列标准给予补偿：", "补偿款由本机关")
CHARGE_NOTICE = _levy(
    "charge_notice", "收费通知书", "行政事业性收费 收费标准", "{agency_short}收费字〔{year}〕{n}号",
    "依事项清单所列收费依据和收费标准收取行政事业性收费：当事人、事由、依据、收费标准和计算、数额、缴费方式和期限、"
    "救济途径和期限。",
    "本机关依照下列收费标准向你（单位）收取费用：", "请你（单位）")
# ---------------------------------------------------------------- 行政许可 (行政许可法 第32、38、42、44条)

APPLICANT = Field("申请人", "申请人名称（姓名）", example="鞍山某置业有限公司")
APPLICANT_ID = Field("证件号码", "统一社会信用代码（身份证号码）", example="91210300MA0XXXXXXX")
LICENCE_ITEM = Field("许可事项", "申请的行政许可事项", example="建设工程规划许可证核发")
RECEIVED = Field("收件日期", "收到申请材料日期", example="2026年3月2日")
LICENCE_REMEDY = ("如不服本决定，可以在收到本决定书之日起六十日内向{复议机关}申请行政复议，"
                  "也可以在收到本决定书之日起六个月内依法向{管辖法院}提起行政诉讼。")

ACCEPTANCE_NOTICE = DocumentTemplate(
    code="acceptance_notice", title="行政许可受理通知书", basis="行政许可法 第32条",
    number_pattern="{agency_short}许受字〔{year}〕{n}号",
    summary="申请事项属于本机关职权范围，申请材料齐全、符合法定形式（或者按要求提交全部补正材料）的，受理行政许可申请，"
            "出具加盖本机关专用印章和注明日期的书面凭证；逾期未告知补正的，自收到申请材料之日起即为受理。",
    fields=(
        APPLICANT, APPLICANT_ID, LICENCE_ITEM, RECEIVED,
        Field("受理日期", example="2026年3月4日"),
        Field("材料清单", "收到的申请材料", example="建设工程规划许可申请表；使用土地的有关证明文件；建设工程设计方案"),
        Field("视为受理", "逾期未告知补正，视为受理", required=False, flag=True),
        Field("决定期限", "作出决定的期限", example="2026年4月1日"),
        CONTACT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{申请人}："),
        Part("para", "你（单位）于{收件日期}提出的{许可事项}申请，本机关已收到下列申请材料：{材料清单}。"),
        Part("para", "经审查，该申请事项属于本机关职权范围，申请材料齐全、符合法定形式，根据《中华人"
                     "民共和国行政许可法》"
                     "第三十二条第一款第五项的规定，本机关决定自{受理日期}起受理。"),
        Part("para", "本机关未在收到申请材料之日起五日内一次告知需要补正的全部内容，根据《中华人民共"
                     "和国行政许可法》第三十"
                     "二条第一款第四项的规定，自收到申请材料之日即{受理日期}起即为受理。", when="视为受理"),
        Part("para", "本机关将自受理之日起二十个工作日内（即{决定期限}前）作出行政许可决定；依法需要"
                     "听证、检验、检测、鉴定或"
                     "者专家评审的，所需时间不计算在上述期限内（《中华人民共和国行政许可法》第四十二条、第四十五条）。"),
        Part("para", "联系人及电话：{联系人}"),
        *SIGN,
        Part("note", "（本通知书加盖本机关行政许可专用印章，一份交申请人，一份存档。）"),
    ),
)

NON_ACCEPTANCE_NOTICE = DocumentTemplate(
    code="non_acceptance_notice", title="行政许可不予受理通知书", basis="行政许可法 第32条",
    number_pattern="{agency_short}许不受字〔{year}〕{n}号",
    summary="申请事项依法不需要取得行政许可、不属于本机关职权范围或者申请人不符合法定条件的，作出不予受理的决定，"
            "写明理由，并告知申请人向有关行政机关申请和依法申请行政复议或者提起行政诉讼的权利。",
    fields=(
        APPLICANT, APPLICANT_ID, LICENCE_ITEM, RECEIVED,
        Field("不予受理理由", "不予受理的理由和依据", example="该申请事项不属于本机关职权范围，应当向"
                                                              "鞍山市住房和城乡建设局申请"),
        REVIEW_BODY, COURT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{申请人}："),
        Part("para", "你（单位）于{收件日期}提出的{许可事项}申请，经审查，{不予受理理由}。"),
        Part("para", "根据《中华人民共和国行政许可法》第三十二条第一款的规定，本机关决定不予受理。"),
        Part("para", LICENCE_REMEDY),
        *SIGN,
    ),
)

CORRECTION_NOTICE = DocumentTemplate(
    code="correction_notice", title="补正材料通知书", basis="行政许可法 第32条",
    number_pattern="{agency_short}许补字〔{year}〕{n}号",
    summary="申请材料不齐全或者不符合法定形式的，当场或者在五日内一次告知申请人需要补正的全部内容；逾期不告知的，"
            "自收到申请材料之日起即为受理。",
    fields=(
        APPLICANT, LICENCE_ITEM, RECEIVED,
        Field("补正内容", "需要补正的全部材料和内容", example="建设工程设计方案（未提交）；使用土地的"
                                                              "有关证明文件（未提交）"),
        Field("已收材料", "已收到的申请材料", required=False, example="建设工程规划许可申请表"),
        CONTACT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{申请人}："),
        Part("para", "你（单位）于{收件日期}提出的{许可事项}申请，本机关已收到：{已收材料}。"),
        Part("para", "经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三"
                     "十二条第一款第四项的规定，"
                     "现一次告知你（单位）需要补正的全部内容如下：{补正内容}。"),
        Part("para", "请按上述要求补正全部材料后再次提交。本机关自收到全部补正材料之日起受理。"),
        Part("para", "联系人及电话：{联系人}"),
        *SIGN,
    ),
)

LICENCE_EXTENSION_NOTICE = DocumentTemplate(
    code="licence_extension_notice", title="延长行政许可期限告知书", basis="行政许可法 第42条",
    number_pattern="{agency_short}许延字〔{year}〕{n}号",
    summary="二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。",
    fields=(
        APPLICANT, LICENCE_ITEM,
        Field("受理日期", example="2026年3月4日"),
        Field("延长理由", example="申请涉及的建设工程设计方案需征求规划、消防等多部门意见"),
        Field("批准人", "批准延长的负责人", example="王某某"),
        Field("决定期限", "延长后作出决定的期限", example="2026年4月15日"),
        AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{申请人}："),
        Part("para", "本机关于{受理日期}受理的你（单位）{许可事项}申请，因{延长理由}，不能在二十个工作日内作出决定。"),
        Part("para", "根据《中华人民共和国行政许可法》第四十二条第一款的规定，经本机关负责人{批准人}"
                     "批准，作出行政许可决定的期"
                     "限延长十个工作日，至{决定期限}。"),
        *SIGN,
    ),
)

LICENCE_GRANT = DocumentTemplate(
    code="licence_grant", title="准予行政许可决定书", basis="行政许可法 第38、39、44条",
    number_pattern="{agency_short}许准字〔{year}〕{n}号",
    summary="申请人的申请符合法定条件、标准的，依法作出准予行政许可的书面决定；需要颁发行政许可证件的，自作出决定之日起"
            "十日内颁发、送达。",
    fields=(
        APPLICANT, APPLICANT_ID, LICENCE_ITEM,
        Field("受理日期", example="2026年3月4日"),
        Field("审查情况", example="申请材料齐全、符合法定形式，经实地核查，建设工程设计方案符合控制性"
                                  "详细规划和规划条件"),
        Field("许可内容", example="同意在铁东区胜利路东侧地块建设综合楼一栋，建筑面积12,000平方米"),
        Field("有效期", "许可有效期限", example="2026年3月20日至2028年3月19日"),
        Field("许可依据", example="《中华人民共和国城乡规划法》第四十条"),
        AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{申请人}："),
        Part("para", "本机关于{受理日期}受理你（单位）（统一社会信用代码或身份证号码：{证件号码}）提"
                     "出的{许可事项}申请。"
                     "经审查，{审查情况}，符合法定条件、标准。"),
        Part("para", "依据{许可依据}和《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定"
                     "准予行政许可：{许可内容}。"),
        Part("para", "许可有效期限：{有效期}。本机关将自本决定作出之日起十个工作日内颁发、送达行政许可证件。"),
        Part("para", "被许可人需要延续依法取得的行政许可有效期的，应当在有效期届满三十日前向本机关提出申请"
                     "（《中华人民共和国行政许可法》第五十条）。"),
        *SIGN,
    ),
)

LICENCE_REFUSAL = DocumentTemplate(
    code="licence_refusal", title="不予行政许可决定书", basis="行政许可法 第38条",
    number_pattern="{agency_short}许不准字〔{year}〕{n}号",
    summary="依法作出不予行政许可的书面决定，应当说明理由，并告知申请人享有依法申请行政复议或者提起行政诉讼的权利。",
    fields=(
        APPLICANT, APPLICANT_ID, LICENCE_ITEM,
        Field("受理日期", example="2026年3月4日"),
        Field("不予许可理由", "不予许可的理由和依据", example="建设工程设计方案不符合控制性详细规划确定的容积率要求"),
        REVIEW_BODY, COURT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{申请人}："),
        Part("para", "本机关于{受理日期}受理你（单位）（统一社会信用代码或身份证号码：{证件号码}）提"
                     "出的{许可事项}申请。"),
        Part("para", "经审查，{不予许可理由}。根据《中华人民共和国行政许可法》第三十八条第二款的规定"
                     "，本机关决定不予行政许可。"),
        Part("para", LICENCE_REMEDY),
        *SIGN,
    ),
)

LICENCE_CERTIFICATE = DocumentTemplate(
    code="licence_certificate", title="行政许可证件", basis="行政许可法 第39、44条",
    number_pattern="{agency_short}许证字〔{year}〕{n}号",
    summary="准予行政许可、需要颁发行政许可证件的，向申请人颁发加盖本行政机关印章的许可证、执照或者其他许可证书。",
    fields=(
        Field("被许可人", "被许可人名称（姓名）", example="鞍山某置业有限公司"),
        APPLICANT_ID, LICENCE_ITEM,
        Field("许可内容", example="同意在铁东区胜利路东侧地块建设综合楼一栋，建筑面积12,000平方米"),
        Field("有效期", "有效期限", example="2026年3月20日至2028年3月19日"),
        Field("决定书文号", "准予行政许可决定书文号", example="鞍自然许准字〔2026〕1号"),
        AGENCY, DATE,
    ),
    parts=(
        Part("row", "{被许可人}", "被许可人"),
        Part("row", "{证件号码}", "统一社会信用代码（身份证号码）"),
        Part("row", "{许可事项}", "许可事项"),
        Part("row", "{许可内容}", "许可内容"),
        Part("row", "{有效期}", "有效期限"),
        Part("row", "{决定书文号}", "许可决定"),
        *SIGN,
        Part("note", "（有效期届满需要延续的，应当在有效期届满三十日前向发证机关提出申请。）"),
    ),
)

# ---------------------------------------------------------------- 冻结, 中止、终结执行, 代履行 (第29–33、39–40、51条)

FREEZE_ACCOUNT = (Field("金融机构", example="中国某某银行鞍山分行"),
                  Field("账号", "冻结的账号", example="2107 0000 0000 0000 000"),
                  Field("数额", "冻结的数额（元）", example="120000.00"))

FREEZE_DECISION = DocumentTemplate(
    code="freeze_decision", title="冻结决定书", basis="行政强制法 第31条",
    number_pattern="{agency_short}冻决字〔{year}〕{n}号",
    summary="依照法律规定冻结存款、汇款的，三日内向当事人交付的决定书：当事人、冻结的理由、依据和期限、账号和数额、"
            "救济途径和期限、行政机关的名称、印章和日期。",
    fields=(
        PARTY, PARTY_ID, PARTY_ADDRESS,
        Field("理由", "冻结的理由", example="你单位涉嫌非法转让土地，为防止转移违法所得"),
        Field("依据", "冻结的依据（法律）", example="《中华人民共和国某某法》第某条"),
        *FREEZE_ACCOUNT,
        Field("起始日期", example="2026年3月6日"), Field("截止日期", example="2026年4月4日"),
        REVIEW_BODY, COURT, AGENCY, DATE,
    ),
    parts=(
        *PARTY_LINES[:2],
        PARTY_LINES[3],
        Part("para", "{理由}。依据{依据}和《中华人民共和国行政强制法》第二十九条至第三十一条的规定，本机关决定冻结你"
                     "（单位）在{金融机构}的存款、汇款：账号{账号}，数额{数额}元。"),
        Part("para", "冻结期限自{起始日期}起至{截止日期}止。情况复杂的，经本机关负责人批准，可以延长，但延长期限不超过"
                     "三十日，延长的决定和理由将书面告知你（单位）（行政强制法第三十二条）。"),
        Part("para", REMEDY),
        *SIGN,
    ),
)

FREEZE_NOTICE = DocumentTemplate(
    code="freeze_notice", title="协助冻结（解除冻结）存款、汇款通知书", basis="行政强制法 第30条、第33条",
    number_pattern="{agency_short}冻通字〔{year}〕{n}号",
    summary="冻结存款、汇款时交付金融机构的冻结通知书；解除冻结时通知金融机构解除冻结。",
    fields=(
        Field("事项", choices=("冻结", "解除冻结"), example="冻结"),
        Field("决定书文号", "冻结决定书文号", example="鞍自然冻决字〔2026〕1号"),
        PARTY, *FREEZE_ACCOUNT, Field("期限", "冻结期限或者解除日期", example="自2026年3月6日起至2026年4月4日止"),
        AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{金融机构}："),
        Part("para", "依据《中华人民共和国行政强制法》第三十条、第三十三条的规定，请协助{事项}{当事人名称}在你处的"
                     "存款、汇款：账号{账号}，数额{数额}元；{期限}（{决定书文号}）。"),
        *SIGN,
    ),
)

FREEZE_RELEASE = DocumentTemplate(
    code="freeze_release", title="解除冻结决定书", basis="行政强制法 第33条",
    number_pattern="{agency_short}冻解字〔{year}〕{n}号",
    summary="有行政强制法第三十三条规定情形的，及时作出解除冻结决定，通知金融机构和当事人。",
    fields=(
        PARTY, PARTY_ID, Field("决定书文号", "冻结决定书文号", example="鞍自然冻决字〔2026〕1号"), *FREEZE_ACCOUNT,
        Field("解除理由", example="冻结期限已经届满"), Field("解除日期", example="2026年4月4日"), AGENCY, DATE,
    ),
    parts=(
        *PARTY_LINES[:2],
        Part("para", "本机关冻结了你（单位）在{金融机构}的存款、汇款（{决定书文号}；"
                     "账号{账号}，数额{数额}元）。因{解除理由}，"
                     "依据《中华人民共和国行政强制法》第三十三条的规定，本机关决定自{解除日期}起解除冻结，并已通知"
                     "{金融机构}。"),
        *SIGN,
    ),
)

ENFORCEMENT_BASE = (PARTY, PARTY_ADDRESS, DECISION_TITLE,
                    Field("决定书文号", "行政决定文号", example="鞍自然拆决字〔2026〕9号"))

SUBSTITUTE_DECISION = DocumentTemplate(
    code="substitute_decision", title="代履行决定书", basis="行政强制法 第50条、第51条",
    number_pattern="{agency_short}代履字〔{year}〕{n}号",
    summary="代履行前送达的决定书：当事人的姓名或者名称、地址，代履行的理由和依据、方式和时间、标的、费用预算以及代履行人。",
    fields=(
        *ENFORCEMENT_BASE,
        Field("催告书文号", example="鞍自然催字〔2026〕1号"),
        Field("理由和依据", "代履行的理由和依据", example="当事人经催告逾期仍不履行，依据《"
                                            "中华人民共和国行政强制法》第五十条"),
        Field("标的", "代履行的标的", example="铁东区某村集体土地上堆放的建筑垃圾约300立方米"),
        Field("执行方式", "代履行的方式", example="清运建筑垃圾并恢复土地原状"),
        Field("执行时间", "代履行的时间", example="2027年1月15日起"),
        Field("代履行人", example="鞍山某清运有限公司"), Field("费用预算", "费用预算（元）", example="8000.00"),
        REVIEW_BODY, COURT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}（地址：{当事人地址}）："),
        Part("para", "你（单位）未履行《{决定书名称}》（{决定书文号}）"
                     "，经催告（{催告书文号}）逾期仍未履行。代履行的理由和"
                     "依据：{理由和依据}。"),
        Part("row", "{标的}", label="代履行的标的"),
        Part("row", "{执行方式}", label="代履行的方式"),
        Part("row", "{执行时间}", label="代履行的时间"),
        Part("row", "{代履行人}", label="代履行人"),
        Part("row", "{费用预算}元，按照成本合理确定，由你（单位）承担", label="费用预算"),
        Part("para", "代履行三日前，本机关将催告你（单位）履行；你（单位）履行的，停止代履行。"),
        Part("para", REMEDY),
        *SIGN,
    ),
)

SUSPENSION_DECISION = DocumentTemplate(
    code="suspension_decision", title="中止（恢复）执行决定书", basis="行政强制法 第39条",
    number_pattern="{agency_short}强中字〔{year}〕{n}号",
    summary="有行政强制法第三十九条规定情形的中止执行决定；中止的情形消失后恢复执行的决定。",
    fields=(
        *ENFORCEMENT_BASE, Field("事项", choices=("中止执行", "恢复执行"), example="中止执行"),
        Field("情形", "中止执行的情形（或中止的情形消失的情况）", example="当事人履行行政决定确有困难或者暂无履行能力"),
        Field("具体情况", example="当事人所在企业停产，账户无可供执行的财产"),
        Field("日期起", "中止（恢复）日期", example="2026年12月1日"), AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}（地址：{当事人地址}）："),
        Part("para", "本机关对《{决定书名称}》（{决定书文号}）的强制执行，因"
                     "{情形}（{具体情况}），依据《中华人民共和国行政强制法》"
                     "第三十九条的规定，决定自{日期起}起{事项}。"),
        *SIGN,
    ),
)

TERMINATION_DECISION = DocumentTemplate(
    code="termination_decision", title="终结执行决定书", basis="行政强制法 第40条",
    number_pattern="{agency_short}强终字〔{year}〕{n}号",
    summary="有行政强制法第四十条规定情形的，终结执行。",
    fields=(
        *ENFORCEMENT_BASE, Field("情形", "终结执行的情形", example="执行标的灭失"),
        Field("具体情况", example="违法建筑已因自然灾害灭失"), Field("日期起", "终结日期", example="2026年12月1日"),
        AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{当事人名称}（地址：{当事人地址}）："),
        Part("para", "本机关对《{决定书名称}》（{决定书文号}）的强制执行，因"
                     "{情形}（{具体情况}），依据《中华人民共和国行政强制法》"
                     "第四十条的规定，决定自{日期起}起终结执行。"),
        *SIGN,
    ),
)


HOLDER = Field("被许可人", "被许可人名称（姓名）", example="鞍山某置业有限公司")
LICENCE_NUMBER = Field("许可证号", "行政许可证件编号", example="鞍自然许证字〔2026〕1号")
HEARING_MATTER = Field("听证事项", example="建设工程规划许可对相邻住户采光的影响")

LICENCE_HEARING_RIGHT = DocumentTemplate(
    code="licence_hearing_right", title="行政许可听证告知书", basis="行政许可法 第47条",
    number_pattern="{agency_short}许听告字〔{year}〕{n}号",
    summary="行政许可直接涉及申请人与他人之间重大利益关系的，作出决定前告知申请人、利害关系人享有要求听证的权利；"
            "被告知之日起五日内提出听证申请的，二十日内组织听证。",
    fields=(APPLICANT, LICENCE_ITEM, RECEIVED, HEARING_MATTER, CONTACT, AGENCY, DATE),
    parts=(
        Part("addressee", "{申请人}及利害关系人："),
        Part("para", "{申请人}于{收件日期}提出的{许可事项}申请，涉及{听证事项}，"
                     "直接涉及申请人与他人之间重大利益关系。"),
        Part("para", "根据《中华人民共和国行政许可法》第四十七条的规定，你（单位）享有要求听证的权利。要求听证的，"
                     "请在收到本告知书之日起五个工作日内向本机关提出；逾期未提出的，视为放弃听证。"),
        Part("para", "联系人及电话：{联系人}"),
        *SIGN,
    ),
)

# the 听证通知书 and the 听证公告 tell the same things, one to the parties, one to the public (第46、48条)
HEARING_FIELDS = (APPLICANT, LICENCE_ITEM, HEARING_MATTER, Field("听证时间", example="2026年3月20日上午9时"),
                  Field("听证地点", example="鞍山市自然资源局三楼听证室"), CONTACT, AGENCY, DATE)

LICENCE_HEARING_NOTICE = DocumentTemplate(
    code="licence_hearing_notice", title="行政许可听证通知书", basis="行政许可法 第48条",
    number_pattern="{agency_short}许听通字〔{year}〕{n}号",
    summary="于举行听证的七日前将举行听证的时间、地点通知申请人、利害关系人，必要时予以公告；听证公开举行。",
    fields=HEARING_FIELDS,
    parts=(
        Part("addressee", "{申请人}及利害关系人："),
        Part("para", "本机关定于{听证时间}在{听证地点}公开举行听证，听证事项：{许可事项}申请涉及的{听证事项}。"),
        Part("para", "根据《中华人民共和国行政许可法》第四十八条的规定，听证由审查该申请的工作人员以外的人员主持；"
                     "你（单位）认为主持人与该行政许可事项有直接利害关系的，有权申请回避。请携带身份证明按时出席，"
                     "可以委托代理人，可以提出证据并进行申辩和质证。"),
        Part("para", "联系人及电话：{联系人}"),
        *SIGN,
    ),
)

LICENCE_HEARING_ANNOUNCEMENT = DocumentTemplate(
    code="licence_hearing_announcement", title="行政许可听证公告", basis="行政许可法 第46、48条",
    number_pattern="{agency_short}许听公字〔{year}〕{n}号",
    summary="法律、法规、规章规定应当听证的事项，或者涉及公共利益的重大行政许可事项，向社会公告，并举行听证。",
    fields=HEARING_FIELDS,
    parts=(
        Part("para", "{申请人}申请的{许可事项}，涉及{听证事项}，属于涉及公共利益的重大行政许可事项。"
                     "根据《中华人民共和国行政许可法》第四十六条、第四十八条的规定，本机关定于{听证时间}在{听证地点}公开举行听证。"),
        Part("para", "与该事项有利害关系的公民、法人或者其他组织可以报名参加。联系人及电话：{联系人}"),
        Part("para", "特此公告。"),
        *SIGN,
    ),
)

LICENCE_END_NOTICE = DocumentTemplate(
    code="licence_end_notice", title="撤回（撤销）行政许可告知书", basis="行政许可法 第7、8、69条",
    number_pattern="{agency_short}许撤告字〔{year}〕{n}号",
    summary="撤回或者撤销已经生效的行政许可前，书面告知被许可人拟作出决定的事实、理由、依据，及其陈述、申辩的权利。",
    fields=(
        HOLDER, APPLICANT_ID, LICENCE_ITEM, LICENCE_NUMBER,
        Field("处理", "拟作出的处理", choices=("撤回", "撤销"), example="撤回"),
        Field("事实和理由", example="该地块控制性详细规划已依法修改，原许可依据的客观情况发生重大变化"),
        Field("依据", example="《中华人民共和国行政许可法》第八条"),
        Field("陈述申辩期限", example="2026年3月12日"),
        CONTACT, AGENCY, DATE,
    ),
    parts=(
        Part("addressee", "{被许可人}："),
        Part("para", "本机关颁发给你（单位）（统一社会信用代码或身份证号码：{证件号码}）的{许可事项}证件"
                     "（{许可证号}），因{事实和理由}，依据{依据}，本机关拟{处理}该行政许可。"),
        Part("para", "根据《中华人民共和国行政许可法》第七条的规定，你（单位）享有陈述权、申辩权。请于{陈述申辩期限}前"
                     "向本机关提出陈述、申辩意见；逾期未提出的，视为放弃。"),
        Part("para", "联系人及电话：{联系人}"),
        *SIGN,
    ),
)

END_FIELDS = (
    HOLDER, APPLICANT_ID, LICENCE_ITEM, LICENCE_NUMBER,
    Field("告知书文号", example="鞍自然许撤告字〔2026〕1号"),
    Field("陈述申辩情况", example="被许可人于2026年3月10日提出书面申辩，经复核，申辩理由不成立"),
    Field("事实和理由", example="该地块控制性详细规划已依法修改，原许可依据的客观情况发生重大变化"),
    Field("依据", example="《中华人民共和国行政许可法》第八条"),
    REVIEW_BODY, COURT, AGENCY, DATE,
)


def _end_decision(code: str, word: str, basis: str, consequence: str) -> DocumentTemplate:
    """撤回 and 撤销 decide in the same words but for the verb, the article and what the holder is owed."""
    return DocumentTemplate(
        code=code, title=f"{word}行政许可决定书", basis=basis,
        number_pattern="{agency_short}许" + word[-1] + "字〔{year}〕{n}号",
        summary=f"{word}已经生效的行政许可的书面决定：事实、理由、依据，陈述申辩的处理，{consequence}，救济途径。",
        fields=END_FIELDS,
        parts=(
            Part("addressee", "{被许可人}："),
            Part("para", "本机关颁发给你（单位）（统一社会信用代码或身份证号码：{证件号码}）的{许可事项}证件"
                         f"（{{许可证号}}），因{{事实和理由}}。本机关已于《{word}行政许可告知书》（{{告知书文号}}）"
                         "告知你（单位）陈述、申辩的权利，{陈述申辩情况}。"),
            Part("para", f"依据{{依据}}，本机关决定{word}该行政许可，许可证件自本决定送达之日起失效。{consequence}。"),
            Part("para", LICENCE_REMEDY),
            *SIGN,
        ),
    )


LICENCE_WITHDRAWAL = _end_decision("licence_withdrawal", "撤回", "行政许可法 第8条",
                                   "由此给你（单位）造成财产损失的，本机关依法给予补偿")
LICENCE_REVOCATION = _end_decision("licence_revocation", "撤销", "行政许可法 第69条",
                                   "依照第六十九条第一款撤销、你（单位）的合法权益受到损害的，本机关依法给予赔偿")

TEMPLATES: dict[str, DocumentTemplate] = {t.code: t for t in (
    CASE_APPROVAL, ONSITE_RECORD, INQUIRY_RECORD, SEIZURE_DECISION, PRIOR_NOTICE, REVIEW_OPINION, DECISION,
    SERVICE_RECEIPT, HEARING_NOTICE, HEARING_RECORD, COLLECTIVE_DISCUSSION, NO_PENALTY_DECISION, RECTIFICATION_ORDER,
    PRESERVATION_NOTICE, PRESERVATION_DECISION, SERVICE_ADDRESS, CASE_TRANSFER, CASE_CLOSING, ONSITE_DECISION,
    URGE_NOTICE, ENFORCEMENT_APPLICATION,
    MEASURE_RECORD, SEIZURE_LIST, SEIZURE_EXTENSION, TESTING_NOTICE, SEIZURE_RELEASE,
    LEVY_DECISION, REQUISITION_DECISION, CHARGE_NOTICE,
    ACCEPTANCE_NOTICE, NON_ACCEPTANCE_NOTICE, CORRECTION_NOTICE,
    LICENCE_EXTENSION_NOTICE, LICENCE_GRANT, LICENCE_REFUSAL, LICENCE_CERTIFICATE,
    COERCION_DECISION, DEMOLITION_NOTICE,
    FREEZE_DECISION, FREEZE_NOTICE, FREEZE_RELEASE, SUBSTITUTE_DECISION, SUSPENSION_DECISION, TERMINATION_DECISION,
    LICENCE_HEARING_RIGHT, LICENCE_HEARING_NOTICE, LICENCE_HEARING_ANNOUNCEMENT, LICENCE_END_NOTICE,
    LICENCE_WITHDRAWAL, LICENCE_REVOCATION)}


@dataclass(frozen=True)
class Sample:
    """One entry of the 执法文书样本 catalogue: a written template, or a name still 待补充."""

    title: str
    basis: str
    template: DocumentTemplate | None = None


def _written(template: DocumentTemplate) -> Sample:
    return Sample(template.title, template.basis, template)


# The catalogue in the order a case produces them; the names without a template are honest placeholders.
DOCUMENT_SAMPLES: tuple[Sample, ...] = (
    _written(CASE_APPROVAL),
    _written(ONSITE_DECISION),
    _written(ONSITE_RECORD),
    _written(INQUIRY_RECORD),
    Sample("抽样取证凭证", "REC-03"),
    _written(PRESERVATION_NOTICE),
    _written(PRESERVATION_DECISION),
    Sample("责令停止违法行为通知书", "土地管理法 第77条"),
    _written(RECTIFICATION_ORDER),
    _written(MEASURE_RECORD),
    _written(SEIZURE_DECISION),
    _written(SEIZURE_LIST),
    _written(SEIZURE_EXTENSION),
    _written(TESTING_NOTICE),
    _written(SEIZURE_RELEASE),
    _written(SERVICE_ADDRESS),
    _written(PRIOR_NOTICE),
    _written(HEARING_NOTICE),
    _written(HEARING_RECORD),
    Sample("重大行政执法决定法制审核申请表", "REV-03；审核制度 附件1"),
    _written(REVIEW_OPINION),
    _written(COLLECTIVE_DISCUSSION),
    _written(DECISION),
    _written(NO_PENALTY_DECISION),
    _written(CASE_TRANSFER),
    _written(SERVICE_RECEIPT),
    _written(URGE_NOTICE),
    _written(COERCION_DECISION),
    _written(DEMOLITION_NOTICE),
    _written(ENFORCEMENT_APPLICATION),
    _written(CASE_CLOSING),
    _written(CORRECTION_NOTICE),
    _written(ACCEPTANCE_NOTICE),
    _written(NON_ACCEPTANCE_NOTICE),
    _written(LICENCE_EXTENSION_NOTICE),
    _written(LICENCE_GRANT),
    _written(LICENCE_REFUSAL),
    _written(LICENCE_CERTIFICATE),
    _written(LICENCE_HEARING_RIGHT),
    _written(LICENCE_HEARING_NOTICE),
    _written(LICENCE_HEARING_ANNOUNCEMENT),
    _written(LICENCE_END_NOTICE),
    _written(LICENCE_WITHDRAWAL),
    _written(LICENCE_REVOCATION),
    Sample("同步录音录像摄录情况记录表", "REC-15"),
    _written(LEVY_DECISION),
    _written(REQUISITION_DECISION),
    _written(CHARGE_NOTICE),
    _written(FREEZE_DECISION),
    _written(FREEZE_NOTICE),
    _written(FREEZE_RELEASE),
    _written(SUBSTITUTE_DECISION),
    _written(SUSPENSION_DECISION),
    _written(TERMINATION_DECISION),
)

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
                     "告知了拟作出行政处罚的事实、理由、依据和处罚内容，以及你（单位）依法享有的陈述、申辩和要求听证的权利。{陈述申辩情况}。"),
        Part("para", "本机关认为，你（单位）的上述行为违反了{违反的规定}的规定。{处罚理由}。依据{处罚依据}的规定，"
                     "本机关决定对你（单位）作出如下行政处罚：{处罚内容}。"),
        Part("para", "履行方式和期限：{履行方式和期限}。"),
        Part("para", "罚款自收到本决定书之日起十五日内缴至{缴款方式}。"
                     "到期不缴纳罚款的，依据《中华人民共和国行政处罚法》第七十二条第一款第一项的规定，本机关每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。",
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
                     "委托、转交送达的，记明委托、转交的原因。公告送达的，记明其他方式无法送达的情况及公告的方式和载体。"),
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
                     "但延长期限不超过三十日，延长的决定和理由将书面告知你（单位）。对物品需要进行检测、检验、检疫或者技术鉴定的，"
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

TEMPLATES: dict[str, DocumentTemplate] = {t.code: t for t in (
    CASE_APPROVAL, ONSITE_RECORD, INQUIRY_RECORD, SEIZURE_DECISION, PRIOR_NOTICE, REVIEW_OPINION, DECISION,
    SERVICE_RECEIPT)}


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
    _written(ONSITE_RECORD),
    _written(INQUIRY_RECORD),
    Sample("抽样取证凭证", "REC-03"),
    Sample("先行登记保存证据通知书", "行政处罚法 第56条"),
    Sample("责令停止违法行为通知书", "土地管理法 第77条"),
    _written(SEIZURE_DECISION),
    Sample("查封（扣押）清单", "行政强制法 第24条"),
    _written(PRIOR_NOTICE),
    Sample("听证通知书", "行政处罚法 第64条"),
    Sample("听证笔录", "行政处罚法 第64条"),
    Sample("重大行政执法决定法制审核申请表", "REV-03；审核制度 附件1"),
    _written(REVIEW_OPINION),
    _written(DECISION),
    _written(SERVICE_RECEIPT),
    Sample("催告书", "行政强制法 第35条"),
    Sample("强制执行申请书", "行政强制法 第53、54条"),
    Sample("结案审批表", "REC-09"),
    Sample("同步录音录像摄录情况记录表", "REC-15"),
)

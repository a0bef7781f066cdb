"""执法文书样本 (GEN-05): the templates carry the contents the law requires, refuse a missing required value
naming the field, render to a DOCX Word can open, and are served to officers only."""

from __future__ import annotations

import io

import docx
import pytest
from django.contrib.auth import get_user_model

from zhifa.catalog.documents import (
    DECISION,
    DOCUMENT_SAMPLES,
    PRIOR_NOTICE,
    REVIEW_OPINION,
    REVIEW_OUTCOMES,
    SEIZURE_DECISION,
    SERVICE_RECEIPT,
    TEMPLATES,
    DocumentTemplate,
    Field,
    Part,
    number_of,
    render_text,
    sample_values,
)
from zhifa.catalog.docx import render_docx
from zhifa.core.errors import RuleViolation


def text_of(template, values=None) -> str:
    return "\n".join(render_text(template, values if values is not None else sample_values(template)))


def test_the_decision_carries_every_element_of_article_59_and_the_remedy_periods():
    text = text_of(DECISION)
    # 第59条 (一) 当事人的姓名或者名称、地址
    assert "当事人：〔示例〕鞍山某建材有限公司" in text and "住所（地址）：〔示例〕鞍山市铁东区某某路88号" in text
    # (二) 违反法律、法规、规章的事实和证据
    assert "经查明，你（单位）〔示例〕于2025年5月" in text and "以上事实有下列证据证明：" in text
    # (三) 行政处罚的种类和依据
    assert "本机关决定对你（单位）作出如下行政处罚：" in text
    assert "违反了〔示例〕《中华人民共和国土地管理法》第四十四条" in text
    assert "依据〔示例〕《中华人民共和国土地管理法》第七十七条第一款的规定" in text
    # (四) 行政处罚的履行方式和期限: 第67条 15日, 第72条 3% a day capped at the fine
    assert "履行方式和期限：" in text and "罚款自收到本决定书之日起十五日内缴至" in text
    assert "每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额" in text
    # (五) 申请行政复议、提起行政诉讼的途径和期限, naming the bodies
    assert "六十日内向〔示例〕鞍山市人民政府申请行政复议" in text
    assert "六个月内依法向〔示例〕鞍山市铁东区人民法院提起行政诉讼" in text
    # (六) 作出决定的行政机关名称和日期; 加盖印章
    lines = render_text(DECISION, sample_values(DECISION))
    assert lines[:2] == ["行政处罚决定书", "鞍自然罚决字〔2026〕示例1号"]
    assert {"〔示例〕鞍山市自然资源局", "（印章）", "〔示例〕2026年3月5日"} <= set(lines)
    # 第44、62条: the decision records that the party was told and heard
    assert "《行政处罚事先告知书》" in text and "陈述、申辩" in text


def test_the_fine_paragraph_appears_only_when_the_penalty_has_a_fine():
    values = sample_values(DECISION) | {"含罚款": False}
    assert "百分之三" not in text_of(DECISION, values)


def test_the_prior_notice_names_the_rights_and_the_five_working_days():
    text = text_of(PRIOR_NOTICE)
    assert "本机关拟对你（单位）作出如下行政处罚：" in text
    assert "享有陈述、申辩的权利" in text and "不因你（单位）陈述、申辩而给予更重的处罚" in text
    assert "有权要求举行听证。如要求听证，应当自收到本告知书之日起五个工作日内向本机关提出" in text
    without_hearing = text_of(PRIOR_NOTICE, sample_values(PRIOR_NOTICE) | {"听证权利": False})
    assert "听证" not in without_hearing and "陈述、申辩" in without_hearing


def test_a_missing_required_value_is_refused_naming_the_field():
    values = sample_values(DECISION)
    del values["复议机关"]
    with pytest.raises(RuleViolation) as refused:
        render_text(DECISION, values)
    assert refused.value.field == "复议机关" and "行政复议机关" in refused.value.message
    with pytest.raises(RuleViolation) as blank:
        render_docx(DECISION, sample_values(DECISION) | {"违法事实": "  "})
    assert blank.value.field == "违法事实"
    with pytest.raises(RuleViolation) as unnumbered:
        number_of(DECISION, sample_values(DECISION) | {"n": ""})
    assert unnumbered.value.field == "n"


def test_an_optional_value_left_out_is_a_blank_to_fill_by_hand():
    values = sample_values(SERVICE_RECEIPT)
    del values["见证人"]
    assert "见证人（签名或盖章）：＿＿＿＿＿＿" in render_text(SERVICE_RECEIPT, values)


def test_a_value_outside_the_choices_is_refused():
    with pytest.raises(RuleViolation) as refused:
        render_text(SERVICE_RECEIPT, sample_values(SERVICE_RECEIPT) | {"送达方式": "口头通知"})
    assert refused.value.field == "送达方式"


def test_the_review_opinion_follows_the_agency_form_ticking_one_outcome():
    lines = render_text(REVIEW_OPINION, sample_values(REVIEW_OPINION) | {"审核意见": "重新调查（或补充调查）"})
    assert lines[0] == "重大行政执法决定合法性审查意见书" and lines[1] == "鞍自然法审〔2026〕示例1号"
    ticks = [line for line in lines if line[0] in "☑☐"]
    assert len(ticks) == len(REVIEW_OUTCOMES) == 7
    assert [t for t in ticks if t.startswith("☑")] == ["☑ 重新调查（或补充调查）；"]
    assert any("一份由〔示例〕法规督考科存档，一份交〔示例〕鞍山市自然资源局执法监察支队" in line for line in lines)


def test_the_seizure_decision_carries_article_24_and_the_thirty_day_limit():
    text = text_of(SEIZURE_DECISION)
    for phrase in ("当事人：", "住所（地址）：", "第二十四条", "扣押期限为〔示例〕30日", "延长期限不超过三十日",
                   "挖掘机1台", "六十日内", "六个月内", "（印章）", "查封（扣押）清单"):
        assert phrase in text, phrase


def test_every_template_renders_its_sample_and_a_docx_that_word_opens():
    for template in TEMPLATES.values():
        values = sample_values(template)
        lines = render_text(template, values)
        opened = docx.Document(io.BytesIO(render_docx(template, values)))
        paragraphs = [p.text for p in opened.paragraphs]
        cells = [c.text for t in opened.tables for row in t.rows for c in row.cells]
        assert paragraphs[0] == template.title
        assert opened.paragraphs[0].runs[0].bold
        number = number_of(template, values)
        if number:
            assert paragraphs[1] == number
        assert set(lines[1:]) - {number} <= set(paragraphs) | {f"{a}：{b}" for a, b in zip(cells[::2], cells[1::2],
                                                                                        strict=True)}
        section = opened.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)   # A4


def test_the_docx_sets_east_asian_fonts():
    opened = docx.Document(io.BytesIO(render_docx(DECISION, sample_values(DECISION))))
    fonts = opened.paragraphs[0].runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"


def test_a_template_citing_an_undeclared_field_is_refused_when_defined():
    with pytest.raises(ValueError, match="未定义的字段 违法事实"):
        DocumentTemplate(code="x", title="x", basis="x", number_pattern="", fields=(Field("当事人名称"),),
                         parts=(Part("para", "{当事人名称}{违法事实}"),))


def test_the_catalogue_keeps_the_unwritten_names_as_to_be_added():
    written = [s.title for s in DOCUMENT_SAMPLES if s.template]
    assert len(written) == len(TEMPLATES) == 23
    assert {"听证笔录", "结案审批表", "当场行政处罚决定书", "催告书", "强制执行申请书"} <= set(written)
    assert "同步录音录像摄录情况记录表" in [s.title for s in DOCUMENT_SAMPLES if s.template is None]


def test_the_hearing_notice_comes_seven_days_ahead_with_the_rights_of_article_64():
    text = text_of(TEMPLATES["hearing_notice"])
    for phrase in ("举行听证的七日前", "有权申请回避", "委托一至二人代理", "视为放弃听证权利", "不承担行政机关组织听证"
        "的费用",
                   "听证主持人：〔示例〕孙某某", "本次听证公开举行"):
        assert phrase in text, phrase
    private = text_of(TEMPLATES["hearing_notice"], sample_values(TEMPLATES["hearing_notice"]) | {"公开举行": False})
    assert "本次听证公开举行" not in private


def test_the_hearing_record_is_checked_and_signed_or_the_refusal_noted():
    text = text_of(TEMPLATES["hearing_record"])
    for phrase in ("调查人员提出当事人违法的事实、证据和行政处罚建议", "陈述、申辩和质证", "最后陈述",
                   "拒绝签字或者盖章的，由听证主持人在笔录中注明"):
        assert phrase in text, phrase


def test_the_no_penalty_decision_names_its_ground_and_educates_the_party():
    lines = render_text(TEMPLATES["no_penalty_decision"], sample_values(TEMPLATES["no_penalty_decision"]))
    assert lines[1] == "鞍自然不罚字〔2026〕示例1号"
    assert [line for line in lines if line.startswith("☑")] == [
        "☑ 违法行为轻微并及时改正，没有造成危害后果（行政处罚法第三十三条第一款）；"]
    text = "\n".join(lines)
    assert "决定对你（单位）不予行政处罚" in text and "进行教育" in text and "六十日内" in text


def test_the_preservation_notice_and_its_decision_carry_the_seven_days_of_article_56():
    notice = text_of(TEMPLATES["preservation_notice"])
    assert "经本机关负责人〔示例〕钱某某于〔示例〕2025年9月18日批准" in notice
    assert "七日内对先行登记保存的证据作出处理决定" in notice and "不得损毁、销毁或者转移" in notice
    decision = text_of(TEMPLATES["preservation_decision"])
    assert "（〔示例〕鞍自然登保字〔2025〕示例3号）" in decision and "☑ 解除先行登记保存" in decision


def test_the_onsite_decision_is_pre_numbered_and_states_what_article_52_requires():
    template = TEMPLATES["onsite_decision"]
    lines = render_text(template, sample_values(template))
    assert lines[:2] == ["当场行政处罚决定书", "鞍自然当罚字〔2026〕示例1号"]
    text = "\n".join(lines)
    for phrase in ("出示了执法证件", "第五十一条、第五十二条", "罚款数额：人民币〔示例〕50元", "六十日内", "六个月内",
                   "执法人员（签名或盖章）", "报所属行政机关备案"):
        assert phrase in text, phrase
    warning = text_of(template, sample_values(template) | {"处罚种类": "警告", "含罚款": False})
    assert "☑ 警告" in warning and "罚款数额" not in warning


def test_electronic_service_appears_only_with_the_partys_consent():
    template = TEMPLATES["service_address"]
    assert "同意〔示例〕鞍山市自然资源局采用电子邮件方式" in text_of(template)
    assert "电子邮件方式" not in text_of(template, sample_values(template) | {"同意电子送达": False})


def test_the_transfer_the_rectification_order_the_discussion_and_the_closing_carry_their_rules():
    assert "☑ 涉嫌犯罪，移送司法机关" in text_of(TEMPLATES["case_transfer"])
    order = text_of(TEMPLATES["rectification_order"])
    assert "本机关责令你（单位）〔示例〕限期改正" in order or "本机关责令你（单位）限期改正" in order
    assert "本机关将对改正情况进行核查" in order
    assert "讨论决定：〔示例〕同意" in text_of(TEMPLATES["collective_discussion"])
    assert "三十日内立卷归档" in text_of(TEMPLATES["case_closing"])


# ---------------------------------------------------------------- pages


def test_the_texts_page_links_each_written_sample_and_marks_the_rest(cat, login):
    page = login(cat.cast.u_officer).get("/catalog/texts/").content.decode()
    assert '/catalog/texts/documents/penalty_decision/"' in page
    assert '/catalog/texts/documents/penalty_decision.docx"' in page
    assert page.count("待补充") >= len(DOCUMENT_SAMPLES) - len(TEMPLATES)


def test_the_sample_page_and_the_download_answer_an_officer(cat, login, django_assert_max_num_queries):
    client = login(cat.cast.u_officer)
    with django_assert_max_num_queries(8):
        page = client.get("/catalog/texts/documents/penalty_decision/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "鞍自然罚决字〔2026〕示例1号" in html and "六十日内" in html and "〔示例〕" in html
    with django_assert_max_num_queries(8):
        download = client.get("/catalog/texts/documents/penalty_decision.docx")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert "attachment" in download["Content-Disposition"]
    assert docx.Document(io.BytesIO(download.content)).paragraphs[0].text == "行政处罚决定书"
    assert client.get("/catalog/texts/documents/nothing/").status_code == 404
    assert client.get("/catalog/texts/documents/nothing.docx").status_code == 404


def test_the_samples_are_not_served_to_an_anonymous_user_or_one_without_a_role(cat, client, login):
    for url in ("/catalog/texts/documents/penalty_decision/", "/catalog/texts/documents/penalty_decision.docx"):
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    stranger = login(get_user_model().objects.create_user("stranger", password="zhifa-test-1"))
    for url in ("/catalog/texts/documents/penalty_decision/", "/catalog/texts/documents/penalty_decision.docx"):
        assert stranger.get(url).status_code == 403


def test_every_written_template_has_its_sample_page_and_docx(cat, login):
    client = login(cat.cast.u_officer)
    for code, template in TEMPLATES.items():
        page = client.get(f"/catalog/texts/documents/{code}/")
        assert page.status_code == 200 and template.title in page.content.decode(), code
        assert client.get(f"/catalog/texts/documents/{code}.docx").status_code == 200, code

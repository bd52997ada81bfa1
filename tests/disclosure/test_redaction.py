import pytest

from disclosure import redaction


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("请致电13912345678联系", "手机号"),
        ("请致电139-1234-5678联系", "手机号"),
        ("请致电+86 13912345678联系", "手机号"),
        ("办公电话0371-65901234", "固定电话"),
        ("办公电话（0371）65901234", "固定电话"),
        ("身份证号410105198203154417", "身份证号"),
        ("身份证号41030219900101002X", "身份证号"),
        ("邮箱 wangjg@example.com", "电子邮箱"),
        ("住在郑州市金水区纬五路21号院3号楼2单元501室", "详细地址"),
        ("住在文化路88号", "详细地址"),
        ("住5号楼2单元301室", "详细地址"),
    ],
)
def test_each_kind_of_personal_data_is_redacted(text, label):
    r = redaction.redact(text)
    assert f"［已隐去{label}］" in r.text
    assert not any(ch.isdigit() for ch in r.text.split("［")[-1].split("］")[0])
    assert r.count == 1


@pytest.mark.parametrize(
    "text",
    [
        "关于加强高速公路建设的建议",
        "第860号建议于2023年1月提出，共8600万元",
        "建议新建幼儿园120所，覆盖28个县",
        "第十四届人民代表大会第一次会议",
    ],
)
def test_ordinary_text_is_left_alone(text):
    r = redaction.redact(text)
    assert r.text == text
    assert r.count == 0


def test_known_values_are_redacted_even_when_no_rule_matches():
    r = redaction.redact("代表住在幸福小区东门旁边，欢迎来访", known=["幸福小区东门旁边", "", "王"])
    assert "幸福小区" not in r.text
    assert r.text.count("［已隐去个人信息］") == 1


def test_highlight_marks_each_hit_and_escapes_the_rest():
    r = redaction.redact("<b>电话</b>13912345678")
    html = redaction.highlight(r)
    assert "&lt;b&gt;" in html
    assert '<mark class="redact" title="将隐去：手机号">13912345678</mark>' in html


def test_a_new_rule_is_one_line():
    rules = [*redaction.RULES, redaction.rule("wechat", "微信号", r"微信[:：]?\s*[A-Za-z][\w-]{5,19}")]
    hits = redaction.find("加我微信：wang_jg2023", rules=rules)
    assert [h.rule for h in hits] == ["wechat"]

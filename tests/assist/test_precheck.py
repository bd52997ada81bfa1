"""预审 on labelled drafts: good drafts get no warning, weak ones the right one. Precision reported."""

import pytest

from assist import precheck

pytestmark = pytest.mark.django_db

SITUATION = "目前我市农村公路养护资金不足，部分路段年久失修，群众出行困难，存在安全隐患。据调研，全市约三成农村公路达不到技术标准。"
PROPOSAL = "建议：一是加大省级农村公路养护资金投入，二是建立县乡村三级路长制，三是2025年底前完成危桥改造。"

GOOD = [
    ("关于加大农村公路养护投入的建议", SITUATION + PROPOSAL),
    (
        "关于加强乡村医生队伍建设的建议",
        "当前乡村医生年龄老化、待遇偏低，部分村卫生室无人值守，群众看病难问题突出。"
        "建议：一是提高乡村医生补助标准，每人每月不低于1000元；二是落实养老保障；三是定向培养医学生。",
    ),
    (
        "关于推进老旧小区加装电梯的建议",
        "近年来我市老龄化加快，老旧小区多为六层无电梯住宅，老年人上下楼困难，"
        "加装电梯存在资金分摊难、审批流程长等问题。建议：一是简化审批流程；二是对加装电梯给予每台15万元补贴；三是出台意见统一协商规则。",
    ),
    (
        "关于完善城乡居民医保门诊报销政策的建议",
        "由于门诊统筹起付线偏高，慢性病患者门诊负担较重，基层群众反映强烈。"
        "建议：一是降低门诊起付线；二是将高血压、糖尿病用药报销比例提高到70%；三是推进异地就医直接结算。",
    ),
]
BAD = [
    (
        "关于解决我儿子工作调动问题的建议",
        "我的儿子在县医院工作多年，希望组织上能把他调到市里工作，请有关部门帮助解决。" * 2,
        "personal_matter",
    ),
    (
        "关于请求法院重审张某案件的建议",
        "张某诉李某借款纠纷一案，案号（2023）豫0102民初1234号，一审判决不公，请求省法院撤销原判、重审此案。" * 2,
        "court_case",
    ),
    (
        "关于为王某讨说法的建议",
        "王某多次上访反映征地补偿问题，信访部门未予解决，现请求为其讨回公道，控告有关干部。" * 2,
        "petition",
    ),
    ("转交群众来信", "现将某村群众来信转交，信中反映村里道路问题，请有关部门研究处理。" * 3, "forwarded_letter"),
    (
        "关于推广使用某品牌净水设备的建议",
        "我公司生产的专利产品净水设备性价比高，建议各地学校推荐使用该品牌产品，欢迎订购。" * 2,
        "academic",
    ),
    ("关于加强教育的建议", "教育很重要，希望重视。", "too_short"),
    (
        "关于加强生态保护的建议",
        "生态环境保护是关系人民福祉、关乎民族未来的大计。" * 6 + "建议高度重视，加大力度，统筹推进。",
        "no_situation",
    ),
]


@pytest.mark.parametrize(("title", "body"), GOOD)
def test_good_drafts_get_no_warning(title, body):
    assert precheck.check(title, body).warnings == []


@pytest.mark.parametrize(("title", "body", "code"), BAD)
def test_weak_drafts_get_the_right_warning(title, body, code):
    assert code in {w.code for w in precheck.check(title, body).warnings}


def test_precision_on_the_labelled_set(capsys):
    """Of the drafts warned about, how many deserved it (the good ones must stay quiet)."""
    warned_good = sum(bool(precheck.check(t, b).warnings) for t, b in GOOD)
    warned_bad = sum(bool(precheck.check(t, b).warnings) for t, b, _ in BAD)
    precision = warned_bad / (warned_bad + warned_good)
    print(f"precheck precision={precision:.2f} recall={warned_bad / len(BAD):.2f} n={len(GOOD) + len(BAD)}")
    assert precision >= 0.9


def test_the_field_is_suggested(db):
    from congress.models import Unit
    from demo.content import UNITS

    Unit.objects.bulk_create(Unit(name=n, short_name=s, kind=k, duties=d) for n, s, k, d in UNITS)
    assert precheck.check(*GOOD[0]).field == "交通运输"
    assert precheck.check("关于提高城乡低保标准和特困人员救助水平的建议", "").field == "社会保障"

"""The levels of the agency tree and the enforcement domains every install starts with (GEN-01, GEN-03)."""

from django.db import migrations

LEVELS = [
    ("province", "省", 10, True, False),
    ("city", "市", 20, True, False),
    ("county", "县（区）", 30, True, False),
    ("agency", "机关", 40, False, True),
    ("unit", "内设机构", 50, False, False),
]
DOMAINS = [
    ("ziranziyuan", "自然资源"), ("zhujian", "住房城乡建设"), ("shichang", "市场监管"), ("shengtai", "生态环境"),
    ("jiaotong", "交通运输"), ("nongye", "农业农村"), ("wenlv", "文化市场"), ("yingji", "应急管理"),
    ("weisheng", "卫生健康"), ("chengguan", "城市管理综合执法"), ("shuili", "水利"), ("linye", "林业草原"),
]


def seed(apps, schema_editor):
    OrgLevel = apps.get_model("agencies", "OrgLevel")
    Domain = apps.get_model("agencies", "Domain")
    for code, name, rank, region, agency in LEVELS:
        OrgLevel.objects.get_or_create(code=code, defaults={"name": name, "rank": rank, "is_region": region,
                                                            "is_agency": agency})
    for code, name in DOMAINS:
        Domain.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

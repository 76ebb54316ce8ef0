"""The demo caravan's own account: what three days for 220 participants in Tangier were to cost and cost, with
its organiser's observations and recommendations. Plausible orders of magnitude for the region in 2025 (hotel
conference rooms, caterers' prices per meal, coach hire), not figures from the real caravan."""

from decimal import Decimal

from django.db import transaction

from .models import BudgetLine, Caravan

C = BudgetLine.Category
# (category, detail, planned, spent): spent is what the invoices said, some lines over and most under.
LINES = [
    (C.VENUE, "كراء القاعة الكبرى وقاعتين للورشات، 3 أيام", 45000, 42000),
    (C.VENUE, "التجهيزات السمعية البصرية والترجمة الفورية عربية-فرنسية", 18000, 19500),
    (C.CATERING, "وجبات الغداء، 3 أيام × 230 شخصا (150 درهما للوجبة)", 103500, 98700),
    (C.CATERING, "استراحات القهوة، 6 استراحات × 230 شخصا (35 درهما)", 48300, 46200),
    (C.TRANSPORT, "حافلات نقل المشاركات والمشاركين من الأقاليم، ذهابا وإيابا", 60000, 57600),
    (C.TRANSPORT, "تعويض تنقل القادمين بوسائلهم الخاصة", 15000, 16850),
    (C.LODGING, "إيواء القادمين من الحسيمة وشفشاون ووزان، ليلتان × 80 شخصا (350 درهما)", 56000, 51800),
    (C.MATERIALS, "حقائب المشاركين: دفاتر وأقلام ودليل تأسيس التعاونيات", 23000, 22540),
    (C.MATERIALS, "لوازم الورشات: أوراق كبيرة وأقلام عريضة ولاصق", 4500, 4120),
    (C.PRINTING, "طبع البرنامج والشارات والشهادات", 12000, 10980),
    (C.PRINTING, "لافتات القافلة وملصقاتها", 6000, 6000),
    (C.OTHER, "التغطية الإعلامية والتصوير", 8000, 7500),
    (C.OTHER, "مصاريف غير متوقعة", 10000, 3250),
]
OBSERVATIONS = """\
- عرفت القافلة إقبالا كبيرا: حضر أكثر من مائتي مشارك ومشاركة خلال الأيام الثلاثة، أغلبهم من نساء الجماعات السلالية.
- تفاعل المشاركون بشكل جيد مع الورشات التطبيقية، ولا سيما ورشة آليات التمويل التي طالت فيها الأسئلة.
- تأخر وصول حافلة إقليم شفشاون صباح اليوم الأول، ففات بعض المشاركين جزء من الجلسة الافتتاحية.
- ضاقت قاعتا الورشات بعدد المشاركين في اليوم الثاني.
- تجاوزت تعويضات التنقل ما كان متوقعا، لأن عدد القادمين بوسائلهم الخاصة فاق التقديرات."""
RECOMMENDATIONS = """\
- تخصيص يوم إضافي للورشات التطبيقية، أو حصر كل مجموعة في عشرين مشاركا على الأكثر.
- برمجة انطلاق الحافلات من الأقاليم البعيدة مساء اليوم السابق، مع ليلة إيواء إضافية.
- إشراك مكتب تنمية التعاون في المواكبة الفردية لحاملي المشاريع خلال الأشهر التي تلي القافلة.
- اعتماد قاعات أوسع للورشات أو توزيعها على فضاءين متجاورين.
- التنسيق المسبق مع السلطات المحلية لتسهيل تنقل المشاركات من الدواوير البعيدة."""


@transaction.atomic
def load_demo_account(caravan):
    """Replace the caravan's budget lines, observations and recommendations with the demo's; the lines."""
    caravan.budget_lines.all().delete()
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(
            caravan=caravan,
            category=category,
            label=label,
            planned_mad=Decimal(planned),
            spent_mad=Decimal(spent),
            order=order,
        )
        for order, (category, label, planned, spent) in enumerate(LINES)
    )
    Caravan.objects.filter(pk=caravan.pk).update(observations=OBSERVATIONS, recommendations=RECOMMENDATIONS)
    caravan.observations, caravan.recommendations = OBSERVATIONS, RECOMMENDATIONS
    return lines

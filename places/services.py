"""Loading the reference data of regions, provinces and communes (idempotent)."""

from pathlib import Path

import yaml
from django.db import transaction

from .models import Commune, Province, Region

DATA = Path(__file__).resolve().parent / "data" / "regions.yaml"


@transaction.atomic
def load_places(path=DATA):
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    regions = {}
    for item in data["regions"]:
        regions[item["code"]], _ = Region.objects.update_or_create(
            code=item["code"],
            defaults={
                "name_ar": item["name_ar"],
                "name_fr": item["name_fr"],
                "spellings": item.get("also", []),
            },
        )
    for item in data["provinces"]:
        province, _ = Province.objects.update_or_create(
            code=item["code"],
            defaults={
                "region": regions[item["region"]],
                "kind": item.get("type", "province"),
                "name_ar": item["name_ar"],
                "name_fr": item["name_fr"],
                "spellings": [*item.get("also", []), item.get("name_ar_official", "")],
            },
        )
        for commune in item.get("communes", []):
            Commune.objects.update_or_create(
                province=province,
                name_fr=commune["name_fr"],
                defaults={"name_ar": commune["name_ar"], "kind": commune.get("kind", "")},
            )
    return Region.objects.count(), Province.objects.count(), Commune.objects.count()

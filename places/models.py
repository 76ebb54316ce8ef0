from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import Localized
from core.text import fold_compact


class Region(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    spellings = models.JSONField(_("other spellings"), default=list, blank=True)

    name = Localized(fallback=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name


# Words people write before a province's name: "إقليم القنيطرة", "Province de Kénitra", "عمالة طنجة أصيلة".
PROVINCE_PREFIXES = ("اقليم", "عماله", "provincede", "province", "prefecturede", "prefecture")


def _without_prefix(key):
    for prefix in PROVINCE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


class ProvinceQuerySet(models.QuerySet):
    def matching(self, text):
        """Provinces whose name or a known spelling matches `text` (Arabic or French, any dashes/accents, with
        or without the word "province"/"préfecture"/"إقليم"/"عمالة" before it)."""
        key = fold_compact(text)
        if not key:
            return self.none()
        keys = {key, _without_prefix(key)}
        ids = [p.pk for p in self.all() if keys & p.spelling_keys()]
        return self.filter(pk__in=ids)


class Province(models.Model):
    """A prefecture or province (عمالة أو إقليم)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="provinces"
    )
    kind = models.CharField(_("kind"), max_length=20)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    spellings = models.JSONField(_("other spellings"), default=list, blank=True)

    name = Localized(fallback=True)
    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("prefecture or province")
        verbose_name_plural = _("prefectures and provinces")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    def spelling_keys(self):
        keys = {fold_compact(s) for s in [self.name_ar, self.name_fr, *self.spellings]}
        return keys | {_without_prefix(key) for key in keys}


class Commune(models.Model):
    province = models.ForeignKey(
        Province, verbose_name=_("prefecture or province"), on_delete=models.PROTECT, related_name="communes"
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    kind = models.CharField(_("kind"), max_length=40, blank=True)

    name = Localized(fallback=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name_fr"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_fr"], name="unique_commune_per_province")
        ]

    def __str__(self):
        return self.name

from django.contrib import admin

from .models import Commune, Province, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar"]
    search_fields = ["code", "name_fr", "name_ar"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["code", "name_fr", "name_ar"]
    list_select_related = ["region"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "kind", "province"]
    list_filter = ["province__region", "kind"]
    search_fields = ["name_fr", "name_ar", "province__name_fr"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]

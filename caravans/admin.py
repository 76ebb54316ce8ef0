from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Caravan,
    Day,
    Organisation,
    Partnership,
    Room,
    Session,
    Speaker,
    StaffAssignment,
    Venue,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name_fr", "name_ar", "kind"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name_fr", "name_ar"]


class PartnershipInline(admin.TabularInline):
    model = Partnership
    autocomplete_fields = ["organisation"]
    extra = 0


class StaffInline(admin.TabularInline):
    model = StaffAssignment
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Caravan)
class CaravanAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_fr", "city_fr", "start_date", "end_date", "status", "capacity"]
    list_filter = ["status", "region"]
    search_fields = ["slug", "title_fr", "title_ar", "city_fr", "city_ar"]
    date_hierarchy = "start_date"
    list_select_related = ["region"]
    readonly_fields = ["created", "updated"]
    inlines = [PartnershipInline, StaffInline]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "caravan"]
    list_filter = ["caravan"]
    search_fields = ["name_fr", "name_ar", "caravan__slug"]
    list_select_related = ["caravan"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "venue", "capacity"]
    list_filter = ["venue__caravan"]
    search_fields = ["name_fr", "name_ar", "venue__name_fr"]
    list_select_related = ["venue"]


@admin.register(Day)
class DayAdmin(admin.ModelAdmin):
    list_display = ["date", "caravan", "kind", "theme_fr"]
    list_filter = ["caravan", "kind"]
    search_fields = ["theme_fr", "theme_ar", "caravan__slug"]
    list_select_related = ["caravan"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["role_fr", "name_fr", "organisation", "user", "caravan"]
    list_filter = ["caravan"]
    search_fields = ["role_fr", "role_ar", "name_fr", "name_ar", "organisation__acronym", "user__username"]
    list_select_related = ["caravan", "organisation", "user"]
    autocomplete_fields = ["organisation", "user"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "day", "time", "kind", "room"]
    list_filter = ["day__caravan", "kind"]
    search_fields = ["title_fr", "title_ar"]
    list_select_related = ["day", "room"]
    filter_horizontal = ["speakers"]

    @admin.display(description=_("time"), ordering="starts_at")
    def time(self, session):
        return f"{session.starts_at:%H:%M}–{session.ends_at:%H:%M}"


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "caravan"]
    list_filter = ["role", "caravan"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "caravan__slug"]
    list_select_related = ["user", "caravan"]
    autocomplete_fields = ["user"]

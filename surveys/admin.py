from django.contrib import admin

from .models import Choice, Question, Response, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "kind", "text_ar", "text_fr", "topic", "required"]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "caravan", "kind", "is_open"]
    list_filter = ["kind", "is_open", "caravan"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text_fr", "survey", "kind", "topic"]
    list_filter = ["kind", "topic"]
    inlines = [ChoiceInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Who answered what is not shown here either: counts and channels only."""

    list_display = ["survey", "channel", "at"]
    list_filter = ["channel", "survey__caravan"]
    fields = ["survey", "channel", "at"]
    readonly_fields = ["survey", "channel", "at"]

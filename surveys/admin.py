from django.contrib import admin

from surveys.models import Cornerstone, Indicator, Questionnaire, SurveyRound


class CornerstoneInline(admin.TabularInline):
    model = Cornerstone
    fields = ["order", "code", "name_sv"]
    extra = 0
    show_change_link = True


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["slug", "version", "title_sv"]
    inlines = [CornerstoneInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and obj.is_in_use)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.is_in_use)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "cornerstone", "text_sv"]
    list_filter = ["cornerstone__questionnaire"]


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "questionnaire", "status", "opens_on", "closes_on"]

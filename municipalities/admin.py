from django.contrib import admin

from municipalities.models import Contact, County, Membership, Municipality


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


class ContactInline(admin.StackedInline):
    model = Contact


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county", "population", "size_band", "skr_group"]
    list_filter = ["county", "skr_group", "size_band"]
    search_fields = ["code", "name"]
    readonly_fields = ["size_band"]
    inlines = [ContactInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "municipality__name"]
    autocomplete_fields = ["municipality"]
    raw_id_fields = ["user"]

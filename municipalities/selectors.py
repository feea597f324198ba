"""Reads of the municipalities app."""

from django.db.models import Q, QuerySet

from municipalities.models import County, Membership, Municipality


def municipality_list(*, query: str = "", county: County | None = None) -> QuerySet[Municipality]:
    municipalities = Municipality.objects.select_related("county", "contact").order_by("name")
    if query:
        municipalities = municipalities.filter(Q(name__icontains=query) | Q(code__startswith=query))
    if county is not None:
        municipalities = municipalities.filter(county=county)
    return municipalities


def municipality_members(*, municipality: Municipality) -> QuerySet[Membership]:
    return municipality.memberships.select_related("user").order_by(
        "user__last_name", "user__email"
    )


def municipalities_without_contact() -> QuerySet[Municipality]:
    """Those an invitation cannot go to yet."""
    return Municipality.objects.filter(contact__isnull=True)

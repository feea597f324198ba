from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from municipalities.access import NATIONAL_STAFF_GROUP, NATIONAL_STAFF_PERMISSIONS


def ensure_national_staff_group(**kwargs) -> None:
    """After every migrate: the staff group exists and holds exactly its permissions."""
    group, _ = Group.objects.get_or_create(name=NATIONAL_STAFF_GROUP)
    wanted = Q()
    for dotted in NATIONAL_STAFF_PERMISSIONS:
        app_label, codename = dotted.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(wanted))

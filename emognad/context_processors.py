from django.http import HttpRequest

from municipalities.access import is_national_staff


def navigation(request: HttpRequest) -> dict:
    return {"user_is_national_staff": is_national_staff(request.user)}

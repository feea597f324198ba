from django.http import HttpRequest

from surveys.access import INVITATION_SESSION_KEY, session_invitation


def invitation_holder(request: HttpRequest) -> dict:
    """Who someone signed in by an invitation link answers for, so the header can say so
    ("Inloggad via inbjudan – Borås") and offer to sign out. Read only if the header asks
    (a callable), and only when the session holds an invitation."""

    def municipality():
        session = getattr(request, "session", None)
        if session is None or not session.get(INVITATION_SESSION_KEY):
            return None
        invitation = session_invitation(request)
        return invitation.municipality if invitation else None

    return {"invitation_municipality": municipality}

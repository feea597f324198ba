"""Secrets that travel in URLs kept out of the logs.

An invitation link (/inbjudan/<token>/) signs its holder in to answer for a
municipality, and a password-reset link (/konto/losenord/nytt/<uid>/<token>/) sets a
password: whoever reads the access log must not be able to do either. Both gunicorn's
access log (gunicorn.conf.py) and Django's own request logging ("Not Found: <path>")
write paths, so both go through `redact`. The token is replaced, the rest of the path
stays, so a log still says which page was asked for.
"""

import logging
import re

REDACTED = "[dold]"
_TOKEN_IN_PATH = re.compile(
    r"(?P<prefix>/inbjudan/|/konto/losenord/nytt/[^/\s?#\"]+/)(?P<token>[^/\s?#\"]+)"
)


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(rf"\g<prefix>{REDACTED}", text)


def _redacted(value: object) -> object:
    return redact(value) if isinstance(value, str) else value


class RedactTokens(logging.Filter):
    """Redacts a record's message and its arguments (a tuple, or a mapping as gunicorn's
    access log passes) before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            for key, value in record.args.items():  # in place: the mapping may be a subclass
                dict.__setitem__(record.args, key, _redacted(value))
        return True

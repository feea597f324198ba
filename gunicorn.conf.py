"""gunicorn's settings for the app, read from the working directory (/app in the image,
the project's root in the tests); the command line (bind, workers) adds to them.

- The access log is the combined format with the request's duration, through a logger
  that keeps invitation and password-reset tokens out of it (emognad/redaction.py):
  whoever reads the log must not be able to sign in with what it holds.
- Requests are bounded before Django sees them: the longest address the app has is short,
  a browser sends a dozen headers. Bodies are bounded by emognad.middleware.BodyLimit
  and Django's upload limits (settings.py).
"""

from gunicorn.glogging import Logger

from common.redaction import RedactTokens, redact

accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# The request line (method, address, query) at most 2 KiB, at most 50 headers of at most
# 8 KiB each (a session and a CSRF cookie are well under): past that, gunicorn's own 400.
limit_request_line = 2048
limit_request_fields = 50
limit_request_field_size = 8190


class RedactingLogger(Logger):
    """gunicorn's logger with every access-log atom and error message redacted."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.error_log.addFilter(RedactTokens())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }


logger_class = RedactingLogger

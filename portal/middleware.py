import logging
import re
import time

from django.conf import settings

logger = logging.getLogger("portal.requests")
_UNPRINTABLE = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029"\\]')


def log_text(value):
    """A value written into a log line: control characters (CR, LF …), quotes and backslashes as escapes, so what
    a client sends can never start a line of its own or end a quoted field early."""
    return _UNPRINTABLE.sub(lambda match: _escape_char(ord(match.group())), value)


def _escape_char(code):
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class RequestLogMiddleware:
    """Writes one line per request: method, path, status and duration, as key=value pairs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        logger.info(
            'method=%s path="%s" status=%s duration_ms=%.1f',
            request.method,
            log_text(request.path),
            response.status_code,
            duration_ms,
        )
        return response


class SecurityHeadersMiddleware:
    """The Content-Security-Policy of the response: the admin's under CSP_ADMIN_PATHS, the public one elsewhere.
    A response that set its own keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(settings.CSP_ADMIN_PATHS)
            policy = settings.CSP_ADMIN if admin else settings.CSP_PUBLIC
            if settings.DEBUG and response.status_code >= 400:  # Django's debug pages (make run) style themselves
                policy = settings.CSP_ADMIN
            response["Content-Security-Policy"] = policy
        return response


def database_trouble(exception):
    """What a database error means for the person who sent the request: "down" when the database cannot be
    reached (send again in a while), "busy" when it set this write aside for another one (a lock, a deadlock, a
    serialization conflict: reloading shows what was saved), None for anything else (a fault: the 500 page)."""
    from django.db import InterfaceError, OperationalError

    if isinstance(exception, InterfaceError):
        return "down"
    if not isinstance(exception, OperationalError):
        return None
    sqlstate = getattr(exception.__cause__, "sqlstate", None)  # PostgreSQL's code for the error
    if sqlstate:
        if sqlstate.startswith("40") or sqlstate in ("55P03", "57014"):  # rollback, lock not available, timeout
            return "busy"
        if sqlstate.startswith(("08", "57P")) or sqlstate == "53300":  # connection, shutdown, too many clients
            return "down"
        return None
    if "locked" in str(exception).lower():  # SQLite: another writer held the database past the timeout
        return "busy"
    return "down"  # no SQLSTATE: the server was not reached at all


class DatabaseUnavailableMiddleware:
    """A database that is briefly unavailable shows a Vietnamese page asking to send again (503); a write set aside
    for another at the same moment shows one asking to reload (409). Never a trace; other errors stay errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.template.response import TemplateResponse

        trouble = database_trouble(exception)
        if trouble is None:
            return None
        logger.error('database %s: %s path="%s"', trouble, exception, log_text(request.path))
        template, status = ("503.html", 503) if trouble == "down" else ("409.html", 409)
        response = TemplateResponse(request, template, status=status)
        response["Retry-After"] = "30" if trouble == "down" else "5"
        return response.render()

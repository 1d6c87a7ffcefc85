import logging
import re
import time

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
        from django.conf import settings

        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(settings.CSP_ADMIN_PATHS)
            response["Content-Security-Policy"] = settings.CSP_ADMIN if admin else settings.CSP_PUBLIC
        return response


class DatabaseUnavailableMiddleware:
    """A database that is briefly unavailable shows a Vietnamese page asking to send again, never a trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DatabaseError, IntegrityError
        from django.template.response import TemplateResponse

        if not isinstance(exception, DatabaseError) or isinstance(exception, IntegrityError):
            return None
        logger.error('database unavailable: %s path="%s"', exception, log_text(request.path))
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response.render()

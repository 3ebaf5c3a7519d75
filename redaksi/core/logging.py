import logging
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def escape_control(text: str) -> str:
    """Make a value safe for a one-line log entry: CR, LF, ESC and friends become visible escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class EscapingFormatter(logging.Formatter):
    """One log line per event, whatever the message carries (bad input 40)."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        first, sep, rest = text.partition("\n")
        if record.exc_info and sep:
            # Tracebacks stay readable; only the message line is escaped.
            return escape_control(first) + sep + rest
        return escape_control(text)


class ClientErrorFilter(logging.Filter):
    """A refused or bad request (4xx) is the client's doing, not a fault: one warning line, no traceback.

    Django logs these with the exception attached, so a permission refusal printed a full Python
    traceback and a normal log looked broken. The refusal's own message stays on the line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and status is not None and 400 <= status < 500 and record.levelno < logging.ERROR:
            exc = record.exc_info[1]
            reason = str(exc) if exc is not None else ""
            record.msg, record.args = record.getMessage() + (f" ({reason})" if reason else ""), None
            record.exc_info, record.exc_text = None, None
        return True

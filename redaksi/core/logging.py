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

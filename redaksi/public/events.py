"""What the public site announces; apps above subscribe (see core/events.py)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteScanAlert:
    """The scanner found something new on the office's public site: the administrators are told at once."""

    office_id: int
    findings: int
    pages: int
    severe: int  # hidden links, foreign scripts or frames, files the renderer did not write
    first_path: str

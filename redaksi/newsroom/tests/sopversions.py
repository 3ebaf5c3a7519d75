"""Later versions of the Bengkalis SOP, for the tests of items in progress when a new version is loaded."""

import yaml

from redaksi.conftest import BENGKALIS
from redaksi.sop.models import SopVersion
from redaksi.sop.services import sop_load


def bengkalis_changed(change) -> SopVersion:
    """Load the Bengkalis SOP after `change(steps)` edits its steps in place: the next version."""
    data = yaml.safe_load(BENGKALIS.read_text())
    change(data["flowchart"]["steps"])
    data["identity"]["revised"] = "Desember 2026"
    result = sop_load(text=yaml.safe_dump(data, allow_unicode=True, sort_keys=False), source_name="revisi.yaml")
    assert result.created
    return result.version


def upload_by_kasubag(steps) -> None:
    """Version 2: the upload (step 5) is done by the Kasubag instead of the Staf Admin."""
    steps[4]["performer"] = "kasubag"


def without_review(steps) -> None:
    """Seven steps: the correction of the upload (step 6) is gone; publishing and sharing move up one."""
    del steps[5]
    for number, step in enumerate(steps, start=1):
        step["number"] = number

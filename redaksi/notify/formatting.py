from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def moment(value: datetime) -> str:
    """ "24 November 2026 pukul 10.15 WIB": the date from the active locale, the time with a dot and the zone."""
    local = timezone.localtime(value)
    return _("%(date)s at %(time)s %(zone)s") % {
        "date": formats.date_format(local, "j F Y"),
        "time": local.strftime("%H.%M"),
        "zone": local.tzname() or "",
    }

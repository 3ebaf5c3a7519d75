from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("redaksi.core.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("akun/", include("redaksi.accounts.urls")),
    path("sop/", include("redaksi.sop.urls")),
    path("catatan/", include("redaksi.audit.urls")),
    path("redaksi/", include("redaksi.newsroom.urls")),
    path("redaksi/media/", include("redaksi.media.urls")),
    path("redaksi/situs/", include("redaksi.public.staff_urls")),
    path("notifikasi/", include("redaksi.notify.urls")),
    path("redaksi/sosial/", include("redaksi.social.urls")),
    path("pemantauan/", include("redaksi.monitoring.urls")),
    # The public website last: it owns every address the staff side does not.
    path("", include("redaksi.public.urls")),
]

handler400 = "redaksi.core.views.error_400"
handler403 = "redaksi.core.views.error_403"
handler404 = "redaksi.core.views.error_404"
handler500 = "redaksi.core.views.error_500"

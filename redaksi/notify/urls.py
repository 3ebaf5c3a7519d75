from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("dibaca/", views.inbox_read, name="read"),
    path("pengaturan/", views.preferences, name="preferences"),
    path("pengaturan/telegram/", views.telegram_link, name="telegram_link"),
    path("pengaturan/telegram/lepas/", views.telegram_unlink_view, name="telegram_unlink"),
    path("persetujuan/<str:token>/", views.approval, name="approval"),
    path("lembar/<id:approval_id>.pdf", views.softcopy_pdf, name="softcopy_pdf"),
    path("lembar/<id:approval_id>.eml", views.softcopy_eml, name="softcopy_eml"),
    path("verifikasi/", views.verify, name="verify"),
    path("berita/<id:item_id>/cabut-tautan/", views.links_revoke, name="links_revoke"),
]

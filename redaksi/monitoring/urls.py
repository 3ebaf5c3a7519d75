from django.urls import path, re_path

from . import export_views, form_views, sop_editor, views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    re_path(r"^dasbor\.(?P<fmt>xlsx|pdf)$", export_views.dashboard_export, name="dashboard_export"),
    path("berita/", views.items_view, name="items"),
    path("tabel-7/", form_views.tabel7_view, name="tabel7"),
    path("tabel-7/buka/", form_views.round_open_view, name="round_open"),
    path("tabel-7/<id:pk>/", form_views.round_view, name="round"),
    re_path(r"^tabel-7/(?P<pk>[0-9]{1,18})/unduh\.(?P<fmt>xlsx|pdf)$", export_views.round_export, name="round_export"),
    path("sop/", sop_editor.index_view, name="sop_index"),
    path("sop/<id:pk>/revisi/", sop_editor.editor_view, name="sop_editor"),
    path("sop/<id:pk>/revisi/buka/", sop_editor.open_view, name="sop_draft_open"),
    path("sop/<id:pk>/revisi/pratinjau/", sop_editor.preview_view, name="sop_draft_preview"),
    path("sop/<id:pk>/revisi/terbitkan/", sop_editor.publish_view, name="sop_draft_publish"),
    path("sop/<id:pk>/revisi/buang/", sop_editor.discard_view, name="sop_draft_discard"),
    path("sop/<id:pk>/versi/<id:number>/yaml/", sop_editor.export_view, name="sop_export"),
    path("evaluasi/", form_views.evaluation_view, name="evaluation"),
    path("evaluasi/<id:pk>/", form_views.evaluation_detail_view, name="evaluation_detail"),
    re_path(
        r"^evaluasi/(?P<pk>[0-9]{1,18})/unduh\.(?P<fmt>xlsx|pdf)$",
        export_views.evaluation_export,
        name="evaluation_export",
    ),
]

"""Wagtail admin viewsets of the province data, grouped in the "Perencanaan Daerah" menu.

Every viewset mixes in :class:`~kinerja.daerah.guards.PublicSchemaViewSetMixin`: its URLs answer
404 and its menu items are hidden outside the public schema. All URLs live under
``/admin/daerah/``. Permissions are Django model permissions (see
:func:`kinerja.daerah.services.daerah_permissions_ensure`): Admin Bappeda edits, Verifikator
Bappeda views (index and inspect pages only).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from kinerja.daerah import forms as daerah_forms
from kinerja.daerah import views
from kinerja.daerah.guards import (
    PublicSchemaViewSetMixin,
    decorate_public_only,
    public_menu_item_class,
)
from kinerja.daerah.models import (
    IndikatorDaerah,
    JadwalPelaporan,
    MisiRpjmd,
    PeriodeRpjmd,
    SasaranRpjmd,
    SkalaKualitatif,
    SkemaPredikat,
    TujuanRpjmd,
)


class DaerahModelViewSet(PublicSchemaViewSetMixin, ModelViewSet):
    """Common settings: ORM search, inspect view (for view-only users), no copy."""

    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    add_to_reference_index = False


class PeriodeViewSet(DaerahModelViewSet):
    model = PeriodeRpjmd
    name = "daerah_periode"
    url_prefix = "daerah/periode"
    icon = "calendar"
    menu_label = "Periode RPJMD"
    list_display = ["nama", "tahun_awal", "tahun_akhir", "aktif"]
    list_filter = ["aktif"]
    search_fields = ["nama", "dasar_hukum"]
    edit_handler = ObjectList(
        [
            FieldPanel("nama"),
            FieldRowPanel([FieldPanel("tahun_awal"), FieldPanel("tahun_akhir")]),
            FieldPanel("visi"),
            FieldPanel("dasar_hukum"),
            FieldPanel("aktif"),
        ],
        base_form_class=daerah_forms.PeriodeForm,
    )


class MisiViewSet(DaerahModelViewSet):
    model = MisiRpjmd
    name = "daerah_misi"
    url_prefix = "daerah/misi"
    icon = "list-ol"
    menu_label = "Misi RPJMD"
    list_display = ["__str__", "periode", "nomor"]
    list_filter = ["periode"]
    search_fields = ["uraian"]
    edit_handler = ObjectList(
        [FieldPanel("periode"), FieldPanel("nomor"), FieldPanel("uraian")],
        base_form_class=daerah_forms.DaerahAdminForm,
    )


class TujuanViewSet(DaerahModelViewSet):
    model = TujuanRpjmd
    name = "daerah_tujuan"
    url_prefix = "daerah/tujuan"
    icon = "crosshairs"
    menu_label = "Tujuan RPJMD"
    list_display = ["kode", "uraian", "misi"]
    list_filter = ["misi__periode"]
    search_fields = ["kode", "uraian"]
    edit_handler = ObjectList(
        [FieldPanel("misi"), FieldPanel("kode"), FieldPanel("uraian")],
        base_form_class=daerah_forms.TujuanForm,
    )


class SasaranViewSet(DaerahModelViewSet):
    model = SasaranRpjmd
    name = "daerah_sasaran"
    url_prefix = "daerah/sasaran"
    icon = "pick"
    menu_label = "Sasaran RPJMD"
    list_display = ["kode", "uraian", "tujuan"]
    list_filter = ["tujuan__misi__periode"]
    search_fields = ["kode", "uraian"]
    edit_handler = ObjectList(
        [FieldPanel("tujuan"), FieldPanel("kode"), FieldPanel("uraian")],
        base_form_class=daerah_forms.SasaranForm,
    )


class IndikatorDaerahViewSet(DaerahModelViewSet):
    model = IndikatorDaerah
    name = "daerah_indikator"
    url_prefix = "daerah/indikator"
    icon = "tasks"
    menu_label = "Indikator Daerah / IKD"
    list_display = ["kode", "nama", "periode", "is_ikd", "aspek", "polaritas", "satuan"]
    list_filter = ["periode", "aspek", "is_ikd", "polaritas", "sumber_nilai"]
    search_fields = ["kode", "nama", "sumber_data"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("periode"),
                    FieldRowPanel([FieldPanel("sasaran"), FieldPanel("tujuan")]),
                    FieldRowPanel([FieldPanel("kode"), FieldPanel("satuan")]),
                    FieldPanel("nama"),
                    FieldPanel("definisi"),
                    FieldPanel("formula"),
                ],
                heading="Identitas",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("jenis"),
                            FieldPanel("polaritas"),
                            FieldPanel("tipe_perhitungan"),
                        ]
                    ),
                    FieldPanel("skala"),
                    FieldRowPanel([FieldPanel("is_ikd"), FieldPanel("aspek")]),
                    FieldPanel("bidang_urusan"),
                    FieldRowPanel([FieldPanel("sumber_data"), FieldPanel("sumber_nilai")]),
                    FieldPanel("opd_penanggung_jawab"),
                ],
                heading="Sifat indikator",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("kondisi_awal"), FieldPanel("kondisi_awal_kualitatif")]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("target_akhir"),
                            FieldPanel("target_akhir_max"),
                            FieldPanel("target_akhir_kualitatif"),
                        ]
                    ),
                ],
                heading="Kondisi awal dan target akhir periode",
            ),
            InlinePanel(
                "target",
                heading="Target tahunan",
                label="Target",
                panels=[
                    FieldRowPanel(
                        [
                            FieldPanel("tahun"),
                            FieldPanel("nilai"),
                            FieldPanel("nilai_max"),
                            FieldPanel("nilai_kualitatif"),
                        ]
                    )
                ],
            ),
            InlinePanel(
                "realisasi",
                heading="Realisasi tahunan",
                label="Realisasi",
                help_text=(
                    "Hanya untuk indikator dengan sumber realisasi 'Diisi Bappeda'; realisasi "
                    "dari IKU Perangkat Daerah diisi otomatis."
                ),
                panels=[
                    FieldRowPanel(
                        [FieldPanel("tahun"), FieldPanel("nilai"), FieldPanel("nilai_kualitatif")]
                    ),
                    FieldPanel("catatan"),
                ],
            ),
        ],
        base_form_class=daerah_forms.IndikatorDaerahForm,
    )


class SkalaViewSet(DaerahModelViewSet):
    model = SkalaKualitatif
    name = "daerah_skala"
    url_prefix = "daerah/skala"
    icon = "order"
    menu_label = "Skala Kualitatif"
    list_display = ["nama"]
    search_fields = ["nama"]
    edit_handler = ObjectList(
        [
            FieldPanel("nama"),
            InlinePanel(
                "tingkat",
                heading="Tingkat",
                label="Tingkat",
                min_num=1,
                panels=[FieldRowPanel([FieldPanel("label"), FieldPanel("skor")])],
            ),
        ],
        base_form_class=daerah_forms.SkalaForm,
    )


class SkemaPredikatViewSet(DaerahModelViewSet):
    model = SkemaPredikat
    name = "daerah_predikat"
    url_prefix = "daerah/skema-predikat"
    icon = "sliders"
    menu_label = "Skema Predikat"
    list_display = ["nama", "aktif"]
    search_fields = ["nama"]
    edit_handler = ObjectList(
        [
            FieldPanel("nama"),
            FieldPanel(
                "aktif",
                help_text="Hanya satu skema aktif; mengaktifkan skema ini menonaktifkan yang lain.",
            ),
            InlinePanel(
                "bands",
                heading="Pita predikat",
                label="Pita",
                min_num=1,
                help_text=(
                    "Setiap pita berlaku untuk batas bawah ≤ capaian < batas atas. Pita harus "
                    "dimulai dari 0, bersambung tanpa celah atau tumpang tindih, dan tepat satu "
                    "pita teratas tanpa batas atas."
                ),
                panels=[
                    FieldRowPanel([FieldPanel("kode"), FieldPanel("label"), FieldPanel("warna")]),
                    FieldRowPanel([FieldPanel("batas_bawah"), FieldPanel("batas_atas")]),
                ],
            ),
        ],
        base_form_class=daerah_forms.SkemaPredikatForm,
    )


class JadwalViewSet(DaerahModelViewSet):
    model = JadwalPelaporan
    name = "daerah_jadwal"
    url_prefix = "daerah/jadwal"
    icon = "date"
    menu_label = "Jadwal Pelaporan"
    list_display = ["__str__", "tanggal_buka", "batas_waktu", "tanggal_kunci"]
    list_filter = ["tahun", "triwulan"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("tahun"), FieldPanel("triwulan")]),
            FieldRowPanel(
                [FieldPanel("tanggal_buka"), FieldPanel("batas_waktu"), FieldPanel("tanggal_kunci")]
            ),
        ],
        base_form_class=daerah_forms.DaerahAdminForm,
    )


class _IzinMenuItem(MenuItem):
    izin: tuple[str, ...] = views.IZIN_LIHAT

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perms(self.izin)


class CapaianIkdViewSet(PublicSchemaViewSetMixin, ViewSet):
    name = "daerah_capaian_ikd"
    url_prefix = "daerah/capaian-ikd"
    icon = "table"
    menu_label = "Capaian IKD"

    @property
    def menu_item_class(self) -> type[MenuItem]:
        return public_menu_item_class(_IzinMenuItem)

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only([path("", views.CapaianIkdView.as_view(), name="index")])


class ExcelIkdViewSet(PublicSchemaViewSetMixin, ViewSet):
    name = "daerah_ikd_excel"
    url_prefix = "daerah/ikd-excel"
    icon = "download"
    menu_label = "Impor/Ekspor Excel"

    @property
    def menu_item_class(self) -> type[MenuItem]:
        return public_menu_item_class(_IzinMenuItem)

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only(
            [
                path("", views.ExcelIkdView.as_view(), name="index"),
                path("templat/", views.TemplatIkdView.as_view(), name="templat"),
                path("ekspor/", views.EksporIkdView.as_view(), name="ekspor"),
            ]
        )


class PerencanaanDaerahGroup(ModelViewSetGroup):
    """The "Perencanaan Daerah" menu (public domain only)."""

    menu_label = "Perencanaan Daerah"
    menu_icon = "clipboard-list"
    menu_order = 250
    items = (
        PeriodeViewSet,
        MisiViewSet,
        TujuanViewSet,
        SasaranViewSet,
        IndikatorDaerahViewSet,
        CapaianIkdViewSet,
        ExcelIkdViewSet,
        SkalaViewSet,
        SkemaPredikatViewSet,
        JadwalViewSet,
    )

    def get_menu_item(self, order: int | None = None) -> MenuItem:
        item = super().get_menu_item(order)
        item.__class__ = public_menu_item_class(SubmenuMenuItem)
        return item

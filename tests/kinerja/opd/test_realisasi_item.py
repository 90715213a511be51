"""The realisasi item page /admin/kinerja-opd/realisasi/<pk>/ (and baru/): values, conflicts,
double submits, workflow actions of one IKU, evidence upload/delete, earlier revisions, and the
tenant guards (another OPD's domain, a copied cookie, the public domain, anonymous)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import schema_context

from kinerja.engine.alur import Aksi, Status
from kinerja.opd.models import BuktiDukung, JejakAudit, RealisasiIku
from tests.kinerja.opd import test_realisasi_services as layanan
from tests.kinerja.opd.test_realisasi_services import (
    PDF,
    TAHUN,
    VERIFIKATOR,
    aksi,
    berkas_di,
    isi,
    ke_status,
    png,
    tambah_bukti,
)

# Shared fixtures of the service tests (jadwal open now, IKU-1/IKU-2, private storage root).
data = layanan.data
jadwal = layanan.jadwal
privat = layanan.privat

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def item(data, opd_a) -> RealisasiIku:
    """IKU-1 2031 TW1 saved by the operator (draft, nilai 20)."""
    with schema_context(opd_a.schema):
        return isi(data.iku1, D(20), faktor_pendorong="Dukungan anggaran")


@pytest.fixture
def operator_a(host_client, opd_a, login, data):
    return login(host_client(opd_a.domain), "operator")


@pytest.fixture
def kepala_a(host_client, opd_a, login, data):
    return login(host_client(opd_a.domain), "kepala")


def url(item_pk: int, nama: str = "detail", *args: object) -> str:
    return reverse(f"realisasi_item:{nama}", args=[item_pk, *args])


def pesan(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def segar(opd_a, pk: int) -> RealisasiIku:
    with schema_context(opd_a.schema):
        return RealisasiIku.objects.get(pk=pk)


def form_nilai(item: RealisasiIku, **kw) -> dict[str, object]:
    data = {
        "versi": item.versi,
        "nilai": "20",
        "faktor_pendorong": item.faktor_pendorong,
        "faktor_penghambat": item.faktor_penghambat,
        "tindak_lanjut": item.tindak_lanjut,
    }
    data.update(kw)
    return data


# --- the page -----------------------------------------------------------------------------


def test_urls_are_where_the_brief_says(item):
    assert url(item.pk) == f"/admin/kinerja-opd/realisasi/{item.pk}/"
    assert reverse("realisasi_item:baru") == "/admin/kinerja-opd/realisasi/baru/"
    assert url(item.pk, "revisi", 1) == f"/admin/kinerja-opd/realisasi/{item.pk}/revisi/1/"
    assert reverse("realisasi_item:audit") == "/admin/kinerja-opd/realisasi/audit/"


def test_page_shows_indicator_status_values_capaian_and_actions(operator_a, item):
    response = operator_a.get(url(item.pk))
    assert response.status_code == 200
    html = response.content.decode()
    for teks in (
        "IKU-1",
        "Indikator IKU-1",
        "Positif",
        "Kumulatif",
        "Target Triwulan I 2031",
        "Target s.d. TW1",
        "Draf",
        "Dukungan anggaran",
        "80,00%",  # 20 / 25
        "R / T × 100",
        "Ajukan IKU ini",
        "hanya berlaku untuk realisasi",
        "Riwayat perubahan",
        "Buat realisasi",
    ):
        assert teks in html, teks
    assert f'name="versi" value="{item.versi}"' in html
    assert 'name="nilai"' in html and "disabled" not in html.split('name="nilai"')[1][:80]
    # The window is shown with its dates in WITA.
    assert "WITA" in html and "batas waktu" in html


def test_kepala_sees_the_values_read_only_and_no_operator_buttons(kepala_a, item):
    html = kepala_a.get(url(item.pk)).content.decode()
    assert "Hanya Operator yang dapat mengisi" in html
    assert "Ajukan IKU ini" not in html
    assert 'type="file"' not in html
    assert "Dukungan anggaran" in html


def test_user_without_view_permission_is_refused(host_client, opd_a, item, login):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    with schema_context(opd_a.schema):
        tamu = get_user_model().objects.create_user("tamu", password="Rahasia-Uji-2026")
        tamu.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(host_client(opd_a.domain), "tamu")
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    for alamat in (url(item.pk), url(item.pk, "revisi", 1), _url_baru(item.iku_id, triwulan=2)):
        response = client.get(alamat)
        assert response.status_code == 302 and response.url == "/admin/", alamat
    response = client.post(url(item.pk), {"versi": 1, "nilai": "99"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert segar(opd_a, item.pk).nilai == D(20)


def test_unknown_item_is_404(operator_a, data):
    assert operator_a.get("/admin/kinerja-opd/realisasi/999999/").status_code == 404
    assert operator_a.get("/admin/kinerja-opd/realisasi/abc/").status_code == 404


# --- saving values ------------------------------------------------------------------------


def test_operator_saves_values_with_indonesian_numbers(operator_a, item, opd_a):
    response = operator_a.post(
        url(item.pk), form_nilai(item, nilai="1.234,5", faktor_penghambat="Cuaca buruk")
    )
    assert response.status_code == 302 and response.url == url(item.pk)
    assert any("disimpan" in m for m in pesan(response))
    baru = segar(opd_a, item.pk)
    assert baru.nilai == D("1234.5") and baru.faktor_penghambat == "Cuaca buruk"
    assert baru.versi == item.versi + 1
    with schema_context(opd_a.schema):
        rows = JejakAudit.objects.filter(realisasi=item, aksi="ubah")
        assert {r.kolom for r in rows} == {"Realisasi", "Faktor penghambat"}
        assert {r.ip for r in rows} == {"127.0.0.1"}
        assert all("operator" in r.pengguna for r in rows)


@pytest.mark.parametrize(
    ("isian", "teks"),
    [
        ({"nilai": "12,5 persen"}, "bukan angka"),
        ({"nilai": "1e20"}, "bukan angka"),
        ({"nilai": "99999999999999999"}, "terlalu besar"),
        ({"versi": ""}, "muat ulang"),
        ({"versi": "x"}, "muat ulang"),
        ({"faktor_pendorong": "x" * 5001}, "terlalu panjang"),
    ],
)
def test_bad_input_shows_a_message_and_saves_nothing(operator_a, item, opd_a, isian, teks):
    response = operator_a.post(url(item.pk), form_nilai(item, **isian))
    assert response.status_code == 400
    assert teks in response.content.decode()
    baru = segar(opd_a, item.pk)
    assert (baru.nilai, baru.versi) == (D(20), item.versi)


def test_second_editor_gets_a_clear_conflict_and_keeps_the_input(operator_a, item, opd_a):
    lama = item.versi
    assert operator_a.post(url(item.pk), form_nilai(item, nilai="21")).status_code == 302
    response = operator_a.post(url(item.pk), form_nilai(item, nilai="22", versi=lama))
    assert response.status_code == 409
    html = response.content.decode()
    assert "telah diubah oleh" in html
    assert "bentrok dengan perubahan pengguna lain" in html
    assert 'value="22"' in html  # the user's input is not lost
    assert segar(opd_a, item.pk).nilai == D(21)


def test_kepala_cannot_save_values(kepala_a, item, opd_a):
    response = kepala_a.post(url(item.pk), form_nilai(item, nilai="99"))
    assert response.status_code == 403
    assert "tidak berwenang" in response.content.decode()
    assert segar(opd_a, item.pk).nilai == D(20)


def test_identical_double_submit_is_a_no_op(operator_a, item, opd_a):
    isian = form_nilai(item, nilai="25")
    assert operator_a.post(url(item.pk), isian).status_code == 302
    response = operator_a.post(url(item.pk), isian)  # the second click, same stale version
    assert response.status_code == 302
    assert any("Tidak ada perubahan" in m for m in pesan(response))
    assert segar(opd_a, item.pk).versi == item.versi + 1


# --- a new item ---------------------------------------------------------------------------


def _url_baru(iku_id: object, tahun: object = TAHUN, triwulan: object = 1) -> str:
    return f"{reverse('realisasi_item:baru')}?iku={iku_id}&tahun={tahun}&triwulan={triwulan}"


def test_new_item_page_creates_the_row_only_on_save(operator_a, data, opd_a):
    alamat = _url_baru(data.iku1.pk)
    response = operator_a.get(alamat)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Belum diisi" in html and 'name="versi" value="0"' in html
    assert "Simpan realisasi terlebih dahulu" in html
    with schema_context(opd_a.schema):
        assert not RealisasiIku.objects.exists()
    isian = {"versi": 0, "nilai": "12,5", "faktor_pendorong": ""}
    response = operator_a.post(alamat, isian)
    assert response.status_code == 302
    with schema_context(opd_a.schema):
        baru = RealisasiIku.objects.get()
    assert response.url == url(baru.pk)
    assert (baru.iku_id, baru.tahun, baru.triwulan, baru.nilai) == (
        data.iku1.pk,
        TAHUN,
        1,
        D("12.5"),
    )
    # Double click on "Simpan realisasi": no second row, no error.
    response = operator_a.post(alamat, isian)
    assert response.status_code == 302 and response.url == url(baru.pk)
    with schema_context(opd_a.schema):
        assert RealisasiIku.objects.count() == 1
    # A second "new" form with other values is a conflict, not a second row.
    response = operator_a.post(alamat, {**isian, "nilai": "13"})
    assert response.status_code == 409
    # The new page of an existing row goes to the row.
    response = operator_a.get(alamat)
    assert response.status_code == 302 and response.url == url(baru.pk)


def test_new_kualitatif_item_offers_the_scale_labels(operator_a, data, opd_a):
    response = operator_a.get(_url_baru(data.iku2.pk))
    html = response.content.decode()
    assert '<option value="WTP">WTP</option>' in html
    response = operator_a.post(_url_baru(data.iku2.pk), {"versi": 0, "nilai_kualitatif": "Baik"})
    assert response.status_code == 400
    with schema_context(opd_a.schema):
        assert not RealisasiIku.objects.exists()
    response = operator_a.post(_url_baru(data.iku2.pk), {"versi": 0, "nilai_kualitatif": "WDP"})
    assert response.status_code == 302
    with schema_context(opd_a.schema):
        assert RealisasiIku.objects.get().nilai_kualitatif == "WDP"


@pytest.mark.parametrize(
    ("query", "teks"),
    [
        ("iku=abc&tahun=2031&triwulan=1", "IKU tidak ditemukan"),
        ("iku=999999&tahun=2031&triwulan=1", "IKU tidak ditemukan"),
        ("tahun=2031&triwulan=1", "IKU tidak ditemukan"),
        ("iku={iku}&tahun=2031&triwulan=9", "triwulan (1–4)"),
        ("iku={iku}&tahun=x&triwulan=1", "triwulan (1–4)"),
        ("iku={iku}&tahun=2040&triwulan=1", "di luar periode Renstra"),
    ],
)
def test_new_item_with_bad_parameters(operator_a, data, opd_a, query, teks):
    alamat = f"{reverse('realisasi_item:baru')}?{query.format(iku=data.iku1.pk)}"
    for response in (operator_a.get(alamat), operator_a.post(alamat, {"versi": 0, "nilai": "1"})):
        assert response.status_code == 400
        assert teks in response.content.decode()
    with schema_context(opd_a.schema):
        assert not RealisasiIku.objects.exists()


def test_new_item_outside_the_window_is_read_only(operator_a, data, opd_a):
    with schema_context("public"):
        data.jadwal.delete()
    html = operator_a.get(_url_baru(data.iku1.pk)).content.decode()
    assert "belum ditetapkan Bappeda" in html
    assert 'name="nilai"' not in html
    response = operator_a.post(_url_baru(data.iku1.pk), {"versi": 0, "nilai": "5"})
    assert response.status_code == 400
    assert "belum ditetapkan" in response.content.decode()
    with schema_context(opd_a.schema):
        assert not RealisasiIku.objects.exists()


# --- workflow actions ---------------------------------------------------------------------


def test_operator_submits_this_iku_only(operator_a, item, data, opd_a):
    with schema_context(opd_a.schema):
        lain = isi(data.iku2, None, nilai_kualitatif="WTP")
    response = operator_a.post(url(item.pk, "aksi"), {"aksi": "ajukan", "versi": item.versi})
    assert response.status_code == 302
    assert any("diajukan ke Kepala OPD (hanya IKU ini)" in m for m in pesan(response))
    assert segar(opd_a, item.pk).status == Status.DIAJUKAN
    assert segar(opd_a, lain.pk).status == Status.DRAFT
    # Double click: skipped with a message, no error.
    response = operator_a.post(url(item.pk, "aksi"), {"aksi": "ajukan", "versi": item.versi})
    assert response.status_code == 302
    assert any("sudah diajukan" in m for m in pesan(response))
    html = operator_a.get(url(item.pk)).content.decode()
    assert "hanya dapat dibaca sampai dikembalikan" in html
    assert 'name="nilai"' not in html
    assert 'type="file"' not in html
    # Saving anyway (an old tab) is refused with the service's message.
    response = operator_a.post(url(item.pk), form_nilai(item, nilai="99", versi=item.versi + 1))
    assert response.status_code == 400
    assert "tidak dapat diubah" in response.content.decode()


def test_kepala_returns_with_a_mandatory_note(kepala_a, operator_a, item, opd_a):
    with schema_context(opd_a.schema):
        item = ke_status(item, Status.DIAJUKAN)
    html = kepala_a.get(url(item.pk)).content.decode()
    assert "Setujui IKU ini" in html and "Kembalikan IKU ini" in html
    response = kepala_a.post(
        url(item.pk, "aksi"), {"aksi": "kembalikan", "versi": item.versi, "catatan": "kur"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Catatan wajib diisi" in html
    assert ">kur</textarea>" in html  # the note typed so far is kept
    assert segar(opd_a, item.pk).status == Status.DIAJUKAN
    response = kepala_a.post(
        url(item.pk, "aksi"),
        {"aksi": "kembalikan", "versi": item.versi, "catatan": "Lampirkan SK penetapan."},
    )
    assert response.status_code == 302
    baru = segar(opd_a, item.pk)
    assert baru.status == Status.DRAFT
    html = operator_a.get(url(item.pk)).content.decode()
    assert "Dikembalikan oleh" in html and "Lampirkan SK penetapan." in html
    assert "Perbaikan dapat dilakukan sampai" in html


def test_kepala_approves_and_operator_cannot(kepala_a, operator_a, item, opd_a):
    with schema_context(opd_a.schema):
        item = ke_status(item, Status.DIAJUKAN)
    response = operator_a.post(url(item.pk, "aksi"), {"aksi": "setujui", "versi": item.versi})
    assert response.status_code == 403
    assert "tidak berwenang" in response.content.decode()
    response = kepala_a.post(url(item.pk, "aksi"), {"aksi": "setujui", "versi": item.versi})
    assert response.status_code == 302
    assert segar(opd_a, item.pk).status == Status.DISETUJUI
    # Bappeda's step is not offered to the OPD, and is refused when forced.
    html = kepala_a.get(url(item.pk)).content.decode()
    assert "Verifikasi IKU ini" not in html
    response = kepala_a.post(url(item.pk, "aksi"), {"aksi": "verifikasi", "versi": item.versi + 1})
    assert response.status_code == 403
    assert segar(opd_a, item.pk).status == Status.DISETUJUI


def test_action_on_a_stale_page_is_a_conflict(operator_a, item, opd_a):
    operator_a.post(url(item.pk), form_nilai(item, nilai="30"))
    response = operator_a.post(url(item.pk, "aksi"), {"aksi": "ajukan", "versi": item.versi})
    assert response.status_code == 409
    assert "telah diubah" in response.content.decode()
    assert segar(opd_a, item.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    "isian",
    [{}, {"aksi": "hapus", "versi": 1}, {"aksi": "ajukan"}, {"aksi": "ajukan", "versi": "x"}],
)
def test_bad_action_requests(operator_a, item, opd_a, isian):
    response = operator_a.post(url(item.pk, "aksi"), isian)
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()
    assert segar(opd_a, item.pk).status == Status.DRAFT


def test_post_only_routes_refuse_get(operator_a, item):
    for nama in ("aksi", "unggah"):
        assert operator_a.get(url(item.pk, nama)).status_code == 405


# --- evidence upload and delete -----------------------------------------------------------


def berkas(nama: str, isi_berkas: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi_berkas)


def test_upload_several_files_at_once(operator_a, item, opd_a, privat):
    response = operator_a.post(
        url(item.pk, "unggah"),
        {
            "berkas": [berkas("laporan.pdf", PDF), berkas("foto.png", png())],
            "keterangan": "Dokumen TW1",
            "publikasi": "on",
        },
    )
    assert response.status_code == 302
    assert any("2 berkas bukti dukung diunggah" in m for m in pesan(response))
    with schema_context(opd_a.schema):
        rows = list(BuktiDukung.objects.order_by("nama_berkas"))
    assert [(b.nama_berkas, b.jenis, b.keterangan, b.publikasi) for b in rows] == [
        ("foto.png", "PNG", "Dokumen TW1", True),
        ("laporan.pdf", "PDF", "Dokumen TW1", True),
    ]
    assert len(berkas_di(privat)) == 2
    html = operator_a.get(url(item.pk)).content.decode()
    assert "laporan.pdf" in html and "Dokumen TW1" in html and "Ya" in html
    assert reverse("realisasi_item:bukti", args=[rows[1].pk]) in html
    assert " bita</td>" in html or " KB</td>" in html


def test_one_bad_file_refuses_the_whole_upload_with_errors_per_file(
    operator_a, item, opd_a, privat
):
    response = operator_a.post(
        url(item.pk, "unggah"),
        {
            "berkas": [
                berkas("laporan.pdf", PDF),
                berkas("palsu.pdf", png()),
                berkas("kosong.docx", b""),
            ]
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tidak ada berkas yang disimpan" in html
    assert "palsu.pdf" in html and "bukan PDF" in html
    assert "kosong.docx" in html and "kosong (0 bita)" in html
    with schema_context(opd_a.schema):
        assert not BuktiDukung.objects.exists()
        assert not JejakAudit.objects.filter(aksi="bukti_tambah").exists()
    assert berkas_di(privat) == []


def test_too_large_file_is_refused(operator_a, item, opd_a, privat):
    besar = PDF + b"0" * (11 * 1024 * 1024)
    response = operator_a.post(url(item.pk, "unggah"), {"berkas": [berkas("besar.pdf", besar)]})
    assert response.status_code == 400
    assert "maksimum 10 MB" in response.content.decode()
    assert berkas_di(privat) == []


def test_upload_without_a_file(operator_a, item):
    response = operator_a.post(url(item.pk, "unggah"), {"keterangan": "x"})
    assert response.status_code == 400
    assert "Pilih minimal satu berkas" in response.content.decode()


def test_storage_failure_half_way_leaves_nothing(operator_a, item, opd_a, privat, monkeypatch):
    from kinerja.storage import BuktiStorage

    asli = BuktiStorage._save
    panggilan = {"n": 0}

    def kedua_gagal(self, name, content):
        panggilan["n"] += 1
        if panggilan["n"] == 2:
            raise OSError(28, "No space left on device")
        return asli(self, name, content)

    monkeypatch.setattr(BuktiStorage, "_save", kedua_gagal)
    response = operator_a.post(
        url(item.pk, "unggah"),
        {"berkas": [berkas("laporan.pdf", PDF), berkas("foto.png", png())]},
    )
    assert response.status_code == 503
    assert "gangguan penyimpanan" in response.content.decode()
    with schema_context(opd_a.schema):
        assert not BuktiDukung.objects.exists()
        assert not JejakAudit.objects.filter(aksi="bukti_tambah").exists()
    assert berkas_di(privat) == []  # the first file, already written, is gone too


def test_upload_refused_for_the_kepala_and_after_submission(
    kepala_a, operator_a, item, opd_a, privat
):
    response = kepala_a.post(url(item.pk, "unggah"), {"berkas": [berkas("a.pdf", PDF)]})
    assert response.status_code == 403
    with schema_context(opd_a.schema):
        ke_status(item, Status.DIAJUKAN)
    response = operator_a.post(url(item.pk, "unggah"), {"berkas": [berkas("a.pdf", PDF)]})
    assert response.status_code == 400
    assert "status realisasi Diajukan" in response.content.decode()
    assert berkas_di(privat) == []


def test_delete_hides_the_file(operator_a, kepala_a, item, opd_a, privat):
    with schema_context(opd_a.schema):
        b = tambah_bukti(item)
    alamat = url(item.pk, "hapus_bukti", b.pk)
    response = kepala_a.post(alamat)
    assert response.status_code == 403
    response = operator_a.post(alamat)
    assert response.status_code == 302
    with schema_context(opd_a.schema):
        b.refresh_from_db()
    assert b.dihapus_pada is not None
    assert len(berkas_di(privat)) == 1
    html = operator_a.get(url(item.pk)).content.decode()
    assert reverse("realisasi_item:bukti", args=[b.pk]) not in html
    assert "Belum ada bukti dukung." in html
    # Deleting it again, or through another item's URL, is a 404.
    assert operator_a.post(alamat).status_code == 404
    assert operator_a.get(alamat).status_code == 405


# --- earlier revisions --------------------------------------------------------------------


def test_earlier_revision_stays_readable(operator_a, item, opd_a, privat):
    with schema_context(opd_a.schema):
        b = tambah_bukti(item, keterangan="Versi pertama")
        item = ke_status(item, Status.DIVERIFIKASI)
        html = operator_a.get(url(item.pk)).content.decode()
        assert "sudah diverifikasi Bappeda dan terkunci" in html
        aksi(item, Aksi.BUKA_KEMBALI, VERIFIKATOR, "Data BPS berubah.")
        item.refresh_from_db()
        item = isi(item.iku, D(30), versi=item.versi)
    operator_a.post(url(item.pk, "hapus_bukti", b.pk))
    html = operator_a.get(url(item.pk)).content.decode()
    assert "Revisi sebelumnya" in html and url(item.pk, "revisi", 1) in html
    assert "Data BPS berubah." in html
    response = operator_a.get(url(item.pk, "revisi", 1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "20" in html and "Dukungan anggaran" in html
    assert "laporan.pdf" in html and "Versi pertama" in html
    assert "Data BPS berubah." in html
    unduh = reverse("realisasi_item:bukti", args=[b.pk])
    assert unduh in html
    # The file hidden in the new revision is still served for the old one.
    response = operator_a.get(unduh)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert operator_a.get(url(item.pk, "revisi", 2)).status_code == 404
    assert operator_a.get(url(item.pk, "revisi", 9)).status_code == 404
    assert operator_a.post(url(item.pk, "revisi", 1)).status_code == 405


# --- tenant isolation ---------------------------------------------------------------------


def test_other_opd_domain_does_not_reveal_or_change_opd_a(host_client, opd_b, login, item, opd_a):
    client_b = login(host_client(opd_b.domain), "operator")
    for alamat in (url(item.pk), url(item.pk, "revisi", 1)):
        response = client_b.get(alamat)
        assert response.status_code == 404
        assert b"IKU-1" not in response.content
    assert client_b.post(url(item.pk), form_nilai(item, nilai="99")).status_code == 404
    assert client_b.post(url(item.pk, "aksi"), {"aksi": "ajukan", "versi": 1}).status_code == 404
    response = client_b.post(url(item.pk, "unggah"), {"berkas": [berkas("a.pdf", PDF)]})
    assert response.status_code == 404
    baru = segar(opd_a, item.pk)
    assert (baru.nilai, baru.status, baru.versi) == (D(20), Status.DRAFT, item.versi)


def test_opd_a_cookie_does_not_work_on_opd_b(operator_a, host_client, opd_b, item):
    client_b = host_client(opd_b.domain)
    client_b.cookies = operator_a.cookies
    response = client_b.get(url(item.pk))
    assert response.status_code == 302 and "/admin/login/" in response.url
    response = client_b.post(url(item.pk), {"versi": 1, "nilai": "99"})
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_anonymous_is_sent_to_login(host_client, opd_a, item):
    client = host_client(opd_a.domain)
    for alamat in (url(item.pk), _url_baru(item.iku_id)):
        response = client.get(alamat)
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_public_domain_answers_404(public_client, login, item):
    client = login(public_client, "verifikator")
    for alamat in (url(item.pk), _url_baru(item.iku_id), url(item.pk, "revisi", 1)):
        assert client.get(alamat).status_code == 404
    assert client.post(url(item.pk, "aksi"), {"aksi": "verifikasi", "versi": 1}).status_code == 404


@pytest.mark.parametrize(
    ("bita", "teks"),
    [
        (0, "0 bita"),
        (1023, "1023 bita"),
        (1024, "1 KB"),
        (1536, "1,5 KB"),
        (1_258_291, "1,2 MB"),
        (10 * 1024 * 1024, "10 MB"),
    ],
)
def test_sizes_are_shown_in_indonesian_units(bita, teks):
    from kinerja.opd.realisasi_selectors import ukuran_tampil

    assert ukuran_tampil(bita) == teks


def test_page_links_to_the_triwulan_grid_for_whole_triwulan_actions(operator_a, item):
    html = operator_a.get(url(item.pk)).content.decode()
    grid = reverse("realisasi_grid:index") + "?tahun=2031&amp;triwulan=1"
    assert grid in html
    assert "seluruh IKU triwulan ini sekaligus" in html


def test_double_submitted_upload_does_not_duplicate(operator_a, item, opd_a, privat):
    isian = {"berkas": [berkas("laporan.pdf", PDF)]}
    assert operator_a.post(url(item.pk, "unggah"), isian).status_code == 302
    response = operator_a.post(url(item.pk, "unggah"), {"berkas": [berkas("laporan.pdf", PDF)]})
    assert response.status_code == 400
    assert "sudah diunggah untuk realisasi ini" in response.content.decode()
    with schema_context(opd_a.schema):
        assert BuktiDukung.objects.count() == 1
    assert len(berkas_di(privat)) == 1


def test_too_many_decimals_is_refused(operator_a, item, opd_a):
    response = operator_a.post(url(item.pk), form_nilai(item, nilai="0,00001"))
    assert response.status_code == 400
    assert "paling banyak 4 angka di belakang koma" in response.content.decode()
    assert segar(opd_a, item.pk).nilai == D(20)

"""OPD domain: /api/v1/realisasi/ — reads and writes through the workflow services: roles,
optimistic locking, bad input refused with a clear message and nothing saved."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.api.conftest import TAHUN, galat_json, token_untuk

pytestmark = pytest.mark.django_db


def kirim(client, path, data, method="post"):
    return getattr(client, method)(path, json.dumps(data), content_type="application/json")


def jumlah_realisasi(opd, **filter_):
    from kinerja.opd.models import JejakAudit, RealisasiIku

    with schema_context(opd.schema):
        return RealisasiIku.objects.filter(**filter_).count(), JejakAudit.objects.count()


def test_list_needs_sign_in(anon_a, data):
    body = galat_json(anon_a.get("/api/v1/realisasi/"), 401, "belum_masuk")
    assert "Token" in body["pesan"]
    assert anon_a.get("/api/v1/realisasi/")["WWW-Authenticate"] == "Token"


def test_list_and_filters(operator_a, data):
    body = operator_a.get(f"/api/v1/realisasi/?tahun={TAHUN}&triwulan=1").json()
    assert {(r["iku"]["kode"], r["status"]) for r in body["results"]} == {
        ("IKU-1", "diverifikasi"),
        ("IKU-2", "diajukan"),
    }
    assert operator_a.get("/api/v1/realisasi/?status=draft").json()["count"] == 1
    assert operator_a.get(f"/api/v1/realisasi/?iku={data.iku2.pk}").json()["count"] == 1
    body = operator_a.get("/api/v1/realisasi/?ordering=-triwulan").json()
    assert body["results"][0]["triwulan"] == 3
    assert operator_a.get("/api/v1/realisasi/")["Cache-Control"] == "private, no-store"
    galat_json(operator_a.get("/api/v1/realisasi/?triwulan=5"), 400, "validasi")
    galat_json(operator_a.get("/api/v1/realisasi/?status=palsu"), 400, "validasi")


def test_detail_and_available_actions(operator_a, kepala_a, data):
    r = data.realisasi[(1, 2)]
    body = operator_a.get(f"/api/v1/realisasi/{r.pk}/").json()
    assert body["status"] == "draft" and body["nilai"] == "20.5" and body["versi"] == 1
    assert body["aksi"] == ["ajukan"]
    assert kepala_a.get(f"/api/v1/realisasi/{r.pk}/").json()["aksi"] == []
    galat_json(operator_a.get("/api/v1/realisasi/99999999/"), 404, "tidak_ditemukan")


def test_operator_creates_then_updates_with_versi(operator_a, data, opd_a):
    payload = {"iku": data.iku1.pk, "tahun": TAHUN, "triwulan": 4, "nilai": "1.234,5"}
    # TW4 has no open window in the fixtures: refused by the service with its message.
    body = galat_json(kirim(operator_a, "/api/v1/realisasi/", payload), 400, "jendela")
    assert "Triwulan IV" in body["pesan"] or "TW" in body["pesan"] or body["pesan"]
    # TW1 IKU-2 is submitted; use a fresh IKU in the open TW1 window.
    from kinerja.opd.services import TargetInput as T

    with schema_context(opd_a.schema):
        from tests.kinerja.opd.conftest import _buat_iku

        iku3 = _buat_iku(data.rencana.sasaran, "IKU-3", targets=[T(TAHUN, None, 100)])
    payload = {"iku": iku3.pk, "tahun": TAHUN, "triwulan": 1, "nilai": "1.234,5"}
    response = kirim(operator_a, "/api/v1/realisasi/", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nilai"] == "1234.5" and body["versi"] == 1 and body["status"] == "draft"
    # An update with the version read.
    payload.update(nilai=12.25, faktor_pendorong="Dukungan anggaran", versi=1)
    response = kirim(operator_a, "/api/v1/realisasi/", payload)
    assert response.status_code == 200
    assert response.json()["versi"] == 2 and response.json()["nilai"] == "12.25"
    # A stale version is a conflict naming who changed it.
    payload.update(nilai=13, versi=1)
    body = galat_json(kirim(operator_a, "/api/v1/realisasi/", payload), 409, "konflik")
    assert "telah diubah" in body["pesan"]
    # PATCH: partial, versi mandatory.
    rid = response.json()["id"]
    galat_json(kirim(operator_a, f"/api/v1/realisasi/{rid}/", {"nilai": 5}, "patch"), 400)
    response = kirim(
        operator_a, f"/api/v1/realisasi/{rid}/", {"tindak_lanjut": "Lanjut", "versi": 2}, "patch"
    )
    assert response.status_code == 200, response.content
    assert response.json()["nilai"] == "12.25" and response.json()["tindak_lanjut"] == "Lanjut"
    galat_json(
        kirim(operator_a, f"/api/v1/realisasi/{rid}/", {"nilai": 1, "versi": 2}, "patch"),
        409,
        "konflik",
    )
    # PUT and DELETE are not offered.
    galat_json(kirim(operator_a, f"/api/v1/realisasi/{rid}/", payload, "put"), 405, "metode")
    galat_json(operator_a.delete(f"/api/v1/realisasi/{rid}/"), 405, "metode")


def test_workflow_actions_through_the_services(operator_a, kepala_a, data, opd_a):
    from kinerja.opd.models import JejakAudit

    r = data.realisasi[(1, 2)]
    # Kepala cannot submit (peran → 403 with the state machine's message).
    body = galat_json(kirim(kepala_a, f"/api/v1/realisasi/{r.pk}/ajukan/", {}), 403, "peran")
    # TW2 has no reporting window: the operator is refused by the window rule.
    body = galat_json(kirim(operator_a, f"/api/v1/realisasi/{r.pk}/ajukan/", {}), 400, "jendela")
    # The submitted TW1 IKU-2: kepala approves, returns need a note.
    r2 = data.realisasi[(2, 1)]
    body = galat_json(
        kirim(kepala_a, f"/api/v1/realisasi/{r2.pk}/kembalikan/", {"catatan": "x"}), 400, "catatan"
    )
    galat_json(kirim(operator_a, f"/api/v1/realisasi/{r2.pk}/setujui/", {}), 403, "peran")
    galat_json(
        kirim(kepala_a, f"/api/v1/realisasi/{r2.pk}/setujui/", {"versi": 99}), 409, "konflik"
    )
    response = kirim(kepala_a, f"/api/v1/realisasi/{r2.pk}/setujui/", {"versi": 1})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["realisasi"]["status"] == "disetujui" and body["dilewati"] is False
    assert "Disetujui" in body["pesan"]
    # Repeating is skipped, not an error (double click).
    body = kirim(kepala_a, f"/api/v1/realisasi/{r2.pk}/setujui/", {}).json()
    assert body["dilewati"] is True
    response = kirim(
        kepala_a, f"/api/v1/realisasi/{r2.pk}/kembalikan/", {"catatan": "Bukti kurang lengkap"}
    )
    assert response.json()["realisasi"]["status"] == "draft"
    assert response.json()["realisasi"]["catatan_pengembalian"] == "Bukti kurang lengkap"
    with schema_context(opd_a.schema):
        jejak = JejakAudit.objects.filter(realisasi_id=r2.pk).values_list("aksi", "pengguna")
        assert ("setujui", "kepala") in set(jejak) or any(a == "setujui" for a, _ in jejak)
    galat_json(kirim(kepala_a, "/api/v1/realisasi/99999/setujui/", {}), 404, "tidak_ditemukan")


@pytest.mark.parametrize(
    ("payload", "kolom"),
    [
        ({"tahun": TAHUN, "triwulan": 1}, "iku"),
        ({"iku": "satu", "tahun": TAHUN, "triwulan": 1}, "iku"),
        ({"iku": None, "tahun": TAHUN, "triwulan": 1}, "iku"),
        ({"iku": 1, "tahun": "2031a", "triwulan": 1}, "tahun"),
        ({"iku": 1, "tahun": TAHUN, "triwulan": [1]}, "triwulan"),
        ({"iku": 1, "tahun": TAHUN, "triwulan": 1, "nilai": "dua puluh"}, "nilai"),
        ({"iku": 1, "tahun": TAHUN, "triwulan": 1, "nilai": True}, "nilai"),
        ({"iku": 1, "tahun": TAHUN, "triwulan": 1, "nilai": {"a": 1}}, "nilai"),
        ({"iku": 1, "tahun": TAHUN, "triwulan": 1, "versi": -1}, "versi"),
        ({"iku": 1, "tahun": TAHUN, "triwulan": 1, "faktor_pendorong": ["a"]}, "faktor_pendorong"),
    ],
)
def test_wrong_types_are_400_with_field_errors(operator_a, data, opd_a, payload, kolom):
    sebelum = jumlah_realisasi(opd_a)
    body = galat_json(kirim(operator_a, "/api/v1/realisasi/", payload), 400, "validasi")
    assert kolom in body["galat"], body
    assert all(isinstance(p, str) and p for p in body["galat"][kolom])
    assert jumlah_realisasi(opd_a) == sebelum


def test_service_rules_are_400_and_nothing_saved(operator_a, data, opd_a):
    sebelum = jumlah_realisasi(opd_a)
    cases = [
        (
            {"iku": 987654, "tahun": TAHUN, "triwulan": 1, "nilai": 1},
            "tidak_ditemukan",
            "iku",
            "IKU dengan id 987654 tidak ditemukan.",
        ),
        (
            {"iku": data.iku1.pk, "tahun": TAHUN, "triwulan": 5, "nilai": 1},
            "validasi",
            "umum",
            "Triwulan 5 tidak ada; pilih 1 sampai 4.",
        ),
        (
            {"iku": data.iku1.pk, "tahun": 2040, "triwulan": 1, "nilai": 1},
            "validasi",
            "umum",
            "Tahun 2040 di luar periode Renstra IKU IKU-1 (2031–2035).",
        ),
        (
            {"iku": data.iku2.pk, "tahun": TAHUN, "triwulan": 1, "nilai": 5},
            "validasi",
            "nilai",
            None,
        ),
        ({"iku": data.iku1.pk, "tahun": TAHUN, "triwulan": 1, "nilai": 5}, "status", None, None),
        (
            {"iku": data.iku1.pk, "tahun": TAHUN, "triwulan": 1, "nilai": "1e400"},
            "validasi",
            "nilai",
            None,
        ),
        (
            {"iku": data.iku1.pk, "tahun": TAHUN, "triwulan": 1, "faktor_pendorong": "x" * 5001},
            None,
            None,
            None,
        ),
    ]
    for payload, kode, kolom, pesan in cases:
        response = kirim(operator_a, "/api/v1/realisasi/", payload)
        body = galat_json(response, 400)
        if kode:
            assert body["kode"] == kode, body
        if kolom:
            assert kolom in body["galat"], body
        if pesan:
            assert body["pesan"] == pesan
    assert jumlah_realisasi(opd_a) == sebelum


def test_kualitatif_label_checked_by_the_service(operator_a, data, opd_a):
    from kinerja.opd.services import TargetInput as T
    from tests.kinerja.opd.conftest import _buat_iku

    with schema_context(opd_a.schema):
        iku = _buat_iku(
            data.rencana.sasaran_2,
            "IKU-K",
            polaritas="kualitatif",
            tipe_perhitungan="posisi_akhir",
            skala_id=data.daerah.skala.pk,
            targets=[T(TAHUN, None, None, None, "WTP")],
        )
    payload = {"iku": iku.pk, "tahun": TAHUN, "triwulan": 1, "nilai_kualitatif": "Bagus"}
    body = galat_json(kirim(operator_a, "/api/v1/realisasi/", payload), 400, "validasi")
    assert "nilai_kualitatif" in body["galat"] and "pilih salah satu" in body["pesan"]
    payload["nilai_kualitatif"] = "wtp"
    response = kirim(operator_a, "/api/v1/realisasi/", payload)
    assert response.status_code == 201 and response.json()["nilai_kualitatif"] == "WTP"


def test_huge_payload_is_413_json_and_nothing_saved(operator_a, data, opd_a, settings):
    sebelum = jumlah_realisasi(opd_a)
    payload = {"iku": data.iku1.pk, "tahun": TAHUN, "triwulan": 1, "tindak_lanjut": "x" * 300_000}
    body = galat_json(kirim(operator_a, "/api/v1/realisasi/", payload), 413, "terlalu_besar")
    assert "terlalu besar" in body["pesan"]
    assert jumlah_realisasi(opd_a) == sebelum


def test_not_json_is_415_and_broken_json_is_400(operator_a, data):
    response = operator_a.post("/api/v1/realisasi/", {"iku": 1}, format="multipart")
    galat_json(response, 415, "jenis_konten")
    response = operator_a.post("/api/v1/realisasi/", "{iku: 1", content_type="application/json")
    body = galat_json(response, 400, "format")
    assert body["pesan"] == "Isi permintaan bukan JSON yang valid."
    response = operator_a.post("/api/v1/realisasi/", "[1, 2]", content_type="application/json")
    galat_json(response, 400, "validasi")


def test_anonymous_and_unprivileged_writes_are_refused(anon_a, kepala_a, data, opd_a):
    payload = {"iku": data.iku1.pk, "tahun": TAHUN, "triwulan": 1, "nilai": 1}
    galat_json(kirim(anon_a, "/api/v1/realisasi/", payload), 401, "belum_masuk")
    body = galat_json(kirim(kepala_a, "/api/v1/realisasi/", payload), 403, "peran")
    assert body["pesan"]
    galat_json(kirim(anon_a, f"/api/v1/realisasi/{data.realisasi[(1, 2)].pk}/ajukan/", {}), 401)


def test_session_writes_need_csrf(opd_a, data, izin):
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string

    client = Client(HTTP_HOST=opd_a.domain, enforce_csrf_checks=True)
    masuk_sesi(client, opd_a, "operator")
    assert client.get("/api/v1/realisasi/").status_code == 200
    payload = {"iku": data.iku1.pk, "tahun": TAHUN, "triwulan": 1, "nilai": 1}
    galat_json(kirim(client, "/api/v1/realisasi/", payload), 403, "csrf")
    # With the CSRF cookie and header the write reaches the service (which refuses to edit a
    # verified item: its own rule, not CSRF).
    rahasia = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = rahasia
    response = client.post(
        "/api/v1/realisasi/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=rahasia,
    )
    galat_json(response, 400, "status")


def masuk_sesi(client, opd, username):
    """A session of ``username`` in ``opd``'s schema (login writes there: session, last_login)."""
    from django.contrib.auth import get_user_model

    with schema_context(opd.schema):
        client.force_login(get_user_model().objects.get(username=username))


def test_opd_b_operator_cannot_touch_opd_a(klien, opd_a, opd_b, data, izin):
    operator_b = klien(opd_b.domain, token_untuk(opd_b.schema, "operator"))
    r = data.realisasi[(1, 2)]
    # The id of A's row means nothing on B's domain (B's own table).
    galat_json(operator_b.get(f"/api/v1/realisasi/{r.pk}/"), 404, "tidak_ditemukan")
    galat_json(kirim(operator_b, f"/api/v1/realisasi/{r.pk}/ajukan/", {}), 404, "tidak_ditemukan")
    payload = {"iku": data.iku1.pk, "tahun": TAHUN, "triwulan": 1, "nilai": 1}
    galat_json(kirim(operator_b, "/api/v1/realisasi/", payload), 400, "tidak_ditemukan")
    assert operator_b.get("/api/v1/realisasi/").json()["count"] == 0
    with schema_context(opd_a.schema):
        r.refresh_from_db()
    assert r.status == "draft" and r.versi == 1


def test_opd_a_session_cookie_is_anonymous_on_opd_b(klien, opd_a, opd_b, data, izin):
    from django.conf import settings

    a = Client(HTTP_HOST=opd_a.domain)
    masuk_sesi(a, opd_a, "operator")
    assert a.get("/api/v1/realisasi/").status_code == 200
    b = Client(HTTP_HOST=opd_b.domain)
    b.cookies[settings.SESSION_COOKIE_NAME] = a.cookies[settings.SESSION_COOKIE_NAME].value
    galat_json(b.get("/api/v1/realisasi/"), 401, "belum_masuk")
    # And an anonymous public answer on B, not A's data.
    assert "IKU-1" not in b.get("/api/v1/iku/").content.decode()

"""Perjanjian Kinerja: draft from targets, signing freezes it, PK perubahan keeps the old one;
role permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_tenants.utils import schema_context

from kinerja.opd.services import TargetInput as T

pytestmark = pytest.mark.django_db
D = Decimal
TANGGAL = dt.date(2031, 1, 15)


def _user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def dua_iku(rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        a = buat_iku(rencana.sasaran, "IKU-A", targets=[T(2031, None, D(80)), T(2031, 1, D(20))])
        b = buat_iku(
            rencana.sasaran, "IKU-B", polaritas="rentang", targets=[T(2031, None, D(5), D(7))]
        )
        buat_iku(rencana.sasaran, "IKU-NONAKTIF", aktif=False, targets=[T(2031, None, D(1))])
        buat_iku(rencana.sasaran, "IKU-2032", targets=[T(2032, None, D(1))])
    return a, b


def test_draft_copies_yearly_targets_of_active_iku(dua_iku, opd_a):
    from kinerja.opd.services import pk_buat_draft

    with schema_context(opd_a.schema):
        pk = pk_buat_draft(2031, _user("admin"))
        assert (pk.tahun, pk.versi, pk.status) == (2031, 1, "draft")
        items = list(pk.item.order_by("iku__kode").values_list("iku__kode", "target", "target_max"))
        assert items == [("IKU-A", D(80), None), ("IKU-B", D(5), D(7))]
        # a copy: later target edits do not touch the PK
        dua_iku[0].target.filter(triwulan__isnull=True).update(nilai=D(99))
        assert pk.item.get(iku__kode="IKU-A").target == D(80)


def test_only_one_draft_per_year_and_none_without_targets(dua_iku, opd_a):
    from kinerja.opd.services import pk_buat_draft

    with schema_context(opd_a.schema):
        pk = pk_buat_draft(2031)
        with pytest.raises(ValidationError) as exc:
            pk_buat_draft(2031)
        assert exc.value.message_dict["tahun"] == [
            f"Sudah ada draf PK 2031 ({pk}); lanjutkan draf itu."
        ]
        with pytest.raises(ValidationError) as exc:
            pk_buat_draft(2034)
        assert exc.value.message_dict["tahun"] == [
            "Belum ada IKU aktif dengan target tahunan 2034."
        ]


def _tandatangani(pk, user="kepala", tanggal=TANGGAL):
    from kinerja.opd.services import pk_tandatangani

    return pk_tandatangani(pk, "dr. Uji, M.Kes", "Kepala Dinas", tanggal, _user(user))


def test_signed_pk_is_frozen_in_services_and_models(dua_iku, opd_a):
    from kinerja.opd.models import PerjanjianKinerja, PerjanjianKinerjaItem
    from kinerja.opd.services import PkBeku, pk_buat_draft, pk_hapus_draf, pk_item_simpan, pk_simpan

    with schema_context(opd_a.schema):
        pk = _tandatangani(pk_buat_draft(2031))
        assert pk.status == "ditandatangani" and pk.beku
        pesan = (
            "PK 2031 v1 sudah ditandatangani dan tidak dapat diubah lagi; buat PK perubahan bila "
            "target berubah."
        )
        pk.alasan_perubahan = "ubah diam-diam"
        with pytest.raises(PkBeku) as exc:
            pk_simpan(pk)
        assert exc.value.messages == [pesan]
        item = pk.item.get(iku__kode="IKU-A")
        item.target = D(1)
        with pytest.raises(PkBeku):
            pk_item_simpan(item)
        # Any other code path meets the model guard (savepoints: a refused delete inside
        # Django's own atomic block marks the enclosing transaction for rollback).
        with pytest.raises(PkBeku), transaction.atomic():
            item.save()
        with pytest.raises(PkBeku), transaction.atomic():
            item.delete()
        with pytest.raises(PkBeku), transaction.atomic():
            PerjanjianKinerjaItem(pk_dokumen=pk, iku=dua_iku[1], satuan="%").save()
        with pytest.raises(PkBeku):
            pk_hapus_draf(pk)
        with pytest.raises(PkBeku), transaction.atomic():
            PerjanjianKinerja.objects.get(pk=pk.pk).delete()
        with pytest.raises(ValidationError):
            _tandatangani(pk)
        stored = PerjanjianKinerja.objects.get(pk=pk.pk)
        assert stored.alasan_perubahan == ""
        assert stored.item.get(iku__kode="IKU-A").target == D(80)
        assert stored.item.count() == 2


def test_sign_needs_fields_and_a_plausible_date(dua_iku, opd_a):
    from kinerja.opd.services import pk_buat_draft, pk_tandatangani

    with schema_context(opd_a.schema):
        pk = pk_buat_draft(2031)
        with pytest.raises(ValidationError) as exc:
            pk_tandatangani(pk, " ", "", None, _user("kepala"))
        assert exc.value.message_dict == {
            "penandatangan": ["Nama penandatangan wajib diisi."],
            "jabatan_penandatangan": ["Jabatan penandatangan wajib diisi."],
            "tanggal_tanda_tangan": ["Tanggal tanda tangan wajib diisi."],
        }
        with pytest.raises(ValidationError) as exc:
            _tandatangani(pk, tanggal=dt.date(2035, 1, 2))
        assert exc.value.message_dict["tanggal_tanda_tangan"] == [
            "Tanggal tanda tangan 02-01-2035 tidak wajar untuk PK 2031; gunakan tanggal pada "
            "tahun 2030 atau 2031."
        ]
        pk.refresh_from_db()
        assert pk.status == "draft"


def test_operator_cannot_sign_but_kepala_and_admin_can(dua_iku, opd_a):
    from kinerja.opd.services import pk_buat_draft

    with schema_context(opd_a.schema):
        pk = pk_buat_draft(2031)
        with pytest.raises(PermissionDenied):
            _tandatangani(pk, "operator")
        pk.refresh_from_db()
        assert pk.status == "draft"
        assert _user("kepala").has_perm("opd.tandatangani_pk")
        assert _user("admin").has_perm("opd.tandatangani_pk")
        assert _tandatangani(pk, "admin").status == "ditandatangani"


def test_perubahan_creates_new_version_and_keeps_old_readable(dua_iku, opd_a):
    from kinerja.opd.models import PerjanjianKinerja
    from kinerja.opd.selectors import pk_berlaku, pk_draf
    from kinerja.opd.services import pk_buat_draft, pk_perubahan

    with schema_context(opd_a.schema):
        v1 = _tandatangani(pk_buat_draft(2031))
        with pytest.raises(ValidationError) as exc:
            pk_perubahan(v1, "  ", _user("admin"))
        assert exc.value.message_dict == {"alasan_perubahan": ["Alasan perubahan wajib diisi."]}
        v2 = pk_perubahan(v1, "Pergantian kepala dinas", _user("admin"))
        assert (v2.versi, v2.status, v2.alasan_perubahan) == (2, "draft", "Pergantian kepala dinas")
        assert str(v2) == "PK 2031 v2 (perubahan)"
        old = PerjanjianKinerja.objects.get(pk=v1.pk)
        assert old.status == "diganti"
        assert old.item.count() == 2 and old.penandatangan == "dr. Uji, M.Kes"
        assert sorted(v2.item.values_list("iku__kode", "target")) == sorted(
            old.item.values_list("iku__kode", "target")
        )
        assert pk_draf(2031) == v2 and pk_berlaku(2031) is None
        with pytest.raises(ValidationError) as exc:  # one draft per year
            pk_perubahan(old, "lagi", _user("admin"))
        assert "Hanya PK yang sudah ditandatangani" in exc.value.messages[0]
        with pytest.raises(ValidationError) as exc:
            pk_buat_draft(2031)
        assert "Sudah ada draf PK 2031" in exc.value.messages[0]
        # the new version can be edited and signed, the old stays frozen
        item = v2.item.get(iku__kode="IKU-A")
        item.target = D(85)
        item.save()
        v2 = _tandatangani(v2)
        assert pk_berlaku(2031) == v2
        assert PerjanjianKinerja.objects.get(pk=v1.pk).item.get(iku__kode="IKU-A").target == 80


def test_deleting_a_perubahan_draft_restores_the_signed_version(dua_iku, opd_a):
    from kinerja.opd.selectors import pk_berlaku
    from kinerja.opd.services import pk_buat_draft, pk_hapus_draf, pk_perubahan

    with schema_context(opd_a.schema):
        v1 = _tandatangani(pk_buat_draft(2031))
        v2 = pk_perubahan(v1, "Batal nanti")
        pk_hapus_draf(v2)
        assert pk_berlaku(2031) == v1


def test_draft_item_rules(dua_iku, opd_a):
    from kinerja.opd.services import pk_buat_draft, pk_item_simpan

    with schema_context(opd_a.schema):
        pk = pk_buat_draft(2031)
        item = pk.item.get(iku__kode="IKU-B")
        item.target, item.target_max = D(9), D(7)
        with pytest.raises(ValidationError) as exc:
            pk_item_simpan(item)
        assert exc.value.message_dict["target"] == [
            "Butir IKU-B: batas bawah (9) harus ≤ batas atas (7)."
        ]


# --- permissions -----------------------------------------------------------------------------


def test_permissions_per_role(izin, opd_a):
    from kinerja.opd.services import opd_permissions_ensure

    with schema_context(opd_a.schema):
        hasil = opd_permissions_ensure()  # idempotent
        assert hasil == opd_permissions_ensure()
        operator, kepala, admin = _user("operator"), _user("kepala"), _user("admin")
        for perm in (
            "add_iku",
            "change_iku",
            "view_iku",
            "add_targetiku",
            "change_renstra",
            "add_sasaranstrategis",
            "view_perjanjiankinerja",
        ):
            assert operator.has_perm(f"opd.{perm}"), perm
        assert not operator.has_perm("opd.tandatangani_pk")
        assert not operator.has_perm("opd.delete_iku")
        assert kepala.has_perm("opd.view_iku") and kepala.has_perm("opd.tandatangani_pk")
        assert not kepala.has_perm("opd.change_iku")
        assert admin.has_perm("opd.delete_perjanjiankinerja")
        assert admin.has_perm("opd.tandatangani_pk")


def test_permissions_refused_in_public_schema(db):
    from kinerja.opd.services import opd_permissions_ensure

    with schema_context("public"), pytest.raises(RuntimeError):
        opd_permissions_ensure()

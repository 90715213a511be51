"""Loads the demo province: registry, users, and the Kinerja core (RPJMD, IKD, predikat, jadwal,
and every OPD's Renstra, IKU, targets and PK). Idempotent: a second run changes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django_tenants.utils import schema_context

from kinerja.daerah.models import (
    IndikatorDaerah,
    JadwalPelaporan,
    MisiRpjmd,
    PeriodeRpjmd,
    RealisasiDaerah,
    SasaranRpjmd,
    SkalaKualitatif,
    TargetDaerah,
    TingkatKualitatif,
    TujuanRpjmd,
)
from kinerja.demo import iku as iku_data
from kinerja.demo import rpjmd
from kinerja.demo.data import (
    BAPPEDA_USERS,
    OPD_USERS,
    OPDS,
    SHOWCASE_OPDS,
    DemoOpd,
    demo_password,
    opd_domain,
)
from kinerja.engine.jadwal import jendela_default
from kinerja.opd.models import (
    Iku,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    RealisasiIku,
    Renstra,
    SasaranStrategis,
    TargetIku,
    TujuanRenstra,
)
from tenants import roles
from tenants.models import Opd
from tenants.services import base_schema_ensure, opd_provision, public_setup


def _users_ensure(schema: str, users: tuple[tuple[str, str], ...], groups: dict) -> None:
    user_model = get_user_model()
    for username, role in users:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": role, "email": f"{username.replace('.', '-')}@{schema}.demo"},
        )
        if created or not user.has_usable_password():
            user.set_password(demo_password(schema, username))
            if role == roles.ADMIN_BAPPEDA:
                # Bappeda's administrator runs the whole province portal and registry.
                user.is_superuser = True
                user.is_staff = True
            user.save()
        user.groups.add(groups[role])


def demo_seed(
    *, log: Callable[[str], None] = print, opds: tuple[DemoOpd, ...] = OPDS
) -> dict[str, int]:
    """Public tenant + portal, Bappeda users, every Kaltara OPD with its demo users, and the
    Kinerja core data (:func:`kinerja_seed`) for the province and the given OPDs."""
    public_setup(settings.PUBLIC_DOMAIN, extra_domains=("127.0.0.1",))
    base_schema_ensure()
    _users_ensure("public", BAPPEDA_USERS, roles.bappeda_groups_ensure())
    existing = set(Opd.objects.values_list("schema_name", flat=True))
    created = 0
    for opd in opds:
        if opd.schema not in existing:
            result = opd_provision(
                schema=opd.schema,
                nama=opd.nama,
                singkatan=opd.singkatan,
                domain=opd_domain(opd.schema, settings.OPD_DOMAIN_SUFFIX),
                kode=opd.kode,
                jenis=opd.jenis,
                admin_username="admin",
                admin_password=demo_password(opd.schema, "admin"),
            )
            created += 1
            log(f"  + {opd.schema:<15} {opd.nama} ({result.seconds:.1f} s)")
        with schema_context(opd.schema):
            _users_ensure(opd.schema, OPD_USERS, roles.opd_groups_ensure())
    connection.set_schema_to_public()
    kinerja_seed(opds=opds, log=log)
    from kinerja.demo.realisasi import realisasi_seed

    realisasi_seed(opds, log=log)
    from kinerja.pages.services import demo_pages_seed

    demo_pages_seed(opds=opds, log=log)
    return {"opd_created": created, "opd_total": len(opds)}


def demo_is_seeded() -> bool:
    """Every demo OPD is registered and the Kinerja core is loaded (the RPJMD in public, a
    Renstra in each OPD schema), so a database seeded before the core existed gets it too."""
    connection.set_schema_to_public()
    schemas = set(Opd.objects.values_list("schema_name", flat=True))
    if not all(opd.schema in schemas for opd in OPDS):
        return False
    if not PeriodeRpjmd.objects.filter(
        tahun_awal=rpjmd.TAHUN_AWAL, tahun_akhir=rpjmd.TAHUN_AKHIR
    ).exists():
        return False
    try:
        for opd in OPDS:
            with schema_context(opd.schema):
                if not Renstra.objects.exists():
                    return False
                if opd.schema in SHOWCASE_OPDS and not RealisasiIku.objects.exists():
                    return False
    finally:
        connection.set_schema_to_public()
    from kinerja.pages.services import demo_pages_lengkap

    return demo_pages_lengkap()


# ---------------------------------------------------------------------------------------------
# Kinerja core: RPJMD cascade and IKD (public schema), Renstra/IKU/targets/PK (OPD schemas).
# Written through the ORM directly (the daerah/opd service layers are developed in parallel).
# Definitions are upserted by natural key and only saved when a value differs, so a second run
# writes nothing; operational data (Bappeda realisasi, a signed PK, predikat bands, scale
# levels) is only created when missing, never overwritten.
# ---------------------------------------------------------------------------------------------

WITA = ZoneInfo("Asia/Makassar")
TAHUN_JADWAL: tuple[int, ...] = (2025, 2026)
_CLEAN = {"validate_unique": False, "validate_constraints": False}


def _dec(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _changed(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set the differing values on ``obj``; returns the changed field names."""
    changed = []
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed


def _sync(
    model: type[models.Model],
    existing: dict[Any, Any],
    desired: dict[Any, dict[str, Any]],
    stats: Counter[str],
    *,
    clean_exclude: tuple[str, ...] | None = None,
) -> dict[Any, Any]:
    """Create missing and update differing rows of ``model`` (keyed by natural key) in bulk.

    ``clean_exclude`` runs ``full_clean`` (field validation only, relations excluded) on the new
    and changed rows; None skips it."""
    result: dict[Any, Any] = {}
    to_create, to_update, fields = [], [], set()
    for key, values in desired.items():
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            to_create.append(obj)
        else:
            changed = _changed(obj, values)
            if not changed:
                result[key] = obj
                continue
            to_update.append(obj)
            fields.update(changed)
        if clean_exclude is not None:
            obj.full_clean(exclude=list(clean_exclude), **_CLEAN)
        result[key] = obj
    name = model._meta.model_name
    if to_create:
        model._default_manager.bulk_create(to_create)
        stats[f"{name}_dibuat"] += len(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(fields))
        stats[f"{name}_diubah"] += len(to_update)
    return result


class _Public(NamedTuple):
    periode_id: int
    sasaran_ids: dict[str, int]
    ikd_ids: dict[str, int]
    skala_ids: dict[str, int]


def _skala_ensure(stats: Counter[str]) -> dict[str, int]:
    ids = {}
    for nama, tingkat in rpjmd.SKALA:
        skala, created = SkalaKualitatif.objects.get_or_create(nama=nama)
        stats["skalakualitatif_dibuat"] += created
        have = list(TingkatKualitatif.objects.filter(skala=skala))
        labels, scores = {t.label for t in have}, {t.skor for t in have}
        missing = [
            TingkatKualitatif(skala=skala, label=label, skor=skor)
            for label, skor in tingkat
            if label not in labels and skor not in scores
        ]
        TingkatKualitatif.objects.bulk_create(missing)
        stats["tingkatkualitatif_dibuat"] += len(missing)
        ids[nama] = skala.pk
    return ids


def _rpjmd_ensure(skala_ids: dict[str, int], stats: Counter[str]) -> _Public:
    values = dict(rpjmd.PERIODE)
    periode = PeriodeRpjmd.objects.filter(
        tahun_awal=values["tahun_awal"], tahun_akhir=values["tahun_akhir"]
    ).first()
    if periode is None:
        # Active on creation only: whether it stays active is Bappeda's call.
        periode = PeriodeRpjmd(**values, aktif=True)
        periode.full_clean()
        periode.save()
        stats["perioderpjmd_dibuat"] += 1
    elif changed := _changed(periode, values):
        periode.full_clean()
        periode.save(update_fields=changed)
        stats["perioderpjmd_diubah"] += 1

    misi = _sync(
        MisiRpjmd,
        {m.nomor: m for m in MisiRpjmd.objects.filter(periode=periode)},
        {
            m.nomor: {"periode_id": periode.pk, "nomor": m.nomor, "uraian": m.uraian}
            for m in rpjmd.MISI
        },
        stats,
        clean_exclude=("periode",),
    )
    tujuan_desired = {
        (misi[m.nomor].pk, t.kode): {
            "misi_id": misi[m.nomor].pk,
            "kode": t.kode,
            "uraian": t.uraian,
        }
        for m in rpjmd.MISI
        for t in m.tujuan
    }
    tujuan = _sync(
        TujuanRpjmd,
        {(t.misi_id, t.kode): t for t in TujuanRpjmd.objects.filter(misi__periode=periode)},
        tujuan_desired,
        stats,
        clean_exclude=("misi",),
    )
    tujuan_ids = {kode: obj.pk for (_, kode), obj in tujuan.items()}
    sasaran = _sync(
        SasaranRpjmd,
        {
            (s.tujuan_id, s.kode): s
            for s in SasaranRpjmd.objects.filter(tujuan__misi__periode=periode)
        },
        {
            (tujuan_ids[t.kode], s.kode): {
                "tujuan_id": tujuan_ids[t.kode],
                "kode": s.kode,
                "uraian": s.uraian,
            }
            for m in rpjmd.MISI
            for t in m.tujuan
            for s in t.sasaran
        },
        stats,
        clean_exclude=("tujuan",),
    )
    sasaran_ids = {kode: obj.pk for (_, kode), obj in sasaran.items()}

    schemas = {i.opd for i in rpjmd.INDIKATOR}
    opd_ids = dict(Opd.objects.filter(schema_name__in=schemas).values_list("schema_name", "pk"))
    desired = {}
    for ind in rpjmd.INDIKATOR:
        kualitatif = ind.polaritas == "kualitatif"
        desired[ind.kode] = {
            "periode_id": periode.pk,
            "tujuan_id": tujuan_ids[ind.induk] if ind.induk.startswith("T") else None,
            "sasaran_id": sasaran_ids[ind.induk] if ind.induk.startswith("S") else None,
            "kode": ind.kode,
            "nama": ind.nama,
            "formula": ind.formula,
            "satuan": ind.satuan,
            "jenis": ind.jenis,
            "polaritas": ind.polaritas,
            "tipe_perhitungan": ind.tipe_perhitungan,
            "skala_id": skala_ids[ind.skala] if ind.skala else None,
            "is_ikd": ind.is_ikd,
            "aspek": ind.aspek,
            "bidang_urusan": ind.bidang_urusan,
            "sumber_data": ind.sumber_data,
            "sumber_nilai": ind.sumber_nilai,
            "opd_penanggung_jawab_id": opd_ids.get(ind.opd),
            "kondisi_awal": None if kualitatif else _dec(ind.kondisi_awal),
            "kondisi_awal_kualitatif": ind.kondisi_awal if kualitatif else "",
            "target_akhir": None if kualitatif else _dec(ind.target_akhir),
            "target_akhir_max": _dec(ind.target_max[-1]) if ind.target_max else None,
            "target_akhir_kualitatif": ind.target_akhir if kualitatif else "",
        }
    indikator = _sync(
        IndikatorDaerah,
        {i.kode: i for i in IndikatorDaerah.objects.filter(periode=periode)},
        desired,
        stats,
        clean_exclude=("periode", "tujuan", "sasaran", "skala", "opd_penanggung_jawab"),
    )

    targets, realisasi = {}, {}
    for ind in rpjmd.INDIKATOR:
        pk = indikator[ind.kode].pk
        kualitatif = ind.polaritas == "kualitatif"
        for i, tahun in enumerate(rpjmd.TAHUN):
            targets[(pk, tahun)] = {
                "indikator_id": pk,
                "tahun": tahun,
                "nilai": None if kualitatif else _dec(ind.target[i]),
                "nilai_max": _dec(ind.target_max[i]) if ind.target_max else None,
                "nilai_kualitatif": ind.target[i] if kualitatif else "",
            }
        for tahun, nilai in zip(rpjmd.TAHUN_REALISASI, ind.realisasi, strict=False):
            realisasi[(pk, tahun)] = {
                "indikator_id": pk,
                "tahun": tahun,
                "nilai": None if kualitatif else _dec(nilai),
                "nilai_kualitatif": nilai if kualitatif else "",
                "sumber": RealisasiDaerah.Sumber.BAPPEDA,
                "catatan": "Data demo (ilustratif, bukan rilis resmi BPS).",
            }
    _sync(
        TargetDaerah,
        {
            (t.indikator_id, t.tahun): t
            for t in TargetDaerah.objects.filter(indikator__periode=periode)
        },
        targets,
        stats,
    )
    # Realisasi is operational data: only missing years are filled in, never overwritten.
    have = set(
        RealisasiDaerah.objects.filter(indikator__periode=periode).values_list(
            "indikator_id", "tahun"
        )
    )
    missing = [RealisasiDaerah(**v) for k, v in realisasi.items() if k not in have]
    RealisasiDaerah.objects.bulk_create(missing)
    stats["realisasidaerah_dibuat"] += len(missing)
    return _Public(
        periode.pk,
        sasaran_ids,
        {k: obj.pk for k, obj in indikator.items() if obj.is_ikd},
        skala_ids,
    )


def _jadwal_ensure(stats: Counter[str]) -> None:
    desired = {}
    for tahun in TAHUN_JADWAL:
        for triwulan in (1, 2, 3, 4):
            buka, batas, kunci = jendela_default(tahun, triwulan)
            desired[(tahun, triwulan)] = {
                "tahun": tahun,
                "triwulan": triwulan,
                "tanggal_buka": buka,
                "batas_waktu": batas,
                "tanggal_kunci": kunci,
            }
    # Schedules are operational data: created when missing, never reset (the demo realisasi
    # keeps the current quarter's window open, Bappeda may have moved dates).
    existing = set(
        JadwalPelaporan.objects.filter(tahun__in=TAHUN_JADWAL).values_list("tahun", "triwulan")
    )
    desired = {k: v for k, v in desired.items() if k not in existing}
    _sync(
        JadwalPelaporan,
        {},
        desired,
        stats,
        clean_exclude=(),
    )


def _opd_kinerja_ensure(opd: DemoOpd, public: _Public, stats: Counter[str]) -> None:
    """Renstra → tujuan → sasaran → IKU → yearly and quarterly targets, plus the signed PK of
    TAHUN_PK, in the current (OPD) schema."""
    demo = iku_data.RENSTRA_BY_SCHEMA.get(opd.schema)
    if demo is None:
        return
    values = {
        "periode_rpjmd_id": public.periode_id,
        "nama": demo.nama,
        "tahun_awal": demo.tahun_awal,
        "tahun_akhir": demo.tahun_akhir,
        "visi": demo.visi,
        "misi": demo.misi,
    }
    renstra = _sync(
        Renstra,
        {
            (r.tahun_awal, r.tahun_akhir): r
            for r in Renstra.objects.filter(
                tahun_awal=demo.tahun_awal, tahun_akhir=demo.tahun_akhir
            )
        },
        {(demo.tahun_awal, demo.tahun_akhir): values},
        stats,
        clean_exclude=("periode_rpjmd",),
    )[(demo.tahun_awal, demo.tahun_akhir)]
    tujuan = _sync(
        TujuanRenstra,
        {t.kode: t for t in TujuanRenstra.objects.filter(renstra=renstra)},
        {
            t.kode: {"renstra_id": renstra.pk, "kode": t.kode, "uraian": t.uraian}
            for t in demo.tujuan
        },
        stats,
        clean_exclude=("renstra",),
    )
    sasaran = _sync(
        SasaranStrategis,
        {
            s.kode: s
            for s in SasaranStrategis.objects.filter(kode__in=[s.kode for s in demo.sasaran])
        },
        {
            s.kode: {
                "tujuan_id": tujuan[t.kode].pk,
                "kode": s.kode,
                "uraian": s.uraian,
                "sasaran_rpjmd_id": public.sasaran_ids[s.sasaran_rpjmd],
            }
            for t in demo.tujuan
            for s in t.sasaran
        },
        stats,
        clean_exclude=("tujuan", "sasaran_rpjmd"),
    )
    desired = {}
    for s in demo.sasaran:
        for i in s.iku:
            desired[i.kode] = {
                "sasaran_id": sasaran[s.kode].pk,
                "kode": i.kode,
                "nama": i.nama,
                "formula": i.formula,
                "satuan": i.satuan,
                "jenis": i.jenis,
                "polaritas": i.polaritas,
                "tipe_perhitungan": i.tipe,
                "skala_id": public.skala_ids[i.skala] if i.skala else None,
                "sumber_data": i.sumber_data or f"Laporan kinerja {opd.singkatan}",
                "penanggung_jawab": f"Kepala {opd.singkatan}",
                "baseline": None if i.kualitatif else _dec(i.baseline),
                "baseline_kualitatif": i.baseline if i.kualitatif else "",
                "ikd_id": public.ikd_ids[i.ikd] if i.ikd else None,
            }
    iku = _sync(
        Iku,
        {i.kode: i for i in Iku.objects.filter(kode__in=list(desired))},
        desired,
        stats,
        clean_exclude=("sasaran", "skala", "ikd"),
    )
    targets = {}
    for i in demo.iku:
        pk = iku[i.kode].pk
        for index, tahun in enumerate(demo.tahun):
            periods = [(None, iku_data.target_tahunan(i, index))]
            periods += list(zip((1, 2, 3, 4), iku_data.target_triwulan(i, index), strict=True))
            for triwulan, nilai in periods:
                targets[(pk, tahun, triwulan)] = {
                    "iku_id": pk,
                    "tahun": tahun,
                    "triwulan": triwulan,
                    "nilai": nilai.nilai,
                    "nilai_max": nilai.nilai_max,
                    "nilai_kualitatif": nilai.kualitatif,
                }
    _sync(
        TargetIku,
        {
            (t.iku_id, t.tahun, t.triwulan): t
            for t in TargetIku.objects.filter(iku_id__in=[o.pk for o in iku.values()])
        },
        targets,
        stats,
    )
    _pk_ensure(opd, demo, iku, stats)


def _pk_ensure(
    opd: DemoOpd, demo: iku_data.RenstraDemo, iku: dict[str, Iku], stats: Counter[str]
) -> None:
    """A signed PK of TAHUN_PK (version 1) whose items copy that year's IKU targets. A signed
    PK is frozen: an existing one is left untouched."""
    tahun = iku_data.TAHUN_PK
    if tahun not in demo.tahun or PerjanjianKinerja.objects.filter(tahun=tahun, versi=1).exists():
        return
    dokumen = PerjanjianKinerja.objects.create(
        tahun=tahun,
        versi=1,
        status=PerjanjianKinerja.Status.DITANDATANGANI,
        penandatangan=f"Kepala {opd.singkatan} (demo)",
        jabatan_penandatangan=f"Kepala {opd.nama}"[:150],
        tanggal_tanda_tangan=date(tahun, 1, 31),
    )
    index = demo.tahun.index(tahun)
    items = []
    for i in demo.iku:
        nilai = iku_data.target_tahunan(i, index)
        items.append(
            PerjanjianKinerjaItem(
                pk_dokumen=dokumen,
                iku=iku[i.kode],
                target=nilai.nilai,
                target_max=nilai.nilai_max,
                target_kualitatif=nilai.kualitatif,
                satuan=i.satuan,
            )
        )
    PerjanjianKinerjaItem.objects.bulk_create(items)
    stats["perjanjiankinerja_dibuat"] += 1
    stats["perjanjiankinerjaitem_dibuat"] += len(items)


def kinerja_seed(
    *, opds: tuple[DemoOpd, ...] = OPDS, log: Callable[[str], None] = print
) -> Counter[str]:
    """The Kinerja core of the demo: the province's RPJMD/IKD/scales/predikat/jadwal, then the
    Renstra, IKU, targets and PK of each given OPD (whose schemas must exist). Returns the
    number of rows created (``<model>_dibuat``) and updated (``<model>_diubah``)."""
    stats: Counter[str] = Counter()
    connection.set_schema_to_public()
    with transaction.atomic():
        skala_ids = _skala_ensure(stats)
        public = _rpjmd_ensure(skala_ids, stats)
        _jadwal_ensure(stats)
    for opd in opds:
        with schema_context(opd.schema), transaction.atomic():
            _opd_kinerja_ensure(opd, public, stats)
    connection.set_schema_to_public()
    dibuat = sum(v for k, v in stats.items() if k.endswith("_dibuat"))
    diubah = sum(v for k, v in stats.items() if k.endswith("_diubah"))
    log(f"  Kinerja: {dibuat} baris dibuat, {diubah} diperbarui.")
    return stats

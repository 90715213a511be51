"""Demo province data: the Perangkat Daerah of Provinsi Kalimantan Utara (Perda Provinsi
Kalimantan Utara Nomor 5 Tahun 2016 and its amendments). Names are real; the ``kode`` values are
illustrative registry codes. Pure data, no Django import (the stack banner reads it too).
"""

from __future__ import annotations

from typing import NamedTuple


class DemoOpd(NamedTuple):
    schema: str
    kode: str
    nama: str
    singkatan: str
    jenis: str


OPDS: tuple[DemoOpd, ...] = (
    DemoOpd(
        "setda", "4.01.01", "Sekretariat Daerah Provinsi Kalimantan Utara", "SETDA", "sekretariat"
    ),
    DemoOpd(
        "setwan", "4.02.01", "Sekretariat Dewan Perwakilan Rakyat Daerah", "SETWAN", "sekretariat"
    ),
    DemoOpd("inspektorat", "6.01.01", "Inspektorat Daerah", "ITDA", "inspektorat"),
    DemoOpd(
        "bappeda",
        "5.01.01",
        "Badan Perencanaan Pembangunan Daerah dan Penelitian dan Pengembangan",
        "BAPPEDA-LITBANG",
        "badan",
    ),
    DemoOpd("bpkad", "5.02.01", "Badan Pengelola Keuangan dan Aset Daerah", "BPKAD", "badan"),
    DemoOpd("bapenda", "5.02.02", "Badan Pendapatan Daerah", "BAPENDA", "badan"),
    DemoOpd("bkd", "5.03.01", "Badan Kepegawaian Daerah", "BKD", "badan"),
    DemoOpd("bpsdm", "5.04.01", "Badan Pengembangan Sumber Daya Manusia", "BPSDM", "badan"),
    DemoOpd("kesbangpol", "8.01.01", "Badan Kesatuan Bangsa dan Politik", "KESBANGPOL", "badan"),
    DemoOpd("bpbd", "1.05.02", "Badan Penanggulangan Bencana Daerah", "BPBD", "badan"),
    DemoOpd("bpp", "5.06.01", "Badan Pengelola Perbatasan Daerah", "BPPD", "badan"),
    DemoOpd("disdikbud", "1.01.01", "Dinas Pendidikan dan Kebudayaan", "DISDIKBUD", "dinas"),
    DemoOpd("dinkes", "1.02.01", "Dinas Kesehatan", "DINKES", "dinas"),
    DemoOpd(
        "dpupr",
        "1.03.01",
        "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "DPUPR-PERKIM",
        "dinas",
    ),
    DemoOpd("satpolpp", "1.05.01", "Satuan Polisi Pamong Praja", "SATPOL PP", "satuan"),
    DemoOpd("dinsos", "1.06.01", "Dinas Sosial", "DINSOS", "dinas"),
    DemoOpd(
        "disnakertrans", "2.07.01", "Dinas Tenaga Kerja dan Transmigrasi", "DISNAKERTRANS", "dinas"
    ),
    DemoOpd(
        "dp3ap2kb",
        "2.08.01",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        "DP3AP2KB",
        "dinas",
    ),
    DemoOpd("dlh", "2.11.01", "Dinas Lingkungan Hidup", "DLH", "dinas"),
    DemoOpd(
        "dpmd",
        "2.13.01",
        "Dinas Pemberdayaan Masyarakat dan Desa, Kependudukan dan Pencatatan Sipil",
        "DPMD-DUKCAPIL",
        "dinas",
    ),
    DemoOpd("dishub", "2.15.01", "Dinas Perhubungan", "DISHUB", "dinas"),
    DemoOpd(
        "diskominfo",
        "2.16.01",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "DKISP",
        "dinas",
    ),
    DemoOpd(
        "dpmptsp",
        "2.18.01",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        "dinas",
    ),
    DemoOpd("dispora", "2.19.01", "Dinas Kepemudaan dan Olahraga", "DISPORA", "dinas"),
    DemoOpd("dpk", "2.23.01", "Dinas Perpustakaan dan Kearsipan", "DPK", "dinas"),
    DemoOpd("dkp", "3.25.01", "Dinas Kelautan dan Perikanan", "DKP", "dinas"),
    DemoOpd("dispar", "3.26.01", "Dinas Pariwisata", "DISPAR", "dinas"),
    DemoOpd("dpkp", "3.27.01", "Dinas Pertanian dan Ketahanan Pangan", "DPKP", "dinas"),
    DemoOpd("dishut", "3.28.01", "Dinas Kehutanan", "DISHUT", "dinas"),
    DemoOpd("desdm", "3.29.01", "Dinas Energi dan Sumber Daya Mineral", "DESDM", "dinas"),
    DemoOpd(
        "disperindagkop",
        "3.30.01",
        "Dinas Perindustrian, Perdagangan, Koperasi dan Usaha Kecil Menengah",
        "DISPERINDAGKOP-UKM",
        "dinas",
    ),
    DemoOpd(
        "rsud", "1.02.02", "Rumah Sakit Umum Daerah dr. H. Jusuf SK", "RSUD JUSUF SK", "rumah_sakit"
    ),
)

# Shown first in the `make run` banner.
SHOWCASE_OPDS: tuple[str, ...] = ("dinkes", "disdikbud")

# (username, role group) — role names match tenants.roles.
BAPPEDA_USERS: tuple[tuple[str, str], ...] = (
    ("bappeda.admin", "Admin Bappeda"),
    ("bappeda.verifikator", "Verifikator Bappeda"),
)
OPD_USERS: tuple[tuple[str, str], ...] = (
    ("admin", "Admin OPD"),
    ("operator", "Operator"),
    ("kepala", "Kepala OPD"),
)


def demo_password(schema: str, username: str) -> str:
    """Demo-only passwords, different per OPD so one OPD's login never works on another's
    domain even for the same username. Printed by ``make run``; never used outside the demo."""
    return f"Demo-{schema}-{username}-2026"


def opd_domain(schema: str, suffix: str = "localhost") -> str:
    return f"{schema}.{suffix}"

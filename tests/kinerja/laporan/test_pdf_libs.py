"""config.stack.pdf_libs_ensure: installs Pango (and a font) with apt only when missing, is never
fatal, and runs before both `make run` and `make test`."""

from __future__ import annotations

import ctypes.util
import inspect

import config.stack as stack


def test_nothing_to_do_when_present(monkeypatch):
    panggilan: list[list[str]] = []
    monkeypatch.setattr(ctypes.util, "find_library", lambda nama: f"lib{nama}.so.0")
    monkeypatch.setattr(stack, "PDF_FONT_FILES", (stack.Path(__file__),))
    monkeypatch.setattr(stack, "_run_logged", lambda cmd, log: panggilan.append(cmd) or True)
    assert stack.pdf_libs_ensure() is True
    assert panggilan == []


def test_installs_missing_packages_with_apt(monkeypatch, tmp_path):
    terpasang: set[str] = set()
    panggilan: list[list[str]] = []

    def cari(nama: str) -> str | None:
        return f"lib{nama}.so.0" if stack.PDF_LIBS[nama] in terpasang else None

    def jalankan(cmd: list[str], log) -> bool:
        panggilan.append(cmd)
        if "install" in cmd:
            terpasang.update(c for c in cmd if c.startswith("lib"))
        return True

    monkeypatch.setattr(ctypes.util, "find_library", cari)
    monkeypatch.setattr(stack, "PDF_FONT_FILES", (stack.Path(__file__),))
    monkeypatch.setattr(stack, "_run_logged", jalankan)
    monkeypatch.setattr(stack, "VAR", tmp_path)
    assert stack.pdf_libs_ensure() is True
    assert len(panggilan) == 1
    assert panggilan[0][-2:] == ["libpango-1.0-0", "libpangoft2-1.0-0"]
    assert "apt-get" in panggilan[0]


def test_failure_is_not_fatal(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(ctypes.util, "find_library", lambda nama: None)
    monkeypatch.setattr(stack, "PDF_FONT_FILES", (tmp_path / "tidak-ada.ttf",))
    monkeypatch.setattr(stack, "_run_logged", lambda cmd, log: False)
    monkeypatch.setattr(stack, "VAR", tmp_path)
    assert stack.pdf_libs_ensure() is False
    keluaran = capsys.readouterr().out
    assert "FAILED" in keluaran and "fonts-dejavu-core" in keluaran


def test_called_by_run_and_test():
    assert "pdf_libs_ensure()" in inspect.getsource(stack.cmd_run)
    assert "pdf_libs_ensure()" in inspect.getsource(stack.cmd_test)

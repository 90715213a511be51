/*
 * Pelaporan Realisasi (triwulan grid): live capaian preview, confirmation of the whole-triwulan
 * actions and a guard against double submission. Plain JavaScript, no build step, no CDN.
 *
 * The capaian is never computed here: every change is sent (debounced 300 ms) to the server's
 * preview endpoint, which uses the same selector and engine as the saved values.
 */
(function () {
  "use strict";

  var JEDA_MS = 300;

  function siap(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  siap(function () {
    var tabel = document.querySelector("[data-realisasi-grid]");
    var form = document.querySelector("[data-form-realisasi]");
    if (!tabel || !form) {
      return;
    }
    var url = tabel.getAttribute("data-url-pratinjau");
    var tahun = tabel.getAttribute("data-tahun");
    var triwulan = tabel.getAttribute("data-triwulan");
    var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
    var token = tokenInput ? tokenInput.value : "";
    var timer = {};
    var urutan = {};

    function isi(baris, selektor, teks) {
      var el = baris.querySelector(selektor);
      if (el) {
        el.textContent = teks;
      }
    }

    function tampilkan(baris, data) {
      isi(baris, "[data-capaian]", data.capaian || "—");
      isi(baris, "[data-predikat]", data.predikat || "—");
      isi(baris, "[data-rumus]", data.capaian ? data.formula : data.alasan || data.formula || "");
      baris.removeAttribute("data-pratinjau-galat");
    }

    function tampilkanGalat(baris, pesan) {
      isi(baris, "[data-capaian]", "—");
      isi(baris, "[data-predikat]", "—");
      isi(baris, "[data-rumus]", pesan);
      baris.setAttribute("data-pratinjau-galat", "");
    }

    function pratinjau(baris) {
      var id = baris.getAttribute("data-iku");
      var input = baris.querySelector("[data-pratinjau]");
      if (!input) {
        return;
      }
      var badan = new URLSearchParams();
      badan.append("tahun", tahun);
      badan.append("triwulan", triwulan);
      badan.append("iku_id", id);
      badan.append(input.getAttribute("data-pratinjau"), input.value);
      urutan[id] = (urutan[id] || 0) + 1;
      var nomor = urutan[id];
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "X-CSRFToken": token,
          "X-Requested-With": "XMLHttpRequest",
          "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
          Accept: "application/json",
        },
        body: badan.toString(),
      })
        .then(function (respons) {
          return respons
            .json()
            .catch(function () {
              return { pesan: "Pratinjau capaian tidak tersedia." };
            })
            .then(function (data) {
              return { ok: respons.ok, data: data };
            });
        })
        .then(function (hasil) {
          if (nomor !== urutan[id]) {
            return; // a newer request for this row is on its way
          }
          if (hasil.ok) {
            tampilkan(baris, hasil.data);
          } else {
            tampilkanGalat(baris, hasil.data.pesan || "Pratinjau capaian tidak tersedia.");
          }
        })
        .catch(function () {
          if (nomor === urutan[id]) {
            tampilkanGalat(baris, "Pratinjau capaian tidak tersedia (koneksi terputus).");
          }
        });
    }

    function jadwalkan(event) {
      var el = event.target;
      if (!el || !el.hasAttribute || !el.hasAttribute("data-pratinjau")) {
        return;
      }
      var baris = el.closest("tr[data-iku]");
      if (!baris) {
        return;
      }
      var id = baris.getAttribute("data-iku");
      window.clearTimeout(timer[id]);
      timer[id] = window.setTimeout(function () {
        pratinjau(baris);
      }, JEDA_MS);
    }

    tabel.addEventListener("input", jadwalkan);
    tabel.addEventListener("change", jadwalkan);

    // After a refused save the typed values are shown again: preview them at once.
    Array.prototype.forEach.call(
      tabel.querySelectorAll("tr[data-pratinjau-awal]"),
      function (baris) {
        pratinjau(baris);
      }
    );

    // Confirmation of the whole-triwulan actions.
    Array.prototype.forEach.call(
      form.querySelectorAll("button[data-konfirmasi]"),
      function (tombol) {
        tombol.addEventListener("click", function (event) {
          if (!window.confirm(tombol.getAttribute("data-konfirmasi"))) {
            event.preventDefault();
          }
        });
      }
    );

    // Double click: send the form once. (The server is idempotent anyway; this only spares a
    // second round trip.) Buttons are not disabled, so the clicked one's name/value is sent.
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-terkirim")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-terkirim", "1");
      window.setTimeout(function () {
        form.removeAttribute("data-terkirim");
      }, 10000);
    });
  });
})();

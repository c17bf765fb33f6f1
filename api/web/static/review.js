// The review panel by keyboard: where focus goes when htmx changes the panel (issue 22).
// Opening a student from the table moves focus to the panel's heading; after an action
// (the buttons may be gone) focus goes to the panel's status message, which says what
// happened; "Terug naar de tabel" goes back to that student's row. Focus never falls to <body>.
(function () {
  "use strict";
  var box = document.getElementById("paneel");
  if (!box) { return; }

  function focus(el) {
    if (!el) { return false; }
    el.focus();
    return document.activeElement === el;
  }

  function rowButton(rowId) {
    var row = rowId ? document.getElementById(rowId) : null;
    return row ? row.querySelector("button") : null;
  }

  function isPanel(evt) {
    var target = evt.detail && evt.detail.target;
    return !!target && target.id === "paneel-inhoud";
  }

  // Every panel answer fills the status out of band; one that does not (an error page's
  // fragment, e.g. after the session ended) must not leave the last message standing.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var status = document.getElementById("paneel-status");
    if (isPanel(evt) && status) { status.textContent = ""; }
  });

  document.addEventListener("htmx:afterSwap", function (evt) {
    if (!isPanel(evt)) { return; }
    var from = evt.detail.requestConfig && evt.detail.requestConfig.elt;
    var opened = from && from.closest && from.closest("#tabel");
    var status = document.getElementById("paneel-status");
    if (!opened && status && status.textContent.trim() && focus(status)) { return; }
    if (focus(document.getElementById("paneel-kop"))) { return; }
    var error = evt.detail.target.querySelector(".melding.fout");  // the error in its place
    if (error) { error.setAttribute("tabindex", "-1"); }
    focus(error) || focus(status);
  });

  // When a swap takes away the element that had focus (the table refreshed by a filter while
  // focus is on a row, a row replaced after an action), put focus on what took its place (the
  // same row's button, else the table's box) instead of leaving it on <body>.
  var lost = null;
  function remember(evt) {
    var target = evt.detail && evt.detail.target;
    var active = document.activeElement;
    if (target && active && active !== document.body && target.contains(active)) {
      var row = active.closest("tr[id]");
      lost = { target: target.id || "", row: row ? row.id : "" };
    }
  }
  function restore() {
    var was = lost;
    if (!was || (document.activeElement && document.activeElement !== document.body)) { return; }
    lost = null;
    if (was.row && focus(rowButton(was.row))) { return; }
    if (was.row || was.target === "tabel") { focus(document.getElementById("tabel-vak")); return; }
    if (box.contains(document.getElementById(was.target))) {
      focus(document.getElementById("paneel-kop")) || focus(document.getElementById("paneel-status"));
    }
  }
  document.addEventListener("htmx:beforeSwap", remember);
  document.addEventListener("htmx:oobBeforeSwap", remember);
  document.addEventListener("htmx:afterSwap", restore);
  document.addEventListener("htmx:oobAfterSwap", restore);
  document.addEventListener("htmx:afterSettle", function () { restore(); lost = null; });

  document.addEventListener("click", function (evt) {
    var link = evt.target && evt.target.closest ? evt.target.closest("#terug-naar-tabel") : null;
    if (!link) { return; }
    evt.preventDefault();
    // The row may be on another page of the table (or filtered out): then the table itself.
    focus(rowButton(link.dataset.rij)) || focus(document.getElementById("tabel-vak"));
  });
})();

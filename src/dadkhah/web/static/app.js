// dadkhah: keyboard shortcuts for the review queue. No inline scripts anywhere (the CSP
// forbids them); this file and htmx are the only scripts the pages load.
(function () {
  "use strict";

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr.claim-row"));
  }

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("tr.claim-row") : null;
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var at = all.indexOf(current());
    var next = all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + step))];
    next.focus();
  }

  function press(row, key) {
    var target = row && row.querySelector('[data-key="' + key + '"]');
    if (target) target.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (!document.getElementById("queue")) return;
    var row = current();
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": case "r": case "w": case "e": press(row, event.key); break;
      case "x":
        var box = row && row.querySelector('input[type="checkbox"]');
        if (box) box.checked = !box.checked;
        break;
      case "u":
        var undo = row && row.querySelector("button.undo");
        if (undo) undo.click(); else press(document, "u");
        break;
      default: return;
    }
    event.preventDefault();
  });

  // keep the reviewer's place: after htmx replaces a row, focus the new one
  document.addEventListener("htmx:afterSwap", function (event) {
    var row = event.detail && event.detail.target;
    var id = row && row.id;
    var fresh = id ? document.getElementById(id) : null;
    if (fresh && fresh.matches("tr.claim-row")) fresh.focus();
  });
})();

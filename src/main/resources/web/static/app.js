// AnyRouter dashboard: small enhancements over server-rendered pages. Every page works without
// this file; with it, dialogs open in place (htmx fills #dialog-body), the provider search filters
// as you type, and copy buttons copy. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";

  var opener = null;

  function dialog() {
    return document.getElementById("dialog");
  }

  function focusFirst(root) {
    var first = root.querySelector("[autofocus], input:not([type=hidden]), select, textarea, button, a[href]");
    if (first) first.focus();
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target && target.id === "dialog-body" && !(dialog() && dialog().open)) opener = document.activeElement;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "dialog-body") return;
    var d = dialog();
    if (!d.open) d.showModal();
    // After a refused Save, focus the reason (read out, and scrolled into view); otherwise the first field.
    var error = target.querySelector("[role=alert]");
    if (error) error.focus({ preventScroll: true }); else focusFirst(target);
    d.scrollTop = 0;
  });

  document.addEventListener("DOMContentLoaded", function () {
    var d = dialog();
    if (!d) return;
    d.addEventListener("close", function () {
      document.getElementById("dialog-body").textContent = "";
      if (opener && document.body.contains(opener)) opener.focus();
      opener = null;
    });
    // A click on the backdrop (outside the dialog's box) closes it, like Escape does.
    d.addEventListener("click", function (event) {
      if (event.target === d) d.close();
    });
    var search = document.querySelector("[data-filter]");
    if (search) filter(search);
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-close-dialog]");
    if (close && dialog() && dialog().open) {
      event.preventDefault();
      dialog().close();
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.querySelector(copy.getAttribute("data-copy"));
      if (source) copyText(source.textContent.trim(), copy);
    }
  });

  function copyText(text, button) {
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text) && done(); });
    } else if (fallbackCopy(text)) {
      done();
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-filter]");
    if (input) filter(input);
  });

  function filter(input) {
    var needle = input.value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll(input.getAttribute("data-filter")).forEach(function (card) {
      var match = !needle || (card.getAttribute("data-search") || "").indexOf(needle) !== -1;
      card.hidden = !match;
      if (match) shown++;
    });
    // A section whose every card is filtered out goes too, heading and all.
    document.querySelectorAll("[data-group]").forEach(function (group) {
      group.hidden = !group.querySelector(".provider-card:not([hidden])");
    });
    var none = document.getElementById("no-match");
    if (none) none.hidden = shown !== 0;
  }

  // A key file picker (a cloud's service-account JSON) fills the text area it names, in the browser:
  // the file is never uploaded as a file, only its text is sent with the form. Hidden until this
  // script runs, since without it the picker would do nothing; the text area takes a paste either way.
  function showPickers(root) {
    root.querySelectorAll("input[type=file][data-fill]").forEach(function (picker) { picker.hidden = false; });
  }

  document.addEventListener("DOMContentLoaded", function () { showPickers(document); });
  document.addEventListener("htmx:afterSwap", function (event) { if (event.detail.target) showPickers(event.detail.target); });

  document.addEventListener("change", function (event) {
    var picker = event.target.closest("input[type=file][data-fill]");
    if (!picker || !picker.files || !picker.files[0]) return;
    var area = document.querySelector(picker.getAttribute("data-fill"));
    var reader = new FileReader();
    reader.onload = function () { if (area) area.value = String(reader.result); };
    reader.readAsText(picker.files[0]);
  });
})();

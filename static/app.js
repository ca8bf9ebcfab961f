// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // A print button, shown only when JavaScript can use it.
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // "Copy the link": copies the link (answers and guide version) instead of following it.
  document.querySelectorAll(".js-copy-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) return;
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(function () {
        var status = link.parentNode.querySelector(".js-copy-status");
        if (status) status.textContent = link.dataset.copied;
      });
    });
  });
  // Closed sections would not print: open them all first.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (details) { details.open = true; });
  });
  // "None of these" unticks the others, and ticking another unticks it.
  document.querySelectorAll(".checkboxes").forEach(function (group) {
    var boxes = group.querySelectorAll('input[type="checkbox"]');
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        if (!box.checked) return;
        var exclusive = box.dataset.behaviour === "exclusive";
        boxes.forEach(function (other) {
          if (other !== box && (exclusive || other.dataset.behaviour === "exclusive")) other.checked = false;
        });
      });
    });
  });
  // Print catalogue: the preview follows the language chosen for the print.
  document.querySelectorAll("img[data-preview-for]").forEach(function (img) {
    var select = document.getElementById(img.dataset.previewFor);
    if (!select) return;
    select.addEventListener("change", function () {
      var src = img.getAttribute("data-preview-" + select.value);
      if (src) img.src = src;
    });
  });
  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();

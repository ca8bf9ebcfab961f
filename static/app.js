// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // A print button, shown only when JavaScript can use it.
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
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
  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();

// Quick exit from the get-help pages. Without JavaScript the link still leaves the site;
// with it, the current page is replaced in the history so Back does not return here,
// and pressing Escape leaves too.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.hidden = true;
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") leave(event);
  });
})();

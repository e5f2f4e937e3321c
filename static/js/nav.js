// On a phone the main navigation folds behind a "Menu" button. Without this script it wraps.
(function () {
  "use strict";
  var header = document.querySelector("[data-nav]");
  var button = header && header.querySelector(".nav-toggle");
  var nav = header && header.querySelector(".site-nav");
  if (!button || !nav) return;
  header.classList.add("nav-folds");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
})();

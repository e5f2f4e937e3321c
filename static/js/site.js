// Behaviour on every page, attached by data attributes (no inline script: see the CSP).
(function () {
  "use strict";
  // The page's language: base.html puts the translated words on this script's tag.
  var words = (document.currentScript && document.currentScript.dataset) || {};

  // On a phone the main navigation folds behind a "Menu" button. Without this script it wraps.
  var header = document.querySelector("[data-nav]");
  var button = header && header.querySelector(".nav-toggle");
  var nav = header && header.querySelector(".site-nav");
  if (button && nav) {
    header.classList.add("nav-folds");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    });
  }

  // A table wider than a phone scrolls in its own box: let the keyboard reach and scroll it.
  function focusableWhenScrolling() {
    document.querySelectorAll(".table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth) table.setAttribute("tabindex", "0");
      else table.removeAttribute("tabindex");
    });
  }
  focusableWhenScrolling();
  window.addEventListener("resize", focusableWhenScrolling);

  // A long list of choices (the languages) gets a box that filters it as one types;
  // ticked choices always stay in view.
  document.querySelectorAll("[data-filter]").forEach(function (group) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "choice-filter";
    box.placeholder = words.filterPlaceholder || "Type to filter";
    box.setAttribute("aria-label", (words.filterLabel || "Filter:") + " " + group.getAttribute("data-filter"));
    var legend = group.querySelector("legend");
    group.insertBefore(box, legend ? legend.nextSibling : group.firstChild);
    box.addEventListener("input", function () {
      var query = box.value.trim().toLowerCase();
      group.querySelectorAll("label").forEach(function (label) {
        var input = label.querySelector("input");
        var show = !query || (input && input.checked) || label.textContent.toLowerCase().indexOf(query) !== -1;
        // Django wraps each choice in a <div> of its own; the picker puts labels in a grid
        var own = label.parentElement.children.length === 1 ? label.parentElement : label;
        own.hidden = !show;
      });
    });
  });

  // A form that comes back with errors puts its summary in front of the reader first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();

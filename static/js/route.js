// Route form: add one more transit state without reloading the page.
(function () {
  "use strict";
  const form = document.querySelector("[data-route-form]");
  if (!form) return;
  const transits = form.querySelector("[data-transits]");
  const button = form.querySelector("[data-add-transit]");
  // "Transit {n}" in the page's language, from the template.
  const labelText = form.dataset.transitLabel || "Transit {n}";
  button.hidden = false;
  button.addEventListener("click", function () {
    const fields = transits.querySelectorAll(".field");
    const copy = fields[fields.length - 1].cloneNode(true);
    const number = fields.length + 1;
    const select = copy.querySelector("select");
    const label = copy.querySelector("label");
    select.id = "transit-" + number;
    select.value = "";
    label.htmlFor = select.id;
    label.textContent = labelText.replace("{n}", String(number));
    transits.appendChild(copy);
    select.focus();
  });
})();

// The student's consent form: the preview of each company's card follows the ticks at once.
// Only the `hidden` attribute changes: the server rendered every text, nothing is written here.
(function () {
  "use strict";
  function update(box) {
    var inputs = box.querySelectorAll("input[data-deel]");
    var any = false;
    inputs.forEach(function (input) {
      var part = input.getAttribute("data-deel");
      box.querySelectorAll(".kaartdeel[data-deel='" + part + "']").forEach(function (el) {
        el.hidden = !input.checked;
      });
      any = any || input.checked;
    });
    box.querySelectorAll("[data-naam]").forEach(function (el) { el.hidden = !any; });
    box.querySelectorAll("[data-geen-naam]").forEach(function (el) { el.hidden = any; });
  }
  document.querySelectorAll(".bedrijf-toestemming").forEach(function (box) {
    box.addEventListener("change", function () { update(box); });
  });
})();

// Small progressive enhancements; the pages work without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // A select with data-filters="NAME" shows only the NAME checkboxes whose data-<select's name> is its value.
  document.querySelectorAll("select[data-filters]").forEach(function (select) {
    var boxes = select.form.querySelectorAll('input[name="' + select.dataset.filters + '"][data-' + select.name + ']');
    function filter() {
      boxes.forEach(function (box) {
        var shown = !select.value || box.dataset[select.name] === select.value;
        (box.closest(".form-check") || box.parentElement).hidden = !shown;
        if (!shown) { box.checked = false; }
      });
    }
    select.addEventListener("change", filter);
    filter();
  });
  document.querySelectorAll(".js-hide").forEach(function (el) { el.classList.add("d-none"); });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
});

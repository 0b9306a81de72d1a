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
  // Ask first (joutsa_tyollisyys/confirm.py): a form with data-confirm asks in the page's <dialog> and sends
  // confirmed=1; without JavaScript the server answers with a confirmation page instead.
  var dialog = document.getElementById("confirm-dialog");
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.confirmed === "1") { return; }
      if (!dialog || typeof dialog.showModal !== "function") { return; }  // the server asks instead
      event.preventDefault();
      var opener = event.submitter || document.activeElement;
      dialog.querySelector("#confirm-dialog-question").textContent = form.dataset.confirm;
      dialog.querySelector("#confirm-dialog-details").textContent = form.dataset.confirmDetails || "";
      var yes = dialog.querySelector("[data-confirm-yes]");
      var no = dialog.querySelector("[data-confirm-no]");
      yes.textContent = form.dataset.confirmYes || yes.textContent;
      function close() {
        yes.removeEventListener("click", accept);
        no.removeEventListener("click", refuse);
        dialog.removeEventListener("close", close);
        if (dialog.open) { dialog.close(); }
        if (opener && form.dataset.confirmed !== "1") { opener.focus(); }
      }
      function accept() {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = "confirmed"; input.value = "1";
        form.appendChild(input);
        form.dataset.confirmed = "1";
        close();
        form.submit();
      }
      function refuse() { close(); }
      yes.addEventListener("click", accept);
      no.addEventListener("click", refuse);
      dialog.addEventListener("close", close);
      dialog.showModal();
      no.focus();
    });
  });
  // A field with maxlength shows how many characters are left (announced politely, not on every key).
  document.querySelectorAll("textarea[maxlength], input[maxlength][data-counter]").forEach(function (field) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    if (!max) { return; }
    var counter = document.createElement("div");
    counter.className = "form-text char-counter";
    counter.id = (field.id || field.name) + "-counter";
    counter.setAttribute("aria-live", "polite");
    var visible = document.createElement("span");
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    counter.appendChild(visible);
    counter.appendChild(spoken);
    var template = document.body.dataset.counterText || "{left} / {max}";
    var spokenTemplate = document.body.dataset.counterSpoken || "{left}";
    var timer = null;
    var lang = document.documentElement.lang || undefined;
    function number(n) { return n.toLocaleString(lang); }  // 10 000 as Finns and Swedes write it
    function text(tpl, left) { return tpl.replace("{left}", number(left)).replace("{max}", number(max)); }
    function update(announce) {
      var left = max - field.value.length;
      visible.textContent = text(template, left);
      counter.classList.toggle("text-danger", left <= Math.max(20, max / 20));
      if (announce) {
        clearTimeout(timer);
        timer = setTimeout(function () { spoken.textContent = text(spokenTemplate, max - field.value.length); }, 700);
      }
    }
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    field.insertAdjacentElement("afterend", counter);
    field.addEventListener("input", function () { update(true); });
    update(false);
  });
});

// "Choose all on this page" for the bulk assignment of the payment-share review.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-pick-all]").forEach(function (master) {
    master.addEventListener("change", function () {
      var table = document.getElementById(master.dataset.pickAll);
      table.querySelectorAll("input[name=entries]").forEach(function (box) { box.checked = master.checked; });
    });
  });
});

// "Add a row" for the plan's task formset: clones the empty form and bumps TOTAL_FORMS.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("add-task-row");
  const template = document.getElementById("task-row-template");
  const rows = document.getElementById("task-rows");
  const total = document.getElementById("id_tasks-TOTAL_FORMS");
  if (!button || !template || !rows || !total) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__num__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const first = rows.lastElementChild.querySelector("select, input");
    if (first) first.focus();
  });
});

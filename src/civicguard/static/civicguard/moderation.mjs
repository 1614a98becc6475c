// Comment moderation, progressive enhancement only: every form and link works without this file.
// Queue: j / k move between comments, x chooses the current one, o or Enter opens it.
// Comment page: a / h / r / e choose approve / hide / remove / escalate and move to the reason.

const typing = (target) => target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
const plainKey = (event) => !(event.ctrlKey || event.metaKey || event.altKey);

// Offer only the reasons the chosen action may be given for (each option lists them in data-actions).
function filterReasons(select, action) {
  for (const option of select.options) {
    if (!option.value) continue;
    const fits = !action || (option.dataset.actions || "").split(" ").includes(action);
    option.hidden = !fits;
    option.disabled = !fits;
  }
  if (select.selectedOptions[0] && select.selectedOptions[0].disabled) select.value = "";
}

function wireReasons(form) {
  const reason = form.querySelector("[data-cg-reason]");
  if (!reason) return;
  const chosen = () => {
    const control = form.querySelector("select[data-cg-action], input[data-cg-action]:checked");
    return control ? control.value : "";
  };
  form.addEventListener("change", (event) => {
    if (event.target.matches("[data-cg-action]")) filterReasons(reason, chosen());
  });
  filterReasons(reason, chosen());
}

// Changing the route swaps in that route's suggested reply, unless the moderator has edited the reply.
function wireRoute(form) {
  const route = form.querySelector("[data-cg-route]");
  const reply = form.querySelector("[data-cg-reply]");
  if (!route || !reply) return;
  let suggested = route.selectedOptions[0] ? route.selectedOptions[0].dataset.reply || "" : "";
  route.addEventListener("change", () => {
    const next = route.selectedOptions[0] ? route.selectedOptions[0].dataset.reply || "" : "";
    if (reply.value.trim() === suggested.trim()) reply.value = next;
    suggested = next;
  });
}

function queueKeys(rows) {
  let current = -1;
  const focusRow = (index) => {
    if (current >= 0) rows[current].classList.remove("cg-row--current");
    current = index;
    const row = rows[current];
    row.classList.add("cg-row--current");
    row.focus();
    row.scrollIntoView({ block: "nearest" });
  };
  for (const [index, row] of rows.entries()) {
    row.addEventListener("focusin", () => {
      if (current !== index) {
        if (current >= 0) rows[current].classList.remove("cg-row--current");
        current = index;
        row.classList.add("cg-row--current");
      }
    });
  }
  document.addEventListener("keydown", (event) => {
    if (typing(event.target) || !plainKey(event)) return;
    const key = event.key;
    if (key === "j" || key === "k") {
      event.preventDefault();
      const step = key === "j" ? 1 : -1;
      focusRow(current < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, current + step)));
      return;
    }
    if (current < 0) return;
    const row = rows[current];
    if (key === "x") {
      const box = row.querySelector("input[type=checkbox]");
      if (box) { event.preventDefault(); box.click(); }
    } else if (key === "o" || (key === "Enter" && event.target === row)) {
      const link = row.querySelector("a[data-cg-open]");
      if (link) { event.preventDefault(); link.click(); }
    }
  });
}

function actionKeys(form) {
  const letters = { a: "approve", h: "hide", r: "remove", e: "escalate" };
  document.addEventListener("keydown", (event) => {
    if (typing(event.target) || !plainKey(event) || !(event.key in letters)) return;
    const radio = form.querySelector(`input[data-cg-action][value="${letters[event.key]}"]`);
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    const reason = form.querySelector("[data-cg-reason]");
    (reason || radio).focus();
  });
}

for (const form of document.querySelectorAll("form")) {
  if (form.querySelector("[data-cg-reason]")) wireReasons(form);
}
const routeForm = document.querySelector("form[data-cg-route-form]");
if (routeForm) wireRoute(routeForm);
const rows = Array.from(document.querySelectorAll("tr[data-cg-row]"));
if (rows.length) queueKeys(rows);
const actionForm = document.querySelector("form[data-cg-action-form]");
if (actionForm) actionKeys(actionForm);

// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/govuk/govuk-frontend.min.js";
import "./moderation.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Keyboard: on a check result, "j" / "k" move between highlighted findings.
const marks = Array.from(document.querySelectorAll("mark[data-finding]"));
let current = -1;
document.addEventListener("keydown", (event) => {
  if (!marks.length || event.target.closest("input, textarea, select")) return;
  if (event.key !== "j" && event.key !== "k") return;
  current = (current + (event.key === "j" ? 1 : marks.length - 1)) % marks.length;
  const target = document.getElementById(marks[current].dataset.finding);
  if (target) { target.setAttribute("tabindex", "-1"); target.focus(); }
});

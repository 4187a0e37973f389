// Clicking a rule shows only that rule's evidence; clicking it again shows all evidence.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".rule-link");
  if (!button) return;
  const rule = button.dataset.rule;
  const row = button.closest("tr");
  const already = row.classList.contains("selected");
  document.querySelectorAll(".rules-table tr.selected").forEach((r) => r.classList.remove("selected"));
  document.querySelectorAll("mark.ev").forEach((mark) => {
    const rules = mark.dataset.rules.split(" ");
    mark.classList.toggle("dim", !already && !rules.includes(rule));
  });
  if (!already) {
    row.classList.add("selected");
    const first = document.querySelector(`mark.ev:not(.dim)`);
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }
});

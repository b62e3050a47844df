// Find support on a phone: the results come first and the filters follow them, reached by a
// "Filter results" link. With JavaScript the link becomes a "Filter" button that shows the
// filters right under it, above the results, and hides them again. From tablet width up the
// filters sit beside the results (familyhub.scss) and the button is not shown.
// A file rather than inline code, so the Content Security Policy can forbid inline scripts.
const link = document.querySelector("[data-familyhub-filter-link]");
const panel = document.getElementById("filters");

if (link && panel) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary familyhub-find__filter-button";
  button.textContent = link.dataset.buttonText;
  button.setAttribute("aria-controls", panel.id);
  button.setAttribute("aria-expanded", "false");
  link.replaceWith(button);

  // Where the filters return to when the screen widens: their own column, after the results.
  const home = document.createComment("filters");
  panel.after(home);
  const phone = window.matchMedia("(max-width: 40.0525em)");

  const place = () => {
    if (phone.matches) {
      button.after(panel);
    } else {
      home.before(panel);
    }
  };
  panel.classList.add("familyhub-find__filters--folded");
  place();
  phone.addEventListener("change", place);

  button.addEventListener("click", () => {
    const open = panel.classList.toggle("familyhub-find__filters--open");
    button.setAttribute("aria-expanded", String(open));
  });
}

// "Print this summary" links (data-familyhub-print): open the browser's print dialogue.
// A file rather than an onclick attribute, so the Content Security Policy can forbid inline code.
for (const link of document.querySelectorAll("[data-familyhub-print]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.print();
  });
}

// GOV.UK Frontend's "js-enabled" snippet, as a file so no inline script is needed (CSP-friendly).
// Loaded synchronously straight after <body> so enhanced components do not flash unstyled.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");

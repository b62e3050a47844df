// Starts govuk-frontend's JavaScript components (service navigation toggle, error summary focus…).
// An external module rather than an inline script, so a Content Security Policy can forbid inline
// scripts. Every page works without it.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

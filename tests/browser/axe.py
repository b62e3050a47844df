"""Automated accessibility checks with axe-core (installed by `npm install`)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.2 AA (axe's tags are cumulative per version and level) plus axe's best practices, which
# catch things the GOV.UK Design System also asks for, such as one <h1> and landmarks.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# govuk-frontend's conditional reveals (Radios, Checkboxes) set aria-expanded on the input that
# reveals a question, by design: the Design System team kept it because screen readers announce
# it ("expanded"), although ARIA does not list it for radios and checkboxes, so axe's
# aria-allowed-attr fails it. Allowed for those two roles only; axe's own default
# (validTreeRowAttrs) is kept, since these options replace it.
ARIA_ALLOWED_ATTR_OPTIONS = {
    "validTreeRowAttrs": ["aria-posinset", "aria-setsize", "aria-expanded", "aria-level"],
    "radio": ["aria-expanded"],
    "checkbox": ["aria-expanded"],
}


def _describe(violation: dict) -> str:
    nodes = "\n".join(
        f"      {' '.join(map(str, node['target']))}  {node['html'][:150]}"
        for node in violation["nodes"]
    )
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"    {violation['helpUrl']}\n{nodes}"
    )


def assert_accessible(page: Page) -> None:
    """Fail with a readable list if axe finds any violation on the page as it is now."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm install`", pytrace=False)
    # A page still loading has no document for axe to read: wait for it to finish.
    page.wait_for_load_state("load")
    # Evaluated through Playwright, not added as a <script> tag: the Content Security Policy
    # forbids inline scripts, and axe is not part of the page whose policy is being honoured.
    page.evaluate(AXE_SCRIPT.read_text())
    page.evaluate(
        "options => axe.configure({checks: [{id: 'aria-allowed-attr', options}]})",
        ARIA_ALLOWED_ATTR_OPTIONS,
    )
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: tags})",
        AXE_TAGS,
    )
    violations = results["violations"]
    if violations:
        report = "\n".join(_describe(violation) for violation in violations)
        pytest.fail(f"axe found {len(violations)} problem(s) on {page.url}:\n{report}")

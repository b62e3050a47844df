"""Casework forms, one module for each group of pages: episodes (step up, step down, close,
reassign), the Team Around the Family, the plan and its reviews, caseloads, and the assessment.
Choices are read through casework.selectors, so a form offers what its page's rules allow."""

"""The family's front door: "ask for help once" (one question per page, no sign-in)."""

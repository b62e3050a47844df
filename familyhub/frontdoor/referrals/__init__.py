"""Practitioners' referrals from the staff area: to the front door, or straight to a service."""

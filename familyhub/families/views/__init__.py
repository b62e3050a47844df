"""Staff pages of the shared family record: reading it (record.py) and adding to it (changes.py)."""

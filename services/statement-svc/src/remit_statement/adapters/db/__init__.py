"""statement-svc's database adapter: tables (``tables.py``), repositories and the unit of work."""

"""Server-rendered pages, one module per area; urls.py imports them from here."""

"""The service-desk benchmark: a large bank seeded fast, then timed through the real API."""

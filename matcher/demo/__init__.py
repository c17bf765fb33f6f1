"""Demo data: a seeded population and an outcome history from a documented ground truth."""

"""Privacy core (pure): roles, data categories, purposes, the one permission table, the endpoint
policy, field classification and the needs-only company projection (domain.md §1.2 and §6)."""

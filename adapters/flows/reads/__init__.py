"""The scoped read model: every page, fragment, export and JSON list reads through these flows.

Each function takes the request's grant (the principal and the role and purpose the permission
table granted), returns only the rows and fields that principal may see, and writes one privacy
log entry per student whose data it hands out. Drivers (``api/``) never query tables themselves.
"""

"""Authentication: password hashing, accounts, web sessions with CSRF, API tokens, throttling."""

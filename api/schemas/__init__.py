"""Request and response models of the API (pydantic); converted from domain values in one place."""

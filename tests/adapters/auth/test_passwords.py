"""Passwords: argon2 hashes, never the password; strong random passwords for new accounts."""

from __future__ import annotations

from adapters.auth.crypto import (
    digest,
    generate_password,
    hash_password,
    needs_rehash,
    verify_password,
)


def test_hash_is_not_the_password_and_verifies() -> None:
    hashed = hash_password("correct horse battery")
    assert "correct horse battery" not in hashed
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "correct horse batterY")
    assert not needs_rehash(hashed)


def test_same_password_gives_different_hashes() -> None:
    assert hash_password("een lang wachtwoord") != hash_password("een lang wachtwoord")


def test_broken_hash_never_verifies() -> None:
    assert not verify_password("not-a-hash", "whatever")


def test_generated_passwords_are_long_and_different() -> None:
    passwords = {generate_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(len(p) >= 16 for p in passwords)


def test_digest_is_sha256_hex() -> None:
    assert len(digest("abc")) == 64
    assert digest("abc") != digest("abd")

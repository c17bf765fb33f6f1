"""An account's name shows in round logs and on pages: no hidden or direction characters."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from adapters.auth.accounts import create_account
from adapters.db.engine import session_scope
from adapters.db.privacy_models import AccountRow
from matcher.errors import InvalidInputError
from matcher.privacy.vocabulary import Role

PASSWORD = "Zeer-Geheim-Wachtwoord-7731"


@pytest.mark.parametrize("name", ["Coach\u202eliam", "Co\u200bach", "Coach\u2066"])
def test_a_name_with_a_hidden_character_is_refused(engine: Engine, name: str) -> None:
    with session_scope(engine) as session, pytest.raises(InvalidInputError) as refused:
        create_account(
            session, email="c@roc.nl", password=PASSWORD, roles=[Role.BUREAU], display_name=name
        )
    assert refused.value.issues[0].column == "name"
    assert "onzichtbaar teken" in refused.value.issues[0].reason
    with session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(AccountRow)).one() == 0


def test_an_ordinary_name_is_kept(engine: Engine) -> None:
    with session_scope(engine) as session:
        made = create_account(
            session, email="z@roc.nl", password=PASSWORD, roles=[Role.BUREAU], display_name="Zoë"
        )
    assert made.display_name == "Zoë"

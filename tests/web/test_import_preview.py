"""An import that changes students of an open round says so first: the web page (a preview,
then a confirmation with exactly these files), the API (``dry_run``) and the CLI (``--yes``);
after it is stored the round page says its data changed since it was made."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

import cli.data  # noqa: F401  (registers the import command)
from adapters.db import round_repositories as repo
from adapters.db.repositories import load_population
from adapters.demo_data import TOWNS_FILE
from adapters.flows.imports import import_files
from adapters.tabular import Source, write_population
from cli import app as cli_app
from cli.web import DEMO_ROUND_NAME, build_demo_site
from tests.api.rounds_helpers import wait_for
from tests.web.conftest import csrf_of, post_login

pytestmark = pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="towns_nl.csv not built yet")
HX = {"HX-Request": "true"}
CHANGED = 3
NOTICE = "De gegevens zijn veranderd sinds deze ronde is gemaakt: voer de ronde opnieuw uit"


@dataclass
class Site:
    """A demo site with a solved (open) round and the bureau logged in."""

    client: TestClient
    url: str
    database_url: str
    round_id: int
    token: str

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.client.app.state.engine  # type: ignore[attr-defined]

    def names(self) -> dict[str, str]:
        with Session(self.engine) as session:
            return {s.student_id: s.name for s in load_population(session).students}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    database_url = f"sqlite:///{tmp_path / 'p.db'}"
    built = build_demo_site(database_url, students=60, seed=11, time_limit_s=2)
    assert built.round_id is not None
    bureau = next(a for a in built.accounts if a.email.startswith("bureau@"))
    with TestClient(built.app) as client:
        post_login(client, bureau.email, bureau.password)
        token = csrf_of(client.get("/bureau/inlezen").text)
        yield Site(client, "/bureau/inlezen", database_url, built.round_id, token)


def _changed_students(site: Site, folder: Path, *, suffix: str = "Nieuw") -> tuple[Path, list[str]]:
    """students.csv with the names of the first three students of the round changed."""
    with Session(site.engine) as session:
        population = load_population(session)
        in_round = {p.student_id for p in repo.list_proposals(session, site.round_id, 1)}
    chosen = sorted(s.student_id for s in population.students if s.student_id in in_round)
    chosen = chosen[:CHANGED]
    students = tuple(
        replace(s, name=f"{suffix} {s.name}") if s.student_id in chosen else s
        for s in population.students
    )
    write_population(folder, replace(population, students=students))
    return folder / "students.csv", chosen


def _upload(site: Site, path: Path, **data: str) -> str:
    response = site.client.post(
        site.url,
        files={"students": (path.name, path.read_bytes(), "text/csv")},
        data={"csrf_token": site.token, **data},
        headers={**HX, "X-CSRF-Token": site.token},
    )
    assert response.status_code == 200, response.text
    return response.text


def test_the_import_page_previews_then_stores_exactly_the_confirmed_files(
    site: Site, tmp_path: Path
) -> None:
    before = site.names()
    round_page = f"/bureau/rondes/{site.round_id}"
    assert NOTICE not in site.client.get(round_page).text
    path, chosen = _changed_students(site, tmp_path / "a")

    preview = _upload(site, path)

    assert (
        f"Deze import verandert gegevens van {CHANGED} studenten in de ronde "
        f"'{DEMO_ROUND_NAME}'" in preview
    )
    for sid in chosen:
        assert f"{before[sid]} ({sid})" in preview  # name and code of each affected student
    assert "Alles is ingelezen en opgeslagen" not in preview
    assert site.names() == before  # nothing stored yet
    digest = preview.split('name="bevestig" value="')[1].split('"')[0]

    other, _ = _changed_students(site, tmp_path / "b", suffix="Anders")
    again = _upload(site, other, bevestig=digest)  # other files than previewed: preview again
    assert "Eerst bevestigen" in again
    assert site.names() == before

    stored = _upload(site, path, bevestig=digest)
    assert "Alles is ingelezen en opgeslagen" in stored
    after = site.names()
    assert {sid for sid in before if after[sid] != before[sid]} == set(chosen)
    assert NOTICE in site.client.get(round_page).text


def test_an_import_that_changes_no_open_round_is_stored_at_once(site: Site, tmp_path: Path) -> None:
    write_population(tmp_path / "same", _population(site))
    stored = _upload(site, tmp_path / "same" / "students.csv")
    assert "Alles is ingelezen en opgeslagen" in stored
    assert NOTICE not in site.client.get(f"/bureau/rondes/{site.round_id}").text


def _population(site: Site):  # type: ignore[no-untyped-def]
    with Session(site.engine) as session:
        return load_population(session)


def test_the_api_dry_run_names_the_rounds_and_stores_nothing(site: Site, tmp_path: Path) -> None:
    before = site.names()
    path, chosen = _changed_students(site, tmp_path / "a")
    response = site.client.post(
        "/imports",
        params={"dry_run": "true"},
        files={"students": (path.name, path.read_bytes(), "text/csv")},
        headers={"X-CSRF-Token": site.token},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dry_run"] is True
    [found] = body["affected_rounds"]
    assert found["round_id"] == site.round_id
    assert found["name"] == DEMO_ROUND_NAME
    assert [s["student_id"] for s in found["students"]] == chosen
    assert [s["name"] for s in found["students"]] == [before[s] for s in chosen]
    assert found["message"] == (
        f"Deze import verandert gegevens van {CHANGED} studenten in de ronde '{DEMO_ROUND_NAME}'."
    )
    assert site.names() == before


def test_the_cli_names_the_rounds_and_needs_yes(site: Site, tmp_path: Path) -> None:
    before = site.names()
    path, chosen = _changed_students(site, tmp_path / "a")
    args = ["import", "--students", str(path), "--database-url", site.database_url]
    refused = CliRunner().invoke(cli_app, args)
    assert refused.exit_code == 1, refused.output
    assert f"{CHANGED} studenten in de ronde '{DEMO_ROUND_NAME}'" in refused.output
    assert all(f"({sid})" in refused.output for sid in chosen)
    assert "--yes" in refused.output
    assert site.names() == before
    done = CliRunner().invoke(cli_app, [*args, "--yes"])
    assert done.exit_code == 0, done.output
    assert {sid for sid, name in site.names().items() if name != before[sid]} == set(chosen)


def test_the_round_page_says_its_data_changed_until_it_is_run_again(
    site: Site, tmp_path: Path
) -> None:
    round_page = f"/bureau/rondes/{site.round_id}"
    assert NOTICE not in site.client.get(round_page).text
    path, _ = _changed_students(site, tmp_path / "a")
    import_files(
        site.engine,
        current={"students": Source.from_path(path)},
        history=None,
        geocoder=site.client.app.state.geocoder,  # type: ignore[attr-defined]
    )
    assert NOTICE in site.client.get(round_page).text
    assert site.client.get(f"/rounds/{site.round_id}").json()["data_changed"] is True

    version = site.client.get(f"/rounds/{site.round_id}").json()["version"]
    rerun = site.client.post(
        f"/rounds/{site.round_id}/rerun",
        json={"version": version},
        headers={"X-CSRF-Token": site.token},
    )
    assert rerun.status_code == 202, rerun.text
    wait_for(site.client, site.round_id, "solved", "in_review", "failed")
    assert NOTICE not in site.client.get(round_page).text
    assert site.client.get(f"/rounds/{site.round_id}").json()["data_changed"] is False

"""Upload endpoint: contract files (CSV/XLSX) in, report out; every issue, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.geography.factory import make_geocoder
from adapters.settings import Settings
from adapters.tabular import read_population_dir, write_population
from api.routes import imports
from tests.api.helpers import KINDS, upload
from tests.paths import EXAMPLES


def test_examples_are_imported_and_a_second_upload_changes_nothing(client: TestClient) -> None:
    first = upload(client)
    assert first.status_code == 200, first.text
    report = first.json()["reports"][0]
    assert report["dataset"] == "current"
    assert report["students"] == {"created": 5, "updated": 0, "unchanged": 0}
    assert report["places"]["created"] == 4
    again = upload(client).json()["reports"][0]
    assert again["companies"] == {"created": 0, "updated": 0, "unchanged": 4}
    assert client.get("/students").json()["total"] == 5


def _broken_copy(tmp_path: Path) -> Path:
    """The examples with one bad value in each file."""
    folder = tmp_path / "bad"
    folder.mkdir()
    replace = {
        "students": (
            "s001,Joshua,2008-03-14,,52.1561,5.3878,10001,2,",
            "s001,Joshua,2008-03-14,,52.1561,5.3878,10001,9,",
        ),
        "companies": (
            "c01,Garage De Eem,,52.1590,5.3920,1,1,4,",
            "c01,Garage De Eem,,52.1590,5.3920,1,1,veel,",
        ),
        "places": ("p004,c03,10003,2,4,bbl,3,", "p004,c03,10003,2,4,bbl,0,"),
    }
    for kind in KINDS:
        text = (EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8")
        old, new = replace[kind]
        assert old in text
        (folder / f"{kind}.csv").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_three_bad_values_are_all_reported_and_nothing_is_stored(
    client: TestClient, tmp_path: Path
) -> None:
    response = upload(client, _broken_copy(tmp_path))
    assert response.status_code == 422
    found = {(i["file"], i["row"], i["column"]) for i in response.json()["issues"]}
    assert found == {
        ("students.csv", 2, "niveau"),
        ("companies.csv", 2, "guidance_hours_per_week"),
        ("places.csv", 5, "capacity"),
    }
    assert all(i["reason"] for i in response.json()["issues"])
    assert client.get("/students").json()["total"] == 0
    assert client.get("/companies").json()["total"] == 0


def test_bad_upload_leaves_stored_data_as_it_was(client: TestClient, tmp_path: Path) -> None:
    upload(client)
    assert upload(client, _broken_copy(tmp_path)).status_code == 422
    assert client.get("/students/s001").json()["niveau"] == 2


def test_xlsx_files_are_read_like_csv(client: TestClient, tmp_path: Path) -> None:
    settings = Settings(database_url="sqlite://", broker_url=None)
    population = read_population_dir(EXAMPLES, geocoder=make_geocoder(settings)).population
    write_population(tmp_path, population, fmt="xlsx")
    files = {
        kind: (f"{kind}.xlsx", (tmp_path / f"{kind}.xlsx").read_bytes(), "application/octet-stream")
        for kind in KINDS
    }
    response = client.post("/imports", files=files)
    assert response.status_code == 200, response.text
    assert response.json()["reports"][0]["students"]["created"] == 5
    assert client.get("/places/p002").json()["crebos"] == ["10002", "10003"]


def test_a_subset_of_files_is_fine(client: TestClient) -> None:
    files = {"companies": ("companies.csv", (EXAMPLES / "companies.csv").read_bytes())}
    response = client.post("/imports", files=files)
    assert response.status_code == 200
    report = response.json()["reports"][0]
    assert (report["companies"]["created"], report["students"]["created"]) == (4, 0)


def test_places_may_refer_to_companies_stored_earlier(client: TestClient) -> None:
    client.post(
        "/imports", files={"companies": ("c.csv", (EXAMPLES / "companies.csv").read_bytes())}
    )
    response = client.post(
        "/imports", files={"places": ("p.csv", (EXAMPLES / "places.csv").read_bytes())}
    )
    assert response.status_code == 200, response.text


def test_history_set_with_outcomes(client: TestClient) -> None:
    history = EXAMPLES / "history"
    files = {
        f"history_{kind}": (f"{kind}.csv", (history / f"{kind}.csv").read_bytes())
        for kind in ("outcomes", *KINDS)
    }
    response = client.post("/imports", files=files, data={"history_name": "history:2024"})
    assert response.status_code == 200, response.text
    (report,) = response.json()["reports"]
    assert report["dataset"] == "history:2024"
    assert report["students"]["created"] > 0
    assert client.get("/students").json()["total"] == 0  # history stays apart


def test_no_files_is_422_in_dutch(client: TestClient) -> None:
    response = client.post("/imports", data={"history_name": "x"})
    assert response.status_code == 422
    assert "geen bestand" in response.json()["detail"]


def test_too_large_upload_is_413_in_dutch(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", 100)
    response = upload(client)
    assert response.status_code == 413
    assert "groter dan" in response.json()["detail"]
    assert client.get("/students").json()["total"] == 0

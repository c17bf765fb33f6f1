"""Imports: contract files (CSV or XLSX) uploaded, checked as a whole, stored all or nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from adapters.flows import imports as import_flow
from adapters.flows.imports import DEFAULT_HISTORY, HistoryUpload
from adapters.tabular import Source
from api.deps import EngineDep, GeocoderDep
from api.schemas.imports import DatasetReport, ImportOut, PreviewOut
from api.security import Authorized

router = APIRouter(tags=["inlezen"])
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
TOO_LARGE = (
    "De bestanden zijn samen groter dan 50 MB. Splits ze in kleinere bestanden en lees ze "
    "na elkaar in. Er is niets opgeslagen."
)
HISTORY_PARTS = ("history_outcomes", "history_students", "history_companies", "history_places")
Upload = Annotated[UploadFile | None, File(description="CSV of XLSX volgens het contract")]


class UploadTooLargeError(Exception):
    """The upload is over the size limit."""


@router.post(
    "/imports",
    response_model=ImportOut | PreviewOut,
    summary="Bestanden inlezen (CSV of XLSX)",
    responses={
        413: {"description": "Bestanden te groot (meer dan 50 MB)"},
        422: {"description": "Elk punt om aan te passen: bestand, rij, kolom en reden"},
    },
)
async def import_files(
    _: Authorized,
    request: Request,
    engine: EngineDep,
    geocoder: GeocoderDep,
    students: Upload = None,
    companies: Upload = None,
    places: Upload = None,
    history_outcomes: Upload = None,
    history_students: Upload = None,
    history_companies: Upload = None,
    history_places: Upload = None,
    history_name: Annotated[str, Form(description="Naam van de geschiedenis")] = DEFAULT_HISTORY,
    dry_run: Annotated[
        bool, Query(description="Alleen controleren en tonen welke open rondes veranderen")
    ] = False,
) -> ImportOut | PreviewOut | JSONResponse:
    """Students, companies and places (any subset) and/or a history set with outcomes.

    Everything is checked first; when anything is wrong the answer is 422 with every issue and
    nothing is stored. With ``dry_run=true`` nothing is stored either: the answer names the open
    rounds (not yet published) and the students in them whose data these files change.
    """
    if int(request.headers.get("content-length") or 0) > MAX_UPLOAD_BYTES:
        return _too_large()
    given = {"students": students, "companies": companies, "places": places}
    parts = (history_outcomes, history_students, history_companies, history_places)
    history_files = dict(zip(HISTORY_PARTS, parts, strict=True))
    try:
        current = {k: await _source(f) for k, f in given.items() if f is not None}
        history = await _history(history_files, history_name)
    except UploadTooLargeError:
        return _too_large()
    # Parsing and storing block: run them off the event loop.
    if dry_run:
        preview = await run_in_threadpool(
            import_flow.preview_import, engine, current=current, geocoder=geocoder
        )
        return PreviewOut.of(preview)
    reports = await run_in_threadpool(
        import_flow.import_files, engine, current=current, history=history, geocoder=geocoder
    )
    return ImportOut(reports=[DatasetReport.of(r) for r in reports])


async def _source(upload: UploadFile) -> Source:
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadTooLargeError
    return Source(upload.filename or "bestand.csv", content)


async def _history(files: dict[str, UploadFile | None], name: str) -> HistoryUpload | None:
    if all(f is None for f in files.values()):
        return None
    sources = {}
    for part, upload in files.items():
        kind = part.removeprefix("history_")
        sources[kind] = await _source(upload) if upload else Source(f"{kind}.csv", b"")
    return HistoryUpload(**sources, name=name)


def _too_large() -> JSONResponse:
    return JSONResponse(status_code=413, content={"code": "too_large", "detail": TOO_LARGE})

"""Bureau pages: read in the contract files, create and start rounds, follow their progress."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from adapters import clock
from adapters.flows import imports as import_flow
from adapters.flows import known_company
from adapters.flows.reads import rounds as reads
from adapters.flows.rounds import lifecycle
from adapters.tabular import Source
from api.deps import DispatcherDep, EngineDep, GeocoderDep, SessionDep, SettingsDep
from api.web.access import PageError, PageUserDep, actor_label, require_principal
from api.web.render import page
from matcher.errors import InvalidInputError, MatcherError

router = APIRouter(tags=["webpagina's"])
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
BUSY = ("queued", "running")
Upload = Annotated[UploadFile | None, File()]


@router.get("/bureau", response_class=HTMLResponse)
def bureau_home(request: Request, user: PageUserDep, session: SessionDep) -> Response:
    """All rounds, newest first, and a form for a new one."""
    rounds = [view.round for view in reads.visible_rounds(session, user.grant)]
    return page(
        request,
        "bureau_home.html",
        rounds=rounds,
        known_open=known_company.count_open(session, require_principal(user)),
        today=clock.today().isoformat(),
        label=lifecycle.status_label,
    )


@router.get("/bureau/inlezen", response_class=HTMLResponse)
def import_form(request: Request, _user: PageUserDep) -> Response:
    """The upload form for the contract files."""
    return page(request, "bureau_import.html")


@router.post("/bureau/inlezen", response_class=HTMLResponse)
async def import_upload(
    request: Request,
    _user: PageUserDep,
    engine: EngineDep,
    geocoder: GeocoderDep,
    students: Upload = None,
    companies: Upload = None,
    places: Upload = None,
    bevestig: Annotated[str, Form()] = "",
) -> Response:
    """Check the files; when they change data of an open round, show which rounds and students
    first and store only after a confirmation with exactly these files; then the report."""
    given = {"students": students, "companies": companies, "places": places}
    current: dict[str, Source] = {}
    for kind, upload in given.items():
        if upload is None or not upload.filename:
            continue
        content = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            return _report(
                request, error="Een bestand is groter dan 50 MB. Er is niets opgeslagen."
            )
        current[kind] = Source(upload.filename, content)
    if not current:
        return _report(request, error="Kies minstens één bestand.")
    try:
        preview = await run_in_threadpool(
            import_flow.preview_import, engine, current=current, geocoder=geocoder
        )
        if preview.rounds and bevestig != preview.digest:
            return page(request, "bureau_import_preview.html", preview=preview)
        reports = await run_in_threadpool(
            import_flow.import_files, engine, current=current, history=None, geocoder=geocoder
        )
    except InvalidInputError as exc:
        return _report(request, error=exc.message, issues=exc.issues, status=422)
    return _report(request, reports=reports)


def _report(request: Request, status: int = 200, **context: object) -> Response:
    context.setdefault("reports", [])
    context.setdefault("issues", [])
    context.setdefault("error", "")
    return page(request, "bureau_import_report.html", status_code=status, **context)


@router.post("/bureau/rondes", response_class=HTMLResponse)
def create_round(
    _request: Request,
    user: PageUserDep,
    session: SessionDep,
    name: Annotated[str, Form(min_length=1, max_length=120)],
    bpv_start: Annotated[date, Form()],
) -> Response:
    """A new draft round on all current students; then its page."""
    row = lifecycle.create_round(
        session, name=name, filters={}, policy={}, bpv_start=bpv_start, actor=actor_label(user)
    )
    session.commit()
    return RedirectResponse(f"/bureau/rondes/{row.id}", status_code=303)


@router.post("/bureau/rondes/{round_id}/start", response_class=HTMLResponse)
def start_round(
    request: Request,
    round_id: int,
    user: PageUserDep,
    session: SessionDep,
    dispatcher: DispatcherDep,
) -> Response:
    """Queue the round and show the live progress bar."""
    if lifecycle.start_round(session, round_id, actor=actor_label(user)):
        session.commit()
        dispatcher.submit(round_id)
    return progress(request, round_id, user, session)


@router.post("/bureau/rondes/{round_id}/opnieuw", response_class=HTMLResponse)
def rerun_round(
    request: Request,
    round_id: int,
    user: PageUserDep,
    session: SessionDep,
    dispatcher: DispatcherDep,
    version: Annotated[int, Form()],
) -> Response:
    """A new run that keeps the decisions made so far; shows the progress bar."""
    try:
        lifecycle.rerun_round(session, round_id, version=version, actor=actor_label(user))
    except MatcherError as exc:
        session.rollback()
        return HTMLResponse(_refusal(round_id, exc.message), 409)
    session.commit()
    dispatcher.submit(round_id)
    return progress(request, round_id, user, session, inplace="1")


def _refusal(round_id: int, message: str) -> str:
    """A Dutch refusal for an htmx target, with a way to load the round as it is now."""
    return (
        f'<p class="melding fout" role="alert">{escape(message)} '
        f'<a class="knop" id="vernieuwen" href="/bureau/rondes/{round_id}">Ronde opnieuw laden</a>'
        "</p>"
    )


PUBLISHED = (
    '<p class="melding goed" role="status" id="gepubliceerd">Deze ronde is gepubliceerd. '
    "Studenten zien hun goedgekeurde plek. Er verandert niets meer.</p>"
    '<div id="publiceer-form" hx-swap-oob="delete"></div>'
    '<div id="alles-form" hx-swap-oob="delete"></div>'
    '<div id="opnieuw" hx-swap-oob="delete"></div>'
    '<div id="paneel" hx-swap-oob="true"><p>De ronde is gepubliceerd: hier verandert niets '
    "meer.</p></div>"
    '<p class="melding" id="stand-tekst" hx-swap-oob="true">De ronde is gepubliceerd. '
    "Studenten zien hun goedgekeurde plek.</p>"
)


@router.post("/bureau/rondes/{round_id}/publiceren", response_class=HTMLResponse)
def publish_round(
    request: Request,
    round_id: int,
    user: PageUserDep,
    session: SessionDep,
    settings: SettingsDep,
    version: Annotated[int, Form()],
    zeker: Annotated[str, Form()] = "",
) -> Response:
    """Publish the reviewed round (after a tick that says so); back to the round page."""
    htmx = request.headers.get("HX-Request") == "true"
    if zeker != "ja":
        message = "Zet eerst het vinkje 'Ja, ik wil deze ronde publiceren'."
        if htmx:
            return HTMLResponse(f'<p class="melding fout" role="alert">{message}</p>', 422)
        raise PageError(422, message)
    try:
        lifecycle.publish_round(
            session, round_id, version=version, actor=actor_label(user),
            site_url=settings.site_url,
        )  # fmt: skip
    except MatcherError as exc:
        session.rollback()
        if htmx:
            return HTMLResponse(_refusal(round_id, exc.message), 409)
        raise PageError(409, exc.message) from None
    session.commit()
    if htmx:
        from api.web.pages_review import joined, live_updates  # the review page's live parts

        done = HTMLResponse(PUBLISHED)
        return joined(done, live_updates(request, session, user.grant, round_id, []))
    return RedirectResponse(f"/bureau/rondes/{round_id}#publiceren", status_code=303)


@router.get("/bureau/rondes/{round_id}/voortgang", response_class=HTMLResponse)
def progress(
    request: Request, round_id: int, user: PageUserDep, session: SessionDep, inplace: str = ""
) -> Response:
    """The progress bar; polls itself while busy. When the run is done it reloads the page,
    or, for a re-run on the round page (``inplace``), updates the table, counters and version
    in place so the reviewer keeps the page."""
    row = reads.round_row(session, round_id)
    response = page(
        request,
        "round_progress.html",
        round=row,
        busy=row.status in BUSY,
        label=lifecycle.status_label(row.status),
        inplace=bool(inplace),
        on_round_page=bool(inplace),
    )
    if row.status not in BUSY and request.headers.get("HX-Trigger") == "voortgang":
        if not inplace or not row.current_run:
            response.headers["HX-Refresh"] = "true"
            return response
        from api.web.pages_review import joined, live_updates  # the review page's live parts

        answer = joined(
            response, live_updates(request, session, user.grant, round_id, [], reset_panel=True)
        )
        answer.headers["HX-Trigger"] = "tabel-vernieuwen"
        return answer
    return response

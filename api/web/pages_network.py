"""The bureau's list of companies students know themself (eigen netwerk, H:1305).

The bureau checks each one's erkenning and links it to a recognised company (an existing one,
or a new one through the ordinary company-creation path) or records why it cannot host now.
Only the bureau: the flow refuses anyone else too. No company ever sees this list.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters.flows import known_company
from api.deps import EngineDep, GeocoderDep, SessionDep
from api.web.access import PageUserDep, require_principal
from api.web.render import page
from matcher import known_company as vocab
from matcher.errors import MatcherError

router = APIRouter(tags=["webpagina's"])
URL = "/bureau/eigen-netwerk"


def _list_page(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    status_code: int = 200,
    **extra: object,
) -> Response:
    items = known_company.board(session, require_principal(user))
    open_ids = {i.named.suggestion_id for i in items if i.named.status is vocab.Status.OPEN}
    if extra.get("problem_at") not in open_ids:  # decided or gone: say it above the list
        extra["problem_at"] = None
    return page(
        request,
        "bureau_known_companies.html",
        status_code=status_code,
        items=items,
        open_items=[i for i in items if i.named.status is vocab.Status.OPEN],
        decided=[i for i in items if i.named.status is not vocab.Status.OPEN],
        reason_max=vocab.REASON_MAX,
        **extra,
    )


@router.get(URL, response_class=HTMLResponse)
def known_companies(
    request: Request, user: PageUserDep, session: SessionDep, besloten: str = ""
) -> Response:
    """Companies students named: open ones to check first, then what was decided."""
    return _list_page(request, user, session, done=besloten, problem="", problem_at=None, sent={})


@router.post(URL + "/{suggestion_id}/besluit", response_class=HTMLResponse)
async def decide(
    request: Request,
    suggestion_id: int,
    user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    geocoder: GeocoderDep,
) -> Response:
    """Record erkend (linked to a company) or niet erkend (with a reason); nothing on an error."""
    principal = require_principal(user)
    form = await request.form()
    values = {key: str(form.get(key, "")) for key in form}
    try:
        known_company.decide(session, engine, principal, suggestion_id, values, geocoder=geocoder)
    except MatcherError as exc:
        session.rollback()
        return _list_page(
            request, user, session, status_code=400, done="", problem=exc.message,
            problem_at=suggestion_id, sent=values,
        )  # fmt: skip
    session.commit()
    return RedirectResponse(f"{URL}?besloten={suggestion_id}#besloten-lijst", status_code=303)

"""The bureau's company page: every company that has hosted or was proposed a BPV, with its
track record as leerbedrijf (issue 19, item 4). Only the bureau; the flow returns nothing to
anyone else."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from adapters.flows import track
from api.deps import EngineDep, SessionDep
from api.web.access import PageError, PageUserDep
from api.web.render import page
from matcher.bpv.track import detail_lines, summary_text

router = APIRouter(tags=["webpagina's"])


@router.get("/bureau/bedrijven", response_class=HTMLResponse)
def companies_page(
    request: Request, user: PageUserDep, session: SessionDep, engine: EngineDep
) -> Response:
    """Per company with a BPV history: the short line and the reasons behind it."""
    records = track.with_history(session, user.grant)
    if records is None:
        raise PageError(403, "Alleen het BPV-bureau ziet de ervaringen met bedrijven.")
    names = track.company_names(engine, records)
    rows = []
    for company_id, record in records.items():
        rows.append(
            {
                "company_id": company_id,
                "name": names[company_id],
                "summary": summary_text(record),
                "details": detail_lines(record),
            }
        )
    rows.sort(key=lambda r: (str(r["name"]).lower(), r["company_id"]))
    return page(request, "bureau_companies.html", rows=rows)

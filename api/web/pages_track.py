"""The bureau's company page: every company that has hosted or was proposed a BPV, with its
track record as leerbedrijf (issue 19, item 4), and its supervision hours a week as a round
uses them (with praktijkopleiders their sum, as the companies JSON says). Only the bureau;
the flow returns nothing to anyone else."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from adapters.flows import praktijkopleiders, track
from api.deps import SessionDep
from api.web.access import PageError, PageUserDep
from api.web.render import page
from matcher.bpv.track import detail_lines, summary_text

router = APIRouter(tags=["webpagina's"])


@router.get("/bureau/bedrijven", response_class=HTMLResponse)
def companies_page(request: Request, user: PageUserDep, session: SessionDep) -> Response:
    """Per company with a BPV history: the short line and the reasons behind it, and the
    supervision hours a round uses for it (one query for the companies, one for the sums)."""
    records = track.with_history(session, user.grant)
    if records is None:
        raise PageError(403, "Alleen het BPV-bureau ziet de ervaringen met bedrijven.")
    seen = praktijkopleiders.for_staff(session, user.grant, records) or {}
    rows = []
    for company_id, record in records.items():
        supervision = seen.get(company_id)
        rows.append(
            {
                "company_id": company_id,  # a company no longer in the data: its code
                "name": (supervision and supervision.stored.name) or company_id,
                "summary": summary_text(record),
                "details": detail_lines(record),
                "supervision": supervision,
            }
        )
    rows.sort(key=lambda r: (str(r["name"]).lower(), r["company_id"]))
    return page(request, "bureau_companies.html", rows=rows)

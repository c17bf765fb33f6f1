"""The bureau's model page: what the learned model learned, in Dutch, and the decision about it.

A trained model is a proposal until a person approves it; rounds use only the approved version
(adapters/flows/model_versions.py). Approving and rolling back are one form each.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from adapters.flows import model_versions as flow
from adapters.flows.model_versions import STATUS_LABELS, ModelStatus
from api.deps import EngineDep
from api.web.access import PageUserDep, require_principal
from api.web.charts import calibration_plot
from api.web.render import page
from matcher.errors import MatcherError
from matcher.learn_report import evidence_report

router = APIRouter(tags=["webpagina's"])
SHOWN = 5  # the newest versions on the page


def _render(request: Request, engine: EngineDep, *, error: str | None = None) -> Response:
    versions = flow.list_models(engine)[:SHOWN]
    in_use = next((v for v in versions if v.status is ModelStatus.APPROVED), None)
    return page(
        request,
        "bureau_model.html",
        status_code=400 if error else 200,
        versions=[(v, evidence_report(v.evidence)) for v in versions],
        plots={v.id: calibration_plot(v.evidence.get("calibration", [])) for v in versions},
        in_use=in_use,
        label=STATUS_LABELS,
        decidable=flow.DECIDABLE,
        error=error,
    )


@router.get("/bureau/model", response_class=HTMLResponse)
def model_page(request: Request, _user: PageUserDep, engine: EngineDep) -> Response:
    """The model versions with their evidence, newest first."""
    return _render(request, engine)


@router.post("/bureau/model/goedkeuren", response_class=HTMLResponse)
async def approve(
    request: Request, user: PageUserDep, engine: EngineDep, versie: Annotated[str, Form()] = ""
) -> Response:
    """Approve one version (form field ``versie``): from now on the rounds use it."""
    if not versie.isdigit():
        return _render(request, engine, error="Kies welk model je goedkeurt (een nummer).")
    version_id = int(versie)
    try:
        await run_in_threadpool(flow.approve_model, engine, version_id, require_principal(user))
    except MatcherError as error:
        return _render(request, engine, error=error.message)
    return RedirectResponse("/bureau/model", status_code=303)


@router.post("/bureau/model/terugdraaien", response_class=HTMLResponse)
async def rollback(request: Request, user: PageUserDep, engine: EngineDep) -> Response:
    """One step back: the version approved before this one (or the rules)."""
    try:
        await run_in_threadpool(flow.rollback_model, engine, require_principal(user))
    except MatcherError as error:
        return _render(request, engine, error=error.message)
    return RedirectResponse("/bureau/model", status_code=303)

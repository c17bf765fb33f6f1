"""The beheer pages: accounts (list, create, switch off and on, role, links, password reset),
the audit log's verification status and the e-mail outbox. Thin: parse the form, call one flow,
show the result.

A new or reset password is shown once on the answer to the POST (never in a URL, never cached)
and is stored only as a hash; nothing here logs it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters.flows import accounts as flow
from adapters.flows import outbox
from api.deps import EngineDep, SessionDep, SettingsDep
from api.errors import HTTP_STATUS
from api.routes.accounts import AccountId
from api.web.access import PageError, PageUser, PageUserDep
from api.web.render import page
from matcher.audit_chain import dutch_count
from matcher.errors import MatcherError, NotFoundError

router = APIRouter(tags=["webpagina's"])
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
DONE: dict[str, str] = {
    "uit": "Het account staat uit. Al zijn sessies en sleutels werken niet meer.",
    "aan": "Het account staat weer aan. De persoon logt opnieuw in.",
    "rol": "De rol is veranderd.",
    "studenten": "De studenten van dit account zijn bijgewerkt.",
    "bedrijf": "Het account hoort nu bij het gekozen bedrijf.",
}
CHAIN_LABELS = {"privacy_event": "Privacylog", "round_event": "Rondelog"}
ROLE_CHOICES = tuple((role.value, label) for role, label in flow.ROLE_LABELS.items())


def _zone() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # no time zone data on this machine: show UTC
        return None


ZONE = _zone()


def dutch_time(moment: datetime | None, *, with_time: bool = True) -> str:
    """A stored moment (UTC) as Dutch local time, dd-mm-jjjj uu:mm; "Nog nooit" for none."""
    if moment is None:
        return "Nog nooit"
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(ZONE) if ZONE else moment
    text = local.strftime("%d-%m-%Y %H:%M" if with_time else "%d-%m-%Y")
    return text if ZONE or not with_time else f"{text} (UTC)"


def _status(error: MatcherError) -> int:
    return next((code for kind, code in HTTP_STATUS.items() if isinstance(error, kind)), 422)


def _list_page(
    request: Request,
    session: SessionDep,
    user: PageUser,
    *,
    zoek: str = "",
    error: MatcherError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    found = flow.list_accounts(session, user.grant, zoek)
    return page(
        request,
        "beheer_home.html",
        status_code=200 if error is None else _status(error),
        accounts=found,
        zoek=zoek,
        when=dutch_time,
        error=error,
        form=form or {"institution": flow.default_institution(session) or ""},
        roles=ROLE_CHOICES,
    )


def _detail_page(
    request: Request,
    session: SessionDep,
    user: PageUser,
    account_id: AccountId,
    *,
    done: str = "",
    error: MatcherError | None = None,
) -> Response:
    try:
        account = flow.get_account(session, user.grant, account_id)
    except NotFoundError as exc:
        raise PageError(404, exc.message) from None
    return page(
        request,
        "beheer_account.html",
        status_code=200 if error is None else _status(error),
        account=account,
        when=dutch_time,
        done=DONE.get(done, ""),
        error=error,
        roles=ROLE_CHOICES,
        self_id=user.principal.account_id if user.principal else None,
    )


def _password_page(request: Request, new: flow.NewPassword, made: bool) -> Response:
    shown = page(
        request, "beheer_password.html", account=new.account, password=new.password, made=made
    )
    shown.headers.update(NO_STORE)
    return shown


@router.get("/beheer", response_class=HTMLResponse)
def beheer_home(
    request: Request, user: PageUserDep, session: SessionDep, zoek: str = ""
) -> Response:
    """Every account, with a search box and the form to make a new one."""
    return _list_page(request, session, user, zoek=zoek)


@router.post("/beheer/accounts", response_class=HTMLResponse)
def create_account(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    email: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    institution: Annotated[str, Form()] = "",
    student_code: Annotated[str, Form()] = "",
    company_code: Annotated[str, Form()] = "",
) -> Response:
    """Make the account and show its password once; on bad input the form again, with why."""
    form = {
        "email": email,
        "display_name": display_name,
        "role": role,
        "institution": institution,
        "student_code": student_code,
        "company_code": company_code,
    }
    try:
        new = flow.create(
            session,
            user.grant,
            email=email,
            display_name=display_name,
            role=role,
            institution=institution,
            student_code=student_code,
            company_code=company_code,
        )
    except MatcherError as exc:
        return _list_page(request, session, user, error=exc, form=form)
    return _password_page(request, new, made=True)


@router.get("/beheer/accounts/{account_id}", response_class=HTMLResponse)
def account_page(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    account_id: AccountId,
    gedaan: str = "",
) -> Response:
    """One account: its roles and links, and the forms to change them."""
    return _detail_page(request, session, user, account_id, done=gedaan)


def _change(
    request: Request,
    session: SessionDep,
    user: PageUser,
    account_id: AccountId,
    done: str,
    action: Callable[[], Any],
) -> Response:
    """Run one change; back to the account page with what happened, or why nothing did."""
    try:
        action()
    except NotFoundError as exc:
        raise PageError(404, exc.message) from None
    except MatcherError as exc:
        return _detail_page(request, session, user, account_id, error=exc)
    return RedirectResponse(f"/beheer/accounts/{account_id}?gedaan={done}", status_code=303)


@router.post("/beheer/accounts/{account_id}/uitzetten", response_class=HTMLResponse)
def disable(
    request: Request, user: PageUserDep, session: SessionDep, account_id: AccountId
) -> Response:
    """Switch the account off: its sessions and tokens stop at once."""
    return _change(
        request,
        session,
        user,
        account_id,
        "uit",
        lambda: flow.disable(session, user.grant, account_id),
    )


@router.post("/beheer/accounts/{account_id}/aanzetten", response_class=HTMLResponse)
def enable(
    request: Request, user: PageUserDep, session: SessionDep, account_id: AccountId
) -> Response:
    """Switch the account on again."""
    return _change(
        request,
        session,
        user,
        account_id,
        "aan",
        lambda: flow.enable(session, user.grant, account_id),
    )


@router.post("/beheer/accounts/{account_id}/rol", response_class=HTMLResponse)
def change_role(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    account_id: AccountId,
    role: Annotated[str, Form()] = "",
    student_code: Annotated[str, Form()] = "",
    company_code: Annotated[str, Form()] = "",
) -> Response:
    """Give the account another role."""
    return _change(
        request,
        session,
        user,
        account_id,
        "rol",
        lambda: flow.set_role(
            session,
            user.grant,
            account_id,
            role,
            student_code=student_code,
            company_code=company_code,
        ),
    )


@router.post("/beheer/accounts/{account_id}/studenten", response_class=HTMLResponse)
def change_caseload(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    account_id: AccountId,
    codes: Annotated[str, Form()] = "",
) -> Response:
    """Replace the students (by code) a jobcoach or begeleider guides."""
    return _change(
        request,
        session,
        user,
        account_id,
        "studenten",
        lambda: flow.set_caseload(session, user.grant, account_id, codes),
    )


@router.post("/beheer/accounts/{account_id}/bedrijf", response_class=HTMLResponse)
def change_company(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    account_id: AccountId,
    company_code: Annotated[str, Form()] = "",
) -> Response:
    """Link a company account to its company."""
    return _change(
        request,
        session,
        user,
        account_id,
        "bedrijf",
        lambda: flow.link_company(session, user.grant, account_id, company_code),
    )


@router.post("/beheer/accounts/{account_id}/wachtwoord", response_class=HTMLResponse)
def reset_password(
    request: Request, user: PageUserDep, session: SessionDep, account_id: int
) -> Response:
    """A new password, shown once; the account's old sessions end."""
    try:
        new = flow.reset_password(session, user.grant, account_id)
    except NotFoundError as exc:
        raise PageError(404, exc.message) from None
    except MatcherError as exc:
        return _detail_page(request, session, user, account_id, error=exc)
    return _password_page(request, new, made=False)


@router.get("/beheer/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: PageUserDep, engine: EngineDep) -> Response:
    """Whether the audit log's hash chains hold, or where the first break is."""
    try:
        status = flow.audit_overview(engine, user.grant)
    except MatcherError as exc:
        raise PageError(_status(exc), exc.message) from None
    rows = [
        (report, CHAIN_LABELS.get(report.table, report.table), dutch_count(report.rows), line)
        for report, line in zip(status.reports, status.lines(), strict=True)
    ]
    return page(request, "beheer_audit.html", status=status, rows=rows, labels=CHAIN_LABELS)


def _outbox_page(
    request: Request,
    session: SessionDep,
    user: PageUser,
    settings: SettingsDep,
    *,
    done: str = "",
    error: MatcherError | None = None,
) -> Response:
    overview = outbox.outbox_overview(session, user.grant, settings=settings)
    return page(
        request,
        "beheer_berichten.html",
        status_code=200 if error is None else _status(error),
        overview=overview,
        when=dutch_time,
        count=dutch_count,
        done=done,
        error=error,
    )


@router.get("/beheer/berichten", response_class=HTMLResponse)
def outbox_page(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    settings: SettingsDep,
    gedaan: str = "",
) -> Response:
    """The e-mail outbox: waiting, sent and refused messages, by account and kind."""
    done = "Het bericht wordt zo opnieuw verstuurd." if gedaan == "opnieuw" else ""
    return _outbox_page(request, session, user, settings, done=done)


@router.post("/beheer/berichten/opnieuw", response_class=HTMLResponse)
def retry_message(
    request: Request,
    user: PageUserDep,
    session: SessionDep,
    settings: SettingsDep,
    message_id: Annotated[str, Form()] = "",
) -> Response:
    """Make an unsent message due now; back to the list, or the list with why not."""
    try:
        outbox.retry(session, user.grant, outbox.parse_message_id(message_id))
    except MatcherError as exc:
        session.rollback()
        return _outbox_page(request, session, user, settings, error=exc)
    session.commit()
    return RedirectResponse("/beheer/berichten?gedaan=opnieuw", status_code=303)

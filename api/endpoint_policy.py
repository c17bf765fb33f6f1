"""The endpoint policy: every HTTP route has exactly one entry, and nothing checks ad hoc.

Keys are ``"METHOD /path"`` exactly as FastAPI registers the route; each value is an
``EndpointRule`` of the core (``matcher/privacy/endpoints.py``), which decides with the
permission table. ``api/security.py`` looks the rule up and hands it to the access adapter.
"""

from __future__ import annotations

from matcher.privacy.endpoints import EndpointRule, Subject
from matcher.privacy.vocabulary import Access, Action, Category, Purpose

P = Purpose
C = Category
A = Action
S = Subject
_STAFF_READ = (P.MATCHING, P.BEGELEIDING, P.REVIEW)
_OWN_OR_STAFF = (P.OWN_DATA, *_STAFF_READ)
_ADMIN = (P.ADMINISTRATION,)
_BPV_READ = (P.BEGELEIDING, P.OWN_DATA, P.REVIEW)


def _rule(
    category: Category,
    purposes: tuple[Purpose, ...],
    action: Action = Action.READ,
    subject: Subject = Subject.COLLECTION,
    *,
    minimum: Access = Access.CONSENT,
) -> EndpointRule:
    return EndpointRule(category, purposes, action, subject, minimum=minimum)


_PUBLIC = EndpointRule(C.SYSTEM, (), A.READ, public=True)

# The web pages (issue #7), one entry per page; the same rules as the JSON routes they mirror.
# A round as a whole (every student's proposal, the charts, the map) is the bureau's: ROUNDS for
# matching is F for the bureau only. PROPOSALS would also admit caseload staff and companies,
# who relate to *some* proposals (issue 15, finding 1); their rows come from the scoped lists.
_BUREAU_READ = _rule(C.ROUNDS, (P.MATCHING,), minimum=Access.FULL)
_ROUND_WRITE = _rule(C.ROUNDS, (P.MATCHING,), A.WRITE, minimum=Access.FULL)
WEB_PAGE_POLICY: dict[str, EndpointRule] = {
    "GET /": _PUBLIC,
    "GET /login": _PUBLIC,
    "POST /login": EndpointRule(C.ACCOUNTS, (), A.LOGIN, public=True),
    "POST /logout": _rule(C.ACCOUNTS, (P.OWN_DATA,), A.LOGOUT, S.ACCOUNT),
    "GET /bureau": _rule(C.ROUNDS, (P.MATCHING,), minimum=Access.FULL),
    "GET /bureau/inlezen": _rule(C.FUNCTIONAL_NEEDS, _ADMIN, minimum=Access.FULL),
    # The learned model: aggregate figures only; approving it is a decision like publishing.
    "GET /bureau/model": _BUREAU_READ,
    "POST /bureau/model/goedkeuren": _rule(C.ROUNDS, _ADMIN, A.WRITE, minimum=Access.FULL),
    "POST /bureau/model/terugdraaien": _rule(C.ROUNDS, _ADMIN, A.WRITE, minimum=Access.FULL),
    "POST /bureau/inlezen": _rule(C.FUNCTIONAL_NEEDS, _ADMIN, A.WRITE, minimum=Access.FULL),
    "POST /bureau/rondes": _ROUND_WRITE,
    "GET /bureau/rondes/{round_id}": _BUREAU_READ,
    "POST /bureau/rondes/{round_id}/start": _ROUND_WRITE,
    "POST /bureau/rondes/{round_id}/opnieuw": _ROUND_WRITE,
    "POST /bureau/rondes/{round_id}/publiceren": _rule(
        C.ROUNDS, _ADMIN, A.WRITE, minimum=Access.FULL
    ),
    "GET /bureau/rondes/{round_id}/voortgang": _rule(C.ROUNDS, (P.MATCHING,), minimum=Access.FULL),
    "GET /bureau/rondes/{round_id}/voorstellen": _BUREAU_READ,
    "GET /bureau/rondes/{round_id}/voorstellen/{student_id}": _rule(
        C.PROPOSALS, (P.REVIEW,), subject=S.STUDENT, minimum=Access.FULL
    ),
    **{
        f"POST /bureau/rondes/{{round_id}}/voorstellen/{{student_id}}/{verb}": _rule(
            C.PROPOSALS, (P.REVIEW,), A.WRITE, S.STUDENT, minimum=Access.FULL
        )
        for verb in (
            "goedkeuren",
            "afwijzen",
            "vastzetten",
            "verplaatsen",
            "opmerking",
            "terugdraaien",
            "plaatsen",
        )
    },
    "POST /bureau/rondes/{round_id}/alles-goedkeuren/controleren": _rule(
        C.PROPOSALS, (P.REVIEW,), minimum=Access.FULL
    ),
    "POST /bureau/rondes/{round_id}/alles-goedkeuren": _rule(
        C.PROPOSALS, (P.REVIEW,), A.WRITE, minimum=Access.FULL
    ),
    "GET /bureau/rondes/{round_id}/afdrukken": _rule(C.PROPOSALS, _ADMIN, minimum=Access.FULL),
    "GET /bureau/inlezen/voorbeeld/{kind}": _rule(C.FUNCTIONAL_NEEDS, _ADMIN, minimum=Access.FULL),
    "GET /bureau/rondes/{round_id}/verschil": _BUREAU_READ,
    "GET /bureau/rondes/{round_id}/export": _rule(
        C.PROPOSALS, _ADMIN, A.EXPORT, minimum=Access.FULL
    ),
    "GET /bureau/rondes/{round_id}/kaartdata": _BUREAU_READ,
    "GET /jobcoach": _rule(C.IDENTITY, (P.BEGELEIDING,), minimum=Access.FULL),
    "GET /jobcoach/studenten/{student_id}": _rule(
        C.FUNCTIONAL_NEEDS, (P.BEGELEIDING,), subject=S.STUDENT, minimum=Access.FULL
    ),
    "GET /student": _rule(
        C.FUNCTIONAL_NEEDS, (P.OWN_DATA,), subject=S.ACCOUNT, minimum=Access.FULL
    ),
    "POST /student/toestemming": _rule(
        C.CONSENT, (P.OWN_DATA,), A.CONSENT_GIVEN, S.ACCOUNT, minimum=Access.FULL
    ),
    # the student's own favourites (issue 21): preferences are PROFILE, the student's own
    "POST /student/favorieten": _rule(
        C.PROFILE, (P.OWN_DATA,), A.WRITE, S.ACCOUNT, minimum=Access.FULL
    ),
    # the student's own profile: what I need is functional needs, the student's own; staff of
    # the student confirm the proposal (begeleiding, their caseload), never edit the words
    "GET /student/profiel": _rule(
        C.FUNCTIONAL_NEEDS, (P.OWN_DATA,), subject=S.ACCOUNT, minimum=Access.FULL
    ),
    "POST /student/profiel": _rule(
        C.FUNCTIONAL_NEEDS, (P.OWN_DATA,), A.WRITE, S.ACCOUNT, minimum=Access.FULL
    ),
    "POST /jobcoach/studenten/{student_id}/profiel/bevestigen": _rule(
        C.FUNCTIONAL_NEEDS, (P.BEGELEIDING,), A.WRITE, S.STUDENT, minimum=Access.FULL
    ),
    "GET /bedrijf": _rule(C.COMPANY_DATA, (P.MATCHING,), minimum=Access.FULL),
    "POST /bedrijf/profiel": _rule(C.COMPANY_DATA, _ADMIN, A.WRITE, minimum=Access.FULL),
    # the company's own praktijkopleiders (issue 21 item 5): company data, written by the
    # company only (the flow refuses every other role); no company id in the path: always "ours"
    "POST /bedrijf/praktijkopleiders": _rule(C.COMPANY_DATA, _ADMIN, A.WRITE, minimum=Access.FULL),
    "POST /bedrijf/praktijkopleiders/{person_id}": _rule(
        C.COMPANY_DATA, _ADMIN, A.WRITE, minimum=Access.FULL
    ),
    "POST /bedrijf/praktijkopleiders/{person_id}/verwijderen": _rule(
        C.COMPANY_DATA, _ADMIN, A.WRITE, minimum=Access.FULL
    ),
    # beheer (issue 16): accounts under the administration purpose, which only admin holds;
    # the audit status is SYSTEM (counts and hashes, no one's data), so the bureau, whose AUDIT
    # entry is about reading the privacy log itself, does not get it
    "GET /beheer": _rule(C.ACCOUNTS, _ADMIN, minimum=Access.FULL),
    "GET /beheer/audit": _rule(C.SYSTEM, _ADMIN, minimum=Access.FULL),
    "POST /beheer/accounts": _rule(C.ACCOUNTS, _ADMIN, A.ACCOUNT_CREATED, minimum=Access.FULL),
    "GET /beheer/accounts/{account_id}": _rule(C.ACCOUNTS, _ADMIN, minimum=Access.FULL),
    # the e-mail outbox: recipients as accounts (name, address) and the kind, never the text
    "GET /beheer/berichten": _rule(C.ACCOUNTS, _ADMIN, minimum=Access.FULL),
    "POST /beheer/berichten/opnieuw": _rule(C.ACCOUNTS, _ADMIN, A.WRITE, minimum=Access.FULL),
    **{
        f"POST /beheer/accounts/{{account_id}}/{verb}": _rule(
            C.ACCOUNTS, _ADMIN, A.WRITE, minimum=Access.FULL
        )
        for verb in ("uitzetten", "aanzetten", "rol", "studenten", "bedrijf", "wachtwoord")
    },
    # the BPV after the match (issue 19): the board is the bureau's (ROUNDS, like the round
    # pages); the jobcoach's view and its forms are staff pages like /jobcoach (the flow
    # scopes every record and step to the caseload)
    "GET /bureau/bpv": _rule(C.ROUNDS, (P.MATCHING,), minimum=Access.FULL),
    # the companies' track records (issue 19, item 4): the bureau only, like the BPV board
    "GET /bureau/bedrijven": _rule(C.ROUNDS, (P.MATCHING,), minimum=Access.FULL),
    # companies students know themself (issue 21, eigen netwerk): the bureau's list and its
    # decision, like the BPV board (the flow refuses anyone but the bureau as well); never a
    # company's: the suggestion is the student's and the school's
    "GET /bureau/eigen-netwerk": _rule(C.ROUNDS, (P.MATCHING,), minimum=Access.FULL),
    "POST /bureau/eigen-netwerk/{suggestion_id}/besluit": _rule(
        C.ROUNDS, (P.MATCHING,), A.WRITE, minimum=Access.FULL
    ),
    "POST /bureau/bpv/herplaatsing": _rule(C.ROUNDS, (P.MATCHING,), A.WRITE, minimum=Access.FULL),
    "GET /jobcoach/bpv": _rule(C.IDENTITY, (P.BEGELEIDING,), minimum=Access.FULL),
    # the student's own BPV and their answer; the company's BPVs and its evaluation form (the
    # flow checks each record: self, own company; the pages check the role)
    "GET /student/bpv": _rule(C.OUTCOMES, (P.OWN_DATA,), subject=S.ACCOUNT, minimum=Access.FULL),
    "POST /student/bpv/{bpv_id}/antwoord": _rule(
        C.OUTCOMES, (P.OWN_DATA,), A.WRITE, S.ACCOUNT, minimum=Access.FULL
    ),
    "GET /bedrijf/bpv": _rule(C.OUTCOMES, (P.BEGELEIDING,), minimum=Access.FULL),
    "POST /bedrijf/bpv/{bpv_id}/evaluatie": _rule(
        C.OUTCOMES, (P.BEGELEIDING,), A.WRITE, minimum=Access.FULL
    ),
    "POST /bedrijf/bpv/{bpv_id}/kennismaking": _rule(
        C.OUTCOMES, (P.BEGELEIDING,), A.WRITE, minimum=Access.FULL
    ),
    **{
        f"POST /jobcoach/bpv/{{bpv_id}}/{step}": _rule(
            C.IDENTITY, (P.BEGELEIDING,), A.WRITE, minimum=Access.FULL
        )
        for step in (
            "kennismaking-plannen",
            "kennismaking",
            "evaluaties-plannen",
            "overeenkomst",
            "start",
            "evaluatie",
            "afronden",
            "stoppen",
        )
    },
}

ENDPOINT_POLICY: dict[str, EndpointRule] = {
    # health
    "GET /health": _PUBLIC,
    "GET /ready": _PUBLIC,
    # students (responses carry functional needs: the most sensitive category decides)
    "GET /students": _rule(C.FUNCTIONAL_NEEDS, _STAFF_READ, minimum=Access.FULL),
    "GET /students/{student_id}": _rule(
        C.FUNCTIONAL_NEEDS, _OWN_OR_STAFF, subject=S.STUDENT, minimum=Access.FULL
    ),
    "POST /students": _rule(C.FUNCTIONAL_NEEDS, _ADMIN, A.WRITE, minimum=Access.FULL),
    # school keeps a student's record (its facts decide the hard rules): no own-data writes
    "PATCH /students/{student_id}": _rule(
        C.FUNCTIONAL_NEEDS, _ADMIN, A.WRITE, S.STUDENT, minimum=Access.FULL
    ),
    "DELETE /students/{student_id}": _rule(
        C.FUNCTIONAL_NEEDS, _ADMIN, A.DELETE, S.STUDENT, minimum=Access.FULL
    ),
    # the shortlist's reasons are derived from needs, so it counts as functional needs
    "GET /students/{student_id}/shortlist": _rule(
        C.FUNCTIONAL_NEEDS, _OWN_OR_STAFF, subject=S.STUDENT, minimum=Access.FULL
    ),
    # companies and places
    "GET /companies": _rule(C.COMPANY_DATA, _STAFF_READ),
    "GET /companies/{company_id}": _rule(C.COMPANY_DATA, _STAFF_READ, subject=S.COMPANY),
    # a company's praktijkopleiders: school staff, and the company itself (its own only)
    "GET /companies/{company_id}/praktijkopleiders": _rule(
        C.COMPANY_DATA, _STAFF_READ, subject=S.COMPANY, minimum=Access.FULL
    ),
    "POST /companies": _rule(C.COMPANY_DATA, _ADMIN, A.WRITE, minimum=Access.FULL),
    "PATCH /companies/{company_id}": _rule(
        C.COMPANY_DATA, _ADMIN, A.WRITE, S.COMPANY, minimum=Access.FULL
    ),
    "DELETE /companies/{company_id}": _rule(
        C.COMPANY_DATA, _ADMIN, A.DELETE, S.COMPANY, minimum=Access.FULL
    ),
    "GET /places": _rule(C.COMPANY_DATA, _STAFF_READ),
    "GET /places/{place_id}": _rule(C.COMPANY_DATA, _STAFF_READ, subject=S.PLACE),
    "POST /places": _rule(C.COMPANY_DATA, _ADMIN, A.WRITE, minimum=Access.FULL),
    "PATCH /places/{place_id}": _rule(
        C.COMPANY_DATA, _ADMIN, A.WRITE, S.PLACE, minimum=Access.FULL
    ),
    "DELETE /places/{place_id}": _rule(
        C.COMPANY_DATA, _ADMIN, A.DELETE, S.PLACE, minimum=Access.FULL
    ),
    # imports write every category at once
    "POST /imports": _rule(C.FUNCTIONAL_NEEDS, _ADMIN, A.WRITE, minimum=Access.FULL),
    # rounds
    "POST /rounds": _rule(C.ROUNDS, (P.MATCHING,), A.WRITE, minimum=Access.FULL),
    "GET /rounds": _rule(C.ROUNDS, (P.MATCHING, P.REVIEW)),
    "GET /rounds/{round_id}": _rule(C.ROUNDS, (P.MATCHING, P.REVIEW)),
    "POST /rounds/{round_id}/start": _rule(C.ROUNDS, (P.MATCHING,), A.WRITE, minimum=Access.FULL),
    "POST /rounds/rematch": _rule(C.ROUNDS, (P.MATCHING,), A.WRITE, minimum=Access.FULL),
    "POST /rounds/{round_id}/rerun": _rule(C.ROUNDS, (P.MATCHING,), A.WRITE, minimum=Access.FULL),
    "POST /rounds/{round_id}/publish": _rule(C.ROUNDS, _ADMIN, A.WRITE, minimum=Access.FULL),
    "GET /rounds/{round_id}/proposals": _rule(C.PROPOSALS, _STAFF_READ),
    "GET /rounds/{round_id}/diff": _rule(C.PROPOSALS, (P.REVIEW,)),
    "GET /rounds/{round_id}/export": _rule(C.PROPOSALS, _ADMIN, A.EXPORT, minimum=Access.FULL),
    "GET /rounds/{round_id}/events": _rule(C.ROUNDS, (P.REVIEW,), minimum=Access.FULL),
    **{
        f"POST /rounds/{{round_id}}/proposals/{{student_id}}/{verb}": _rule(
            C.PROPOSALS, (P.REVIEW,), A.WRITE, S.STUDENT, minimum=Access.FULL
        )
        for verb in ("accept", "reject", "lock", "move", "comment", "undo", "place")
    },
    "POST /rounds/{round_id}/bulk-accept": _rule(
        C.PROPOSALS, (P.REVIEW,), A.WRITE, minimum=Access.FULL
    ),
    # the BPV after the match (issue 19): OUTCOMES ("evaluation, outcome"); the flow checks each
    # record (institution, caseload, self, own company) and lets only staff take steps
    "GET /bpvs": _rule(C.OUTCOMES, _BPV_READ),
    "GET /bpvs/{bpv_id}": _rule(C.OUTCOMES, _BPV_READ),
    **{
        f"POST /bpvs/{{bpv_id}}/{step}": _rule(C.OUTCOMES, (P.BEGELEIDING,), A.WRITE)
        for step in (
            "kennismaking/plan",
            "kennismaking",
            "agreement",
            "start",
            "evaluations/plan",
            "evaluations",
            "finish",
            "stop",
        )
    },  # fmt: skip
    "POST /bpvs/{bpv_id}/student-answer": _rule(C.OUTCOMES, (P.OWN_DATA,), A.WRITE, S.ACCOUNT),
    "POST /bpvs/{bpv_id}/company-evaluation": _rule(C.OUTCOMES, (P.BEGELEIDING,), A.WRITE),
    "POST /bpvs/{bpv_id}/company-verdict": _rule(C.OUTCOMES, (P.BEGELEIDING,), A.WRITE),
    # the queue feeds a re-match round: the bureau's, and caseload staff for their students
    "GET /rematch-queue": _rule(C.ROUNDS, (P.REVIEW,), minimum=Access.FULL),
    # ends that company's BPVs and queues its students: round administration, like publishing
    "POST /companies/{company_id}/withdraw-erkenning": _rule(
        C.ROUNDS, _ADMIN, A.WRITE, S.COMPANY, minimum=Access.FULL
    ),
    # authentication and one's own account
    "POST /auth/login": EndpointRule(C.ACCOUNTS, (), A.LOGIN, public=True),
    "POST /auth/logout": _rule(C.ACCOUNTS, (P.OWN_DATA,), A.LOGOUT, S.ACCOUNT),
    "GET /me": _rule(C.ACCOUNTS, (P.OWN_DATA,), subject=S.ACCOUNT),
    "POST /me/tokens": _rule(C.ACCOUNTS, (P.OWN_DATA,), A.TOKEN_CREATED, S.ACCOUNT),
    "DELETE /me/tokens/{token_id}": _rule(C.ACCOUNTS, (P.OWN_DATA,), A.DELETE, S.ACCOUNT),
    # account management (beheer, issue 16): the same flows as the /beheer pages
    "GET /accounts": _rule(C.ACCOUNTS, _ADMIN, minimum=Access.FULL),
    "POST /accounts": _rule(C.ACCOUNTS, _ADMIN, A.ACCOUNT_CREATED, minimum=Access.FULL),
    "GET /accounts/{account_id}": _rule(C.ACCOUNTS, _ADMIN, minimum=Access.FULL),
    **{
        f"POST /accounts/{{account_id}}/{verb}": _rule(
            C.ACCOUNTS, _ADMIN, A.WRITE, minimum=Access.FULL
        )
        for verb in ("disable", "enable", "role", "caseload", "company", "reset-password")
    },
    "GET /audit/status": _rule(C.SYSTEM, _ADMIN, minimum=Access.FULL),
    # consent, the privacy log and data subject rights
    "GET /students/{student_id}/consents": _rule(
        C.CONSENT, (P.OWN_DATA, P.BEGELEIDING, P.MATCHING, P.ADMINISTRATION), subject=S.STUDENT
    ),
    "POST /students/{student_id}/consents": _rule(
        C.CONSENT,
        (P.OWN_DATA, P.BEGELEIDING, P.ADMINISTRATION),
        A.CONSENT_GIVEN,
        S.STUDENT,
        minimum=Access.FULL,
    ),
    "DELETE /students/{student_id}/consents": _rule(
        C.CONSENT,
        (P.OWN_DATA, P.BEGELEIDING, P.ADMINISTRATION),
        A.CONSENT_REVOKED,
        S.STUDENT,
        minimum=Access.FULL,
    ),
    "GET /students/{student_id}/audit": _rule(
        C.AUDIT, (P.OWN_DATA, P.ADMINISTRATION), subject=S.STUDENT, minimum=Access.FULL
    ),
    "GET /students/{student_id}/export": _rule(
        C.FUNCTIONAL_NEEDS,
        (P.OWN_DATA, P.ADMINISTRATION),
        A.EXPORT,
        S.STUDENT,
        minimum=Access.FULL,
    ),
    "POST /students/{student_id}/erase": _rule(
        C.FUNCTIONAL_NEEDS, _ADMIN, A.ERASE, S.STUDENT, minimum=Access.FULL
    ),
    # the company view: the card parts the student shares with this company, nothing without
    "GET /companies/{company_id}/candidates": _rule(
        C.FUNCTIONAL_NEEDS, (P.MATCHING, P.BEGELEIDING), subject=S.COMPANY
    ),
    **WEB_PAGE_POLICY,
}

# Routes planned but not mounted yet; the same rules apply once they are.
PLANNED_POLICY: dict[str, EndpointRule] = {}


def endpoint_key(method: str, path: str) -> str:
    """The policy key of a route: ``"GET /students/{student_id}"``."""
    return f"{method.upper()} {path}"


def rule_for(method: str, path: str) -> EndpointRule | None:
    """The rule of a route, mounted or planned; None when the route has no entry (a bug)."""
    key = endpoint_key(method, path)
    return ENDPOINT_POLICY.get(key) or PLANNED_POLICY.get(key)

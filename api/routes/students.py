"""Students: list, read, create, change and remove (thin: the flows do the work)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from adapters.db.profile_filters import StudentFilter
from adapters.db.profile_queries import STUDENTS
from adapters.db.types import MAX_DB_INT
from adapters.flows import profiles
from adapters.flows.profile_filters import student_conditions
from adapters.flows.reads import people
from api.deps import EngineDep, GeocoderDep, SessionDep
from api.schemas.common import Page
from api.schemas.students import StudentCreate, StudentPublic, StudentUpdate
from api.security import Authorized, PrincipalDep
from matcher.privacy.fields import special_fields_in

router = APIRouter(prefix="/students", tags=["studenten"])
Offset = Annotated[int, Query(ge=0, le=MAX_DB_INT, description="Hoeveel resultaten overslaan")]
Limit = Annotated[int, Query(ge=1, le=profiles.MAX_LIMIT, description="Hoeveel per pagina")]
SHOWN_SPECIAL = sorted(special_fields_in(set(StudentPublic.model_fields)))


@router.get("", response_model=Page[StudentPublic], summary="Studenten zoeken (per pagina)")
def list_students(
    grant: Authorized,
    session: SessionDep,
    engine: EngineDep,
    geocoder: GeocoderDep,
    offset: Offset = 0,
    limit: Limit = 50,
    crebo: str | None = None,
    niveau: Annotated[int | None, Query(ge=1, le=4)] = None,
    priority: bool | None = None,
    needs_support: Annotated[
        bool | None,
        Query(description="Alleen studenten die (geen) extra ondersteuning nodig hebben"),
    ] = None,
    postcode: Annotated[str | None, Query(description="Woont rond deze postcode")] = None,
    radius_km: Annotated[float, Query(gt=0, le=100, description="Straal rond de postcode")] = 5.0,
) -> Page[StudentPublic]:
    """Students sorted by id, filtered; ``total`` counts all pages."""
    found = StudentFilter(crebo, niveau, priority, needs_support, postcode, radius_km)
    where = student_conditions(found, geocoder)
    items, total = people.list_students(
        session, engine, grant, where, offset=offset, limit=limit, fields=SHOWN_SPECIAL
    )
    session.commit()
    return Page(items=[StudentPublic.of(s) for s in items], total=total, offset=offset, limit=limit)


@router.get("/{student_id}", response_model=StudentPublic, summary="Eén student bekijken")
def read_student(
    student_id: str, grant: Authorized, session: SessionDep, engine: EngineDep
) -> StudentPublic:
    """One student by id (the read is written to the privacy log)."""
    found = StudentPublic.of(
        people.read_student(session, engine, grant, student_id, fields=SHOWN_SPECIAL)
    )
    session.commit()
    return found


@router.post(
    "",
    response_model=StudentPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Een student toevoegen",
)
def create_student(
    actor: PrincipalDep, body: StudentCreate, engine: EngineDep, geocoder: GeocoderDep
) -> StudentPublic:
    """Checked exactly like a row of students.csv."""
    values = body.model_dump(exclude_unset=True)
    return StudentPublic.of(
        profiles.create_profile(engine, STUDENTS, values, geocoder=geocoder, actor=actor)
    )


@router.patch("/{student_id}", response_model=StudentPublic, summary="Een student aanpassen")
def update_student(
    actor: PrincipalDep,
    student_id: str,
    body: StudentUpdate,
    engine: EngineDep,
    geocoder: GeocoderDep,
) -> StudentPublic:
    """Only the fields sent change; the whole student is checked again."""
    changes = body.model_dump(exclude_unset=True)
    item = profiles.update_profile(
        engine, STUDENTS, student_id, changes, geocoder=geocoder, actor=actor
    )
    return StudentPublic.of(item)


@router.delete(
    "/{student_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Een student verwijderen"
)
def delete_student(actor: PrincipalDep, student_id: str, engine: EngineDep) -> Response:
    """Remove a student that nothing refers to."""
    profiles.delete_profile(engine, STUDENTS, student_id, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

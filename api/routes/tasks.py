"""GET /tasks, GET /tasks/{id} with its legal-basis trace, GET /trace (what a user's words name)
and GET /assignments."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query

from api import schemas
from api.deps import StoreDep
from api.views import all_tasks, iri_of, not_found, page, row
from kg.docs import select
from kg.trace import PLANS_SHOWN, ROLES, TargetError, trace, trace_task
from loaders.gazetteer import fold

router = APIRouter(tags=["tasks"])

PlansQuery = Annotated[int, Query(ge=0, description="the newest documents giving a task to show in its trace; 0 for all")]


@router.get("/tasks", response_model=schemas.TasksPublic)
def list_tasks(
    store: StoreDep,
    q: Annotated[str | None, Query(description='words of a wording, with or without diacritics: "chuyen doi so"')] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> schemas.TasksPublic:
    """The task nodes (one per task, however many documents word it), by IRI."""
    tasks = all_tasks(store)
    if q:
        want = fold(q)
        tasks = [t for t in tasks if any(want in fold(w) for w in t.wordings)]
    return schemas.TasksPublic(data=page(tasks, offset, limit), count=len(tasks))


@router.get("/tasks/{task_id:path}", response_model=schemas.TaskDetailPublic, responses={404: {"model": schemas.Message}})
def get_task(task_id: str, store: StoreDep, plans: PlansQuery = PLANS_SHOWN) -> schemas.TaskDetailPublic:
    """One task and its legal-basis trace: the documents assigning it (who leads, supports,
    monitors), their bases up to the national roots, and the reassignment requests about it."""
    iri = iri_of("tasks", task_id)
    task = next((t for t in all_tasks(store) if t.iri == iri), None)
    if task is None:
        raise not_found("task", iri)
    return schemas.TaskDetailPublic(task=task, trace=trace_task(store, iri, limit=plans or None).to_dict())


@router.get("/trace", response_model=schemas.TracePublic, responses={404: {"model": schemas.Message}})
def get_trace(
    store: StoreDep,
    target: Annotated[str, Query(min_length=1, description='a reference ("Kế hoạch 169/KH-UBND"), an ingested file name, '
                                                          "a task's words or an IRI")],
    down: Annotated[bool, Query(description="what rests on it instead of what it rests on")] = False,
    province: Annotated[str | None, Query()] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    plans: PlansQuery = PLANS_SHOWN,
) -> schemas.TracePublic:
    """The legal-basis trace of everything `target` names (as `cancu trace`)."""
    try:
        nodes = trace(store, target, down=down, province=province, year=year, limit=plans or None)
    except TargetError as e:
        raise HTTPException(404, str(e)) from e
    return schemas.TracePublic(data=[n.to_dict() for n in nodes], count=len(nodes))


@router.get("/assignments", response_model=schemas.AssignmentsPublic, tags=["assignments"])
def list_assignments(
    store: StoreDep,
    agency: Annotated[str | None, Query(description="words of the assigned agency's name, without diacritics too")] = None,
    role: Annotated[Literal["lead", "support", "monitor"] | None, Query()] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> schemas.AssignmentsPublic:
    """Every assignment of a task to an agency, in the order the documents state them."""
    rows = [row(r, byAgency="by_agency") for r in select(store, "assignments")]
    for r in rows:
        r["role"] = ROLES.get(r["role"], r["role"])
    if agency:
        rows = [r for r in rows if r["agency"] and fold(agency) in fold(r["agency"])]
    if role:
        rows = [r for r in rows if r["role"] == role]
    rows.sort(key=lambda r: (r["by"], r["position"] or 0, r["fact"]))
    return schemas.AssignmentsPublic(data=[schemas.AssignmentPublic(**r) for r in page(rows, offset, limit)],
                                     count=len(rows))

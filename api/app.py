"""The HTTP server: the REST routes, the SPARQL 1.1 endpoint and the graph pages, built by `create_app`.

The store is opened when the application starts (its lifespan) and closed when it stops;
see `api.deps` for how reads, uploads and SPARQL share it.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from api.deps import open_served
from api.routes import (
    agencies,
    budget,
    conflicts,
    documents,
    findings,
    graph,
    reassignments,
    reports,
    search,
    sparql,
    tasks,
    upload,
)
from api.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application serving `settings.store`; one router per resource."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.served = open_served(settings)
        try:
            yield
        finally:
            app.state.served.close()

    # FastAPI's /docs loads Swagger UI from a CDN when the page is viewed; fastapi-offline serves
    # it from the assets its package ships, and validatorUrl=None keeps Swagger UI from calling
    # its online validator.  No /redoc: even offline, ReDoc fetches its logo from its CDN.
    app = FastAPIOffline(title="cancu", description="Vietnamese administrative documents as a knowledge graph: "
                         "documents, tasks, agencies, conflicts, and a read-only SPARQL 1.1 endpoint at /sparql.",
                         lifespan=lifespan, redoc_url=None, swagger_ui_parameters={"validatorUrl": None})
    app.state.settings = settings
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])

    # Routers: one include per resource module under api/routes/.
    app.include_router(upload.router)  # before documents: POST /documents, GET /documents/{id:path}
    app.include_router(documents.router)
    app.include_router(agencies.router)
    app.include_router(tasks.router)
    app.include_router(conflicts.router)
    app.include_router(reassignments.router)
    app.include_router(budget.router)
    app.include_router(reports.router)
    app.include_router(findings.router)
    app.include_router(search.router)
    app.include_router(sparql.router)
    app.include_router(graph.router)
    return app

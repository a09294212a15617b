"""The HTTP server: the REST routes, the SPARQL 1.1 endpoint and the graph pages, built by `create_app`."""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application serving `settings.store`; one router per resource."""
    settings = settings or Settings()
    app = FastAPI(title="cancu", description="Vietnamese administrative documents as a knowledge graph.")
    app.state.settings = settings
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])

    # Routers: one include per resource module under api/routes/.
    return app

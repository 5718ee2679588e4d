"""The ASGI application: uvicorn serves `app.main:app`."""

from collections.abc import Sequence

from fastapi import FastAPI

from app.dependencies import DEPENDENCIES, SERVICE
from app.health import Dependency, health_router


def create_app(
    service: str = SERVICE, dependencies: Sequence[Dependency] = DEPENDENCIES
) -> FastAPI:
    app = FastAPI(title=service)
    app.include_router(health_router(service, dependencies))
    return app


app = create_app()

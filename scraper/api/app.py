"""Wire the API together: the routes, the search page, error answers and security headers.

Every answer carries a Content-Security-Policy that allows nothing but this server's own
stylesheet and forms (the page has no script at all), plus `nosniff`, no referrer and no
framing. A database that fails answers 503 with the reason, never a bare 500. Swagger UI is
left out: it loads its script from a CDN, which the policy (rightly) refuses; the schema is at
/openapi.json.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from scraper.api import page, routes
from scraper.errors import describe

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_SECURITY_POLICY", "create_app"]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def create_app(engine: Engine) -> FastAPI:
    """The ASGI app over `engine` (opened, and made read-only, by the caller)."""
    app = FastAPI(
        title="tidings",
        summary="Read-only API over the items tidings collected.",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.include_router(routes.router)
    app.include_router(page.router)
    app.add_exception_handler(SQLAlchemyError, _database_failed)
    app.add_middleware(_SecurityHeaders)
    return app


async def _database_failed(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": f"database: {describe(exc)}"}, status_code=503)


class _SecurityHeaders:
    """Pure ASGI (no BaseHTTPMiddleware): adds the headers as the response starts."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_SECURITY_HEADERS]
            await send(message)

        await self._app(scope, receive, send_with_headers)

"""The read-only HTTP API and the search page: `tidings serve`.

A thin edge, like the CLI: each endpoint parses its parameters, calls one `storage` function
(the ones the CLI calls) and shapes the answer. `schemas` holds the response models (the
OpenAPI document at /openapi.json is generated from them), `routes` the JSON endpoints, `page`
the server-rendered search page at `/`, `app` the wiring (error answers, security headers),
and `server` runs it on uvicorn.

Why FastAPI (on Starlette, on uvicorn) rather than Starlette alone: the API's contract is its
OpenAPI document, and FastAPI derives it from the typed signatures and pydantic models the
endpoints already have, so schema and behaviour cannot drift apart (the schemathesis fuzz
checks every answer against it). Its parameter validation turns a bad limit or an unknown sort
into a 422 with a JSON reason before any of our code runs. pydantic is already our boundary
library (config), and FastAPI adds no other runtime dependency than Starlette. The endpoints
are plain `def`s: FastAPI runs them in its thread pool, so SQLAlchemy's blocking calls run
concurrently with each other and never stall the event loop. Starlette alone would mean a
hand-written OpenAPI document and hand-written validation for each parameter.
"""

from __future__ import annotations

from scraper.api.app import create_app
from scraper.api.server import serve

__all__ = ["create_app", "serve"]

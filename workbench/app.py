"""The workbench's web app (FastAPI): two pages and a JSON API over workbench/service.py.

Pages: `/` lists the workspace's scenarios; `/plan?scenario=NAME` is the workbench for
one scenario (the editor, the calendar, the charts). Everything the page does goes
through `/api/...`. An input error answers 400 (409 for a solve already running, 413
for a body over the size limit) with `{"error": {...}, "errors": [...]}`, the same
file/field/message as the command line; anything else answers 500 with one line, never
a traceback.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.types import ASGIApp, Receive, Scope, Send

from models.errors import InputError
from workbench.jobs import Job, JobError, Jobs
from workbench.service import Service, error_list
from workbench.workspace import Workspace

MAX_BODY_BYTES = 1_000_000  # a scenario form or a plan's session ids; far more than either
DEFAULT_TIME_LIMIT = 20.0
MAX_TIME_LIMIT = 600.0


class BodyLimit:
    """Refuse a request body over `limit` bytes with 413, before the route reads it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await too_large(scope, receive, send, self.limit)
            return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except BodyTooLarge:
            await too_large(scope, receive, send, self.limit)


class BodyTooLarge(Exception):
    pass


async def too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    error = {"file": None, "field": "body", "message": f"is larger than {limit} bytes"}
    response = JSONResponse({"error": error, "errors": [error]}, status_code=413)
    await response(scope, receive, send)


def create_app(workspace: Workspace, *, time_limit: float = DEFAULT_TIME_LIMIT) -> FastAPI:
    """The app over `workspace`; `time_limit` is a solve's default."""
    service = Service(workspace)
    jobs = Jobs()
    pages = Environment(
        loader=PackageLoader("workbench", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()  # a server that stops leaves no solve running

    app = FastAPI(
        title="speedblock workbench",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.jobs = jobs
    static = resources.files("workbench") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> JSONResponse:
        errors = error_list(exc)
        status = 409 if isinstance(exc, JobError) else 400
        return JSONResponse({"error": errors[0], "errors": errors}, status_code=status)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        message = f"internal error: {type(exc).__name__}: {exc}"
        error = {"file": None, "field": None, "message": message, "line": message}
        return JSONResponse({"error": error, "errors": [error]}, status_code=500)

    def page(template: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(pages.get_template(template).render(**context))

    @app.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        return page("index.html.j2", scenarios=workspace.scenarios(), folder=workspace.root.name)

    @app.get("/plan", response_class=HTMLResponse)
    def plan_page(scenario: str) -> HTMLResponse:
        workspace.resolve(scenario, field="scenario")
        return page("workbench.html.j2", scenario=scenario, time_limit=time_limit)

    @app.get("/api/scenarios")
    def scenarios() -> dict[str, Any]:
        return {"scenarios": workspace.scenarios()}

    @app.get("/api/scenario")
    def scenario_form(name: str) -> dict[str, Any]:
        return service.scenario_form(name)

    @app.post("/api/scenario/validate")
    async def validate(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        try:
            service.edited_document(str(body.get("name", "")), values_of(body))
        except InputError as exc:
            if isinstance(exc, JobError):
                raise
            return {"errors": error_list(exc)}
        return {"errors": []}

    @app.put("/api/scenario")
    async def save(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        service.save_scenario(str(body.get("name", "")), values_of(body))
        return {"saved": True}

    @app.get("/api/plan")
    def plan(name: str) -> dict[str, Any]:
        view = service.plan_view(name)
        job = jobs.get(name)
        view["job"] = job_view(job) if job else None
        return view

    @app.get("/api/plans")
    def plan_files(name: str) -> dict[str, Any]:
        return {"plans": service.plan_files(name)}

    @app.post("/api/plan/copy")
    async def keep_copy(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        return {"copy": service.keep_copy(str(body.get("name", "")))}

    @app.get("/api/day")
    def day_options(name: str, date: str) -> dict[str, Any]:
        return {"date": date, "sessions": service.day_options(name, date)}

    @app.post("/api/plan/edit")
    async def edit(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        sessions, pinned = body.get("sessions"), body.get("pinned", [])
        if not isinstance(sessions, list) or not all(isinstance(s, str) for s in sessions):
            raise InputError("must be a list of session ids, one a day", field="sessions")
        if not isinstance(pinned, list) or not all(isinstance(d, str) for d in pinned):
            raise InputError("must be a list of dates", field="pinned")
        return service.edit(str(body.get("name", "")), sessions, pinned)

    @app.post("/api/solve")
    async def solve(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        name = str(body.get("name", ""))
        limit = seconds_of(body.get("time_limit", time_limit))
        kind = "reoptimize" if body.get("reoptimize") else "solve"
        if kind == "reoptimize":
            solve_request = service.reoptimize_request(name, limit)
        else:
            solve_request = service.solve_request(name, limit)

        def keep(job: Job) -> None:
            if job.result is not None:
                service.finish(name, solve_request, job.result)

        child = {k: solve_request[k] for k in SOLVE_KEYS if k in solve_request}
        job = jobs.start(name, kind, child, keep)
        return job_view(job)

    @app.get("/api/job")
    def job(name: str) -> dict[str, Any]:
        found = jobs.get(name)
        if found is None:
            raise InputError("has no solve", file=name, field="job")
        return job_view(found)

    @app.post("/api/cancel")
    async def cancel(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        return job_view(jobs.cancel(str(body.get("name", ""))))

    @app.get("/api/download")
    def download(name: str, format: str) -> Response:
        data, media, filename = service.download(name, format)
        return Response(
            data,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    @app.get("/api/chart")
    def chart(name: str, kind: str) -> Response:
        return Response(service.chart_png(name, kind), media_type="image/png")

    @app.get("/api/compare")
    def compare(name: str, first: str, second: str) -> dict[str, Any]:
        return service.compare(name, first, second)

    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    return app


SOLVE_KEYS = ("scenario", "time_limit", "workers", "seed", "warm_start")


def job_view(job: Job) -> dict[str, Any]:
    view = job.view()
    if job.state == "done" and job.result is not None:
        view["status"] = job.result.get("status")
        view["message"] = job.result.get("message")
        view["conflicts"] = job.result.get("conflicts") or []
    return view


async def json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw or b"{}")
    except ValueError as exc:
        raise InputError(f"is not JSON: {exc}", field="body") from None
    if not isinstance(body, dict):
        raise InputError("must be a JSON object", field="body")
    return body


def values_of(body: dict[str, Any]) -> dict[str, Any]:
    values = body.get("values", {})
    if not isinstance(values, dict):
        raise InputError("must be an object of field: text", field="values")
    return values


def seconds_of(value: Any) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{value!r} is not a number of seconds", field="time_limit") from None
    if not 0 < seconds <= MAX_TIME_LIMIT:
        raise InputError(f"must be more than 0 and at most {MAX_TIME_LIMIT:g}", field="time_limit")
    return seconds

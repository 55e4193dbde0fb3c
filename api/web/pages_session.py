"""Signing in with a token, signing out, the front door and the style sheet."""

from __future__ import annotations

from importlib import resources

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from api.web import session as sessions
from api.web.forms import Form, local_path
from api.web.members import MemberForm, current
from api.web.render import render
from api.web.routing import new_router

router = new_router()
STYLE = resources.files("api").joinpath("static/dashboard.css")


@router.get("/")
def front_door(request: Request) -> Response:
    return RedirectResponse("/today" if current(request) else "/sign-in", status_code=303)


@router.get("/sign-in")
def sign_in_page(request: Request) -> Response:
    return _sign_in(request, Form(), back_to=request.query_params.get("next", "/today"))


def _sign_in(request: Request, form: Form, *, back_to: str, status: int = 200) -> Response:
    # Before signing in, the cookie holds only a CSRF secret (double submit), so nobody can sign
    # someone else in from another site.
    known = sessions.read(request)
    session = known if known is not None else sessions.fresh()
    response = render(request, "sign_in.html", status=status, title="Sign in", form=form, csrf=session.csrf,
                      next=local_path(back_to, "/today"), member=None)
    return sessions.write(response, request, session)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    posted = await request.form()
    next_page = local_path(str(posted.get("next", "")), "/today")
    if not sessions.csrf_matches(sessions.read(request), posted.get("csrf")):
        form = Form()
        form.errors["token"] = "The sign-in form had expired. Paste your token again."
        return _sign_in(request, form, back_to=next_page, status=403)
    limiter = request.app.state.bad_tokens
    address = request.client.host if request.client else "unknown"
    secret = str(posted.get("token", "")).strip()
    form = Form()  # the token is never shown back, even when it was wrong
    if limiter.retry_after(address) is not None:
        form.errors["token"] = "Too many wrong tokens from here. Wait a minute and try again."
        return _sign_in(request, form, back_to=next_page, status=429)
    token = request.app.state.services.app.authenticate(secret) if secret else None
    if token is None:
        if secret:
            limiter.failed(address)
        form.errors["token"] = "Enter your token." if not secret else "That token is unknown, mistyped or revoked."
        return _sign_in(request, form, back_to=next_page, status=401 if secret else 422)
    response = RedirectResponse(next_page, status_code=303)
    return sessions.write(response, request, sessions.fresh(network_id=token.network_id, token_id=token.id))


@router.post("/sign-out")
def sign_out(request: Request, posted: MemberForm) -> Response:
    response = RedirectResponse("/sign-in?done=signed-out", status_code=303)
    return sessions.clear(response, request)


@router.get("/favicon.ico")
def favicon() -> Response:
    # Browsers ask for it on every visit; nothing to show is better than a 404 in every log.
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/static/dashboard.css")
def style() -> Response:
    return Response(STYLE.read_bytes(), media_type="text/css",
                    headers={"Cache-Control": "public, max-age=3600"})

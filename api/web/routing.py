"""The route class every dashboard page uses: HTML answers for refusals, security headers on everything.

The JSON API turns errors into problem details for machines; people get a page instead. Doing it
here, around each page's own handler, keeps the API's error handlers untouched and no page can
forget its headers.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Coroutine
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from domain.errors import NotFound

log = logging.getLogger("linkingpin.web")
Handler = Callable[[Request], Coroutine[Any, Any, Response]]

# No script may run at all: the dashboard has none, so an injected one has nowhere to hide.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SignInNeeded(Exception):
    """No valid session: send the person to the sign-in page, then back here."""

    def __init__(self, back_to: str) -> None:
        super().__init__(back_to)
        self.back_to = back_to


class PageError(Exception):
    """A refusal shown as a page: 403 for a role, 404 for what is not in this network."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def object_id(value: str) -> UUID:
    """An id from the address; one that cannot be an id is simply not in this network."""
    try:
        return UUID(value)
    except ValueError:
        raise PageError(404, "There is nothing here in your network.") from None


def secure(response: Response, *, private: bool = True) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if private:
        # Pages hold personal data: never keep them in shared or back-forward caches.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


class PageRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                response = await original(request)
            except SignInNeeded as needed:
                response = RedirectResponse(f"/sign-in?next={quote(needed.back_to, safe='/')}", status_code=303)
            except PageError as refused:
                response = error_page(request, refused.status, refused.message)
            except NotFound:
                response = error_page(request, 404, "There is nothing here in your network.")
            except RequestValidationError:
                response = error_page(request, 400, "The address has a value this page does not understand.")
            return secure(response, private=not request.url.path.startswith("/static/"))

        return handler


def error_page(request: Request, status: int, message: str) -> Response:
    from api.web.render import render  # the renderer needs the session helpers, which need this module

    titles = {400: "Not understood", 403: "Not for your role", 404: "Not found"}
    return render(request, "error.html", status=status, title=titles.get(status, "Something is wrong"),
                  message=message, member=None)


def new_router() -> APIRouter:
    # Pages stay out of the OpenAPI description: it documents the JSON API for clients.
    return APIRouter(route_class=PageRoute, include_in_schema=False)

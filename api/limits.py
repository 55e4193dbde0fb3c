"""A request body size limit, enforced before any route reads the body."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem_response

MAX_BODY_BYTES = 1024 * 1024


class BodyLimit:
    """Reads the whole body (at most the limit) up front, then replays it to the app.

    Counting while the route reads would be too late to answer 413 cleanly, and 1 MiB in memory is cheap.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks, size, message = [], 0, await receive()
        while message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
            message = await receive()
        await self.app(scope, _replaying(b"".join(chunks), message, receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"The request body must be at most {self.max_bytes} bytes."
        await problem_response(413, detail, slug="payload-too-large")(scope, receive, send)


def _replaying(body: bytes, last: Message, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            if last["type"] != "http.request":
                return last  # the client went away before finishing its body
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay

"""A cap on request bodies, applied before anything parses them.

Multipart parsing spools every file to disk; without a cap an anonymous client could fill
it. A declared Content-Length over the cap is refused at once; a chunked body is counted
as it streams and refused when it passes the cap.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

OVER_LIMIT = "body_over_limit"


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        refuse: Callable[[Scope], Callable[[Scope, Receive, Send], Awaitable[Any]]],
    ):
        self.app, self.limit, self.refuse = app, limit, refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self.refuse(scope)(scope, receive, send)
            return
        seen, started = 0, False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # FastAPI turns errors while parsing a body into a 400; the flag lets the
                    # app's handler answer 413 instead (web.app).
                    scope.setdefault("state", {})[OVER_LIMIT] = True
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self.refuse(scope)(scope, receive, send)

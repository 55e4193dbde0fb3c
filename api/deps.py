"""What routes share: the services, read-your-writes, and the read-model facade.

`services.views` is the read side (projections): writes wait for it so that a client's next read
sees its own write; lists, reports and trust read from it. A Services without views (a process
that runs no read models) still writes, and answers 503 to reads that need them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, Request

from api.composition import Services
from api.errors import ProblemError
from api.schemas.common import Moment
from domain.application import Written

# How long a write waits for the read models to catch up before answering anyway.
READ_YOUR_WRITES_SECONDS = 5.0
CURSOR_PATTERN = r"^[\x21-\x7e]+$"


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def settle(services: Services, written: Written) -> Written:
    """Wait until the read models include this write, so the caller's next read sees it."""
    views = getattr(services, "views", None)
    if views is not None and written.position is not None:
        views.wait_for(written.position, timeout=READ_YOUR_WRITES_SECONDS)
    return written


def views_of(services: Services) -> Any:
    views = getattr(services, "views", None)
    if views is None:
        raise ProblemError(503, "The read models are not running in this process.", slug="views-unavailable")
    return views


DEFAULT_LIMIT = 50


class PageQuery:
    """`cursor` and `limit` (1 to 1000, default 50) on every list."""

    def __init__(
        self,
        cursor: Annotated[str | None, Query(max_length=512, pattern=CURSOR_PATTERN,
                                            description="From the previous page's next_cursor.")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = DEFAULT_LIMIT,
    ) -> None:
        self.cursor, self.limit = cursor, limit


Paging = Annotated[PageQuery, Depends()]


# "As of" a past moment, in both of the spec's meanings, for the reports, trust, the directory and the
# timeline; both default to now.
AsOf = Annotated[Moment | None, Query(description="The state at this moment, from every event that occurred by then.")]
KnownAt = Annotated[Moment | None, Query(description="Only what was recorded by this moment (auditors).")]


def page(services: Services, kind: str, network_id: Any, paging: PageQuery, filters: dict[str, Any], *,
         as_of: Any = None, known_at: Any = None) -> dict:
    """One page of a list from the read models; filters left unset are not passed on."""
    # Plain values, not enum members: database drivers may adapt an Enum by its name.
    given = {name: getattr(value, "value", value) for name, value in filters.items() if value is not None}
    return views_of(services).page(kind, network_id, cursor=paging.cursor, limit=paging.limit, filters=given,
                                   as_of=as_of, known_at=known_at)

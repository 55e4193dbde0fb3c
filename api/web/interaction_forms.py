"""Logging what happened with one stakeholder: a contact, information shared or received, a decline,
an ask; and an ask's outcome. Each form is prefilled from its link (who, which direction)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request, Response

from api.web import parse
from api.web.forms import Form, attempt, local_path, with_notice
from api.web.members import Member, Writer, WriterForm
from api.web.people import active, named, roster
from api.web.render import render
from api.web.routing import PageError, new_router, object_id
from domain.errors import InvalidValue

router = new_router()


@dataclass(frozen=True)
class Log:
    title: str
    template: str
    save: Callable[[Any, Member, Form], Any]
    defaults: dict[str, str] = field(default_factory=dict)


def _at(member: Member, form: Form) -> Any:
    return parse.moment(form, "occurred_at", member.zone)


def _who(form: Form) -> Any:
    return parse.required_id(form, "stakeholder_id")


LOGS = {
    "contact": Log("Log a contact", "log_contact.html", lambda app, m, f: app.log_contact(
        m.network_id, stakeholder_id=_who(f), channel=parse.text(f, "channel"),
        initiated_by=parse.text(f, "initiated_by"), purpose=parse.text(f, "purpose"),
        summary=parse.text(f, "summary"), occurred_at=_at(m, f), recorded_by=m.name),
        {"channel": "in_person", "initiated_by": "us", "purpose": "check_in"}),
    "information": Log("Log an information exchange", "log_information.html", lambda app, m, f: app.log_information(
        m.network_id, stakeholder_id=_who(f), direction=parse.text(f, "direction"), topic=parse.text(f, "topic"),
        sensitivity=parse.text(f, "sensitivity"), occurred_at=_at(m, f), recorded_by=m.name),
        {"direction": "shared", "sensitivity": "internal"}),
    "declined": Log("Log a declined request for information", "log_declined.html",
                    lambda app, m, f: app.log_information_declined(
                        m.network_id, stakeholder_id=_who(f), declined_by=parse.text(f, "declined_by"),
                        reason=parse.text(f, "reason"), occurred_at=_at(m, f), recorded_by=m.name),
                    {"declined_by": "us"}),
    "ask": Log("Log an ask", "log_ask.html", lambda app, m, f: app.make_ask(
        m.network_id, stakeholder_id=_who(f), purpose=parse.text(f, "purpose"),
        importance=parse.text(f, "importance"), occurred_at=_at(m, f), recorded_by=m.name),
        {"importance": "routine"}),
}


def _log(kind: str) -> Log:
    if kind not in LOGS:
        raise PageError(404, "There is no such form.")
    return LOGS[kind]


def _show(request: Request, member: Member, kind: str, form: Form) -> Response:
    log = _log(kind)
    people = [(p.id, p.name) for p in active(roster(request.app.state.services, member.network_id))]
    return render(request, log.template, member=member, title=log.title, form=form, people=people, kind=kind)


@router.get("/log/{kind}")
def log_form(request: Request, member: Writer, kind: str) -> Response:
    given = {k: v for k, v in request.query_params.items() if k in ("stakeholder_id", "next", "direction")}
    form = Form({**_log(kind).defaults, **given, "occurred_at": parse.now_local(member.zone)})
    return _show(request, member, kind, form)


@router.post("/log/{kind}")
def log(request: Request, posted: WriterForm, kind: str) -> Response:
    member, form, app = posted.member, Form.posted(posted), request.app.state.services.app
    spec = _log(kind)
    back = local_path(form.value("next"), f"/stakeholders/{form.value('stakeholder_id')}")
    return attempt(request, form, lambda: spec.save(app, member, form), done=with_notice(back, kind),
                   again=lambda f: _show(request, member, kind, f))


# An ask's outcome: accepted, declined or no response.

def _ask_page(request: Request, member: Member, ask_id: str, form: Form) -> Response:
    app = request.app.state.services.app
    ask = app.ask(member.network_id, object_id(ask_id))
    people = named(request.app.state.services, member.network_id, [ask.stakeholder_id])
    purpose = app.vault.open(ask.stakeholder_id, ask.purpose)
    return render(request, "ask_outcome.html", member=member, title="Record the outcome of an ask", form=form,
                  ask=ask, purpose=purpose, person=people.get(ask.stakeholder_id))


@router.get("/asks/{ask_id}/outcome")
def ask_outcome_form(request: Request, member: Writer, ask_id: str) -> Response:
    values = parse.now_and_back(request, member.zone)
    return _ask_page(request, member, ask_id, Form(values))


@router.post("/asks/{ask_id}/outcome")
def ask_outcome(request: Request, posted: WriterForm, ask_id: str) -> Response:
    member, form, app = posted.member, Form.posted(posted), request.app.state.services.app
    ask = app.ask(member.network_id, object_id(ask_id))
    back = local_path(form.value("next"), f"/stakeholders/{ask.stakeholder_id}")

    def save() -> Any:
        if not parse.text(form, "outcome"):
            raise InvalidValue("choose how they answered", field="outcome")
        return app.record_ask_outcome(member.network_id, ask.id, outcome=parse.text(form, "outcome"),
                                      occurred_at=_at(member, form), recorded_by=member.name)

    return attempt(request, form, save, done=with_notice(back, "outcome"),
                   again=lambda f: _ask_page(request, member, ask_id, f))


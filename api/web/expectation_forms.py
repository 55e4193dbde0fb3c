"""Expectations: agreeing one, then recording how it went (fulfilled, missed, renegotiated, withdrawn)."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from api.web import parse
from api.web.forms import Form, attempt, local_path, with_notice
from api.web.members import Member, Writer, WriterForm
from api.web.people import active, named, roster
from api.web.render import render
from api.web.routing import new_router, object_id
from domain.errors import InvalidValue

router = new_router()
OUTCOMES = [("fulfilled", "Fulfilled: the promise was kept"), ("missed", "Missed: the promise was broken"),
            ("renegotiated", "Renegotiated: a new due date"), ("withdrawn", "Withdrawn: no longer expected")]


def _show_new(request: Request, member: Member, form: Form) -> Response:
    people = [(p.id, p.name) for p in active(roster(request.app.state.services, member.network_id))]
    return render(request, "expectation_form.html", member=member, title="Agree an expectation", form=form,
                  people=people)


@router.get("/expectations/new")
def new_expectation(request: Request, member: Writer, stakeholder_id: str = "") -> Response:
    values = {"stakeholder_id": stakeholder_id, "owed_by": "us", "next": request.query_params.get("next", ""),
              "occurred_at": parse.now_local(member.zone)}
    return _show_new(request, member, Form(values))


@router.post("/expectations/new")
def agree(request: Request, posted: WriterForm) -> Response:
    member, form, app = posted.member, Form.posted(posted), request.app.state.services.app
    back = local_path(form.value("next"), f"/stakeholders/{form.value('stakeholder_id')}#expectations")
    return attempt(request, form, lambda: app.agree_expectation(
        member.network_id, stakeholder_id=parse.required_id(form, "stakeholder_id"),
        owed_by=parse.text(form, "owed_by"), description=parse.text(form, "description"),
        due_on=parse.day(form, "due_on"), occurred_at=parse.moment(form, "occurred_at", member.zone),
        recorded_by=member.name), done=with_notice(back, "expectation"), again=lambda f: _show_new(request, member, f))


def _show_outcome(request: Request, member: Member, expectation_id: str, form: Form) -> Response:
    app = request.app.state.services.app
    promise = app.expectation(member.network_id, object_id(expectation_id))
    person = named(request.app.state.services, member.network_id, [promise.stakeholder_id]).get(promise.stakeholder_id)
    return render(request, "expectation_outcome.html", member=member, title="Record how an expectation went",
                  form=form, promise=promise, person=person, outcomes=OUTCOMES,
                  description=app.vault.open(promise.stakeholder_id, promise.description))


@router.get("/expectations/{expectation_id}/outcome")
def outcome_form(request: Request, member: Writer, expectation_id: str) -> Response:
    values = parse.now_and_back(request, member.zone)
    return _show_outcome(request, member, expectation_id, Form(values))


@router.post("/expectations/{expectation_id}/outcome")
def record_outcome(request: Request, posted: WriterForm, expectation_id: str) -> Response:
    member, form = posted.member, Form.posted(posted)
    app = request.app.state.services.app
    promise = app.expectation(member.network_id, object_id(expectation_id))
    back = local_path(form.value("next"), f"/stakeholders/{promise.stakeholder_id}#expectations")
    return attempt(request, form, lambda: _record(app, member, promise.id, form),
                   done=with_notice(back, "expectation-outcome"),
                   again=lambda f: _show_outcome(request, member, expectation_id, f))


def _record(app: Any, member: Member, expectation_id: Any, form: Form) -> Any:
    outcome = parse.text(form, "outcome")
    at = parse.moment(form, "occurred_at", member.zone)
    common = {"recorded_by": member.name, "occurred_at": at}
    if outcome == "fulfilled":
        return app.fulfil_expectation(member.network_id, expectation_id, **common)
    if outcome == "missed":
        return app.miss_expectation(member.network_id, expectation_id, **common)
    if outcome == "withdrawn":
        return app.withdraw_expectation(member.network_id, expectation_id, **common)
    if outcome == "renegotiated":
        return app.renegotiate_expectation(member.network_id, expectation_id, due_on=parse.day(form, "due_on"),
                                           reason=parse.text(form, "reason"), **common)
    raise InvalidValue("choose how it went", field="outcome")

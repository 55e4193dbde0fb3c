"""Registering and editing stakeholders and their engagement plans; registering organisations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request, Response

from api.web import parse
from api.web.forms import Form, attempt, with_notice
from api.web.members import Member, Writer, WriterForm
from api.web.people import active, everything, roster
from api.web.render import render
from api.web.routing import new_router, object_id
from domain.errors import Conflict, InvalidValue

router = new_router()
PLAN = ("ideal_interval_days", "max_interval_days", "max_asks", "window_days")
PROFILE = ("name", "organisation_id", "function", "sector", "side", "level", "communities", "email", "phone")


def _show(request: Request, member: Member, form: Form, *, editing: Any = None) -> Response:
    services, nid = request.app.state.services, member.network_id
    defaults = services.app.network(nid).default_plan
    title = f"Edit {editing['name']}" if editing else "Register a stakeholder"
    return render(request, "stakeholder_form.html", member=member, title=title, form=form, editing=editing,
                  organisations=[(o["id"], o["name"]) for o in everything(services, "organisations", nid)],
                  people=[(p.id, p.name) for p in active(roster(services, nid))], defaults=defaults)


def _plan(form: Form) -> dict[str, int]:
    return {name: value for name in PLAN if (value := parse.whole(form, name)) is not None}


@router.get("/stakeholders/new")
def new_stakeholder(request: Request, member: Writer) -> Response:
    return _show(request, member, Form({"side": "formal", "level": "operational",
                                        "occurred_at": parse.now_local(member.zone)}))


@router.post("/stakeholders/new")
def register(request: Request, posted: WriterForm) -> Response:
    member, form = posted.member, Form.posted(posted)
    app = request.app.state.services.app

    def save() -> Any:
        return app.register_stakeholder(
            member.network_id, name=parse.text(form, "name"), sector=parse.text(form, "sector"),
            side=parse.text(form, "side"), level=parse.text(form, "level"),
            organisation_id=parse.optional_id(form, "organisation_id"), function=parse.text(form, "function"),
            communities=parse.words(form, "communities"), email=parse.text(form, "email"),
            phone=parse.text(form, "phone"), introduced_by=parse.optional_id(form, "introduced_by"),
            plan=_plan(form), occurred_at=parse.moment(form, "occurred_at", member.zone), recorded_by=member.name)

    return attempt(request, form, save, done=lambda written: with_notice(f"/stakeholders/{written.id}", "registered"),
                   again=lambda f: _show(request, member, f))


def _current(request: Request, member: Member, sid: UUID) -> tuple[dict[str, Any], dict[str, Any]]:
    """The form's values for the stakeholder as they stand, and their own (not default) plan."""
    from api.presenters import stakeholder as present

    app = request.app.state.services.app
    aggregate = app.stakeholder(member.network_id, sid)
    shown = present(app, aggregate)
    contact = shown["contact"] or {}
    values = {"name": shown["name"] or "", "organisation_id": str(shown["organisation_id"] or ""),
              "function": shown["function"], "sector": shown["sector"], "side": shown["side"],
              "level": shown["level"], "communities": ", ".join(shown["communities"]),
              "email": contact.get("email", ""), "phone": contact.get("phone", ""), "version": str(shown["version"]),
              **{k: str(v) for k, v in aggregate.plan.items()}}
    return {**shown, "values": values}, dict(aggregate.plan)


@router.get("/stakeholders/{stakeholder_id}/edit")
def edit_stakeholder(request: Request, member: Writer, stakeholder_id: str) -> Response:
    shown, _ = _current(request, member, object_id(stakeholder_id))
    return _show(request, member, Form(shown["values"]), editing=shown)


@router.post("/stakeholders/{stakeholder_id}/edit")
def save_stakeholder(request: Request, posted: WriterForm, stakeholder_id: str) -> Response:
    member, form = posted.member, Form.posted(posted)
    sid = object_id(stakeholder_id)
    shown, own_plan = _current(request, member, sid)
    app = request.app.state.services.app

    def save() -> Any:
        changes = profile_changes(form, shown["values"])
        plan = _plan(form)
        if plan != own_plan:
            changes["plan"] = plan
        if not changes:
            return None
        try:
            return app.update_stakeholder(member.network_id, sid, changes=changes,
                                          expected_version=parse.whole(form, "version"), recorded_by=member.name)
        except Conflict:
            # Keep what they typed and let the next save go through over the newer version.
            form.values["version"] = str(app.stakeholder(member.network_id, sid).version)
            raise InvalidValue("someone else changed this stakeholder while you were editing; check the "
                               "values below and save again", field="form") from None

    return attempt(request, form, save, done=with_notice(f"/stakeholders/{sid}", "saved"),
                   again=lambda f: _show(request, member, f, editing=shown))


def profile_changes(form: Form, before: dict[str, str]) -> dict[str, Any]:
    """Only what was changed, so the log says what really happened."""
    changes: dict[str, Any] = {}
    for name in PROFILE:
        if parse.text(form, name) == before.get(name, ""):
            continue
        if name in ("email", "phone"):
            changes["contact"] = {"email": parse.text(form, "email"), "phone": parse.text(form, "phone")}
        elif name == "organisation_id":
            changes[name] = parse.optional_id(form, name)
        elif name == "communities":
            changes[name] = parse.words(form, name)
        else:
            changes[name] = parse.text(form, name)
    return changes


@router.get("/organisations/new")
def new_organisation(request: Request, member: Writer) -> Response:
    return render(request, "organisation_form.html", member=member, title="Register an organisation",
                  form=Form({"side": "formal"}))


@router.post("/organisations/new")
def register_organisation(request: Request, posted: WriterForm) -> Response:
    member, form = posted.member, Form.posted(posted)
    app = request.app.state.services.app
    return attempt(request, form, lambda: app.register_organisation(
        member.network_id, name=parse.text(form, "name"), sector=parse.text(form, "sector"),
        side=parse.text(form, "side"), mandate=parse.text(form, "mandate"), aims=parse.text(form, "aims"),
        recorded_by=member.name), done=with_notice("/organisations", "organisation"),
        again=lambda f: render(request, "organisation_form.html", member=member, title="Register an organisation",
                               form=f))

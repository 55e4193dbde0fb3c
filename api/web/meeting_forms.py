"""Logging what happened with several stakeholders: a meeting with attendance and takeaways, an introduction.

Without JavaScript, attendance is one choice per person (present, absent, excused, or not
invited); a link from a person or a group preselects them as present.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request, Response

from api.web import parse
from api.web.forms import Form, attempt, local_path, with_notice
from api.web.members import Member, Writer, WriterForm
from api.web.people import active, group_names, roster
from api.web.render import render
from api.web.routing import new_router

router = new_router()
ATTENDANCE = "attendance-"


def _show_meeting(request: Request, member: Member, form: Form) -> Response:
    services = request.app.state.services
    # Names only: the group list would also gather every member of every group.
    groups = sorted(group_names(services, member.network_id).items(), key=lambda pair: (pair[1], str(pair[0])))
    return render(request, "log_meeting.html", member=member, title="Log a meeting", form=form,
                  people=active(roster(services, member.network_id)), groups=groups, attendance=ATTENDANCE)


@router.get("/log/meeting")
def meeting_form(request: Request, member: Writer, stakeholder_id: str = "", group_id: str = "") -> Response:
    values = {"format": "one_to_one", "occurred_at": parse.now_local(member.zone),
              "next": request.query_params.get("next", "")}
    present = [stakeholder_id] if stakeholder_id else []
    if group_id:
        group = _group(request, member, group_id)
        if group is not None:
            values.update(group_id=group_id, format=f"{group.kind}_group", title=group.name)
            present = [str(s) for s in group.members]
    values.update({f"{ATTENDANCE}{sid}": "present" for sid in present})
    return _show_meeting(request, member, Form(values))


def _group(request: Request, member: Member, group_id: str) -> Any:
    try:
        return request.app.state.services.app.group(member.network_id, UUID(group_id))
    except ValueError:
        return None


def attendees(form: Form) -> list[dict[str, Any]]:
    found = []
    for name, value in form.values.items():
        if name.startswith(ATTENDANCE) and value:
            stakeholder_id = parse.ids([name[len(ATTENDANCE):]], "attendees")[0]
            found.append({"stakeholder_id": stakeholder_id, "attendance": value})
    return found


@router.post("/log/meeting")
def log_meeting(request: Request, posted: WriterForm) -> Response:
    member, form = posted.member, Form.posted(posted, multi=("disseminated_to",))
    app = request.app.state.services.app
    return attempt(request, form, lambda: app.hold_meeting(
        member.network_id, title=parse.text(form, "title"), format=parse.text(form, "format"),
        attendees=attendees(form), themes=parse.words(form, "themes"), group_id=parse.optional_id(form, "group_id"),
        takeaways=parse.text(form, "takeaways"),
        disseminated_to=parse.ids(form.chosen("disseminated_to"), "disseminated_to"),
        occurred_at=parse.moment(form, "occurred_at", member.zone), recorded_by=member.name),
        done=with_notice(local_path(form.value("next"), "/today"), "meeting"),
        again=lambda f: _show_meeting(request, member, f))


def _show_introduction(request: Request, member: Member, form: Form) -> Response:
    people = active(roster(request.app.state.services, member.network_id))
    return render(request, "log_introduction.html", member=member, title="Log an introduction", form=form,
                  people=people)


@router.get("/log/introduction")
def introduction_form(request: Request, member: Writer, stakeholder_id: str = "") -> Response:
    form = Form(parse.now_and_back(request, member.zone),
                {"stakeholder_ids": [stakeholder_id] if stakeholder_id else []})
    return _show_introduction(request, member, form)


@router.post("/log/introduction")
def log_introduction(request: Request, posted: WriterForm) -> Response:
    member, form = posted.member, Form.posted(posted, multi=("stakeholder_ids",))
    app = request.app.state.services.app
    return attempt(request, form, lambda: app.log_introduction(
        member.network_id, stakeholder_ids=parse.ids(form.chosen("stakeholder_ids"), "stakeholder_ids"),
        reason=parse.text(form, "reason"), occurred_at=parse.moment(form, "occurred_at", member.zone),
        recorded_by=member.name),
        done=with_notice(local_path(form.value("next"), "/network"), "introduction"),
        again=lambda f: _show_introduction(request, member, f))

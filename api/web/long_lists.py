"""The long parts of forms, one row per person of the network, written in Python.

A Jinja loop with a test and a filter per row costs tens of microseconds a row, and so does
`Markup.format` (a pure-Python formatter); a large network has thousands of people and the
meeting form lists each of them twice. Plain f-strings with every value passed through `escape`
(markupsafe's C code) build the same markup in a small fraction of that. Templates call these as globals.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from api.web.labels import CHOICES, label


def options(choices: Iterable[tuple[Any, Any]], chosen: str) -> Markup:
    """`<option>`s for (value, text) pairs; the one whose value reads as `chosen` is selected."""
    return Markup("\n".join(
        f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(text)}</option>'
        for value, text in choices))


def people_checks(name: str, people: Iterable[Any], chosen: list[str]) -> Markup:
    """A checkbox per person (name and sector), ticked for the ids in `chosen`."""
    ticked, field = set(chosen), escape(name)
    return Markup("\n".join(
        f'<div class="check">\n  <input type="checkbox" id="f-{field}-{index}" name="{field}" value="{person.id}"'
        f'{" checked" if str(person.id) in ticked else ""}>\n  <label for="f-{field}-{index}">{escape(person.name)} '
        f'<span class="muted">{escape(label(person.sector))}</span></label>\n</div>'
        for index, person in enumerate(people, start=1)))


def attendance_rows(people: Iterable[Any], prefix: str, form: Any) -> Markup:
    """A choice per person: not invited, present, absent or excused (the form's value selected)."""
    unchosen = options(CHOICES["attendance"], "")  # most rows: the same options, none selected
    rows = []
    for index, person in enumerate(people, start=1):
        field = escape(f"{prefix}{person.id}")
        value = form.value(f"{prefix}{person.id}")
        choices = options(CHOICES["attendance"], value) if value else unchosen
        rows.append(f'<div class="attendee">\n  <label for="a-{index}">{escape(person.name)}</label>\n'
                    f'  <select id="a-{index}" name="{field}">\n<option value="">Not invited</option>\n{choices}\n'
                    '  </select>\n</div>')
    return Markup("\n".join(rows))

"""Opening a card's job posting: only web pages, from the editor and the card menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLineEdit
from test_board_ui import stage_id

from followup_desktop.core.links import web_address
from followup_desktop.ui.main_window import MainWindow


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("https://jobs.example.com/39", "https://jobs.example.com/39"),
        ("  jobs.example.com/39?ref=x#top ", "https://jobs.example.com/39?ref=x#top"),
        ("www.acme.com", "https://www.acme.com"),
        ("HTTP://acme.org/jobs", "HTTP://acme.org/jobs"),
        ("localhost:8000/x", "https://localhost:8000/x"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("mailto:hr@acme.com", None),
        ("ftp://acme.org", None),
        ("//acme.org", None),
        ("https://", None),
        ("https:///path", None),
        ("acme", None),
        ("Acme Corp", None),
        ("jobs.example.com/a b", None),
        ("", None),
    ],
)
def test_what_counts_as_a_web_address(text: str, address: str | None) -> None:
    assert web_address(text) == address


def test_the_posting_opens_from_the_editor_and_the_card_menu(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    answer = [True]

    def open_url(url: QUrl) -> bool:
        opened.append(url.toString())
        return answer[0]

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    app_id = window.add_card(
        {
            "company": "Acme",
            "role": "Engineer",
            "stage_id": stage_id(window, "Applied"),
            "url": "jobs.example.com/39",
        }
    )
    assert app_id is not None
    editor = window.open_card(app_id)
    assert editor.open_url.isEnabled()
    editor.open_url.click()
    assert opened == ["https://jobs.example.com/39"]
    url = editor.fields["url"]
    assert isinstance(url, QLineEdit)
    url.setText("file:///home/me/.ssh/id_rsa")
    assert not editor.open_url.isEnabled()
    url.setText("jobs.example.com/39")
    editor.close()

    def menu_action():  # type: ignore[no-untyped-def]
        menu = window.card_menu(app_id)
        (action,) = [a for a in menu.actions() if a.objectName() == "card-menu-posting"]
        return action

    action = menu_action()
    assert action.isEnabled()
    answer[0] = False  # no browser on this machine: said, not silent
    action.trigger()
    assert opened[-1] == "https://jobs.example.com/39"
    assert window.toast.label.text() == "No web browser opened https://jobs.example.com/39."
    from followup_desktop.services import applications

    window.bridge.call(applications.edit_application, app_id, url="javascript:alert(1)")
    assert not menu_action().isEnabled()

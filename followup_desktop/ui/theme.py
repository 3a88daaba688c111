"""Light/dark: follow the system by default; "light"/"dark" force a Fusion palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def apply(app: QApplication, theme: str) -> None:
    if theme not in ("light", "dark"):
        return  # "system": whatever the platform theme provides
    app.setStyle("Fusion")
    pal = QPalette()
    if theme == "dark":
        colours = {
            QPalette.ColorRole.Window: "#202124",
            QPalette.ColorRole.WindowText: "#e8eaed",
            QPalette.ColorRole.Base: "#2b2c30",
            QPalette.ColorRole.AlternateBase: "#35363a",
            QPalette.ColorRole.Text: "#e8eaed",
            QPalette.ColorRole.PlaceholderText: "#9aa0a6",
            QPalette.ColorRole.Button: "#303134",
            QPalette.ColorRole.ButtonText: "#e8eaed",
            QPalette.ColorRole.Highlight: "#8ab4f8",
            QPalette.ColorRole.HighlightedText: "#202124",
            QPalette.ColorRole.Mid: "#5f6368",
            # Unset, these keep QPalette()'s light greys: the column count pill
            # (midlight) was a pale blob under white text.
            QPalette.ColorRole.Midlight: "#3c4043",
            QPalette.ColorRole.Light: "#4a4e52",
            QPalette.ColorRole.Dark: "#17181a",
            QPalette.ColorRole.ToolTipBase: "#303134",
            QPalette.ColorRole.ToolTipText: "#e8eaed",
        }
    else:
        colours = {
            QPalette.ColorRole.Window: "#f1f3f4",
            QPalette.ColorRole.WindowText: "#202124",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#eef1f5",
            QPalette.ColorRole.Text: "#202124",
            QPalette.ColorRole.PlaceholderText: "#5f6368",
            QPalette.ColorRole.Button: "#ffffff",
            QPalette.ColorRole.ButtonText: "#202124",
            QPalette.ColorRole.Highlight: "#1a73e8",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.Mid: "#c4c7c5",
            QPalette.ColorRole.Midlight: "#e2e5e9",
        }
    for role, colour in colours.items():
        pal.setColor(role, QColor(colour))
    # setColor sets every colour group, the disabled one too: greyed-out Undo, Done or
    # Save looked exactly as clickable as the rest. Disabled text is muted, and keeps a
    # readable (if low) contrast with its background.
    muted = QColor("#80868b" if theme == "dark" else "#9aa0a6")
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.PlaceholderText,
    ):
        pal.setColor(disabled, role, muted)
    pal.setColor(disabled, QPalette.ColorRole.Highlight, QColor(colours[QPalette.ColorRole.Mid]))
    app.setPalette(pal)

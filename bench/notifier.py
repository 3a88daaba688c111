"""Notifier measurements (child process of bench/__main__.py): idle wake-ups per simulated
hour, and how late real alerts are with a real QTimer. Prints JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    from followup_desktop.core.clock import ManualClock, SystemClock
    from followup_desktop.notify.adapters import Adapter
    from followup_desktop.notify.driver import Notifier, Presenter
    from followup_desktop.services import applications, followups
    from followup_desktop.store.database import open_database
    from followup_desktop.ui.bridge import DataBridge

    app = QApplication(sys.argv[:1])

    class Fake(QObject):
        timeout = Signal()

        def __init__(self, clock: ManualClock) -> None:
            super().__init__()
            self.clock, self.deadline = clock, None

        def start(self, ms: int) -> None:
            self.deadline = self.clock.now() + dt.timedelta(milliseconds=ms)

        def stop(self) -> None:
            self.deadline = None

        def isActive(self) -> bool:
            return self.deadline is not None

    # 1. Idle: nothing due for a simulated 24 hours.
    manual = ManualClock(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC))
    db = open_database(Path(tempfile.mkdtemp()) / "f.sqlite3", manual)
    timer = Fake(manual)
    notifier = Notifier(DataBridge(db), manual, Presenter([], manual), timer=timer)
    notifier.start()
    end = manual.now() + dt.timedelta(hours=24)
    while timer.deadline is not None and timer.deadline <= end:
        manual.set(timer.deadline)
        notifier.fire()
    idle_per_hour = notifier.wakeups / 24

    # 2. Lateness with the real timer and the real clock.
    real = SystemClock()
    db2 = open_database(Path(tempfile.mkdtemp()) / "f.sqlite3", real)
    delivered: list[dt.datetime] = []

    class Recorder(Adapter):
        def present(self, alert: object) -> None:
            delivered.append(real.now())

    notifier2 = Notifier(DataBridge(db2), real, Presenter([("rec", Recorder)], real))
    notifier2.start()
    late_ms = []
    app_id = applications.create_application(db2, "Acme", "Engineer").id
    for _ in range(5):
        due = real.now() + dt.timedelta(milliseconds=400)
        followups.add_follow_up(db2, app_id, "Ping", due)
        loop = QEventLoop()
        QTimer.singleShot(1500, loop.quit)
        loop.exec()
        late_ms.append((delivered[-1] - due) / dt.timedelta(milliseconds=1))
    notifier2.shutdown()
    print(
        json.dumps(
            {
                "idle_wakeups_per_hour": idle_per_hour,
                "late_p50": statistics.median(late_ms),
                "late_max": max(late_ms),
            }
        )
    )
    del app


if __name__ == "__main__":
    main()

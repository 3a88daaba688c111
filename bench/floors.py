"""Child-process programs for the startup floors (run by bench/__main__.py)."""

BARE_QT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

QT_SQLALCHEMY = """
import sys, tempfile, os
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import sqlalchemy as sa
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
engine = sa.create_engine("sqlite:///" + os.path.join(tempfile.mkdtemp(), "f.db"))
meta = sa.MetaData()
t = sa.Table("t", meta, sa.Column("id", sa.Integer, primary_key=True))
meta.create_all(engine)
with engine.begin() as c:
    c.execute(t.insert().values(id=1))
QTimer.singleShot(0, app.quit)
app.exec()
"""

"""Qt-free domain: types, clock, the follow-up playbook. Imports neither PySide6 nor SQLAlchemy."""

"""Desktop alerts: when to wake (schedule.py, Qt-free), what to say (alerts.py, Qt-free),
how to say it (adapters.py) and the Qt driver that ties them to a single timer (driver.py)."""

"""Notifications: reminders to traders (permits about to expire) and the stewards' daily
summary. Pure builders (permits, summary) with one I/O shell (send); never imports Airflow."""

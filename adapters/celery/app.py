"""The Celery app, configured from settings: ``celery -A adapters.celery.app worker``."""

from __future__ import annotations

from celery import Celery

from adapters.settings import Settings, get_settings


def make_celery(settings: Settings) -> Celery:
    """A Celery app on the settings' broker (also its result backend, which chords need)."""
    app = Celery("passende_plek", broker=settings.broker_url, backend=settings.broker_url)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        result_expires=3600,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": settings.broker_visibility_timeout_s},
        result_backend_transport_options={
            "visibility_timeout": settings.broker_visibility_timeout_s
        },
    )
    return app


celery_app = make_celery(get_settings())
celery_app.conf.include = ["adapters.celery.tasks"]
# For a deployment that runs `celery beat` too; the workers' own periodic pass (tasks.py) makes
# beat optional, and the reminders' dedupe key makes running both harmless.
celery_app.conf.beat_schedule = {
    "bpv-reminders": {
        "task": "passende_plek.bpv_reminders",
        "schedule": get_settings().bpv_reminder_interval_s,
    }
}

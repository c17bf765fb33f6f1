"""Settings: the only place that reads the environment. Read once, then passed in."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as an environment variable (upper case)."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    database_url: str = Field(
        default="sqlite:///var/matcher.db",
        description="DB URL: SQLite file by default, postgresql+psycopg://... in production",
    )
    migration_database_url: str | None = Field(
        default=None,
        description="DB URL of the owner role that runs migrations (default: DATABASE_URL)",
    )
    database_app_role: str | None = Field(
        default=None,
        description="PostgreSQL role of the app: gets its grants after each migration "
        "(INSERT and SELECT only on the audit tables)",
    )
    broker_url: str | None = Field(
        default=None,
        description="Celery broker (e.g. redis://127.0.0.1:6379/0); empty runs rounds in-process",
    )
    postcode_file: Path | None = Field(
        default=None,
        description="Optional centroid file (postcode,lat,lon) that overrides the built-in table",
    )
    online_geocoder: bool = Field(
        default=False,
        description="Also ask an online geocoder (geopy/Nominatim) for postcodes the table lacks",
    )
    geocoder_user_agent: str = Field(
        default="passende-plek (bpv-bureau)", description="User agent for the online geocoder"
    )
    geocoder_timeout_s: float = Field(
        default=5.0, description="Seconds to wait for one answer of the online geocoder"
    )
    model_path: Path = Field(
        default=Path("var/models/success_model.joblib"),
        description="Where the learned success model is stored (only our own files are loaded)",
    )
    auto_migrate: bool = Field(
        default=True, description="Bring the database schema up to date when the app starts"
    )
    solver_time_limit_s: float = Field(default=60.0, description="Time limit per solver run")
    solver_workers: int = Field(default=2, description="CP-SAT search workers")
    solver_processes: int = Field(
        default=2,
        ge=1,
        description="Processes that solve a round's large components side by side (1: in place)",
    )
    round_lease_s: float = Field(
        default=30.0,
        gt=0,
        le=600,
        description="Seconds a worker's claim on a running round lasts without a heartbeat "
        "(renewed every third of it); a dead worker's round is taken over after it",
    )
    round_check_interval_s: float = Field(
        default=10.0,
        gt=0,
        le=30,
        description="Seconds between the runners' checks for rounds whose lease expired "
        "(at most 30, so with the default lease a dead worker's round is taken over within "
        "a minute)",
    )
    round_max_takeovers: int = Field(
        default=3,
        ge=1,
        description="Takeovers of one run before the round is marked failed instead of run "
        "again (a round that keeps killing its worker)",
    )
    fanout_min_pairs: int = Field(
        default=200_000,
        description="With a broker: rounds with at least this many pairs are solved per component",
    )
    broker_visibility_timeout_s: int = Field(
        default=3600,
        description="Seconds before the broker hands an unacknowledged task to another worker",
    )
    session_ttl_s: int = Field(
        default=8 * 3600, description="Seconds a web login session stays valid"
    )
    session_cookie_secure: bool = Field(
        default=True, description="Send the session cookie over HTTPS only (off for local http)"
    )
    login_max_failures: int = Field(
        default=5, description="Failed logins per account and IP before a waiting time starts"
    )
    login_lockout_s: int = Field(
        default=30, description="First waiting time after too many failed logins; doubles after"
    )
    login_lockout_max_s: int = Field(
        default=900, description="Longest waiting time after failed logins"
    )
    login_account_max_failures: int = Field(
        default=10,
        description="Failed logins on one account, from any address, before a waiting time starts",
    )
    login_ip_max_failures: int = Field(
        default=30,
        description="Failed logins from one address, on any account, before a waiting time starts",
    )
    trusted_proxies: str = Field(
        default="",
        description=(
            "Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For and "
            "X-Forwarded-Proto are believed (e.g. 127.0.0.1 or 10.0.0.0/8); empty trusts none"
        ),
    )
    site_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The site's address as its users reach it; links in e-mails start with it",
    )
    smtp_host: str | None = Field(
        default=None,
        description="Mail server for the outbox; empty sends nothing (messages wait in beheer)",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Port of the mail server")
    smtp_from: str = Field(
        default="", description="Sender address of the e-mails (needed once SMTP_HOST is set)"
    )
    smtp_starttls: bool = Field(
        default=True, description="Switch the connection to TLS with STARTTLS before logging in"
    )
    smtp_user: str | None = Field(default=None, description="Login name on the mail server")
    smtp_password: str | None = Field(default=None, description="Password on the mail server")
    smtp_timeout_s: float = Field(
        default=10.0, gt=0, le=120, description="Seconds to wait for the mail server per step"
    )
    mail_interval_s: float = Field(
        default=30.0,
        gt=0,
        description="Seconds between the worker's looks at the outbox for messages to send",
    )
    mail_retry_s: float = Field(
        default=60.0,
        gt=0,
        description="Wait after a failed send before the next try; doubles after every failure",
    )
    mail_retry_max_s: float = Field(
        default=3600.0, gt=0, description="The longest wait between two tries of one message"
    )
    bpv_reminder_days_before: int = Field(
        default=3, ge=0, le=60,
        description="Days before a planned evaluation that the jobcoach and begeleider get a mail",
    )  # fmt: skip
    bpv_overdue_after_days: int = Field(
        default=2, ge=0, le=60,
        description="Days after a planned evaluation without one recorded before it is 'te laat'",
    )  # fmt: skip
    bpv_reminder_interval_s: float = Field(
        default=3600.0, gt=0,
        description="Seconds between the worker's passes that queue the evaluation reminders",
    )  # fmt: skip


@lru_cache
def get_settings() -> Settings:
    """The settings of this process, read from the environment once."""
    return Settings()

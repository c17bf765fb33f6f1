# One image for the api, the worker and the one-shot migration (see docker-compose.yml).
# Debian bookworm: its postgresql-client is 15, the same major version as the compose database
# (pg_dump refuses a newer server, so keep the two in step when you upgrade either).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# pg_dump and pg_restore for `matcher backup` / `matcher restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# The service never runs as root: a system user without a login shell or home of its own.
RUN groupadd --system --gid 10001 matcher \
    && useradd --system --uid 10001 --gid matcher --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin matcher

WORKDIR /app
COPY pyproject.toml README.md ./
COPY matcher ./matcher
COPY adapters ./adapters
COPY api ./api
COPY cli ./cli
# Installed as root (the code stays read-only for the service); only the data folders are its own.
RUN pip install . \
    && mkdir -p /data/models /data/backups /app/var \
    && chown -R matcher:matcher /data /app/var

ENV MODEL_PATH=/data/models/success_model.joblib
USER 10001:10001
EXPOSE 8000
# Proxy headers are the app's own business (TRUSTED_PROXIES), never uvicorn's default trust.
CMD ["uvicorn", "api.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--workers", "2", "--no-proxy-headers"]

"""Persistence: SQLModel tables, mappers, repositories and Alembic migrations."""

from adapters.db import audit_chain as _audit_chain  # noqa: E402,F401  (chain head, flush hook)
from adapters.db import bpv_models as _bpv_models  # noqa: E402,F401  (registers BPV tables)
from adapters.db import favourite_models as _favourite_models  # noqa: E402,F401  (favourites)
from adapters.db import known_company_models as _known_company  # noqa: E402,F401  (eigen netwerk)
from adapters.db import model_approval as _model_approval  # noqa: E402,F401  (model versions)
from adapters.db import outbox_models as _outbox_models  # noqa: E402,F401  (the e-mail outbox)
from adapters.db import praktijkopleider_models as _praktijkopleider_models  # noqa: E402,F401
from adapters.db import privacy_models as _privacy_models  # noqa: E402,F401  (privacy tables)
from adapters.db import round_models as _round_models  # noqa: E402,F401  (registers round tables)

"""Inter-2 (V2) on the local engine: upload jobs (``POST /v2/upload/analyze``,
``GET /v2/upload/jobs/{job_id}``), their bounded queue and persistence, and the audio model.

Importing the package adds the V2 error ids to the engine's catalogue (:mod:`.errors`).
"""

from . import errors as _errors

_errors.register()

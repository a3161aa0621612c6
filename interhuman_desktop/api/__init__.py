"""The Interhuman protocol client: the first-party SDK ``interhumanai`` plus what it lacks (no Qt).

- :mod:`.backend`  ``Backend`` (cloud | local), ``make_http_client()``, ``make_client()``
- :mod:`.errors`   the app's exception tree and ``from_sdk()``
- :mod:`.capture`  response headers / raw bodies the SDK drops (Retry-After, non-JSON errors)
- :mod:`.retry`    ``retry_decision()``, ``Backoff``, ``call_with_retries()``
- :mod:`.upload`   ``analyze_file()``: streamed upload with progress, cancel and retries
- :mod:`.stream`   ``open_stream()``, ``StreamConnection``, ``SessionContract``
- :mod:`.events`   ``normalize_event()``: liberal, never-raising stream event reader
- :mod:`.summary`  plain-text result summary and CQI band names
"""

"""Shared test configuration: Hypothesis profiles.

``ci`` (the default, what ``uv run pytest`` uses) is derandomized: every run tries the same 60 examples per
property, so CI is reproducible and a red build always means a change broke something.  ``explore`` draws fresh
random examples, many more of them: run it when changing a solver (``HYPOTHESIS_PROFILE=explore uv run pytest
tests/solvers``) — it is how the nsimplify bug in the CTC solver was found.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

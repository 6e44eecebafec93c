"""pytest-agentbench: benchmark coding agents with pytest.

Each problem of a suite becomes a pytest item: the agent is asked, its code is extracted, run in
a sandbox against the problem's cases and scored on correctness, idiomaticity, performance and
best practices.
"""

__version__ = "0.1.0"

"""What a ``cmd:`` agent leaves is untrusted: a starter file turned into a link to a secret, to
``/dev/zero`` or to a FIFO, a linked directory, a 200 MB answer; and an agent must not outlive
a pytest process killed with SIGKILL. Unit tests of the safe reader on plain files, then the
plugin end to end."""

from __future__ import annotations

from pytest_agentbench.agents.base import MAX_ANSWER, TAIL, cap_answer, size_text
from pytest_agentbench.models import AgentReply, FailureKind

MiB = 1024 * 1024


def test_an_answer_over_the_cap_fails_with_its_tail_kept():
    big = AgentReply("x" * (2 * MiB), 1.0)
    capped = cap_answer(big)
    assert capped.failure is FailureKind.NO_CODE and len(capped.text) == TAIL
    assert capped.message == "the answer is 2 MiB, over the 1 MiB an answer may have: not read"
    failed = AgentReply("x" * (2 * MiB), 1.0, FailureKind.AGENT_TIMEOUT, "slow")
    assert cap_answer(failed).failure is FailureKind.AGENT_TIMEOUT
    assert cap_answer(failed).message == "slow" and len(cap_answer(failed).text) == TAIL
    small = AgentReply("x" * MAX_ANSWER, 1.0)
    assert cap_answer(small) is small
    assert [size_text(n) for n in (17, 1536, MiB, 200 * MiB)] == [
        "17 bytes", "1.5 KiB", "1 MiB", "200 MiB"]

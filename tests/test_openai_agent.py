"""The openai: agent against a real HTTP server on loopback that speaks the API."""

from __future__ import annotations

import pytest

pytest.importorskip("httpx")

from pytest_agentbench.agents import OpenAIAgent, OpenAISettings
from pytest_agentbench.models import AgentRequest, Turn

from .openai_server import FakeOpenAI, answer, error, malformed, slow

CODE = "```python\ndef add(a, b):\n    return a + b\n```"


def agent(url: str, **overrides) -> OpenAIAgent:
    settings = OpenAISettings(base_url=url, api_key_env="AGENTBENCH_TEST_KEY", backoff=0.05,
                              **overrides)
    return OpenAIAgent("test-model", settings, timeout=overrides.pop("timeout", 30))


@pytest.fixture
def request_(tmp_path, mini_suite):
    return AgentRequest(mini_suite.problems[0], "# Task\nAdd.", tmp_path)


def test_success_with_tokens_and_the_request_it_sent(request_, monkeypatch):
    monkeypatch.setenv("AGENTBENCH_TEST_KEY", "sk-test")
    with FakeOpenAI([answer(CODE, 40, 12)]) as server:
        reply = agent(server.url, temperature=0.2, max_tokens=500).solve(request_)
    assert reply.failure is None and reply.text == CODE
    assert (reply.tokens_in, reply.tokens_out, reply.requests) == (40, 12, 1)
    sent = server.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer sk-test"
    body = sent["body"]
    assert body["model"] == "test-model" and body["temperature"] == 0.2
    assert body["max_tokens"] == 500
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][1]["content"] == "# Task\nAdd."


def test_429_then_success(request_):
    with FakeOpenAI([error(429, "rate limited", retry_after=0.05), answer(CODE)]) as server:
        reply = agent(server.url).solve(request_)
    assert reply.failure is None and reply.requests == 2 and len(server.requests) == 2


def test_500_until_giving_up(request_):
    with FakeOpenAI([error(500, "boom")]) as server:
        reply = agent(server.url, retries=3).solve(request_)
    assert reply.failure.value == "backend_error" and reply.failure.origin == "infrastructure"
    assert "HTTP 500: boom" in reply.message and "after 4 requests" in reply.message
    assert len(server.requests) == 4


def test_client_errors_are_not_retried(request_):
    with FakeOpenAI([error(401, "invalid api key")]) as server:
        reply = agent(server.url).solve(request_)
    assert reply.failure.value == "agent_unavailable"
    assert "HTTP 401: invalid api key" in reply.message
    assert len(server.requests) == 1


def test_malformed_body(request_):
    with FakeOpenAI([malformed()]) as server:
        reply = agent(server.url).solve(request_)
    assert reply.failure.value == "backend_error" and "malformed response" in reply.message


def test_slow_response_past_the_timeout(request_):
    with FakeOpenAI([slow(3, answer(CODE))]) as server:
        reply = agent(server.url, request_timeout=0.5, retries=1).solve(request_)
    assert reply.failure.value == "agent_timeout"
    assert "no response within 0.5 s" in reply.message and len(server.requests) == 2


def test_connection_refused_is_a_backend_error(request_):
    reply = agent("http://127.0.0.1:9/v1", retries=1).solve(request_)
    assert reply.failure.value == "backend_error" and "connection error" in reply.message


def test_empty_content(request_):
    with FakeOpenAI([answer("  ")]) as server:
        reply = agent(server.url).solve(request_)
    assert reply.failure.value == "agent_empty_output"


def test_repair_turns_are_a_conversation(request_):
    followup = AgentRequest(request_.problem, request_.prompt, request_.workdir, 0, 2,
                            (Turn("first answer", "case 1 failed"),))
    with FakeOpenAI([answer(CODE)]) as server:
        agent(server.url).solve(followup)
    roles = [(m["role"], m["content"]) for m in server.requests[0]["body"]["messages"]]
    assert roles[1:] == [("user", "# Task\nAdd."), ("assistant", "first answer"),
                         ("user", "case 1 failed")]


def test_total_time_bounds_the_retries(request_):
    with FakeOpenAI([error(503, "busy", retry_after=5)]) as server:
        a = OpenAIAgent("m", OpenAISettings(base_url=server.url, retries=10), timeout=1)
        reply = a.solve(request_)
    assert reply.failure.value == "backend_error" and len(server.requests) == 1
    assert "HTTP 503: busy; no time left to retry" in reply.message

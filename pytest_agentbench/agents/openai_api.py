"""``openai:MODEL``: any endpoint that speaks OpenAI's chat-completions API.

Hosted APIs, vLLM, llama.cpp's server and Ollama all do. The request is the task as the user
message (plus the system prompt, and for repair turns the earlier answers and feedback as a
conversation); the answer is the first choice's message content. 429, 5xx and connection
errors are retried with exponential backoff (honouring ``Retry-After``), a bounded number of
times and never past the agent's time limit; each request has its own timeout. Tokens in and
out come from the response's ``usage``.

When the retries are spent, a 429 is ``rate_limited``, a 5xx, a connection error or a
malformed response ``backend_error``, a rejected key or an unknown model (401, 403, 404)
``agent_unavailable``: infrastructure failures, not the model's. A response that does not come
within the request timeout is the model's (``agent_timeout``), as is any other 4xx.
:meth:`OpenAIAgent.preflight` asks the endpoint for its models once before the run.
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass
from typing import Any

from ..models import AgentReply, AgentRequest, FailureKind
from .base import Agent, PreflightError

RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
PREFLIGHT_SECONDS = 10.0  # the longest the preflight waits for the endpoint


@dataclass(frozen=True)
class OpenAISettings:
    base_url: str = "https://api.openai.com/v1"
    api_key_env: str = "OPENAI_API_KEY"
    temperature: float | None = None
    max_tokens: int | None = None
    system_prompt: str = ("You are an expert software engineer. Answer with the complete "
                          "solution in one fenced code block.")
    request_timeout: float = 60.0
    retries: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_backoff: float = 30.0


class OpenAIAgent(Agent):
    def __init__(self, model: str, settings: OpenAISettings | None = None,
                 timeout: float = 120.0) -> None:
        if not model.strip():
            raise ValueError("openai: needs a model name, e.g. openai:gpt-4o-mini")
        try:
            import httpx  # noqa: F401
        except ImportError:
            raise ValueError("openai: needs httpx (pip install 'pytest-agentbench[openai]')"
                             ) from None
        self.model = model.strip()
        self.settings = settings or OpenAISettings()
        self.timeout = timeout
        self.spec = f"openai:{self.model}"
        self._client: Any = None

    def client(self) -> Any:
        import httpx

        if self._client is None:
            headers = {"Content-Type": "application/json"}
            key = os.environ.get(self.settings.api_key_env, "")
            if key:
                headers["Authorization"] = f"Bearer {key}"
            self._client = httpx.Client(base_url=self.settings.base_url.rstrip("/"),
                                        headers=headers,
                                        timeout=httpx.Timeout(self.settings.request_timeout))
        return self._client

    def preflight(self) -> None:
        """Ask the endpoint for its models (``GET /models``) once, with a short timeout: an
        endpoint that does not answer, or that rejects the key, stops the run before any
        item. Any other answer (a server without the listing too) means it is there."""
        import httpx

        url = f"{self.settings.base_url.rstrip('/')}/models"
        limit = min(self.settings.request_timeout, PREFLIGHT_SECONDS)
        fix = ("start the server, or point --agentbench-base-url (or $OPENAI_BASE_URL) at "
               "one that runs")
        try:
            response = self.client().get("/models", timeout=limit)
        except httpx.TimeoutException:
            raise PreflightError(f"the endpoint {url} did not answer within "
                                 f"{limit:g} s; {fix}", "--agentbench-base-url") from None
        except httpx.TransportError as exc:
            raise PreflightError(f"cannot reach the endpoint {url} ({exc}); {fix}",
                                 "--agentbench-base-url") from None
        if response.status_code in (401, 403):
            key = self.settings.api_key_env
            held = "holds a key it rejected" if os.environ.get(key) else "is not set"
            raise PreflightError(
                f"{url} answered HTTP {response.status_code} "
                f"({_error_text(response)}): ${key} {held}; set it, or name the variable "
                "that holds the key with --agentbench-api-key-env", "--agentbench-api-key-env")

    def messages(self, request: AgentRequest) -> list[dict[str, str]]:
        out = []
        if self.settings.system_prompt:
            out.append({"role": "system", "content": self.settings.system_prompt})
        out.append({"role": "user", "content": request.prompt})
        for turn in request.history:
            out.append({"role": "assistant", "content": turn.answer})
            out.append({"role": "user", "content": turn.feedback})
        return out

    def payload(self, request: AgentRequest) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": self.messages(request)}
        if self.settings.temperature is not None:
            body["temperature"] = self.settings.temperature
        if self.settings.max_tokens is not None:
            body["max_tokens"] = self.settings.max_tokens
        return body

    def solve(self, request: AgentRequest) -> AgentReply:
        import httpx

        start = time.monotonic()
        deadline = start + self.timeout
        body = self.payload(request)
        last = "no request made"
        kind = FailureKind.AGENT_TIMEOUT
        requests = 0
        for attempt in range(self.settings.retries + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                last = f"{last}; out of time"
                break
            requests += 1
            retry_after: float | None = None
            limit = min(self.settings.request_timeout, remaining)
            try:
                response = self.client().post("/chat/completions", json=body, timeout=limit)
            except httpx.ConnectTimeout:
                kind, last = FailureKind.BACKEND_ERROR, f"could not connect within {limit:g} s"
            except httpx.TimeoutException:
                kind, last = FailureKind.AGENT_TIMEOUT, f"no response within {limit:g} s"
            except httpx.TransportError as exc:
                kind, last = FailureKind.BACKEND_ERROR, f"connection error: {exc}"
            else:
                if response.status_code == 200:
                    return self._reply(response, start, requests)
                kind = http_failure(response.status_code)
                last = f"HTTP {response.status_code}: {_error_text(response)}"
                if response.status_code not in RETRY_STATUS:
                    break
                retry_after = _retry_after(response)
            if attempt == self.settings.retries:
                break
            delay = retry_after if retry_after is not None else min(
                self.settings.max_backoff, self.settings.backoff * 2 ** attempt)
            delay *= 1.0 if retry_after is not None else random.uniform(0.8, 1.2)
            if time.monotonic() + delay >= deadline:
                last = f"{last}; no time left to retry"
                break
            time.sleep(delay)
        return AgentReply("", time.monotonic() - start, kind,
                          f"{self.spec}: {last} (after {requests} request"
                          f"{'s' if requests != 1 else ''})", requests=requests)

    def _reply(self, response: Any, start: float, requests: int) -> AgentReply:
        seconds = time.monotonic() - start
        try:
            data = response.json()
            content = data["choices"][0]["message"]["content"]
            if not isinstance(content, str):
                raise TypeError(f"content is {type(content).__name__}")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            return AgentReply("", seconds, FailureKind.BACKEND_ERROR,
                              f"{self.spec}: malformed response ({type(exc).__name__}: {exc}): "
                              f"{response.text[:300]!r}", requests=requests)
        usage = data.get("usage") or {}
        if not content.strip():
            return AgentReply("", seconds, FailureKind.AGENT_EMPTY,
                              f"{self.spec}: the response had no content", requests=requests,
                              tokens_in=usage.get("prompt_tokens"),
                              tokens_out=usage.get("completion_tokens"))
        return AgentReply(content, seconds, tokens_in=usage.get("prompt_tokens"),
                          tokens_out=usage.get("completion_tokens"), requests=requests)


def http_failure(status: int) -> FailureKind:
    """Whose failure an HTTP error status is: 429 and 5xx (and the other statuses worth a
    retry) are the backend's, a rejected key or an unknown model make the agent unusable;
    any other 4xx (a request too long for the model...) is the agent's."""
    if status == 429:
        return FailureKind.RATE_LIMITED
    if status in RETRY_STATUS or status >= 500:
        return FailureKind.BACKEND_ERROR
    if status in (401, 403, 404):
        return FailureKind.AGENT_UNAVAILABLE
    return FailureKind.AGENT_ERROR


def _error_text(response: Any) -> str:
    try:
        data = response.json()
        err = data.get("error", data)
        if isinstance(err, dict):
            return str(err.get("message") or err)[:300]
        return str(err)[:300]
    except ValueError:
        text: str = response.text
        return text[:300]


def _retry_after(response: Any) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return max(0.0, min(float(value), 60.0)) if value is not None else None
    except ValueError:
        return None

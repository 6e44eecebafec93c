"""A real HTTP server on loopback that speaks OpenAI's chat-completions API, scripted per test.

Each request takes the next behaviour from the script (the last one repeats): an answer, an
HTTP error with the API's error body, a malformed body, or a delay. An answer to a request that
asks for a stream (``"stream": true``, as Aider sends) comes as server-sent chunks. Every
request is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from .loopback import LoopbackServer

Behaviour = dict[str, Any]


def answer(content: str, prompt_tokens: int = 11, completion_tokens: int = 7) -> Behaviour:
    return {"status": 200, "body": {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens}}}


def error(status: int, message: str = "error", retry_after: float | None = None) -> Behaviour:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return {"status": status, "headers": headers,
            "body": {"error": {"message": message, "type": "server_error", "code": status}}}


def malformed() -> Behaviour:
    return {"status": 200, "raw": b'{"choices": [{"message": {"role": "assistant"}}]'}


def slow(seconds: float, then: Behaviour) -> Behaviour:
    return {**then, "delay": seconds}


def models(*names: str) -> Behaviour:
    return {"status": 200, "body": {"object": "list", "data": [
        {"id": name, "object": "model", "created": 0, "owned_by": "test"} for name in names]}}


class FakeOpenAI(LoopbackServer):
    """``listing`` answers ``GET /v1/models`` (the preflight's request); without it the server
    answers GET as a server without the listing does (501). GETs are counted in ``listings``,
    apart from ``requests``."""

    def __init__(self, script: list[Behaviour] | Callable[[dict], Behaviour],
                 listing: Behaviour | None = None) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.listings: list[str] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with outer.lock:
                    outer.listings.append(self.path)
                self._answer(listing or {"status": 501, "body": {"error": "Unsupported method"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with outer.lock:
                    outer.requests.append({"path": self.path, "body": body,
                                           "auth": self.headers.get("Authorization")})
                    behaviour = outer.next(body)
                if behaviour.get("delay"):
                    time.sleep(behaviour["delay"])
                if body.get("stream") and behaviour["status"] == 200 and "raw" not in behaviour:
                    self._stream(behaviour["body"])
                    return
                self._answer(behaviour)

            def _answer(self, behaviour: Behaviour) -> None:
                raw = behaviour.get("raw") or json.dumps(behaviour["body"]).encode()
                try:
                    self.send_response(behaviour["status"])
                    for k, v in behaviour.get("headers", {}).items():
                        self.send_header(k, v)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _stream(self, data: dict[str, Any]) -> None:
                """An answer as server-sent chunks, as clients that stream (Aider) read it."""
                choice = data["choices"][0]
                head = {k: data[k] for k in ("id", "created", "model")}
                chunks = [
                    {**head, "object": "chat.completion.chunk", "choices": [{
                        "index": 0, "delta": {"role": "assistant",
                                              "content": choice["message"]["content"]},
                        "finish_reason": None}]},
                    {**head, "object": "chat.completion.chunk", "choices": [{
                        "index": 0, "delta": {}, "finish_reason": choice["finish_reason"]}],
                     "usage": data.get("usage")},
                ]
                raw = ("".join(f"data: {json.dumps(c)}\n\n" for c in chunks)
                       + "data: [DONE]\n\n").encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.serve(Handler)

    def next(self, body: dict) -> Behaviour:
        if callable(self.script):
            return self.script(body)
        index = min(len(self.requests) - 1, len(self.script) - 1)
        return self.script[index]

    @property
    def url(self) -> str:
        return f"{self.root}/v1"

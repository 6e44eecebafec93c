"""A real HTTP server on loopback that speaks Anthropic's Messages API, scripted per test.

It serves ``POST /v1/messages`` (streamed as server-sent events when the request asks for a
stream, as Claude Code does, or as one JSON body) and ``POST /v1/messages/count_tokens``. Each
request is answered by a function of its body that returns the assistant's content blocks:
``text(...)`` and ``tool_use(...)`` below; a turn that holds a tool call stops with
``tool_use``, so the client runs the tool and comes back with its result. Every request is
recorded.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from .loopback import LoopbackServer

Block = dict[str, Any]
Script = Callable[[dict[str, Any]], list[Block]]

_ids = itertools.count(1)


def text(content: str) -> Block:
    return {"type": "text", "text": content}


def tool_use(name: str, **tool_input: Any) -> Block:
    return {"type": "tool_use", "id": f"toolu_{next(_ids):06d}", "name": name,
            "input": tool_input}


def tool_results(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every tool result the client has sent back so far, oldest first."""
    out = []
    for message in body.get("messages", []):
        content = message.get("content")
        if message.get("role") == "user" and isinstance(content, list):
            out += [c for c in content if isinstance(c, dict) and c.get("type") == "tool_result"]
    return out


def user_text(body: dict[str, Any]) -> str:
    """All the text the user sent (every turn), for a script to read the task from."""
    parts = []
    for message in body.get("messages", []):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts += [c.get("text", "") for c in content
                      if isinstance(c, dict) and c.get("type") == "text"]
    return "\n".join(parts)


class FakeAnthropic(LoopbackServer):
    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_HEAD(self) -> None:
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self) -> None:
                self._json(404, {"type": "error", "error": {"type": "not_found_error",
                                                            "message": self.path}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                path = self.path.split("?", 1)[0]
                with outer.lock:
                    outer.requests.append({"path": self.path, "body": body,
                                           "headers": dict(self.headers.items())})
                if path.endswith("/count_tokens"):
                    self._json(200, {"input_tokens": 42})
                    return
                if not path.endswith("/messages"):
                    self._json(404, {"type": "error", "error": {"type": "not_found_error",
                                                                "message": self.path}})
                    return
                try:
                    blocks = outer.script(body)
                except Exception as exc:  # a broken script is a server error the client sees
                    self._json(500, {"type": "error", "error": {"type": "api_error",
                                                                "message": repr(exc)}})
                    return
                stop = "tool_use" if any(b["type"] == "tool_use" for b in blocks) \
                    else "end_turn"
                message = {"id": f"msg_{next(_ids):06d}", "type": "message",
                           "role": "assistant", "model": body.get("model", "test"),
                           "content": blocks, "stop_reason": stop, "stop_sequence": None,
                           "usage": {"input_tokens": 42, "output_tokens": 17}}
                if body.get("stream"):
                    self._stream(message)
                else:
                    self._json(200, message)

            def _json(self, status: int, data: dict[str, Any]) -> None:
                raw = json.dumps(data).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _stream(self, message: dict[str, Any]) -> None:
                events = [("message_start", {"type": "message_start", "message": {
                    **message, "content": [], "stop_reason": None,
                    "usage": {"input_tokens": 42, "output_tokens": 1}}})]
                for index, block in enumerate(message["content"]):
                    if block["type"] == "text":
                        start = {"type": "text", "text": ""}
                        delta = {"type": "text_delta", "text": block["text"]}
                    else:
                        start = {**block, "input": {}}
                        delta = {"type": "input_json_delta",
                                 "partial_json": json.dumps(block["input"])}
                    events += [
                        ("content_block_start", {"type": "content_block_start", "index": index,
                                                 "content_block": start}),
                        ("content_block_delta", {"type": "content_block_delta", "index": index,
                                                 "delta": delta}),
                        ("content_block_stop", {"type": "content_block_stop", "index": index}),
                    ]
                events += [
                    ("message_delta", {"type": "message_delta",
                                       "delta": {"stop_reason": message["stop_reason"],
                                                 "stop_sequence": None},
                                       "usage": {"output_tokens": 17}}),
                    ("message_stop", {"type": "message_stop"}),
                ]
                raw = "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n"
                              for name, data in events).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Cache-Control", "no-cache")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.serve(Handler)

    @property
    def url(self) -> str:
        return self.root

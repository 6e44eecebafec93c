"""The Go runner: ``go build`` once per problem, one process runs every case by reflection.

The solution becomes ``package main`` beside a static harness (``go_harness.go``) and a
generated file that names the entry point (a function, or for a type its constructor), so the
harness decodes each JSON argument into the parameter's own Go type. Native tests are a
``_test.go`` file run as a test binary under ``go tool test2json`` (what ``go test -json``
does), one outcome per top-level test. The build cache is kept between problems and runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..models import Param, Problem, ProcessResult, Signature
from .harness_runner import HarnessRunner, Step, cache_root, detect_toolchain

HARNESS = Path(__file__).with_name("go_harness.go")

_FUNC = re.compile(r"func\s+(?:\((?P<recv>[^)]*)\)\s*)?(?P<name>[A-Za-z_]\w*)\s*"
                   r"(?:\[[^\]]*\]\s*)?\((?P<params>[^)]*)\)\s*(?P<returns>[^{\n]*)")
_TYPE = re.compile(r"type\s+(?P<name>[A-Za-z_]\w*)\b")

TREE_TYPES = """
// TreeNode is a binary tree node (predefined by pytest-agentbench).
type TreeNode struct {
	Val   int
	Left  *TreeNode
	Right *TreeNode
}
"""
LIST_TYPES = """
// ListNode is a singly linked list node (predefined by pytest-agentbench).
type ListNode struct {
	Val  int
	Next *ListNode
}
"""


def _kind(go_type: str) -> str:
    t = go_type.strip()
    if t == "string":
        return "str"
    if "TreeNode" in t:
        return "tree"
    if "ListNode" in t:
        return "linked_list"
    return "other"


def split_params(text: str) -> list[Param]:
    """Go parameters, with grouped names (``a, b int``) expanded."""
    parts = [p.strip() for p in _split_top(text) if p.strip()]
    params: list[Param] = []
    pending: list[str] = []
    for part in parts:
        words = part.split(None, 1)
        if len(words) == 1:
            pending.append(words[0])
            continue
        name, typ = words
        for n in (*pending, name):
            params.append(Param(n, typ.strip(), _kind(typ)))
        pending = []
    for n in pending:  # unnamed parameters: types only
        params.append(Param(f"arg{len(params)}", n, _kind(n)))
    return params


def _split_top(text: str) -> list[str]:
    depth, cur, out = 0, "", []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def go_literal(value: Any, go_type: str = "") -> str:
    """A Go literal for a JSON value of the given type, for examples in prompts."""
    t = go_type.strip()
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        if "TreeNode" in t or "ListNode" in t:
            return f"{t.lstrip('*')}{json.dumps(value)}"
        inner = t[2:] if t.startswith("[]") else ""
        return f"{t or '[]any'}{{{', '.join(go_literal(v, inner) for v in value)}}}"
    if isinstance(value, dict):
        match = re.match(r"map\[(.*?)\](.*)", t)
        key_t, val_t = (match.group(1), match.group(2)) if match else ("string", "")
        items = ", ".join(f"{go_literal(k, key_t)}: {go_literal(v, val_t)}"
                          for k, v in value.items())
        return f"{t or 'map[string]any'}{{{items}}}"
    return json.dumps(value)


class GoRunner(HarnessRunner):
    name = "go"
    aliases = ("golang",)
    display_name = "Go"
    file_name = "solution.go"
    run_memory_bytes = None  # the Go runtime reserves address space up front; GOMEMLIMIT caps it

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        funcs = [m for m in _FUNC.finditer(text) if not m.group("recv")]
        types = [m.group("name") for m in _TYPE.finditer(text)]
        methods = [m for m in _FUNC.finditer(text) if m.group("recv")]
        if types and (methods or (entry_point in types)):
            name = entry_point or types[0]
            ctor = self.constructor_in(text, name)
            params = tuple(split_params(ctor.group("params"))) if ctor else ()
            return Signature(name, "class", params)
        chosen = [f for f in funcs if f.group("name") == entry_point] if entry_point else funcs
        if not chosen:
            raise ValueError("no Go `func` in the signature")
        f = chosen[0]
        returns = f.group("returns").strip()
        return Signature(f.group("name"), "function", tuple(split_params(f.group("params"))),
                         returns, False, _kind(returns))

    @staticmethod
    def constructor_in(text: str, type_name: str) -> re.Match[str] | None:
        for m in _FUNC.finditer(text):
            if m.group("recv"):
                continue
            if re.search(rf"\*?\b{re.escape(type_name)}\b", m.group("returns")):
                return m
        return None

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        name = re.escape(entry_point)
        return bool(re.search(rf"^\s*func\s+(\([^)]*\)\s*)?{name}\s*[\[(]", code, re.M)
                    or re.search(rf"^\s*type\s+{name}\b", code, re.M))

    def looks_like_code(self, text: str) -> bool:
        return bool(re.search(r"^\s*(package\s+\w+|func\s+\w+\s*\()", text, re.M))

    # -- prompting
    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        params = problem.signature.params
        parts = [go_literal(a, params[i].type if i < len(params) else "")
                 for i, a in enumerate(args)]
        return f"{problem.entry_point}({', '.join(parts)})"

    def format_value(self, value: Any) -> str:
        return go_literal(value)

    def answer_instructions(self, problem: Problem) -> str:
        text = (
            "Answer with exactly one fenced code block tagged `go` containing a complete "
            f"`package main` file that defines `{problem.entry_point}` exactly as in the "
            "signature, with its imports (standard library only) and helpers. Do not write "
            "`func main` or tests."
        )
        if problem.signature.kind == "class":
            text += " Provide the constructor function shown in the signature."
        if "TreeNode" in problem.signature_text:
            text += " `TreeNode` (fields `Val`, `Left`, `Right`) is predefined; do not declare it."
        if "ListNode" in problem.signature_text:
            text += " `ListNode` (fields `Val`, `Next`) is predefined; do not declare it."
        return text

    # -- running
    def toolchain(self):
        return detect_toolchain({"go": ("version",)}, "apt-get install golang-go")

    def extra_env(self, work: Path) -> dict[str, str]:
        return {
            "GOCACHE": str(cache_root() / "go-build"),
            "GOPATH": str(work / ".gopath"),
            "GOFLAGS": "-mod=mod",
            "GOPROXY": "off",
            "GOSUMDB": "off",
            "GOTOOLCHAIN": "local",
            "GOTELEMETRY": "off",
            "CGO_ENABLED": "0",
            "GO111MODULE": "on",
            "GOMEMLIMIT": "1536MiB",
            # go ignores a go.mod in the temporary-files root, so that must be elsewhere
            "TMPDIR": str(work / ".tmp"),
        }

    @staticmethod
    def as_main_package(code: str) -> str:
        """The solution as ``package main`` with any ``func main`` renamed out of the way."""
        code = re.sub(r"^\s*package\s+\w+\s*$", "", code, count=1, flags=re.M)
        code = re.sub(r"^func\s+main\s*\(\s*\)", "func agentbenchSolutionMain()", code,
                      flags=re.M)
        return "package main\n\n" + code.lstrip("\n")

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        (work / ".tmp").mkdir()
        (work / "go.mod").write_text("module agentbench\n\ngo 1.19\n", encoding="utf-8")
        (work / self.file_name).write_text(self.as_main_package(code), encoding="utf-8")
        (work / "agentbench_harness.go").write_text(HARNESS.read_text(encoding="utf-8"),
                                                    encoding="utf-8")
        types = ""
        mentions = problem.signature_text + (problem.native_tests or "")
        if "TreeNode" in mentions and not re.search(r"type\s+TreeNode\b", code):
            types += TREE_TYPES
        if "ListNode" in mentions and not re.search(r"type\s+ListNode\b", code):
            types += LIST_TYPES
        if problem.signature.kind == "class":
            ctor = self.constructor_in(problem.signature_text, problem.entry_point)
            ctor_name = ctor.group("name") if ctor else f"New{problem.entry_point}"
            entry = f"var agentbenchEntry interface{{}}\nvar agentbenchConstructor " \
                    f"interface{{}} = {ctor_name}\n"
        else:
            entry = f"var agentbenchEntry interface{{}} = {problem.entry_point}\n" \
                    "var agentbenchConstructor interface{}\n"
        (work / "agentbench_entry.go").write_text(f"package main\n{types}\n{entry}",
                                                  encoding="utf-8")

    def compile_steps(self, work: Path, problem: Problem) -> list[Step]:
        return [Step(["go", "build", "-o", "solution.bin", "."], what="compiler")]

    def run_step(self, work: Path, problem: Problem) -> Step:
        return Step([str(work / "solution.bin")])

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        tests = re.sub(r"^\s*package\s+\w+\s*$", "", problem.native_tests or "", count=1,
                       flags=re.M)
        (work / "solution_test.go").write_text("package main\n\n" + tests.lstrip("\n"),
                                               encoding="utf-8")
        # The harness's main would run instead of the tests; keep it out of the test build.
        harness = work / "agentbench_harness.go"
        harness.write_text("//go:build agentbench_harness\n\n" + harness.read_text(),
                           encoding="utf-8")
        return ([Step(["go", "test", "-c", "-o", "tests.bin", "."], what="compiler")],
                Step(["go", "tool", "test2json", "-t", str(work / "tests.bin"), "-test.v",
                      "-test.count=1"], what="test binary"))

    def compile_message(self, proc: ProcessResult) -> str:
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines()
                 if ln.strip() and not ln.startswith("#")]
        return "\n".join(lines[:20])

    def parse_native(self, proc: ProcessResult, work: Path) -> list[tuple[str, str, str]]:
        results: dict[str, tuple[str, str, str]] = {}
        output: dict[str, list[str]] = {}
        for line in proc.stdout.splitlines():
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            test = ev.get("Test")
            if not test or "/" in test:
                continue
            action = ev.get("Action")
            if action == "output":
                text = ev.get("Output", "").rstrip()
                if text and not text.lstrip().startswith(("=== ", "--- ")):
                    output.setdefault(test, []).append(text.strip())
            elif action in ("pass", "fail", "skip"):
                status = {"pass": "passed", "fail": "failed", "skip": "passed"}[action]
                results[test] = (test, status, "\n".join(output.get(test, [])[-10:]))
            elif action == "run":
                results.setdefault(test, (test, "error", "did not finish"))
        return list(results.values())

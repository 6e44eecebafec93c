"""The PHP runner: one ``php`` process per problem runs every case through a PHP harness.

PHP has no separate compile step: the harness requires the solution inside ``try`` and turns a
``ParseError``/``CompileError`` (or a compile-time fatal error, seen by a shutdown handler) into
a ``compile_error`` event, which costs nothing beyond the run itself (``php -l`` would be a
second process per problem). Arguments are converted to the parameter types the harness reads
by reflection (the stub's types and PHPDoc element types when the solution leaves them out);
results go back as JSON. The harness is checked with ``php -l`` once per content hash in the
cache and copied into each work directory (the sandbox shows a solution only its own
directory). Native tests run under a small runner of ``test*`` functions and methods that use
``assert()``, one outcome per test; a test that skips itself (``\\AgentBench\\skip()``,
``incomplete()``, ``markTestSkipped()``/``markTestIncomplete()`` of ``\\AgentBench\\TestCase``)
or is disabled (``#[\\AgentBench\\Skip]``) is "skipped", never passed. In timing mode
(``docs/runners.md``) the harness times ``repeat`` calls of the entry function on fresh copies
of the arguments, or for a class problem as many constructions each followed by its call
sequence, in CPU seconds (``getrusage()``: PHP runs the solution on one thread); a generator or
other lazy result is read to its end inside the timed unit.

Both PHP scripts report through the outcome channel (:mod:`pytest_agentbench.channel`): they
read its token before the solution is loaded (nothing of the solution runs earlier: the
``auto_prepend_file`` setting is cleared on the command line) and put it on every event line.
The run sees its work directory read-only; what a process could not report (a fatal error that
left its shutdown handler no memory, the allocator's "Out of memory") is completed from stderr
by :meth:`PhpRunner.complete_events`.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import Case, Param, Problem, ProcessResult, Signature
from .base import Toolchain
from .harness_runner import (
    HarnessRunner,
    NativeCompileError,
    Step,
    build_cached,
    detect_toolchain,
)

SUPPORT = Path(__file__).parent / "support" / "php"
SUPPORT_FILES = ("common.php", "harness.php", "native.php", "nodes.php")
HARNESS_DIR = "agentbench"  # where the harness is copied in the work directory
INSTALL_HINT = "apt-get install php-cli"
MIN_VERSION = (8, 1)

#: settings that make runs the same whatever php.ini says
INI = {
    "display_errors": "stderr",
    "display_startup_errors": "1",
    "log_errors": "0",
    "html_errors": "0",
    "error_reporting": "-1",
    "memory_limit": "1G",
    "max_execution_time": "0",
    "serialize_precision": "-1",
    "precision": "14",
    "zend.assertions": "1",
    "assert.exception": "1",
    "auto_prepend_file": "",
    "auto_append_file": "",
    "output_buffering": "0",
    "opcache.enable_cli": "0",
}

# PHP's identifier, [a-zA-Z_\x80-\uffff][a-zA-Z0-9_\x80-\uffff]*, written as what it excludes:
# a class over the whole non-ASCII range costs 7 ms of regex compilation at every start-up, and
# 40 ms under re.I. Keywords are case-insensitive in PHP, so only they carry (?i:...).
_IDENT = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f][^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*"
_CLASS_DECL = re.compile(
    rf"\b(?P<mods>(?i:(?:(?:final|abstract|readonly)\s+)*))"
    rf"(?P<kind>(?i:class|interface|trait|enum))\s+(?P<name>{_IDENT})")
_FUNC_DECL = re.compile(rf"\b(?i:function)\s*&?\s*(?P<name>{_IDENT})\s*\(")
_MODIFIERS = re.compile(r"^(?:(?:public|protected|private|readonly)(?:\(set\))?\s+)+", re.I)
_PARAM = re.compile(r"^(?P<type>.*?)\s*(?P<ref>&)?\s*(?P<variadic>\.\.\.)?\s*\$(?P<name>\w+)"
                    r"\s*(?:=\s*(?P<default>.*))?$", re.S)

TREE_NOTE = (" `TreeNode` is predefined (`new TreeNode($val, $left = null, $right = null)`, public "
             "`$val`, `$left`, `$right`); do not declare it. In the examples, `tree([...])` is "
             "a tree given in level order with `null` for a missing child.")
LIST_NOTE = (" `ListNode` is predefined (`new ListNode($val, $next = null)`, public `$val`, "
             "`$next`); do not declare it. In the examples, `linked_list([...])` is the list "
             "of those values.")


# ---------------------------------------------------------------- reading PHP source


def mask(text: str) -> str:
    """``text`` with comments blanked and string contents replaced, offsets unchanged.

    ``#[...]`` is an attribute, not a comment. Newlines are kept so lines still count.
    """
    out = list(text)
    i, n = 0, len(text)

    def blank(start: int, end: int) -> None:
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        ch = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if ch == "/" and nxt == "*":
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            blank(i, end)
            i = end
        elif (ch == "/" and nxt == "/") or (ch == "#" and nxt != "["):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            for k in range(i + 1, min(j, n)):
                if out[k] != "\n":
                    out[k] = "x"
            i = j + 1
        else:
            i += 1
    return "".join(out)


def _matching(masked: str, start: int, open_ch: str, close_ch: str) -> int:
    """Index of the bracket closing the one at ``start`` (or the end of the text)."""
    depth = 0
    for i in range(start, len(masked)):
        if masked[i] == open_ch:
            depth += 1
        elif masked[i] == close_ch:
            depth -= 1
            if depth == 0:
                return i
    return len(masked)


def _split_top(text: str, masked: str) -> list[str]:
    """Split ``text`` at top-level commas (brackets and strings read from ``masked``)."""
    parts, depth, last = [], 0, 0
    for i, ch in enumerate(masked):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return [p for p in parts if p.strip()]


def param_kind(php_type: str) -> str:
    t = php_type.strip().lstrip("\\")
    if t.lower() == "string":
        return "str"
    if "TreeNode" in t:
        return "tree"
    if "ListNode" in t:
        return "linked_list"
    return "other"


def read_params(text: str) -> tuple[Param, ...]:
    """The parameters of a PHP parameter list (without its parentheses)."""
    params = []
    for raw in _split_top(text, mask(text)):
        part = raw.strip()
        while part.startswith("#["):  # attributes
            part = part[_matching(part, 1, "[", "]") + 1:].strip()
        part = _MODIFIERS.sub("", part)
        match = _PARAM.match(part)
        if not match:
            raise ValueError(f"cannot read the parameter {raw.strip()!r}")
        php_type = " ".join(match.group("type").split())
        required = match.group("default") is None and not match.group("variadic")
        params.append(Param(match.group("name"), php_type, param_kind(php_type), required))
    return tuple(params)


def doc_param_types(doc: str) -> dict[str, str]:
    """``@param`` types of a PHPDoc block by parameter name (generics may contain spaces)."""
    types: dict[str, str] = {}
    for match in re.finditer(r"@(?:phpstan-|psalm-)?param\s+", doc):
        pos, depth, start = match.end(), 0, match.end()
        while pos < len(doc) and not (doc[pos].isspace() and depth <= 0):
            depth += doc[pos] in "<({"
            depth -= doc[pos] in ">)}"
            pos += 1
        name = re.match(r"\s*(?:\.\.\.)?&?\$(\w+)", doc[pos:])
        if name:
            types.setdefault(name.group(1), " ".join(doc[start:pos].split()))
    return types


@dataclass
class Decl:
    """A function or class-like declaration found in PHP source."""

    kind: str  # "function", "class", "interface", "trait", "enum"
    name: str
    body: tuple[int, int] | None = None
    params: str = ""
    returns: str = ""
    doc: str = ""
    abstract: bool = False
    methods: list[Decl] = field(default_factory=list)


def _doc_before(text: str, pos: int) -> str:
    """The ``/** ... */`` block just before a declaration (modifiers and attributes between)."""
    head = text[:pos].rstrip()
    while True:
        trimmed = re.sub(r"(?:\b(?:public|protected|private|static|final|abstract|readonly)\s*)+$",
                         "", head).rstrip()
        if trimmed.endswith("]") and "#[" in trimmed:
            trimmed = trimmed[: trimmed.rfind("#[")].rstrip()
        if trimmed == head:
            break
        head = trimmed
    if head.endswith("*/"):
        start = head.rfind("/**")
        if start >= 0:
            return head[start:]
    return ""


def declarations(text: str) -> tuple[list[Decl], list[Decl]]:
    """Top-level functions and class-likes (with their methods), in order of the source."""
    masked = mask(text)
    types: list[Decl] = []
    for m in _CLASS_DECL.finditer(masked):
        if re.search(r"(::|->|\bnew)\s*$", masked[: m.start()]):
            continue  # Foo::class, new class
        brace = masked.find("{", m.end())
        body = (brace, _matching(masked, brace, "{", "}")) if brace >= 0 else (m.end(), len(text))
        types.append(Decl(m.group("kind").lower(), m.group("name"), body,
                          abstract="abstract" in m.group("mods").lower()))
    functions: list[Decl] = []
    for m in _FUNC_DECL.finditer(masked):
        close = _matching(masked, m.end() - 1, "(", ")")
        ret = re.match(r"\s*:\s*([^{;\n]+)", masked[close + 1:])
        returns = text[close + 1 + ret.start(1): close + 1 + ret.end(1)].strip() if ret else ""
        decl = Decl("function", m.group("name"), None, text[m.end(): close], returns,
                    _doc_before(text, m.start()))
        owner = next((t for t in types if t.body and t.body[0] < m.start() < t.body[1]), None)
        (owner.methods if owner else functions).append(decl)
    return functions, types


# ---------------------------------------------------------------- PHP literals


def php_string(text: str) -> str:
    if not any(ord(c) < 32 or c == "\x7f" for c in text):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    escapes = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\v": "\\v", "\f": "\\f", "\x1b": "\\e",
               "\\": "\\\\", '"': '\\"', "$": "\\$"}
    body = "".join(escapes.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 32 or c == "\x7f" else c)
                   for c in text)
    return f'"{body}"'


def php_literal(value: Any, php_type: str = "") -> str:
    """A PHP literal for a JSON value (``tree([...])``/``linked_list([...])`` for nodes)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NAN"
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
        return repr(value)
    if isinstance(value, str):
        return php_string(value)
    if isinstance(value, (list, tuple)):
        items = "[" + ", ".join(php_literal(v) for v in value) + "]"
        if "TreeNode" in php_type:
            return f"tree({items})"
        if "ListNode" in php_type:
            return f"linked_list({items})"
        return items
    if isinstance(value, dict):
        return "[" + ", ".join(f"{php_literal(k)} => {php_literal(v)}"
                               for k, v in value.items()) + "]"
    return php_string(str(value))


def _params_of(decl: Decl | None) -> tuple[Param, ...]:
    try:
        return read_params(decl.params) if decl is not None else ()
    except ValueError:
        return ()


def _php_arg(value: Any, php_type: str, classes: dict[str, Decl]) -> str:
    """A value for a parameter: ``new Class(name: ...)`` for a class of the signature."""
    name = php_type.strip().lstrip("?\\").lower()
    cls = classes.get(name)
    if cls is not None and isinstance(value, dict) and name not in ("treenode", "listnode"):
        fields = ", ".join(f"{k}: {php_literal(v)}" for k, v in value.items())
        return f"new {cls.name}({fields})"
    return php_literal(value, php_type)


def _php_args(args: tuple[Any, ...] | list[Any], kwargs: dict[str, Any],
              params: tuple[Param, ...], classes: dict[str, Decl]) -> str:
    by_name = {p.name: p.type for p in params}
    parts = [_php_arg(a, params[i].type if i < len(params) else "", classes)
             for i, a in enumerate(args)]
    parts += [f"{k}: {_php_arg(v, by_name.get(k, ''), classes)}" for k, v in kwargs.items()]
    return ", ".join(parts)


def _outcome(raises: str | None, expected: Any, has_expected: bool) -> str:
    if raises:
        return f"  // throws {raises}"
    return f"  // -> {php_literal(expected)}" if has_expected else ""


def ini_args() -> list[str]:
    return [arg for key, value in INI.items() for arg in ("-d", f"{key}={value}")]


def _lint(directory: Path) -> None:
    """The support files must at least parse: ``php -l`` each, once per content hash."""
    for name in SUPPORT_FILES:
        proc = subprocess.run(["php", "-l", str(directory / name)], capture_output=True,
                              text=True, timeout=60, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"the PHP harness does not parse: {proc.stdout}{proc.stderr}")


_FATAL = re.compile(r"^(?:PHP )?Fatal error:\s+(?P<message>.*)$", re.M)


def fatal_error_events(proc: ProcessResult, work: Path,
                       events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The event a process killed by a fatal error could not report itself (memory exhausted
    by deep recursion leaves its shutdown handler no room to run), from stderr: a compile error
    before the solution loaded, else the error of the case or test that was running."""
    match = _FATAL.search(proc.stderr)
    if match is None:
        return []
    message = match.group("message").replace(f"{work}/", "").strip()
    kinds = [ev.get("event") for ev in events]
    if "loaded" not in kinds and "plan" not in kinds and not any(
            k in ("compile_error", "load_error") for k in kinds):
        return [{"event": "compile_error", "message": f"PHP Fatal error: {message}"}]
    key = "test" if "plan" in kinds else "index"
    started = [ev.get(key) for ev in events if ev.get("event") == "start"]
    finished = {ev.get(key) for ev in events if ev.get("event") in ("case", "test")}
    running = next((k for k in reversed(started) if k not in finished), None)
    if running is None:
        return []
    if key == "test":
        return [{"event": "test", "test": running, "status": "error",
                 "message": f"FatalError: {message}"}]
    return [{"event": "case", "index": running, "status": "exception",
             "error_type": "FatalError", "message": message}]


_PANIC = re.compile(r"^(?:mmap\(\) failed: .*\n\s*)?Out of memory\s*$", re.M)


def out_of_memory_events(proc: ProcessResult,
                         events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A case that ran out of memory ends the item as a resource limit, like a MemoryError.

    Past ``memory_limit`` PHP stops with a fatal error (recorded for the running case by the
    shutdown handler or :func:`fatal_error_events`); past the sandbox's address-space limit
    (code that lifted ``memory_limit``) the allocator prints "Out of memory" and exits with
    status 1 before any handler runs, so the case is recorded here. Either way a ``done`` event
    then closes the events, so the item is judged by its outcomes (the rest ``not_run``)
    rather than by the exit status alone.
    """
    from ..judge import is_memory_error  # (the judge imports the runners)

    if any(ev.get("event") == "done" for ev in events):
        return []
    finished = {ev.get("index"): ev for ev in events if ev.get("event") == "case"}
    started = [ev.get("index") for ev in events if ev.get("event") == "start"]
    if not started:
        return []
    last = started[-1]
    added: list[dict[str, Any]] = []
    panic = _PANIC.search(proc.stderr)
    if last not in finished and panic is not None and proc.returncode == 1:
        added.append({"event": "case", "index": last, "status": "exception",
                      "error_type": "OutOfMemoryError",
                      "message": " ".join(panic.group(0).split())
                      + " (the sandbox's memory limit)"})
    else:
        event = finished.get(last) or {}
        text = f"{event.get('error_type', '')}: {event.get('message', '')}"
        if event.get("status") != "exception" or not is_memory_error(text):
            return []
    return [*added, {"event": "done"}]


def work_of(step: Step) -> Path:
    """The work directory of one of this runner's steps (each names its script there)."""
    script = next(arg for arg in step.argv if arg.endswith((f"/{HARNESS_DIR}/harness.php",
                                                            f"/{HARNESS_DIR}/native.php")))
    return Path(script).parent.parent


class PhpRunner(HarnessRunner):
    name = "php"
    aliases = ("php8", "phtml")
    display_name = "PHP"
    file_name = "solution.php"
    supports_timing = True
    supports_class_timing = True

    # -- reading suites
    def read_signature(self, text: str, entry_point: str | None) -> Signature:
        functions, types = declarations(text)
        classes = [t for t in types if t.kind == "class" and not t.abstract]
        wanted = (entry_point or "").lower()
        if wanted:
            fn = next((f for f in functions if f.name.lower() == wanted), None)
            cls = next((t for t in types if t.name.lower() == wanted), None)
            if fn is None and cls is None:
                raise ValueError(f"the signature does not declare {entry_point!r}")
        else:
            fn = functions[0] if functions else None
            cls = classes[0] if classes and fn is None else None
            if fn is None and cls is None:
                raise ValueError("no PHP `function` or `class` in the signature")
        if fn is not None:
            return Signature(fn.name, "function", read_params(fn.params), fn.returns, False,
                             param_kind(fn.returns))
        assert cls is not None
        ctor = next((m for m in cls.methods
                     if m.name.lower() == "__construct"), None)
        return Signature(cls.name, "class", read_params(ctor.params) if ctor else ())

    @staticmethod
    def stub_docs(problem: Problem) -> dict[str, str]:
        """PHPDoc parameter types of the entry point (or its constructor) in the stub."""
        functions, types = declarations(problem.signature_text)
        name = problem.entry_point.lower()
        if problem.signature.kind == "class":
            cls = next((t for t in types if t.name.lower() == name), None)
            methods = cls.methods if cls else []
            decl = next((m for m in methods if m.name.lower() == "__construct"), None)
        else:
            decl = next((f for f in functions if f.name.lower() == name), None)
        return doc_param_types(decl.doc) if decl else {}

    # -- extraction
    def defines(self, code: str, entry_point: str) -> bool:
        name = re.escape(entry_point)
        return bool(
            re.search(rf"^\s*function\s+&?\s*{name}\s*\(", code, re.M | re.I)
            or re.search(rf"^\s*(?:#\[[^\]]*\]\s*)*(?:(?:final|abstract|readonly)\s+)*"
                         rf"(?:class|enum|interface|trait)\s+{name}\b", code, re.M | re.I))

    def looks_like_code(self, text: str) -> bool:
        return bool(re.match(r"\s*<\?php\b", text)) or bool(re.search(
            r"^\s*(?:declare\s*\(\s*strict_types|function\s+\w+\s*\(|"
            r"(?:(?:final|abstract|readonly)\s+)*(?:class|enum|interface|trait)\s+\w+)",
            text, re.M))

    # -- prompting
    def format_value(self, value: Any) -> str:
        return php_literal(value)

    def format_call(self, problem: Problem, args: tuple[Any, ...]) -> str:
        params = problem.signature.params
        parts = [php_literal(a, params[i].type if i < len(params) else "")
                 for i, a in enumerate(args)]
        return f"{problem.entry_point}({', '.join(parts)})"

    def format_example(self, problem: Problem, case: Case) -> str | None:
        """An example as PHP: ``slugify('A b', separator: '_')  // -> 'a_b'`` for a function,
        ``$obj = new Money(amount: 1000, currency: 'EUR');`` then ``$obj->add(...);  // -> v``
        for a class (an argument whose parameter is a class of the signature is shown as
        ``new Class(...)``; an error expected as ``// throws ErrorClass``).
        """
        functions, types = declarations(problem.signature_text)
        classes = {t.name.lower(): t for t in types if t.kind == "class"}
        if case.calls is None and case.expected_attributes is None:
            fn = next((f for f in functions if f.name.lower() == problem.entry_point.lower()),
                      None)
            shown = (f"{problem.entry_point}"
                     f"({_php_args(case.args, case.kwargs, _params_of(fn), classes)})")
            return shown + _outcome(case.raises, case.expected, True)
        cls = classes.get(problem.entry_point.lower())
        methods = {m.name.lower(): m for m in (cls.methods if cls else [])}
        init = _php_args(case.args if case.expected_attributes is not None else case.init or (),
                         case.init_kwargs, _params_of(methods.get("__construct")), classes)
        if case.init_raises:
            return f"new {problem.entry_point}({init});  // throws {case.init_raises}"
        lines = [f"$obj = new {problem.entry_point}({init});"]
        if case.expected_attributes is not None:
            lines += [f"$obj->{name};  // -> {php_literal(value)}"
                      for name, value in case.expected_attributes.items()]
        for call in case.calls or ():
            args = _php_args(call.args, call.kwargs, _params_of(methods.get(call.method.lower())),
                             classes)
            lines.append(f"$obj->{call.method}({args});"
                         + _outcome(call.raises, call.expected, call.has_expected))
        return "\n".join(lines)

    def answer_instructions(self, problem: Problem) -> str:
        kind = "class" if problem.signature.kind == "class" else "function"
        text = (
            "Answer with exactly one fenced code block tagged `php` containing the complete "
            "file: `<?php`, `declare(strict_types=1);`, then the "
            f"{kind} `{problem.entry_point}` exactly as in the signature (same name, parameter "
            "order and types), with the helpers it needs. Standard library only: the PHP CLI "
            "and its bundled extensions (no Composer packages, no mbstring). Do not declare a "
            "namespace and do not write code that runs at load time (no echo, tests or "
            "example usage). Arguments arrive as the declared types; an error named in the "
            "task is an exception of that class (compared by its short class name)."
        )
        if kind == "class":
            text += (" Each case constructs the class with the constructor shown and calls its "
                     "public methods in order.")
        if "TreeNode" in problem.signature_text:
            text += TREE_NOTE
        if "ListNode" in problem.signature_text:
            text += LIST_NOTE
        return text

    # -- running
    def toolchain(self) -> Toolchain:
        found = detect_toolchain({"php": ("--version",)}, INSTALL_HINT)
        if not found.available:
            return found
        match = re.search(r"PHP (\d+)\.(\d+)", found.version)
        if match and (int(match.group(1)), int(match.group(2))) < MIN_VERSION:
            return Toolchain(False, reason=f"PHP {'.'.join(map(str, MIN_VERSION))} or newer "
                             f"is needed, found {found.version}", install_hint=INSTALL_HINT)
        return found

    def support_dir(self) -> Path:
        """The harness files, written and checked once per content hash into the cache."""
        sources = {name: (SUPPORT / name).read_text(encoding="utf-8") for name in SUPPORT_FILES}
        return build_cached("php-harness", sources, _lint)

    def job_for(self, problem: Problem) -> dict[str, Any]:
        job = super().job_for(problem)
        docs = self.stub_docs(problem)
        for param in job["params"]:
            if param["name"] in docs:
                param["doc"] = docs[param["name"]]
        return job

    @staticmethod
    def as_php_file(code: str) -> str:
        """The code as a PHP file: an opening tag is added when the answer left it out."""
        stripped = code.lstrip("\ufeff")
        if re.match(r"\s*<\?php\b", stripped):
            return stripped.lstrip()
        return "<?php\n\n" + stripped.lstrip("\n")

    def write_files(self, work: Path, problem: Problem, code: str) -> None:
        """The solution, and the (checked) harness copied beside it: the sandbox shows the
        solution its own directory, and the cache may be somewhere it cannot see."""
        (work / self.file_name).write_text(self.as_php_file(code), encoding="utf-8")
        harness, checked = work / HARNESS_DIR, self.support_dir()
        harness.mkdir(exist_ok=True)
        for name in SUPPORT_FILES:
            shutil.copyfile(checked / name, harness / name)

    def run_step(self, work: Path, problem: Problem) -> Step:
        return Step(["php", *ini_args(), str(work / HARNESS_DIR / "harness.php"), "job.json"])

    def native_steps(self, work: Path, problem: Problem) -> tuple[list[Step], Step]:
        (work / "tests.php").write_text(self.as_php_file(problem.native_tests or ""),
                                        encoding="utf-8")
        runner = work / HARNESS_DIR / "native.php"
        return [], Step(["php", *ini_args(), str(runner), str(work / self.file_name),
                         str(work / "tests.php"), problem.entry_point,
                         problem.signature.kind], what="test runner")

    #: the work directory whose cases' run last failed to load the solution (runs in one
    #: process follow each other): its native tests' run, failing the same way, adds nothing
    _load_failed_in: Path | None = None

    def complete_events(self, step: Step, proc: ProcessResult,
                        events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The events, completed for a process that a fatal error or the allocator ended."""
        work = work_of(step)
        native = step.what == "test runner"
        if proc.returncode == 255:
            events = [*events, *fatal_error_events(proc, work, events)]
        if not native and proc.returncode in (1, 255) and not proc.timed_out:
            events = [*events, *out_of_memory_events(proc, events)]
        if not native:
            failed = any(ev.get("event") in ("compile_error", "load_error") for ev in events)
            self._load_failed_in = work if failed else None
        return events

    def parse_native(self, proc: ProcessResult, events: list[dict[str, Any]],
                     work: Path) -> list[tuple]:
        """One entry per test event (a test reported twice is there twice, for the template
        to void), then the planned tests never reported: timeout/error for the one running
        when the process ended, not_run after it.

        A solution (or tests file) that does not compile raises :class:`NativeCompileError`;
        one that fails while loading is one error entry, unless the cases' run said so already.
        """
        for ev in events:
            if ev.get("event") not in ("compile_error", "load_error"):
                continue
            if self._load_failed_in == work:
                return []  # the cases' run already reported it
            if ev["event"] == "compile_error":
                raise NativeCompileError(str(ev.get("message", "")))
            return [("(loading the solution)", "error", "the solution failed while loading: "
                     f"{ev.get('error_type', 'Error')}: {ev.get('message', '')}")]
        plan: list[str] = next((list(ev.get("tests", [])) for ev in events
                                if ev.get("event") == "plan"), [])
        reported = [ev for ev in events if ev.get("event") == "test" and "test" in ev]
        done = {str(ev["test"]) for ev in reported}
        started = [str(ev["test"]) for ev in events if ev.get("event") == "start" and "test" in ev]
        running = next((t for t in reversed(started) if t not in done), None)
        out: list[tuple] = [(str(ev["test"]), str(ev.get("status", "error")),
                             str(ev.get("message", "")), float(ev.get("seconds") or 0.0))
                            for ev in reported]
        for name in plan:
            if name in done:
                continue
            if name == running and proc.timed_out:
                out.append((name, "timeout", "did not finish within the time limit"))
            elif name == running:
                out.append((name, "error", "the test process ended while this test was running"
                            f" (status {proc.returncode}, signal {proc.signal})"))
            else:
                out.append((name, "not_run", "not run: the process ended first"))
        return out

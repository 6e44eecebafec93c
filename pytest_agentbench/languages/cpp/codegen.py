"""The code generated for each C++ problem: the translation unit that joins the support header,
the solution and the tests, and the entry that decodes each argument into its parameter's type.

C++ has no reflection, so the parameters' types are taken from the signature as written and
each argument is decoded into ``agentbench::storage_t<T>`` (an owning type ``T`` binds to:
``std::string`` for a ``std::string_view``, a vector for a ``std::span``), then passed as the
parameter takes it (``agentbench::pass<T>``). Functions overloaded or with default arguments
are called with as many arguments as the case gives. Every ``raises`` the cases name becomes a
matcher (``catch (const T&)``), so a subclass of the expected exception counts, as C++ would
catch it.

A timing build (:func:`contender_unit`) compiles each contender in a translation unit of its
own, its source inside ``namespace agentbench_<who>`` (its leading preprocessor lines and its
includes hoisted to file scope, :func:`hoist`), followed by ``agentbench_contender()``: it
decodes a size's arguments once, before any clock, into one struct per overload and arity (the
alternatives of a ``std::variant``, the overload chosen as for a data case; a class problem's
constructor and every call alike), and gives the timed unit: fresh arguments (a copy, or a new
decoding when they hold pointers), then direct calls, one ``switch`` case per alternative
(a class problem's fresh object and its calls), each result kept observable
(``agentbench::discard``). :func:`timing_entry` names the contenders for the support library.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...models import Problem
from .source import (
    ClassDecl,
    Declarations,
    Function,
    blank_literals,
    declarations,
    declares_class,
)

MAIN_TU = "agentbench_main.cpp"
#: a contender's translation unit in a timing build, in its folder
TIMING_UNIT = "agentbench_timing.cpp"
ENTRY = "agentbench_entry.hpp"
TESTS = "agentbench_tests.cpp"
J = "::agentbench::Json"


def uses_node(code: str, name: str) -> bool:
    return re.search(rf"\b{name}\b", code) is not None


def main_unit(problem: Problem, code: str, solution_file: str, tests: bool) -> str:
    """The one translation unit of a problem (its line numbers point into the included files)."""
    lines = ['#include "agentbench.hpp"']
    seen = code + "\n" + (problem.native_tests or "") + "\n" + problem.signature_text
    for name, macro in (("TreeNode", "TREE_NODE"), ("ListNode", "LIST_NODE")):
        if uses_node(seen, name) and not declares_class(code, name):
            lines.append(f"#define AGENTBENCH_{macro}")
    lines += ['#include "agentbench_nodes.hpp"', f'#include "{solution_file}"']
    for name, macro in (("TreeNode", "TREE_NODE"), ("ListNode", "LIST_NODE")):
        if uses_node(seen, name):
            lines.append(f"#define AGENTBENCH_USES_{macro}")
    lines += ['#include "agentbench_node_codec.hpp"', f'#include "{ENTRY}"']
    if tests:
        lines += ['#include "agentbench_catch_names.hpp"', f'#include "{TESTS}"']
    return "\n".join(lines) + "\n"


def tests_unit(problem: Problem) -> str:
    return f'#line 1 "tests.cpp"\n{problem.native_tests or ""}\n'


def _call_args(params: tuple[tuple[str, str, bool], ...], count: int,
               passing: str = "pass") -> tuple[str, str]:
    """Statements decoding the first ``count`` arguments, and the argument list (each passed
    by ``agentbench::<passing>``)."""
    decode, passed = [], []
    for i, (_name, ptype, _default) in enumerate(params[:count]):
        decode.append(f"::agentbench::storage_t<{ptype}> a{i} = ::agentbench::decode<"
                      f"::agentbench::storage_t<{ptype}>>(::agentbench::argument(args, {i}));")
        passed.append(f"::agentbench::{passing}<{ptype}>(a{i})")
    return " ".join(decode), ", ".join(passed)


def _arities(fn: Function) -> range:
    required = sum(1 for _n, _t, default in fn.params if not default)
    return range(required, len(fn.params) + 1)


def _dispatch(overloads: list[Function], statement: str, what: str, pad: str = "    ",
              passing: str = "pass") -> list[str]:
    """Code that runs ``statement`` (its ``{args}`` the decoded arguments) with the overload
    whose arity is the arguments' count; overloads of one arity are tried in order, the next
    one when the arguments do not decode into the parameters' types."""
    def attempt(fn: Function, count: int) -> str:
        decode, passed = _call_args(fn.params, count, passing)
        return f"{decode} {statement.replace('{args}', passed)}".strip()

    return _by_arity(overloads, attempt, what, pad)


def _by_arity(overloads: list[Function], attempt: Callable[[Function, int], str], what: str,
              pad: str) -> list[str]:
    """Code that runs ``attempt(overload, count)`` for the overloads whose arity is the
    arguments' count, in order, the next one when the arguments do not decode (an
    ``ArgumentError``); none of that arity is an ``ArgumentError``."""
    by_count: dict[int, list[Function]] = {}
    for fn in overloads:
        for count in _arities(fn):
            by_count.setdefault(count, []).append(fn)
    lines = []
    for count, fns in by_count.items():
        lines.append(f"{pad}if (args.size() == {count}) {{")
        for i, fn in enumerate(fns):
            call = attempt(fn, count)
            if i + 1 < len(fns):
                call = f"try {{ {call} }} catch (const ::agentbench::ArgumentError&) {{}}"
            lines.append(f"{pad}    {call}")
        lines.append(f"{pad}}}")
    lines.append(f'{pad}throw ::agentbench::ArgumentError("{what} takes no " + '
                 f'std::to_string(args.size()) + " arguments");')
    return lines


def _returning(wrap: str, callee: str) -> str:
    """The statement that calls ``callee`` and returns what ``wrap`` makes of the call."""
    return (f"return ::agentbench::{wrap}([&]() -> decltype(auto) {{ "
            f"return {callee}({{args}}); }});")


def _matchers(problem: Problem) -> list[str]:
    names: list[str] = []
    for case in problem.executable_cases:
        wanted = [case.raises, case.init_raises, *(c.raises for c in case.calls or ())]
        for name in wanted:
            if name and name not in names and name != "ArgumentError" and \
                    re.fullmatch(r"(?:::)?[A-Za-z_]\w*(?:::\w+)*", name):
                names.append(name)
    return [f'    entry.raises.emplace_back("{name}", [](std::exception_ptr error) -> bool {{ '
            f"try {{ std::rethrow_exception(error); }} catch (const {name}&) {{ return true; }} "
            "catch (...) { return false; } });" for name in names]


def _called_methods(problem: Problem) -> list[str]:
    names: list[str] = []
    for case in problem.executable_cases:
        for call in case.calls or ():
            if call.method not in names:
                names.append(call.method)
    return names


def _attributes(problem: Problem) -> list[str]:
    names: list[str] = []
    for case in problem.executable_cases:
        for name in case.expected_attributes or ():
            if name not in names:
                names.append(str(name))
    return names


def find_function(decls: Declarations, name: str) -> list[Function]:
    free = [f for f in decls.functions if f.name == name]
    if free:
        return free
    for cls in decls.classes.values():
        found = [m for m in cls.methods if m.name == name]
        if found:
            return found
    return []


def entry_code(problem: Problem) -> str:
    """``agentbench_entry()`` of a problem: what its cases call, decoded from the signature."""
    decls = declarations(problem.signature_text)
    body = ["::agentbench::Entry agentbench_entry() {", "    ::agentbench::Entry entry;"]
    body += _matchers(problem)
    if problem.executable_cases:
        cls = decls.classes.get(problem.entry_point)
        if problem.signature.kind == "class" and cls is not None:
            body += _class_entry(problem, cls)
        else:
            overloads = _overloads(problem, decls)
            body.append(f"    entry.call = [](const {J}& args) -> {J} {{")
            body += _dispatch(overloads, _returning("result", _callee(problem, overloads)),
                              problem.entry_point)
            body.append("    };")
    body += ["    return entry;", "}"]
    return "\n".join(body) + "\n"


def _overloads(problem: Problem, decls: Declarations) -> list[Function]:
    overloads = find_function(decls, problem.entry_point)
    if not overloads:
        raise ValueError(f"the signature declares no function `{problem.entry_point}`")
    return overloads


def _callee(problem: Problem, overloads: list[Function], scope: str = "") -> str:
    """What calls the entry point: the function in ``scope`` (the global namespace by
    default), qualified so that argument-dependent lookup cannot pick a ``std`` namesake, or
    a member of its class (a fresh object for a non-static one)."""
    owner = overloads[0].owner
    if owner is None:
        return f"{scope}::{problem.entry_point}"
    return (f"{scope}::{owner}::{problem.entry_point}" if overloads[0].static
            else f"{scope}::{owner}().{problem.entry_point}")


def _class_entry(problem: Problem, cls: ClassDecl) -> list[str]:
    name = cls.name
    methods: dict[str, list[Function]] = {m.name: [] for m in cls.methods}
    for m in cls.methods:
        methods[m.name].append(m)
    out = ["    struct AgentbenchObject final : ::agentbench::Object {",
           f"        std::unique_ptr<{name}> self;",
           f"        {J} call(const std::string& method, const {J}& args) override {{"]
    for method in _called_methods(problem):
        overloads = methods.get(method)
        if not overloads:
            continue  # the job's call then names a method the signature lacks
        out.append(f'            if (method == "{method}") {{')
        out += _dispatch(overloads, _returning("result", f"self->{method}"), method,
                         " " * 16)
        out.append("            }")
    out += ['            throw ::agentbench::ArgumentError("no method `" + method + '
            '"` in the signature");', "        }",
            f"        {J} attribute(const std::string& field) override {{"]
    fields = {f for f, _t in cls.fields}
    for attr in _attributes(problem):
        if attr in fields:
            out.append(f'            if (field == "{attr}") return ::agentbench::encode('
                       f"self->{attr});")
        elif attr in methods and any(not m.params for m in methods[attr]):
            out.append(f'            if (field == "{attr}") return ::agentbench::result('
                       f"[&]() -> decltype(auto) {{ return self->{attr}(); }});")
    out += ['            return {{"$repr", "<missing>"}, {"$type", "missing"}};', "        }",
            "    };"]
    ctors = list(cls.ctors) or [Function(name, (), "", name)]
    out.append(f"    entry.construct = [](const {J}& args) -> "
               "std::unique_ptr<::agentbench::Object> {")
    out.append("        auto object = std::make_unique<AgentbenchObject>();")
    out += _dispatch(ctors, f"object->self = std::make_unique<{name}>({{args}}); "
                     "return object;", f"{name}'s constructor", " " * 8)
    out.append("    };")
    return out


def _timed_methods(problem: Problem) -> list[str] | None:
    """The methods a class problem's timing inputs call, in order (read from the templates, not
    expanded), or None when it has no such input."""
    if problem.timing is None or not any(s.calls is not None for s in problem.timing.sizes):
        return None
    names: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            method = value.get("method")
            if isinstance(method, str) and method not in names:
                names.append(method)
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    for size in problem.timing.sizes:
        walk(size.calls)
    return names


def _alternative(index: int, fn: Function, count: int) -> tuple[str, str, str]:
    """One alternative of the prepared calls: its struct ``C<index>``, the expression that
    decodes ``args`` into it, and the arguments it passes (from ``c``)."""
    params = fn.params[:count]
    members = " ".join(f"::agentbench::storage_t<{t}> a{i};" for i, (_n, t, _d) in
                       enumerate(params))
    decoded = ", ".join(f"::agentbench::decode<::agentbench::storage_t<{t}>>("
                        f"::agentbench::argument(args, {i}))" for i, (_n, t, _d) in
                        enumerate(params))
    passed = ", ".join(f"::agentbench::pass_once<{t}>(c.a{i})" for i, (_n, t, _d) in
                       enumerate(params))
    safe = " && ".join(["true", *(f"::agentbench::copy_safe_v<::agentbench::storage_t<{t}>>"
                                  for _n, t, _d in params)])
    return (f"struct C{index} {{ {members} static constexpr bool copy_safe = {safe}; }};",
            f"C{index}{{{decoded}}}", passed)


Alternative = tuple[int, Function, int]  # (struct number, overload, argument count)


def _prepare(overloads: list[Function], variant: str, made: list[Alternative], first: int,
             what: str, pad: str) -> list[str]:
    """Statements that return ``variant`` holding the alternative of the overload whose arity
    is the arguments' count, chosen as :func:`_dispatch` chooses; the alternatives are
    appended to ``made``, the variant's own ones starting at ``made[first]``."""
    def attempt(fn: Function, count: int) -> str:
        _struct, decoded, _passed = _alternative(len(made), fn, count)
        made.append((len(made), fn, count))
        return f"return {variant}{{std::in_place_index<{len(made) - 1 - first}>, {decoded}}};"

    return _by_arity(overloads, attempt, what, pad)


def _switch(made: list[Alternative], first: int, statement: str, pad: str) -> list[str]:
    """``switch (call.index())`` over the alternatives ``made[first:]``, each running
    ``statement`` (``{method}`` and ``{args}`` filled in)."""
    lines = [f"{pad}switch (call.index()) {{"]
    for number, fn, count in made[first:]:
        _s, _d, passed = _alternative(number, fn, count)
        lines.append(f"{pad}case {number - first}: {{ auto& c = *std::get_if<{number - first}>"
                     f"(&call); (void)c; "
                     f"{statement.replace('{method}', fn.name).replace('{args}', passed)} "
                     "break; }")
    return [*lines, f"{pad}default: break;", f"{pad}}}"]


def _class_timing(cls: ClassDecl, called: list[str], qualified: str) -> list[str]:
    """``agentbench_timing::prepared(size)``: the constructor's and the calls' arguments
    decoded once into a ``std::variant`` of structs (one per overload and arity), and the
    timed unit: fresh arguments (:func:`agentbench::fresh`) before the clock, then a fresh
    object (of ``qualified``, the class as named from outside its contender's namespace) and
    a direct call per prepared call, each result discarded but observable (a lazy one read);
    the object is destroyed after the clock."""
    name = cls.name
    methods: dict[str, list[Function]] = {}
    for m in cls.methods:
        methods.setdefault(m.name, []).append(m)
    made: list[Alternative] = []
    construct = _prepare(list(cls.ctors) or [Function(name, (), "", name)], "Construction",
                         made, 0, f"{name}'s constructor", " " * 8)
    n_ctors = len(made)
    prepare = []
    for method in called:
        if method in methods:  # else prepare() says the signature lacks it
            prepare.append(f'        if (method == "{method}") {{')
            prepare += _prepare(methods[method], "Call", made, n_ctors, method, " " * 12)
            prepare.append("        }")
    out = ["namespace agentbench_timing {"]
    out += ["    " + _alternative(number, fn, count)[0] for number, fn, count in made]
    ctor_types = [f"C{number}" for number, _f, _c in made[:n_ctors]]
    call_types = [f"C{number}" for number, _f, _c in made[n_ctors:]] or ["std::monostate"]
    out += [f"    using Construction = std::variant<{', '.join(ctor_types)}>;",
            f"    using Call = std::variant<{', '.join(call_types)}>;",
            f"    inline Construction construction(const {J}& args) {{", *construct, "    }",
            f"    inline Call prepare(const std::string& method, const {J}& args) {{",
            "        (void)args;", *prepare,
            '        throw ::agentbench::ArgumentError("no method `" + method + '
            '"` in the signature");', "    }",
            f"    inline Call prepare_call(const {J}& one) {{",
            '        if (!one.is_object() || !one.contains("method") || '
            '!one["method"].is_string())',
            '            throw ::agentbench::ArgumentError("a timed call names no method");',
            '        return prepare(one["method"].get<std::string>(), '
            f'one.value("args", {J}::array()));', "    }",
            "    struct Prepared { Construction made; std::vector<Call> calls; };",
            f"    inline ::agentbench::TimedUnit prepared(const {J}& size) {{",
            '        const auto& init = size.at("init");',
            '        const auto& calls = size.at("calls");',
            "        auto once = std::make_shared<Prepared>(Prepared{construction(init), {}});",
            "        once->calls.reserve(calls.size());",
            "        for (const auto& one : calls) once->calls.push_back(prepare_call(one));",
            "        return [once, &init, &calls]() -> ::agentbench::Measured {",
            "            Construction made = ::agentbench::fresh(once->made, [&] { "
            "return construction(init); });",
            "            std::vector<Call> prepared;",
            "            prepared.reserve(once->calls.size());",
            "            for (std::size_t i = 0; i < once->calls.size(); ++i)",
            "                prepared.push_back(::agentbench::fresh(once->calls[i], [&] { "
            "return prepare_call(calls[i]); }));",
            f"            std::unique_ptr<{qualified}> object;  // destroyed after the clock",
            "            return ::agentbench::time_call([&] {",
            "                {",
            "                    auto& call = made;"]
    out += _switch(made[:n_ctors], 0, f"object = std::make_unique<{qualified}>({{args}});",
                   " " * 20)
    out += ["                }",
            "                ::agentbench::escape(object.get());",
            "                for (auto& call : prepared) {"]
    out += _switch(made, n_ctors, "::agentbench::discard([&]() -> decltype(auto) { "
                   "return object->{method}({args}); });", " " * 20)
    out += ["                    ::agentbench::escape(object.get());", "                }",
            "            });", "        };", "    }", "}  // namespace agentbench_timing"]
    return out


def _function_timing(problem: Problem, scope: str) -> list[str]:
    """``agentbench_timing::prepared(size)`` of a function problem: the arguments decoded
    once for the overload of their count, and the timed unit: fresh arguments
    (:func:`agentbench::fresh`) before the clock, then one direct call, each argument passed
    as a caller passes a temporary (moved into a by-value parameter of its own type)."""
    overloads = _overloads(problem, declarations(problem.signature_text))
    made: list[Alternative] = []
    prepare = _prepare(overloads, "Call", made, 0, problem.entry_point, " " * 8)
    callee = _callee(problem, overloads, f"::{scope}")
    out = ["namespace agentbench_timing {"]
    out += ["    " + _alternative(number, fn, count)[0] for number, fn, count in made]
    out += [f"    using Call = std::variant<{', '.join(f'C{n}' for n, _f, _c in made)}>;",
            f"    inline Call prepare(const {J}& args) {{", *prepare, "    }",
            f"    inline ::agentbench::TimedUnit prepared(const {J}& size) {{",
            '        const auto& args = size.at("args");',
            "        auto once = std::make_shared<Call>(prepare(args));",
            "        return [once, &args]() -> ::agentbench::Measured {",
            "            Call call = ::agentbench::fresh(*once, [&] { return prepare(args); });"]
    out += _switch(made, 0, "return ::agentbench::time_call([&]() -> decltype(auto) { "
                   f"return {callee}({{args}}); }});", " " * 12)
    return [*out, '            throw ::agentbench::ArgumentError("nothing to call");',
            "        };", "    }", "}  // namespace agentbench_timing"]


def namespace(who: str) -> str:
    """The namespace a contender of a timing build is compiled in."""
    return f"agentbench_{who}"


def hoist(code: str) -> tuple[list[tuple[int, str]], str]:
    """A contender's source split for wrapping in a namespace: the preprocessor lines that must
    stay at file scope, numbered from 1 (the leading block of directives whole, so that a
    conditional include keeps its condition, and every later ``#include``), and the rest, the
    hoisted lines left blank so that line numbers still hold."""
    lines = code.split("\n")
    blank = blank_literals(code).split("\n")
    hoisted: list[tuple[int, str]] = []
    leading, continued = True, False
    for number, (line, bare) in enumerate(zip(lines, blank, strict=True), 1):
        directive = continued or bare.lstrip().startswith("#")
        if not directive and bare.strip():
            leading = False
        if directive and (leading or continued or
                          re.match(r"\s*#\s*(?:include|import)\b", bare)):
            hoisted.append((number, line))
            lines[number - 1] = ""
            continued = bare.rstrip().endswith("\\")
        else:
            continued = False
    return hoisted, "\n".join(lines)


def contender_unit(problem: Problem, code: str, who: str, file_name: str) -> str:
    """The translation unit of one contender of a timing build: the support header, the node
    types it uses, its preprocessor lines at file scope and the rest of its source inside
    ``namespace agentbench_<who>`` (two contenders define the same names: a namespace each
    keeps them apart, where merged inline definitions would run one for the other), then
    ``agentbench_contender()``, its timed unit. ``file_name`` is what compiler messages call
    the source."""
    scope = namespace(who)
    head = ['#include "agentbench.hpp"']
    seen = code + "\n" + problem.signature_text
    for node, macro in (("TreeNode", "TREE_NODE"), ("ListNode", "LIST_NODE")):
        if uses_node(seen, node) and not declares_class(code, node):
            head.append(f"#define AGENTBENCH_{macro}")
    head.append('#include "agentbench_nodes.hpp"')
    hoisted, body = hoist(code)
    for number, line in hoisted:
        head += [f'#line {number} "{file_name}"', line]
    head += [f"namespace {scope} {{", f'#line 1 "{file_name}"', body]
    tail = [f"}}  // namespace {scope}"]
    for node, macro in (("TreeNode", "TREE_NODE"), ("ListNode", "LIST_NODE")):
        if uses_node(seen, node):
            tail.append(f"#define AGENTBENCH_USES_{macro}")
            if declares_class(code, node):
                tail.append(f"#define AGENTBENCH_{macro}_TYPE ::{scope}::{node}")
    tail += ['#include "agentbench_node_codec.hpp"', f"namespace {scope} {{"]
    tail += _contender_timing(problem, scope)
    tail += ["::agentbench::TimedContender agentbench_contender() { "
             "return agentbench_timing::prepared; }",
             f"}}  // namespace {scope}"]
    text = "\n".join(head) + "\n"
    here = f"{file_name.rpartition('/')[0]}/{TIMING_UNIT}".lstrip("/")
    return text + f'#line {text.count(chr(10)) + 2} "{here}"\n' + "\n".join(tail) + "\n"


def _contender_timing(problem: Problem, scope: str) -> list[str]:
    cls = declarations(problem.signature_text).classes.get(problem.entry_point)
    if problem.signature.kind == "class" and cls is not None:
        return _class_timing(cls, _timed_methods(problem) or [], f"::{scope}::{cls.name}")
    return _function_timing(problem, scope)


def timing_entry(folders: list[str]) -> str:
    """The timing build's ``agentbench_entry()``: each contender's ``agentbench_contender``
    by its folder."""
    lines = [f"namespace {namespace(f)} {{ ::agentbench::TimedContender agentbench_contender(); "
             "}" for f in folders]
    lines += ["", "::agentbench::Entry agentbench_entry() {", "    ::agentbench::Entry entry;"]
    lines += [f'    entry.contenders.emplace_back("{f}", '
              f"&::{namespace(f)}::agentbench_contender);" for f in folders]
    return "\n".join([*lines, "    return entry;", "}"]) + "\n"


def job_methods(problem: Problem) -> dict[str, Any]:
    """Parameter names of each method of the entry class (for keyword arguments)."""
    cls = declarations(problem.signature_text).classes.get(problem.entry_point)
    if cls is None:
        return {}
    out: dict[str, Any] = {}
    for m in cls.methods:
        out.setdefault(m.name, [n for n, _t, _d in m.params])
    return out

"""Command-line options, each with an ini twin, and the one rule that picks a value.

Precedence: command line > ini file > default. Values are validated here, so a bad value is a
usage error naming the option, before anything runs.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest

from .scoring.weights import parse_weights
from .shard import Shard, parse_shard


@dataclass(frozen=True)
class Option:
    flag: str
    ini: str
    help: str
    default: Any = None
    type: str = "string"  # "string" | "seconds" | "paths" | "weights"
    choices: tuple[str, ...] = ()  # the values of a "oneof" option


OPTIONS: tuple[Option, ...] = (
    Option("--agentbench", "agentbench_suites",
           "suite file or directory of suites to benchmark (repeatable)", type="paths"),
    Option("--agentbench-agent", "agentbench_agent",
           "agent spec: reference (default: the suite's reference solutions), cmd:COMMAND, "
           "openai:MODEL, replay:DIR (recorded answers), samples:PATH (a HumanEval samples "
           "file), or one added by a plugin", "reference"),
    Option("--agentbench-agent-timeout", "agentbench_agent_timeout",
           "seconds an agent may take per problem (default 120)", 120.0, "seconds"),
    Option("--agentbench-exec-timeout", "agentbench_exec_timeout",
           "seconds a solution may run per problem (default 30)", 30.0, "seconds"),
    Option("--agentbench-results", "agentbench_results",
           "results JSON file (default results/agentbench.json in the current directory)"),
    Option("--agentbench-weights", "agentbench_weights",
           "dimension weights, e.g. correctness=0.5,idiomaticity=0.2 (defaults 40/25/20/15)",
           "", "weights"),
    Option("--agentbench-language", "agentbench_language",
           "the language of suites whose format does not say (HumanEval-format JSONL); wins "
           "over a language named in the file name"),
    Option("--agentbench-samples", "agentbench_samples",
           "independent answers asked per problem (default 1); pass@1 and pass@k are reported",
           1, "int"),
    Option("--agentbench-attempts", "agentbench_attempts",
           "attempts per answer: a failing answer's cases are sent back to the agent, up to "
           "this many attempts in all (default 1: no repair)", 1, "int"),
    Option("--agentbench-concurrency", "agentbench_concurrency",
           "agent answers fetched ahead, at most this many at once; without xdist (default 1, "
           "and 4 for offline agents: reference, samples:, replay:)", None, "int"),
    Option("--agentbench-record", "agentbench_record",
           "store every agent answer under this directory, for replay:DIR"),
    Option("--agentbench-base-url", "agentbench_base_url",
           "openai: the API's base URL (default $OPENAI_BASE_URL or https://api.openai.com/v1)"),
    Option("--agentbench-api-key-env", "agentbench_api_key_env",
           "openai: the environment variable holding the API key (default OPENAI_API_KEY)",
           "OPENAI_API_KEY"),
    Option("--agentbench-temperature", "agentbench_temperature",
           "openai: sampling temperature (default: the server's)", None, "float"),
    Option("--agentbench-max-tokens", "agentbench_max_tokens",
           "openai: most tokens per answer (default: the server's)", None, "int"),
    Option("--agentbench-system-prompt", "agentbench_system_prompt",
           "openai: the system prompt, or @FILE to read it from a file"),
    Option("--agentbench-request-timeout", "agentbench_request_timeout",
           "openai: seconds per HTTP request (default 60)", 60.0, "seconds"),
    Option("--agentbench-retries", "agentbench_retries",
           "openai: retries on 429, 5xx and connection errors (default 4)", 4, "count"),
    Option("--agentbench-price", "agentbench_price",
           "price per million tokens for the cost line, e.g. in=3,out=15"),
    Option("--agentbench-resume", "agentbench_resume",
           "a previous run's journal (results/agentbench.journal.jsonl) or results file: "
           "problems it finished with the same agent and suite version are not asked again; "
           "infrastructure failures are"),
    Option("--agentbench-max-infra-failures", "agentbench_max_infra_failures",
           "stop the run after this many infrastructure failures of the same kind in a row "
           "(the agent could not start, its backend failed or rate-limited, the harness "
           "failed); finished results are kept and --agentbench-resume continues (default 3; "
           "0: never stop)", 3, "count"),
    Option("--agentbench-isolation", "agentbench_isolation",
           "auto (best available, warn when partial), strict (refuse to run untrusted code "
           "without full isolation), off", "auto", "choice"),
    Option("--agentbench-limit", "agentbench_limit",
           "a resource limit of solution processes, NAME=VALUE (repeatable): memory=2G, "
           "processes=256, open_files=256, file_size=64M, output=64K, cpu=SECONDS",
           type="limits"),
    Option("--agentbench-baseline", "agentbench_baseline",
           "a previous results file to compare this run with: per-problem changes and whether "
           "the difference is significant (needs scipy: pytest-agentbench[compare])"),
    Option("--agentbench-fail-under", "agentbench_fail_under",
           "fail the session when the mean weighted score is below SCORE (0-10)", None,
           "float"),
    Option("--agentbench-fail-on-regression", "agentbench_fail_on_regression",
           "fail the session when the verdict against --agentbench-baseline is 'worse' "
           "(ini: true/false)", False, "flag"),
    Option("--agentbench-min-pairs", "agentbench_min_pairs",
           "--agentbench-fail-on-regression fails when fewer than N problems could be paired "
           "with the baseline (default 1: a comparison of nothing fails)", 1, "count"),
    Option("--agentbench-html", "agentbench_html",
           "write a self-contained HTML report (charts, per-problem table, solutions) here"),
    Option("--agentbench-markdown", "agentbench_markdown",
           "write the summary as GitHub-flavoured markdown here (also appended to "
           "$GITHUB_STEP_SUMMARY when that is set)"),
    Option("--agentbench-answer-from", "agentbench_answer_from",
           "cmd: where the answer is read: stdout (code blocks printed), workspace (the source "
           "file the agent created or changed), auto (the workspace when it changed, else "
           "stdout; default)", "auto", "oneof", ("auto", "stdout", "workspace")),
    Option("--agentbench-keep-workspaces", "agentbench_keep_workspaces",
           "cmd: copy each agent's workspace into this directory after it ran (for debugging); "
           "by default workspaces are removed"),
    Option("--agentbench-agent-home", "agentbench_agent_home",
           "cmd: the agent's HOME: user (yours, where agents keep their logins; default) or "
           "workspace (a directory inside its workspace, so what it writes there stays out of "
           "yours)", "user", "oneof", ("user", "workspace")),
    Option("--agentbench-shard", "agentbench_shard",
           "run only shard K of N of the selected items (e.g. 2/4): a split that every job "
           "computes alike from the selection, balanced by difficulty; merge the N results "
           "files with 'agentbench merge'", None, "shard"),
    Option("--agentbench-progress", "agentbench_progress",
           "live (a status line on a terminal: done/total, passed, running items, elapsed, "
           "ETA), lines (one line per finished item, for CI logs), off, or auto (live on a "
           "terminal, lines elsewhere, nothing with -q; default)", "auto", "oneof",
           ("auto", "live", "lines", "off")),
)

# What each option's value is, in --help (argparse would show the dest: AGENTBENCH_AGENT);
# options of the other types get theirs from the type (PATH, SECONDS, N, NAME=VALUE...).
METAVARS = {
    "--agentbench-agent": "SPEC",
    "--agentbench-results": "PATH",
    "--agentbench-language": "LANGUAGE",
    "--agentbench-record": "DIR",
    "--agentbench-base-url": "URL",
    "--agentbench-api-key-env": "NAME",
    "--agentbench-temperature": "T",
    "--agentbench-system-prompt": "TEXT",
    "--agentbench-price": "in=X,out=Y",
    "--agentbench-resume": "PATH",
    "--agentbench-baseline": "PATH",
    "--agentbench-fail-under": "SCORE",
    "--agentbench-html": "PATH",
    "--agentbench-markdown": "PATH",
    "--agentbench-keep-workspaces": "DIR",
    "--agentbench-shard": "K/N",
}
_TYPE_METAVARS = {"paths": "PATH", "seconds": "SECONDS", "weights": "NAME=W,...", "int": "N",
                  "count": "N", "float": "N", "limits": "NAME=VALUE"}
# Former ini names, still read (with a deprecation warning) when the new one is not set.
DEPRECATED_INI = {"agentbench_limits": "agentbench_limit"}

LIMIT_NAMES = {
    "memory": "memory (address space and cgroup total), bytes with K/M/G",
    "processes": "number of processes",
    "open_files": "open files per process",
    "file_size": "largest file a process may write, bytes with K/M/G",
    "output": "bytes of stdout/stderr kept, with K/M/G",
    "cpu": "CPU seconds",
}


def _size(text: str) -> int:
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = text[-1] if text and text[-1] in units else ""
    number = text[: len(text) - len(unit)] if unit else text
    value = float(number) * units[unit]
    if value <= 0:
        raise ValueError("must be above zero")
    return int(value)


def parse_limits(items: list[str]) -> dict[str, int]:
    """``["memory=1G", "processes=64"]`` -> {"memory": 1073741824, "processes": 64}."""
    out: dict[str, int] = {}
    for item in (i.strip() for raw in items for i in raw.split(",")):
        if not item:
            continue
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in LIMIT_NAMES:
            known = ", ".join(LIMIT_NAMES)
            raise ValueError(f"{item!r}: expected NAME=VALUE with NAME one of {known}")
        try:
            out[name] = _size(value) if name in ("memory", "file_size", "output") else int(value)
        except ValueError:
            raise ValueError(f"{item!r}: {value.strip()!r} is not a positive amount") from None
        if out[name] <= 0:
            raise ValueError(f"{item!r}: must be above zero")
    return out


def limits_value(text: str) -> str:
    try:
        parse_limits([text])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _dest(flag: str) -> str:
    return flag.lstrip("-").replace("-", "_")


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be above zero")
    return value


def _whole_number(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least {minimum}")
    return value


def positive_int(text: str) -> int:
    return _whole_number(text, 1)


def count_value(text: str) -> int:
    return _whole_number(text, 0)


def float_value(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def price_value(text: str) -> dict[str, float]:
    """``in=3,out=15`` (per million tokens) -> {"in": 3.0, "out": 15.0}."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep or name.strip() not in ("in", "out"):
            raise argparse.ArgumentTypeError(f"{part!r}: expected in=PRICE or out=PRICE")
        out[name.strip()] = float_value(value)
    return out


def flag_value(text: str) -> bool:
    """An ini flag: true/false, yes/no, on/off, 1/0."""
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise argparse.ArgumentTypeError(f"{text!r} is not true or false")


def shard_value(text: str) -> Shard:
    try:
        return parse_shard(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_CONVERTERS = {"seconds": positive_seconds, "int": positive_int, "count": count_value,
               "float": float_value, "flag": flag_value, "shard": shard_value}


def weights_value(text: str) -> dict[str, float]:
    try:
        return parse_weights(text, known=None)  # names are checked against the evaluators
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("agentbench", "benchmark coding agents (pytest-agentbench)")
    for opt in OPTIONS:
        kwargs: dict[str, Any] = {"dest": _dest(opt.flag), "help": opt.help, "default": None}
        metavar = METAVARS.get(opt.flag) or _TYPE_METAVARS.get(opt.type)
        if metavar:
            kwargs["metavar"] = metavar
        if opt.type == "paths":
            kwargs.update(action="append")
        elif opt.type == "seconds":
            kwargs.update(type=positive_seconds)
        elif opt.type == "weights":
            kwargs.update(type=weights_value)
        elif opt.type in ("int", "count", "float", "shard"):
            kwargs.update(type=_CONVERTERS[opt.type])
        elif opt.type == "flag":
            kwargs.update(action="store_true")
        elif opt.type == "choice":
            kwargs.update(choices=["auto", "strict", "off"])
        elif opt.type == "limits":
            kwargs.update(action="append", type=limits_value)
        elif opt.type == "oneof":
            kwargs.update(choices=list(opt.choices))
        group.addoption(opt.flag, **kwargs)
        ini_type: Literal["paths", "linelist", "string"] = (
            "paths" if opt.type == "paths" else "linelist" if opt.type == "limits" else "string")
        parser.addini(opt.ini, f"{opt.help} (ini twin of {opt.flag})", type=ini_type,
                      default=[] if ini_type != "string" else None)
        for old in (o for o, new in DEPRECATED_INI.items() if new == opt.ini):
            parser.addini(old, f"deprecated: use {opt.ini}", type=ini_type,
                          default=[] if ini_type != "string" else None)


def _ini(config: pytest.Config, opt: Option) -> Any:
    """The ini value of ``opt``, or of a former name of it (which says it is deprecated)."""
    value = config.getini(opt.ini)
    if value not in (None, "", []):
        return value
    for old in (o for o, new in DEPRECATED_INI.items() if new == opt.ini):
        former = config.getini(old)
        if former not in (None, "", []):
            if not hasattr(config, "workerinput"):  # once, from the controlling process
                config.issue_config_time_warning(pytest.PytestDeprecationWarning(
                    f"ini option {old} is deprecated: name it {opt.ini}, as the command "
                    f"line's {opt.flag}"), stacklevel=2)
            return former
    return value


def get(config: pytest.Config, flag: str) -> Any:
    """The value of one option by the precedence rule, validated."""
    opt = next(o for o in OPTIONS if o.flag == flag)
    value = config.getoption(_dest(flag))
    if value is not None:
        return parse_limits(value) if opt.type == "limits" else value
    ini = _ini(config, opt)
    if opt.type == "paths":
        return [Path(p) for p in ini]
    if opt.type == "limits":
        try:
            return parse_limits(list(ini))
        except ValueError as exc:
            raise pytest.UsageError(f"ini option {opt.ini}: {exc}") from None
    if opt.type == "oneof" and ini not in (None, "", *opt.choices):
        raise pytest.UsageError(f"ini option {opt.ini}: {ini!r} is not one of "
                                f"{', '.join(opt.choices)}")
    if opt.type == "choice" and ini not in (None, "", "auto", "strict", "off"):
        raise pytest.UsageError(f"ini option {opt.ini}: {ini!r} is not auto, strict or off")
    if ini in (None, "") and opt.type != "weights":
        return opt.default
    try:
        if opt.type in _CONVERTERS:
            return _CONVERTERS[opt.type](str(ini))
        if opt.type == "weights":
            return weights_value(str(ini or ""))
    except argparse.ArgumentTypeError as exc:
        raise pytest.UsageError(f"ini option {opt.ini}: {exc}") from None
    return ini


def is_set(config: pytest.Config, flag: str) -> bool:
    """Whether the user gave ``flag`` (on the command line or in the ini file)."""
    opt = next(o for o in OPTIONS if o.flag == flag)
    return config.getoption(_dest(flag)) is not None or bool(config.getini(opt.ini))


def _named_suite(name: str) -> Path | None:
    """Suite names that stand for a file shipped elsewhere: ``humaneval``."""
    if name.lower() == "humaneval":
        from .humaneval import humaneval_package_file

        try:
            return humaneval_package_file()
        except FileNotFoundError as exc:
            raise pytest.UsageError(f"--agentbench humaneval: {exc}") from None
    return None


# workerinput key: where a remote xdist worker takes relative paths from (see base_dir)
REMOTE_BASE = "agentbench_base"


def base_dir(config: pytest.Config) -> Path:
    """Where relative paths given to the options are taken from: the invocation directory; on
    a remote xdist worker (another host's checkout, see :mod:`pytest_agentbench.remote`) the
    directory at the same place below the worker's root directory."""
    base = getattr(config, "workerinput", {}).get(REMOTE_BASE)
    return config.invocation_params.dir if base is None else (config.rootpath / base)


def suite_paths(config: pytest.Config) -> list[Path]:
    """Suites from ``--agentbench`` (relative to :func:`base_dir`) or the ini key."""
    given = config.getoption("agentbench")
    if given:
        base = base_dir(config)
        out = []
        for p in given:
            path = (base / p).resolve() if not Path(p).is_absolute() else Path(p)
            named = None if path.exists() else _named_suite(str(p))
            out.append(named or path)
        return out
    return [Path(p).resolve() for p in config.getini("agentbench_suites")]

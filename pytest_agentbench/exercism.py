"""Exercises in Exercism's layout: Aider's polyglot benchmark and Exercism's track repositories.

Layout: ``<track>/exercises/practice/<slug>/`` holds ``.docs/instructions.md`` (with
``introduction.md`` and ``instructions.append.md`` when there are), ``.meta/config.json``
naming the files (``files.solution``, ``files.test``, ``files.example``, ``files.editor``,
``files.invalidator``), the stubs, the tests in the language's own framework and the example
solution under ``.meta/``. Aider's checkout holds several tracks side by side; an Exercism track
repository holds one, with the track's ``config.json`` (slug, exercise difficulties) at its root.

Each exercise is one problem (``<language>/<slug>``) of the suite ``polyglot-<track>`` (in a
checkout of several tracks) or ``exercism-<track>``, loaded on its own, so a bad exercise is a
collection error naming its file and field while the others load. A track whose language has
no runner here is skipped with the reason (:class:`~.suite.SuiteSkipped`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import safe_read
from .languages import LanguageRegistry
from .models import Problem, ProjectFiles, Signature, Suite
from .project import path_problem
from .suite import SuiteError, SuiteSkipped, quoted

CONFIG = ".meta/config.json"
#: track names and the plugin's language for each
TRACKS = {"python": "python", "go": "go", "rust": "rust", "java": "java",
          "javascript": "javascript", "cpp": "cpp", "typescript": "typescript", "php": "php",
          "ruby": "ruby"}
#: a solution file's suffix names its language when the track's name does not
SUFFIXES = {".py": "python", ".go": "go", ".rs": "rust", ".java": "java", ".js": "javascript",
            ".mjs": "javascript", ".cpp": "cpp", ".cc": "cpp", ".hpp": "cpp", ".h": "cpp",
            ".ts": "typescript", ".php": "php", ".rb": "ruby"}
MAX_FILE = 1024 * 1024  # a larger file of an exercise is not read
NO_TIMING = "an Exercism exercise has no timing input (its tests are its own test files)"


# ---------------------------------------------------------------- recognising the layout


def is_exercise(path: Path) -> bool:
    """An exercise directory: it has a configuration or instructions, or it stands in a
    track's ``exercises/practice`` (then a missing configuration is its error, not a reason
    to walk it as a directory of Python tests)."""
    return path.is_dir() and ((path / CONFIG).is_file()
                              or (path / ".docs" / "instructions.md").is_file()
                              or (path.parent.name == "practice"
                                  and path.parent.parent.name == "exercises"))


def is_track(path: Path) -> bool:
    return (path / "exercises" / "practice").is_dir()


def exercises_in(practice: Path) -> list[Path]:
    """The exercise directories of a ``practice`` directory, by slug."""
    return sorted(p for p in practice.iterdir() if p.is_dir() and not p.name.startswith("."))


def suites_in(path: Path, registry: LanguageRegistry) -> list[Path] | None:
    """What a directory holds in the Exercism layout: ``[path]`` for one exercise (a suite of
    its own); the exercises of a track (or of its ``exercises`` or ``practice`` directory);
    the tracks of a checkout of several; None when it is not in the layout. A track whose
    language has no runner raises :class:`SuiteSkipped`."""
    if is_exercise(path):
        return [path]
    track = _track_of(path)
    if track is not None:
        _require_runner(track, registry)
        return exercises_in(track / "exercises" / "practice")
    if path.is_dir():
        tracks = sorted(p for p in path.iterdir()
                        if p.is_dir() and not p.name.startswith(".") and is_track(p))
        return tracks or None
    return None


def _track_of(path: Path) -> Path | None:
    """The track directory when ``path`` is one, or its ``exercises`` or ``practice``."""
    if is_track(path):
        return path
    if path.name == "exercises" and (path / "practice").is_dir():
        return path.parent
    if path.name == "practice" and path.parent.name == "exercises":
        return path.parent.parent
    return None


@dataclass(frozen=True)
class Track:
    """Where an exercise lives: its track's name, language and suite, and the difficulties
    the track's ``config.json`` gives (none in Aider's checkout)."""

    directory: Path | None
    name: str
    language: str | None  # the plugin's language name, None when the track name says none
    suite: str
    difficulties: dict[str, int]


def track_of_exercise(exercise: Path) -> Track:
    """The track around ``exercise`` (``<track>/exercises/practice/<slug>``), or a track
    named after nothing when the exercise stands alone."""
    practice = exercise.parent
    if practice.name != "practice" or practice.parent.name != "exercises":
        return Track(None, "", None, "exercism", {})
    return _track(practice.parent.parent)


def _track(directory: Path) -> Track:
    config = _json_or_empty(directory / "config.json")
    name = str(config.get("slug") or directory.name).lower()
    difficulties = {}
    practice = config.get("exercises", {}).get("practice", []) if isinstance(
        config.get("exercises"), dict) else []
    for entry in practice if isinstance(practice, list) else ():
        if isinstance(entry, dict) and isinstance(entry.get("difficulty"), int):
            difficulties[str(entry.get("slug"))] = entry["difficulty"]
    several = sum(1 for p in directory.parent.iterdir() if p.is_dir() and is_track(p)) > 1
    prefix = "polyglot" if several and not config else "exercism"
    return Track(directory, name, TRACKS.get(name), f"{prefix}-{name}", difficulties)


def _require_runner(track: Path, registry: LanguageRegistry) -> None:
    info = _track(track)
    if info.language is not None and registry.canonical(info.language) is None:
        raise SuiteSkipped(track, _no_runner(info.language, info.name, registry))


def _no_runner(language: str, track: str, registry: LanguageRegistry) -> str:
    return (f"no {language} runner here (track {track}): its exercises are skipped; the "
            f"languages there are {', '.join(registry.names())}")


def _json_or_empty(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def difficulty(level: int | None) -> str:
    """Exercism's 1-10 scale as the plugin's words (the website's bands); unrated without."""
    if level is None:
        return "unrated"
    return "easy" if level <= 3 else "medium" if level <= 7 else "hard"


# ---------------------------------------------------------------- loading one exercise


class _Errors:
    """The errors of one exercise, each naming the file and the field."""

    def __init__(self, exercise: Path) -> None:
        self.exercise = exercise
        self.config = exercise / CONFIG
        self.messages: list[str] = []

    def field(self, field: str, message: str) -> None:
        self.messages.append(f"{self.config}: field {quoted(field)}: {message}")

    def file(self, path: Path, message: str) -> None:
        self.messages.append(f"{path}: {message}")


def load_exercise(exercise: Path, registry: LanguageRegistry,
                  include_ignored: bool = True) -> Suite:
    """One exercise as a suite of one problem; :class:`SuiteError` lists what is wrong,
    :class:`SuiteSkipped` says why it cannot run here."""
    errors = _Errors(exercise)
    config = _config(exercise, errors)
    files = _file_lists(config, errors) if config is not None else {}
    track = track_of_exercise(exercise)
    language = _language(track, files.get("solution", []), registry, errors)
    texts: dict[str, dict[str, str]] = {}
    for key in ("solution", "test", "example", "editor"):
        texts[key] = {rel: text for rel in files.get(key, [])
                      if (text := _read(exercise, rel, f"files.{key}", errors)) is not None}
    description = _description(exercise, errors)
    example = _examples(files.get("solution", []), files.get("example", []), texts["example"],
                        errors)
    if errors.messages:
        raise SuiteError(exercise, errors.messages)
    assert config is not None and language is not None and description is not None
    named = {rel for key in ("solution", "test", "example", "editor") for rel in files[key]}
    support = {**texts["editor"], **_other_files(exercise, named)}
    project = ProjectFiles(tuple(files["solution"]), texts["solution"], texts["test"], support,
                           example, include_ignored, tuple(texts["editor"]))
    slug = exercise.name
    problem = _problem(exercise, slug, language, track, description, project, registry)
    return Suite(exercise, track.suite, language, "", (problem,),
                 {"format": "exercism", "track": track.name, "slug": slug})


def _config(exercise: Path, errors: _Errors) -> dict[str, Any] | None:
    try:
        data = json.loads((exercise / CONFIG).read_text(encoding="utf-8"))
    except OSError as exc:
        errors.file(errors.config, f"cannot read the file: {exc.strerror or exc}")
        return None
    except ValueError as exc:
        errors.file(errors.config, f"malformed JSON: {exc}")
        return None
    if not isinstance(data, dict):
        errors.field("(top level)", "expected an object")
        return None
    return data


def _file_lists(config: dict[str, Any], errors: _Errors) -> dict[str, list[str]]:
    found = config.get("files")
    if not isinstance(found, dict):
        errors.field("files", "is required: an object naming the solution, test and example "
                              "files")
        return {}
    lists: dict[str, list[str]] = {}
    for key in ("solution", "test", "example", "editor", "invalidator"):
        value = found.get(key, [])
        field = f"files.{key}"
        if not isinstance(value, list):
            errors.field(field, "expected a list of paths")
            value = []
        if key in ("solution", "test") and not value:
            errors.field(field, "is required and must name at least one file")
        good = []
        for i, rel in enumerate(value):
            why = path_problem(rel)
            if why:
                errors.field(f"{field}[{i}]", why)
            else:
                good.append(rel)
        lists[key] = good
    return lists


def _language(track: Track, solution: list[str], registry: LanguageRegistry,
              errors: _Errors) -> str | None:
    language = track.language or (registry.canonical(track.name) if track.name else None)
    if language is None and solution:
        language = SUFFIXES.get(Path(solution[0]).suffix.lower())
    if language is None:
        if solution:
            errors.field("files.solution", f"cannot tell the language of '{solution[0]}' "
                                           "(a track directory named after the language says it)")
        return None
    canonical = registry.canonical(language)
    if canonical is None:
        raise SuiteSkipped(errors.exercise, _no_runner(language, track.name or language,
                                                       registry))
    return canonical


def _read(exercise: Path, rel: str, field: str, errors: _Errors) -> str | None:
    try:
        read = safe_read.read_capped(exercise, rel, MAX_FILE)
    except safe_read.NotRead as exc:
        path = exercise / rel
        missing = not path.exists() and not path.is_symlink()
        errors.field(field, f"names '{rel}', which does not exist ({path})" if missing
                     else f"names '{rel}', which cannot be read: {exc}")
        return None
    if read.cut:
        errors.field(field, f"names '{rel}', which is over {MAX_FILE // 1024} KiB")
        return None
    try:
        return read.data.decode("utf-8")
    except UnicodeDecodeError:
        errors.field(field, f"names '{rel}', which is not UTF-8 text")
        return None


def _description(exercise: Path, errors: _Errors) -> str | None:
    """The introduction (when there is one), the instructions and their appendix."""
    docs = exercise / ".docs"
    parts = []
    for name in ("introduction.md", "instructions.md", "instructions.append.md"):
        path = docs / name
        if not path.is_file():
            if name == "instructions.md":
                errors.file(path, "is missing: an exercise's instructions are required")
                return None
            continue
        try:
            parts.append(path.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError) as exc:
            errors.file(path, f"cannot read the file: {exc}")
            return None
    return "\n\n".join(parts)


def _examples(solution: list[str], example: list[str], texts: dict[str, str],
              errors: _Errors) -> dict[str, str]:
    """The example files by the solution path each stands for: the solution file of the same
    name, else of the same suffix, else the one at the same position."""
    out: dict[str, str] = {}
    for i, rel in enumerate(example):
        if rel not in texts:
            continue
        name, suffix = Path(rel).name, Path(rel).suffix
        same_name = [s for s in solution if Path(s).name == name]
        same_suffix = [s for s in solution if Path(s).suffix == suffix]
        target = (same_name[0] if len(same_name) == 1 else
                  same_suffix[0] if len(same_suffix) == 1 else
                  solution[i] if len(example) == len(solution) else None)
        if target is None:
            errors.field(f"files.example[{i}]", f"cannot tell which solution file '{rel}' "
                                                "stands for")
        else:
            out[target] = texts[rel]
    return out


def _other_files(exercise: Path, named: set[str]) -> dict[str, str]:
    """The exercise's other files the build may need (``go.mod``, ``Cargo.toml``,
    ``package.json``...): every UTF-8 file outside hidden directories that the configuration
    does not name, up to :data:`MAX_FILE` each."""
    out: dict[str, str] = {}
    for path in sorted(exercise.rglob("*")):
        rel = path.relative_to(exercise).as_posix()
        if rel in named or any(part.startswith(".") for part in rel.split("/")) \
                or path.is_symlink() or not path.is_file():
            continue
        try:
            read = safe_read.read_capped(exercise, rel, MAX_FILE)
            text = read.data.decode("utf-8") if not read.cut else None
        except (safe_read.NotRead, UnicodeDecodeError):
            text = None
        if text is not None and "\0" not in text:
            out[rel] = text
    return out


def _problem(exercise: Path, slug: str, language: str, track: Track, description: str,
             project: ProjectFiles, registry: LanguageRegistry) -> Problem:
    runner = registry.get(language)
    stub = project.stubs.get(project.main, "")
    try:
        signature = runner.read_signature(stub, None)
    except (ValueError, SyntaxError):
        signature = Signature(Path(project.main).stem, "function")
    level = track.difficulties.get(slug)
    test_id = f"{language}/{slug}"
    return Problem(
        suite=track.suite,
        suite_path=str(track.directory or exercise),
        suite_version="",
        language=language,
        id=test_id,
        name=slug.replace("-", " ").capitalize(),
        difficulty=difficulty(level),
        category="exercism",
        description=description,
        signature_text=stub,
        signature=signature,
        cases=(),
        order=_order(exercise),
        reference_solution=project.example.get(project.main),
        extra={"source": "exercism", "slug": slug, "track": track.name,
               "exercise_path": str(exercise), "item_name": test_id,
               "keywords": [test_id, slug], "no_timing": NO_TIMING,
               **({"exercism_difficulty": level} if level is not None else {})},
        project=project,
    )


def _order(exercise: Path) -> int:
    """The exercise's position among its siblings, so results keep the track's order."""
    try:
        return [p.name for p in exercises_in(exercise.parent)].index(exercise.name)
    except (OSError, ValueError):
        return 0

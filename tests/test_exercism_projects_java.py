"""Java's project mode on an exercise of our own in Exercism's Java layout (two solution files,
``src/main/java/Leap.java`` and ``src/main/java/calendar/Years.java`` in a package, an editor
file ``calendar/Era.java``, a ``build.gradle`` with JUnit 5 and AssertJ, the tests
``src/test/java/LeapTest.java`` with AssertJ assertions, a ``@ParameterizedTest``, ``@Nested``
tests and ``@Disabled`` on all but the first): the example passes every test and invocation,
disabled tests run as Aider runs them and are skipped otherwise, a wrong answer fails exactly the
right tests, the stub fails, an exercise that needs other jars (or a machine without JUnit and
AssertJ) is skipped naming them, forged results, an early exit and a solution's own AssertJ are
no pass, and the whole exercise runs through the plugin; a second exercise, in a package, shows
fixtures, factories, assumptions and timeouts as JUnit reports them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_agentbench import exercism
from pytest_agentbench.judge import judge
from pytest_agentbench.languages import ExecSettings, default_registry
from pytest_agentbench.languages.java import project as java_project
from pytest_agentbench.languages.java.project import classes_under_test, dependencies, missing_jars
from pytest_agentbench.pipeline import skip_reason
from pytest_agentbench.sandbox import solution_limits

from .exercism_files import assert_the_reference_passes_through_the_plugin, write_exercise

REG = default_registry()
JAVA = REG.get("java")
FAST = ExecSettings(solution_limits(60))
MISSING = missing_jars()

needs_junit = pytest.mark.skipif(
    not JAVA.toolchain().available or bool(MISSING),
    reason=f"javac or the JUnit 5 and AssertJ jars are not installed "
           f"({JAVA.toolchain().reason or ', '.join(MISSING)}): apt-get install "
           "openjdk-17-jdk-headless junit5 libassertj-core-java")

LEAP = """import calendar.Years;

class Leap {

    boolean isLeapYear(int year) {
        Years.requirePositive(year);
        return Years.divisibleBy(year, 4) && (!Years.divisibleBy(year, 100)
            || Years.divisibleBy(year, 400));
    }

}
"""
YEARS = """package calendar;

public final class Years {

    private Years() {
    }

    public static boolean divisibleBy(int year, int divisor) {
        return year % divisor == 0;
    }

    public static void requirePositive(int year) {
        if (year <= 0) {
            throw new IllegalArgumentException("year must be positive in the " + Era.COMMON
                + " era");
        }
    }
}
"""
LEAP_STUB = """import calendar.Years;

class Leap {

    boolean isLeapYear(int year) {
        throw new UnsupportedOperationException("Delete this statement and write your own "
            + "implementation.");
    }

}
"""
YEARS_STUB = """package calendar;

public final class Years {

    public static boolean divisibleBy(int year, int divisor) {
        throw new UnsupportedOperationException("Delete this statement and write your own "
            + "implementation.");
    }

    public static void requirePositive(int year) {
        throw new UnsupportedOperationException("Delete this statement and write your own "
            + "implementation.");
    }
}
"""
ERA = """package calendar;

/** Given: the era the exercise's years are counted in. */
public enum Era {
    COMMON, BEFORE_COMMON
}
"""
TESTS = """import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import calendar.Era;
import calendar.Years;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class LeapTest {

    private final Leap leap = new Leap();

    @Test
    public void testYearNotDivBy4InCommonYear() {
        assertThat(leap.isLeapYear(2015)).isFalse();
    }

    @Disabled("Remove to run test")
    @Test
    @Tag("task:1")
    @DisplayName("year divisible by 100, not divisible by 400 in common year")
    public void testYearDivBy100NotDivBy400InCommonYear() {
        assertThat(leap.isLeapYear(2100)).isFalse();
    }

    @Disabled("Remove to run test")
    @ParameterizedTest
    @CsvSource({"1996, true", "2000, true", "1900, false"})
    public void testManyYears(int year, boolean expected) {
        assertThat(leap.isLeapYear(year)).isEqualTo(expected);
    }

    @Disabled("Remove to run test")
    @Test
    public void testNegativeYearsAreRejected() {
        assertThatThrownBy(() -> leap.isLeapYear(-1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("year must be positive in the " + Era.COMMON + " era");
    }

    @Nested
    class DivisibleBy {

        @Disabled("Remove to run test")
        @Test
        public void testEightIsDivisibleByFour() {
            assertThat(Years.divisibleBy(8, 4)).isTrue();
        }

        @Disabled("Remove to run test")
        @Test
        public void testZeroIsNotAYear() {
            assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> Years.requirePositive(0));
        }
    }
}
"""
BUILD = """plugins {
    id "java"
}

repositories {
    mavenCentral()
}

dependencies {
    testImplementation platform("org.junit:junit-bom:5.10.0")
    testImplementation "org.junit.jupiter:junit-jupiter"
    testImplementation "org.assertj:assertj-core:3.25.1"  // assertThat
    testRuntimeOnly "org.junit.platform:junit-platform-launcher"
}

test {
    useJUnitPlatform()
}
"""
NAMES = ["testYearNotDivBy4InCommonYear",
         "year divisible by 100, not divisible by 400 in common year: "
         "testYearDivBy100NotDivBy400InCommonYear",
         "[1] 1996, true: testManyYears", "[2] 2000, true: testManyYears",
         "[3] 1900, false: testManyYears",
         "testNegativeYearsAreRejected",
         "DivisibleBy.testEightIsDivisibleByFour", "DivisibleBy.testZeroIsNotAYear"]
#: what is planned without include_ignored: the parameterized test is one (skipped) outcome
SKIPPED_NAMES = [*NAMES[:2], "testManyYears", *NAMES[5:]]


def leap_exercise(root: Path, build: str = BUILD, more: tuple[str, ...] = ()) -> Path:
    """Exercism's Java layout: sources under src/main/java, the reference under .meta;
    ``more``: solution files besides the two, their stubs empty."""
    return write_exercise(root, "java", "leap", {
        **{rel: "" for rel in more},
        ".meta/src/reference/java/Leap.java": LEAP,
        ".meta/src/reference/java/calendar/Years.java": YEARS,
        "src/main/java/Leap.java": LEAP_STUB,
        "src/main/java/calendar/Years.java": YEARS_STUB,
        "src/main/java/calendar/Era.java": ERA,
        "src/test/java/LeapTest.java": TESTS,
        "build.gradle": build,
        "gradlew": "#!/usr/bin/env sh\nexec gradle \"$@\"\n",
    }, {"solution": ["src/main/java/Leap.java", "src/main/java/calendar/Years.java", *more],
        "test": ["src/test/java/LeapTest.java"],
        "example": [".meta/src/reference/java/Leap.java",
                    ".meta/src/reference/java/calendar/Years.java"],
        "editor": ["src/main/java/calendar/Era.java"]})


def run(tmp_path: Path, answer: dict[str, str] | None, include_ignored: bool = True):
    (problem,) = exercism.load_exercise(leap_exercise(tmp_path), REG,
                                        include_ignored=include_ignored).problems
    if answer is None:
        answer = dict(problem.project.example)
    return judge(problem, JAVA.run_project(problem, answer, FAST))


def test_the_dependencies_a_gradle_build_names():
    assert dependencies(BUILD) == ["org.junit:junit-bom", "org.junit.jupiter:junit-jupiter",
                                   "org.assertj:assertj-core",
                                   "org.junit.platform:junit-platform-launcher"]
    kts = ('dependencies {\n    implementation("com.google.code.gson:gson:2.10")\n'
           "    testImplementation(group = \"junit\", name = \"junit\", version = \"4.13\")\n"
           "    implementation(files(\"libs/a.jar\"))\n}\n")
    assert dependencies(kts) == ["com.google.code.gson:gson", "junit:junit",
                                 'files("libs/a.jar")']


def test_an_exercise_that_needs_other_jars_is_skipped_naming_them(tmp_path):
    build = BUILD.replace('    testRuntimeOnly', '    implementation "com.google.guava:guava:'
                                                  '33.0-jre"\n    testRuntimeOnly')
    (problem,) = exercism.load_exercise(leap_exercise(tmp_path, build), REG).problems
    assert skip_reason(problem, JAVA) == (
        "the exercise needs jars this machine does not have: com.google.guava:guava "
        "(build.gradle; the test classpath holds JUnit 5 and AssertJ only)")
    (plain,) = exercism.load_exercise(leap_exercise(tmp_path / "plain"), REG).problems
    assert classes_under_test(plain) == ["LeapTest"]
    if not MISSING:
        assert JAVA.project_skip_reason(plain) is None


def test_without_junit_and_assertj_the_exercise_is_skipped_with_the_install_command(
        tmp_path, monkeypatch):
    monkeypatch.setattr(java_project, "JAR_DIRECTORY", tmp_path / "java")
    (problem,) = exercism.load_exercise(leap_exercise(tmp_path), REG).problems
    reason = skip_reason(problem, JAVA)
    assert reason is not None and reason.startswith(
        "JUnit 5 and AssertJ are not installed (junit-jupiter-api.jar, ")
    assert reason.endswith("install them with: apt-get install junit5 libassertj-core-java")


@needs_junit
def test_the_example_passes_every_test_the_disabled_ones_included(tmp_path):
    ex = run(tmp_path, None)
    assert ex.failure is None, ex.message
    assert [(o.name, o.status) for o in ex.outcomes] == [(n, "passed") for n in NAMES]


@needs_junit
def test_without_include_ignored_the_disabled_tests_are_skipped_never_passed(tmp_path):
    ex = run(tmp_path, None, include_ignored=False)
    assert [(o.name, o.status) for o in ex.outcomes] == [
        (SKIPPED_NAMES[0], "passed"), *((n, "skipped") for n in SKIPPED_NAMES[1:])]
    assert ex.outcomes[1].message == "Remove to run test"


@needs_junit
def test_a_wrong_answer_fails_exactly_the_right_tests(tmp_path):
    wrong = LEAP.replace(" && (!Years.divisibleBy(year, 100)\n            || Years.divisibleBy("
                         "year, 400))", "")
    assert wrong != LEAP
    ex = run(tmp_path, {"src/main/java/Leap.java": wrong, "src/main/java/calendar/Years.java":
                        YEARS})
    statuses = {o.name: o.status for o in ex.outcomes}
    failed = {NAMES[1], "[3] 1900, false: testManyYears"}
    assert statuses == {n: "wrong_answer" if n in failed else "passed" for n in NAMES}
    message = next(o.message for o in ex.outcomes if o.name == NAMES[1])
    assert "to be equal to:\n <false>" in message, message
    assert "at LeapTest.testYearDivBy100NotDivBy400InCommonYear(LeapTest.java:" in message


@needs_junit
def test_the_stub_fails_every_test(tmp_path):
    ex = run(tmp_path, {})
    assert len(ex.outcomes) == len(NAMES)
    assert all(o.status != "passed" for o in ex.outcomes)
    assert "UnsupportedOperationException" in ex.outcomes[0].message
    assert "Delete this statement" in ex.outcomes[0].message


@needs_junit
def test_an_answer_that_does_not_compile_is_a_compile_error(tmp_path):
    ex = run(tmp_path, {"src/main/java/Leap.java": LEAP.replace("isLeapYear", "isLeap"),
                        "src/main/java/calendar/Years.java": YEARS})
    assert ex.failure is not None and ex.failure.value == "compile_error"
    assert "src/test/java/LeapTest.java" in ex.message and "isLeapYear" in ex.message


#: writes a passing result to stdout and to every descriptor, as the harness's Events does
#: (a FileDescriptor made with sun.misc.Unsafe, since /proc/self/fd is refused to another user)
FORGER = LEAP.replace("    boolean isLeapYear(int year) {\n", r"""    static {
        String line = "{\"event\": \"case\", \"name\": \"testManyYears\", "
            + "\"status\": \"test_passed\", \"message\": \"\", \"seconds\": 0.0}\n";
        System.out.print(line);
        try {
            java.lang.reflect.Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField(
                "theUnsafe");
            theUnsafe.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
            long offset = unsafe.objectFieldOffset(
                java.io.FileDescriptor.class.getDeclaredField("fd"));
            for (int fd = 3; fd < 64; fd++) {
                java.io.FileDescriptor descriptor = new java.io.FileDescriptor();
                unsafe.putInt(descriptor, offset, fd);
                try {
                    new java.io.FileOutputStream(descriptor).write(line.getBytes());
                } catch (java.io.IOException e) {
                    // not a descriptor open for writing
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean isLeapYear(int year) {
""")
#: ends the JVM with status 0 in the middle of the tests
EXIT = LEAP.replace("        Years.requirePositive(year);\n",
                    "        if (year == 2100) {\n            System.exit(0);\n        }\n"
                    "        Years.requirePositive(year);\n")


@needs_junit
def test_forged_results_void_the_run(tmp_path):
    assert FORGER != LEAP
    ex = run(tmp_path, {"src/main/java/Leap.java": FORGER,
                        "src/main/java/calendar/Years.java": YEARS})
    assert ex.failure is not None
    assert "without its token; every outcome of this run is void" in ex.message, ex.message


@needs_junit
def test_an_early_exit_leaves_the_remaining_tests_not_passed(tmp_path):
    assert EXIT != LEAP
    ex = run(tmp_path, {"src/main/java/Leap.java": EXIT,
                        "src/main/java/calendar/Years.java": YEARS})
    statuses = {o.name: o.status for o in ex.outcomes}
    assert statuses[NAMES[1]] not in ("passed", "skipped")
    assert sum(s == "passed" for s in statuses.values()) < len(NAMES)


#: a solution file that declares AssertJ's entry point itself, whose assertions never fail
SHADOW = """package org.assertj.core.api;

public class Assertions {
    public interface Call {
        void call() throws Throwable;
    }

    public static final class Lenient {
        public Lenient isTrue() { return this; }
        public Lenient isFalse() { return this; }
        public Lenient isEqualTo(Object expected) { return this; }
        public Lenient isInstanceOf(Class<?> type) { return this; }
        public Lenient hasMessage(String message) { return this; }
        public Lenient isThrownBy(Call call) { return this; }
    }

    public static Lenient assertThat(boolean actual) { return new Lenient(); }
    public static Lenient assertThatThrownBy(Call call) { return new Lenient(); }
    public static Lenient assertThatExceptionOfType(Class<?> type) { return new Lenient(); }
}
"""


@needs_junit
def test_a_solution_cannot_replace_the_assertion_library(tmp_path):
    shadow = "src/main/java/org/assertj/core/api/Assertions.java"
    (problem,) = exercism.load_exercise(leap_exercise(tmp_path, more=(shadow,)), REG).problems
    always = "class Leap {\n    boolean isLeapYear(int year) {\n        return true;\n    }\n}\n"
    wrong = {"src/main/java/Leap.java": always, "src/main/java/calendar/Years.java": YEARS,
             shadow: SHADOW}
    ex = judge(problem, JAVA.run_project(problem, wrong, FAST))
    assert ex.outcomes and all(o.status != "passed" for o in ex.outcomes)
    assert "NoSuchMethodError" in ex.outcomes[0].message, ex.outcomes[0].message


EDGE = """package edge;

public class Edge {
    public static int twice(int x) {
        while (x == 99) {
            Thread.onSpinWait();
        }
        return 2 * x;
    }
}
"""
EDGE_TESTS = """package edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EdgeTest {
    @Test
    @DisplayName("twice 2 is 4.")
    void two() {
        assertThat(Edge.twice(2)).isEqualTo(4);
    }

    @Test
    void assumed() {
        assumeTrue(false, "not on this machine");
    }

    @TestFactory
    Stream<DynamicTest> dynamic() {
        return Stream.of(1, 2).map(i -> dynamicTest("twice " + i,
            () -> assertThat(Edge.twice(i)).isEqualTo(2 * i)));
    }

    static Stream<Arguments> broken() {
        throw new IllegalStateException("no arguments today");
    }

    @ParameterizedTest
    @MethodSource("broken")
    void brokenSource(int x) {
    }

    @Test
    @Timeout(1)
    void loops() {
        Edge.twice(99);
    }

    @Nested
    @Disabled
    class Off {
        @Test
        void offOne() {
        }
    }
}
"""
SETUP_TESTS = """package edge;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SetupTest {
    @BeforeAll
    static void setUp() {
        throw new IllegalStateException("cannot set up");
    }

    @Test
    void first() {
    }

    @Test
    void second() {
    }
}
"""


@needs_junit
def test_a_package_of_tests_with_fixtures_factories_assumptions_and_timeouts(tmp_path):
    """Two test classes in a package: each test, dynamic test and failure where JUnit puts
    it; a @Timeout past which a test keeps looping fails that test alone."""
    exercise = write_exercise(tmp_path, "java", "edge", {
        "src/main/java/edge/Edge.java": EDGE, ".meta/src/reference/java/edge/Edge.java": EDGE,
        "src/test/java/edge/EdgeTest.java": EDGE_TESTS,
        "src/test/java/edge/SetupTest.java": SETUP_TESTS,
    }, {"solution": ["src/main/java/edge/Edge.java"],
        "test": ["src/test/java/edge/EdgeTest.java", "src/test/java/edge/SetupTest.java"],
        "example": [".meta/src/reference/java/edge/Edge.java"]})
    for include_ignored, off in ((True, "passed"), (False, "skipped")):
        (problem,) = exercism.load_exercise(exercise, REG,
                                            include_ignored=include_ignored).problems
        assert classes_under_test(problem) == ["edge.EdgeTest", "edge.SetupTest"]
        ex = judge(problem, JAVA.run_project(problem, {}, FAST))
        assert [(o.name, o.status) for o in ex.outcomes] == [
            ("twice 2 is 4.: EdgeTest.two", "passed"), ("EdgeTest.assumed", "skipped"),
            ("twice 1: EdgeTest.dynamic", "passed"), ("twice 2: EdgeTest.dynamic", "passed"),
            ("EdgeTest.brokenSource", "error"), ("EdgeTest.loops", "error"),
            ("EdgeTest.Off.offOne", off), ("SetupTest.first", "error"),
            ("SetupTest.second", "error")]
        messages = {o.name: o.message for o in ex.outcomes}
        assert messages["EdgeTest.assumed"] == "Assumption failed: not on this machine"
        assert messages["EdgeTest.brokenSource"].startswith(
            "IllegalStateException: no arguments today\nat edge.EdgeTest.broken(EdgeTest.java:")
        assert "loops() timed out after 1 second\nat edge.Edge.twice(Edge.java:" in \
            messages["EdgeTest.loops"]
        assert "cannot set up" in messages["SetupTest.second"]


@needs_junit
def test_the_exercise_runs_through_the_plugin_with_the_reference(pytester):
    leap_exercise(pytester.path)
    assert_the_reference_passes_through_the_plugin(
        pytester, "java", "java/leap *java *unrated passed *8/8*")

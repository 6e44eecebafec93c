"""Java's harness on Debian's libraries: native tests on the real JUnit Platform, JSON by Gson,
and the items skipped with the package to install where their jars are missing."""

from __future__ import annotations

import pytest

from pytest_agentbench.languages.java import jars
from pytest_agentbench.pipeline import skip_reason

from .test_java_runner import ADD_CODE, ADD_SIG, JAVA, needs_jdk, problem, run

needs_junit = pytest.mark.skipif(bool(jars.missing(jars.TEST_JARS)),
                                 reason=f"JUnit 5 is not installed: {jars.TEST_INSTALL_HINT}")

JUNIT_FEATURES = """\
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddTest {
  @Test
  @DisplayName("one and one")
  void zFirst() {
    assertEquals(2, new Solution().add(1, 1));
  }

  @ParameterizedTest
  @CsvSource({"1, 2, 3", "2, 2, 5", "0, 0, 0"})
  void table(int a, int b, int sum) {
    assertEquals(sum, new Solution().add(a, b));
  }

  @Nested
  class Inner {
    @Test
    void withAssertJ() {
      assertThat(new Solution().add(2, 3)).isEqualTo(5);
    }
  }

  static class Cleanup {
    @Test
    void fine() {
      assertEquals(1, new Solution().add(1, 0));
    }

    @AfterAll
    static void breaks() {
      throw new IllegalStateException("clean-up failed");
    }
  }
}
"""


@needs_jdk
@needs_junit
def test_native_tests_run_on_the_junit_platform_in_source_order(tmp_path):
    prob = problem(tmp_path, ADD_SIG, [{"args": [1, 2], "expected": 3}], JUNIT_FEATURES)
    ex = run(prob, ADD_CODE)
    # one outcome per test method, in the order written; a parameterized test is one outcome,
    # its failing invocation's; an @AfterAll that fails after every test of its class had an
    # outcome is an outcome of its own
    assert [(o.name, o.status) for o in ex.outcomes] == [
        ("case 1", "passed"), ("zFirst", "passed"), ("table", "wrong_answer"),
        ("withAssertJ", "passed"), ("fine", "passed"), ("(Cleanup)", "error")]
    assert ex.outcomes[2].message.startswith("[2] a=2, b=2, sum=5: expected: <5> but was: <4>")
    assert "IllegalStateException: clean-up failed" in ex.outcomes[5].message


@needs_jdk
def test_json_crosses_with_big_integers_longs_doubles_and_lone_surrogates(tmp_path):
    signature = ("class Solution {\n  public Object[] echo(java.math.BigInteger big, long n, "
                 "double x, String s) {}\n}")
    prob = problem(tmp_path, signature, [
        {"args": [2 ** 70, 2 ** 40, 1e300, "\u00e9\U0001F600"],
         "expected": [2 ** 70 + 1, 2 ** 40 + 1, 5e-324, "\u00e9\U0001F600\ud800|"]}])
    code = ("class Solution {\n  public Object[] echo(java.math.BigInteger big, long n, "
            "double x, String s) {\n    return new Object[] {big.add(java.math.BigInteger.ONE), "
            "n + 1, Double.MIN_VALUE, s + \"\\uD800|\"};\n  }\n}\n")
    ex = run(prob, code)
    assert ex.failure is None, ex.message


@needs_jdk
def test_without_junit_an_item_with_native_tests_is_skipped_naming_the_packages(
        tmp_path, monkeypatch):
    with_tests = problem(tmp_path, ADD_SIG, [{"args": [1, 2], "expected": 3}], JUNIT_FEATURES)
    cases_only = problem(tmp_path, ADD_SIG, [{"args": [1, 2], "expected": 3}])
    (tmp_path / "java").mkdir()
    (tmp_path / "java" / "gson.jar").touch()  # Gson there, JUnit 5 and AssertJ not
    monkeypatch.setattr(jars, "JAR_DIRECTORY", tmp_path / "java")
    assert skip_reason(cases_only, JAVA) is None
    reason = skip_reason(with_tests, JAVA)
    assert reason is not None and reason.startswith(
        "JUnit 5 and AssertJ are not installed (junit-jupiter-api.jar, ")
    assert reason.endswith("install them with: apt-get install junit5 libassertj-core-java")


def test_without_gson_every_java_item_is_skipped_naming_the_package(tmp_path, monkeypatch):
    prob = problem(tmp_path, ADD_SIG, [{"args": [1, 2], "expected": 3}])
    monkeypatch.setattr(jars, "JAR_DIRECTORY", tmp_path / "none")
    found = JAVA.toolchain()
    if found.reason and "javac" in found.reason:
        pytest.skip("no JDK: the toolchain is missing before Gson is looked for")
    assert not found.available and found.reason.startswith("Gson is not installed (gson.jar")
    reason = skip_reason(prob, JAVA)
    assert reason is not None and reason.endswith(
        "install it with: apt-get install libgoogle-gson-java")

"""Reading C++ source through the tree-sitter grammar: what the hand-written scanner it
replaced misread, found by running both on every C++ text of the repository."""

from __future__ import annotations

from pytest_agentbench.languages.cpp.literals import cpp_literal, template_args
from pytest_agentbench.languages.cpp.source import (
    blank_literals,
    catch_test_names,
    declarations,
    declares_class,
    defines,
    stub,
)

HEADER = """\
#include <functional>
#include <map>
#ifdef EXTRA
int extra(int a);
#endif
namespace agentbench {
template <typename S>
decltype(auto) pass(S& stored) { return stored; }
void (*const hook)(int) = nullptr;
__attribute__((section("x"), used)) static int marker = 1;
long long& account(const std::string& name /* the owner */, int (*cb)(int));
struct Entry {
    std::function<int(const int&)> call;
    int cpu, wall = 0;
    static int count;
    int* first, &second_ref = cpu;
};
}  // namespace agentbench
TEST_CASE("adds", "[tag]") { REQUIRE(1 == 1); }
"""


def test_functions_with_any_return_type_and_no_macro_or_variable_taken_for_one():
    decls = declarations(HEADER)
    assert [(f.name, f.returns, f.template) for f in decls.functions] == [
        ("extra", "int", False), ("pass", "decltype(auto)", True),
        ("account", "long long&", False)]
    (account,) = [f for f in decls.functions if f.name == "account"]
    # a comment inside a parameter is no part of its type; a pointer to a function stays whole
    assert account.params == (("name", "const std::string&", False),
                              ("arg1", "int (*cb)(int)", False))
    assert not defines(HEADER, "TEST_CASE") and not defines(HEADER, "hook")
    assert not defines(HEADER, "__attribute__") and not defines(HEADER, "decltype")


def test_public_fields_of_every_declarator_and_types_with_parentheses():
    entry = declarations(HEADER).classes["Entry"]
    assert entry.fields == (("call", "std::function<int(const int&)>"), ("cpu", "int"),
                            ("wall", "int"), ("first", "int*"), ("second_ref", "int &"))


def test_members_defined_out_of_their_class_and_in_namespaces():
    code = ("namespace a::b {\nclass Box {\npublic:\n    int take(int k);\n};\n"
            "int Box::take(int k) { return k; }\n}\n")
    assert defines(code, "take") and defines(code, "Box") and not defines(code, "Bag")
    assert defines("struct S { int f(); };\nint S::g() { return 1; }", "g")
    assert not defines("int S::g();", "g")  # a declaration out of its class is no definition


def test_a_class_is_declared_only_by_a_definition_not_by_a_comment_or_a_string():
    assert declares_class("struct Solution {\n  struct TreeNode final { int v; };\n};",
                          "TreeNode")
    assert declares_class("template <class T> class ListNode : public Base {};", "ListNode")
    assert not declares_class('// struct TreeNode {\nconst char* s = "struct TreeNode {";\n'
                              "struct TreeNode;", "TreeNode")


def test_blanking_reaches_into_macro_bodies_and_keeps_offsets():
    code = '#define MSG "a // b" // c\nchar q = \'"\'; auto r = u8R"x(")x"; // é\n'
    blank = blank_literals(code)
    assert blank == '#define MSG "      "     \nchar q = \' \'; auto r = u8R"     ";     \n'
    assert len(blank) == len(code)


def test_the_starter_leaves_lambdas_called_at_once_and_defined_functions_alone():
    code = ("#include <cstdlib>\nstatic int stolen = [] {\n    return 1;\n}();\n"
            "int add(int a, int b) { return a + b; }\n")
    assert stub(code) == code
    text = stub("template <typename T>\nT id(T x);\nstruct S {\n    S();\n    ~S();\n};\n")
    assert text == ('#include <stdexcept>\n\ntemplate <typename T>\nT id(T x) {\n'
                    '    throw std::logic_error("not implemented");\n}\nstruct S {\n    S() {\n'
                    '        throw std::logic_error("not implemented");\n    }\n    ~S();\n};\n')
    # <stdexcept> named in a comment is not included
    assert "#include <stdexcept>\n" in stub("// #include <stdexcept>\n#include <vector>\nint f();")


def test_template_arguments_of_a_type_fragment_and_float_literals():
    assert template_args("std::map<std::string,std::vector<int>>") == [
        "std::string", "std::vector<int>"]
    assert template_args("std::function<int(int,int)>") == ["int(int,int)"]
    assert template_args("int") == []
    assert [cpp_literal(v) for v in (float("nan"), float("inf"), -float("inf"), 0.5)] == [
        "NAN", "INFINITY", "-INFINITY", "0.5"]
    assert cpp_literal([0.5], "const std::vector<double>&") == "{0.5}"


def test_catch2_test_names_written_out_in_the_file_and_not_in_comments_or_macros():
    tests = ('#include "catch.hpp"\n#define MAKE(n) TEST_CASE("made " #n) {}\nMAKE(1)\n'
             'TEST_CASE("a \\"quoted\\" name", "[x]") { REQUIRE(f(1) == 2); }\n'
             "#if defined(EXERCISM_RUN_ALL_TESTS)\n"
             'TEST_CASE_METHOD(Fixture, "with a fixture") { CHECK(true); }\n'
             'SCENARIO("grows") { GIVEN("x") { THEN("y") {} } }\n#endif\n'
             '// TEST_CASE("commented out")\nCATCH_TEST_CASE("prefixed", "[.]") {}\n')
    assert catch_test_names(tests) == ['a "quoted" name', "with a fixture", "Scenario: grows",
                                       "prefixed"]

"""Reading Go declarations (languages/go/source.py, on the tree-sitter Go grammar) from plain
strings: no Go toolchain needed."""

from __future__ import annotations

from pytest_agentbench.languages.go import source as go


def shapes(text: str) -> list[tuple[str, str]]:
    return [(p.name, p.type) for p in go.split_params(text)]


def test_generic_functions_and_their_type_parameters():
    (f,) = go.parse_funcs("func Map[K comparable, V any](m map[K]V, f func(V) K) []K")
    assert f == go.FuncDecl("Map", "", "[K comparable, V any]", "m map[K]V, f func(V) K", "[]K")
    assert go.type_param_names(f.type_params) == ["K", "V"]
    assert go.type_param_names("[K, V any]") == ["K", "V"]
    assert go.type_param_names("[T int | float64]") == ["T"]
    assert go.type_param_names("") == [] and go.type_param_names("[4]") == []


def test_methods_with_pointer_value_and_unnamed_receivers():
    funcs = go.parse_funcs("""
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }
func (p Pair[K, V]) Key() K
func (*Stack[T]) Len() int
func (c Counter) Inc()
""")
    assert [(f.receiver, f.name, f.results) for f in funcs] == [
        ("Stack", "Push", ""), ("Pair", "Key", "K"), ("Stack", "Len", "int"),
        ("Counter", "Inc", "")]
    # a function literal is not a declaration
    assert [f.name for f in go.parse_funcs("x := func() {}\nfunc F() {}\n")] == ["F"]


def test_grouped_single_and_alias_type_declarations():
    text = """
type (
	Celsius float64
	Grid    [3][3]int // an array, not a type parameter
	Pair[K comparable, V any] struct {
		Key K
		Val V
	}
)

type Stack[T any] struct{ items []T }
type Alias = map[string]int
"""
    assert go.parse_types(text) == [
        go.TypeDecl("Celsius", False), go.TypeDecl("Grid", False), go.TypeDecl("Pair", True),
        go.TypeDecl("Stack", True), go.TypeDecl("Alias", False)]
    assert go.type_params_of(text, "Pair") == "[K comparable, V any]"
    assert go.type_params_of(text, "Stack") == "[T any]"
    assert go.type_params_of(text, "Grid") == "" and go.type_params_of(text, "Missing") == ""
    assert go.declares_type(text, "Pair") and go.declares_type(text, "Alias")
    assert not go.declares_type(text, "Key")


def test_a_type_declared_in_a_function_is_not_the_packages():
    """The predefined TreeNode is added when the package does not declare one: one declared
    inside a function does not count (the hand-written reader took it for the package's)."""
    local = "func F() *TreeNode {\n\ttype TreeNode struct{}\n\treturn nil\n}\n"
    assert not go.declares_type(local, "TreeNode") and go.parse_types(local) == []
    assert go.declares_type("type TreeNode struct {\n\tVal int\n}\n", "TreeNode")


def test_multi_line_parameter_and_result_lists():
    (f,) = go.parse_funcs("""
func Apply(
	f func(int) (int, error), // the function
	a, b string,
	xs ...map[string]int,
) (
	out []int,
	err error,
) {
	return nil, nil
}
""")
    assert f.params == "f func(int) (int, error), a, b string, xs ...map[string]int,"
    assert f.results == "( out []int, err error, )"
    assert shapes(f.params) == [("f", "func(int) (int, error)"), ("a", "string"),
                                ("b", "string"), ("xs", "...map[string]int")]
    assert go.result_types(f.results) == ["[]int", "error"]


def test_func_typed_and_unnamed_parameters():
    assert shapes("less func(a, b T) bool, done func()") == [
        ("less", "func(a, b T) bool"), ("done", "func()")]
    assert shapes("int, chan string") == [("arg0", "int"), ("arg1", "chan string")]
    assert shapes("...int") == [("arg0", "...int")]
    assert shapes("") == []
    assert shapes("é, ü int, s ...[]rune") == [("é", "int"), ("ü", "int"), ("s", "...[]rune")]
    assert [p.kind for p in go.split_params("s string, root *TreeNode, l *ListNode, n int")] == [
        "str", "tree", "linked_list", "other"]
    assert go.result_types("func() (int, error)") == ["func() (int, error)"]
    assert go.result_types("(int, error)") == ["int", "error"]
    assert go.result_types("(int)") == ["int"] and go.result_types(" ") == []
    assert go.result_types("interface{}") == ["interface{}"]


def test_comments_and_strings_holding_braces():
    text = """package main

/* func Hidden() { */
func F(s string /* a, b */, n int) int { // }
	x := "{" + `}` + "/* not a comment */"
	_ = '}'
	return len(x)
}

func G() {}
"""
    assert [(f.name, f.params) for f in go.parse_funcs(text)] == [("F", "s string , n int"),
                                                               ("G", "")]
    lines, bare = text.split("\n"), go.strip_comments(text).split("\n")
    # comments blanked, lines kept: a block comment leaves a space, a line comment nothing
    assert bare[2:4] == [" ", "func F(s string  , n int) int { "]
    assert bare[:2] + bare[4:] == lines[:2] + lines[4:]
    assert go.strip_comments("/* one\ntwo */x") == "\nx"


def test_a_file_that_does_not_parse():
    """Signatures and solutions may be broken: what parses is still read."""
    broken = "package main\n\nfunc F( {\n}\n\nfunc H(x int) bool\n\ntype T struct{ x int }\n"
    assert [(f.name, f.params) for f in go.parse_funcs(broken)] == [("F", ""), ("H", "x int")]
    assert go.parse_types(broken) == [go.TypeDecl("T", False)]
    # a header with an unclosed body, as a signature may give it
    assert go.parse_funcs("func Any() interface{} {\n") == [
        go.FuncDecl("Any", "", "", "", "interface{}")]
    assert go.parse_funcs("reverse a string") == [] and go.parse_types("reverse a string") == []
    # an unterminated block comment is no comment to the grammar: it stays (the file does not
    # compile, and the compiler says why)
    assert go.strip_comments("x := 1 // c\n/* open\n") == "x := 1 \n/* open\n"

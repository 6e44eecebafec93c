// Package agentbenchharness runs a Go solution's cases for pytest-agentbench.
//
// It is built once (the module agentbench/harness, kept in the go build cache) and linked
// into every solution binary; a generated main in the solution's package main hands it the
// entry point. Main reads job.json, decodes each JSON argument into the parameter's own Go
// type by reflection, calls the function (or the constructor and methods), and writes one
// JSON line per outcome. RunTests runs a test binary's tests one child process per test, so a
// panicking test costs only its own outcome. Standard library only; Go 1.19.
package agentbenchharness

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Entry names what the cases call. Exactly one of Func, Constructor and New is set, unless
// Problem explains why the entry point cannot be called by data cases.
type Entry struct {
	Name        string             // the entry point's name, for messages
	Func        interface{}        // a function problem: the function
	Constructor interface{}        // a class problem: func(...) T, *T or (T, error)
	New         func() interface{} // a class problem without a constructor: a new zero value
	Problem     string             // set when data cases cannot call the entry point
}

type call struct {
	Method string            `json:"method"`
	Args   []json.RawMessage `json:"args"`
}

type jobCase struct {
	Index      int                        `json:"index"`
	Args       []json.RawMessage          `json:"args"`
	Kwargs     map[string]json.RawMessage `json:"kwargs"`
	Init       []json.RawMessage          `json:"init"`
	Calls      []call                     `json:"calls"`
	Attributes []string                   `json:"attributes"`
}

type job struct {
	EntryPoint string    `json:"entry_point"`
	Kind       string    `json:"kind"`
	Outcomes   string    `json:"outcomes"`
	Cases      []jobCase `json:"cases"`
}

type object = map[string]interface{}

// emitter writes events as JSON lines; every line is one write(2), so nothing waits in a
// buffer when the process is killed.
type emitter struct{ f *os.File }

func (e emitter) emit(event object) {
	line, err := json.Marshal(event)
	if err != nil {
		line, _ = json.Marshal(object{"event": "harness_error", "error_type": "EncodeError",
			"message": fmt.Sprintf("cannot encode an outcome: %v", err)})
	}
	_, _ = e.f.Write(append(line, '\n'))
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "agentbench harness: "+format+"\n", args...)
	os.Exit(3)
}

// Main runs every case of job.json against the entry point, then exits.
func Main(entry Entry) {
	debug.SetMaxStack(512 << 20)
	data, err := os.ReadFile("job.json")
	if err != nil {
		fail("%v", err)
	}
	var j job
	if err := json.Unmarshal(data, &j); err != nil {
		fail("job.json: %v", err)
	}
	f, err := os.OpenFile(j.Outcomes, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		fail("%v", err)
	}
	out := emitter{f}
	if entry.Problem != "" {
		out.emit(object{"event": "load_error", "error_type": "HarnessError", "message": entry.Problem})
		os.Exit(0)
	}
	out.emit(object{"event": "loaded"})
	for _, c := range j.Cases {
		out.emit(object{"event": "start", "index": c.Index})
		start := time.Now()
		event := runCase(entry, c)
		event["event"] = "case"
		event["index"] = c.Index
		event["seconds"] = time.Since(start).Seconds()
		out.emit(event)
	}
	out.emit(object{"event": "done"})
	os.Exit(0)
}

// ---------------------------------------------------------------- errors

// argumentError is a case the harness cannot set up (wrong arity, undecodable JSON): the
// suite's or the signature's fault rather than the solution's.
type argumentError struct{ msg string }

func (e *argumentError) Error() string { return e.msg }

func argErr(format string, args ...interface{}) error {
	return &argumentError{fmt.Sprintf(format, args...)}
}

// panicError is a panic (or runtime.Goexit) inside the solution, recovered by the harness.
type panicError struct {
	value interface{}
	stack string
}

func (p *panicError) Error() string {
	if err, ok := p.value.(error); ok {
		return err.Error()
	}
	return fmt.Sprint(p.value)
}

func errorFields(err error) object {
	var pe *panicError
	if errors.As(err, &pe) {
		return object{"error_type": "panic", "message": pe.Error(), "traceback": stackTail(pe.stack)}
	}
	var ae *argumentError
	if errors.As(err, &ae) {
		return object{"error_type": "ArgumentError", "message": ae.msg}
	}
	return object{"error_type": "error", "message": err.Error(),
		"traceback": fmt.Sprintf("(error value of type %T)", err)}
}

// stackTail keeps the frames of a panic's stack that point into the solution.
func stackTail(stack string) string {
	keep := solutionFrames(strings.Split(stack, "\n"))
	if len(keep) > 6 {
		keep = keep[:6]
	}
	return strings.Join(keep, "\n")
}

var framePosition = regexp.MustCompile(`^\s*(?:\S*/)?(solution(_test)?\.go:\d+)(\s+\+0x[0-9a-f]+)?$`)

// solutionFrames turns the frames of a stack trace that point into the solution or its
// tests into "function at file:line" lines, without the work directory.
func solutionFrames(lines []string) []string {
	var frames []string
	for i, line := range lines {
		m := framePosition.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		frame := m[1]
		if i > 0 {
			frame = strings.TrimSpace(lines[i-1]) + " at " + frame
		}
		frames = append(frames, frame)
	}
	return frames
}

// ---------------------------------------------------------------- calling

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// invoke decodes the JSON arguments into fn's parameter types and calls fn on a goroutine of
// its own, so that a panic or runtime.Goexit in the solution becomes an error of this case.
func invoke(fn reflect.Value, args []json.RawMessage) ([]reflect.Value, error) {
	ft := fn.Type()
	fixed := ft.NumIn()
	if ft.IsVariadic() {
		fixed--
		if len(args) < fixed {
			return nil, argErr("%d argument(s) given, %s takes at least %d", len(args), ft, fixed)
		}
	} else if len(args) != fixed {
		return nil, argErr("%d argument(s) given, %s takes %d", len(args), ft, fixed)
	}
	in := make([]reflect.Value, len(args))
	for i, raw := range args {
		var pt reflect.Type
		if i < fixed {
			pt = ft.In(i)
		} else {
			pt = ft.In(ft.NumIn() - 1).Elem()
		}
		v, err := decode(raw, pt)
		if err != nil {
			return nil, argErr("argument %d: %v", i+1, err)
		}
		in[i] = v
	}
	type result struct {
		out      []reflect.Value
		returned bool
		err      error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if !r.returned {
				p := recover()
				if p == nil {
					p = "runtime.Goexit was called (or panic(nil))"
				}
				r.err = &panicError{value: p, stack: string(debug.Stack())}
			}
			done <- r
		}()
		r.out = fn.Call(in)
		r.returned = true
	}()
	r := <-done
	return r.out, r.err
}

// resultValue reads Go's conventions: (T), (T, error), (error), (), or several values (a list).
func resultValue(results []reflect.Value) (interface{}, error) {
	if n := len(results); n > 0 && results[n-1].Type() == errorType {
		if !results[n-1].IsNil() {
			return nil, results[n-1].Interface().(error)
		}
		results = results[:n-1]
	}
	switch len(results) {
	case 0:
		return nil, nil
	case 1:
		return toJSON(results[0]), nil
	}
	out := make([]interface{}, len(results))
	for i, r := range results {
		out[i] = toJSON(r)
	}
	return out, nil
}

func runCase(entry Entry, c jobCase) object {
	if len(c.Kwargs) > 0 {
		return object{"status": "exception", "error_type": "ArgumentError",
			"message": "Go has no keyword arguments; give every argument in `args`"}
	}
	if entry.Func != nil {
		results, err := invoke(reflect.ValueOf(entry.Func), c.Args)
		var value interface{}
		if err == nil {
			value, err = resultValue(results)
		}
		if err != nil {
			return withFields(object{"status": "exception"}, errorFields(err))
		}
		return object{"status": "value", "value": value}
	}
	obj, err := construct(entry, c.Init)
	if err != nil {
		return withFields(object{"status": "exception"}, errorFields(err))
	}
	if c.Attributes != nil {
		return object{"status": "value", "value": attributes(obj, c.Attributes)}
	}
	calls := make([]interface{}, 0, len(c.Calls))
	for _, cl := range c.Calls {
		method, ok := findMethod(obj, cl.Method)
		if !ok {
			calls = append(calls, object{"error_type": "NoMethod",
				"message": fmt.Sprintf("%s has no exported method %s", obj.Type(), exported(cl.Method))})
			continue
		}
		results, err := invoke(method, cl.Args)
		var value interface{}
		if err == nil {
			value, err = resultValue(results)
		}
		if err != nil {
			calls = append(calls, errorFields(err))
		} else {
			calls = append(calls, object{"value": value})
		}
	}
	return object{"status": "calls", "calls": calls}
}

func withFields(event, fields object) object {
	for k, v := range fields {
		event[k] = v
	}
	return event
}

// construct makes the object of a class case: the constructor's first result, or a zero
// value; a value is put behind a pointer so that pointer-receiver methods are callable.
func construct(entry Entry, init []json.RawMessage) (reflect.Value, error) {
	var obj reflect.Value
	if entry.Constructor != nil {
		results, err := invoke(reflect.ValueOf(entry.Constructor), init)
		if err != nil {
			return obj, err
		}
		if n := len(results); n > 0 && results[n-1].Type() == errorType {
			if !results[n-1].IsNil() {
				return obj, results[n-1].Interface().(error)
			}
			results = results[:n-1]
		}
		if len(results) == 0 {
			return obj, argErr("the constructor of %s returned no value", entry.Name)
		}
		obj = results[0]
	} else {
		if len(init) > 0 {
			return obj, argErr("%s has no constructor in the signature, so it takes no arguments", entry.Name)
		}
		obj = reflect.ValueOf(entry.New())
	}
	if obj.Kind() == reflect.Interface {
		if obj.IsNil() {
			return obj, argErr("the constructor of %s returned a nil interface", entry.Name)
		}
		obj = obj.Elem()
	}
	if obj.Kind() != reflect.Ptr {
		ptr := reflect.New(obj.Type())
		ptr.Elem().Set(obj)
		obj = ptr
	} else if obj.IsNil() {
		return obj, argErr("the constructor of %s returned nil", entry.Name)
	}
	return obj, nil
}

// exported turns a suite's method or attribute name into Go's exported form:
// "push" -> "Push", "max_events" -> "MaxEvents".
func exported(name string) string {
	var b strings.Builder
	upper := true
	for _, r := range name {
		if r == '_' {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func findMethod(obj reflect.Value, name string) (reflect.Value, bool) {
	for _, candidate := range []string{name, exported(name)} {
		if m := obj.MethodByName(candidate); m.IsValid() {
			return m, true
		}
	}
	return reflect.Value{}, false
}

func attributes(obj reflect.Value, names []string) object {
	target := obj
	for target.Kind() == reflect.Ptr && !target.IsNil() {
		target = target.Elem()
	}
	attrs := object{}
	for _, name := range names {
		attrs[name] = object{"$repr": "<missing>", "$type": "missing"}
		if target.Kind() != reflect.Struct {
			continue
		}
		for _, candidate := range []string{name, exported(name)} {
			if f := target.FieldByName(candidate); f.IsValid() && f.CanInterface() {
				attrs[name] = toJSON(f)
				break
			}
		}
		// Unexported fields are private state, but a zero-argument method of the same
		// name (a getter) is the idiomatic way to expose them.
		if m, ok := findMethod(obj, name); ok && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
			if _, missing := attrs[name].(object); missing {
				if results, err := invoke(m, nil); err == nil {
					attrs[name] = toJSON(results[0])
				}
			}
		}
	}
	return attrs
}

// ---------------------------------------------------------------- JSON to Go

// tree and list node types are recognised by shape, whatever their name: a struct with Val
// and Left/Right (or Next) fields pointing to the same struct type.
func isTree(t reflect.Type) bool {
	return nodeShape(t, "Left", "Right")
}

func isList(t reflect.Type) bool {
	return nodeShape(t, "Next")
}

func nodeShape(t reflect.Type, links ...string) bool {
	if t.Kind() != reflect.Ptr || t.Elem().Kind() != reflect.Struct {
		return false
	}
	if _, ok := t.Elem().FieldByName("Val"); !ok {
		return false
	}
	for _, name := range links {
		f, ok := t.Elem().FieldByName(name)
		if !ok || f.Type != t {
			return false
		}
	}
	return true
}

// holdsNodes says whether a type has a tree or list somewhere inside a slice, array, map or
// pointer, so that plain encoding/json cannot decode it.
func holdsNodes(t reflect.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	if isTree(t) || isList(t) {
		return true
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Ptr:
		return holdsNodes(t.Elem(), depth+1)
	case reflect.Map:
		return holdsNodes(t.Elem(), depth+1)
	}
	return false
}

// decode turns one JSON value into a value of type t. Beyond encoding/json: trees come as
// level-order lists with null holes, linked lists as lists, a []byte may be given as a
// string, and a rune or byte as a one-character string.
func decode(raw json.RawMessage, t reflect.Type) (reflect.Value, error) {
	trimmed := bytes.TrimSpace(raw)
	switch {
	case isTree(t):
		var vals []json.RawMessage
		if err := json.Unmarshal(raw, &vals); err != nil {
			return reflect.Value{}, fmt.Errorf("a tree is a level-order list: %v", err)
		}
		return buildTree(vals, t)
	case isList(t):
		var vals []json.RawMessage
		if err := json.Unmarshal(raw, &vals); err != nil {
			return reflect.Value{}, fmt.Errorf("a linked list is a list: %v", err)
		}
		return buildList(vals, t)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && len(trimmed) > 0 && trimmed[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return reflect.Value{}, err
		}
		return reflect.ValueOf([]byte(s)).Convert(t), nil
	case (t.Kind() == reflect.Int32 || t.Kind() == reflect.Uint8) && len(trimmed) > 0 && trimmed[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return reflect.Value{}, err
		}
		if utf8.RuneCountInString(s) != 1 {
			return reflect.Value{}, fmt.Errorf("%s for a %s is not one character", raw, t)
		}
		r, _ := utf8.DecodeRuneInString(s)
		return reflect.ValueOf(r).Convert(t), nil
	case holdsNodes(t, 0) || (t.Kind() == reflect.Slice && holdsBytes(t.Elem())):
		return decodeContainer(raw, t)
	}
	ptr := reflect.New(t)
	if err := json.Unmarshal(raw, ptr.Interface()); err != nil {
		return reflect.Value{}, fmt.Errorf("cannot read %s as %s: %v", shorten(string(raw)), t, err)
	}
	return ptr.Elem(), nil
}

func holdsBytes(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8
}

// decodeContainer decodes slices, arrays, maps and pointers element by element.
func decodeContainer(raw json.RawMessage, t reflect.Type) (reflect.Value, error) {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return reflect.Zero(t), nil
	}
	switch t.Kind() {
	case reflect.Ptr:
		v, err := decode(raw, t.Elem())
		if err != nil {
			return v, err
		}
		ptr := reflect.New(t.Elem())
		ptr.Elem().Set(v)
		return ptr, nil
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return reflect.Value{}, fmt.Errorf("cannot read %s as %s: %v", shorten(string(raw)), t, err)
		}
		var out reflect.Value
		if t.Kind() == reflect.Slice {
			out = reflect.MakeSlice(t, len(items), len(items))
		} else {
			if len(items) != t.Len() {
				return reflect.Value{}, fmt.Errorf("%s needs %d items, got %d", t, t.Len(), len(items))
			}
			out = reflect.New(t).Elem()
		}
		for i, item := range items {
			v, err := decode(item, t.Elem())
			if err != nil {
				return v, err
			}
			out.Index(i).Set(v)
		}
		return out, nil
	case reflect.Map:
		var items map[string]json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return reflect.Value{}, fmt.Errorf("cannot read %s as %s: %v", shorten(string(raw)), t, err)
		}
		out := reflect.MakeMapWithSize(t, len(items))
		for k, item := range items {
			key, err := decode(json.RawMessage(strconv.Quote(k)), t.Key())
			if err != nil {
				if key, err = decode(json.RawMessage(k), t.Key()); err != nil {
					return key, err
				}
			}
			v, err := decode(item, t.Elem())
			if err != nil {
				return v, err
			}
			out.SetMapIndex(key, v)
		}
		return out, nil
	}
	return reflect.Value{}, fmt.Errorf("cannot decode %s", t)
}

func newNode(t reflect.Type, raw json.RawMessage) (reflect.Value, error) {
	node := reflect.New(t.Elem())
	val := node.Elem().FieldByName("Val")
	v, err := decode(raw, val.Type())
	if err != nil {
		return reflect.Value{}, err
	}
	val.Set(v)
	return node, nil
}

func isNull(raw json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

func buildTree(vals []json.RawMessage, t reflect.Type) (reflect.Value, error) {
	if len(vals) == 0 || isNull(vals[0]) {
		return reflect.Zero(t), nil
	}
	root, err := newNode(t, vals[0])
	if err != nil {
		return root, err
	}
	queue := []reflect.Value{root}
	for i := 1; len(queue) > 0 && i < len(vals); {
		node := queue[0]
		queue = queue[1:]
		for _, side := range [...]string{"Left", "Right"} {
			if i >= len(vals) {
				break
			}
			if !isNull(vals[i]) {
				child, err := newNode(t, vals[i])
				if err != nil {
					return child, err
				}
				node.Elem().FieldByName(side).Set(child)
				queue = append(queue, child)
			}
			i++
		}
	}
	return root, nil
}

func buildList(vals []json.RawMessage, t reflect.Type) (reflect.Value, error) {
	head := reflect.Zero(t)
	for i := len(vals) - 1; i >= 0; i-- {
		node, err := newNode(t, vals[i])
		if err != nil {
			return node, err
		}
		node.Elem().FieldByName("Next").Set(head)
		head = node
	}
	return head, nil
}

func shorten(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// ---------------------------------------------------------------- Go to JSON

const maxNodes = 1 << 20

var marshalerType = reflect.TypeOf((*json.Marshaler)(nil)).Elem()

func opaque(text, typ string) object {
	return object{"$repr": shorten(text), "$type": typ}
}

// toJSON turns a result into plain data: trees and linked lists become lists, structs objects
// (with their json tags), map keys strings, NaN and infinities tagged floats, []byte a string
// when it is UTF-8 text. Functions, channels and cycles become opaque values.
func toJSON(v reflect.Value) interface{} {
	return convert(v, 0)
}

func convert(v reflect.Value, depth int) interface{} {
	if !v.IsValid() {
		return nil
	}
	if depth > 1000 {
		return opaque("nested too deeply", v.Type().String())
	}
	t := v.Type()
	switch {
	case isTree(t):
		return treeToList(v)
	case isList(t):
		return listToList(v)
	}
	if t.Implements(marshalerType) && !(t.Kind() == reflect.Ptr && v.IsNil()) && v.CanInterface() {
		if data, err := json.Marshal(v.Interface()); err == nil {
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			var plain interface{}
			if dec.Decode(&plain) == nil {
				return plain
			}
		}
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if err, ok := v.Interface().(error); ok {
			return opaque(err.Error(), "error")
		}
		return convert(v.Elem(), depth+1)
	case reflect.Ptr:
		if v.IsNil() {
			return nil
		}
		return convert(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			if b := v.Bytes(); utf8.Valid(b) {
				return string(b)
			}
		}
		out := make([]interface{}, v.Len())
		for i := range out {
			out[i] = convert(v.Index(i), depth+1)
		}
		return out
	case reflect.Map:
		out := make(object, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			out[mapKey(iter.Key())] = convert(iter.Value(), depth+1)
		}
		return out
	case reflect.Struct:
		out := object{}
		structFields(v, out, depth)
		return out
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		switch {
		case math.IsNaN(f):
			return object{"$float": "nan"}
		case math.IsInf(f, 1):
			return object{"$float": "inf"}
		case math.IsInf(f, -1):
			return object{"$float": "-inf"}
		}
		if v.Kind() == reflect.Float32 {
			// the shortest decimal that reads back as this float32, not its float64 widening
			n, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', -1, 32), 64)
			return n
		}
		return f
	case reflect.Bool:
		return v.Bool()
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint()
	case reflect.Complex64, reflect.Complex128:
		return opaque(fmt.Sprint(v.Complex()), t.String())
	}
	return opaque(t.String(), t.String())
}

func mapKey(k reflect.Value) string {
	switch k.Kind() {
	case reflect.String:
		return k.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(k.Uint(), 10)
	}
	if k.CanInterface() {
		return fmt.Sprint(k.Interface())
	}
	return k.String()
}

// structFields adds the exported fields of a struct under their JSON names; embedded structs
// without a tag are flattened as encoding/json does.
func structFields(v reflect.Value, out object, depth int) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		field := v.Field(i)
		if f.Anonymous && name == "" {
			inner := field
			if inner.Kind() == reflect.Ptr {
				if inner.IsNil() {
					continue
				}
				inner = inner.Elem()
			}
			if inner.Kind() == reflect.Struct {
				structFields(inner, out, depth+1)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = convert(field, depth+1)
	}
}

func treeToList(root reflect.Value) interface{} {
	out := []interface{}{}
	seen := map[uintptr]bool{}
	queue := []reflect.Value{root}
	for len(queue) > 0 {
		node := queue[0]
		queue = queue[1:]
		if node.IsNil() {
			out = append(out, nil)
			continue
		}
		if seen[node.Pointer()] || len(seen) >= maxNodes {
			return opaque(fmt.Sprintf("a tree with a cycle or over %d nodes", maxNodes), node.Type().String())
		}
		seen[node.Pointer()] = true
		out = append(out, convert(node.Elem().FieldByName("Val"), 1))
		queue = append(queue, node.Elem().FieldByName("Left"), node.Elem().FieldByName("Right"))
	}
	for len(out) > 0 && out[len(out)-1] == nil {
		out = out[:len(out)-1]
	}
	return out
}

func listToList(head reflect.Value) interface{} {
	out := []interface{}{}
	seen := map[uintptr]bool{}
	for ; !head.IsNil(); head = head.Elem().FieldByName("Next") {
		if seen[head.Pointer()] || len(seen) >= maxNodes {
			return opaque(fmt.Sprintf("a linked list with a cycle (after %d nodes) or over %d nodes",
				len(seen), maxNodes), head.Type().String())
		}
		seen[head.Pointer()] = true
		out = append(out, convert(head.Elem().FieldByName("Val"), 1))
	}
	return out
}

// ---------------------------------------------------------------- native tests

var (
	lineNoise = regexp.MustCompile(`^(=== (RUN|PAUSE|CONT|NAME)\s|PASS$|FAIL$|ok\s|exit status \d+$|testing: warning: no tests to run)`)
	topResult = regexp.MustCompile(`^--- (PASS|FAIL|SKIP): (\S+)`)
)

// RunTests runs every test of this test binary (TestXxx, ExampleXxx, FuzzXxx seeds), each in
// a child process of its own, and writes one event per test to native.jsonl.
func RunTests() {
	f, err := os.OpenFile("native.jsonl", os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		fail("%v", err)
	}
	out := emitter{f}
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	env := childEnv()
	list := exec.Command(self, "-test.list", ".")
	list.Env = env
	listing, err := list.CombinedOutput()
	if err != nil {
		out.emit(object{"event": "tests_error", "error_type": "TestListError",
			"message": fmt.Sprintf("listing the tests failed (%v): %s", err, shorten(string(listing)))})
		os.Exit(0)
	}
	var names []string
	for _, line := range strings.Split(string(listing), "\n") {
		name := strings.TrimSpace(line)
		if name != "" && !strings.HasPrefix(name, "Benchmark") && !strings.Contains(name, " ") {
			names = append(names, name)
		}
	}
	out.emit(object{"event": "listed", "names": names})
	for _, name := range names {
		out.emit(object{"event": "start", "name": name})
		start := time.Now()
		cmd := exec.Command(self, "-test.run", "^"+regexp.QuoteMeta(name)+"$", "-test.v", "-test.count=1")
		cmd.Env = env
		var buf tailBuffer
		cmd.Stdout = &buf
		cmd.Stderr = &buf
		runErr := cmd.Run()
		status, message := testStatus(name, buf.String(), runErr)
		out.emit(object{"event": "test", "name": name, "status": status, "message": message,
			"seconds": time.Since(start).Seconds()})
	}
	out.emit(object{"event": "done"})
	os.Exit(0)
}

func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AGENTBENCH_MODE=") {
			env = append(env, kv)
		}
	}
	return env
}

// tailBuffer keeps the first and the last 32 KiB of a test's output.
type tailBuffer struct {
	head, tail []byte
	dropped    int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	const half = 32 << 10
	n := len(p)
	if room := half - len(b.head); room > 0 {
		take := room
		if take > len(p) {
			take = len(p)
		}
		b.head = append(b.head, p[:take]...)
		p = p[take:]
	}
	b.tail = append(b.tail, p...)
	if extra := len(b.tail) - half; extra > 0 {
		b.dropped += extra
		b.tail = append(b.tail[:0:0], b.tail[extra:]...)
	}
	return n, nil
}

func (b *tailBuffer) String() string {
	if b.dropped > 0 {
		return string(b.head) + fmt.Sprintf("\n... (%d bytes of output cut) ...\n", b.dropped) + string(b.tail)
	}
	return string(b.head) + string(b.tail)
}

// testStatus reads a single-test run: passed, failed (the test reported a failure) or error
// (it panicked, or the binary died).
func testStatus(name, output string, runErr error) (string, string) {
	var keep []string
	verdict := ""
	crashed := false
	for _, line := range strings.Split(output, "\n") {
		trimmed := strings.TrimSpace(line)
		if m := topResult.FindStringSubmatch(trimmed); m != nil && m[2] == name {
			verdict = m[1]
			continue
		}
		if trimmed == "" || lineNoise.MatchString(trimmed) {
			continue
		}
		if strings.HasPrefix(trimmed, "panic: ") || strings.HasPrefix(trimmed, "fatal error: ") {
			crashed = true
		}
		keep = append(keep, trimmed)
	}
	message := strings.Join(condense(keep), "\n")
	switch {
	case runErr == nil && verdict == "SKIP":
		return "passed", strings.TrimSpace("skipped " + message)
	case runErr == nil && verdict == "PASS":
		return "passed", ""
	case runErr == nil:
		return "error", strings.TrimSpace("the test process exited before the test ended " +
			"(os.Exit in the code under test?)\n" + message)
	case crashed || verdict == "":
		if message == "" {
			message = runErr.Error()
		}
		return "error", message
	}
	return "failed", message
}

// condense keeps a failure's own lines and, of a panic's stack, the frames in the solution
// and the tests.
func condense(lines []string) []string {
	var out []string
	for i, line := range lines {
		if strings.HasPrefix(line, "goroutine ") && strings.HasSuffix(line, ":") {
			out = append(out, solutionFrames(lines[i:])...)
			break
		}
		out = append(out, line)
	}
	if len(out) > 30 {
		out = append(out[:30:30], fmt.Sprintf("... (%d more lines)", len(out)-30))
	}
	return out
}

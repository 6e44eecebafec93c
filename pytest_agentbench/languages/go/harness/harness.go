// Package agentbenchharness runs a Go solution's cases for pytest-agentbench.
//
// It is built once (the module agentbench/harness, kept in the go build cache) and linked
// into every solution binary; a generated main in the solution's package main hands it the
// entry point. Main reads job.json, decodes each JSON argument into the parameter's own Go
// type by reflection, calls the function (or the constructor and methods), and reports one
// event per outcome through the outcome channel (see "the outcome channel" below); in timing
// mode (MainTiming, in timing.go) it times the solution against the reference in one process.
// RunTests runs a test binary's tests one child process per test, so a panicking test costs
// only its own outcome. Standard library only; Go 1.19.
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
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Entry names what the cases call. Exactly one of Func, Constructor and New is set, unless
// Problem explains why the entry point cannot be called by data cases.
type Entry struct {
	Name        string             // the entry point's name, for messages
	Func        interface{}        // a function problem: the function
	Constructor interface{}        // a class problem: func(...) T, *T or (T, error)
	New         func() interface{} // a class problem without a constructor: a new zero value
	Problem     string             // set when data cases cannot call the entry point
	// Methods are a class problem's methods bound for timing (a Methods[*T] made by the
	// generated glue of a timing contender): typed calls, not reflection.
	Methods ClassMethods
}

type call struct {
	Method string                     `json:"method"`
	Args   []json.RawMessage          `json:"args"`
	Kwargs map[string]json.RawMessage `json:"kwargs"`
}

type jobCase struct {
	Index      int                        `json:"index"`
	Args       []json.RawMessage          `json:"args"`
	Kwargs     map[string]json.RawMessage `json:"kwargs"`
	Init       []json.RawMessage          `json:"init"`
	InitKwargs map[string]json.RawMessage `json:"init_kwargs"`
	Calls      []call                     `json:"calls"`
	Attributes []string                   `json:"attributes"`
}

type param struct {
	Name string `json:"name"`
}

type job struct {
	EntryPoint string    `json:"entry_point"`
	Kind       string    `json:"kind"`
	Cases      []jobCase `json:"cases"`
	// Params are the parameters of the function or of the constructor, and Methods the
	// parameter names of each method: keyword arguments are placed by these names.
	Params  []param             `json:"params"`
	Methods map[string][]string `json:"methods"`
}

func (j job) paramNames() []string {
	names := make([]string, len(j.Params))
	for i, p := range j.Params {
		names[i] = p.Name
	}
	return names
}

type object = map[string]interface{}

// ---------------------------------------------------------------- the outcome channel

// The plugin hands the harness two inherited descriptors, named in the environment (see the
// plugin's channel.py): AGENTBENCH_TOKEN_FD, a pipe holding a random token whose writing end is
// already closed, and AGENTBENCH_EVENTS_FD, a file outside the sandbox opened for append. Every
// event carries the token as "t"; the plugin keeps only lines that do and voids the run when a
// well-formed line lacks it. Nothing is written to the (read-only) work directory.
//
// Both are taken in this package's init. Go initialises a package only after every package it
// imports, and the solution is package main, which imports this package: so this runs before
// any package-level variable or init() of the solution (and of the native tests, also package
// main), which find the pipe read and closed and the two names gone from the environment. The
// events file is marked close-on-exec, so no process the solution starts inherits it.
//
// That is why the token is read here and not first thing in main(): a solution's init() runs
// before main() (in package main, which imports this package), so it could read the pipe
// before a main() would; it cannot run before this init (no cgo, no package of its own). What
// this cannot stop, said plainly: the solution then runs in this process, so code that digs the
// token out of memory (unsafe, //go:linkname) can still write valid events. Data cases are safe
// all the same (their expected values never enter the sandbox); native tests are the exposed
// part (and see RunTests on how a test's own process reports).
var channel struct {
	token  string
	events *os.File
	err    error // why there is no channel
}

func init() {
	channel.token, channel.events, channel.err = openChannel()
}

func openChannel() (string, *os.File, error) {
	tokenFd, withToken := os.LookupEnv("AGENTBENCH_TOKEN_FD")
	eventsFd, withEvents := os.LookupEnv("AGENTBENCH_EVENTS_FD")
	_ = os.Unsetenv("AGENTBENCH_TOKEN_FD")
	_ = os.Unsetenv("AGENTBENCH_EVENTS_FD")
	if !withToken || !withEvents {
		return "", nil, errors.New("no outcome channel: AGENTBENCH_TOKEN_FD and AGENTBENCH_EVENTS_FD are not both set")
	}
	tfd, err := strconv.Atoi(tokenFd)
	if err != nil || tfd < 0 {
		return "", nil, fmt.Errorf("AGENTBENCH_TOKEN_FD=%q is not a descriptor", tokenFd)
	}
	token, err := readToken(tfd)
	if err != nil {
		return "", nil, err
	}
	efd, err := strconv.Atoi(eventsFd)
	if err != nil || efd < 0 {
		return "", nil, fmt.Errorf("AGENTBENCH_EVENTS_FD=%q is not a descriptor", eventsFd)
	}
	syscall.CloseOnExec(efd)
	return token, os.NewFile(uintptr(efd), "agentbench-events"), nil
}

// readToken reads the token pipe to its end, then closes it.
func readToken(fd int) (string, error) {
	defer syscall.Close(fd)
	var token []byte
	chunk := make([]byte, 256)
	for {
		n, err := syscall.Read(fd, chunk)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("reading the token (fd %d): %v", fd, err)
		}
		if n <= 0 {
			break
		}
		token = append(token, chunk[:n]...)
	}
	if len(token) == 0 {
		return "", fmt.Errorf("the token pipe (fd %d) was empty: something read it first", fd)
	}
	return string(token), nil
}

// emitter writes events as JSON lines, each with the channel's token; every line is one
// write(2), so nothing waits in a buffer when the process is killed.
type emitter struct {
	f     *os.File
	token string
}

// channelEmitter is the emitter of the outcome channel; without a channel the harness cannot
// report and ends (status 3).
func channelEmitter() emitter {
	if channel.err != nil {
		fail("%v", channel.err)
	}
	return emitter{channel.events, channel.token}
}

func (e emitter) emit(event object) {
	event["t"] = e.token
	line, err := json.Marshal(event)
	if err != nil {
		line, _ = json.Marshal(object{"event": "harness_error", "error_type": "EncodeError",
			"message": fmt.Sprintf("cannot encode an outcome: %v", err), "t": e.token})
	}
	_, _ = e.f.Write(append(line, '\n'))
}

// Emit writes one event through the outcome channel, for a program of the plugin's own that
// imports this package and runs no solution code in its process (project mode's harness,
// go_project_harness.go); without a channel it ends the process (status 3).
func Emit(event map[string]interface{}) {
	channelEmitter().emit(event)
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "agentbench harness: "+format+"\n", args...)
	os.Exit(3)
}

// Main runs every case of job.json against the entry point, then exits.
func Main(entry Entry) {
	out := channelEmitter()
	debug.SetMaxStack(512 << 20)
	var j job
	readJob(&j)
	if entry.Problem != "" {
		out.emit(object{"event": "load_error", "error_type": "HarnessError", "message": entry.Problem})
		os.Exit(0)
	}
	out.emit(object{"event": "loaded"})
	for _, c := range j.Cases {
		out.emit(object{"event": "start", "index": c.Index})
		start := time.Now()
		event := runCase(entry, j, c)
		event["event"] = "case"
		event["index"] = c.Index
		event["seconds"] = time.Since(start).Seconds()
		out.emit(event)
	}
	out.emit(object{"event": "done"})
	os.Exit(0)
}

// readJob reads job.json into j, or ends the process (status 3).
func readJob(j interface{}) {
	data, err := os.ReadFile("job.json")
	if err != nil {
		fail("%v", err)
	}
	if err := json.Unmarshal(data, j); err != nil {
		fail("job.json: %v", err)
	}
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
	in, err := decodeArgs(fn.Type(), args)
	if err != nil {
		return nil, err
	}
	out, _, err := callTimed(fn, in)
	return out, err
}

// decodeArgs turns JSON arguments into values of the parameter types of a function type.
func decodeArgs(ft reflect.Type, args []json.RawMessage) ([]reflect.Value, error) {
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
	return in, nil
}

// callTimed calls fn on a goroutine of its own and says how long the call itself took.
func callTimed(fn reflect.Value, in []reflect.Value) ([]reflect.Value, time.Duration, error) {
	type result struct {
		out      []reflect.Value
		returned bool
		took     time.Duration
		err      error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		var start time.Time
		defer func() {
			r.took = time.Since(start)
			if !r.returned {
				p := recover()
				if p == nil {
					p = "runtime.Goexit was called (or panic(nil))"
				}
				r.err = &panicError{value: p, stack: string(debug.Stack())}
			}
			done <- r
		}()
		start = time.Now()
		r.out = fn.Call(in)
		r.returned = true
	}()
	r := <-done
	return r.out, r.took, r.err
}

// withKeywords places keyword arguments after the positional ones, by the parameter names of
// the signature (Go itself has no keyword arguments).
func withKeywords(args []json.RawMessage, kwargs map[string]json.RawMessage, names []string) ([]json.RawMessage, error) {
	if len(kwargs) == 0 {
		return args, nil
	}
	if len(names) == 0 {
		return nil, argErr("keyword arguments need the parameter names of the signature")
	}
	out := append([]json.RawMessage(nil), args...)
	used := 0
	for i := len(args); i < len(names) && used < len(kwargs); i++ {
		v, ok := kwargs[names[i]]
		if !ok {
			return nil, argErr("missing argument %s (keyword arguments follow the positional ones)", names[i])
		}
		out = append(out, v)
		used++
	}
	if used < len(kwargs) {
		for name := range kwargs {
			if !contains(names[len(args):], name) {
				if contains(names, name) {
					return nil, argErr("argument %s given twice", name)
				}
				return nil, argErr("no parameter named %s (parameters: %s)", name, strings.Join(names, ", "))
			}
		}
	}
	return out, nil
}

func contains(items []string, item string) bool {
	for _, x := range items {
		if x == item {
			return true
		}
	}
	return false
}

// resultError is the non-nil error a call returned as its last result, if any.
func resultError(results []reflect.Value) error {
	if n := len(results); n > 0 && results[n-1].Type() == errorType && !results[n-1].IsNil() {
		return results[n-1].Interface().(error)
	}
	return nil
}

// Args are the JSON arguments of one call.
type Args = []json.RawMessage

// Method binds one method of a class problem for timing: given a call's arguments, it decodes
// them into the method's parameter types (before the clock starts) and returns the call to make
// on the object, and whether the arguments are plain data (see Plain). The generated glue makes
// one per method with a generic helper of the method's shape, from the method expression
// ((*T).Push): the timed calls are plain Go calls, where reflect.Value.Call would cost about
// fifty times a small method's own work.
type Method[O any] func(args Args) (step func(O), plain bool, err error)

// ClassMethods are a class problem's methods bound for timing (a Methods value).
type ClassMethods interface {
	sequence(calls []call) (func() (func(obj reflect.Value) error, error), error)
}

// Methods are the bound methods of a class problem by Go name; a call names a method as the
// suite does ("push" finds "Push").
type Methods[O any] map[string]Method[O]

// sequence binds calls for one size and returns what makes each unit's call sequence: a call
// whose arguments are plain data keeps its first binding (nothing of it can change), one whose
// arguments hold references (a slice, a map) is bound afresh for every unit but the first, so
// that no unit sees what an earlier one did to them.
func (ms Methods[O]) sequence(calls []call) (func() (func(obj reflect.Value) error, error), error) {
	binds := make([]Method[O], len(calls))
	steps := make([]func(O), len(calls))
	var fresh []int
	for i, c := range calls {
		bind, err := ms.find(c.Method)
		if err != nil {
			return nil, argErr("call %d: %v", i+1, err)
		}
		step, plain, err := bind(c.Args)
		if err != nil {
			return nil, argErr("call %d (%s): %v", i+1, c.Method, err)
		}
		binds[i], steps[i] = bind, step
		if !plain {
			fresh = append(fresh, i)
		}
	}
	used := false
	return func() (func(obj reflect.Value) error, error) {
		unit := steps
		if used && len(fresh) > 0 {
			unit = append([]func(O){}, steps...)
			for _, i := range fresh {
				step, _, err := binds[i](calls[i].Args)
				if err != nil {
					return nil, argErr("call %d (%s): %v", i+1, calls[i].Method, err)
				}
				unit[i] = step
			}
		}
		used = true
		return ms.run(unit), nil
	}, nil
}

// find is the method a call names: its own name, else its exported form.
func (ms Methods[O]) find(name string) (Method[O], error) {
	if bind, ok := ms[name]; ok {
		return bind, nil
	}
	if bind, ok := ms[exported(name)]; ok {
		ms[name] = bind // the next call by this name finds it at once
		return bind, nil
	}
	return nil, fmt.Errorf("the solution has no method %s to time", exported(name))
}

// run makes the steps on the object, one after the other.
func (ms Methods[O]) run(steps []func(O)) func(obj reflect.Value) error {
	return func(obj reflect.Value) error {
		o, ok := obj.Interface().(O)
		if !ok {
			return argErr("the constructor made a %s, the methods are those of %s", obj.Type(),
				reflect.TypeOf((*O)(nil)).Elem())
		}
		for _, step := range steps {
			step(o)
		}
		return nil
	}
}

// Plain says whether the variables it is given (pointers) are all plain data (numbers,
// booleans, strings): a call bound to them can be made again and again without anything of
// its arguments changing.
func Plain(vars ...interface{}) bool {
	for _, v := range vars {
		if !plainData(reflect.TypeOf(v).Elem()) {
			return false
		}
	}
	return true
}

// Decode decodes a call's arguments into the variables it is given (pointers), each as its own
// type, as for a data case.
func Decode(args Args, into ...interface{}) error {
	if len(args) != len(into) {
		return argErr("%d argument(s) given, the method takes %d", len(args), len(into))
	}
	for i, ptr := range into {
		target := reflect.ValueOf(ptr).Elem()
		v, err := decode(args[i], target.Type())
		if err != nil {
			return argErr("argument %d: %v", i+1, err)
		}
		target.Set(v)
	}
	return nil
}

// DecodeVariadic is Decode for a variadic method: its last variable is the slice that takes the
// arguments after the fixed ones.
func DecodeVariadic(args Args, into ...interface{}) error {
	fixed := len(into) - 1
	if len(args) < fixed {
		return argErr("%d argument(s) given, the method takes at least %d", len(args), fixed)
	}
	if err := Decode(args[:fixed], into[:fixed]...); err != nil {
		return err
	}
	rest := reflect.ValueOf(into[fixed]).Elem()
	values := reflect.MakeSlice(rest.Type(), len(args)-fixed, len(args)-fixed)
	for k := fixed; k < len(args); k++ {
		v, err := decode(args[k], rest.Type().Elem())
		if err != nil {
			return argErr("argument %d: %v", k+1, err)
		}
		values.Index(k - fixed).Set(v)
	}
	rest.Set(values)
	return nil
}

// Keep is what a timed call does with a result of type R: a lazy result is forced (see force),
// anything else is left alone.
func Keep[R any]() func(R) {
	if lazy(reflect.TypeOf((*R)(nil)).Elem()) {
		return func(r R) { force(reflect.ValueOf(r)) }
	}
	return func(R) {}
}

// lazy says whether a result of type t does its work only when it is read: a channel the
// caller receives from (a producer goroutine behind it).
func lazy(t reflect.Type) bool {
	return t.Kind() == reflect.Chan && t.ChanDir()&reflect.RecvDir != 0
}

// force reads a lazy result to its end, so that the work behind it counts in the timed call: a
// channel is drained until it is closed (a channel that is never closed runs into the cut-off).
func force(v reflect.Value) {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() || !lazy(v.Type()) || v.IsNil() {
		return
	}
	switch c := v.Interface().(type) {
	case chan int:
		for range c {
		}
	case <-chan int:
		for range c {
		}
	default:
		for {
			if _, ok := v.Recv(); !ok {
				return
			}
		}
	}
}

// cpuTime is the CPU time this process has used (user and system, every thread). A timed
// call is measured by it rather than by the clock: on a machine shared with other work the
// clock also counts the time the call waited for a CPU, which varies tenfold from call to
// call, while the work done does not. Goroutines a solution starts count with all their work.
func cpuTime() time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// deepCopy copies what a decoded argument points to (pointers, slices, maps, interfaces,
// struct fields), so the solution may change its copy freely. Strings are immutable and
// shared; unexported struct fields are copied shallowly with the struct.
func deepCopy(v reflect.Value) reflect.Value {
	var links [][]int
	if t := v.Type(); isTree(t) {
		links = [][]int{fieldIndex(t, "Left"), fieldIndex(t, "Right")}
	} else if isList(t) {
		links = [][]int{fieldIndex(t, "Next")}
	}
	if links != nil {
		if v.IsNil() {
			return v
		}
		if c, ok := copyArena(v, links...); ok {
			return c
		}
		return copyNodes(v, links...)
	}
	switch v.Kind() {
	case reflect.Ptr:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		if plainData(v.Type().Elem()) {
			reflect.Copy(c, v)
			return c
		}
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Array:
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		if !plainData(v.Type().Elem()) {
			for i := 0; i < v.Len(); i++ {
				c.Index(i).Set(deepCopy(v.Index(i)))
			}
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			c.SetMapIndex(iter.Key(), deepCopy(iter.Value()))
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(deepCopy(v.Elem()))
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if f := c.Field(i); f.CanSet() && !plainData(f.Type()) {
				f.Set(deepCopy(v.Field(i)))
			}
		}
		return c
	}
	return v
}

// copyNodes copies a tree or a linked list breadth first into one new allocation, without
// recursion (a list or a degenerate tree may be very deep). Node values are deep-copied. The
// nodes of a decoded argument are never shared, so none is visited twice.
func copyNodes(root reflect.Value, links ...[]int) reflect.Value {
	if root.IsNil() {
		return root
	}
	type link struct {
		parent int   // index in order of the node holding the link, -1 for the root
		field  []int // the link field
	}
	order := []reflect.Value{root}
	from := []link{{parent: -1}}
	for i := 0; i < len(order) && len(order) <= maxNodes; i++ {
		for _, f := range links {
			child := order[i].Elem().FieldByIndex(f)
			if !child.IsNil() {
				order = append(order, child)
				from = append(from, link{parent: i, field: f})
			}
		}
	}
	// the fields besides the links that hold references (a Val of a slice type, say)
	var deep []int
	node := root.Type().Elem()
	for k := 0; k < node.NumField(); k++ {
		if f := node.Field(k); f.IsExported() && f.Type != root.Type() && !plainData(f.Type) {
			deep = append(deep, k)
		}
	}
	nodes := newArena(root.Type(), len(order))
	copies := make([]reflect.Value, len(order))
	for i, src := range order {
		dst := nodes.node()
		dst.Elem().Set(src.Elem())
		for _, f := range links {
			dst.Elem().FieldByIndex(f).Set(reflect.Zero(root.Type()))
		}
		for _, k := range deep {
			dst.Elem().Field(k).Set(deepCopy(src.Elem().Field(k)))
		}
		copies[i] = dst
		if l := from[i]; l.parent >= 0 {
			copies[l.parent].Elem().FieldByIndex(l.field).Set(dst)
		}
	}
	return copies[0]
}

// plainData says whether a type holds no references (numbers, booleans, strings), so that
// copying its bits copies it.
func plainData(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Ptr, reflect.Slice, reflect.Map, reflect.Interface, reflect.Chan, reflect.Func,
		reflect.UnsafePointer:
		return false
	case reflect.Array:
		return plainData(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if !plainData(t.Field(i).Type) {
				return false
			}
		}
	}
	return true
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

func runCase(entry Entry, j job, c jobCase) object {
	if entry.Func != nil {
		args, err := withKeywords(c.Args, c.Kwargs, j.paramNames())
		if err != nil {
			return withFields(object{"status": "exception"}, errorFields(err))
		}
		results, err := invoke(reflect.ValueOf(entry.Func), args)
		var value interface{}
		if err == nil {
			value, err = resultValue(results)
		}
		if err != nil {
			return withFields(object{"status": "exception"}, errorFields(err))
		}
		return object{"status": "value", "value": value}
	}
	init, err := withKeywords(c.Init, c.InitKwargs, j.paramNames())
	if err != nil {
		return withFields(object{"status": "exception"}, errorFields(err))
	}
	obj, err := construct(entry, init)
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
		args, err := withKeywords(cl.Args, cl.Kwargs, methodParams(j.Methods, cl.Method))
		var results []reflect.Value
		if err == nil {
			results, err = invoke(method, args)
		}
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
	if entry.Constructor == nil {
		if len(init) > 0 {
			return reflect.Value{}, argErr("%s has no constructor in the signature, so it takes no arguments", entry.Name)
		}
		return madeObject(entry, reflect.ValueOf(entry.New()))
	}
	results, err := invoke(reflect.ValueOf(entry.Constructor), init)
	if err != nil {
		return reflect.Value{}, err
	}
	return constructed(entry, results)
}

// newObject is construct for timing: the constructor (if any) called on arguments decoded
// beforehand, in the calling goroutine.
func newObject(entry Entry, ctor reflect.Value, in []reflect.Value) (reflect.Value, error) {
	if !ctor.IsValid() {
		return madeObject(entry, reflect.ValueOf(entry.New()))
	}
	return constructed(entry, ctor.Call(in))
}

// constructed reads a constructor's results: the object, or the error it returned.
func constructed(entry Entry, results []reflect.Value) (reflect.Value, error) {
	if n := len(results); n > 0 && results[n-1].Type() == errorType {
		if !results[n-1].IsNil() {
			return reflect.Value{}, results[n-1].Interface().(error)
		}
		results = results[:n-1]
	}
	if len(results) == 0 {
		return reflect.Value{}, argErr("the constructor of %s returned no value", entry.Name)
	}
	return madeObject(entry, results[0])
}

// madeObject puts a made value behind a pointer (an interface's dynamic value), refusing nil.
func madeObject(entry Entry, obj reflect.Value) (reflect.Value, error) {
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

// methodParams are the parameter names of a method in the signature ("push" finds "Push").
func methodParams(methods map[string][]string, name string) []string {
	if names, ok := methods[name]; ok {
		return names
	}
	return methods[exported(name)]
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
// string, a rune or byte as a one-character string, and an interface that *bytes.Buffer
// satisfies (io.Writer, io.Reader, io.ReadWriter, ...) as a string: a new buffer holding it.
func decode(raw json.RawMessage, t reflect.Type) (reflect.Value, error) {
	trimmed := bytes.TrimSpace(raw)
	switch {
	case t.Kind() == reflect.Interface && t.NumMethod() > 0 && bufferType.Implements(t) &&
		len(trimmed) > 0 && trimmed[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return reflect.Value{}, err
		}
		v := reflect.New(t).Elem()
		v.Set(reflect.ValueOf(bytes.NewBufferString(s)))
		return v, nil
	case isTree(t):
		vals, err := splitArray(trimmed)
		if err != nil {
			return reflect.Value{}, fmt.Errorf("a tree is a level-order list: %v", err)
		}
		return buildTree(vals, t)
	case isList(t):
		vals, err := splitArray(trimmed)
		if err != nil {
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
	if v, ok := decodeScalar(trimmed, t); ok {
		return v, nil
	}
	ptr := reflect.New(t)
	if err := json.Unmarshal(raw, ptr.Interface()); err != nil {
		return reflect.Value{}, fmt.Errorf("cannot read %s as %s: %v", shorten(string(raw)), t, err)
	}
	return ptr.Elem(), nil
}

var unmarshalerType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

var bufferType = reflect.TypeOf((*bytes.Buffer)(nil))

// decodeScalar reads plain integers, booleans and strings without escapes directly, as
// encoding/json would but about ten times faster (the node values of a large tree); anything
// else, or a type with its own UnmarshalJSON, is left to encoding/json.
func decodeScalar(raw []byte, t reflect.Type) (reflect.Value, bool) {
	if len(raw) == 0 || reflect.PtrTo(t).Implements(unmarshalerType) {
		return reflect.Value{}, false
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(string(raw), 10, t.Bits())
		if err != nil {
			return v, false
		}
		v.SetInt(n)
	case reflect.Bool:
		if s := string(raw); s == "true" || s == "false" {
			v.SetBool(s == "true")
		} else {
			return v, false
		}
	case reflect.String:
		if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
			return v, false
		}
		body := raw[1 : len(raw)-1]
		for _, b := range body {
			if b == '\\' || b == '"' || b < 0x20 || b >= 0x80 {
				return v, false
			}
		}
		v.SetString(string(body))
	default:
		return v, false
	}
	return v, true
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

// fieldIndex is the index of a node type's field, looked up once per build rather than per
// node (a tree of a timing input has hundreds of thousands of nodes).
func fieldIndex(t reflect.Type, name string) []int {
	f, _ := t.Elem().FieldByName(name)
	return f.Index
}

// splitArray gives the items of a JSON array (or null, no items) as sub-slices of raw, without
// copying them: a timing input's tree has hundreds of thousands of items.
func splitArray(raw []byte) ([]json.RawMessage, error) {
	if !json.Valid(raw) {
		var probe []json.RawMessage
		return nil, json.Unmarshal(raw, &probe)
	}
	if string(raw) == "null" {
		return nil, nil
	}
	if len(raw) < 2 || raw[0] != '[' {
		return nil, fmt.Errorf("%s is not a list", shorten(string(raw)))
	}
	var items []json.RawMessage
	depth, start, inString := 0, 1, false
	for i := 1; i < len(raw)-1; i++ {
		c := raw[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			items = append(items, bytes.TrimSpace(raw[start:i]))
			start = i + 1
		}
	}
	if last := bytes.TrimSpace(raw[start : len(raw)-1]); len(last) > 0 || len(items) > 0 {
		items = append(items, last)
	}
	return items, nil
}

// arena hands out the nodes of one tree or list from a single allocation.
type arena struct {
	nodes reflect.Value // a []Node
	next  int
}

func newArena(t reflect.Type, n int) *arena {
	a := &arena{nodes: reflect.MakeSlice(reflect.SliceOf(t.Elem()), n, n)}
	if n > 0 {
		arenas[a.nodes.UnsafePointer()] = a.nodes
	}
	return a
}

// arenas are the node arrays of the trees and lists decoded so far, by their first node: a
// timing run copies a decoded argument once per call, and copying the array and moving its
// links is some fifty times faster than copying node by node.
var arenas = map[unsafe.Pointer]reflect.Value{}

// copyArena copies a tree or list whose nodes are exactly one arena (as decode builds them,
// root first), or says it cannot.
func copyArena(root reflect.Value, links ...[]int) (reflect.Value, bool) {
	nodes, ok := arenas[root.UnsafePointer()]
	node := root.Type().Elem()
	if !ok || !plainData(node.Field(fieldIndex(root.Type(), "Val")[0]).Type) {
		return reflect.Value{}, false
	}
	var offsets []uintptr
	for _, f := range links {
		if len(f) != 1 {
			return reflect.Value{}, false
		}
		offsets = append(offsets, node.Field(f[0]).Offset)
	}
	for k := 0; k < node.NumField(); k++ {
		if f := node.Field(k); f.Type != root.Type() && !plainData(f.Type) {
			return reflect.Value{}, false
		}
	}
	n := nodes.Len()
	c := reflect.MakeSlice(nodes.Type(), n, n)
	reflect.Copy(c, nodes)
	oldBase, newBase := uintptr(nodes.UnsafePointer()), c.UnsafePointer()
	end, size := oldBase+uintptr(n)*node.Size(), node.Size()
	for i := 0; i < n; i++ {
		at := unsafe.Add(newBase, uintptr(i)*size)
		for _, off := range offsets {
			link := (*unsafe.Pointer)(unsafe.Add(at, off))
			if *link == nil {
				continue
			}
			old := uintptr(*link)
			if old < oldBase || old >= end {
				return reflect.Value{}, false // a node outside the arena: copy node by node
			}
			*link = unsafe.Add(newBase, old-oldBase)
		}
	}
	return c.Index(0).Addr(), true
}

func (a *arena) node() reflect.Value {
	a.next++
	return a.nodes.Index(a.next - 1).Addr()
}

func countValues(vals []json.RawMessage) int {
	n := 0
	for _, v := range vals {
		if !isNull(v) {
			n++
		}
	}
	return n
}

func newNodeAt(a *arena, valIndex []int, raw json.RawMessage) (reflect.Value, error) {
	node := a.node()
	val := node.Elem().FieldByIndex(valIndex)
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

// buildIntNodes builds a tree (links Left and Right, level order with null holes) or a list
// (link Next) whose Val is an int straight into one arena, writing the fields in place: a
// timing input's tree of 400,000 nodes takes milliseconds rather than a second through
// reflection. It declines (false) for any other node shape or value, and the general path
// then builds the nodes, or reports the error.
func buildIntNodes(vals []json.RawMessage, t reflect.Type, links ...string) (reflect.Value, bool) {
	node := t.Elem()
	val, ok := node.FieldByName("Val")
	if !ok || len(val.Index) != 1 || val.Type.Kind() != reflect.Int {
		return reflect.Value{}, false
	}
	offsets := make([]uintptr, len(links))
	for i, name := range links {
		f, ok := node.FieldByName(name)
		if !ok || len(f.Index) != 1 {
			return reflect.Value{}, false
		}
		offsets[i] = f.Offset
	}
	ints := make([]int, len(vals))
	present := make([]bool, len(vals))
	count := 0
	for i, raw := range vals {
		if isNull(raw) {
			if len(links) == 1 { // a list has no holes
				return reflect.Value{}, false
			}
			continue
		}
		n, ok := plainInt(raw)
		if !ok {
			return reflect.Value{}, false
		}
		ints[i], present[i] = n, true
		count++
	}
	nodes := newArena(t, count)
	base, size := nodes.nodes.UnsafePointer(), node.Size()
	slot := func(k int) unsafe.Pointer { return unsafe.Add(base, uintptr(k)*size) }
	setVal := func(k, v int) { *(*int)(unsafe.Add(slot(k), val.Offset)) = v }
	setVal(0, ints[0])
	used := 1
	if len(links) == 1 { // a list: node k links to node k+1
		for k := 1; k < len(vals); k++ {
			setVal(k, ints[k])
			*(*unsafe.Pointer)(unsafe.Add(slot(k-1), offsets[0])) = slot(k)
		}
		return nodes.nodes.Index(0).Addr(), true
	}
	queue := []int{0} // arena slots of the nodes whose children come next
	for i := 1; len(queue) > 0 && i < len(vals); {
		parent := queue[0]
		queue = queue[1:]
		for _, off := range offsets {
			if i >= len(vals) {
				break
			}
			if present[i] {
				child := used
				used++
				setVal(child, ints[i])
				*(*unsafe.Pointer)(unsafe.Add(slot(parent), off)) = slot(child)
				queue = append(queue, child)
			}
			i++
		}
	}
	return nodes.nodes.Index(0).Addr(), true
}

// plainInt reads a JSON integer of at most 18 digits without allocating.
func plainInt(raw []byte) (int, bool) {
	neg := len(raw) > 0 && raw[0] == '-'
	digits := raw
	if neg {
		digits = raw[1:]
	}
	if len(digits) == 0 || len(digits) > 18 || (digits[0] == '0' && len(digits) > 1) {
		return 0, false
	}
	n := 0
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func buildTree(vals []json.RawMessage, t reflect.Type) (reflect.Value, error) {
	if len(vals) == 0 || isNull(vals[0]) {
		return reflect.Zero(t), nil
	}
	if root, ok := buildIntNodes(vals, t, "Left", "Right"); ok {
		return root, nil
	}
	valIndex := fieldIndex(t, "Val")
	sides := [...][]int{fieldIndex(t, "Left"), fieldIndex(t, "Right")}
	nodes := newArena(t, countValues(vals))
	root, err := newNodeAt(nodes, valIndex, vals[0])
	if err != nil {
		return root, err
	}
	queue := []reflect.Value{root}
	for i := 1; len(queue) > 0 && i < len(vals); {
		node := queue[0]
		queue = queue[1:]
		for _, side := range sides {
			if i >= len(vals) {
				break
			}
			if !isNull(vals[i]) {
				child, err := newNodeAt(nodes, valIndex, vals[i])
				if err != nil {
					return child, err
				}
				node.Elem().FieldByIndex(side).Set(child)
				queue = append(queue, child)
			}
			i++
		}
	}
	return root, nil
}

func buildList(vals []json.RawMessage, t reflect.Type) (reflect.Value, error) {
	if len(vals) > 0 {
		if head, ok := buildIntNodes(vals, t, "Next"); ok {
			return head, nil
		}
	}
	head := reflect.Zero(t)
	valIndex, next := fieldIndex(t, "Val"), fieldIndex(t, "Next")
	nodes := newArena(t, len(vals))
	for i := len(vals) - 1; i >= 0; i-- {
		node, err := newNodeAt(nodes, valIndex, vals[i])
		if err != nil {
			return node, err
		}
		node.Elem().FieldByIndex(next).Set(head)
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
// a child process of its own, and reports one event per test through the outcome channel.
// A child tells this process how its test went by its output (the "--- PASS/FAIL/SKIP: name"
// line of -test.v) and its exit status: the code under test runs in the child and could print
// such a line itself, which the channel's token cannot prevent (the limit above).
func RunTests() {
	out := channelEmitter()
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

// testStatus reads a single-test run: passed, failed (the test reported a failure), error (it
// panicked, or the binary died) or skipped. Skipped is never passed: a test that skipped itself
// (t.Skip, t.Skipf, t.SkipNow; f.Skip), and a test whose every subtest (or fuzz seed) skipped
// itself, which Go reports as PASS although it checked nothing.
func testStatus(name, output string, runErr error) (string, string) {
	var keep []string
	verdict := ""
	crashed := false
	subtests, skippedSubtests := 0, 0
	for _, line := range strings.Split(output, "\n") {
		trimmed := strings.TrimSpace(line)
		if m := topResult.FindStringSubmatch(trimmed); m != nil && m[2] == name {
			verdict = m[1]
			continue
		} else if m != nil && strings.HasPrefix(m[2], name+"/") { // kept in the message
			subtests++
			if m[1] == "SKIP" {
				skippedSubtests++
			}
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
		return "skipped", message
	case runErr == nil && verdict == "PASS" && subtests > 0 && skippedSubtests == subtests:
		return "skipped", strings.TrimSpace(fmt.Sprintf("every subtest (%d) was skipped\n%s",
			subtests, message))
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

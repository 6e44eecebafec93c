// Harness for Go solutions (pytest-agentbench). Copied next to the solution in package main;
// agentbench_entry.go names the entry point. It reads job.json, calls the entry point (or the
// constructor and methods) by reflection with JSON arguments decoded into the parameter types,
// and writes one JSON line per outcome to the outcomes file. Standard library only; Go 1.19.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"runtime/debug"
	"strings"
	"time"
)

type agentbenchCall struct {
	Method string            `json:"method"`
	Args   []json.RawMessage `json:"args"`
}

type agentbenchCase struct {
	Index      int               `json:"index"`
	Args       []json.RawMessage `json:"args"`
	Init       []json.RawMessage `json:"init"`
	Calls      []agentbenchCall  `json:"calls"`
	Attributes []string          `json:"attributes"`
	HasCalls   bool              `json:"-"`
}

type agentbenchJob struct {
	EntryPoint string           `json:"entry_point"`
	Kind       string           `json:"kind"`
	Outcomes   string           `json:"outcomes"`
	Cases      []agentbenchCase `json:"cases"`
}

var agentbenchOut *os.File

func agentbenchEmit(event map[string]interface{}) {
	line, err := json.Marshal(event)
	if err != nil {
		line, _ = json.Marshal(map[string]interface{}{"event": "harness_error", "message": err.Error()})
	}
	agentbenchOut.Write(append(line, '\n'))
}

var agentbenchErrorType = reflect.TypeOf((*error)(nil)).Elem()

// agentbenchDecode turns one JSON argument into a value of type t; trees and linked lists
// come as level-order / plain lists.
func agentbenchDecode(raw json.RawMessage, t reflect.Type) (reflect.Value, error) {
	if t.Kind() == reflect.Ptr && t.Elem().Name() == "TreeNode" {
		var vals []*json.RawMessage
		if err := json.Unmarshal(raw, &vals); err != nil {
			return reflect.Value{}, err
		}
		return agentbenchBuildTree(vals, t)
	}
	if t.Kind() == reflect.Ptr && t.Elem().Name() == "ListNode" {
		var vals []json.RawMessage
		if err := json.Unmarshal(raw, &vals); err != nil {
			return reflect.Value{}, err
		}
		return agentbenchBuildList(vals, t)
	}
	ptr := reflect.New(t)
	if err := json.Unmarshal(raw, ptr.Interface()); err != nil {
		return reflect.Value{}, fmt.Errorf("cannot read argument %s as %s: %v", string(raw), t, err)
	}
	return ptr.Elem(), nil
}

func agentbenchNewNode(t reflect.Type, raw json.RawMessage) (reflect.Value, error) {
	node := reflect.New(t.Elem())
	field := node.Elem().FieldByName("Val")
	if !field.IsValid() {
		return reflect.Value{}, errors.New("node type has no Val field")
	}
	ptr := reflect.New(field.Type())
	if err := json.Unmarshal(raw, ptr.Interface()); err != nil {
		return reflect.Value{}, err
	}
	field.Set(ptr.Elem())
	return node, nil
}

func agentbenchBuildTree(vals []*json.RawMessage, t reflect.Type) (reflect.Value, error) {
	if len(vals) == 0 || vals[0] == nil {
		return reflect.Zero(t), nil
	}
	root, err := agentbenchNewNode(t, *vals[0])
	if err != nil {
		return reflect.Value{}, err
	}
	queue := []reflect.Value{root}
	i := 1
	for len(queue) > 0 && i < len(vals) {
		node := queue[0]
		queue = queue[1:]
		for _, side := range []string{"Left", "Right"} {
			if i >= len(vals) {
				break
			}
			if vals[i] != nil {
				child, err := agentbenchNewNode(t, *vals[i])
				if err != nil {
					return reflect.Value{}, err
				}
				node.Elem().FieldByName(side).Set(child)
				queue = append(queue, child)
			}
			i++
		}
	}
	return root, nil
}

func agentbenchBuildList(vals []json.RawMessage, t reflect.Type) (reflect.Value, error) {
	head := reflect.Zero(t)
	for i := len(vals) - 1; i >= 0; i-- {
		node, err := agentbenchNewNode(t, vals[i])
		if err != nil {
			return reflect.Value{}, err
		}
		node.Elem().FieldByName("Next").Set(head)
		head = node
	}
	return head, nil
}

// agentbenchJSONable turns a result into plain data: trees and lists become lists, maps with
// non-string keys get string keys, NaN and infinities become tagged floats.
func agentbenchJSONable(v reflect.Value, depth int) interface{} {
	if depth > 10000 || !v.IsValid() {
		return nil
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if err, ok := v.Interface().(error); ok {
			return map[string]interface{}{"$repr": err.Error(), "$type": "error"}
		}
		return agentbenchJSONable(v.Elem(), depth+1)
	case reflect.Ptr:
		if v.IsNil() {
			if v.Type().Elem().Name() == "TreeNode" || v.Type().Elem().Name() == "ListNode" {
				return []interface{}{}
			}
			return nil
		}
		switch v.Type().Elem().Name() {
		case "TreeNode":
			return agentbenchTreeToList(v)
		case "ListNode":
			return agentbenchListToList(v)
		}
		return agentbenchJSONable(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return []interface{}{}
		}
		out := make([]interface{}, v.Len())
		for i := range out {
			out[i] = agentbenchJSONable(v.Index(i), depth+1)
		}
		return out
	case reflect.Map:
		out := map[string]interface{}{}
		iter := v.MapRange()
		for iter.Next() {
			out[fmt.Sprint(iter.Key().Interface())] = agentbenchJSONable(iter.Value(), depth+1)
		}
		return out
	case reflect.Struct:
		out := map[string]interface{}{}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.PkgPath == "" {
				out[f.Name] = agentbenchJSONable(v.Field(i), depth+1)
			}
		}
		return out
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return map[string]interface{}{"$float": fmt.Sprint(f)}
		}
		return f
	case reflect.Int32:
		if v.Type().Name() == "rune" || v.Type() == reflect.TypeOf('a') {
			return v.Int()
		}
		return v.Int()
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return map[string]interface{}{"$repr": v.Type().String(), "$type": v.Type().String()}
	}
	return v.Interface()
}

func agentbenchTreeToList(root reflect.Value) []interface{} {
	out := []interface{}{}
	queue := []reflect.Value{root}
	for len(queue) > 0 {
		node := queue[0]
		queue = queue[1:]
		if node.IsNil() {
			out = append(out, nil)
			continue
		}
		out = append(out, agentbenchJSONable(node.Elem().FieldByName("Val"), 1))
		queue = append(queue, node.Elem().FieldByName("Left"), node.Elem().FieldByName("Right"))
	}
	for len(out) > 0 && out[len(out)-1] == nil {
		out = out[:len(out)-1]
	}
	return out
}

func agentbenchListToList(head reflect.Value) []interface{} {
	out := []interface{}{}
	for n := 0; !head.IsNil() && n < 1000000; n++ {
		out = append(out, agentbenchJSONable(head.Elem().FieldByName("Val"), 1))
		head = head.Elem().FieldByName("Next")
	}
	return out
}

// agentbenchInvoke calls fn with JSON arguments; a panic is caught and reported.
func agentbenchInvoke(fn reflect.Value, args []json.RawMessage) (results []reflect.Value, err error) {
	ft := fn.Type()
	if !ft.IsVariadic() && len(args) != ft.NumIn() {
		return nil, fmt.Errorf("ArgumentError: %d argument(s) given, %s takes %d", len(args), ft, ft.NumIn())
	}
	in := make([]reflect.Value, len(args))
	for i, raw := range args {
		pt := ft.In(i)
		if ft.IsVariadic() && i >= ft.NumIn()-1 {
			pt = ft.In(ft.NumIn() - 1).Elem()
		}
		v, derr := agentbenchDecode(raw, pt)
		if derr != nil {
			return nil, fmt.Errorf("ArgumentError: %v", derr)
		}
		in[i] = v
	}
	defer func() {
		if r := recover(); r != nil {
			err = &agentbenchPanic{value: r, stack: string(debug.Stack())}
		}
	}()
	return fn.Call(in), nil
}

type agentbenchPanic struct {
	value interface{}
	stack string
}

func (p *agentbenchPanic) Error() string { return fmt.Sprint(p.value) }

// agentbenchResult reads Go's conventions: (T), (T, error), (error), (), or several values.
func agentbenchResult(results []reflect.Value) (interface{}, error) {
	if n := len(results); n > 0 && results[n-1].Type() == agentbenchErrorType {
		if !results[n-1].IsNil() {
			return nil, results[n-1].Interface().(error)
		}
		results = results[:n-1]
	}
	switch len(results) {
	case 0:
		return nil, nil
	case 1:
		return agentbenchJSONable(results[0], 0), nil
	}
	out := make([]interface{}, len(results))
	for i, r := range results {
		out[i] = agentbenchJSONable(r, 0)
	}
	return out, nil
}

func agentbenchErrorFields(err error) map[string]interface{} {
	var p *agentbenchPanic
	if errors.As(err, &p) {
		return map[string]interface{}{"error_type": "panic", "message": p.Error(), "traceback": agentbenchStackTail(p.stack)}
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "ArgumentError: ") {
		return map[string]interface{}{"error_type": "ArgumentError", "message": strings.TrimPrefix(msg, "ArgumentError: ")}
	}
	return map[string]interface{}{"error_type": "error", "message": msg}
}

func agentbenchStackTail(stack string) string {
	var keep []string
	for _, line := range strings.Split(stack, "\n") {
		if strings.Contains(line, "solution.go") {
			keep = append(keep, strings.TrimSpace(line))
		}
	}
	if len(keep) > 5 {
		keep = keep[:5]
	}
	return strings.Join(keep, "\n")
}

func agentbenchRunCase(job *agentbenchJob, c agentbenchCase) map[string]interface{} {
	start := time.Now()
	out := map[string]interface{}{"event": "case", "index": c.Index}
	if job.Kind != "class" {
		results, err := agentbenchInvoke(reflect.ValueOf(agentbenchEntry), c.Args)
		if err == nil {
			var value interface{}
			value, err = agentbenchResult(results)
			if err == nil {
				out["status"] = "value"
				out["value"] = value
			}
		}
		if err != nil {
			out["status"] = "exception"
			for k, v := range agentbenchErrorFields(err) {
				out[k] = v
			}
		}
		out["seconds"] = time.Since(start).Seconds()
		return out
	}
	results, err := agentbenchInvoke(reflect.ValueOf(agentbenchConstructor), c.Init)
	var obj reflect.Value
	if err == nil {
		if len(results) == 2 && results[1].Type() == agentbenchErrorType && !results[1].IsNil() {
			err = results[1].Interface().(error)
		} else if len(results) == 0 {
			err = errors.New("the constructor returned nothing")
		} else {
			obj = results[0]
		}
	}
	if err != nil {
		out["status"] = "exception"
		for k, v := range agentbenchErrorFields(err) {
			out[k] = v
		}
		out["seconds"] = time.Since(start).Seconds()
		return out
	}
	if c.Attributes != nil {
		attrs := map[string]interface{}{}
		target := obj
		for target.Kind() == reflect.Ptr && !target.IsNil() {
			target = target.Elem()
		}
		for _, name := range c.Attributes {
			f := reflect.Value{}
			if target.Kind() == reflect.Struct {
				f = target.FieldByName(name)
			}
			if f.IsValid() && f.CanInterface() {
				attrs[name] = agentbenchJSONable(f, 0)
			} else {
				attrs[name] = map[string]interface{}{"$repr": "<missing>", "$type": "missing"}
			}
		}
		out["status"] = "value"
		out["value"] = attrs
		out["seconds"] = time.Since(start).Seconds()
		return out
	}
	// Methods with pointer receivers are only in the method set of a pointer.
	if obj.Kind() != reflect.Ptr && obj.CanAddr() == false {
		ptr := reflect.New(obj.Type())
		ptr.Elem().Set(obj)
		obj = ptr
	}
	calls := []map[string]interface{}{}
	for _, call := range c.Calls {
		method := obj.MethodByName(call.Method)
		if !method.IsValid() {
			calls = append(calls, map[string]interface{}{"error_type": "NoMethod", "message": fmt.Sprintf("%s has no method %s", obj.Type(), call.Method)})
			continue
		}
		results, err := agentbenchInvoke(method, call.Args)
		var value interface{}
		if err == nil {
			value, err = agentbenchResult(results)
		}
		if err != nil {
			calls = append(calls, agentbenchErrorFields(err))
		} else {
			calls = append(calls, map[string]interface{}{"value": value})
		}
	}
	out["status"] = "calls"
	out["calls"] = calls
	out["seconds"] = time.Since(start).Seconds()
	return out
}

func main() {
	debug.SetMaxStack(512 * 1024 * 1024)
	data, err := os.ReadFile("job.json")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	var job agentbenchJob
	if err := json.Unmarshal(data, &job); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	agentbenchOut, err = os.OpenFile(job.Outcomes, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	agentbenchEmit(map[string]interface{}{"event": "loaded"})
	for _, c := range job.Cases {
		agentbenchEmit(map[string]interface{}{"event": "start", "index": c.Index})
		agentbenchEmit(agentbenchRunCase(&job, c))
	}
	agentbenchEmit(map[string]interface{}{"event": "done"})
	os.Exit(0)
}

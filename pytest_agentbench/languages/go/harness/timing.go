package agentbenchharness

// The timing job (docs/runners.md, "Timing"): the solution and the reference, each a package
// of its own linked into one binary by a generated main, timed in turn on each size's input in
// this one process, so that each size is decoded once and every solution unit is paired with
// the reference unit next to it.

import (
	"encoding/json"
	"math"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"time"
	"unsafe"
)

// timingJob is the "timing" part of a timing job.
type timingJob struct {
	Repeat      int          `json:"repeat"`
	CallBudget  *float64     `json:"call_budget"`
	MinCalls    int          `json:"min_calls"`
	CutoffRatio float64      `json:"cutoff_ratio"`
	Sizes       []timingSize `json:"sizes"`
}

// timingSize is one input of a timing job: a function problem's Args, or a class problem's
// Init and Calls (one construction and its call sequence).
type timingSize struct {
	Label string            `json:"label"`
	N     *int64            `json:"n"`
	Args  []json.RawMessage `json:"args"`
	Init  []json.RawMessage `json:"init"`
	Calls []call            `json:"calls"`
}

// unitMaker makes one timed unit of a contender at a size, its arguments fresh (copied or
// decoded before the clock starts): the unit is what the clock measures.
type unitMaker func() (func() error, error)

// order is the order contenders are loaded and their errors checked in.
var order = []string{"solution", "reference"}

// MainTiming runs job.json's timing job, then exits. entries are the contenders' entry points
// by who ("solution", "reference"), each made in a package of its own (the generated glue
// beside its code), so that the two never share a name or a package variable.
//
// Per size, after one untimed warm-up unit of each (page faults, caches), each of the rounds
// times one unit of the reference and one of the solution, the reference first in even rounds:
// the process's CPU time during the unit, the collector off (see measure). A solution unit
// running past the cut-off is ended by a watchdog (timing_cut).
func MainTiming(entries map[string]Entry) {
	out := channelEmitter()
	debug.SetMaxStack(512 << 20)
	var j struct {
		Timing timingJob `json:"timing"`
	}
	readJob(&j)
	for _, who := range order {
		if problem := entries[who].Problem; problem != "" {
			out.emit(object{"event": "load_error", "who": who, "error_type": "HarnessError",
				"message": problem})
			os.Exit(0)
		}
	}
	out.emit(object{"event": "loaded"})
	var previous []float64
	var previousN *int64
	for _, size := range j.Timing.Sizes {
		run := sizeRun{out: out, size: size, cutoff: j.Timing.CutoffRatio,
			times: map[string][]float64{"solution": {}, "reference": {}}}
		if !run.time(entries, j.Timing.rounds(previousN, previous, size.N)) {
			os.Exit(0)
		}
		out.emit(object{"event": "timing", "label": size.Label, "n": size.N,
			"solution": run.times["solution"], "reference": run.times["reference"]})
		previous = append(append([]float64{}, run.times["solution"]...), run.times["reference"]...)
		previousN = size.N
	}
	out.emit(object{"event": "done"})
	os.Exit(0)
}

// rounds at a size: Repeat at the first, later as many as fit in CallBudget seconds by the
// previous size's median unit scaled linearly to n, at least MinCalls and at most Repeat (the
// plugin's rule, harness_runner.calls_per_process, as Python's harness applies it).
func (t timingJob) rounds(previousN *int64, previous []float64, n *int64) int {
	repeat := t.Repeat
	if repeat < 1 {
		repeat = 1
	}
	if t.CallBudget == nil || previousN == nil || *previousN == 0 || n == nil || *n == 0 ||
		len(previous) == 0 {
		return repeat
	}
	units := append([]float64{}, previous...)
	sort.Float64s(units)
	expected := units[len(units)/2] * math.Max(1, float64(*n)/float64(*previousN))
	if expected <= 0 {
		return repeat
	}
	fit := int(math.Ceil(*t.CallBudget / expected))
	if fit < t.MinCalls {
		fit = t.MinCalls
	}
	if fit > repeat {
		return repeat
	}
	return fit
}

// sizeRun is the timing of one size: the CPU seconds of each contender's units, and the wall
// seconds of the reference's (the cut-off is a multiple of its shortest).
type sizeRun struct {
	out    emitter
	size   timingSize
	cutoff float64
	makers map[string]unitMaker
	times  map[string][]float64
	walls  []float64
}

// time makes a warm-up unit of each contender, then the rounds; false when it reported an
// error (or a contender that could not be set up) and the timing ends.
func (r *sizeRun) time(entries map[string]Entry, rounds int) bool {
	// the previous size's nodes are no longer copied: keep them out of the arena index
	arenas = map[unsafe.Pointer]reflect.Value{}
	decoded := map[reflect.Type][]reflect.Value{}
	r.makers = map[string]unitMaker{}
	for _, who := range order {
		maker, err := unitsOf(entries[who], r.size, decoded)
		if err != nil {
			r.failed(who, err)
			return false
		}
		r.makers[who] = maker
	}
	for _, who := range []string{"reference", "solution"} { // warm-ups, not kept
		if !r.measure(who, false) {
			return false
		}
	}
	for round := 0; round < rounds; round++ {
		turn := []string{"reference", "solution"}
		if round%2 == 1 {
			turn = order
		}
		for _, who := range turn {
			if !r.measure(who, true) {
				return false
			}
		}
	}
	return true
}

// unitsOf prepares a contender's units at a size. A function's arguments are decoded once per
// parameter types (shared by contenders whose function types are identical) and deep-copied
// for each unit; a class problem's are decoded afresh for each unit.
func unitsOf(entry Entry, size timingSize, decoded map[reflect.Type][]reflect.Value) (unitMaker, error) {
	if size.Calls != nil || entry.Func == nil {
		return classTiming(entry, size.Init, size.Calls)
	}
	fn := reflect.ValueOf(entry.Func)
	args, ok := decoded[fn.Type()]
	if !ok {
		var err error
		if args, err = decodeArgs(fn.Type(), size.Args); err != nil {
			return nil, err
		}
		decoded[fn.Type()] = args
	}
	return functionTiming(fn, args), nil
}

// measure times one unit of who, keeping its CPU seconds when keep (a warm-up's are not) and,
// for the reference, its wall seconds. Each unit starts after a garbage collection and runs
// with the collector off (as Python's harness does), unless the heap nears GOMEMLIMIT: a
// collection in the middle of one unit and not another is noise.
func (r *sizeRun) measure(who string, keep bool) bool {
	unit, err := r.makers[who]()
	if err != nil {
		r.failed(who, err)
		return false
	}
	stop := r.watch(who)
	runtime.GC()
	previous := debug.SetGCPercent(-1)
	before := cpuTime()
	results, took, err := callTimed(reflect.ValueOf(unit), nil)
	used := cpuTime() - before
	debug.SetGCPercent(previous)
	stop()
	if err == nil {
		err = resultError(results)
	}
	if err != nil {
		r.failed(who, err)
		return false
	}
	if who == "reference" {
		r.walls = append(r.walls, took.Seconds())
	}
	if keep {
		r.times[who] = append(r.times[who], used.Seconds())
	}
	return true
}

// watch starts the cut-off's watchdog for a solution unit: past max(1 s, cutoff times the
// reference's shortest wall time at this size) it reports timing_cut and ends the process
// (a running goroutine cannot be stopped, the process can). The function returned stops it.
func (r *sizeRun) watch(who string) func() {
	if who != "solution" || len(r.walls) == 0 {
		return func() {}
	}
	shortest := r.walls[0]
	for _, w := range r.walls {
		shortest = math.Min(shortest, w)
	}
	limit := math.Max(1, r.cutoff*shortest)
	watchdog := time.AfterFunc(time.Duration(limit*float64(time.Second)), func() {
		r.out.emit(object{"event": "timing_cut", "label": r.size.Label, "n": r.size.N,
			"limit": limit})
		os.Exit(0)
	})
	return func() {
		if !watchdog.Stop() {
			time.Sleep(time.Hour) // it fired: the process is ending, report nothing more
		}
	}
}

// failed reports an error of who's unit (or of setting it up), which ends the timing.
func (r *sizeRun) failed(who string, err error) {
	r.out.emit(withFields(object{"event": "timing_error", "who": who, "label": r.size.Label},
		errorFields(err)))
}

// functionTiming makes a function problem's units: the function on a fresh deep copy of the
// arguments decoded once (so an in-place change does not carry over, and a large tree is not
// decoded from JSON again), a lazy result forced, a non-nil error result the unit's error.
func functionTiming(fn reflect.Value, decoded []reflect.Value) unitMaker {
	return func() (func() error, error) {
		in := make([]reflect.Value, len(decoded))
		for k, v := range decoded {
			in[k] = deepCopy(v)
		}
		return func() error {
			results := fn.Call(in)
			for _, r := range results {
				force(r)
			}
			return resultError(results)
		}, nil
	}
}

// classTiming makes a class problem's units: the construction and every call in order
// (results discarded, error results included), the constructor's arguments decoded afresh
// before the clock starts and the calls' bound once per size (afresh for every unit when they
// hold references: Methods.sequence), by the generated glue (Entry.Methods) so that they are
// direct Go calls.
func classTiming(entry Entry, init []json.RawMessage, calls []call) (unitMaker, error) {
	if entry.Methods == nil {
		return nil, argErr("%s has no methods bound for timing", entry.Name)
	}
	var ctor reflect.Value
	if entry.Constructor != nil {
		ctor = reflect.ValueOf(entry.Constructor)
	} else if len(init) > 0 {
		return nil, argErr("%s has no constructor in the signature, so it takes no arguments", entry.Name)
	}
	sequences, err := entry.Methods.sequence(calls)
	if err != nil {
		return nil, err
	}
	return func() (func() error, error) {
		var in []reflect.Value
		if ctor.IsValid() {
			var err error
			if in, err = decodeArgs(ctor.Type(), init); err != nil {
				return nil, err
			}
		}
		sequence, err := sequences()
		if err != nil {
			return nil, err
		}
		return func() error {
			obj, err := newObject(entry, ctor, in)
			if err != nil {
				return err
			}
			return sequence(obj)
		}, nil
	}, nil
}

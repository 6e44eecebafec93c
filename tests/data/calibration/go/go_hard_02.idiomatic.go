package main

import (
	"container/heap"
	"sort"
	"strings"
)

// CycleError reports packages that depend on each other in a circle.
type CycleError struct {
	Cycle []string // e.g. ["a", "b", "a"]: a needs b, b needs a
}

// Error lists the cycle, as in "dependency cycle: a -> b -> a".
func (e *CycleError) Error() string {
	return "dependency cycle: " + strings.Join(e.Cycle, " -> ")
}

// BuildOrder returns every package named in deps, as a key or as a dependency, in an order
// that builds each package after its dependencies. Of the packages ready to build, the one
// with the smallest name always comes next, which makes the order unique. If the
// dependencies form a cycle, BuildOrder returns nil and a *CycleError. deps is not
// modified.
func BuildOrder(deps map[string][]string) ([]string, error) {
	g := newGraph(deps)
	ready := &stringHeap{}
	for pkg, n := range g.pending {
		if n == 0 {
			ready.push(pkg)
		}
	}
	order := make([]string, 0, len(g.pending))
	for ready.Len() > 0 {
		pkg := ready.pop()
		order = append(order, pkg)
		for _, user := range g.users[pkg] {
			g.pending[user]--
			if g.pending[user] == 0 {
				ready.push(user)
			}
		}
	}
	if len(order) < len(g.pending) {
		return nil, &CycleError{Cycle: g.cycle()}
	}
	return order, nil
}

// graph is the dependency graph of BuildOrder.
type graph struct {
	deps    map[string][]string // package -> the packages it depends on, as given
	users   map[string][]string // package -> the packages that depend on it
	pending map[string]int      // package -> its distinct dependencies not yet built
}

// newGraph builds the graph of deps; every package named in deps is a key of pending.
func newGraph(deps map[string][]string) *graph {
	g := &graph{deps: deps, users: make(map[string][]string), pending: make(map[string]int)}
	for pkg, needs := range deps {
		g.add(pkg)
		seen := make(map[string]bool, len(needs))
		for _, dep := range needs {
			if seen[dep] {
				continue
			}
			seen[dep] = true
			g.add(dep)
			g.pending[pkg]++
			g.users[dep] = append(g.users[dep], pkg)
		}
	}
	return g
}

// add makes pkg a package of the graph, with nothing pending yet if it is new.
func (g *graph) add(pkg string) {
	if _, ok := g.pending[pkg]; !ok {
		g.pending[pkg] = 0
	}
}

// cycle returns a closed path through packages that could not be built. Each of them has
// a dependency that could not be built either, so following such dependencies from any of
// them must come back to a package already visited.
func (g *graph) cycle() []string {
	var stuck []string
	for pkg, n := range g.pending {
		if n > 0 {
			stuck = append(stuck, pkg)
		}
	}
	sort.Strings(stuck)             // start from the same package on every run
	visited := make(map[string]int) // package -> its position in path
	var path []string
	pkg := stuck[0]
	for {
		if at, ok := visited[pkg]; ok {
			return append(path[at:], pkg)
		}
		visited[pkg] = len(path)
		path = append(path, pkg)
		for _, dep := range g.deps[pkg] {
			if g.pending[dep] > 0 {
				pkg = dep
				break
			}
		}
	}
}

// stringHeap is a min-heap of strings.
type stringHeap []string

func (h stringHeap) Len() int           { return len(h) }
func (h stringHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h stringHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }

// Push adds x, a string, for package heap.
func (h *stringHeap) Push(x any) { *h = append(*h, x.(string)) }

// Pop removes the last string, for package heap.
func (h *stringHeap) Pop() any {
	old := *h
	last := old[len(old)-1]
	*h = old[:len(old)-1]
	return last
}

func (h *stringHeap) push(s string) { heap.Push(h, s) }
func (h *stringHeap) pop() string   { return heap.Pop(h).(string) }

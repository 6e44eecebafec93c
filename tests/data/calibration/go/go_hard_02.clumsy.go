package main

import "sort"

type CycleError struct {
	Cycle []string
}

func (c *CycleError) Error() string {
	var s string = "dependency cycle: "
	for i := 0; i < len(c.Cycle); i++ {
		if i > 0 {
			s = s + " -> "
		}
		s = s + c.Cycle[i]
	}
	return s
}

var path []string

func find_cycle(deps map[string][]string, pkg string, state map[string]int) []string {
	state[pkg] = 1
	path = append(path, pkg)
	for _, d := range deps[pkg] {
		if state[d] == 1 {
			// found it, cut the path where d is
			var start int = 0
			for i := 0; i < len(path); i++ {
				if path[i] == d {
					start = i
				}
			}
			var result []string = []string{}
			for i := start; i < len(path); i++ {
				result = append(result, path[i])
			}
			result = append(result, d)
			return result
		} else if state[d] == 0 {
			var c []string = find_cycle(deps, d, state)
			if c != nil {
				return c
			}
		}
	}
	state[pkg] = 2
	path = path[0 : len(path)-1]
	return nil
}

func BuildOrder(deps map[string][]string) ([]string, error) {
	var count map[string]int = make(map[string]int)
	var needed_by map[string][]string = make(map[string][]string)
	for pkg, list := range deps {
		_, ok := count[pkg]
		if ok == false {
			count[pkg] = 0
		}
		var done map[string]bool = make(map[string]bool)
		for i := 0; i < len(list); i++ {
			var d string = list[i]
			if done[d] == false {
				done[d] = true
				count[pkg] = count[pkg] + 1
				_, ok2 := count[d]
				if ok2 == false {
					count[d] = 0
				}
				needed_by[d] = append(needed_by[d], pkg)
			}
		}
	}
	var ready []string = []string{}
	for pkg, c := range count {
		if c == 0 {
			ready = append(ready, pkg)
		}
	}
	var order []string = []string{}
	for len(ready) > 0 {
		sort.Strings(ready)
		var pkg string = ready[0]
		ready = ready[1:]
		order = append(order, pkg)
		for i := 0; i < len(needed_by[pkg]); i++ {
			var other string = needed_by[pkg][i]
			count[other] = count[other] - 1
			if count[other] == 0 {
				ready = append(ready, other)
			}
		}
	}
	if len(order) != len(count) {
		var names []string
		for pkg := range count {
			if count[pkg] > 0 {
				names = append(names, pkg)
			}
		}
		sort.Strings(names)
		path = []string{}
		var state map[string]int = make(map[string]int)
		for i := 0; i < len(names); i++ {
			if state[names[i]] == 0 {
				var c []string = find_cycle(deps, names[i], state)
				if c != nil {
					return nil, &CycleError{c}
				}
			}
		}
		return nil, &CycleError{}
	}
	return order, nil
}

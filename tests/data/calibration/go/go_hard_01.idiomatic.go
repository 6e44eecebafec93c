package main

import (
	"container/heap"
	"context"
)

// MergeSorted merges channels that each deliver ints in non-decreasing order into one
// channel that delivers all their values in non-decreasing order, equal values in the
// order of the inputs. A value is sent only once every open input has one waiting. The
// output is closed when every input is closed, or promptly once ctx is cancelled; the
// goroutine behind it then exits, even if nobody reads the output.
func MergeSorted(ctx context.Context, inputs ...<-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		m := merger{ctx: ctx, inputs: inputs}
		for i := range inputs {
			if !m.refill(i) {
				return
			}
		}
		for m.heads.Len() > 0 {
			next := heap.Pop(&m.heads).(head)
			select {
			case out <- next.value:
			case <-ctx.Done():
				return
			}
			if !m.refill(next.input) {
				return
			}
		}
	}()
	return out
}

// merger holds the next value of every open input.
type merger struct {
	ctx    context.Context
	inputs []<-chan int
	heads  headHeap
}

// refill waits for the next value of input i and adds it to the heads, unless the input is
// closed. It returns false if ctx was cancelled first.
func (m *merger) refill(i int) bool {
	select {
	case v, ok := <-m.inputs[i]:
		if ok {
			heap.Push(&m.heads, head{value: v, input: i})
		}
		return true
	case <-m.ctx.Done():
		return false
	}
}

// head is the next value of one input.
type head struct {
	value int
	input int // index of the input it came from
}

// headHeap is a min-heap of heads by value, then by input index.
type headHeap []head

func (h headHeap) Len() int { return len(h) }

func (h headHeap) Less(i, j int) bool {
	if h[i].value != h[j].value {
		return h[i].value < h[j].value
	}
	return h[i].input < h[j].input
}

func (h headHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

// Push adds x, a head, for package heap.
func (h *headHeap) Push(x any) { *h = append(*h, x.(head)) }

// Pop removes the last head, for package heap.
func (h *headHeap) Pop() any {
	old := *h
	last := old[len(old)-1]
	*h = old[:len(old)-1]
	return last
}

package main

type RingBuffer struct {
	Items    []int
	First    int
	Count    int
	Capacity int
}

func NewRingBuffer(capacity int) *RingBuffer {
	if capacity < 1 {
		panic("Invalid capacity!")
	}
	var rb *RingBuffer = &RingBuffer{}
	rb.Items = make([]int, capacity, capacity)
	rb.First = 0
	rb.Count = 0
	rb.Capacity = capacity
	return rb
}

func (rb *RingBuffer) Push(v int) (int, bool) {
	if rb.Count == rb.Capacity {
		var old int = rb.Items[rb.First]
		rb.Items[rb.First] = v
		rb.First = rb.First + 1
		if rb.First == rb.Capacity {
			rb.First = 0
		}
		return old, true
	} else {
		var pos int = rb.First + rb.Count
		if pos >= rb.Capacity {
			pos = pos - rb.Capacity
		}
		rb.Items[pos] = v
		rb.Count = rb.Count + 1
		return 0, false
	}
}

func (this *RingBuffer) Pop() (int, bool) {
	if this.Count == 0 {
		return 0, false
	}
	var v int = this.Items[this.First]
	this.First = this.First + 1
	if this.First == this.Capacity {
		this.First = 0
	}
	this.Count = this.Count - 1
	return v, true
}

func (rb *RingBuffer) Len() int {
	return rb.Count
}

func (rb *RingBuffer) Values() []int {
	var result []int = []int{}
	var idx int = rb.First
	for i := 0; i < rb.Count; i++ {
		result = append(result, rb.Items[idx])
		idx = idx + 1
		if idx == rb.Capacity {
			idx = 0
		}
	}
	return result
}

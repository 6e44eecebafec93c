package main

// RingBuffer is a fixed-capacity FIFO queue of ints. When it is full, a Push overwrites
// the oldest value. The zero value is not usable; call NewRingBuffer. It is not safe for
// concurrent use.
type RingBuffer struct {
	buf  []int
	head int // index of the oldest value
	n    int // number of values held
}

// NewRingBuffer returns an empty buffer for up to capacity values. It panics if capacity
// is less than 1.
func NewRingBuffer(capacity int) *RingBuffer {
	if capacity < 1 {
		panic("NewRingBuffer: capacity must be at least 1")
	}
	return &RingBuffer{buf: make([]int, capacity)}
}

// Push appends v. If the buffer was full, the oldest value is removed to make room and
// returned with ok true.
func (r *RingBuffer) Push(v int) (evicted int, ok bool) {
	if r.n == len(r.buf) {
		evicted = r.buf[r.head]
		r.buf[r.head] = v
		r.head = r.next(r.head)
		return evicted, true
	}
	r.buf[(r.head+r.n)%len(r.buf)] = v
	r.n++
	return 0, false
}

// Pop removes and returns the oldest value, or returns ok false if the buffer is empty.
func (r *RingBuffer) Pop() (v int, ok bool) {
	if r.n == 0 {
		return 0, false
	}
	v = r.buf[r.head]
	r.head = r.next(r.head)
	r.n--
	return v, true
}

// Len returns the number of values held.
func (r *RingBuffer) Len() int { return r.n }

// Values returns the values held, oldest first, in a new slice.
func (r *RingBuffer) Values() []int {
	values := make([]int, r.n)
	for i := range values {
		values[i] = r.buf[(r.head+i)%len(r.buf)]
	}
	return values
}

// next returns the slot after i, wrapping around.
func (r *RingBuffer) next(i int) int {
	return (i + 1) % len(r.buf)
}

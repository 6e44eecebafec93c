package main

// a ring buffer of ints
type RingBuffer struct {
	Data  []int
	Start int
	Count int
}

// makes a new ring buffer
func NewRingBuffer(capacity int) *RingBuffer {
	if capacity < 1 {
		panic("Capacity must be at least 1!")
	}
	rb := new(RingBuffer)
	rb.Data = make([]int, capacity, capacity)
	return rb
}

// push a value, returns the evicted value
func (self *RingBuffer) Push(v int) (int, bool) {
    if self.Count == len(self.Data) {
        var old int = self.Data[self.Start]
        self.Data[self.Start] = v
        self.Start = (self.Start + 1) % len(self.Data)
        return old, true
    }
    self.Data[(self.Start+self.Count)%len(self.Data)] = v
    self.Count = self.Count + 1
    return 0, false
}

// pop a value
func (this *RingBuffer) Pop() (int, bool) {
    if this.Count == 0 {
        return 0, false
    }
    var v int = this.Data[this.Start]
    this.Start = (this.Start + 1) % len(this.Data)
    this.Count = this.Count - 1
    return v, true
}

// number of values
func (self *RingBuffer) Len() int {
	return self.Count
}

// get all the values
func (self *RingBuffer) Values() []int {
	var result []int = make([]int, 0)
	for i := 0; i < self.Count; i++ {
		result = append(result, self.Data[(self.Start+i)%len(self.Data)])
	}
	return result
}

package main

import "context"

func MergeSorted(ctx context.Context, inputs ...<-chan int) <-chan int {
	var output chan int = make(chan int)
	go func() {
		var n int = len(inputs)
		var values []int = make([]int, n, n)
		var has_value []bool = make([]bool, n, n)
		var closed []bool = make([]bool, n, n)
		for {
			// get a value from every input that has none
			for i := 0; i < n; i++ {
				if closed[i] == false && has_value[i] == false {
					select {
					case v, ok := <-inputs[i]:
						if ok == true {
							values[i] = v
							has_value[i] = true
						} else {
							closed[i] = true
						}
					case <-ctx.Done():
						close(output)
						return
					}
				}
			}
			// find the smallest
			var min_index int = -1
			for i := 0; i < n; i++ {
				if has_value[i] == true {
					if min_index == -1 {
						min_index = i
					} else if values[i] < values[min_index] {
						min_index = i
					}
				}
			}
			if min_index == -1 {
				close(output)
				return
			}
			select {
			case output <- values[min_index]:
				has_value[min_index] = false
			case <-ctx.Done():
				close(output)
				return
			}
		}
	}()
	return output
}

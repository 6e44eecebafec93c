package main

import (
	"context"
	"errors"
	"sync"
)

var ErrInvalidWorkers = errors.New("workers must be at least 1")

type Job struct {
	Index int
	Value int
}

func ParallelMap(ctx context.Context, inputs []int, workers int, fn func(context.Context, int) (int, error)) ([]int, error) {
	if workers < 1 {
		return nil, ErrInvalidWorkers
	}
	if len(inputs) == 0 {
		return []int{}, nil
	}
	new_ctx, cancel_func := context.WithCancel(ctx)
	var results []int = make([]int, len(inputs), len(inputs))
	var jobs chan Job = make(chan Job, len(inputs))
	for i := 0; i < len(inputs); i++ {
		jobs <- Job{i, inputs[i]}
	}
	close(jobs)

	var mutex sync.Mutex
	var the_error error = nil
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			for job := range jobs {
				if new_ctx.Err() == nil {
					result, err := fn(new_ctx, job.Value)
					if err != nil {
						mutex.Lock()
						if the_error == nil {
							the_error = err
							cancel_func()
						}
						mutex.Unlock()
					} else {
						mutex.Lock()
						results[job.Index] = result
						mutex.Unlock()
					}
				}
			}
			wg.Done()
		}()
	}
	wg.Wait()

	if the_error != nil {
		return nil, the_error
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return results, nil
}

package main

import (
	"context"
	"errors"
	"sync"
)

// ErrInvalidWorkers is returned when workers < 1.
var ErrInvalidWorkers = errors.New("workers must be at least 1")

// ParallelMap calls fn on every input, with at most workers calls running at once, and
// returns the results in input order. The first error of a call cancels the context of the
// calls still running, stops new calls and is returned; so does the cancellation of ctx,
// which returns ctx.Err(). ParallelMap returns once every call it started has returned.
func ParallelMap(ctx context.Context, inputs []int, workers int,
	fn func(context.Context, int) (int, error)) ([]int, error) {
	if workers < 1 {
		return nil, ErrInvalidWorkers
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	results := make([]int, len(inputs))
	slots := make(chan struct{}, workers) // one token per running call

launch:
	for i, in := range inputs {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			break launch
		}
		if ctx.Err() != nil { // both cases were ready and the slot won
			break
		}
		wg.Add(1)
		go func(i, in int) {
			defer wg.Done()
			defer func() { <-slots }()
			v, err := fn(ctx, in)
			if err != nil {
				once.Do(func() {
					firstErr = err
					cancel()
				})
				return
			}
			results[i] = v // each goroutine owns its own index: no lock needed
		}(i, in)
	}
	wg.Wait()

	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}

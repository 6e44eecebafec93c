<?php

declare(strict_types=1);

/**
 * A priority queue of task names: highest priority first, equal priorities first in, first out.
 */
final class TaskQueue implements Countable
{
    /** @var SplPriorityQueue<array{int, int}, string> */
    private SplPriorityQueue $heap;

    /** Counts down with every push, so that earlier tasks win ties. */
    private int $serial = PHP_INT_MAX;

    /**
     * An empty queue.
     */
    public function __construct()
    {
        $this->heap = new SplPriorityQueue();
    }

    /**
     * Adds a task; the same name may be queued several times.
     */
    public function push(string $task, int $priority): void
    {
        $this->heap->insert($task, [$priority, $this->serial--]);
    }

    /**
     * Removes and returns the next task.
     *
     * @throws UnderflowException When the queue is empty.
     */
    public function pop(): string
    {
        $this->assertNotEmpty();

        return $this->heap->extract();
    }

    /**
     * The next task, left in the queue.
     *
     * @throws UnderflowException When the queue is empty.
     */
    public function peek(): string
    {
        $this->assertNotEmpty();

        return $this->heap->top();
    }

    /**
     * Whether no task is queued.
     */
    public function isEmpty(): bool
    {
        return $this->heap->isEmpty();
    }

    /**
     * How many tasks are queued.
     */
    public function count(): int
    {
        return $this->heap->count();
    }

    /**
     * Removes every task, returning them in the order pop() would.
     *
     * @return list<string>
     */
    public function drain(): array
    {
        $tasks = [];
        while (!$this->heap->isEmpty()) {
            $tasks[] = $this->heap->extract();
        }

        return $tasks;
    }

    /**
     * @throws UnderflowException When the queue is empty.
     */
    private function assertNotEmpty(): void
    {
        if ($this->heap->isEmpty()) {
            throw new UnderflowException('The task queue is empty.');
        }
    }
}

<?php

final class TaskQueue implements Countable
{
    public $heap = array();
    public $counter = 0;

    public function push(string $task, int $priority): void
    {
        $this->heap[] = array($task, $priority, $this->counter);
        $this->counter = $this->counter + 1;
        $i = count($this->heap) - 1;
        while ($i > 0) {
            $parent = intdiv($i - 1, 2);
            if ($this->is_before($this->heap[$i], $this->heap[$parent])) {
                $tmp = $this->heap[$i];
                $this->heap[$i] = $this->heap[$parent];
                $this->heap[$parent] = $tmp;
                $i = $parent;
            } else {
                break;
            }
        }
    }

    public function pop(): string
    {
        if (count($this->heap) == 0) {
            throw new UnderflowException('empty');
        }
        $top = $this->heap[0];
        $last = array_pop($this->heap);
        if (count($this->heap) > 0) {
            $this->heap[0] = $last;
            $i = 0;
            $n = count($this->heap);
            while (true) {
                $l = 2 * $i + 1;
                $r = 2 * $i + 2;
                $best = $i;
                if ($l < $n) {
                    if ($this->is_before($this->heap[$l], $this->heap[$best])) {
                        $best = $l;
                    }
                }
                if ($r < $n) {
                    if ($this->is_before($this->heap[$r], $this->heap[$best])) {
                        $best = $r;
                    }
                }
                if ($best == $i) {
                    break;
                }
                $tmp = $this->heap[$i];
                $this->heap[$i] = $this->heap[$best];
                $this->heap[$best] = $tmp;
                $i = $best;
            }
        }
        return $top[0];
    }

    public function peek(): string
    {
        if (count($this->heap) == 0) {
            throw new UnderflowException('empty');
        }
        return $this->heap[0][0];
    }

    public function isEmpty(): bool
    {
        if (count($this->heap) == 0) {
            return true;
        } else {
            return false;
        }
    }

    public function count(): int
    {
        return count($this->heap);
    }

    public function drain(): array
    {
        $result = array();
        while (count($this->heap) > 0) {
            $result[] = $this->pop();
        }
        return $result;
    }

    public function is_before($a, $b)
    {
        if ($a[1] > $b[1]) {
            return true;
        }
        if ($a[1] == $b[1] && $a[2] < $b[2]) {
            return true;
        }
        return false;
    }
}

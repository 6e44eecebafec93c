<?php

final class EventDispatcher
{
    public $listeners = array();
    public $next_id = 0;

    public function listen(string $eventClass, callable $listener, int $priority = 0): void
    {
        if (class_exists($eventClass) == false && interface_exists($eventClass) == false) {
            throw new InvalidArgumentException('no such class');
        }
        $entry = array();
        $entry['class'] = $eventClass;
        $entry['listener'] = $listener;
        $entry['priority'] = $priority;
        $entry['id'] = $this->next_id;
        $this->next_id = $this->next_id + 1;
        $this->listeners[] = $entry;
    }

    public function forget(string $eventClass, callable $listener): bool
    {
        $removed = false;
        $new_list = array();
        for ($i = 0; $i < count($this->listeners); $i++) {
            $entry = $this->listeners[$i];
            $same = false;
            if (strtolower($entry['class']) == strtolower($eventClass)) {
                if (is_array($entry['listener']) && is_array($listener)) {
                    if ($entry['listener'] == $listener) {
                        $same = true;
                    }
                } else {
                    if ($entry['listener'] === $listener) {
                        $same = true;
                    }
                }
            }
            if ($same) {
                $removed = true;
            } else {
                $new_list[] = $entry;
            }
        }
        $this->listeners = $new_list;
        return $removed;
    }

    public function listenersFor(object $event): array
    {
        $found = array();
        for ($i = 0; $i < count($this->listeners); $i++) {
            if (is_a($event, $this->listeners[$i]['class'])) {
                $found[] = $this->listeners[$i];
            }
        }
        usort($found, 'compare_entries');
        $result = array();
        for ($i = 0; $i < count($found); $i++) {
            $result[] = $found[$i]['listener'];
        }
        return $result;
    }

    public function dispatch(object $event): object
    {
        $list = $this->listenersFor($event);
        for ($i = 0; $i < count($list); $i++) {
            if ($event instanceof StoppableEvent) {
                if ($event->isPropagationStopped() == true) {
                    break;
                }
            }
            call_user_func($list[$i], $event);
        }
        return $event;
    }
}

function compare_entries($a, $b)
{
    if ($a['priority'] > $b['priority']) {
        return -1;
    } elseif ($a['priority'] < $b['priority']) {
        return 1;
    } else {
        if ($a['id'] < $b['id']) {
            return -1;
        } else {
            return 1;
        }
    }
}

interface StoppableEvent
{
    public function isPropagationStopped(): bool;
}

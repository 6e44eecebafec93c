<?php

declare(strict_types=1);

/**
 * Calls the listeners of an event, those registered for its class, a parent class or an
 * interface of it, by priority (highest first) and then in registration order.
 */
final class EventDispatcher
{
    /** @var list<array{class: string, listener: callable, priority: int, order: int}> */
    private array $registrations = [];

    private int $registered = 0;

    /**
     * Registers $listener for every event that is an instance of $eventClass.
     *
     * @throws InvalidArgumentException When $eventClass names no class or interface.
     */
    public function listen(string $eventClass, callable $listener, int $priority = 0): void
    {
        if (!class_exists($eventClass) && !interface_exists($eventClass)) {
            throw new InvalidArgumentException("No class or interface is named '{$eventClass}'.");
        }

        $this->registrations[] = [
            'class' => $eventClass,
            'listener' => $listener,
            'priority' => $priority,
            'order' => $this->registered++,
        ];
    }

    /**
     * Removes every registration of $listener for exactly $eventClass; whether there was one.
     */
    public function forget(string $eventClass, callable $listener): bool
    {
        $before = count($this->registrations);
        $this->registrations = array_values(array_filter(
            $this->registrations,
            static fn (array $registration): bool => strcasecmp($registration['class'], $eventClass) !== 0
                || !self::isSameListener($registration['listener'], $listener),
        ));

        return count($this->registrations) < $before;
    }

    /**
     * The listeners of $event, in the order dispatch() calls them.
     *
     * @return list<callable>
     */
    public function listenersFor(object $event): array
    {
        $matching = array_filter(
            $this->registrations,
            static fn (array $registration): bool => $event instanceof $registration['class'],
        );
        usort(
            $matching,
            static fn (array $first, array $second): int => [$second['priority'], $first['order']]
                <=> [$first['priority'], $second['order']],
        );

        return array_column($matching, 'listener');
    }

    /**
     * Calls the listeners of $event, stopping once a stoppable event says so.
     *
     * @template T of object
     * @param T $event
     * @return T the same event
     */
    public function dispatch(object $event): object
    {
        foreach ($this->listenersFor($event) as $listener) {
            if ($event instanceof StoppableEvent && $event->isPropagationStopped()) {
                break;
            }
            $listener($event);
        }

        return $event;
    }

    /**
     * Listeners are the same when identical, or, for [object, method] pairs, equal.
     */
    private static function isSameListener(callable $registered, callable $listener): bool
    {
        return is_array($registered) && is_array($listener)
            ? $registered == $listener
            : $registered === $listener;
    }
}

/**
 * An event that can keep further listeners from being called.
 */
interface StoppableEvent
{
    /**
     * Whether no further listener may be called.
     */
    public function isPropagationStopped(): bool;
}

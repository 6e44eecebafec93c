<?php

declare(strict_types=1);

/**
 * A parsed five-field cron expression: the allowed values of each field, as array keys.
 */
final class CronSchedule
{
    /** Lowest and highest value of each field: minute, hour, day of month, month, weekday. */
    private const BOUNDS = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];

    /** The longest each month can be (February in a leap year). */
    private const MONTH_LENGTHS = [1 => 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /**
     * @param array<int, true> $minutes
     * @param array<int, true> $hours
     * @param array<int, true> $days
     * @param array<int, true> $months
     * @param array<int, true> $weekdays
     * @param bool $eitherDay whether a day matches by day of month OR weekday (both restricted)
     *
     * @throws InvalidArgumentException When the days of month alone decide and none of them
     *                                  exists in an allowed month.
     */
    private function __construct(
        private readonly array $minutes,
        private readonly array $hours,
        private readonly array $days,
        private readonly array $months,
        private readonly array $weekdays,
        private readonly bool $eitherDay,
    ) {
        if (!$eitherDay && !$this->hasPossibleDay()) {
            throw new InvalidArgumentException('No allowed day of month exists in an allowed month.');
        }
    }

    /**
     * Parses "minute hour day-of-month month day-of-week".
     *
     * @throws InvalidArgumentException When the expression is malformed or can never fire.
     */
    public static function parse(string $expression): self
    {
        $fields = preg_split('/[ \t]+/', trim($expression, " \t"));
        if (count($fields) !== 5) {
            throw new InvalidArgumentException("A cron expression has five fields, got '{$expression}'.");
        }
        [$minutes, $hours, $days, $months, $weekdays] = array_map(self::parseField(...), $fields, self::BOUNDS);
        if (isset($weekdays[7])) {
            $weekdays[0] = true;
        }
        $eitherDay = !str_starts_with($fields[2], '*') && !str_starts_with($fields[4], '*');

        return new self($minutes, $hours, $days, $months, $weekdays, $eitherDay);
    }

    /**
     * The run times strictly after $after, in order, without end.
     *
     * @return Generator<int, DateTimeImmutable>
     */
    public function runsAfter(DateTimeImmutable $after): Generator
    {
        for ($day = $after->setTime(0, 0);; $day = $day->modify('+1 day')) {
            if (!$this->firesOn($day)) {
                continue;
            }
            foreach (array_keys($this->hours) as $hour) {
                foreach (array_keys($this->minutes) as $minute) {
                    $run = $day->setTime($hour, $minute);
                    if ($run > $after) {
                        yield $run;
                    }
                }
            }
        }
    }

    /**
     * Whether the schedule fires on some minute of $day (Vixie cron's day rule).
     */
    private function firesOn(DateTimeImmutable $day): bool
    {
        if (!isset($this->months[(int) $day->format('n')])) {
            return false;
        }
        $byDate = isset($this->days[(int) $day->format('j')]);
        $byWeekday = isset($this->weekdays[(int) $day->format('w')]);

        return $this->eitherDay ? $byDate || $byWeekday : $byDate && $byWeekday;
    }

    /**
     * Whether some allowed day of month exists in some allowed month.
     */
    private function hasPossibleDay(): bool
    {
        $firstDay = min(array_keys($this->days));
        foreach (array_keys($this->months) as $month) {
            if ($firstDay <= self::MONTH_LENGTHS[$month]) {
                return true;
            }
        }

        return false;
    }

    /**
     * The values a field allows: comma-separated "*", "N" or "A-B", each with an optional "/S".
     *
     * @param array{int, int} $bounds
     * @return array<int, true> the allowed values as keys, ascending
     *
     * @throws InvalidArgumentException When the field is malformed or out of bounds.
     */
    private static function parseField(string $field, array $bounds): array
    {
        [$lowest, $highest] = $bounds;
        $allowed = [];
        foreach (explode(',', $field) as $item) {
            if (preg_match('~^(?:(?<all>\*)|(?<from>\d+)(?:-(?<to>\d+))?)(?:/(?<step>\d+))?$~D', $item, $match) !== 1) {
                throw new InvalidArgumentException("Invalid cron field '{$field}'.");
            }
            $step = (int) ($match['step'] ?? 1);
            $from = $match['all'] === '*' ? $lowest : (int) $match['from'];
            $to = match (true) {
                $match['all'] === '*' => $highest,
                ($match['to'] ?? '') !== '' => (int) $match['to'],
                isset($match['step']) => $highest,
                default => $from,
            };
            if ($step < 1 || $from < $lowest || $to > $highest || $from > $to) {
                throw new InvalidArgumentException("Invalid cron field '{$field}'.");
            }
            $allowed += array_fill_keys(range($from, $to, $step), true);
        }
        ksort($allowed);

        return $allowed;
    }
}

/**
 * The next $count times, strictly after $after, at which a five-field cron expression fires,
 * all in UTC and formatted "Y-m-d H:i".
 *
 * @return list<string>
 *
 * @throws InvalidArgumentException When an argument is malformed or the expression never fires.
 */
function nextRuns(string $expression, string $after, int $count): array
{
    if ($count < 1 || $count > 1000) {
        throw new InvalidArgumentException("The count must be in 1..1000, got {$count}.");
    }
    $schedule = CronSchedule::parse($expression);

    $start = DateTimeImmutable::createFromFormat('!Y-m-d H:i', $after, new DateTimeZone('UTC'));
    if ($start === false || $start->format('Y-m-d H:i') !== $after) {
        throw new InvalidArgumentException("Expected a 'Y-m-d H:i' moment, got '{$after}'.");
    }

    $runs = new LimitIterator($schedule->runsAfter($start), 0, $count);

    return array_map(
        static fn (DateTimeImmutable $run): string => $run->format('Y-m-d H:i'),
        iterator_to_array($runs, false),
    );
}

<?php

declare(strict_types=1);

/**
 * An amount of money in minor units (cents) of a currency. Immutable: every operation returns
 * a new instance.
 */
final class Money
{
    /**
     * @throws InvalidArgumentException When the currency is not three upper-case letters.
     */
    public function __construct(public readonly int $amount, public readonly string $currency)
    {
        if (preg_match('/^[A-Z]{3}$/', $currency) !== 1) {
            throw new InvalidArgumentException("Invalid currency code '{$currency}'.");
        }
    }

    /**
     * The sum of this amount and $other.
     *
     * @throws CurrencyMismatchException When the currencies differ.
     */
    public function add(Money $other): Money
    {
        $this->assertSameCurrency($other);

        return new self($this->amount + $other->amount, $this->currency);
    }

    /**
     * This amount minus $other.
     *
     * @throws CurrencyMismatchException When the currencies differ.
     */
    public function subtract(Money $other): Money
    {
        $this->assertSameCurrency($other);

        return new self($this->amount - $other->amount, $this->currency);
    }

    /**
     * This amount times $factor, rounded half away from zero.
     */
    public function multiply(float $factor): Money
    {
        return new self((int) round($this->amount * $factor), $this->currency);
    }

    /**
     * Splits the amount in proportion to $ratios without losing a cent: the remainder of the
     * truncated shares goes, one unit each, to the parts with a non-zero ratio, in order.
     *
     * @param list<int> $ratios
     * @return list<Money>
     *
     * @throws InvalidArgumentException When the ratios are not a non-empty list of ints >= 0
     *                                  with a positive sum.
     */
    public function allocate(array $ratios): array
    {
        if (!array_is_list($ratios) || $ratios === []) {
            throw new InvalidArgumentException('Ratios must be a non-empty list.');
        }
        foreach ($ratios as $ratio) {
            if (!is_int($ratio) || $ratio < 0) {
                throw new InvalidArgumentException('Ratios must be integers of at least 0.');
            }
        }
        $total = array_sum($ratios);
        if ($total === 0) {
            throw new InvalidArgumentException('At least one ratio must be positive.');
        }

        $shares = array_map(fn (int $ratio): int => intdiv($this->amount * $ratio, $total), $ratios);
        $remainder = $this->amount - array_sum($shares);
        $unit = $remainder <=> 0;
        foreach ($ratios as $index => $ratio) {
            if ($remainder === 0) {
                break;
            }
            if ($ratio > 0) {
                $shares[$index] += $unit;
                $remainder -= $unit;
            }
        }

        return array_map(fn (int $share): Money => new self($share, $this->currency), $shares);
    }

    /**
     * Whether $other has the same amount and currency.
     */
    public function equals(Money $other): bool
    {
        return $this->amount === $other->amount && $this->currency === $other->currency;
    }

    /**
     * The amount in major units with two decimals and the currency, e.g. "-1234.56 EUR".
     */
    public function format(): string
    {
        $absolute = abs($this->amount);

        return sprintf(
            '%s%d.%02d %s',
            $this->amount < 0 ? '-' : '',
            intdiv($absolute, 100),
            $absolute % 100,
            $this->currency,
        );
    }

    /**
     * @throws CurrencyMismatchException When $other is in another currency.
     */
    private function assertSameCurrency(Money $other): void
    {
        if ($other->currency !== $this->currency) {
            throw new CurrencyMismatchException(
                "Cannot combine {$this->currency} with {$other->currency}.",
            );
        }
    }
}

/**
 * Thrown when amounts of different currencies are combined.
 */
final class CurrencyMismatchException extends InvalidArgumentException
{
}

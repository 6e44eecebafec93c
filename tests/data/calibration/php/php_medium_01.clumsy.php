<?php

final class Money
{
    public function __construct(public readonly int $amount, public readonly string $currency)
    {
        $ok = true;
        if (strlen($currency) != 3) {
            $ok = false;
        } else {
            for ($i = 0; $i < strlen($currency); $i++) {
                $letter = $currency[$i];
                if (!($letter >= 'A' && $letter <= 'Z')) {
                    $ok = false;
                }
            }
        }
        if ($ok == false) {
            throw new InvalidArgumentException('wrong currency');
        }
    }

    public function add(Money $other): Money
    {
        if ($this->currency != $other->currency) {
            throw new CurrencyMismatchException('currency mismatch');
        }
        $new_amount = $this->amount + $other->amount;
        $m = new Money($new_amount, $this->currency);
        return $m;
    }

    public function subtract(Money $other): Money
    {
        if ($this->currency != $other->currency) {
            throw new CurrencyMismatchException('currency mismatch');
        }
        $new_amount = $this->amount - $other->amount;
        $m = new Money($new_amount, $this->currency);
        return $m;
    }

    public function multiply(float $factor): Money
    {
        $x = $this->amount * $factor;
        $rounded = round($x);
        $m = new Money(intval($rounded), $this->currency);
        return $m;
    }

    public function allocate(array $ratios): array
    {
        if (count($ratios) == 0) {
            throw new InvalidArgumentException('no ratios');
        }
        $total = 0;
        for ($i = 0; $i < count($ratios); $i++) {
            if (!isset($ratios[$i]) || !is_int($ratios[$i]) || $ratios[$i] < 0) {
                throw new InvalidArgumentException('bad ratio');
            }
            $total = $total + $ratios[$i];
        }
        if ($total == 0) {
            throw new InvalidArgumentException('ratios sum to zero');
        }

        $Parts = array();
        $used = 0;
        for ($i = 0; $i < count($ratios); $i++) {
            $p = intdiv($this->amount * $ratios[$i], $total);
            $Parts[$i] = $p;
            $used = $used + $p;
        }
        $rest = $this->amount - $used;
        $i = 0;
        while ($rest != 0) {
            if ($ratios[$i] != 0) {
                if ($rest > 0) {
                    $Parts[$i] = $Parts[$i] + 1;
                    $rest = $rest - 1;
                } else {
                    $Parts[$i] = $Parts[$i] - 1;
                    $rest = $rest + 1;
                }
            }
            $i++;
        }

        $result = array();
        for ($i = 0; $i < count($Parts); $i++) {
            $result[] = new Money($Parts[$i], $this->currency);
        }
        return $result;
    }

    public function equals(Money $other): bool
    {
        if ($this->amount == $other->amount) {
            if ($this->currency == $other->currency) {
                return true;
            }
        }
        return false;
    }

    public function format(): string
    {
        $a = $this->amount;
        $sign = '';
        if ($a < 0) {
            $sign = '-';
            $a = -$a;
        }
        $major = (int)($a / 100);
        $minor = $a % 100;
        if ($minor < 10) {
            $minor = '0' . $minor;
        }
        return $sign . $major . '.' . $minor . ' ' . $this->currency;
    }
}

final class CurrencyMismatchException extends InvalidArgumentException {}

<?php

final class ValidationException extends InvalidArgumentException
{
    /** @param array<string, string> $errors field => error code */
    public function __construct(private readonly array $errors)
    {
        parent::__construct('validation failed');
    }

    /** @return array<string, string> */
    public function errors(): array
    {
        return $this->errors;
    }
}

function validateSignup(array $input): array
{
    $Errors = array();
    $out = array();

    // email
    if (!isset($input['email'])) {
        $Errors['email'] = 'required';
    } else {
        if (is_string($input['email'])) {
            $e = trim($input['email']);
            if ($e == '') {
                $Errors['email'] = 'required';
            } else {
                if (filter_var($e, FILTER_VALIDATE_EMAIL) == false) {
                    $Errors['email'] = 'invalid';
                } else {
                    $out['email'] = strtolower($e);
                }
            }
        } else {
            $Errors['email'] = 'invalid';
        }
    }

    // age
    if (!isset($input['age'])) {
        $Errors['age'] = 'required';
    } else {
        $a = $input['age'];
        $age_ok = false;
        if (is_int($a)) {
            $age_ok = true;
        } else {
            if (is_string($a) && ctype_digit($a)) {
                $age_ok = true;
                $a = intval($a);
            }
        }
        if ($age_ok) {
            if ($a < 13 || $a > 130) {
                $Errors['age'] = 'out_of_range';
            } else {
                $out['age'] = $a;
            }
        } else {
            $Errors['age'] = 'invalid';
        }
    }

    // newsletter
    $out['newsletter'] = false;
    if (isset($input['newsletter'])) {
        $n = $input['newsletter'];
        if (is_bool($n)) {
            $out['newsletter'] = $n;
        } else {
            if (is_int($n) || is_string($n)) {
                $b = filter_var($n, FILTER_VALIDATE_BOOLEAN, FILTER_NULL_ON_FAILURE);
                if ($b === null) {
                    $Errors['newsletter'] = 'invalid';
                } else {
                    $out['newsletter'] = $b;
                }
            } else {
                $Errors['newsletter'] = 'invalid';
            }
        }
    }

    // tags
    $out['tags'] = array();
    if (isset($input['tags'])) {
        $t = $input['tags'];
        if (!is_array($t)) {
            $Errors['tags'] = 'invalid';
        } else {
            $good = true;
            $expected_key = 0;
            foreach ($t as $key => $tag) {
                if ($key !== $expected_key || !is_string($tag)) {
                    $good = false;
                }
                $expected_key++;
            }
            if ($good == false) {
                $Errors['tags'] = 'invalid';
            } else {
                $clean = array();
                for ($i = 0; $i < count($t); $i++) {
                    $tag = strtolower(trim($t[$i]));
                    if ($tag != '' && !in_array($tag, $clean, true)) {
                        $clean[] = $tag;
                    }
                }
                if (count($clean) > 5) {
                    $Errors['tags'] = 'out_of_range';
                } else {
                    $out['tags'] = $clean;
                }
            }
        }
    }

    // unknown keys
    foreach ($input as $key => $value) {
        if ($key != 'email' && $key != 'age' && $key != 'newsletter' && $key != 'tags') {
            $Errors[$key] = 'unknown';
        }
    }

    if (count($Errors) > 0) {
        throw new ValidationException($Errors);
    }
    return $out;
}

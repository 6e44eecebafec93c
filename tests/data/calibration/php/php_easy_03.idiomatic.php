<?php

declare(strict_types=1);

/**
 * The class of an HTTP status code, named after its first digit.
 */
enum StatusClass: string
{
    case Informational = 'informational';
    case Success = 'success';
    case Redirection = 'redirection';
    case ClientError = 'client_error';
    case ServerError = 'server_error';

    /**
     * The class of a status code in 100..599.
     *
     * @throws InvalidArgumentException When the code is outside 100..599.
     */
    public static function fromCode(int $code): self
    {
        if ($code < 100 || $code > 599) {
            throw new InvalidArgumentException("{$code} is not an HTTP status code.");
        }

        return match (intdiv($code, 100)) {
            1 => self::Informational,
            2 => self::Success,
            3 => self::Redirection,
            4 => self::ClientError,
            5 => self::ServerError,
        };
    }

    /**
     * Whether the status reports an error, of the client or of the server.
     */
    public function isError(): bool
    {
        return match ($this) {
            self::ClientError, self::ServerError => true,
            default => false,
        };
    }
}

/**
 * The class of an HTTP status code.
 *
 * @throws InvalidArgumentException When the code is outside 100..599.
 */
function classifyStatus(int $code): StatusClass
{
    return StatusClass::fromCode($code);
}

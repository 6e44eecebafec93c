<?php

enum StatusClass: string
{
    case Informational = 'informational';
    case Success = 'success';
    case Redirection = 'redirection';
    case ClientError = 'client_error';
    case ServerError = 'server_error';

    public static function fromCode(int $code): self
    {
        if ($code >= 100 and $code <= 199) {
            return self::Informational;
        } else {
            if ($code >= 200 and $code <= 299) {
                return self::Success;
            } else {
                if ($code >= 300 and $code <= 399) {
                    return self::Redirection;
                } else {
                    if ($code >= 400 and $code <= 499) {
                        return self::ClientError;
                    } else {
                        if ($code >= 500 and $code <= 599) {
                            return self::ServerError;
                        } else {
                            throw new InvalidArgumentException('bad code');
                        }
                    }
                }
            }
        }
    }

    public function isError(): bool
    {
        if ($this == self::ClientError) {
            return true;
        }
        if ($this == self::ServerError) {
            return true;
        }
        return false;
    }
}

function classifyStatus(int $code): StatusClass
{
    $Result = StatusClass::fromCode($code);
    return $Result;
}

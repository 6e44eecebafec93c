"""Evaluate integer arithmetic expressions without ``eval``.

A recursive-descent parser over the grammar (lowest precedence first)::

    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := ("+" | "-")* primary
    primary := NUMBER | "(" sum ")"
"""

import re

Token = int | str

_TOKEN_RE = re.compile(r"\s*(?:(?P<number>[0-9]+)|(?P<symbol>[-+*/()])|(?P<other>\S))")


def _tokenize(expression: str) -> list[Token]:
    """Split ``expression`` into integers and one-character symbols."""
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(expression):
        if match["other"] is not None:
            raise ValueError(f"unexpected character {match['other']!r} in {expression!r}")
        tokens.append(int(match["number"]) if match["number"] is not None else match["symbol"])
    return tokens


def _truncating_divide(dividend: int, divisor: int) -> int:
    """Divide exactly, rounding the quotient toward zero."""
    if divisor == 0:
        raise ZeroDivisionError("division by zero")
    quotient = abs(dividend) // abs(divisor)
    return quotient if (dividend < 0) == (divisor < 0) else -quotient


class _Parser:
    """Evaluates a token list while parsing it."""

    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._position = 0

    def evaluate(self) -> int:
        value = self._sum()
        if self._position < len(self._tokens):
            raise ValueError(f"unexpected {self._tokens[self._position]!r}")
        return value

    def _peek(self) -> Token | None:
        return self._tokens[self._position] if self._position < len(self._tokens) else None

    def _next(self) -> Token | None:
        token = self._peek()
        self._position += 1
        return token

    def _sum(self) -> int:
        value = self._product()
        while (operator := self._peek()) in ("+", "-"):
            self._position += 1
            operand = self._product()
            value = value + operand if operator == "+" else value - operand
        return value

    def _product(self) -> int:
        value = self._unary()
        while (operator := self._peek()) in ("*", "/"):
            self._position += 1
            operand = self._unary()
            value = value * operand if operator == "*" else _truncating_divide(value, operand)
        return value

    def _unary(self) -> int:
        sign = 1
        while (operator := self._peek()) in ("+", "-"):
            self._position += 1
            if operator == "-":
                sign = -sign
        return sign * self._primary()

    def _primary(self) -> int:
        token = self._next()
        if isinstance(token, int):
            return token
        if token == "(":
            value = self._sum()
            if self._next() != ")":
                raise ValueError("missing closing parenthesis")
            return value
        found = "end of input" if token is None else repr(token)
        raise ValueError(f"expected a number or '(', found {found}")


def evaluate(expression: str) -> int:
    """Return the value of the integer arithmetic ``expression``.

    ``/`` is integer division truncating toward zero.

    Raises:
        ValueError: If ``expression`` is malformed.
        ZeroDivisionError: If it divides by zero.
    """
    return _Parser(_tokenize(expression)).evaluate()

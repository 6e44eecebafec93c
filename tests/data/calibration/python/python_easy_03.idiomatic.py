"""A stack of integers that reports its minimum in constant time."""


class MinStack:
    """LIFO stack of integers with O(1) ``push``, ``pop``, ``top`` and ``get_min``."""

    def __init__(self) -> None:
        self._values: list[int] = []
        # The minimum of the stack at each height, kept in step with the values.
        self._minima: list[int] = []

    def push(self, value: int) -> None:
        """Push ``value`` onto the stack."""
        self._minima.append(min(value, self._minima[-1]) if self._minima else value)
        self._values.append(value)

    def pop(self) -> int:
        """Remove and return the top value.

        Raises:
            IndexError: If the stack is empty.
        """
        self._require_values("pop from")
        self._minima.pop()
        return self._values.pop()

    def top(self) -> int:
        """Return the top value without removing it.

        Raises:
            IndexError: If the stack is empty.
        """
        self._require_values("top of")
        return self._values[-1]

    def get_min(self) -> int:
        """Return the smallest value on the stack.

        Raises:
            IndexError: If the stack is empty.
        """
        self._require_values("minimum of")
        return self._minima[-1]

    def __len__(self) -> int:
        return len(self._values)

    def _require_values(self, operation: str) -> None:
        if not self._values:
            raise IndexError(f"{operation} an empty stack")

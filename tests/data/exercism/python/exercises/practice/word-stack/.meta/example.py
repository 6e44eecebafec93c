class WordStack:
    """A stack of words, the last pushed on top."""

    def __init__(self):
        self._words = []

    def __len__(self):
        return len(self._words)

    def push(self, word):
        self._words.append(word)

    def pop(self):
        if not self._words:
            raise IndexError("pop from an empty stack")
        return self._words.pop()

    def peek(self):
        if not self._words:
            raise IndexError("peek at an empty stack")
        return self._words[-1]

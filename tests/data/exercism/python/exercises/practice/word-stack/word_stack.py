class WordStack:
    def __init__(self):
        pass

    def push(self, word):
        pass

    def pop(self):
        pass

    def peek(self):
        pass

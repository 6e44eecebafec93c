class MinStack:
    def __init__(self):
        self.stack = []
        self.mins = []

    def push(self, value):
        self.stack.append(value)
        if len(self.mins) == 0:
            self.mins.append(value)
        else:
            if value < self.mins[len(self.mins) - 1]:
                self.mins.append(value)
            else:
                self.mins.append(self.mins[len(self.mins) - 1])

    def pop(self):
        if len(self.stack) == 0:
            raise IndexError
        x = self.stack[len(self.stack) - 1]
        del self.stack[len(self.stack) - 1]
        del self.mins[len(self.mins) - 1]
        return x

    def top(self):
        if len(self.stack) == 0:
            raise IndexError
        return self.stack[len(self.stack) - 1]

    def get_min(self):
        if len(self.stack) == 0:
            raise IndexError
        return self.mins[len(self.mins) - 1]

    def __len__(self):
        count = 0
        for x in self.stack:
            count += 1
        return count

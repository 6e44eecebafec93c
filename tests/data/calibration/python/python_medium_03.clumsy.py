import time


class SlidingWindowRateLimiter:
    def __init__(self, max_requests, window_seconds, clock=time.monotonic):
        if max_requests < 1 or window_seconds <= 0:
            raise ValueError("bad arguments")
        self.max_requests = max_requests
        self.window_seconds = window_seconds
        self.clock = clock
        self.requests = {}

    def allow(self, key):
        now = self.clock()
        if key in self.requests.keys():
            times = self.requests[key]
        else:
            times = []
        newTimes = []
        for i in range(len(times)):
            if now - self.window_seconds < times[i]:
                newTimes.append(times[i])
        if len(newTimes) < self.max_requests:
            newTimes.append(now)
            self.requests[key] = newTimes
            return True
        else:
            self.requests[key] = newTimes
            return False

    def remaining(self, key):
        now = self.clock()
        if not key in self.requests.keys():
            return self.max_requests
        count = 0
        for t in self.requests[key]:
            if now - self.window_seconds < t:
                count = count + 1
        return self.max_requests - count

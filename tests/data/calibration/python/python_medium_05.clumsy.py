def merge_intervals(intervals):
    copy = []
    for i in range(len(intervals)):
        if intervals[i][0] > intervals[i][1]:
            raise ValueError
        copy.append([intervals[i][0], intervals[i][1]])
    copy.sort()
    result = []
    for i in range(len(copy)):
        if len(result) == 0:
            result.append(copy[i])
        else:
            if copy[i][0] <= result[len(result) - 1][1]:
                if copy[i][1] > result[len(result) - 1][1]:
                    result[len(result) - 1][1] = copy[i][1]
            else:
                result.append(copy[i])
    return result

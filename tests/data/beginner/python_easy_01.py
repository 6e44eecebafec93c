def second_largest(nums):
    l = []
    for i in range(len(nums)):
        if nums[i] not in l:
            l.append(nums[i])
    if len(l) < 2:
        return None
    biggest = l[0]
    for i in range(len(l)):
        if l[i] > biggest:
            biggest = l[i]
    second = None
    for i in range(len(l)):
        if l[i] != biggest:
            if second == None or l[i] > second:
                second = l[i]
    return second

def second_largest(nums):
    Largest = None
    Second = None
    for i in range(len(nums)):
        if Largest == None:
            Largest = nums[i]
        else:
            if nums[i] > Largest:
                Second = Largest
                Largest = nums[i]
            else:
                if nums[i] != Largest:
                    if Second == None:
                        Second = nums[i]
                    else:
                        if nums[i] > Second:
                            Second = nums[i]
    return Second

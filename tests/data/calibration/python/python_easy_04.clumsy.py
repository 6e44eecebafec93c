def group_anagrams(words):
    groups = {}
    for i in range(len(words)):
        w = words[i]
        letters = []
        for c in w:
            letters.append(c)
        letters.sort()
        key = ""
        for c in letters:
            key = key + c
        if key in groups.keys():
            groups[key].append(w)
        else:
            groups[key] = [w]
    result = []
    for key in groups.keys():
        result.append(groups[key])
    return result

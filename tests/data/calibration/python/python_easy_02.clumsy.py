def run_length_encode(text):
    result = ""
    if len(text) == 0:
        return result
    count = 1
    for i in range(1, len(text)):
        if text[i] == text[i - 1]:
            count = count + 1
        else:
            if count > 1:
                result = result + text[i - 1] + str(count)
            else:
                result = result + text[i - 1]
            count = 1
    if count > 1:
        result = result + text[len(text) - 1] + str(count)
    else:
        result = result + text[len(text) - 1]
    return result

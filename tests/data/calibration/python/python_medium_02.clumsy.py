def parse_duration(text):
    text = text.strip()
    if text == "":
        raise ValueError("bad")
    units = ["d", "h", "m", "s"]
    values = [86400, 3600, 60, 1]
    total = 0
    number = ""
    lastUnit = -1
    for i in range(len(text)):
        c = text[i]
        if c in "0123456789":
            number = number + c
        else:
            if c in units:
                if number == "":
                    raise ValueError("bad")
                else:
                    idx = units.index(c)
                    if idx <= lastUnit:
                        raise ValueError("bad")
                    else:
                        total = total + int(number) * values[idx]
                        lastUnit = idx
                        number = ""
            else:
                raise ValueError("bad")
    if number != "":
        raise ValueError("bad")
    return total

WORDS = ["alpha", "beta", "gamma"]


def filled(stack_class, words=WORDS):
    stack = stack_class()
    for word in words:
        stack.push(word)
    return stack

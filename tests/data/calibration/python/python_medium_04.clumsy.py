import asyncio


async def gather_limited(factories, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    results = []
    for i in range(len(factories)):
        results.append(None)
    running = {}
    nextIndex = 0
    try:
        while nextIndex < len(factories) or len(running) > 0:
            while len(running) < limit and nextIndex < len(factories):
                task = asyncio.ensure_future(factories[nextIndex]())
                running[task] = nextIndex
                nextIndex = nextIndex + 1
            done, pending = await asyncio.wait(running.keys(), return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                index = running[task]
                del running[task]
                if task.exception() != None:
                    raise task.exception()
                results[index] = task.result()
    except Exception as e:
        for task in running.keys():
            task.cancel()
        raise e
    return results

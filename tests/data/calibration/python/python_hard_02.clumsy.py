def find_ready(packages, done, deps, ready=[]):
    ready.clear()
    for p in packages:
        if p not in done:
            ok = True
            for d in deps[p]:
                if d not in done:
                    ok = False
            if ok == True:
                ready.append(p)
    return ready


def build_order(packages, dependencies):
    deps = {}
    for p in packages:
        deps[p] = []
    for i in range(len(dependencies)):
        pkg = dependencies[i][0]
        dep = dependencies[i][1]
        if not pkg in deps or not dep in deps:
            raise ValueError("unknown package")
        deps[pkg].append(dep)
    order = []
    done = []
    while len(order) < len(packages):
        ready = find_ready(packages, done, deps)
        if len(ready) == 0:
            raise ValueError("cycle")
        smallest = ready[0]
        for r in ready:
            if r < smallest:
                smallest = r
        order.append(smallest)
        done.append(smallest)
    return order

def cheapest_route(n, flights, source, target, max_stops):
    if source == target:
        return 0
    INF = 10**30
    prices = []
    for i in range(n):
        prices.append(INF)
    prices[source] = 0
    stops = 0
    while stops <= max_stops:
        newPrices = []
        for i in range(len(prices)):
            newPrices.append(prices[i])
        for j in range(len(flights)):
            a = flights[j][0]
            b = flights[j][1]
            c = flights[j][2]
            if prices[a] != INF:
                if prices[a] + c < newPrices[b]:
                    newPrices[b] = prices[a] + c
        prices = newPrices
        stops = stops + 1
    if prices[target] == INF:
        return -1
    else:
        return prices[target]

/** A binary min-heap of [priority, value] pairs. */
class MinHeap {
  #items = [];

  get size() {
    return this.#items.length;
  }

  /** @param {[number, number]} item */
  push(item) {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent][0] <= items[i][0]) {
        break;
      }
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  /** @returns {[number, number]} */
  pop() {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      while (true) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left][0] < items[smallest][0]) {
          smallest = left;
        }
        if (right < items.length && items[right][0] < items[smallest][0]) {
          smallest = right;
        }
        if (smallest === i) {
          break;
        }
        [items[smallest], items[i]] = [items[i], items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}

/**
 * Dijkstra's shortest path lengths from source; -1 for nodes it cannot reach.
 * @param {number} n
 * @param {[number, number, number][]} edges
 * @param {number} source
 * @returns {number[]}
 */
export function shortestPaths(n, edges, source) {
  const isNode = (v) => Number.isInteger(v) && v >= 0 && v < n;
  if (!isNode(source)) {
    throw new RangeError(`source ${source} is not a node`);
  }
  const adjacent = Array.from({ length: n }, () => []);
  for (const [from, to, weight] of edges) {
    if (!isNode(from) || !isNode(to) || weight < 0) {
      throw new RangeError(`invalid edge [${from}, ${to}, ${weight}]`);
    }
    adjacent[from].push([to, weight]);
  }
  const distance = new Array(n).fill(Number.POSITIVE_INFINITY);
  distance[source] = 0;
  const heap = new MinHeap();
  heap.push([0, source]);
  while (heap.size > 0) {
    const [dist, node] = heap.pop();
    if (dist > distance[node]) {
      continue;
    }
    for (const [next, weight] of adjacent[node]) {
      if (dist + weight < distance[next]) {
        distance[next] = dist + weight;
        heap.push([dist + weight, next]);
      }
    }
  }
  return distance.map((d) => (d === Number.POSITIVE_INFINITY ? -1 : d));
}

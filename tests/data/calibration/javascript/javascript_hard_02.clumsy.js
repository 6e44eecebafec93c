function shortestPaths(n, edges, source) {
  if (source < 0 || source >= n || Math.floor(source) != source) {
    throw new RangeError("bad source");
  }
  var adj = [];
  for (var i = 0; i < n; i++) adj.push([]);
  for (var e = 0; e < edges.length; e++) {
    var u = edges[e][0], v = edges[e][1], w = edges[e][2];
    if (u < 0 || u >= n || v < 0 || v >= n || w < 0) {
      throw new RangeError("bad edge");
    }
    adj[u].push([v, w]);
  }
  var dist = [];
  for (var j = 0; j < n; j++) dist.push(-1);
  dist[source] = 0;
  var heap = [[0, source]];
  while (heap.length > 0) {
    var top = heap[0];
    var last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      var p = 0;
      for (;;) {
        var l = 2 * p + 1, r = 2 * p + 2, m = p;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m == p) break;
        var tmp = heap[m]; heap[m] = heap[p]; heap[p] = tmp;
        p = m;
      }
    }
    var d = top[0], node = top[1];
    if (d > dist[node] && dist[node] != -1) continue;
    for (var a = 0; a < adj[node].length; a++) {
      var next = adj[node][a][0], nd = d + adj[node][a][1];
      if (dist[next] == -1 || nd < dist[next]) {
        dist[next] = nd;
        heap.push([nd, next]);
        var c = heap.length - 1;
        while (c > 0) {
          var par = Math.floor((c - 1) / 2);
          if (heap[par][0] <= heap[c][0]) break;
          var t = heap[par]; heap[par] = heap[c]; heap[c] = t;
          c = par;
        }
      }
    }
  }
  return dist;
}

module.exports = { shortestPaths: shortestPaths };

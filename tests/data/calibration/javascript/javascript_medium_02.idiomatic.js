/**
 * Decode one component of a query: '+' is a space, then percent escapes.
 * @param {string} text
 * @returns {string}
 */
const decode = (text) => decodeURIComponent(text.replaceAll("+", " "));

/**
 * The keys and values of a URL query string; a repeated key gives an array.
 * @param {string} query
 * @returns {Record<string, string | string[]>}
 */
export function parseQuery(query) {
  const params = new Map();
  for (const pair of query.replace(/^\?/, "").split("&")) {
    if (pair === "") {
      continue;
    }
    const [rawKey, ...rest] = pair.split("=");
    const key = decode(rawKey);
    const value = decode(rest.join("="));
    const seen = params.get(key);
    if (seen === undefined) {
      params.set(key, value);
    } else if (Array.isArray(seen)) {
      seen.push(value);
    } else {
      params.set(key, [seen, value]);
    }
  }
  return Object.fromEntries(params);
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (limit <= 0 || Math.floor(limit) != limit || isNaN(limit)) {
    throw new RangeError("bad limit");
  }
  let results: any[] = [];
  for (let i = 0; i < items.length; i++) {
    results.push(undefined);
  }
  let nextIndex = 0;
  let running = 0;
  let finished = 0;
  let stopped = false;
  return new Promise(function (resolve, reject) {
    if (items.length == 0) {
      resolve([]);
      return;
    }
    let startNext = function () {
      if (stopped == false) {
        while (running < limit && nextIndex < items.length) {
          let i = nextIndex;
          nextIndex = nextIndex + 1;
          running = running + 1;
          fn(items[i], i).then(
            function (value) {
              results[i] = value;
              running = running - 1;
              finished = finished + 1;
              if (finished == items.length) {
                resolve(results);
              } else {
                startNext();
              }
            },
            function (err) {
              if (stopped == false) {
                stopped = true;
                reject(err);
              }
            },
          );
        }
      }
    };
    startNext();
  });
}

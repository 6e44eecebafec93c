function mapLimit(items, limit, fn) {
  return new Promise(function (resolve, reject) {
    if (typeof limit != "number" || limit < 1 || Math.floor(limit) != limit) {
      reject(new RangeError("bad limit"));
      return;
    }
    var results = [];
    var next = 0;
    var running = 0;
    var done = 0;
    var failed = false;
    if (items.length == 0) {
      resolve(results);
      return;
    }
    function start() {
      while (running < limit && next < items.length && !failed) {
        var index = next;
        next = next + 1;
        running = running + 1;
        fn(items[index], index).then(
          (function (i) {
            return function (value) {
              results[i] = value;
              running = running - 1;
              done = done + 1;
              if (done == items.length) {
                resolve(results);
              } else {
                start();
              }
            };
          })(index),
          function (error) {
            failed = true;
            reject(error);
          },
        );
      }
    }
    start();
  });
}

module.exports = { mapLimit: mapLimit };

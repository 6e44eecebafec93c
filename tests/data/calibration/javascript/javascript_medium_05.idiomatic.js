/**
 * A debounced fn: called once, wait ms after the last call, with that call's arguments.
 * @param {(...args: any[]) => void} fn
 * @param {number} wait
 * @returns {((...args: any[]) => void) & { cancel: () => void, flush: () => void }}
 */
export function debounce(fn, wait) {
  if (typeof wait !== "number" || !(wait >= 0)) {
    throw new RangeError(`wait must be a non-negative number, not ${wait}`);
  }
  let timer;
  let pending;

  const run = () => {
    const { self, args } = pending;
    clearTimeout(timer);
    timer = undefined;
    pending = undefined;
    fn.apply(self, args);
  };

  function debounced(...args) {
    pending = { self: this, args };
    clearTimeout(timer);
    timer = setTimeout(run, wait);
  }

  debounced.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  debounced.flush = () => {
    if (pending !== undefined) {
      run();
    }
  };
  return debounced;
}

type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | { readonly [key: string]: Json };

function setIn(value: Json, path: readonly (string | number)[], newValue: Json): Json {
  if (path.length == 0) {
    return newValue;
  }
  let step = path[0];
  let rest: (string | number)[] = [];
  for (let i = 1; i < path.length; i++) {
    rest.push(path[i]);
  }
  let current: any = value;
  if (typeof step == "number") {
    if (step < 0 || Math.floor(step) != step) {
      throw new RangeError("bad index");
    }
    if (current == null) {
      current = [];
    }
    if (Array.isArray(current)) {
      let copy: any[] = [];
      for (let i = 0; i < current.length; i++) {
        copy.push(current[i]);
      }
      while (copy.length < step) {
        copy.push(null);
      }
      let child = null;
      if (step < current.length) {
        child = current[step];
      }
      copy[step] = setIn(child, rest, newValue);
      return copy;
    } else {
      throw new TypeError("not an array");
    }
  } else {
    if (current == null) {
      current = {};
    }
    if (typeof current == "object" && !Array.isArray(current)) {
      let copy: any = {};
      for (let key in current) {
        copy[key] = current[key];
      }
      let child = null;
      if (current.hasOwnProperty(step)) {
        child = current[step];
      }
      copy[step] = setIn(child, rest, newValue);
      return copy;
    } else {
      throw new TypeError("not an object");
    }
  }
}

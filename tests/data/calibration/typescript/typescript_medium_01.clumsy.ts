type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

type DurationError = "empty" | "syntax" | "duplicate" | "order";

function parseDuration(text: string): Result<number, DurationError> {
  let s = text.trim();
  if (s.length == 0) {
    return { ok: false, error: "empty" };
  }
  let numbers: number[] = [];
  let units: string[] = [];
  let i = 0;
  while (i < s.length) {
    let digits = "";
    while (i < s.length && s[i] >= "0" && s[i] <= "9") {
      digits = digits + s[i];
      i = i + 1;
    }
    if (digits == "") {
      return { ok: false, error: "syntax" };
    }
    if (i >= s.length) {
      return { ok: false, error: "syntax" };
    }
    let u = s[i];
    if (u != "d" && u != "h" && u != "m" && u != "s") {
      return { ok: false, error: "syntax" };
    }
    i = i + 1;
    numbers.push(parseInt(digits));
    units.push(u);
    while (i < s.length && (s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r")) {
      i = i + 1;
    }
  }
  for (let a = 0; a < units.length; a++) {
    for (let b = a + 1; b < units.length; b++) {
      if (units[a] == units[b]) {
        return { ok: false, error: "duplicate" };
      }
    }
  }
  let order = "dhms";
  for (let a = 1; a < units.length; a++) {
    if (order.indexOf(units[a]) < order.indexOf(units[a - 1])) {
      return { ok: false, error: "order" };
    }
  }
  let total = 0;
  for (let a = 0; a < units.length; a++) {
    if (units[a] == "d") {
      total = total + numbers[a] * 86400;
    } else if (units[a] == "h") {
      total = total + numbers[a] * 3600;
    } else if (units[a] == "m") {
      total = total + numbers[a] * 60;
    } else {
      total = total + numbers[a] * 1;
    }
  }
  return { ok: true, value: total };
}

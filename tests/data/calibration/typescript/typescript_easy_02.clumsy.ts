function sumNumbers(value: any): number {
  var total = 0;
  if (typeof value == "number") {
    if (!isNaN(value) && value != Infinity && value != -Infinity) {
      total = total + value;
    }
  } else {
    if (Array.isArray(value)) {
      for (var i = 0; i < value.length; i++) {
        total = total + sumNumbers(value[i]);
      }
    } else {
      if (typeof value == "object" && value != null) {
        for (var key in value) {
          total = total + sumNumbers(value[key]);
        }
      }
    }
  }
  return total;
}

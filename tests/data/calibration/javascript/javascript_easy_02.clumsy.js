function moveZeros(nums) {
  var result = [];
  var zeros = 0;
  for (var i = 0; i < nums.length; i++) {
    if (nums[i] == 0) {
      zeros++;
    } else {
      result.push(nums[i]);
    }
  }
  for (var k = 0; k < zeros; k++) {
    result.push(0);
  }
  return result;
}

module.exports = { moveZeros: moveZeros };

/**
 * The elements of nums in order, zeros moved to the end; nums is not changed.
 * @param {number[]} nums
 * @returns {number[]}
 */
export function moveZeros(nums) {
  const rest = nums.filter((n) => n !== 0);
  return [...rest, ...new Array(nums.length - rest.length).fill(0)];
}

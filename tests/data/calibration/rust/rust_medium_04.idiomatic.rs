//! A lazy sliding-window maximum over any source of values.

use std::collections::VecDeque;
use std::iter;

/// Yields the maximum of every window of `k` consecutive `values`, in order.
///
/// Nothing is yielded when `k` is 0 or exceeds the number of values. The source is read
/// lazily, `k` values for the first window and one more for each later one, so it may be
/// infinite. A monotonic queue keeps the candidates for the maximum, so each value is
/// pushed and popped at most once: the whole run is `O(n)`.
pub fn sliding_max(values: impl IntoIterator<Item = i64>, k: usize) -> impl Iterator<Item = i64> {
    let mut source = values.into_iter().enumerate();
    // `(position, value)` pairs, values strictly decreasing: the front is the maximum.
    let mut candidates: VecDeque<(usize, i64)> = VecDeque::new();
    iter::from_fn(move || {
        if k == 0 {
            return None;
        }
        loop {
            let (position, value) = source.next()?;
            while candidates.back().is_some_and(|&(_, last)| last <= value) {
                candidates.pop_back();
            }
            candidates.push_back((position, value));
            if candidates
                .front()
                .is_some_and(|&(first, _)| first + k <= position)
            {
                candidates.pop_front();
            }
            if position + 1 >= k {
                return candidates.front().map(|&(_, max)| max);
            }
        }
    })
}

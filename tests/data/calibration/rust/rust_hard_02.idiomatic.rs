//! A parallel map over a bounded pool of scoped threads.

use std::panic;
use std::sync::{Mutex, PoisonError};
use std::thread;

/// Applies `f` to every item on at most `workers` threads (0 counts as 1) and returns the
/// results in the order of `items`.
///
/// Scheduling is dynamic: each worker takes the next item not yet started, so one slow item
/// does not hold up the others. The threads are scoped, so `items`, the results and `f` may
/// borrow from the caller.
///
/// # Panics
///
/// If a call of `f` panics, the panic is resumed here once every worker has stopped.
pub fn parallel_map<T, U, F>(items: Vec<T>, workers: usize, f: F) -> Vec<U>
where
    T: Send,
    U: Send,
    F: Fn(T) -> U + Sync,
{
    let threads = workers.max(1).min(items.len());
    let queue = Mutex::new(items.into_iter().enumerate());
    let (queue, f) = (&queue, &f);
    let mut results: Vec<(usize, U)> = thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    while let Some((index, item)) = next_item(queue) {
                        done.push((index, f(item)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|payload| panic::resume_unwind(payload))
            })
            .collect()
    });
    results.sort_unstable_by_key(|&(index, _)| index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// Takes the next item off the shared queue; the lock is released before the item is used.
fn next_item<I: Iterator>(queue: &Mutex<I>) -> Option<I::Item> {
    queue.lock().unwrap_or_else(PoisonError::into_inner).next()
}

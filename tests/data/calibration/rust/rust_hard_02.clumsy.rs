use std::sync::{Arc, Mutex};
use std::thread;

pub fn parallel_map<T, U, F>(items: Vec<T>, workers: usize, f: F) -> Vec<U>
where
    T: Send,
    U: Send,
    F: Fn(T) -> U + Sync,
{
    let n = items.len();
    let mut numWorkers = workers;
    if numWorkers == 0 {
        numWorkers = 1;
    }
    if numWorkers > n {
        numWorkers = n;
    }
    let mut itemSlots: Vec<Option<T>> = Vec::new();
    for item in items {
        itemSlots.push(Some(item));
    }
    let mut resultSlots: Vec<Option<U>> = Vec::new();
    for _i in 0..n {
        resultSlots.push(None);
    }
    let itemsShared = Arc::new(Mutex::new(itemSlots));
    let results = Arc::new(Mutex::new(resultSlots));
    let next = Arc::new(Mutex::new(0));
    let func = Arc::new(&f);

    thread::scope(|s| {
        let mut handles = Vec::new();
        for _w in 0..numWorkers {
            let itemsShared = Arc::clone(&itemsShared);
            let results = Arc::clone(&results);
            let next = Arc::clone(&next);
            let func = Arc::clone(&func);
            let h = s.spawn(move || loop {
                let mut idx = next.lock().unwrap();
                if *idx >= n {
                    break;
                }
                let myIndex = *idx;
                *idx = *idx + 1;
                drop(idx);
                let item = itemsShared.lock().unwrap()[myIndex].take().unwrap();
                let r = func(item);
                results.lock().unwrap()[myIndex] = Some(r);
            });
            handles.push(h);
        }
        for h in handles {
            h.join().unwrap();
        }
    });

    let mut output: Vec<U> = Vec::new();
    let mut all = results.lock().unwrap();
    for i in 0..n {
        output.push(all[i].take().unwrap());
    }
    return output;
}

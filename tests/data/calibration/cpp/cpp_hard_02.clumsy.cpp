#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>
using namespace std;

mutex m;
int next_item;
int error_index;
exception_ptr error;

void worker(const vector<int>* items, vector<int>* results, const function<int(int)>* fn) {
    while (true) {
        int i;
        m.lock();
        i = next_item;
        next_item++;
        m.unlock();
        if (i >= items->size()) return;
        try {
            int r = (*fn)((*items)[i]);
            (*results)[i] = r;
        } catch (...) {
            m.lock();
            if (error == NULL || i < error_index) {
                error = current_exception();
                error_index = i;
            }
            m.unlock();
        }
    }
}

vector<int> parallel_map(const vector<int>& items, size_t workers, const function<int(int)>& fn) {
    vector<int> results(items.size());
    next_item = 0;
    error = NULL;
    error_index = 0;
    if (workers == 0) workers = 1;
    if (workers > items.size()) workers = items.size();
    thread** threads = new thread*[workers];
    for (int t = 0; t < workers; t++) {
        threads[t] = new thread(worker, &items, &results, &fn);
    }
    for (int t = 0; t < workers; t++) {
        threads[t]->join();
        delete threads[t];
    }
    delete[] threads;
    if (error != NULL) rethrow_exception(error);
    return results;
}

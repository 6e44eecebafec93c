#include <algorithm>
#include <string>
#include <string_view>

// Encodes each run of one repeated byte as its length followed by the byte.
std::string run_length_encode(std::string_view text) {
    std::string encoded;
    encoded.reserve(text.size());
    for (auto run = text.begin(); run != text.end();) {
        const auto next = std::find_if(run, text.end(), [run](char c) { return c != *run; });
        encoded.append(std::to_string(next - run)).push_back(*run);
        run = next;
    }
    return encoded;
}

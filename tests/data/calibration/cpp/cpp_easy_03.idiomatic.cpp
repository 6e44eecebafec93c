#include <cctype>
#include <map>
#include <string>

namespace {

bool in_word(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '\''; }

}  // namespace

// Counts the words (runs of letters and apostrophes) of `text`, case-insensitively.
std::map<std::string, int> word_frequencies(const std::string& text) {
    std::map<std::string, int> frequencies;
    std::string word;
    const auto count_word = [&] {
        if (word.find_first_not_of('\'') != std::string::npos) {
            ++frequencies[word];
        }
        word.clear();
    };
    for (const char c : text) {
        if (in_word(c)) {
            word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
            count_word();
        }
    }
    count_word();
    return frequencies;
}

#include <map>
#include <string>
using namespace std;

map<string, int> word_frequencies(string text) {
    map<string, int> result;
    string word = "";
    text = text + " ";
    for (int i = 0; i < text.length(); i++) {
        char c = text[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'') {
            if (c >= 'A' && c <= 'Z') c = c + 32;
            word = word + c;
        } else {
            bool letters = false;
            for (int j = 0; j < word.length(); j++) {
                if (word[j] != '\'') letters = true;
            }
            if (letters) {
                if (result.count(word) == 0) result[word] = 0;
                result[word] = result[word] + 1;
            }
            word = "";
        }
    }
    return result;
}

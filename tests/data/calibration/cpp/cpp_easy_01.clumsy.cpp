#include <string>
#include <string_view>
using namespace std;

string run_length_encode(string_view text) {
    string result = "";
    int i = 0;
    while (i < text.size()) {
        char c = text[i];
        int count = 0;
        while (i < text.size() && text[i] == c) {
            count = count + 1;
            i = i + 1;
        }
        result = result + to_string(count) + c;
    }
    return result;
}

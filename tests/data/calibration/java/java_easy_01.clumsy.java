import java.util.*;

class Solution {
    public List<String> topFrequentWords(String text, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k is negative");
        }
        HashMap<String, Integer> Counts = new HashMap<String, Integer>();
        ArrayList<String> word_list = new ArrayList<String>();
        String lower = text.toLowerCase(Locale.ROOT);
        String current = "";
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isLetter(c) || Character.isDigit(c)) {
                current = current + c;
            } else {
                if (!current.equals("")) {
                    if (Counts.containsKey(current)) {
                        Counts.put(current, Counts.get(current) + 1);
                    } else {
                        Counts.put(current, 1);
                        word_list.add(current);
                    }
                    current = "";
                }
            }
        }
        // the last word
        if (!current.equals("")) {
            if (Counts.containsKey(current)) {
                Counts.put(current, Counts.get(current) + 1);
            } else {
                Counts.put(current, 1);
                word_list.add(current);
            }
        }
        // sort: highest count first, then alphabetical
        for (int i = 0; i < word_list.size(); i++) {
            for (int j = i + 1; j < word_list.size(); j++) {
                String a = word_list.get(i);
                String b = word_list.get(j);
                if (Counts.get(b) > Counts.get(a) || (Counts.get(b).equals(Counts.get(a)) && b.compareTo(a) < 0)) {
                    word_list.set(i, b);
                    word_list.set(j, a);
                }
            }
        }
        ArrayList<String> result = new ArrayList<String>();
        for (int i = 0; i < word_list.size(); i++) {
            if (i < k) {
                result.add(word_list.get(i));
            }
        }
        return result;
    }
}

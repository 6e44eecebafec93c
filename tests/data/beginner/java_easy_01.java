import java.util.*;

public class Solution {
    public HashMap counts = new HashMap();
    public ArrayList words = new ArrayList();

    public List<String> topFrequentWords(String text, int k) {
        if (k < 0) throw new IllegalArgumentException("k is negative");
        String lower_text = text.toLowerCase(Locale.ROOT);
        String word = "";
        for (int i = 0; i <= lower_text.length(); i++) {
            char c = ' ';
            if (i < lower_text.length()) c = lower_text.charAt(i);
            if (Character.isLetter(c) == true || Character.isDigit(c) == true) {
                word = word + c;
            } else {
                if (word == "") continue;
                int count = 0;
                try {
                    count = (Integer) counts.get(word);
                } catch (Exception e) {
                }
                if (count == 0) words.add(word);
                counts.put(word, count + 1);
                word = "";
            }
        }
        System.out.println("counts: " + counts);
        // bubble sort
        for (int i = 0; i < words.size(); i++) {
            for (int j = 0; j < words.size() - 1 - i; j++) {
                String a = (String) words.get(j);
                String b = (String) words.get(j + 1);
                int ca = (Integer) counts.get(a);
                int cb = (Integer) counts.get(b);
                if (ca < cb || (ca == cb && a.compareTo(b) > 0)) {
                    words.set(j, b);
                    words.set(j + 1, a);
                }
            }
        }
        List<String> result = new ArrayList<String>();
        for (int i = 0; i < words.size() && i < k; i++) {
            result.add((String) words.get(i));
        }
        return result;
    }
}

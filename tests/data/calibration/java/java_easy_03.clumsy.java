import java.util.ArrayList;
import java.util.List;

class Solution {
    public record Interval(int start, int end) {
        public Interval {
            if (start > end) throw new IllegalArgumentException("bad interval");
        }
    }

    public List<Interval> merge(List<Interval> intervals) {
        ArrayList<Interval> list = new ArrayList<Interval>();
        for (int i = 0; i < intervals.size(); i++) {
            list.add(intervals.get(i));
        }
        // bubble sort by start
        for (int i = 0; i < list.size(); i++) {
            for (int j = 0; j < list.size() - 1; j++) {
                if (list.get(j).start() > list.get(j + 1).start()) {
                    Interval tmp = list.get(j);
                    list.set(j, list.get(j + 1));
                    list.set(j + 1, tmp);
                }
            }
        }
        ArrayList<Interval> result = new ArrayList<Interval>();
        int cur_start = 0;
        int cur_end = 0;
        boolean first = true;
        for (int i = 0; i < list.size(); i++) {
            Interval it = list.get(i);
            if (first == true) {
                cur_start = it.start();
                cur_end = it.end();
                first = false;
            } else {
                if (it.start() <= cur_end) {
                    if (it.end() > cur_end) {
                        cur_end = it.end();
                    }
                } else {
                    result.add(new Interval(cur_start, cur_end));
                    cur_start = it.start();
                    cur_end = it.end();
                }
            }
        }
        if (first == false) {
            result.add(new Interval(cur_start, cur_end));
        }
        return result;
    }
}

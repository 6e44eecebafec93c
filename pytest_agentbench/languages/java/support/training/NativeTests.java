import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainingTest {
  private Solution solution;

  @BeforeEach
  void setUp() {
    solution = new Solution();
  }

  @Test
  void passes() throws Exception {
    assertEquals(3, solution.fail(3));
    assertTrue(List.of(1).contains(1));
    assertArrayEquals(new int[] {1}, new int[] {1});
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<Integer> f = pool.submit(() -> solution.fail(2));
    assertEquals(2, f.get());
    pool.shutdown();
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> solution.fail(1));
    assertEquals("[1, 2]", TreeNode.of(1, 2).toString());
  }

  @Test
  void fails() {
    assertThrows(IllegalStateException.class, () -> solution.fail(-1));
    assertEquals(1, solution.fail(2), "expected to fail");
  }
}

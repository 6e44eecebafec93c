import unittest

from test_utils import WORDS, filled
from word_stack import WordStack


class WordStackTest(unittest.TestCase):
    def test_new_stack_is_empty(self):
        self.assertEqual(len(WordStack()), 0)

    def test_pop_returns_words_last_in_first_out(self):
        stack = filled(WordStack)
        for word in reversed(WORDS):
            with self.subTest(word=word):
                self.assertEqual(stack.pop(), word)

    def test_peek_leaves_the_word(self):
        stack = filled(WordStack)
        self.assertEqual(stack.peek(), "gamma")
        self.assertEqual(len(stack), 3)

    def test_pop_on_empty_stack_raises(self):
        with self.assertRaisesRegex(IndexError, r".+"):
            WordStack().pop()


def test_push_counts_words():
    assert len(filled(WordStack, ["one", "two"])) == 2

# frozen_string_literal: true

# Finds the +limit+ most frequent words of +text+, compared case-insensitively. A word is a
# run of ASCII letters; an apostrophe belongs to a word only between two letters ("don't").
#
# @param text [String]
# @param limit [Integer] how many words to return, at least 0
# @return [Array<Array(String, Integer)>] [word, count] pairs in lower case, most frequent
#   first, equal counts in alphabetical order
# @raise [ArgumentError] if +limit+ is negative
def top_words(text, limit)
  raise ArgumentError, "limit must not be negative, got #{limit}" if limit.negative?

  text.downcase
      .scan(/[a-z]+(?:'[a-z]+)*/)
      .tally
      .min_by(limit) { |word, count| [-count, word] }
end

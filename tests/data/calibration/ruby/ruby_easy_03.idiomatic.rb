# frozen_string_literal: true

# Run-length encodes +text+: each run of one repeated character becomes the character
# followed by the length of the run, which is left out for a run of one ("aaab" -> "a3b").
#
# @param text [String] any characters but ASCII digits
# @return [String] the encoding; "" for ""
# @raise [ArgumentError] if +text+ contains a digit, which would make the encoding ambiguous
def rle_encode(text)
  raise ArgumentError, 'text must not contain ASCII digits' if text.match?(/[0-9]/)

  text.gsub(/(.)\1+/m) { |run| "#{run[0]}#{run.length}" }
end

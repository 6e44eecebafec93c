# frozen_string_literal: true

# Splits +source+ into pages lazily: nothing is read from +source+ until a page is asked
# for, and then only the elements that page needs, so infinite sources work too.
#
# @param source [Enumerable] possibly infinite
# @param page_size [Integer] at least 1
# @param skip [Integer] elements to leave out before the first page, at least 0
# @return [Enumerator::Lazy] pages (Arrays) of +page_size+ elements; the last may be shorter
# @raise [ArgumentError] at once if +page_size+ < 1 or +skip+ < 0
def paginate(source, page_size, skip: 0)
  raise ArgumentError, "page_size must be at least 1, got #{page_size}" if page_size < 1
  raise ArgumentError, "skip must not be negative, got #{skip}" if skip.negative?

  source.lazy.drop(skip).each_slice(page_size)
end

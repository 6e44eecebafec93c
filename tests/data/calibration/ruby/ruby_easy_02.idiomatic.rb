# frozen_string_literal: true

# Follows the dotted +path+ ("users.0.name") through the nested Hashes and Arrays of +data+.
# A segment is a String key on a Hash and a decimal index (negative from the end) on an
# Array; any other value ends the path.
#
# @param data [Hash, Array, Object, nil]
# @param path [String] segments separated by dots; "" stands for +data+ itself
# @return [Object, nil] the value found (false and 0 included), or nil when the path cannot
#   be followed
def dig_path(data, path)
  path.split('.').reduce(data) do |node, segment|
    case node
    when Hash then node[segment]
    when Array then node[Integer(segment, 10)] if /\A-?\d+\z/.match?(segment)
    else break
    end
  end
end

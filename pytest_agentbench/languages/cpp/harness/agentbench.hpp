// Support header for C++ solutions run by pytest-agentbench (precompiled once per compiler).
//
// What does not change between problems: JSON (nlohmann/json, Debian's nlohmann-json3-dev),
// Catch2 v2 with every macro prefixed (CATCH_REQUIRE...; the plain names are defined after the
// solution, by agentbench_catch_names.hpp, so that a solution's own INFO or CHECK is never a
// Catch2 macro), and the codecs that turn a JSON argument into a parameter's type and a result
// back into JSON. The runner generates, per problem, the code that decodes each argument with
// the parameter's own type and calls the entry point; agentbench_support.cpp (built once) holds
// main, the outcome channel, the case loop, timing and the native test runner.
#ifndef AGENTBENCH_HPP
#define AGENTBENCH_HPP

#ifndef CATCH_CONFIG_PREFIX_ALL
#define CATCH_CONFIG_PREFIX_ALL
#endif
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <ranges>
#include <set>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

namespace agentbench {

using Json = nlohmann::json;

/// An argument that does not fit its parameter's type (reported as the case's exception).
struct ArgumentError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Thrown by SKIP(...) in a native test: the test is reported skipped, never passed.
struct TestSkipped : std::exception {
    explicit TestSkipped(std::string why) : reason(std::move(why)) {}
    const char* what() const noexcept override { return reason.c_str(); }
    std::string reason;
};
[[noreturn]] void skip_test(const std::string& reason);

/// The readable name of a type (demangled).
std::string demangle(const char* mangled);

/// A short text of a JSON value for error messages.
std::string describe(const Json& value);

[[noreturn]] inline void mismatch(const char* what, const Json& value) {
    throw ArgumentError(std::string("expected ") + what + ", got " + describe(value));
}

template <class T, class = void>
struct Codec;

template <class T>
using bare_t = std::remove_cv_t<std::remove_reference_t<T>>;

template <class T>
bare_t<T> decode(const Json& value) {
    return Codec<bare_t<T>>::decode(value);
}

template <class T>
Json encode(const T& value) {
    return Codec<bare_t<T>>::encode(value);
}

// ------------------------------------------------------------------ scalars

template <>
struct Codec<bool> {
    static bool decode(const Json& v) {
        if (!v.is_boolean()) mismatch("a boolean", v);
        return v.get<bool>();
    }
    static Json encode(bool b) { return b; }
};

template <>
struct Codec<char> {
    static char decode(const Json& v) {
        if (v.is_string() && v.get_ref<const std::string&>().size() == 1)
            return v.get_ref<const std::string&>()[0];
        if (v.is_number_integer()) return static_cast<char>(v.get<std::int64_t>());
        mismatch("a one-character string", v);
    }
    static Json encode(char c) { return std::string(1, c); }
};

template <class T>
struct Codec<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                 !std::is_same_v<T, char>>> {
    static T decode(const Json& v) {
        if (v.is_number_unsigned()) {
            auto n = v.get<std::uint64_t>();
            if (n > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
                throw ArgumentError("integer " + v.dump() + " does not fit " +
                                    demangle(typeid(T).name()));
            return static_cast<T>(n);
        }
        if (v.is_number_integer()) {
            auto n = v.get<std::int64_t>();
            if (!std::in_range<T>(n))
                throw ArgumentError("integer " + v.dump() + " does not fit " +
                                    demangle(typeid(T).name()));
            return static_cast<T>(n);
        }
        mismatch("an integer", v);
    }
    static Json encode(T n) {
        if constexpr (sizeof(T) > 8) {  // __int128: as a double when it does not fit 64 bits
            if (n > static_cast<T>(std::numeric_limits<std::int64_t>::max()) ||
                n < static_cast<T>(std::numeric_limits<std::int64_t>::min()))
                return static_cast<double>(n);
            return static_cast<std::int64_t>(n);
        } else {
            return n;
        }
    }
};

template <class T>
struct Codec<T, std::enable_if_t<std::is_floating_point_v<T>>> {
    static T decode(const Json& v) {
        if (v.is_number()) return static_cast<T>(v.get<double>());
        if (v.is_object() && v.contains("$float") && v["$float"].is_string()) {
            const auto& tag = v["$float"].get_ref<const std::string&>();
            if (tag == "nan") return std::numeric_limits<T>::quiet_NaN();
            if (tag == "inf") return std::numeric_limits<T>::infinity();
            if (tag == "-inf") return -std::numeric_limits<T>::infinity();
        }
        mismatch("a number", v);
    }
    static Json encode(T x) {
        if (std::isnan(x)) return Json{{"$float", "nan"}};
        if (std::isinf(x)) return Json{{"$float", x > 0 ? "inf" : "-inf"}};
        return static_cast<double>(x);
    }
};

template <>
struct Codec<std::string> {
    static std::string decode(const Json& v) {
        if (!v.is_string()) mismatch("a string", v);
        return v.get<std::string>();
    }
    static Json encode(const std::string& s) { return s; }
};

template <>
struct Codec<std::string_view> {  // results only: arguments are decoded as std::string
    static Json encode(std::string_view s) { return std::string(s); }
};

template <>
struct Codec<const char*> {
    static Json encode(const char* s) { return s == nullptr ? Json(nullptr) : Json(s); }
};

template <>
struct Codec<char*> {
    static Json encode(const char* s) { return s == nullptr ? Json(nullptr) : Json(s); }
};

template <>
struct Codec<std::nullptr_t> {
    static Json encode(std::nullptr_t) { return nullptr; }
};

template <>
struct Codec<std::monostate> {
    static Json encode(std::monostate) { return nullptr; }
};

// ------------------------------------------------------------------ containers

template <class T>
const Json& array_of(const Json& v) {
    if (!v.is_array()) mismatch("an array", v);
    return v;
}

template <class Seq>
Json encode_sequence(const Seq& items) {
    Json out = Json::array();
    for (const auto& item : items) out.push_back(encode(item));
    return out;
}

/// Items of an unordered container, in a deterministic order (sorted by their JSON text).
template <class Seq>
Json encode_sorted(const Seq& items) {
    std::vector<Json> values;
    for (const auto& item : items) values.push_back(encode(item));
    std::sort(values.begin(), values.end());
    return Json(values);
}

template <class T, class A>
struct Codec<std::vector<T, A>> {
    static std::vector<T, A> decode(const Json& v) {
        std::vector<T, A> out;
        out.reserve(array_of<T>(v).size());
        for (const auto& item : v) out.push_back(agentbench::decode<T>(item));
        return out;
    }
    static Json encode(const std::vector<T, A>& items) { return encode_sequence(items); }
};

template <class A>
struct Codec<std::vector<bool, A>> {
    static std::vector<bool, A> decode(const Json& v) {
        std::vector<bool, A> out;
        for (const auto& item : array_of<bool>(v)) out.push_back(agentbench::decode<bool>(item));
        return out;
    }
    static Json encode(const std::vector<bool, A>& items) {
        Json out = Json::array();
        for (bool b : items) out.push_back(b);
        return out;
    }
};

template <class T, std::size_t N>
struct Codec<std::array<T, N>> {
    static std::array<T, N> decode(const Json& v) {
        if (array_of<T>(v).size() != N)
            throw ArgumentError("expected an array of " + std::to_string(N) + " items, got " +
                                describe(v));
        std::array<T, N> out{};
        for (std::size_t i = 0; i < N; ++i) out[i] = agentbench::decode<T>(v[i]);
        return out;
    }
    static Json encode(const std::array<T, N>& items) { return encode_sequence(items); }
};

template <class Seq>
struct SequenceCodec {
    static Seq decode(const Json& v) {
        Seq out;
        for (const auto& item : array_of<Seq>(v))
            out.insert(out.end(), agentbench::decode<typename Seq::value_type>(item));
        return out;
    }
    static Json encode(const Seq& items) { return encode_sequence(items); }
};

template <class T, class A>
struct Codec<std::deque<T, A>> : SequenceCodec<std::deque<T, A>> {};
template <class T, class A>
struct Codec<std::list<T, A>> : SequenceCodec<std::list<T, A>> {};
template <class T, class C, class A>
struct Codec<std::set<T, C, A>> : SequenceCodec<std::set<T, C, A>> {};
template <class T, class C, class A>
struct Codec<std::multiset<T, C, A>> : SequenceCodec<std::multiset<T, C, A>> {};

template <class Set>
struct UnorderedCodec {
    static Set decode(const Json& v) {
        Set out;
        for (const auto& item : array_of<Set>(v))
            out.insert(agentbench::decode<typename Set::value_type>(item));
        return out;
    }
    static Json encode(const Set& items) { return encode_sorted(items); }
};

template <class T, class H, class E, class A>
struct Codec<std::unordered_set<T, H, E, A>> : UnorderedCodec<std::unordered_set<T, H, E, A>> {};
template <class T, class H, class E, class A>
struct Codec<std::unordered_multiset<T, H, E, A>>
    : UnorderedCodec<std::unordered_multiset<T, H, E, A>> {};

/// A map key from a JSON object's key (always a string): strings as they are, numbers parsed.
template <class K>
K decode_key(const std::string& key) {
    if constexpr (std::is_same_v<K, std::string>) {
        return key;
    } else {
        Json parsed = Json::parse(key, nullptr, false);
        if (parsed.is_discarded()) parsed = key;
        return agentbench::decode<K>(parsed);
    }
}

/// A JSON object's key for a map key: strings as they are, anything else as its JSON text.
template <class K>
std::string encode_key(const K& key) {
    Json value = encode(key);
    return value.is_string() ? value.get<std::string>() : value.dump();
}

template <class Map>
struct MapCodec {
    using K = typename Map::key_type;
    using V = typename Map::mapped_type;
    static Map decode(const Json& v) {
        Map out;
        if (v.is_object()) {
            for (const auto& [key, value] : v.items())
                out.emplace(decode_key<K>(key), agentbench::decode<V>(value));
            return out;
        }
        if (v.is_array()) {  // a list of [key, value] pairs
            for (const auto& pair : v) {
                if (!pair.is_array() || pair.size() != 2) mismatch("a [key, value] pair", pair);
                out.emplace(agentbench::decode<K>(pair[0]), agentbench::decode<V>(pair[1]));
            }
            return out;
        }
        mismatch("an object", v);
    }
    static Json encode(const Map& items) {
        Json out = Json::object();
        for (const auto& [key, value] : items) out[encode_key(key)] = agentbench::encode(value);
        return out;
    }
};

template <class K, class V, class C, class A>
struct Codec<std::map<K, V, C, A>> : MapCodec<std::map<K, V, C, A>> {};
template <class K, class V, class H, class E, class A>
struct Codec<std::unordered_map<K, V, H, E, A>> : MapCodec<std::unordered_map<K, V, H, E, A>> {};

template <class A, class B>
struct Codec<std::pair<A, B>> {
    static std::pair<A, B> decode(const Json& v) {
        if (!v.is_array() || v.size() != 2) mismatch("a pair [first, second]", v);
        return {agentbench::decode<A>(v[0]), agentbench::decode<B>(v[1])};
    }
    static Json encode(const std::pair<A, B>& p) {
        return Json::array({agentbench::encode(p.first), agentbench::encode(p.second)});
    }
};

template <class... T>
struct Codec<std::tuple<T...>> {
    static std::tuple<T...> decode(const Json& v) {
        if (!v.is_array() || v.size() != sizeof...(T))
            throw ArgumentError("expected an array of " + std::to_string(sizeof...(T)) +
                                " items, got " + describe(v));
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return std::tuple<T...>(agentbench::decode<T>(v[I])...);
        }(std::index_sequence_for<T...>{});
    }
    static Json encode(const std::tuple<T...>& t) {
        Json out = Json::array();
        std::apply([&](const auto&... item) { (out.push_back(agentbench::encode(item)), ...); },
                   t);
        return out;
    }
};

template <class T>
struct Codec<std::optional<T>> {
    static std::optional<T> decode(const Json& v) {
        if (v.is_null()) return std::nullopt;
        return agentbench::decode<T>(v);
    }
    static Json encode(const std::optional<T>& o) {
        return o ? agentbench::encode(*o) : Json(nullptr);
    }
};

template <class... T>
struct Codec<std::variant<T...>> {
    static Json encode(const std::variant<T...>& v) {
        return std::visit([](const auto& held) { return agentbench::encode(held); }, v);
    }
};

template <class T>
struct Codec<std::future<T>> {  // an asynchronous result: what it resolves to
    static Json encode(const std::future<T>& f) {
        auto& future = const_cast<std::future<T>&>(f);
        if constexpr (std::is_void_v<T>) {
            future.get();
            return nullptr;
        } else {
            return agentbench::encode(future.get());
        }
    }
};

template <class T>
struct Codec<std::shared_future<T>> {
    static Json encode(const std::shared_future<T>& f) {
        if constexpr (std::is_void_v<T>) {
            f.get();
            return nullptr;
        } else {
            return agentbench::encode(f.get());
        }
    }
};

template <class T, class D>
struct Codec<std::unique_ptr<T, D>> {
    static std::unique_ptr<T, D> decode(const Json& v) {
        if (v.is_null()) return nullptr;
        return std::unique_ptr<T, D>(new T(agentbench::decode<T>(v)));
    }
    static Json encode(const std::unique_ptr<T, D>& p) {
        return p ? agentbench::encode(*p) : Json(nullptr);
    }
};

template <class T>
struct Codec<std::shared_ptr<T>> {
    static std::shared_ptr<T> decode(const Json& v) {
        if (v.is_null()) return nullptr;
        return std::make_shared<T>(agentbench::decode<T>(v));
    }
    static Json encode(const std::shared_ptr<T>& p) {
        return p ? agentbench::encode(*p) : Json(nullptr);
    }
};

template <class T, std::size_t N>
struct Codec<std::span<T, N>> {  // results only: arguments are decoded as std::vector
    static Json encode(std::span<T, N> items) { return encode_sequence(items); }
};

// ------------------------------------------------------------------ anything else

template <class T, class = void>
struct has_ostream : std::false_type {};
template <class T>
struct has_ostream<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};

template <class T, class = void>
struct has_to_json : std::false_type {};
template <class T>
struct has_to_json<T, std::void_t<decltype(to_json(std::declval<Json&>(), std::declval<const T&>()))>>
    : std::true_type {};

/// Types the codecs above do not know: nlohmann's own conversions (a to_json/from_json the
/// solution defines, enums as their numbers), else ``{"$repr": <operator<< text>, "$type"}``.
template <class T, class E>
struct Codec {
    static T decode(const Json& v) {
        if constexpr (std::is_enum_v<T>) {
            return static_cast<T>(agentbench::decode<std::underlying_type_t<T>>(v));
        } else if constexpr (std::is_default_constructible_v<T>) {
            try {
                return v.get<T>();
            } catch (const nlohmann::json::exception& e) {
                throw ArgumentError(std::string("cannot read ") + demangle(typeid(T).name()) +
                                    " from " + describe(v) + ": " + e.what());
            }
        } else {
            static_assert(std::is_default_constructible_v<T>,
                          "pytest-agentbench cannot build this parameter type from JSON");
        }
    }
    static Json encode(const T& value) {
        if constexpr (std::is_enum_v<T>) {
            return static_cast<std::underlying_type_t<T>>(value);
        } else if constexpr (has_to_json<T>::value) {
            Json out;
            to_json(out, value);
            return out;
        } else if constexpr (std::is_pointer_v<T>) {
            return value == nullptr ? Json(nullptr) : agentbench::encode(*value);
        } else if constexpr (has_ostream<T>::value) {
            std::ostringstream text;
            text << value;
            return Json{{"$repr", text.str()}, {"$type", demangle(typeid(T).name())}};
        } else {
            return Json{{"$repr", "<" + demangle(typeid(T).name()) + ">"},
                        {"$type", demangle(typeid(T).name())}};
        }
    }
};

// ------------------------------------------------------------------ calling

/// What a parameter of type P is decoded into: an owning type that P can be made from.
template <class P>
struct storage {
    using type = bare_t<P>;
};
template <>
struct storage<std::string_view> {
    using type = std::string;
};
template <>
struct storage<const char*> {
    using type = std::string;
};
template <class T, std::size_t N>
struct storage<std::span<T, N>> {
    using type = std::vector<std::remove_const_t<T>>;
};
template <class P>
using storage_t = typename storage<bare_t<P>>::type;

/// A decoded argument as the parameter of type P takes it.
template <class P, class S>
decltype(auto) pass(S& stored) {
    if constexpr (std::is_same_v<bare_t<P>, const char*>) {
        return stored.c_str();
    } else if constexpr (std::is_rvalue_reference_v<P> ||
                         (!std::is_reference_v<P> && !std::is_copy_constructible_v<S>)) {
        return std::move(stored);
    } else {
        return (stored);
    }
}

/// A decoded argument passed by a call that uses it once (a timed call): moved into a
/// by-value parameter of its own type, as a caller passes a temporary, else as ``pass``.
template <class P, class S>
decltype(auto) pass_once(S& stored) {
    if constexpr (!std::is_reference_v<P> && std::is_same_v<bare_t<P>, S> &&
                  std::is_move_constructible_v<S>) {
        return std::move(stored);
    } else {
        return pass<P>(stored);
    }
}

/// The argument at ``index`` (a missing one is an ArgumentError).
const Json& argument(const Json& args, std::size_t index);

/// The JSON of what ``call()`` returns (null for void).
template <class F>
Json result(F&& call) {
    if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
        std::forward<F>(call)();
        return nullptr;
    } else {
        return encode(std::forward<F>(call)());
    }
}

/// Makes what ``p`` points to observable: the optimiser must assume it is read, and that any
/// memory may be, so the work that produced it cannot be dropped.
inline void escape(const void* p) { asm volatile("" : : "g"(p) : "memory"); }

template <class T>
struct is_future : std::false_type {};
template <class T>
struct is_future<std::future<T>> : std::true_type {};
template <class T>
struct is_future<std::shared_future<T>> : std::true_type {};

/// Reads a lazy result, inside the timed unit, so that a lazy answer is not timed as free: a
/// future is waited for (a deferred one runs; an exception it holds is thrown), a
/// ``std::ranges`` view that is not contiguous (a transform or filter view, ``iota``...) is
/// iterated, at most 10^6 items as a data case's result is read. Anything else was computed.
template <class R>
void observe(R& value) {
    using T = bare_t<R>;
    if constexpr (is_future<T>::value) {
        if (value.valid()) value.get();
    } else if constexpr (std::ranges::view<T> && std::ranges::input_range<R&> &&
                         !std::ranges::contiguous_range<T>) {
        std::size_t read = 0;
        for (auto&& item : value) {
            escape(std::addressof(item));
            if (++read == 1000000) break;
        }
    }
}

/// A timed call's result, discarded but observable (and read when it is lazy).
template <class F>
void discard(F&& call) {
    if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
        std::forward<F>(call)();
    } else {
        decltype(auto) kept = std::forward<F>(call)();
        observe(kept);
        escape(std::addressof(kept));
    }
}

/// What one timed unit took: CPU seconds (the calling thread's, or the process's when the
/// unit clearly worked in other threads too) and wall seconds (what the cut-off compares).
struct Measured {
    double cpu;
    double wall;
};

double cpu_now(bool process);
double wall_now();

/// The clock of a timed unit, as the support library's cut-off watchdog sees it: a solution's
/// unit is watched from its start to its end (the timing job sets the limit).
void unit_started();
void unit_stopped();
struct UnitClock {
    UnitClock() { unit_started(); }
    ~UnitClock() { unit_stopped(); }
    UnitClock(const UnitClock&) = delete;
    UnitClock& operator=(const UnitClock&) = delete;
};

/// One timed unit: ``call()`` with a lazy result read inside and the result kept observable;
/// the result is destroyed after the clock stops.
template <class F>
Measured time_call(F&& call) {
    using R = std::invoke_result_t<F>;
    using Kept = std::conditional_t<std::is_void_v<R>, int, std::remove_reference_t<R>>;
    std::optional<Kept> kept;
    double thread = 0, process = 0, wall = 0;
    {
        UnitClock clock;
        const double wall0 = wall_now();
        const double thread0 = cpu_now(false);
        const double process0 = cpu_now(true);
        if constexpr (std::is_void_v<R>) {
            std::forward<F>(call)();
        } else {
            kept.emplace(std::forward<F>(call)());
            observe(*kept);
            // the result escapes: the optimiser may not drop a call whose value is never read
            escape(std::addressof(*kept));
        }
        thread = cpu_now(false) - thread0;
        process = cpu_now(true) - process0;
        wall = wall_now() - wall0;
    }
    return {process > thread * 1.2 + 0.001 ? process : thread, wall};
}

/// One object of a class-design problem: its methods by name, its public fields by name.
struct Object {
    virtual ~Object() = default;
    virtual Json call(const std::string& method, const Json& args) = 0;
    virtual Json attribute(const std::string& name) = 0;
};

/// Whether an exception is of a type the cases name in ``raises`` (or derives from it).
using Matcher = bool (*)(std::exception_ptr);

/// Whether a decoded argument owns all it holds (no pointer inside, whose pointee a call could
/// change): then a copy of it is as fresh as a new decoding, and much cheaper.
template <class T>
struct copy_safe : std::bool_constant<std::is_arithmetic_v<T> || std::is_enum_v<T>> {};
template <class T>
inline constexpr bool copy_safe_v = copy_safe<bare_t<T>>::value;
template <class C, class T, class A>
struct copy_safe<std::basic_string<C, T, A>> : std::true_type {};
template <class T, class A>
struct copy_safe<std::vector<T, A>> : copy_safe<T> {};
template <class T, class A>
struct copy_safe<std::deque<T, A>> : copy_safe<T> {};
template <class T, class A>
struct copy_safe<std::list<T, A>> : copy_safe<T> {};
template <class T, std::size_t N>
struct copy_safe<std::array<T, N>> : copy_safe<T> {};
template <class T>
struct copy_safe<std::optional<T>> : copy_safe<T> {};
template <class T, class C, class A>
struct copy_safe<std::set<T, C, A>> : copy_safe<T> {};
template <class T, class C, class A>
struct copy_safe<std::multiset<T, C, A>> : copy_safe<T> {};
template <class T, class H, class E, class A>
struct copy_safe<std::unordered_set<T, H, E, A>> : copy_safe<T> {};
template <class T, class H, class E, class A>
struct copy_safe<std::unordered_multiset<T, H, E, A>> : copy_safe<T> {};
template <class K, class V, class C, class A>
struct copy_safe<std::map<K, V, C, A>> : std::bool_constant<copy_safe_v<K> && copy_safe_v<V>> {};
template <class K, class V, class H, class E, class A>
struct copy_safe<std::unordered_map<K, V, H, E, A>>
    : std::bool_constant<copy_safe_v<K> && copy_safe_v<V>> {};
template <class A, class B>
struct copy_safe<std::pair<A, B>> : std::bool_constant<copy_safe_v<A> && copy_safe_v<B>> {};
template <class... T>
struct copy_safe<std::tuple<T...>> : std::bool_constant<(copy_safe_v<T> && ...)> {};

/// Whether a prepared alternative may be copied: what its ``copy_safe`` says (a
/// ``std::monostate`` holds nothing).
template <class C>
constexpr bool prepared_copy_safe() {
    if constexpr (requires { C::copy_safe; }) {
        return C::copy_safe;
    } else {
        return std::is_empty_v<C>;
    }
}

/// Arguments prepared once (a ``std::variant`` of structs whose ``copy_safe`` says whether
/// all their members are), afresh for the next unit: a copy when that is safe, else what
/// ``again()`` decodes anew (as a caller's fresh arguments: an in-place sort never gets a
/// sorted input, a call that cut a list never gets the cut list).
template <class V, class F>
V fresh(const V& once, F&& again) {
    return std::visit(
        [&](const auto& prepared) -> V {
            using C = bare_t<decltype(prepared)>;
            if constexpr (prepared_copy_safe<C>()) {
                return V{std::in_place_type<C>, prepared};
            } else {
                return std::forward<F>(again)();
            }
        },
        once);
}

/// One timed unit of a contender at a size, on fresh arguments.
using TimedUnit = std::function<Measured()>;
/// A contender of a timing job: prepares a size (its ``args``, or its ``init`` and ``calls``,
/// decoded once, before any clock) and gives its units.
using TimedContender = std::function<TimedUnit(const Json& size)>;

/// What the generated code of a problem hands to the harness.
struct Entry {
    std::function<Json(const Json&)> call;                        // function problems
    std::function<std::unique_ptr<Object>(const Json&)> construct;  // class problems
    std::vector<std::pair<std::string, Matcher>> raises;
    // a timing job's contenders by folder (each in a namespace of its own), made on loading
    std::vector<std::pair<std::string, TimedContender (*)()>> contenders;
};

}  // namespace agentbench

/// Defined by the code the runner generates for each problem.
agentbench::Entry agentbench_entry();

#endif  // AGENTBENCH_HPP

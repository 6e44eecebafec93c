// Support library for C++ solutions run by pytest-agentbench, compiled once per compiler and
// linked into every problem's binary (first on the link line).
//
// It holds main(), the outcome channel, the loop over the cases of job.json, the timing job,
// Catch2's implementation and the native test runner. Every event goes through the channel
// (pytest_agentbench/channel.py): one JSON line carrying the channel's token as "t", written to
// the inherited descriptor named by AGENTBENCH_EVENTS_FD. The token is read from
// AGENTBENCH_TOKEN_FD (a pipe, read to its end and closed) by a function in .preinit_array,
// which the dynamic loader runs before any constructor of the executable or of the libraries
// it loads; this object comes first on the link line, so no static initialiser of the solution
// runs before it. Nothing the plugin reads to judge is written to the work directory or stdout.
//
// Native tests (Catch2 v2 TEST_CASEs) run each in a process of its own (a fork, which forgets
// the token and the channel before the test runs), driven by Catch2's own RunContext with a
// reporter that writes the test's outcome into a private pipe to this process.
#define CATCH_CONFIG_RUNNER
#include "agentbench.hpp"

#include <cxxabi.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <thread>

namespace agentbench {

// ------------------------------------------------------------------ the channel

namespace {

char g_token[257];
int g_events_fd = -1;
bool g_channel_ok = false;
const char* g_channel_error = "the outcome channel is not set up";

/// A descriptor named in the environment ``envp`` (libc's own environ is not set up yet when
/// the loader runs .preinit_array).
int fd_from_env(char** envp, const char* name) {
    const std::size_t length = std::strlen(name);
    const char* text = nullptr;
    for (char** entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
        if (std::strncmp(*entry, name, length) == 0 && (*entry)[length] == '=')
            text = *entry + length + 1;
    }
    if (text == nullptr || *text == '\0') return -1;
    char* end = nullptr;
    long fd = std::strtol(text, &end, 10);
    return (*end == '\0' && fd >= 0 && fd < 65536) ? static_cast<int>(fd) : -1;
}

/// Runs before every constructor of the executable: reads the token and closes its pipe.
void read_token(int, char**, char** envp) {
    const int token_fd = fd_from_env(envp, "AGENTBENCH_TOKEN_FD");
    g_events_fd = fd_from_env(envp, "AGENTBENCH_EVENTS_FD");
    if (token_fd < 0 || g_events_fd < 0) {
        g_channel_error = "AGENTBENCH_EVENTS_FD or AGENTBENCH_TOKEN_FD is not set";
        return;
    }
    std::size_t used = 0;
    while (used < sizeof g_token - 1) {
        ssize_t got = ::read(token_fd, g_token + used, sizeof g_token - 1 - used);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        used += static_cast<std::size_t>(got);
    }
    g_token[used] = '\0';
    ::close(token_fd);
    ::fcntl(g_events_fd, F_SETFD, FD_CLOEXEC);
    g_channel_ok = used > 0;
    if (!g_channel_ok) g_channel_error = "the token pipe was empty";
}

__attribute__((section(".preinit_array"), used)) void (*const g_read_token)(int, char**,
                                                                             char**) = read_token;

void write_all(int fd, const std::string& text) {
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        ssize_t done = ::write(fd, data, left);
        if (done < 0 && errno == EINTR) continue;
        if (done <= 0) return;
        data += done;
        left -= static_cast<std::size_t>(done);
    }
}

std::string dump(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// One event: ``fields`` with "event" and the token added, as one line.
void event(const char* kind, Json fields = Json::object()) {
    fields["event"] = kind;
    fields["t"] = g_token;
    write_all(g_events_fd, dump(fields) + "\n");
}

}  // namespace

// ------------------------------------------------------------------ helpers of the header

std::string demangle(const char* mangled) {
    int status = 0;
    char* readable = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
    std::string out = status == 0 && readable != nullptr ? readable : mangled;
    std::free(readable);
    return out;
}

std::string describe(const Json& value) {
    std::string text = dump(value);
    return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

const Json& argument(const Json& args, std::size_t index) {
    if (!args.is_array() || index >= args.size())
        throw ArgumentError("missing argument " + std::to_string(index + 1));
    return args[index];
}

double wall_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double cpu_now(bool process) {
    timespec now{};
    ::clock_gettime(process ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

namespace {
thread_local bool t_skipped = false;
thread_local std::string t_skip_reason;
}  // namespace

void skip_test(const std::string& reason) {
    t_skipped = true;
    t_skip_reason = reason;
    throw TestSkipped(reason);
}

// ------------------------------------------------------------------ failures

namespace {

struct Failure {
    std::string type;
    std::string message;
    Json fields() const { return Json{{"error_type", type}, {"message", message}}; }
};

/// The exception in flight, named: its type (the expected name of the case when it is of
/// that type or derives from it) and its message.
Failure current_failure(const Entry& entry, const std::string& expected) {
    std::exception_ptr error = std::current_exception();
    Failure out{"exception", ""};
    if (!expected.empty()) {
        for (const auto& [name, matches] : entry.raises) {
            if (name == expected && matches(error)) out.type = expected;
        }
    }
    try {
        std::rethrow_exception(error);
    } catch (const ArgumentError& e) {  // an argument that does not fit (the harness's own)
        out.type = "ArgumentError";
        out.message = e.what();
    } catch (const std::bad_alloc& e) {  // the memory limit: the judge reads "out of memory"
        if (out.type == "exception") out.type = demangle(typeid(e).name());
        out.message = std::string("out of memory (") + e.what() + ")";
    } catch (const std::exception& e) {
        if (out.type == "exception") out.type = demangle(typeid(e).name());
        out.message = e.what();
    } catch (...) {
        if (out.type == "exception") {
            std::type_info* type = abi::__cxa_current_exception_type();
            out.type = type != nullptr ? demangle(type->name()) : "unknown";
        }
        out.message = "a value that is not a std::exception was thrown";
    }
    return out;
}

std::string string_of(const Json& value, const char* key) {
    auto found = value.find(key);
    return found != value.end() && found->is_string() ? found->get<std::string>() : "";
}

/// The positional arguments of a call: ``args``, then each keyword argument at the place of
/// its parameter (C++ has no keyword arguments).
Json with_keywords(const Json& call, const char* args_key, const char* kwargs_key,
                   const Json& names) {
    Json out = call.contains(args_key) && call[args_key].is_array() ? call[args_key]
                                                                      : Json::array();
    if (!call.contains(kwargs_key) || !call[kwargs_key].is_object()) return out;
    Json rest = call[kwargs_key];
    for (std::size_t i = out.size(); i < names.size() && !rest.empty(); ++i) {
        if (!names[i].is_string() || !rest.contains(names[i].get<std::string>())) break;
        out.push_back(rest[names[i].get<std::string>()]);
        rest.erase(names[i].get<std::string>());
    }
    if (!rest.empty())
        throw ArgumentError("no parameter `" + rest.begin().key() +
                            "` to pass a keyword argument to");
    return out;
}

Json param_names(const Json& job) {
    Json names = Json::array();
    if (job.contains("params") && job["params"].is_array()) {
        for (const auto& p : job["params"]) names.push_back(string_of(p, "name"));
    }
    return names;
}

Json run_class_case(const Entry& entry, const Json& job, const Json& c, Json& out) {
    std::unique_ptr<Object> object;
    try {
        object = entry.construct(with_keywords(c, "init", "init_kwargs", param_names(job)));
    } catch (...) {
        out["status"] = "exception";
        out.update(current_failure(entry, string_of(c, "init_raises")).fields());
        return out;
    }
    if (c.contains("attributes")) {
        Json values = Json::object();
        for (const auto& name : c["attributes"]) {
            const std::string key = name.is_string() ? name.get<std::string>() : name.dump();
            values[key] = object->attribute(key);
        }
        out["status"] = "value";
        out["value"] = values;
        return out;
    }
    Json results = Json::array();
    const Json methods = job.value("methods", Json::object());
    for (const auto& call : c.value("calls", Json::array())) {
        const std::string method = string_of(call, "method");
        try {
            Json names = methods.contains(method) ? methods[method] : Json::array();
            results.push_back(Json{{"value", object->call(method, with_keywords(
                                                                      call, "args", "kwargs",
                                                                      names))}});
        } catch (...) {
            results.push_back(current_failure(entry, string_of(call, "raises")).fields());
        }
    }
    out["status"] = "calls";
    out["calls"] = results;
    return out;
}

Json run_case(const Entry& entry, const Json& job, const Json& c) {
    Json out{{"index", c.value("index", Json(nullptr))}};
    const auto start = std::chrono::steady_clock::now();
    if (entry.construct) {
        run_class_case(entry, job, c, out);
    } else {
        try {
            out["value"] = entry.call(with_keywords(c, "args", "kwargs", param_names(job)));
            out["status"] = "value";
        } catch (...) {
            out["status"] = "exception";
            out.update(current_failure(entry, string_of(c, "raises")).fields());
        }
    }
    out["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                         .count();
    return out;
}

struct Job {
    const Entry* entry;
    const Json* job;
};

void run_cases(const Entry& entry, const Json& job) {
    event("loaded");
    for (const auto& c : job.value("cases", Json::array())) {
        event("start", Json{{"index", c.value("index", Json(nullptr))}});
        event("case", run_case(entry, job, c));
    }
    event("done");
}

// ------------------------------------------------------------------ the timing job

/// The cut-off of a solution's unit: past ``limit`` wall seconds, a watchdog thread reports
/// ``timing_cut`` and ends the process (a running call cannot be interrupted).
class Watchdog {
public:
    /// The limit the next unit runs under (none: ``limit`` <= 0), and the size it is at.
    void set(double limit, const Json& label, const Json& n) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_limit = limit;
        m_label = label;
        m_n = n;
    }
    void started() {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_limit <= 0) return;
        if (!m_watching) {  // detached: the process ends with std::_Exit, never joins it
            std::thread([this] { watch(); }).detach();
            m_watching = true;
        }
        m_deadline = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(m_limit));
        m_armed = true;
        m_changed.notify_all();
    }
    void stopped() {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_armed = false;
        m_changed.notify_all();
    }

private:
    [[noreturn]] void watch() {
        std::unique_lock<std::mutex> lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [this] { return m_armed; });
            if (!m_changed.wait_until(lock, m_deadline, [this] { return !m_armed; })) {
                event("timing_cut", Json{{"label", m_label}, {"n", m_n}, {"limit", m_limit}});
                std::_Exit(0);  // with the lock held: the unit never ends as far as we report
            }
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_watching = false;
    std::chrono::steady_clock::time_point m_deadline;
    bool m_armed = false;
    double m_limit = 0;
    Json m_label, m_n;
};

Watchdog g_watchdog;

}  // namespace

void unit_started() { g_watchdog.started(); }
void unit_stopped() { g_watchdog.stopped(); }

namespace {

struct Contender {
    std::string who;
    TimedContender prepare;
};

/// The job's contenders, each made by the factory of its folder; none when one fails to load
/// (``load_error`` names it).
std::vector<Contender> load_contenders(const Entry& entry, const Json& timing) {
    std::vector<Contender> out;
    for (const auto& c : timing.value("contenders", Json::array())) {
        const std::string who = string_of(c, "who");
        const std::string dir = string_of(c, "dir");
        auto found = std::find_if(entry.contenders.begin(), entry.contenders.end(),
                                  [&](const auto& made) { return made.first == dir; });
        try {
            if (found == entry.contenders.end())
                throw std::runtime_error("no contender was built from the folder `" + dir + "`");
            out.push_back({who, found->second()});
        } catch (...) {
            Json fields = current_failure(entry, "").fields();
            fields["who"] = who;
            event("load_error", fields);
            return {};
        }
    }
    return out;
}

/// Rounds at a size: ``repeat``, or fewer when the calls are expected to be long, as many as
/// fit in ``call_budget`` seconds by the previous size's median call scaled linearly to ``n``,
/// at least ``min_calls`` (the plugin's rule, ``harness_runner.calls_per_process``).
long rounds_at(const Json& timing, const Json& n, const Json& previous_n,
               std::vector<double> previous) {
    const long repeat = std::max(1L, timing.value("repeat", 5L));
    if (!timing.contains("call_budget") || !timing["call_budget"].is_number() ||
        !n.is_number() || !previous_n.is_number() || previous.empty())
        return repeat;
    const double now = n.get<double>(), before = previous_n.get<double>();
    if (now == 0 || before == 0) return repeat;
    std::sort(previous.begin(), previous.end());
    const double expected = previous[previous.size() / 2] * std::max(1.0, now / before);
    if (expected <= 0) return repeat;
    const long fit = static_cast<long>(std::ceil(timing["call_budget"].get<double>() / expected));
    return std::min(repeat, std::max(timing.value("min_calls", 3L), fit));
}

/// The times of one size, per contender: CPU seconds of the timed units and wall seconds of
/// every unit (the reference's shortest sets the solution's cut-off).
struct SizeTimes {
    std::map<std::string, std::vector<double>> cpu, wall;
};

/// ``timing_error``: what ``who``'s unit (or its preparation) at ``size`` threw.
void timing_error(const Entry& entry, const std::string& who, const Json& size) {
    Json fields = current_failure(entry, "").fields();
    fields["who"] = who;
    fields["label"] = size.value("label", Json(""));
    event("timing_error", fields);
}

/// Each contender's units at ``size`` (its arguments decoded once), by who; none after a
/// ``timing_error``.
std::map<std::string, TimedUnit> prepare_size(const Entry& entry,
                                              const std::vector<Contender>& contenders,
                                              const Json& size) {
    std::map<std::string, TimedUnit> units;
    for (const auto& c : contenders) {
        try {
            units[c.who] = c.prepare(size);
        } catch (...) {
            timing_error(entry, c.who, size);
            return {};
        }
    }
    return units;
}

/// One unit of ``who`` at ``size``, the solution's under the cut-off; false after a
/// ``timing_error``.
bool time_unit(const Entry& entry, const std::string& who, const TimedUnit& unit,
               const Json& size, double cutoff, SizeTimes& times, bool timed) {
    const auto& reference = times.wall["reference"];
    const double limit = who == "solution" && !reference.empty()
                             ? std::max(1.0, cutoff * *std::min_element(reference.begin(),
                                                                         reference.end()))
                             : 0.0;
    g_watchdog.set(limit, size.value("label", Json("")), size.value("n", Json(nullptr)));
    try {
        const Measured took = unit();
        times.wall[who].push_back(took.wall);
        if (timed) times.cpu[who].push_back(took.cpu);
        return true;
    } catch (...) {
        timing_error(entry, who, size);
        return false;
    }
}

/// The timing job (docs/runners.md, "Timing"): both contenders in this process; per size, the
/// arguments decoded once per contender, an untimed warm-up unit of each, the reference's
/// first (page faults, caches, the allocator's first growth), then rounds of one unit of
/// each, the reference first in even rounds, each on fresh arguments (a copy, or a new
/// decoding when they hold pointers). The job's JSON is parsed once, by main.
void run_timing(const Entry& entry, const Json& job) {
    const Json& timing = job.at("timing");  // not .value(): a copy of every size's input
    const std::vector<Contender> contenders = load_contenders(entry, timing);
    if (contenders.empty()) return;
    event("loaded");
    const double cutoff = timing.value("cutoff_ratio", 25.0);
    Json previous_n;
    std::vector<double> previous;
    for (const auto& size : timing.at("sizes")) {
        const Json n = size.value("n", Json(nullptr));
        const long rounds = rounds_at(timing, n, previous_n, previous);
        const std::map<std::string, TimedUnit> units = prepare_size(entry, contenders, size);
        if (units.empty()) return;
        SizeTimes times;
        for (long round = -1; round < rounds; ++round) {  // round -1: the untimed warm-ups
            for (std::size_t i = 0; i < contenders.size(); ++i) {
                const std::string& who = round % 2 == 0 || round < 0
                                             ? contenders[contenders.size() - 1 - i].who
                                             : contenders[i].who;
                if (!time_unit(entry, who, units.at(who), size, cutoff, times, round >= 0))
                    return;
            }
        }
        event("timing", Json{{"label", size.value("label", Json(""))}, {"n", n},
                             {"solution", times.cpu["solution"]},
                             {"reference", times.cpu["reference"]}});
        previous_n = n;
        previous = times.cpu["solution"];
        previous.insert(previous.end(), times.cpu["reference"].begin(),
                        times.cpu["reference"].end());
    }
    event("done");
}

void* job_thread(void* raw) {
    const auto* job = static_cast<const Job*>(raw);
    try {
        if (job->job->value("mode", "") == "timing") {
            run_timing(*job->entry, *job->job);
        } else {
            run_cases(*job->entry, *job->job);
        }
    } catch (const std::exception& e) {
        event("harness_error", Json{{"message", e.what()}});
    }
    return nullptr;
}

/// Cases run on a thread with a large stack: deep recursion and long lists are fine.
void run_job(const Entry& entry, const Json& job) {
    Job data{&entry, &job};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 512UL << 20);
    pthread_t thread;
    if (pthread_create(&thread, &attr, job_thread, &data) != 0) {
        job_thread(&data);
    } else {
        pthread_join(thread, nullptr);
    }
    pthread_attr_destroy(&attr);
}

// ------------------------------------------------------------------ native tests

constexpr std::size_t kMaxResult = 64 * 1024;

/// Catch2 reporter of one test, in the test's own process: its outcome as one JSON line.
class OutcomeReporter : public Catch::StreamingReporterBase<OutcomeReporter> {
public:
    OutcomeReporter(Catch::ReporterConfig const& config, int fd)
        : StreamingReporterBase(config), m_fd(fd) {
        m_reporterPrefs.shouldReportAllAssertions = false;
    }
    static std::string getDescription() { return "pytest-agentbench outcomes"; }
    void assertionStarting(Catch::AssertionInfo const&) override {}
    bool assertionEnded(Catch::AssertionStats const& stats) override {
        const auto& result = stats.assertionResult;
        if (result.isOk() || t_skipped) return true;
        std::ostringstream text;
        text << result.getSourceInfo().file << ":" << result.getSourceInfo().line << ": ";
        if (result.hasExpression()) {
            text << result.getExpressionInMacro();
            if (result.hasExpandedExpression())
                text << "\n  with expansion: " << result.getExpandedExpression();
        }
        if (result.hasMessage()) text << (result.hasExpression() ? "\n  " : "") << result.getMessage();
        for (const auto& info : stats.infoMessages) text << "\n  with message: " << info.message;
        if (m_failures.size() < 8) m_failures.push_back(text.str());
        ++m_failed;
        return true;
    }
    void testCaseEnded(Catch::TestCaseStats const& stats) override {
        StreamingReporterBase::testCaseEnded(stats);
        ++m_ended;
        if (m_ended > 1) return;
        std::string status = stats.totals.testCases.failed > 0 ? "failed" : "passed";
        std::string message;
        for (const auto& failure : m_failures) message += (message.empty() ? "" : "\n") + failure;
        if (m_failed > m_failures.size())
            message += "\n(" + std::to_string(m_failed - m_failures.size()) + " more failures)";
        if (t_skipped && m_failed == 0) {
            status = "skipped";
            message = t_skip_reason.empty() ? "skipped (SKIP())" : "skipped: " + t_skip_reason;
        }
        std::string line = dump(Json{{"status", status}, {"message", message}}) + "\n";
        if (line.size() > kMaxResult)
            line = dump(Json{{"status", status}, {"message", message.substr(0, 4000)}}) + "\n";
        write_all(m_fd, line);
    }

private:
    int m_fd;
    std::vector<std::string> m_failures;
    std::size_t m_failed = 0;
    int m_ended = 0;
};

std::shared_ptr<Catch::Config> catch_config() {
    Catch::ConfigData data;
    data.noThrow = false;
    data.showDurations = Catch::ShowDurations::Never;
    return std::make_shared<Catch::Config>(data);
}

/// In the test's process: forget the channel, run the test, write its outcome to ``fd``.
[[noreturn]] void run_test_process(const Catch::TestCase& test, int fd) {
    std::memset(g_token, 0, sizeof g_token);
    ::close(g_events_fd);
    auto config = catch_config();
    {
        Catch::RunContext context(
            config, std::make_unique<OutcomeReporter>(Catch::ReporterConfig(config), fd));
        context.testGroupStarting("agentbench", 1, 1);
        Catch::Totals totals = context.runTest(test);
        context.testGroupEnded("agentbench", totals, 1, 1);
    }
    ::close(fd);
    std::_Exit(0);
}

std::string read_bounded(int fd, std::size_t limit) {
    std::string kept;
    char buffer[8192];
    for (;;) {
        ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return kept;
        kept.append(buffer, std::min(static_cast<std::size_t>(got), limit - std::min(limit, kept.size())));
    }
}

/// The one line a test process writes: ``{"status": ..., "message": ...}``; anything else (more
/// lines, other fields, another status) is no result.
bool test_result(const std::string& said, std::string& status, std::string& message) {
    if (said.empty() || said.back() != '\n' || said.find('\n') != said.size() - 1) return false;
    Json parsed = Json::parse(said, nullptr, false);
    if (!parsed.is_object() || parsed.size() != 2 || !parsed.contains("status") ||
        !parsed.contains("message") || !parsed["status"].is_string() ||
        !parsed["message"].is_string())
        return false;
    status = parsed["status"].get<std::string>();
    message = parsed["message"].get<std::string>();
    return status == "passed" || status == "failed" || status == "skipped";
}

/// One test in a process of its own (so a crash costs only this test): status and message.
std::pair<std::string, std::string> run_test_in_process(const Catch::TestCase& test) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return {"error", "cannot make the test's result pipe"};
    std::fflush(nullptr);
    pid_t child = ::fork();
    if (child < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return {"error", std::string("cannot start the test process: ") + std::strerror(errno)};
    }
    if (child == 0) {
        ::close(fds[0]);
        run_test_process(test, fds[1]);
    }
    ::close(fds[1]);
    std::string said = read_bounded(fds[0], kMaxResult);
    ::close(fds[0]);
    int wstatus = 0;
    while (::waitpid(child, &wstatus, 0) < 0 && errno == EINTR) {
    }
    std::string status, message;
    const bool reported = test_result(said, status, message);
    if (WIFSIGNALED(wstatus)) {
        std::string why = std::string("the test process was killed by signal ") +
                          std::to_string(WTERMSIG(wstatus)) + " (" +
                          strsignal(WTERMSIG(wstatus)) + ")";
        return {"error", reported && !message.empty() ? message + "\n" + why : why};
    }
    if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0)
        return {"error", "the test process exited with status " +
                             std::to_string(WEXITSTATUS(wstatus)) + " before the test ended"};
    if (!reported)
        return {"error", said.empty() ? "the test process exited before the test ended"
                                      : "the test process wrote something else into the "
                                        "harness's result pipe"};
    return {status, message};
}

/// Every native test in declaration order: ``tests`` (their names), then per test
/// ``native_start`` and its ``native`` outcome (passed, failed, error or skipped), then done.
/// Hidden tests ([.] or [!hide]) are skipped unless the job includes ignored tests.
void run_native(const Json& job) {
    const bool include_hidden = job.value("include_ignored", false);
    auto config = catch_config();
    std::vector<Catch::TestCase> tests;
    try {
        tests = Catch::getAllTestCasesSorted(*config);
    } catch (const std::exception& e) {
        event("tests_error", Json{{"error_type", "Catch2"}, {"message", e.what()}});
        return;
    }
    Json names = Json::array();
    for (const auto& test : tests) names.push_back(test.name);
    event("tests", Json{{"names", names}});
    for (const auto& test : tests) {
        if (test.isHidden() && !include_hidden) {
            event("native", Json{{"name", test.name}, {"status", "skipped"},
                                 {"message", "hidden by its tags ([.] or [!hide])"},
                                 {"seconds", 0.0}});
            continue;
        }
        event("native_start", Json{{"name", test.name}});
        const auto start = std::chrono::steady_clock::now();
        auto [status, message] = run_test_in_process(test);
        event("native", Json{{"name", test.name}, {"status", status}, {"message", message},
                             {"seconds", std::chrono::duration<double>(
                                             std::chrono::steady_clock::now() - start)
                                             .count()}});
    }
    event("done");
}

}  // namespace
}  // namespace agentbench

CATCH_TRANSLATE_EXCEPTION(const agentbench::TestSkipped& skipped) {
    return "SKIP: " + skipped.reason;
}

int main(int argc, char** argv) {
    using agentbench::event;
    if (!agentbench::g_channel_ok) {
        std::fprintf(stderr, "pytest-agentbench harness: %s\n", agentbench::g_channel_error);
        return 3;
    }
    ::unsetenv("AGENTBENCH_EVENTS_FD");
    ::unsetenv("AGENTBENCH_TOKEN_FD");
    const bool native = argc > 1 && std::strcmp(argv[1], "--agentbench-native") == 0;
    agentbench::Json job = agentbench::Json::object();
    try {
        std::ifstream in("job.json");
        if (in) {
            job = agentbench::Json::parse(in);
        } else if (!native) {  // project mode runs the tests without a job
            throw std::runtime_error("cannot read job.json");
        }
    } catch (const std::exception& e) {
        event("harness_error", agentbench::Json{{"message", e.what()}});
        return 3;
    }
    if (native) {
        if (argc > 2 && std::strcmp(argv[2], "--agentbench-include-hidden") == 0)
            job["include_ignored"] = true;
        agentbench::run_native(job);
        std::fflush(nullptr);
        std::_Exit(0);
    }
    agentbench::Entry entry;
    try {
        entry = agentbench_entry();
    } catch (...) {
        auto failure = agentbench::current_failure(entry, "");
        event("load_error", failure.fields());
        std::_Exit(0);
    }
    if (!entry.call && !entry.construct && entry.contenders.empty()) {
        event("harness_error", agentbench::Json{{"message", "this problem has no data cases"}});
        return 3;
    }
    agentbench::run_job(entry, job);
    std::fflush(nullptr);
    std::_Exit(0);  // no static destructor of the solution runs after the cases
}

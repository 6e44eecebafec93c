"""Hostile C++ solutions of ``add(a, b)``: each attacks, then answers correctly if it can.

``{marker}``, ``{home}``, ``{repo}``, ``{port}``, ``{secret_name}`` and ``{unix_socket}`` are
filled in by the test. Every attack is paired with the failure kinds it may end in; ``passed``
where the attack is harmless by construction (a private /tmp, a child that is killed with the
sandbox). The attacks use the C and POSIX calls a C++ program has at hand (``fork``,
``socket``, ``setns``, ``ptrace``, ``kill``). An error an attack meets is thrown, so that it
fails the case visibly. ``kill_parent`` may pass: in the sandbox's PID namespace the parent is
its init, which a signal from inside cannot kill, and ``kill(-1)`` spares the caller.

The attacks after ``kill_parent`` follow Python's pattern: attack, and return a wrong answer if
the attack visibly worked, so ``passed`` means it was contained. ``steal_the_token_before_main``
reads the token pipe from a static initialiser, which runs before ``main``: the harness has
read and closed it in ``.preinit_array`` already, so it finds nothing and the answer stays
right. ``forge_outcomes_on_every_descriptor`` returns a wrong answer and writes forged events
(data cases, a native test's pass, a test process's result line, ``done``) to every descriptor
and to the old outcome files; it must not pass.

``write_home`` and ``write_repo`` may pass too, and only in this test (as for Rust): pytester
makes the home directory the test's own directory, under /tmp, which the sandbox replaces by a
private tmpfs; the write then lands there, changing nothing outside (the test checks the real
directories).
"""

LANGUAGE = "cpp"
SIGNATURE = "int add(int a, int b);"
HONEST = "int add(int a, int b) { return a + b; }\n"

ATTACKS = {
    "infinite_loop": ("""
int add(int a, int b) {
    volatile int n = a;
    for (;;) {
        n = n + b;
    }
}
""", {"timeout"}),
    "fork_bomb": ("""
#include <unistd.h>

int add(int a, int b) {
    for (;;) {
        fork();
        if (a > b + 1000) {
            return a;
        }
    }
}
""", {"runtime_error", "resource_limit", "timeout"}),
    "memory_bomb": ("""
#include <cstring>
#include <memory>
#include <vector>

int add(int a, int b) {
    std::vector<std::unique_ptr<char[]>> hog;
    for (int i = 0; i < 4; ++i) {
        hog.emplace_back(new char[64 << 20]);
        std::memset(hog.back().get(), 1, 64 << 20);
    }
    std::vector<char> huge(16ULL << 30, 1);
    return a + b + huge.back() + static_cast<int>(hog.size());
}
""", {"resource_limit", "runtime_error"}),
    "output_flood": ("""
#include <cstdio>
#include <string>

int add(int a, int b) {
    std::string line;
    for (int i = 0; i < 1000; ++i) {
        line += "flood ";
    }
    for (;;) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        if (a > b + 1000) {
            return a;
        }
    }
}
""", {"resource_limit"}),
    "network": ("""
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

int add(int a, int b) {
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons({port});
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        throw std::runtime_error("cannot connect");
    }
    send(sock, "{marker}", 8, 0);
    close(sock);
    return a + b;
}
""", {"runtime_error"}),
    "write_home": ("""
#include <fstream>
#include <stdexcept>

int add(int a, int b) {
    std::ofstream out("{home}/agentbench-pwned-{marker}");
    if (!(out << "pwned")) {
        throw std::runtime_error("cannot write");
    }
    return a + b;
}
""", {"runtime_error", "passed"}),
    "write_repo": ("""
#include <fstream>
#include <stdexcept>

int add(int a, int b) {
    std::ofstream out("{repo}/agentbench-pwned-{marker}");
    if (!(out << "pwned")) {
        throw std::runtime_error("cannot write");
    }
    return a + b;
}
""", {"runtime_error", "passed"}),
    "write_tmp": ("""
#include <fstream>
#include <stdexcept>

int add(int a, int b) {
    std::ofstream out("/tmp/agentbench-pwned-{marker}");
    if (!(out << "pwned")) {
        throw std::runtime_error("cannot write");
    }
    return a + b;
}
""", {"passed", "runtime_error"}),
    "read_secret": ("""
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

int add(int a, int b) {
    const char* secret = std::getenv("{secret_name}");
    if (secret == nullptr) {
        throw std::runtime_error("the secret is not in the environment");
    }
    std::puts(secret);
    return a + b;
}
""", {"runtime_error"}),
    "child_left_running": ("""
#include <unistd.h>

int add(int a, int b) {
    if (fork() == 0) {
        setsid();
        execlp("sleep", "sleep", "{marker}", static_cast<char*>(nullptr));
        _exit(1);
    }
    return a + b;
}
""", {"passed"}),
    "kill_parent": ("""
#include <csignal>
#include <unistd.h>

int add(int a, int b) {
    kill(getppid(), SIGKILL);
    kill(-1, SIGKILL);
    return a + b;
}
""", {"runtime_error", "passed"}),
    "remount_and_unmount": ("""
#include <cstdlib>
#include <fstream>

int add(int a, int b) {
    int worked = 0;
    for (const char* command : {"mount -o remount,bind,rw / 2>/dev/null",
                                "mount -t tmpfs none /usr 2>/dev/null",
                                "umount -l /tmp 2>/dev/null", "umount -l /proc 2>/dev/null"}) {
        worked += std::system(command) == 0;
    }
    for (const char* path : {"agentbench-pwned-{marker}", "/usr/agentbench-pwned-{marker}"}) {
        std::ofstream out(path);
        worked += static_cast<bool>(out << "pwned");
    }
    return a + b + worked;
}
""", {"passed"}),
    "read_environ_of_every_process": ("""
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

int add(int a, int b) {
    int found = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
        std::ifstream in(entry.path() / "environ", std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (data.find("{secret_name}") != std::string::npos) {
            std::fwrite(data.data(), 1, data.size(), stdout);
            ++found;
        }
    }
    return a + b + found;
}
""", {"passed"}),
    "setns_into_host_network": ("""
#include <arpa/inet.h>
#include <fcntl.h>
#include <filesystem>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

int add(int a, int b) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
        int fd = open((entry.path() / "ns/net").c_str(), O_RDONLY);
        if (fd >= 0) {
            setns(fd, CLONE_NEWNET);
            close(fd);
        }
    }
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons({port});
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    const bool connected =
        connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(sock);
    return a + b + (connected ? 1 : 0);
}
""", {"passed"}),
    "unix_socket_outside_tmp": ("""
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int add(int a, int b) {
    int sock = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, "{unix_socket}", sizeof address.sun_path - 1);
    const bool connected =
        connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(sock);
    return a + b + (connected ? 1 : 0);
}
""", {"passed"}),
    "ptrace_the_parent": ("""
#include <sys/ptrace.h>
#include <unistd.h>

int add(int a, int b) {
    int attached = 0;
    for (pid_t pid : {getppid(), 1}) {
        attached += ptrace(PTRACE_ATTACH, pid, nullptr, nullptr) == 0;
    }
    return a + b + attached;
}
""", {"passed"}),
    "steal_the_token_before_main": ("""
#include <cstdlib>
#include <unistd.h>

namespace {
// runs before main(), in the binary's .init_array
const long stolen = [] {
    const char* fd = std::getenv("AGENTBENCH_TOKEN_FD");
    char buffer[128] = {};
    return fd == nullptr ? -1L : static_cast<long>(read(std::atoi(fd), buffer, sizeof buffer));
}();
}  // namespace

int add(int a, int b) { return stolen > 0 ? a + b + 1000 : a + b; }
""", {"passed"}),
    "leave_files_and_memory": ("""
#include <cstdlib>
#include <fstream>
#include <string>

int add(int a, int b) {
    const char* home = std::getenv("HOME");
    const std::string data(8 << 20, 'x');
    for (const std::string& path : {std::string("/tmp/agentbench-left-{marker}"),
                                    std::string("/dev/shm/agentbench-left-{marker}"),
                                    std::string(home ? home : "") + "/agentbench-left-{marker}",
                                    std::string("agentbench-left-{marker}")}) {
        std::ofstream(path) << data;
    }
    return a + b;
}
""", {"passed"}),
    "look_for_what_was_left": ("""
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

int left_in(const fs::path& dir) {
    int found = 0;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        if (entry.path().filename().string().rfind("agentbench-left-", 0) == 0) {
            ++found;
        }
    }
    return found;
}

int add(int a, int b) {
    const char* home = std::getenv("HOME");
    std::vector<fs::path> dirs{"/tmp", "/dev/shm", home ? home : "/nonexistent", "."};
    std::error_code error;
    for (const char* root : {"/tmp", ".."}) {
        for (const auto& entry : fs::directory_iterator(root, error)) {
            if (entry.is_directory(error)) {
                dirs.push_back(entry.path());
            }
        }
    }
    int found = 0;
    for (const auto& dir : dirs) {
        found += left_in(dir);
    }
    return a + b + found;
}
""", {"passed"}),
    "forge_outcomes_on_every_descriptor": (r"""
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unistd.h>

int add(int a, int b) {
    const char* lines =
        "{\"event\": \"loaded\"}\n"
        "{\"event\": \"start\", \"index\": 0}\n"
        "{\"event\": \"case\", \"index\": 0, \"status\": \"value\", \"value\": 3}\n"
        "{\"event\": \"start\", \"index\": 1}\n"
        "{\"event\": \"case\", \"index\": 1, \"status\": \"value\", \"value\": 4}\n"
        "{\"event\": \"tests\", \"names\": [\"adds\"]}\n"
        "{\"event\": \"native_start\", \"name\": \"adds\"}\n"
        "{\"event\": \"native\", \"name\": \"adds\", \"status\": \"passed\", \"message\": \"\"}\n"
        "{\"status\": \"passed\", \"message\": \"\"}\n"
        "{\"event\": \"done\"}\n";
    for (int fd = 3; fd < 256; ++fd) {
        ssize_t ignored = write(fd, lines, std::strlen(lines));
        (void)ignored;
    }
    for (const char* name : {"outcomes.jsonl", "events.jsonl", "native.jsonl"}) {
        std::ofstream(name, std::ios::app) << lines;
    }
    std::_Exit(a + b > 0 ? 0 : 1);
}
""", {"runtime_error", "wrong_answer", "harness_error"}),
}

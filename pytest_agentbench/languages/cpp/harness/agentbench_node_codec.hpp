// Codecs of TreeNode* (a level-order list with null holes, [] the empty tree) and ListNode* (a
// list of values), included after the solution, which may declare the node types itself (in
// a timing build, inside its namespace: AGENTBENCH_TREE_NODE_TYPE and AGENTBENCH_LIST_NODE_TYPE
// then name them).
#ifndef AGENTBENCH_NODE_CODEC_HPP
#define AGENTBENCH_NODE_CODEC_HPP

#include <cstddef>
#include <deque>
#include <unordered_set>

namespace agentbench {

/// Nodes the harness allocates for arguments (never freed: the process ends with the job).
inline constexpr std::size_t kMaxNodes = 50'000'000;

#ifdef AGENTBENCH_USES_TREE_NODE
#ifndef AGENTBENCH_TREE_NODE_TYPE
#define AGENTBENCH_TREE_NODE_TYPE ::TreeNode
#endif
using TreeNodeType = AGENTBENCH_TREE_NODE_TYPE;
template <>
struct Codec<TreeNodeType*> {
    static TreeNodeType* decode(const Json& v) {
        if (v.is_null()) return nullptr;
        if (!v.is_array()) mismatch("a level-order list", v);
        if (v.empty() || v[0].is_null()) return nullptr;
        using Value = decltype(std::declval<TreeNodeType&>().val);
        auto* root = new TreeNodeType(agentbench::decode<Value>(v[0]));
        std::deque<TreeNodeType*> parents{root};
        std::size_t i = 1;
        while (i < v.size() && !parents.empty()) {
            TreeNodeType* parent = parents.front();
            parents.pop_front();
            for (auto* child : {&parent->left, &parent->right}) {
                if (i < v.size() && !v[i].is_null()) {
                    *child = new TreeNodeType(agentbench::decode<Value>(v[i]));
                    parents.push_back(*child);
                }
                ++i;
            }
        }
        return root;
    }
    static Json encode(const TreeNodeType* root) {
        Json out = Json::array();
        std::deque<const TreeNodeType*> queue{root};
        std::size_t seen = 0;
        while (!queue.empty()) {
            const TreeNodeType* node = queue.front();
            queue.pop_front();
            if (node == nullptr) {
                out.push_back(nullptr);
                continue;
            }
            if (++seen > kMaxNodes) throw std::runtime_error("the tree has a cycle");
            out.push_back(agentbench::encode(node->val));
            queue.push_back(node->left);
            queue.push_back(node->right);
        }
        while (!out.empty() && out.back().is_null()) out.erase(out.end() - 1);
        return out;
    }
};
template <>
struct Codec<const TreeNodeType*> : Codec<TreeNodeType*> {};
#endif

#ifdef AGENTBENCH_USES_LIST_NODE
#ifndef AGENTBENCH_LIST_NODE_TYPE
#define AGENTBENCH_LIST_NODE_TYPE ::ListNode
#endif
using ListNodeType = AGENTBENCH_LIST_NODE_TYPE;
template <>
struct Codec<ListNodeType*> {
    static ListNodeType* decode(const Json& v) {
        if (v.is_null()) return nullptr;
        if (!v.is_array()) mismatch("a list", v);
        using Value = decltype(std::declval<ListNodeType&>().val);
        ListNodeType* head = nullptr;
        for (auto it = v.rbegin(); it != v.rend(); ++it) {
            auto* node = new ListNodeType(agentbench::decode<Value>(*it));
            node->next = head;
            head = node;
        }
        return head;
    }
    static Json encode(const ListNodeType* head) {
        Json out = Json::array();
        std::size_t seen = 0;
        for (const ListNodeType* node = head; node != nullptr; node = node->next) {
            if (++seen > kMaxNodes) throw std::runtime_error("the list has a cycle");
            out.push_back(agentbench::encode(node->val));
        }
        return out;
    }
};
template <>
struct Codec<const ListNodeType*> : Codec<ListNodeType*> {};
#endif

}  // namespace agentbench

#endif  // AGENTBENCH_NODE_CODEC_HPP

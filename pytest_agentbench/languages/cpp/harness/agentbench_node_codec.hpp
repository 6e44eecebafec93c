// Codecs of TreeNode* (a level-order list with null holes, [] the empty tree) and ListNode* (a
// list of values), included after the solution, which may declare the node types itself.
#ifndef AGENTBENCH_NODE_CODEC_HPP
#define AGENTBENCH_NODE_CODEC_HPP

#include <cstddef>
#include <deque>
#include <unordered_set>

namespace agentbench {

/// Nodes the harness allocates for arguments (never freed: the process ends with the job).
inline constexpr std::size_t kMaxNodes = 50'000'000;

#ifdef AGENTBENCH_USES_TREE_NODE
template <>
struct Codec<::TreeNode*> {
    static ::TreeNode* decode(const Json& v) {
        if (v.is_null()) return nullptr;
        if (!v.is_array()) mismatch("a level-order list", v);
        if (v.empty() || v[0].is_null()) return nullptr;
        using Value = decltype(std::declval<::TreeNode&>().val);
        auto* root = new ::TreeNode(agentbench::decode<Value>(v[0]));
        std::deque<::TreeNode*> parents{root};
        std::size_t i = 1;
        while (i < v.size() && !parents.empty()) {
            ::TreeNode* parent = parents.front();
            parents.pop_front();
            for (auto* child : {&parent->left, &parent->right}) {
                if (i < v.size() && !v[i].is_null()) {
                    *child = new ::TreeNode(agentbench::decode<Value>(v[i]));
                    parents.push_back(*child);
                }
                ++i;
            }
        }
        return root;
    }
    static Json encode(const ::TreeNode* root) {
        Json out = Json::array();
        std::deque<const ::TreeNode*> queue{root};
        std::size_t seen = 0;
        while (!queue.empty()) {
            const ::TreeNode* node = queue.front();
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
struct Codec<const ::TreeNode*> : Codec<::TreeNode*> {};
#endif

#ifdef AGENTBENCH_USES_LIST_NODE
template <>
struct Codec<::ListNode*> {
    static ::ListNode* decode(const Json& v) {
        if (v.is_null()) return nullptr;
        if (!v.is_array()) mismatch("a list", v);
        using Value = decltype(std::declval<::ListNode&>().val);
        ::ListNode* head = nullptr;
        for (auto it = v.rbegin(); it != v.rend(); ++it) {
            auto* node = new ::ListNode(agentbench::decode<Value>(*it));
            node->next = head;
            head = node;
        }
        return head;
    }
    static Json encode(const ::ListNode* head) {
        Json out = Json::array();
        std::size_t seen = 0;
        for (const ::ListNode* node = head; node != nullptr; node = node->next) {
            if (++seen > kMaxNodes) throw std::runtime_error("the list has a cycle");
            out.push_back(agentbench::encode(node->val));
        }
        return out;
    }
};
template <>
struct Codec<const ::ListNode*> : Codec<::ListNode*> {};
#endif

}  // namespace agentbench

#endif  // AGENTBENCH_NODE_CODEC_HPP

// The node types LeetCode-style problems use, predefined for solutions that do not declare
// them (included before the solution only then).
#ifndef AGENTBENCH_NODES_HPP
#define AGENTBENCH_NODES_HPP

#ifdef AGENTBENCH_TREE_NODE
/// A binary tree node, as LeetCode defines it.
struct TreeNode {
    int val;
    TreeNode* left;
    TreeNode* right;
    TreeNode() : val(0), left(nullptr), right(nullptr) {}
    explicit TreeNode(int x) : val(x), left(nullptr), right(nullptr) {}
    TreeNode(int x, TreeNode* l, TreeNode* r) : val(x), left(l), right(r) {}
};
#endif

#ifdef AGENTBENCH_LIST_NODE
/// A singly linked list node, as LeetCode defines it.
struct ListNode {
    int val;
    ListNode* next;
    ListNode() : val(0), next(nullptr) {}
    explicit ListNode(int x) : val(x), next(nullptr) {}
    ListNode(int x, ListNode* n) : val(x), next(n) {}
};
#endif

#endif  // AGENTBENCH_NODES_HPP

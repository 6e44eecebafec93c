#include <cstdint>
#include <queue>
#include <vector>

// The mean value of each level of the tree, root first (breadth-first, no recursion).
std::vector<double> level_averages(const TreeNode* root) {
    std::vector<double> averages;
    if (root == nullptr) {
        return averages;
    }
    std::queue<const TreeNode*> pending{{root}};
    while (!pending.empty()) {
        const auto width = pending.size();
        std::int64_t total = 0;
        for (auto remaining = width; remaining > 0; --remaining) {
            const TreeNode* node = pending.front();
            pending.pop();
            total += node->val;
            for (const TreeNode* child : {node->left, node->right}) {
                if (child != nullptr) {
                    pending.push(child);
                }
            }
        }
        averages.push_back(static_cast<double>(total) / static_cast<double>(width));
    }
    return averages;
}

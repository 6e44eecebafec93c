#include <vector>
using namespace std;

vector<double> level_averages(const TreeNode* root) {
    vector<double> result;
    vector<const TreeNode*> current;
    if (root != NULL) current.push_back(root);
    while (current.size() > 0) {
        double sum = 0;
        vector<const TreeNode*> next;
        for (int i = 0; i < current.size(); i++) {
            sum = sum + current[i]->val;
            if (current[i]->left != NULL) next.push_back(current[i]->left);
            if (current[i]->right != NULL) next.push_back(current[i]->right);
        }
        result.push_back(sum / current.size());
        current = next;
    }
    return result;
}

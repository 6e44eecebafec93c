def zigzag_level_order(root):
    result = []
    if root == None:
        return result
    currentLevel = [root]
    leftToRight = True
    while len(currentLevel) > 0:
        vals = []
        for i in range(len(currentLevel)):
            vals.append(currentLevel[i].val)
        if leftToRight == False:
            reversedVals = []
            for i in range(len(vals) - 1, -1, -1):
                reversedVals.append(vals[i])
            vals = reversedVals
        result.append(vals)
        nextLevel = []
        for i in range(len(currentLevel)):
            node = currentLevel[i]
            if node.left != None:
                nextLevel.append(node.left)
            if node.right != None:
                nextLevel.append(node.right)
        currentLevel = nextLevel
        leftToRight = not leftToRight
    return result

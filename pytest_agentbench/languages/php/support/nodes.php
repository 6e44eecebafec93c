<?php

/**
 * TreeNode and ListNode, predefined for solutions (pytest-agentbench). Loaded by an autoloader on
 * first use, so a solution that declares its own classes of these names keeps them.
 */

declare(strict_types=1);

/** A binary tree node. */
class TreeNode
{
    public function __construct(
        public mixed $val = 0,
        public ?TreeNode $left = null,
        public ?TreeNode $right = null,
    ) {
    }
}

/** A singly linked list node. */
class ListNode
{
    public function __construct(
        public mixed $val = 0,
        public ?ListNode $next = null,
    ) {
    }
}

/** The "Endpoints" view: tree-model.ts nodes as TreeItems, rebuilt whenever the endpoint store changes. */
import * as vscode from 'vscode';
import type { EndpointStore } from '../endpoints/endpoint-store';
import { buildTree, type TreeNode } from './tree-model';

const COLORS = { error: 'problemsErrorIcon.foreground', warning: 'problemsWarningIcon.foreground' } as const;

export class EndpointsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: EndpointStore) {
    this.rebuild();
    this.subscription = store.onDidChange(() => { this.rebuild(); this.changed.fire(undefined); });
  }

  /** The nodes as they are shown now (the test API's `treeSnapshot()`). */
  snapshot(): TreeNode[] {
    return this.roots;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const collapsible = node.children.length
      ? (node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed)
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.key;
    if (node.description) item.description = node.description;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(COLORS[node.iconColor]) : undefined);
    if (node.tooltip) {
      const md = new vscode.MarkdownString(node.tooltip, true);
      md.isTrusted = false;
      item.tooltip = md;
    }
    if (node.contextValue) item.contextValue = node.contextValue;
    if (node.command) item.command = { command: node.command.id, title: node.command.title, arguments: node.command.args };
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.roots;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    const find = (nodes: TreeNode[], parent?: TreeNode): TreeNode | undefined => {
      for (const n of nodes) {
        if (n === node) return parent;
        const hit = find(n.children, n);
        if (hit) return hit;
      }
      return undefined;
    };
    return find(this.roots);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private rebuild(): void {
    this.roots = buildTree(this.store.list(), this.store.problems());
  }
}
